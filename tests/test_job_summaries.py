"""What the jobs tell the accountant and cron (issue 15, points 5 and 9)."""

import datetime
import os
import time

import openpyxl
import pytest

from jobs import cli, operator_folder

TODAY = datetime.date(2026, 5, 14)


@pytest.fixture
def demo(demo_folder):
    """A copy of a demo folder built once per session (tests/conftest.py)."""
    return demo_folder('op', today=TODAY, seed=11, clients=40)


def test_the_debtors_summary_names_the_excluded_rows_and_where_the_list_is(demo, capsys):
    path = demo / operator_folder.REGISTER_FILE
    wb = openpyxl.load_workbook(path)
    wb['Клиенты']['C5'] = '7707083894'          # ИНН with a wrong checksum: the row is excluded
    wb['Начисления']['D12'] = 'двести'          # and a charge row
    wb.save(path)
    assert cli.main(['debtors', '--date', '2026-05-14', '--dir', str(demo)]) == 0
    out = capsys.readouterr().out
    assert 'строк реестра с ошибками (не учтены, такие клиенты не получат уведомлений): 2' in out
    assert 'Выгрузка/Проверка реестра.xlsx' in out
    # the accountant's e-mail says the same (a run inside the send window; folder transport: «Почта»)
    import email
    from email import policy
    from jobs.debtors.job import run_job
    run_job(demo, TODAY, now=datetime.datetime(2026, 5, 14, 8, 0, tzinfo=datetime.timezone.utc))  # 11:00 МСК
    reports = [email.message_from_bytes(p.read_bytes(), policy=policy.default) for p in (demo / 'Почта').glob('*.eml')]
    (report,) = [m for m in reports if str(m['Subject']).startswith('Отчет по должникам на 14.05.2026')]
    text = ' '.join(report.get_body(('plain',)).get_content().split())
    assert 'в реестре 2 строк с ошибками — они не учтены, и эти клиенты не получили уведомлений' in text
    assert 'файл Выгрузка/Проверка реестра.xlsx' in text


def test_a_refused_smtp_login_is_a_non_zero_exit_after_the_work_is_done(demo, smtp_server, smtp_env, capsys):
    srv = smtp_server(reject_auth=True)
    smtp_env(srv.port, B2BKIT_SMTP_USER='buh@svyaz-region.ru', B2BKIT_SMTP_PASSWORD='wrong')
    assert cli.main(['documents', '--month', '2026-05', '--dir', str(demo)]) == 2
    err = capsys.readouterr().err
    assert 'отверг имя пользователя' in err and 'выпущено' in err      # the summary says what was done
    assert 'wrong' not in err
    assert list((demo / operator_folder.OUTPUT_DIR).rglob('*.pdf'))    # the documents exist, queued for later


def test_leftover_temporary_files_of_a_killed_run_are_removed_by_the_next(demo):
    out = demo / operator_folder.OUTPUT_DIR
    stale, fresh = out / '.tmp-abc123.pdf', out / '.tmp-def456.xlsx'
    stale.write_bytes(b'%PDF-1.4 half')
    fresh.write_bytes(b'PK half')
    old = time.time() - 3600
    os.utime(stale, (old, old))                 # left by a run killed an hour ago
    assert cli.main(['check', '--dir', str(demo)]) == 0
    assert not stale.exists()
    assert fresh.exists()                       # might be another running process's file: kept


def test_check_outside_an_operator_folder_creates_nothing(tmp_path, capsys):
    empty = tmp_path / 'не-папка-оператора'
    empty.mkdir()
    assert cli.main(['check', '--dir', str(empty)]) == 1
    assert 'Это не папка оператора' in capsys.readouterr().out
    assert list(empty.iterdir()) == []


def test_a_stop_request_ends_documents_between_clients_and_the_rerun_makes_the_rest(demo):
    from jobs import runlock, state
    from jobs.documents.job import run_job
    seen = []
    real_set = runlock.stop_event.is_set

    def after_three_clients():
        # SIGTERM under `b2bkit run` sets this event; here it "arrives" while the 4th client is next
        seen.append(1)
        return len(seen) > 3
    runlock.stop_event.is_set = after_three_clients
    try:
        summary = run_job(demo, datetime.date(2026, 5, 4))
    finally:
        runlock.stop_event.is_set = real_set
    assert 'остановлено по запросу' in summary
    db = state.connect(demo)
    try:
        first = {r[0] for r in db.execute('SELECT DISTINCT client_code FROM documents')}
        assert 1 <= len(first) <= 3             # stopped after the client in hand, not after all 40
        run_job(demo, datetime.date(2026, 5, 4))
        after = {r[0] for r in db.execute('SELECT DISTINCT client_code FROM documents')}
        # the demo operator pays VAT: УПД and advance invoices, one series of счета-фактуры
        numbers = sorted(r[0] for r in db.execute(
            "SELECT number FROM documents WHERE doc_type IN ('upd', 'advance_invoice', 'vat_invoice')"))
    finally:
        db.close()
    assert first < after and numbers == list(range(1, len(numbers) + 1))
