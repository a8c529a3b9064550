"""Payslips (расчётные листки, issue 19): the demo operator's payroll workbook → one
encrypted PDF per employee over real SMTP, opened with pypdf; nothing twice; secrets
nowhere; the numbers are the workbook's."""

import datetime
import email
import io
import logging
import shutil
from email import policy
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pypdf
import pytest

from jobs import logs, operator_folder, scheduler, state
from jobs.errors import UserError
from jobs.payslips import job as payslips_job
from jobs.payslips import workbook as payslips_workbook
from jobs.workbooks import payroll as layout

WHEN = datetime.date(2026, 12, 4)      # the final payment for November (5 December is a Saturday)
MSK = ZoneInfo('Europe/Moscow')
ROOT = Path(__file__).resolve().parents[1]


def _rub(value):
    """1234.5 → «1 234,50 ₽», written out here rather than taken from the kit."""
    whole, frac = ('%.2f' % value).split('.')
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return ' '.join(groups) + ',' + frac + ' ₽'


def _workbook_rows(path):
    """Per employee: name, e-mail, password and the cached figures of «Расчёт» by header."""
    wb = openpyxl.load_workbook(path, data_only=True)
    people, month = wb[layout.EMPLOYEES], wb[layout.MONTH]
    pheads = {c.value: c.column for c in people[layout.HEADER_ROW + 1]}
    mheads = {c.value: c.column for c in month[layout.HEADER_ROW + 1]}
    rows = []
    r = layout.FIRST_ROW + 1
    while people.cell(r, pheads['Сотрудник (ФИО)']).value:
        rows.append(dict(
            name=people.cell(r, pheads['Сотрудник (ФИО)']).value,
            email=people.cell(r, pheads['E-mail для расчётного листка']).value,
            password=people.cell(r, pheads['Пароль расчётного листка']).value,
            figures={h: month.cell(r, c).value for h, c in mheads.items() if h}))
        r += 1
    return rows


@pytest.fixture
def demo(tmp_path):
    """A demo operator folder as ``b2bkit init --demo`` makes it (no mail throttle)."""
    folder = tmp_path / 'демо'
    operator_folder.init(folder, demo=True, today=WHEN, clients=20, months=3)
    settings = folder / 'settings.toml'
    settings.write_text(settings.read_text(encoding='utf-8').replace('per_minute = 60', 'per_minute = 0'),
                        encoding='utf-8')
    return folder


def test_demo_payslips_over_real_smtp_open_only_with_the_password(demo, smtp_server, smtp_env):
    srv = smtp_server()
    env = smtp_env(srv.port)
    logs.setup(demo, level=logging.DEBUG)
    rows = _workbook_rows(demo / layout.FILE_NAME)
    assert len(rows) == 6 and all(r['password'] and len(r['password']) >= 6 for r in rows)

    summary = payslips_job.run_job(demo, WHEN, environ=env)
    assert 'листков поставлено в очередь: 6' in summary and 'почта: отправлено 6' in summary, summary
    srv.handler.wait_for(6)
    got = {tuple(m.rcpt_tos): email.message_from_bytes(m.data, policy=policy.default)
           for m in srv.handler.messages}
    assert sorted(got) == sorted((r['email'],) for r in rows)

    for r in rows:
        msg = got[(r['email'],)]
        assert msg['Subject'] == 'Расчётный листок за ноябрь 2026 — ООО «Связь-Регион»'
        text = msg.get_body(('plain',)).get_content()
        assert r['name'] in text and 'защищён паролем' in text and 'выдали в бухгалтерии лично' in text
        raw = msg.as_bytes()
        assert r['password'].encode() not in raw           # never in the message, body or headers
        (attachment,) = list(msg.iter_attachments())
        assert attachment.get_filename() == 'Расчетный листок 2026-11.pdf'
        data = attachment.get_content()
        assert r['password'].encode() not in data

        locked = pypdf.PdfReader(io.BytesIO(data))
        assert locked.is_encrypted
        with pytest.raises(pypdf.errors.FileNotDecryptedError):
            locked.pages[0].extract_text()
        assert not pypdf.PdfReader(io.BytesIO(data)).decrypt('не тот пароль')
        reader = pypdf.PdfReader(io.BytesIO(data))
        assert reader.decrypt(r['password'])
        page = reader.pages[0].extract_text()
        f = r['figures']
        assert r['name'] in page and 'Расчётный листок за ноябрь 2026 г.' in page
        # the workbook's own cached figures appear on the payslip
        for header in ('Начислено всего, руб.', 'Аванс (выплачен), руб.',
                       'К выплате в окончательный расчёт, руб.', 'Оклад за отработанное, руб.'):
            assert _rub(f[header]) in page, (r['name'], header, _rub(f[header]))
        withheld = f['НДФЛ всего, руб.'] + f['Удержано по исполнительным листам, руб.']
        assert 'Всего удержано' in page and _rub(withheld) in page
        assert '20.11.2026' in page and '04.12.2026' in page
        # accrued − withheld − paid = owed, the figure ст. 136 ТК asks for
        paid = f['Аванс (выплачен), руб.'] + f['Выплачено отдельно (отпускные до отпуска), руб.']
        assert 'Всего выплачено' in page and _rub(paid) in page
        assert abs(f['Начислено всего, руб.'] - withheld - paid
                   - f['К выплате в окончательный расчёт, руб.']) < 0.005

    # the passwords are nowhere but in the workbook: not in the outbox, the log, the PDFs on disk
    logging.getLogger('b2bkit').handlers[:] = []
    checked = 0
    for path in demo.rglob('*'):
        if path.is_file() and path.name != layout.FILE_NAME:
            content = path.read_bytes()
            for r in rows:
                assert r['password'].encode() not in content, path
            checked += 1
    assert (demo / 'Журналы' / 'b2bkit.log').exists() and checked > 8

    # a rerun sends nothing and rewrites nothing
    pdf = payslips_job.pdf_path(demo, '2026-11', '0001')
    before = pdf.read_bytes()
    again = payslips_job.run_job(demo, WHEN, environ=env)
    assert 'листков поставлено в очередь: 0' in again and 'повторно не отправляются: 6' in again, again
    assert len(srv.handler.messages) == 6
    assert pdf.read_bytes() == before


def test_the_model_recomputes_every_figure_of_the_committed_workbook(tmp_path):
    """The job does not read cached values; what it recomputes equals what the workbook shows."""
    shutil.copy(ROOT / 'workbooks' / layout.FILE_NAME, tmp_path / layout.FILE_NAME)
    book = payslips_workbook.read(tmp_path)
    rows = _workbook_rows(tmp_path / layout.FILE_NAME)
    assert (book.month_key, book.advance_date, book.final_date) == ('2026-11', datetime.date(2026, 11, 20),
                                                                   datetime.date(2026, 12, 4))
    assert len(book.employees) == len(rows) == 6
    compared = 0
    for e, r in zip(book.employees, rows):
        assert e.name == r['name']
        for key, header, _ in layout.MONTH_RESULTS:
            if key.startswith('sick_'):
                got = getattr(e.pay.sick, key[5:])
            else:
                got = getattr(e.pay, key)
            assert float(got) == pytest.approx(r['figures'][header], abs=1e-9), (e.name, header)
            compared += 1
    assert compared == 6 * len(layout.MONTH_RESULTS)


def _edit(path, sheet, header, row, value):
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    col = next(c.column for c in ws[layout.HEADER_ROW + 1] if c.value == header)
    ws.cell(row, col).value = value
    wb.save(path)


def test_an_employee_without_a_password_is_listed_and_sent_after_the_fix(operator_dir):
    layout.write_demo_payroll(operator_dir)
    path = operator_dir / layout.FILE_NAME
    _edit(path, layout.EMPLOYEES, 'Пароль расчётного листка', 6, None)      # the second employee
    with pytest.raises(UserError) as err:
        payslips_job.run_job(operator_dir, WHEN)
    text = str(err.value)
    assert 'Кузнецова Ольга Петровна (строка 6 листа «Сотрудники»): не задан пароль листка' in text
    mail_dir = operator_dir / 'Почта'
    assert len(list(mail_dir.glob('*.eml'))) == 5                 # the others went out
    _edit(path, layout.EMPLOYEES, 'Пароль расчётного листка', 6, 'kuzn-2026')
    again = payslips_job.run_job(operator_dir, WHEN)
    assert 'листков поставлено в очередь: 1' in again and 'повторно не отправляются: 5' in again
    assert len(list(mail_dir.glob('*.eml'))) == 6


def test_bad_values_and_the_wrong_month_are_russian_errors_naming_the_cell(operator_dir):
    layout.write_demo_payroll(operator_dir)
    path = operator_dir / layout.FILE_NAME
    with pytest.raises(UserError, match=r'расчёт за ноябрь 2026.*листки нужны за 2026-10.*--month 2026-11'):
        payslips_job.run_job(operator_dir, WHEN, month='2026-10')
    _edit(path, layout.MONTH, 'Отработано дней за месяц', 7, 25)
    with pytest.raises(UserError) as err:
        payslips_job.run_job(operator_dir, WHEN)
    assert str(err.value).startswith('Зарплата отдела продаж.xlsx, лист «Расчёт», строка 7, столбец '
                                     '«Отработано дней за месяц»: аргумент «отработано дней» (worked_days): не может быть '
                                     'больше рабочих дней месяца (20)')
    assert not (operator_dir / 'Почта').exists() or not list((operator_dir / 'Почта').glob('*.eml'))
    _edit(path, layout.MONTH, 'Отработано дней за месяц', 7, 16)
    wb = openpyxl.load_workbook(path)
    wb[layout.SETTINGS]['B6'] = 0                                   # «Рабочих дней в месяце»
    wb.save(path)
    with pytest.raises(UserError, match=r'лист «Настройки», строка «Рабочих дней в месяце»: '
                                         r'аргумент «рабочих дней в месяце» \(working_days\): должно быть больше 0'):
        payslips_job.run_job(operator_dir, WHEN)
    path.unlink()
    with pytest.raises(UserError, match='нет книги'):
        payslips_job.run_job(operator_dir, WHEN, missing_ok=False)      # what the command asks


def test_a_folder_without_a_payroll_is_no_failure_for_the_schedule(operator_dir, capsys):
    from jobs.cli import main
    moment = datetime.datetime(2026, 12, 4, 12, 0, tzinfo=MSK)
    sch = scheduler.Scheduler(operator_dir, now=lambda: moment,
                              jobs={'payslips': scheduler.JOBS['payslips']})
    (done,) = sch.tick()
    assert done[1] == 'ok' and 'нет книги «Зарплата отдела продаж.xlsx»' in done[2]
    assert main(['payslips', '--dir', str(operator_dir), '--month', '2026-11']) == 2
    assert 'Ошибка: нет книги' in capsys.readouterr().err


def test_rows_of_the_two_sheets_moved_apart_are_refused(tmp_path):
    """A row inserted on «Сотрудники» only: Excel shifts the name formulas of «Расчёт», so
    its saved names no longer match. Simulated by renaming the person in the shared strings,
    which only «Сотрудники» uses (the formulas on «Расчёт» keep their saved text)."""
    import zipfile
    src, path = ROOT / 'workbooks' / layout.FILE_NAME, tmp_path / layout.FILE_NAME
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == 'xl/sharedStrings.xml':
                text = data.decode('utf-8')
                assert 'Кузнецова Ольга Петровна' in text
                data = text.replace('Кузнецова Ольга Петровна', 'Новикова Ирина Павловна').encode('utf-8')
            zout.writestr(item, data)
    with pytest.raises(UserError, match=r'лист «Расчёт», строка 6: здесь «Кузнецова Ольга Петровна», '
                                        r'а на листе «Сотрудники» в этой строке «Новикова Ирина Павловна»'):
        payslips_workbook.read(tmp_path)


def test_dry_run_writes_and_sends_nothing(operator_dir, capsys):
    from jobs.cli import main
    layout.write_demo_payroll(operator_dir)
    assert main(['payslips', '--dir', str(operator_dir), '--month', '2026-11', '--dry-run']) == 0
    out = capsys.readouterr().out
    assert 'проверка: листки получили бы 6' in out and 'smirnov@example.ru' in out
    assert not (operator_dir / 'Выгрузка' / 'Расчетные листки').exists()
    db = state.connect(operator_dir)
    try:
        assert db.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
    finally:
        db.close()


def test_scheduled_on_the_payday_once_a_month(operator_dir):
    layout.write_demo_payroll(operator_dir)
    from jobs import settings as settings_mod
    s = settings_mod.load(operator_dir)
    # payslips_day = 5; 5 December 2026 is a Saturday → Friday the 4th, at 11:00 Moscow time
    assert scheduler.payday(s.calendar, 2026, 12, 5) == datetime.date(2026, 12, 4)
    # 5 January 2027 is among the New Year holidays with no working day before it → Monday the 11th
    assert scheduler.payday(s.calendar, 2027, 1, 5) == datetime.date(2027, 1, 11)
    jobs = {'payslips': scheduler.JOBS['payslips']}
    early = datetime.datetime(2026, 12, 4, 10, 59, tzinfo=MSK)
    assert scheduler.due_slots(s, early, jobs=jobs) == []
    late = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=MSK)       # the machine was off on the 4th
    (slot,) = scheduler.due_slots(s, late, jobs=jobs)
    assert (slot.job, slot.slot, slot.when) == ('payslips', '2026-12', datetime.date(2026, 12, 4))
    sch = scheduler.Scheduler(operator_dir, now=lambda: late, jobs=jobs)
    (done,) = sch.tick()
    assert done[1] == 'ok' and 'ноябрь 2026' in done[2], done
    assert sch.tick() == []                                        # once a month
    assert len(list((operator_dir / 'Почта').glob('*.eml'))) == 6
