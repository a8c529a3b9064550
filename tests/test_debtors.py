"""Debtor notices (SPEC 7.2): hand-worked scenarios run end to end — a CSV register in a
real operator folder, the real job, a real SMTP server on 127.0.0.1 (aiosmtpd), the
report read back with openpyxl, the claim PDF read back with pypdf."""

import csv
import datetime
import io
import sqlite3
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from jobs import demo_data, operator_folder, state
from jobs.debtors import job as job_mod, sms
from jobs.ledger import accounts as aging
from jobs.registers import schema
from jobs.registers.reader import Charge, Payment

D = Decimal
TZ = ZoneInfo('Europe/Moscow')
INNS = ['7707083893', '7736207543', '7830002293', '7702070139', '7728168971', '7710140679', '7703270067']


def client(code, name, inn, **kw):
    row = dict.fromkeys(c.key for c in schema.CLIENTS.columns)
    row.update(code=code, name=name, inn=inn, kpp=inn[:4] + '01001', contract='Д-' + code,
               contract_date=datetime.date(2024, 1, 10), emails='buh@%s.ru' % code.lower(),
               phone='8 (916) 000-00-%s' % code[-2:], manager='Иванова Анна', connected=datetime.date(2024, 1, 10),
               fee=D('1000.00'), service='Интернет', address='123456, г. Энск, ул. Мира, д. 1')
    row.update(kw)
    return tuple(row[c.key] for c in schema.CLIENTS.columns)


def month_end(y, m):
    return demo_data.last_day(y, m)


class Folder:
    """An operator folder with a CSV register; ``run(date)`` runs the job at 11:00 that day."""

    def __init__(self, path, smtp_port=None):
        self.path = path
        self.clients, self.charges, self.payments = [], [], []
        self.port = smtp_port

    def add(self, code, name, charges=(), payments=(), **kw):
        self.clients.append(client(code, name, INNS[len(self.clients) % len(INNS)], **kw))
        for day, amount in charges:
            self.charges.append((code, day.strftime('%Y-%m'), None, D(amount), day))
        for day, amount in payments:
            self.payments.append((code, None, day, D(amount), 'п/п', 'Оплата по договору'))

    def pay(self, code, day, amount):
        self.payments.append((code, None, day, D(amount), 'п/п', 'Оплата'))

    def write(self):
        demo_data.write_csv(self.path / operator_folder.CLIENTS_CSV, schema.CLIENTS, self.clients)
        demo_data.write_csv(self.path / operator_folder.CHARGES_CSV, schema.CHARGES, self.charges)
        demo_data.write_csv(self.path / operator_folder.PAYMENTS_CSV, schema.PAYMENTS, self.payments)

    def run(self, day, hour=11, dry_run=False, out=None):
        self.write()
        now = datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=TZ)
        return job_mod.run_job(self.path, day, dry_run=dry_run, now=now, out=out,
                               mail_options=dict(backoff_base=0.01))

    def notices(self):
        db = state.connect(self.path)
        try:
            return [(r['client_code'], r['episode'], r['stage'], r['outcome'], r['as_of'])
                    for r in db.execute('SELECT * FROM notices ORDER BY id')]
        finally:
            db.close()


@pytest.fixture
def folder(operator_dir, write_settings, smtp_server, smtp_env):
    srv = smtp_server()
    smtp_env(srv.port)
    write_settings(r'^lawyer = \[\]', 'lawyer = ["lawyer@svyaz-region.ru"]')
    f = Folder(operator_dir)
    f.server = srv
    return f


def delivered(srv, start=0):
    """[(recipients, subject, message)] of what the server accepted, in order."""
    out = []
    for m in srv.handler.messages[start:]:
        msg = m.parse()
        out.append((tuple(sorted(m.rcpt_tos)), str(msg['Subject']), msg))
    return out


def body(msg):
    return msg.get_body(('plain',)).get_content()


def report_rows(path, sheet='Должники'):
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb[sheet]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[2]
    out = [dict(zip(head, r)) for r in rows[3:] if r[0] is not None and r[0] != '' and r[1] != 'Итого']
    wb.close()
    return out


def clients_notices(srv, start=0):
    return [(to, subj) for to, subj, _ in delivered(srv, start) if 'Отчет по должникам' not in subj]


JAN, FEB, MAR = month_end(2026, 1), month_end(2026, 2), month_end(2026, 3)


# --- aging, hand-worked ---------------------------------------------------------------

def test_fifo_partial_payment_hand_worked():
    ch = [Charge('K', '2026-01', '', D(1000), JAN), Charge('K', '2026-02', '', D(1000), FEB),
          Charge('K', '2026-03', '', D(1000), MAR)]
    pay = [Payment('K', datetime.date(2026, 2, 5), D(1000), '', '', ''),
           Payment('K', datetime.date(2026, 3, 20), D(500), '', '', '')]
    a = aging.account('K', ch, pay, datetime.date(2026, 4, 15), 10)
    # Jan paid; Feb (due 10.03) half paid → 36 days; Mar (due 10.04) overdue too
    assert (a.overdue_debt, a.days_overdue, a.oldest_due) == (D(1500), 36, datetime.date(2026, 3, 10))
    assert a.stage.code == 'claim' and a.bucket == '31–60'
    # overdue level: 1000 from 11.03 (Feb overdue), 500 after 20.03, 1500 from 11.04 — never < 100
    assert a.episode == datetime.date(2026, 3, 11)
    lines, paid = aging.calculation(ch, pay, datetime.date(2026, 4, 15), 10)
    assert [(l.period, l.paid, l.unpaid, l.days_overdue) for l in lines] == [
        ('2026-02', D(500), D(500), 36), ('2026-03', D(0), D(1000), 5)]


def test_advance_carries_forward_and_episode_restarts_after_paying_down():
    ch = [Charge('K', '2026-01', '', D(1000), JAN), Charge('K', '2026-02', '', D(1000), FEB)]
    advance = [Payment('K', datetime.date(2026, 1, 10), D(2500), '', '', '')]
    a = aging.account('K', ch, advance, datetime.date(2026, 4, 15), 10)
    assert (a.overdue_debt, a.balance, a.stage, a.episode) == (D(0), D(-500), None, None)
    # overdue 1000 from 11.02, paid to 0 on 20.02, 1000 again from 11.03: a new episode
    pays = [Payment('K', datetime.date(2026, 2, 20), D(1000), '', '', '')]
    b = aging.account('K', ch, pays, datetime.date(2026, 3, 20), 10)
    assert (b.overdue_debt, b.days_overdue, b.episode) == (D(1000), 10, datetime.date(2026, 3, 11))


def test_due_date_moves_to_the_next_working_day_art_193():
    # ст. 191 ГК: 10 days from 18.11.2026 end on 28.11.2026 — a Saturday; ст. 193 ГК: the term
    # ends on the next working day, Monday 30.11.2026; overdue from 01.12, so on 02.12 — 2 days
    ch = [Charge('K', '2026-11', '', D(1000), datetime.date(2026, 11, 18))]
    a = aging.account('K', ch, [], datetime.date(2026, 12, 2), 10)
    assert (a.oldest_due, a.days_overdue, a.overdue_debt) == (datetime.date(2026, 11, 30), 2, D(1000))
    assert a.episode == datetime.date(2026, 12, 1)
    # on Monday 30.11 itself it is not overdue yet
    b = aging.account('K', ch, [], datetime.date(2026, 11, 30), 10)
    assert (b.overdue_debt, b.days_overdue) == (D(0), 0)
    lines, _ = aging.calculation(ch, [], datetime.date(2026, 12, 2), 10)
    assert [(l.due, l.days_overdue) for l in lines] == [(datetime.date(2026, 11, 30), 2)]


def test_pay_by_day_of_the_next_month_term():
    # «оплата до 15-го числа месяца, следующего за расчётным»: a charge of 31.10.2026 is due
    # 15.11.2026 — a Sunday → Monday 16.11.2026; on 20.11 that is 4 days overdue
    ch = [Charge('K', '2026-10', '', D(500), datetime.date(2026, 10, 31))]
    a = aging.account('K', ch, [], datetime.date(2026, 11, 20), pay_by_day=15)
    assert (a.oldest_due, a.days_overdue, a.pay_by_day) == (datetime.date(2026, 11, 16), 4, 15)


def test_credit_settles_like_a_payment_and_zero_charges_are_nothing():
    # 1000 (31.01, due 10.02) and 1000 (28.02, due 10.03), a correction −300 on 05.03,
    # a payment of 1000 on 01.03: settled 1300 → January paid, February 300 paid, 700 overdue
    ch = [Charge('K', '2026-01', '', D(1000), JAN), Charge('K', '2026-02', '', D(1000), FEB),
          Charge('K', '2026-02', '', D(0), FEB), Charge('K', '2026-02', '', D(-300), datetime.date(2026, 3, 5))]
    pay = [Payment('K', datetime.date(2026, 3, 1), D(1000), '', '', '')]
    a = aging.account('K', ch, pay, datetime.date(2026, 3, 20), 10)
    assert (a.charged, a.paid, a.overdue_debt, a.oldest_due, a.days_overdue) == (
        D(2000), D(1300), D(700), datetime.date(2026, 3, 10), 10)


def test_sms_segments_and_csv_escaping(tmp_path):
    assert sms.segments('я' * 70) == 1 and sms.segments('я' * 71) == 2 and sms.segments('a' * 160) == 1
    path = sms.write_csv(tmp_path / 'sms.csv', [('+79160000001', '=HYPERLINK("x")'), ('+79160000002', 'Долг')])
    rows = list(csv.reader(io.StringIO(path.read_text(encoding='utf-8-sig')), delimiter=';'))
    assert rows == [['Телефон', 'Текст', 'Сегментов'], ['+79160000001', '\'=HYPERLINK("x")', '1'],
                    ['+79160000002', 'Долг', '1']]
    assert [p.name for p in tmp_path.iterdir()] == ['sms.csv']     # written whole: no temporary file left


# --- scenarios, end to end ---------------------------------------------------------------

def test_partial_payment_moves_client_down_a_stage_nothing_resent(folder):
    folder.add('A1', 'ООО «Альфа»', [(JAN, 1000), (FEB, 1000)])
    # 16.03: Jan due 10.02 → 34 days: first seen at the claim; reminder and warning skipped
    summary = folder.run(datetime.date(2026, 3, 16))
    got = clients_notices(folder.server)
    assert got == [(('buh@a1.ru',), 'Претензия по договору № Д-A1 — ООО «Связь-Регион»')]
    assert folder.notices() == [('A1', '2026-02-11', 'reminder', 'skipped', '2026-03-16'),
                                ('A1', '2026-02-11', 'warning', 'skipped', '2026-03-16'),
                                ('A1', '2026-02-11', 'claim', 'sent', '2026-03-16')]
    assert 'претензия 1' in summary
    # he pays January on 17.03: February (due 10.03) is 8 days overdue — «напоминание» reached,
    # but the episode did not end (2000 → 1000, never under 100 ₽): nothing is sent again
    folder.pay('A1', datetime.date(2026, 3, 17), 1000)
    n = len(folder.server.handler.messages)
    folder.run(datetime.date(2026, 3, 18))
    assert clients_notices(folder.server, n) == []
    rows = report_rows(job_mod.report_path(folder.path, datetime.date(2026, 3, 18)))
    assert [(r['Код'], r['Просроченный долг'], r['Дней просрочки'], r['Корзина'], r['Стадия'],
             r['Последнее уведомление'], r['Дата уведомления'].date()) for r in rows] == [
        ('A1', 1000, 8, '1–30', 'напоминание', 'претензия', datetime.date(2026, 3, 16))]


def test_advance_payer_gets_nothing_and_is_not_a_debtor(folder):
    folder.add('B1', 'ООО «Бета»', [(JAN, 1000), (FEB, 1000), (MAR, 1000)],
               [(datetime.date(2026, 1, 10), 3000)])
    folder.add('B2', 'ООО «Должник»', [(JAN, 1000)])
    folder.run(datetime.date(2026, 2, 16))
    assert clients_notices(folder.server) == [
        (('buh@b2.ru',), 'Напоминание об оплате по договору № Д-B2 — ООО «Связь-Регион»')]
    rows = report_rows(job_mod.report_path(folder.path, datetime.date(2026, 2, 16)))
    assert [r['Код'] for r in rows] == ['B2']


def test_payment_between_two_runs_stops_the_ladder(folder):
    folder.add('C1', 'ООО «Гамма»', [(JAN, 1000)], phone='+7 916 123-45-67')
    folder.run(datetime.date(2026, 2, 16))                 # due 10.02 → 6 days: reminder
    (to, subject, msg), report = delivered(folder.server)
    assert subject == 'Напоминание об оплате по договору № Д-C1 — ООО «Связь-Регион»'
    text = body(msg)
    assert 'ООО «Гамма»' in text and '1 000,00 ₽' in text and 'просрочка 6 дн.' in text
    assert '40702810938000000001' in text and 'Д-C1' in text
    assert msg.get_body(('html',)) is not None
    assert report[1] == 'Отчет по должникам на 16.02.2026 — ООО «Связь-Регион»' and report[0] == ('buh@svyaz-region.ru',)
    sms_file = job_mod.sms_path(folder.path, datetime.date(2026, 2, 16))
    rows = list(csv.reader(io.StringIO(sms_file.read_text(encoding='utf-8-sig')), delimiter=';'))
    assert rows[1][0] == '+79161234567' and '1 000,00 ₽' in rows[1][1] and rows[1][2] == '1'
    folder.pay('C1', datetime.date(2026, 2, 18), 1000)
    n = len(folder.server.handler.messages)
    summary = folder.run(datetime.date(2026, 2, 26))        # would have been 16 days: warning
    assert clients_notices(folder.server, n) == []
    assert 'Должники на 26.02.2026: 0' in summary
    assert report_rows(job_mod.report_path(folder.path, datetime.date(2026, 2, 26))) == []


def test_balance_rechecked_right_before_queueing(folder):
    """A bank payment imported after the run computed the ladder but before it queued the notice."""
    folder.add('C2', 'ООО «Дельта»', [(JAN, 1000)])
    folder.write()
    now = datetime.datetime(2026, 2, 26, 11, 0, tzinfo=TZ)
    run = job_mod.Run(folder.path, datetime.date(2026, 2, 26), now=now)
    run.db = state.connect(folder.path)
    run.data = job_mod._Data(folder.path, run.settings, run.db)
    run.compute()
    (decision,) = run.decisions
    assert [s.code for s in decision.send] == ['warning']
    with state.transaction(run.db):   # what `b2bkit import-bank` writes
        sid = run.db.execute("INSERT INTO bank_statements (sha256, file_name, imported_at, payments) "
                             "VALUES ('x', 'Выписка.txt', '2026-02-26T08:00:00+00:00', 1)").lastrowid
        run.db.execute("INSERT INTO bank_payments (statement_id, doc_number, doc_date, received, amount, "
                       "payer_inn, client_code, matched_by) VALUES (?, '55', '2026-02-25', '2026-02-26', "
                       "'1000.00', '7707083893', 'C2', 'inn')", (sid,))
    run.notify(decision)
    assert run.sent == [] and run.changed and 'погашен' in run.changed[0][1]
    assert run.db.execute('SELECT COUNT(*) FROM notices').fetchone()[0] == 0
    assert run.db.execute('SELECT COUNT(*) FROM outbox').fetchone()[0] == 0
    run.db.close()


def test_debt_just_under_the_threshold_gets_nothing_but_is_listed(folder):
    folder.add('D1', 'ООО «Под порогом»', [(JAN, D('1099.99'))], [(datetime.date(2026, 2, 1), 1000)])
    folder.add('D2', 'ООО «Ровно порог»', [(JAN, D('1100.00'))], [(datetime.date(2026, 2, 1), 1000)])
    folder.run(datetime.date(2026, 3, 16))                # 34 days overdue each
    assert clients_notices(folder.server) == [
        (('buh@d2.ru',), 'Претензия по договору № Д-D2 — ООО «Связь-Регион»')]
    path = job_mod.report_path(folder.path, datetime.date(2026, 3, 16))
    rows = {r['Код']: r for r in report_rows(path)}
    assert set(rows) == {'D2'} and rows['D2']['Стадия'] == 'претензия'
    below = {r['Код']: r for r in report_rows(path, 'Ниже порога')}
    assert set(below) == {'D1'} and below['D1']['Просроченный долг'] == pytest.approx(99.99)
    assert below['D1']['Стадия'] == 'нет' and 'меньше порога' in below['D1']['Примечание']


def test_email_summary_and_report_give_the_same_debtor_totals(folder):
    # min_debt = 100 ₽ (default). Debtors: B1 5 000,00 and B2 1 234,56 overdue → 2, 6 234,56 ₽;
    # below the threshold: B3 99,99 and B4 0,01 → 2, 100,00 ₽, shown apart, in neither total.
    folder.add('B1', 'ООО «Один»', [(JAN, D('5000.00'))])
    folder.add('B2', 'ООО «Два»', [(JAN, D('1234.56'))])
    folder.add('B3', 'ООО «Три»', [(JAN, D('1099.99'))], [(datetime.date(2026, 2, 1), 1000)])
    folder.add('B4', 'ООО «Четыре»', [(JAN, D('1000.01'))], [(datetime.date(2026, 2, 1), 1000)])
    day = datetime.date(2026, 3, 16)
    summary = folder.run(day)
    assert 'Должники на 16.03.2026: 2 (просрочено 6 234,56 ₽)' in summary
    assert 'кроме того, меньше порога 100,00 ₽: 2 (100,00 ₽)' in summary
    report_mail = [m for _, subj, m in delivered(folder.server) if 'Отчет по должникам' in subj]
    text = body(report_mail[0])
    assert 'Должников: 2, просроченная задолженность: 6 234,56 ₽' in text
    assert 'меньше порога 100,00 ₽: 2 на 100,00 ₽' in text
    wb = openpyxl.load_workbook(job_mod.report_path(folder.path, day), read_only=True, data_only=True)
    totals = {ws.title: [r for r in ws.iter_rows(values_only=True) if r[1] == 'Итого'] for ws in wb}
    assert totals['Должники'][0][5] == pytest.approx(6234.56)
    assert totals['Ниже порога'][0][5] == pytest.approx(100.00)
    summary_rows = list(wb['Сводка'].iter_rows(values_only=True))
    assert [r[1:3] for r in summary_rows if r[0] == 'Итого'] == [(2, pytest.approx(6234.56))]
    assert [r[1:3] for r in summary_rows if r[0] == 'Ниже порога'] == [
        (2, pytest.approx(100.00))]
    wb.close()


def test_client_first_seen_at_93_days_gets_the_claim_and_the_lawyer_gets_court(folder):
    from pypdf import PdfReader
    folder.add('E1', 'АО «Эпсилон»', [(month_end(2025, 12), D('50000.00'))])
    # 31.12.2025 + 10 days = 10.01.2026, a Saturday (ст. 191 ГК) → due Monday 12.01.2026 (ст. 193 ГК);
    # 15.04.2026 − 12.01.2026 = 19 (Jan) + 28 (Feb) + 31 (Mar) + 15 (Apr) = 93 days overdue
    as_of = datetime.date(2026, 4, 15)
    folder.run(as_of)
    got = delivered(folder.server)
    assert [(to, s) for to, s, _ in got] == [
        (('buh@e1.ru',), 'Претензия по договору № Д-E1 — ООО «Связь-Регион»'),
        (('lawyer@svyaz-region.ru',), 'В суд: АО «Эпсилон», договор № Д-E1, долг 50 000,00 ₽'),
        (('buh@svyaz-region.ru',), 'Отчет по должникам на 15.04.2026 — ООО «Связь-Регион»')]
    assert [(n[2], n[3]) for n in folder.notices()] == [
        ('reminder', 'skipped'), ('warning', 'skipped'), ('claim', 'sent'), ('court', 'sent')]
    claim = got[0][2]
    text = body(claim)
    # ч. 5 ст. 4 АПК, ст. 191 ГК: 30 calendar days after the sending day 15.04 → the answer period
    # ends on 15.05.2026 (a Friday, a working day, so ст. 193 moves nothing); a suit from 16.05.2026
    assert 'АПК РФ' in text and 'по 15.05.2026 включительно' in text and '50 000,00 ₽' in text
    (att,) = list(claim.iter_attachments())
    assert att.get_filename() == 'Претензия по договору Д-E1.pdf'
    pdf = ''.join(p.extract_text() for p in PdfReader(io.BytesIO(att.get_content())).pages)
    flat = ' '.join(pdf.split())
    for needle in ('ПРЕТЕНЗИЯ', 'АО «Эпсилон»', 'ООО «Связь-Регион»', '7707083893', 'Д-E1',
                   '2025-12', '50 000,00', '12.01.2026', '93', 'ч. 5 ст. 4 АПК РФ', '30 календарных дней',
                   'Смирнов А. В.', '40702810938000000001'):
        assert needle in flat, needle
    court = body(got[1][2])
    assert 'Претензия направлена клиенту сегодня, 15.04.2026' in court and 'не ранее 16.05.2026' in court
    for doc in ('договор', 'акты', 'счета', 'акт сверки', 'претензия и доказательство её отправки',
                'расчёт задолженности'):
        assert doc in court.lower()
    assert '2025-12: начислено 50 000,00 ₽, срок оплаты 12.01.2026' in court
    # 50 000 ₽ and its interest are far under 500 000 ₽ (ст. 229.2 АПК РФ): a судебный приказ fits
    assert 'судебный приказ (ст. 229.2 АПК РФ — до 500 000,00 ₽)' in court
    court_rows = report_rows(job_mod.report_path(folder.path, as_of), 'В суд')
    assert [(r['Код'], r['Претензия отправлена'].date(), r['Иск не ранее'].date(), r['Порядок (по сумме долга)'])
            for r in court_rows] == [('E1', as_of, datetime.date(2026, 5, 16), 'судебный приказ')]
    post = report_rows(job_mod.report_path(folder.path, as_of), 'Заказные письма')
    assert [(r['Код'], r['Письмо'], r['Юридический адрес']) for r in post] == [
        ('E1', 'претензия', '123456, г. Энск, ул. Мира, д. 1')]


def test_promise_to_pay_holds_notices_until_that_date(folder):
    folder.add('F1', 'ООО «Обещание»', [(JAN, 1000)], no_dunning_until=datetime.date(2026, 3, 2))
    summary = folder.run(datetime.date(2026, 2, 26))      # 16 days: warning reached, but promised
    assert clients_notices(folder.server) == [] and folder.notices() == []
    assert 'отложено по «не напоминать до»: 1' in summary
    held = report_rows(job_mod.report_path(folder.path, datetime.date(2026, 2, 26)), 'Отложено')
    assert [(r['Код'], r['Не напоминать до'].date()) for r in held] == [('F1', datetime.date(2026, 3, 2))]
    folder.run(datetime.date(2026, 3, 2))                  # the promised day came, no payment: 20 days
    assert clients_notices(folder.server) == [
        (('buh@f1.ru',), 'Предупреждение о приостановлении услуг по договору № Д-F1 — ООО «Связь-Регион»')]
    (warning,) = [body(m) for _, s, m in delivered(folder.server) if s.startswith('Предупреждение')]
    assert 'пунктом 3 статьи 44' in warning and '«О связи»' in warning and 'через 10 дн. — с 12.03.2026' in warning


def test_holiday_and_outside_the_window_send_nothing(folder):
    folder.add('G1', 'ООО «Праздник»', [(month_end(2026, 9), 1000)])
    holiday = datetime.date(2026, 11, 4)                   # День народного единства, in settings
    summary = folder.run(holiday)
    assert 'нерабочий день' in summary and 'ничего не отправлено' in summary
    summary = folder.run(datetime.date(2026, 11, 5), hour=19)
    assert 'вне окна отправки 09:00–18:00' in summary
    assert folder.server.handler.messages == [] and folder.notices() == []
    db = state.connect(folder.path)
    assert db.execute('SELECT COUNT(*) FROM outbox').fetchone()[0] == 0
    db.close()
    folder.run(datetime.date(2026, 11, 5), hour=10)        # next working day inside the window: 26 days
    assert [s for _, s in clients_notices(folder.server)] == [
        'Предупреждение о приостановлении услуг по договору № Д-G1 — ООО «Связь-Регион»']


def test_disconnected_client_with_debt_still_gets_the_claim(folder):
    folder.add('H1', 'ООО «Ушедший»', [(JAN, 1000)], disconnected=datetime.date(2026, 1, 31))
    folder.run(datetime.date(2026, 3, 16))
    assert [s for _, s in clients_notices(folder.server)] == ['Претензия по договору № Д-H1 — ООО «Связь-Регион»']


# --- the demo folder ---------------------------------------------------------------------

def test_demo_folder_dry_run_then_real_run_then_nothing_twice(demo_folder, smtp_server, smtp_env, capsys):
    srv = smtp_server()
    smtp_env(srv.port)
    today = datetime.date(2026, 11, 24)                    # a Tuesday
    folder = demo_folder(today=today, clients=30)      # the small demo folder other modules use too
    now = datetime.datetime(2026, 11, 24, 11, 0, tzinfo=TZ)
    before = sorted(p.relative_to(folder) for p in folder.rglob('*'))
    lines = []
    summary = job_mod.run_job(folder, today, dry_run=True, now=now, out=lines.append)
    assert 'было бы отправлено' in summary and any('→ претензия' in l for l in lines)
    assert any('НЕ ОТПРАВЛЯЕТСЯ' in l and 'не напоминать до' in l for l in lines)
    assert srv.handler.messages == []
    assert sorted(p.relative_to(folder) for p in folder.rglob('*') if not p.name.endswith(('-wal', '-shm'))) \
        == [p for p in before if not p.name.endswith(('-wal', '-shm'))]
    db = sqlite3.connect(folder / state.STATE_FILE)
    assert db.execute('SELECT COUNT(*) FROM notices').fetchone()[0] == 0
    assert db.execute('SELECT COUNT(*) FROM outbox').fetchone()[0] == 0
    db.close()

    summary = job_mod.run_job(folder, today, now=now, mail_options=dict(backoff_base=0.01))
    got = delivered(srv)
    subjects = [s for _, s, _ in got]
    stages = {s.split(' ')[0] for s in subjects}
    assert {'Напоминание', 'Предупреждение', 'Претензия'} <= stages and 'В' in stages, subjects
    assert len(got) >= 10 and 'почта: отправлено %d' % len(got) in summary
    csv_text = job_mod.sms_path(folder, today).read_text(encoding='utf-8-sig')
    sms_rows = list(csv.reader(io.StringIO(csv_text), delimiter=';'))[1:]
    assert sms_rows and all(r[0].startswith('+7') and len(r[0]) == 12 and r[2] == '1' for r in sms_rows)
    report = job_mod.report_path(folder, today)
    wb = openpyxl.load_workbook(report)
    assert {'Должники', 'Сводка', 'В суд', 'Заказные письма', 'Отложено'} <= set(wb.sheetnames)
    assert len(wb.sheetnames) >= 5 + 5                     # a sheet per manager (five in the demo)
    assert wb['Сводка']._charts
    wb.close()

    n = len(srv.handler.messages)
    summary = job_mod.run_job(folder, today, now=now, mail_options=dict(backoff_base=0.01))
    assert srv.handler.messages[n:] == [] and 'уведомлений отправлено: 0' in summary


def test_report_keeps_formula_like_text_as_text_and_sanitises_sheet_names(folder):
    folder.add('X1', '=HYPERLINK("http://evil","ООО")', [(JAN, 1000)], manager='@Отдел/продаж: [север]')
    folder.run(datetime.date(2026, 2, 16))
    path = job_mod.report_path(folder.path, datetime.date(2026, 2, 16))
    wb = openpyxl.load_workbook(path)
    cell = wb['Должники']['B4']
    assert cell.value == '=HYPERLINK("http://evil","ООО")' and cell.data_type == 's'
    assert '@Отдел продаж север' in wb.sheetnames
    assert wb['@Отдел продаж север']['E4'].data_type == 's'
    wb.close()


def test_cli_dry_run_without_a_state_database_writes_nothing(operator_dir, capsys):
    from jobs.cli import main
    f = Folder(operator_dir)
    f.add('Z1', 'ООО «Зета»', [(JAN, 1000)])
    f.write()
    before = sorted(operator_dir.rglob('*'))
    assert main(['debtors', '--dir', str(operator_dir), '--date', '2026-03-16', '--dry-run']) == 0
    out = capsys.readouterr().out
    assert 'Z1 ООО «Зета» (договор № Д-Z1): долг 1 000,00 ₽, просрочка 34 дн.' in out
    assert '→ претензия: e-mail buh@z1.ru + претензия PDF' in out
    assert 'пропущены стадии: напоминание, предупреждение' in out
    assert sorted(operator_dir.rglob('*')) == before
    assert main(['debtors', '--dir', str(operator_dir), '--date', '16.03.2026']) == 2
    assert 'ожидается дата ГГГГ-ММ-ДД' in capsys.readouterr().err


def test_court_without_lawyer_or_accountant_address_does_not_hold_the_claim(folder, write_settings):
    write_settings(r'^lawyer = .*$', 'lawyer = []')
    write_settings(r'^accountant = \[.*$', 'accountant = []')
    folder.add('E2', 'ООО «Без юриста»', [(month_end(2025, 12), 15000)])
    summary = folder.run(datetime.date(2026, 4, 15))
    assert [s for _, s in clients_notices(folder.server)] == ['Претензия по договору № Д-E2 — ООО «Связь-Регион»']
    assert [(n[2], n[3]) for n in folder.notices()] == [('reminder', 'skipped'), ('warning', 'skipped'),
                                                        ('claim', 'sent')]
    assert 'не указан адрес юриста или бухгалтера' in summary


def test_stage_registry_is_the_models_ladder_and_the_settings_keys():
    # B2B_DUNNING_STAGE (addin.model.aging) and the debtors job must name the same ladder
    from addin.model.aging import DEFAULT_STAGES
    from jobs import settings as settings_mod
    from jobs.debtors import stages
    assert [(s.code, s.name, s.days) for s in stages.ALL] == [tuple(s) for s in DEFAULT_STAGES]
    assert tuple(s.code for s in stages.ALL) == settings_mod.STAGE_KEYS
    assert [s.code for s in stages.ALL if s.internal] == ['court']
    assert [s.code for s in stages.ALL if s.sms] == ['reminder', 'warning']
