"""The sales jobs under the scheduler: the weekly slot, catch-up, the daily «оперативка», nothing twice."""

import datetime
import email
from email import policy
from zoneinfo import ZoneInfo

from jobs import scheduler, settings as settings_mod, state
import test_sales

folder = test_sales.folder           # test_sales' hand-built folder fixture

MSK = ZoneInfo('Europe/Moscow')
SALES = {'sales': scheduler.JOBS['sales'], 'sales-daily': scheduler.JOBS['sales-daily']}


def at(*args):
    return datetime.datetime(*args, tzinfo=MSK)


def slots(s, moment):
    return [(d.job, d.slot, d.when) for d in scheduler.due_slots(s, moment, jobs=SALES)]


def test_weekly_slot_on_the_first_working_day_from_monday_at_the_set_time(operator_dir):
    s = settings_mod.load(operator_dir)
    monday = datetime.date(2026, 12, 7)
    # Monday 07.12.2026 at 08:29 this week's report is not due yet; last week's (Monday 30.11) is
    assert slots(s, at(2026, 12, 7, 8, 29)) == [('sales', '2026-W49', datetime.date(2026, 11, 30))]
    # 08:30 ([sales] weekly_at): this week's slot and today's оперативка
    assert slots(s, at(2026, 12, 7, 8, 30)) == [('sales', '2026-W50', monday),
                                               ('sales-daily', '2026-12-07', monday)]
    # the machine was off on Monday: on Wednesday the week's slot is still Monday's; the оперативка is today's
    assert slots(s, at(2026, 12, 9, 10, 0)) == [('sales', '2026-W50', monday),
                                               ('sales-daily', '2026-12-09', datetime.date(2026, 12, 9))]
    # Monday 11.05.2026 is a holiday: the week's report moves to Tuesday, no оперативка on the holiday
    assert slots(s, at(2026, 5, 11, 12, 0)) == [('sales', '2026-W19', datetime.date(2026, 5, 4))]
    assert slots(s, at(2026, 5, 12, 8, 30)) == [('sales', '2026-W20', datetime.date(2026, 5, 12)),
                                               ('sales-daily', '2026-05-12', datetime.date(2026, 5, 12))]


def test_scheduler_runs_the_week_once_and_the_owner_gets_one_letter(folder):  # noqa: F811
    now = [at(2026, 12, 14, 9, 0)]
    sch = scheduler.Scheduler(folder, now=lambda: now[0], jobs=SALES)
    done = sch.tick()
    assert [(s.job, s.slot, status) for s, status, _ in done] == [
        ('sales', '2026-W51', 'ok'), ('sales-daily', '2026-12-14', 'ok')]
    assert 'Отчёт по продажам за неделю 2026-W50 (по 13.12.2026)' in done[0][2]
    letters = list((folder / 'Почта').glob('*.eml'))
    assert len(letters) == 1
    msg = email.message_from_bytes(letters[0].read_bytes(), policy=policy.default)
    assert msg['Subject'] == 'Продажи юрлицам: неделя 07.12.2026 — 13.12.2026'
    assert [a.get_filename() for a in msg.iter_attachments()] == ['Отчет по продажам 2026-W50.xlsx']
    assert (folder / 'Выгрузка' / 'Продажи' / 'Оперативка 2026-12-14.xlsx').exists()
    # later the same day and a restart: nothing again; Tuesday brings only Tuesday's оперативка
    assert sch.tick() == []
    now[0] = at(2026, 12, 15, 9, 0)
    assert [(s.job, s.slot) for s, _, _ in scheduler.Scheduler(folder, now=lambda: now[0], jobs=SALES).tick()] == [
        ('sales-daily', '2026-12-15')]
    assert len(list((folder / 'Почта').glob('*.eml'))) == 1
    db = state.connect(folder)
    try:
        rows = db.execute("SELECT key, status FROM outbox WHERE job = 'sales'").fetchall()
        assert [tuple(r) for r in rows] == [('2026-W50', 'sent')]
    finally:
        db.close()


def test_a_folder_without_sales_registers_is_not_a_failure_for_the_scheduler(operator_dir):
    now = at(2026, 12, 14, 9, 0)
    done = scheduler.Scheduler(operator_dir, now=lambda: now, jobs=SALES).tick()
    assert [(s.job, status) for s, status, _ in done] == [('sales', 'ok'), ('sales-daily', 'ok')]
    assert all('реестра «Воронка» нет' in summary for _, _, summary in done)
    assert not (operator_dir / 'Почта').exists() or not list((operator_dir / 'Почта').glob('*.eml'))


def test_demo_folder_sales_report_reaches_smtp_with_the_workbook(demo_folder, smtp_server, smtp_env, capsys):
    import io
    import re
    import openpyxl
    from jobs import cli
    srv = smtp_server()
    smtp_env(srv.port)
    folder = demo_folder()
    assert cli.main(['sales', '--dir', str(folder)]) == 0
    out = capsys.readouterr().out
    assert 'почта: отправлено 1' in out, out
    assert int(re.search(r'за неделю звонков (\d+)', out).group(1)) > 0      # the demo call log counts
    srv.handler.wait_for(1)
    (got,) = srv.handler.messages
    assert got.rcpt_tos == ['director@svyaz-region.ru']
    msg = email.message_from_bytes(got.data, policy=policy.default)
    assert msg['Subject'].startswith('Продажи юрлицам: неделя')
    (attachment,) = list(msg.iter_attachments())
    book = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))
    summary = book['Сводка']
    names = [summary.cell(r, 1).value for r in range(6, 12)]
    assert 'Иванова Анна Сергеевна' in names and 'Всего' in names      # the demo clients' own managers
    assert cli.main(['sales', '--dir', str(folder)]) == 0
    assert 'уже отправлено' in capsys.readouterr().out
    assert len(srv.handler.messages) == 1
