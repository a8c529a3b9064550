"""«Общий отчет — юридические лица» (SPEC 7.4): figures, workbook, e-mail, command.

The hand-worked register below is small enough to check every figure on paper;
the expected values are worked out in the comments and compared with the cells
of the workbook the job writes, read back with python-calamine / openpyxl.
"""

import datetime
import email
import io
import zipfile
from decimal import Decimal
from email import policy

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from jobs import cli, operator_folder, state
from jobs.demo_data import write_register_xlsx
from jobs.registers.reader import Client
from jobs.report import job as report_job
from jobs.ledger import figures as metrics
from jobs.report import workbook as wbmod

D = datetime.date
MONTH = '2026-03'
WHEN = D(2026, 4, 2)        # the run on 02.04.2026 reports March 2026 (the month before)

# ИНН with valid checksums (the reader checks them)
INN_A, INN_B, INN_C, INN_D = '7707083893', '7736207543', '7702070139', '7710140679'
IVANOVA, PETROV = 'Иванова А. С.', 'Петров Д. Н.'


def client_row(code, name, inn, manager, segment, service, connected, disconnected=None):
    # columns of schema.CLIENTS: code, name, ИНН, КПП, ОГРН, договор, дата договора, e-mail, телефон,
    # менеджер, сегмент, услуга, абонплата, подключение, отключение, срок оплаты, не напоминать до, адрес
    return (code, name, inn, None, None, 'Д-' + code, None, 'buh@%s.ru' % code.lower(), None,
            manager, segment, service, None, connected, disconnected, None, None, None)


# Five contracts, four legal entities. Window: April 2025 … March 2026.
#   K1 A «Альфа»  Иванова малый   Интернет  connected 10.01.2025
#   K2 B «Бета»   Иванова средний ТВ        01.02.2025 – disconnected 15.02.2026
#   K3 C «Гамма»  Петров  малый   Интернет  connected 10.02.2026
#   K4 B «Бета»   Петров  средний Интернет  connected 05.03.2026 (B reconnected after a gap)
#   K5 D «Дельта» Петров  крупный Интернет  20.03.2026 – disconnected 28.03.2026
# K2's name starts with «=»: it must stay text in the workbook.
CLIENTS = [
    client_row('K1', 'ООО «Альфа»', INN_A, IVANOVA, 'малый', 'Интернет', D(2025, 1, 10)),
    client_row('K2', '=СУММ(1;2) ООО «Бета»', INN_B, IVANOVA, 'средний', 'ТВ', D(2025, 2, 1), D(2026, 2, 15)),
    client_row('K3', 'ООО «Гамма»', INN_C, PETROV, 'малый', 'Интернет', D(2026, 2, 10)),
    client_row('K4', 'ООО «Бета»', INN_B, PETROV, 'средний', 'Интернет', D(2026, 3, 5)),
    client_row('K5', 'ООО «Дельта»', INN_D, PETROV, 'крупный', 'Интернет', D(2026, 3, 20), D(2026, 3, 28)),
]
# code, period, service, amount, charge date (no charges before January: April–December are quiet)
CHARGES = [
    ('K1', '2026-01', None, Decimal('1000'), D(2026, 1, 31)),
    ('K1', '2026-02', None, Decimal('1000'), D(2026, 2, 28)),
    ('K1', '2026-03', None, Decimal('1000'), D(2026, 3, 31)),
    ('K2', '2026-01', None, Decimal('2000'), D(2026, 1, 31)),
    ('K2', '2026-02', None, Decimal('1000'), D(2026, 2, 28)),
    ('K3', '2026-02', None, Decimal('500'), D(2026, 2, 28)),
    ('K3', '2026-03', None, Decimal('1500'), D(2026, 2, 28)),    # March billed in advance, in February
    ('K4', '2026-03', None, Decimal('1200'), D(2026, 3, 31)),
    ('K5', '2026-03', None, Decimal('300'), D(2026, 3, 31)),
]
# code, payer ИНН, date, amount, document, purpose
PAYMENTS = [
    ('K1', None, D(2026, 2, 5), Decimal('1000'), '11', 'за январь'),
    ('K2', None, D(2026, 2, 20), Decimal('1500'), '12', 'за январь, частично'),
    ('K1', None, D(2026, 3, 9), Decimal('1000'), '13', 'за февраль'),
    ('K3', None, D(2026, 3, 2), Decimal('2000'), '14', 'за февраль и март'),
]

# Worked out by hand (unit: the legal entity, ИНН; срок оплаты 10 days from the settings):
#
# Active at the start of April 2025: A (10.01.2025) and B (01.02.2025) → 2; nothing happens until
# February 2026, so every month April … January: start 2, new 0, churned 0, end 2, churn 0 %.
# June 2025 (a month with no activity): MRR 0, ARPU 0,00, billed 0, paid 0, collection empty.
#
# February 2026: new C (10.02); churned B (15.02) → start 2, new 1, churned 1, end 2, churn 1/2 = 50 %.
# March 2026: B is back (05.03, after a gap: churned in February, new in March), D new (20.03) and gone
#   (28.03) → start 2 (A, C), new 2, churned 1, end 3, churn 1/2 = 50 %.
#
# MRR (charges by service period):  Jan 1000+2000 = 3000; Feb 1000+1000+500 = 2500;
#                                   Mar 1000+1500+1200+300 = 4000
# ARPU = MRR / ((start+end)/2):      Jan 3000/2 = 1500,00; Feb 2500/2 = 1250,00; Mar 4000/2,5 = 1600,00
# Billed (by charge date):           Jan 3000; Feb 1000+1000+500+1500 = 4000; Mar 1000+1200+300 = 2500
# Paid (by date received):           Jan 0; Feb 1000+1500 = 2500; Mar 1000+2000 = 3000
# Collection = paid / billed:        Jan 0 %; Feb 2500/4000 = 62,5 %; Mar 3000/2500 = 120 %
#
# Overdue (due = charge date + 10; overdue from the next day; FIFO):
#   31.01: the January charges are due 10.02 → nothing overdue.
#   28.02: K1 January 1000 paid 05.02 → 0; K2 January 2000 − 1500 paid = 500, due 10.02 → 18 days,
#          bucket 1–30. Total 500, one debtor.
#   31.03: K1 Jan+Feb 2000 − 2000 = 0. K2 Jan+Feb (Feb due 10.03) 3000 − 1500 = 1500; oldest unpaid is
#          January's (1500 paid < 2000), due 10.02 → 49 days, bucket 31–60. K3 500 + 1500 (both dated
#          28.02, due 10.03) − 2000 = 0. K4, K5 due 10.04 → not overdue. Total 1500, one debtor.
#
# March by manager (plans: Петров 2 a month, Иванова 1 in March only):
#   Иванова: A active, B (K2) gone in February → start 1, new 0, end 1; MRR 1000, ARPU 1000,00;
#            billed 1000, paid 1000 → 100 %; overdue 1500 (K2, 31–60); plan 1, done 0 %.
#   Петров:  C → start 1; B (K4) and D new → 2; D churned → 1; end 2; MRR 1500+1200+300 = 3000,
#            ARPU 3000/1,5 = 2000,00; billed 1200+300 = 1500, paid 2000 → 133,3 %; plan 2, done 100 %.
# March by segment: малый (A, C) 2/0/0/2, MRR 2500, ARPU 1250,00; средний: B's K2 ended in
#   February, K4 new → 0/1/0/1, MRR 1200, ARPU 1200/0,5 = 2400,00; крупный: D 0/1/1/0, MRR 300,
#   ARPU empty (no clients at the start or the end).
# March by service: Интернет (A, C, B via K4, D) 2/2/1/3, MRR 4000; ТВ: K2 ended in February →
#   all zero, collection empty, overdue 1500.

PLANS = '\n[plans]\n"%s" = { "2026-03" = 1 }\n"%s" = 2\n' % (IVANOVA, PETROV)


@pytest.fixture
def folder(operator_dir):
    write_register_xlsx(operator_dir / operator_folder.REGISTER_FILE, CLIENTS, CHARGES, PAYMENTS)
    path = operator_dir / 'settings.toml'
    path.write_text(path.read_text(encoding='utf-8') + PLANS, encoding='utf-8')
    return operator_dir


def sheet_rows(path, name):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def table(path, name, header_row):
    """{first-column label: {header: value}} of the table whose header is at *header_row*."""
    rows = sheet_rows(path, name)
    header = rows[header_row]
    out = {}
    for row in rows[header_row + 1:]:
        if not row or row[0] == '':
            break
        out[row[0]] = dict(zip(header[1:], row[1:]))
    return out


def month_row(**values):
    base = {'Активных на начало': 0, 'Новых': 0, 'Отключено': 0, 'Активных на конец': 0,
            'MRR, ₽': 0, 'Начислено, ₽': 0, 'Оплачено, ₽': 0, 'Просрочено всего, ₽': 0,
            'Должников (договоров)': 0}
    base.update(values)
    return base


def check(row, expected):
    for header, value in expected.items():
        got = row[header]
        if value == '':
            assert got == '', (header, got)
        else:
            assert got == pytest.approx(float(value), abs=1e-9), (header, got, value)


def test_hand_worked_register_cell_by_cell(folder):
    summary = report_job.run_job(folder, WHEN, dry_run=True)
    assert 'март 2026' in summary and 'активных клиентов на конец месяца 3' in summary
    path = report_job.workbook_path(folder, MONTH)
    assert path.exists()

    rows = table(path, wbmod.SUMMARY, wbmod.SUMMARY_HEADER_ROW)
    assert list(rows)[:12] == ['апрель 2025', 'май 2025', 'июнь 2025', 'июль 2025', 'август 2025',
                               'сентябрь 2025', 'октябрь 2025', 'ноябрь 2025', 'декабрь 2025',
                               'январь 2026', 'февраль 2026', 'март 2026']
    # a month with no activity
    check(rows['июнь 2025'], month_row(**{'Активных на начало': 2, 'Активных на конец': 2, 'Отток, %': 0,
                                          'ARPU, ₽': 0, 'Собираемость, %': ''}))
    check(rows['январь 2026'], month_row(**{
        'Активных на начало': 2, 'Активных на конец': 2, 'Отток, %': 0, 'MRR, ₽': 3000, 'ARPU, ₽': 1500,
        'Начислено, ₽': 3000, 'Оплачено, ₽': 0, 'Собираемость, %': 0}))
    check(rows['февраль 2026'], month_row(**{
        'Активных на начало': 2, 'Новых': 1, 'Отключено': 1, 'Активных на конец': 2, 'Отток, %': 0.5,
        'MRR, ₽': 2500, 'ARPU, ₽': 1250, 'Начислено, ₽': 4000, 'Оплачено, ₽': 2500,
        'Собираемость, %': 0.625, 'Просрочено 1–30 дн., ₽': 500, 'Просрочено всего, ₽': 500,
        'Должников (договоров)': 1}))
    check(rows['март 2026'], month_row(**{
        'Активных на начало': 2, 'Новых': 2, 'Отключено': 1, 'Активных на конец': 3, 'Отток, %': 0.5,
        'MRR, ₽': 4000, 'ARPU, ₽': 1600, 'Начислено, ₽': 2500, 'Оплачено, ₽': 3000,
        'Собираемость, %': 1.2, 'Просрочено 1–30 дн., ₽': 0, 'Просрочено 31–60 дн., ₽': 1500,
        'Просрочено всего, ₽': 1500, 'Должников (договоров)': 1}))
    check(rows['За 12 месяцев'], {'Новых': 3, 'Отключено': 2, 'MRR, ₽': 9500, 'Начислено, ₽': 9500,
                                  'Оплачено, ₽': 5500, 'Собираемость, %': Decimal('0.5789')})

    managers = table(path, wbmod.CUT_SHEETS['manager'], wbmod.CUT_HEADER_ROW)
    check(managers[IVANOVA], {'Активных на начало': 1, 'Новых': 0, 'План новых': 1, 'Выполнение плана, %': 0,
                              'Отключено': 0, 'Активных на конец': 1, 'MRR, ₽': 1000, 'ARPU, ₽': 1000,
                              'Начислено, ₽': 1000, 'Оплачено, ₽': 1000, 'Собираемость, %': 1,
                              'Просрочено 31–60 дн., ₽': 1500, 'Просрочено всего, ₽': 1500})
    check(managers[PETROV], {'Активных на начало': 1, 'Новых': 2, 'План новых': 2, 'Выполнение плана, %': 1,
                             'Отключено': 1, 'Активных на конец': 2, 'MRR, ₽': 3000, 'ARPU, ₽': 2000,
                             'Начислено, ₽': 1500, 'Оплачено, ₽': 2000, 'Собираемость, %': Decimal('1.3333'),
                             'Просрочено всего, ₽': 0})
    check(managers['Всего по компании'], {'Активных на конец': 3, 'MRR, ₽': 4000, 'План новых': ''})

    segments = table(path, wbmod.CUT_SHEETS['segment'], wbmod.CUT_HEADER_ROW)
    assert list(segments)[:3] == ['малый', 'средний', 'крупный']
    check(segments['малый'], {'Активных на начало': 2, 'Новых': 0, 'Отключено': 0, 'Активных на конец': 2,
                              'MRR, ₽': 2500, 'ARPU, ₽': 1250})
    check(segments['средний'], {'Активных на начало': 0, 'Новых': 1, 'Отключено': 0, 'Активных на конец': 1,
                                'MRR, ₽': 1200, 'ARPU, ₽': 2400})
    check(segments['крупный'], {'Активных на начало': 0, 'Новых': 1, 'Отключено': 1, 'Активных на конец': 0,
                                'MRR, ₽': 300, 'ARPU, ₽': '', 'Отток, %': ''})
    assert 'План новых' not in sheet_rows(path, wbmod.CUT_SHEETS['segment'])[wbmod.CUT_HEADER_ROW]

    services = table(path, wbmod.CUT_SHEETS['service'], wbmod.CUT_HEADER_ROW)
    check(services['Интернет'], {'Активных на начало': 2, 'Новых': 2, 'Отключено': 1, 'Активных на конец': 3,
                                 'MRR, ₽': 4000, 'ARPU, ₽': 1600})
    check(services['ТВ'], {'Активных на начало': 0, 'Активных на конец': 0, 'MRR, ₽': 0,
                           'Собираемость, %': '', 'Просрочено всего, ₽': 1500})

    debtors = table(path, wbmod.DEBTORS, wbmod.DEBTORS_HEADER_ROW)
    (only,) = debtors.values()
    assert only['Код клиента'] == 'K2' and only['Наименование'] == '=СУММ(1;2) ООО «Бета»'
    check(only, {'Просрочено, ₽': 1500, 'Дней просрочки': 49, 'Месяцем ранее, ₽': 500, 'Изменение, ₽': 1000})
    assert only['Срок просрочки'] == '31–60 дн.'

    # the name starting with «=» is stored as text, never as a formula
    ws = openpyxl.load_workbook(path)[wbmod.DEBTORS]
    cell = ws.cell(wbmod.DEBTORS_HEADER_ROW + 2, 3)
    assert cell.value == '=СУММ(1;2) ООО «Бета»' and cell.data_type == 's'
    # Russian number formats and frozen headers
    summary_ws = openpyxl.load_workbook(path)[wbmod.SUMMARY]
    first = wbmod.SUMMARY_HEADER_ROW + 2
    header = [c.value for c in summary_ws[wbmod.SUMMARY_HEADER_ROW + 1]]
    assert summary_ws.cell(first, header.index('MRR, ₽') + 1).number_format == '#,##0.00" ₽";[Red]-#,##0.00" ₽"'
    assert summary_ws.cell(first, header.index('Отток, %') + 1).number_format == '0.0%'
    assert summary_ws.freeze_panes == 'B%d' % (wbmod.SUMMARY_HEADER_ROW + 2)


def test_reconnection_is_churn_then_new_and_resigning_is_not():
    """By ИНН: a gap between contracts is churn then new; a contract re-signed on the day the
    previous one ends continues the service."""
    def client(code, inn, connected, disconnected=None):
        return Client(code, 'ООО «%s»' % code, inn, '', '', code, None, ('a@b.ru',), '', 'М', 'малый',
                      'Интернет', None, connected, disconnected, None, None, '', '', '')
    clients = [
        client('X1', INN_A, D(2024, 5, 1), D(2025, 9, 30)),      # A: disconnected 30.09 …
        client('X2', INN_A, D(2025, 11, 3)),                      # … reconnected 03.11 → churn Sep, new Nov
        client('Y1', INN_B, D(2024, 5, 1), D(2025, 10, 15)),     # B: re-signed on 15.10 → no churn, no new
        client('Y2', INN_B, D(2025, 10, 15)),
    ]
    r = metrics.compute(clients, [], [], '2026-03')
    t = r.total
    sep, octo, nov = r.months.index('2025-09'), r.months.index('2025-10'), r.months.index('2025-11')
    assert (t.start[sep], t.new[sep], t.churned[sep], t.end[sep]) == (2, 0, 1, 1)
    assert (t.start[octo], t.new[octo], t.churned[octo], t.end[octo]) == (1, 0, 0, 1)
    assert (t.start[nov], t.new[nov], t.churned[nov], t.end[nov]) == (1, 1, 0, 2)
    assert sum(t.new) == 1 and sum(t.churned) == 1
    assert t.churn(sep) == Decimal('0.5') and t.churn(octo) == 0


def test_overdue_agrees_with_the_debtors_aging(folder):
    """The report's overdue debt per month-end is the debtor notices' own figure."""
    from jobs import settings as settings_mod
    from jobs.ledger import accounts as aging
    from jobs.registers.reader import read_register
    s = settings_mod.load(folder)
    reg = read_register(folder, s)
    r = report_job.from_register(reg, MONTH, s)
    for m, end in enumerate(r.month_ends):
        accounts = {c.code: aging.account(c.code, [x for x in reg.charges if x.code == c.code],
                                          [p for p in reg.payments if p.code == c.code], end,
                                          s.billing.payment_days) for c in reg.clients.values()}
        assert r.total.overdue_total(m) == sum((a.overdue_debt for a in accounts.values()), Decimal(0))
        assert r.total.debtors[m] == sum(a.is_debtor for a in accounts.values())
    # not vacuous: the hand-worked debts of February and March are there
    assert [r.total.overdue_total(m) for m in (10, 11)] == [Decimal(500), Decimal(1500)]


def test_owner_gets_html_summary_with_workbook_over_real_smtp(folder, smtp_server, smtp_env):
    srv = smtp_server()
    smtp_env(srv.port)
    summary = report_job.run_job(folder, WHEN)
    assert 'почта: отправлено 1' in summary, summary
    srv.handler.wait_for(1)
    (got,) = srv.handler.messages
    assert got.rcpt_tos == ['director@svyaz-region.ru']
    msg = email.message_from_bytes(got.data, policy=policy.default)
    assert msg['Subject'] == 'Общий отчет — юридические лица за март 2026'
    html = msg.get_body(('html',)).get_content()
    text = msg.get_body(('plain',)).get_content()
    for body in (html, text):
        assert '4 000,00 ₽' in body                  # MRR
        assert '1 600,00 ₽' in body                  # ARPU
        assert '120,0 %' in body                     # collection
        assert '1 500,00 ₽' in body                  # overdue
        assert 'февраль 2026' in body
    # MRR rose 2 500 → 4 000: green up arrow; overdue rose 500 → 1 500: red (bad) up arrow
    assert '▲ +1 500,00 ₽' in text and '▲ +1 000,00 ₽' in text
    assert 'color: #1E7B34;">▲ +1 500,00 ₽' in html and 'color: #C00000;">▲ +1 000,00 ₽' in html
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == 'Общий отчет — юридические лица 2026-03.xlsx'
    book = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))
    assert book.sheetnames[:4] == ['Сводка', 'По менеджерам', 'По сегментам', 'По услугам']

    # a rerun for the same month sends nothing again
    again = report_job.run_job(folder, WHEN)
    assert 'уже отправлено' in again
    assert len(srv.handler.messages) == 1


def test_month_in_the_future_is_refused(folder):
    from jobs.errors import UserError
    with pytest.raises(UserError, match='ещё не наступил'):
        report_job.run_job(folder, WHEN, month='2026-05')


def test_demo_folder_report_command(demo_folder, smtp_server, smtp_env, capsys):
    srv = smtp_server()
    smtp_env(srv.port)
    folder = demo_folder()
    assert cli.main(['report', '--dir', str(folder)]) == 0
    out = capsys.readouterr().out
    assert 'Общий отчет за' in out and 'почта: отправлено 1' in out, out
    (path,) = (folder / 'Выгрузка' / report_job.REPORT_DIR).glob('*.xlsx')
    book = openpyxl.load_workbook(path)
    assert {'Сводка', 'По менеджерам', 'По сегментам', 'По услугам', 'Должники'} <= set(book.sheetnames)
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith('xl/charts/chart')]
    assert len(charts) >= 2
    rows = table(path, wbmod.SUMMARY, wbmod.SUMMARY_HEADER_ROW)
    assert rows[list(rows)[11]]['Активных на конец'] > 100
    srv.handler.wait_for(1)
    (got,) = srv.handler.messages
    msg = email.message_from_bytes(got.data, policy=policy.default)
    assert got.rcpt_tos == ['director@svyaz-region.ru'] and msg['Subject'].startswith('Общий отчет — юридические лица за')
    assert [a.get_filename() for a in msg.iter_attachments()] == [path.name]
    db = state.connect(folder)
    assert db.execute("SELECT status FROM outbox WHERE job = 'report'").fetchone()[0] == 'sent'
    db.close()
