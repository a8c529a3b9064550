"""The scheduler (``b2bkit run``): slots, catch-up with a fake clock, the instance lock, stopping."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jobs import logs, runlock, scheduler, settings as settings_mod, state
from jobs.errors import UserError

ROOT = Path(__file__).resolve().parents[1]
MSK = ZoneInfo('Europe/Moscow')

JOB_MODULE = '''
"""A job module registered for the test: records its calls, can be told to fail, queues a message."""
import json
from pathlib import Path
from jobs import mail, settings, state
from jobs.errors import UserError

def _record(operator_dir, name, when, dry_run):
    log = Path(operator_dir) / 'calls.jsonl'
    with open(log, 'a', encoding='utf-8') as f:
        f.write(json.dumps([name, when.isoformat(), dry_run]) + '\\n')
    fail = Path(operator_dir) / ('fail-' + name)
    if fail.exists():
        fail.unlink()
        raise UserError('реестр клиентов не найден (проверка повтора)')

def documents(operator_dir, when, dry_run=False):
    _record(operator_dir, 'documents', when, dry_run)
    s = settings.load(operator_dir)
    db = state.connect(operator_dir)
    mail.enqueue(db, s, job='documents', key='K0001/%s' % when.strftime('%Y-%m'), recipients=['k1@example.ru'],
                 subject='Закрывающие документы за %s' % when.strftime('%m.%Y'), text='Документы во вложении.')
    result = mail.deliver(operator_dir, s, db)
    db.close()
    return 'документов: 1; ' + result.summary()

def report(operator_dir, when, dry_run=False):
    _record(operator_dir, 'report', when, dry_run)
    return 'отчёт готов'

def debtors(operator_dir, when, dry_run=False):
    _record(operator_dir, 'debtors', when, dry_run)
    return 'должников: 0'
'''


@pytest.fixture
def jobs_module(tmp_path, monkeypatch):
    folder = tmp_path / 'jobmods'
    folder.mkdir()
    name = 'b2bkit_test_jobs_%d' % os.getpid()
    (folder / (name + '.py')).write_text(JOB_MODULE, encoding='utf-8')
    monkeypatch.syspath_prepend(str(folder))
    return {job: '%s:%s' % (name, job) for job in ('documents', 'report', 'debtors')}


def calls(operator_dir):
    import json
    path = operator_dir / 'calls.jsonl'
    if not path.exists():
        return []
    return [tuple(json.loads(line)) for line in path.read_text(encoding='utf-8').splitlines()]


def clock(*args):
    moment = [datetime.datetime(*args, tzinfo=MSK)]
    fake = lambda: moment[0]
    fake.set = lambda *a: moment.__setitem__(0, datetime.datetime(*a, tzinfo=MSK))
    return fake


def runs(operator_dir):
    db = state.connect(operator_dir)
    try:
        return [(r['job'], r['slot'], r['status']) for r in db.execute('SELECT * FROM job_runs ORDER BY id')]
    finally:
        db.close()


#: The monthly and daily jobs, without the weekly sales ones (tests/test_sales_job.py checks those).
BASE_JOBS = {k: v for k, v in scheduler.JOBS.items() if k in ('documents', 'report', 'debtors')}


def test_due_slots_follow_working_days_times_and_time_zone(operator_dir):
    s = settings_mod.load(operator_dir)
    utc = datetime.timezone.utc
    # 01.12.2026 (Tue) is the first working day; 09:00 Moscow = 06:00 UTC
    assert scheduler.due_slots(s, datetime.datetime(2026, 12, 1, 5, 59, tzinfo=utc), catchup_days=0, jobs=BASE_JOBS) == []
    due = scheduler.due_slots(s, datetime.datetime(2026, 12, 1, 6, 45, tzinfo=utc), catchup_days=0, jobs=BASE_JOBS)
    assert [(d.job, d.slot, d.when) for d in due] == [
        ('documents', '2026-12', datetime.date(2026, 12, 1)), ('report', '2026-12', datetime.date(2026, 12, 1))]
    # January 2027: holidays up to the 8th, so the first working day is Monday the 11th
    assert scheduler.nth_working_day(s.calendar, 2027, 1, 1) == datetime.date(2027, 1, 11)
    assert scheduler.due_slots(s, datetime.datetime(2027, 1, 8, 12, 0, tzinfo=MSK), catchup_days=0,
                               jobs=BASE_JOBS) == []
    # a Saturday has no debtors slot, and Friday's is not run then either: nothing may be sent on a
    # day off, and a run that sends nothing must not count as done. Monday 09:30 (send window open,
    # Monday's own 10:00 slot not yet due) runs Friday's
    db = state.connect(operator_dir)
    try:
        sat = scheduler.pending_slots(db, s, datetime.datetime(2026, 12, 5, 12, 0, tzinfo=MSK))
        mon = scheduler.pending_slots(db, s, datetime.datetime(2026, 12, 7, 9, 30, tzinfo=MSK))
        evening = scheduler.pending_slots(db, s, datetime.datetime(2026, 12, 7, 18, 30, tzinfo=MSK))
    finally:
        db.close()
    assert [d for d in sat if d.job == 'debtors'] == []
    assert [(d.job, d.slot) for d in mon if d.job == 'debtors'] == [('debtors', '2026-12-04')]
    assert [d for d in evening if d.job == 'debtors'] == []     # after the window (09:00–18:00) closed


def test_catch_up_after_a_missed_first_of_month(operator_dir, jobs_module):
    # the machine was off on 01.12 and 02.12 and comes up on 03.12 at 08:00, before the debtors' 10:00
    now = clock(2026, 12, 3, 8, 0)
    sch = scheduler.Scheduler(operator_dir, now=now, jobs=jobs_module)
    done = sch.tick()
    assert [(slot.job, slot.slot, status) for slot, status, _ in done] == [
        ('documents', '2026-12', 'ok'), ('report', '2026-12', 'ok')]
    # the job's message went out at the end of its run (folder transport by default)
    assert len(list((operator_dir / 'Почта').glob('*.eml'))) == 1
    # nothing runs twice; the missed debtors day waits for the send window (09:00–18:00) to open
    assert sch.tick() == []
    now.set(2026, 12, 3, 9, 0)
    assert [(slot.job, slot.slot) for slot, _, _ in sch.tick()] == [('debtors', '2026-12-02')]
    assert calls(operator_dir) == [('documents', '2026-12-01', False), ('report', '2026-12-01', False),
                                   ('debtors', '2026-12-02', False)]
    now.set(2026, 12, 3, 9, 59)
    assert sch.tick() == []
    # 10:00 brings today's debtors slot, and only that
    now.set(2026, 12, 3, 10, 0)
    assert [(s.job, s.slot) for s, _, _ in sch.tick()] == [('debtors', '2026-12-03')]
    # a restart of the process (a new Scheduler) does not rerun anything either
    assert scheduler.Scheduler(operator_dir, now=now, jobs=jobs_module).tick() == []
    assert len(calls(operator_dir)) == 4
    assert len(list((operator_dir / 'Почта').glob('*.eml'))) == 1


def test_a_failed_run_is_retried_on_the_next_tick(operator_dir, jobs_module):
    logs.setup(operator_dir)
    (operator_dir / 'fail-documents').write_text('')
    now = clock(2026, 12, 1, 9, 5)
    sch = scheduler.Scheduler(operator_dir, now=now, jobs={'documents': jobs_module['documents']})
    [(slot, status, summary)] = sch.tick()
    assert status == 'failed' and 'реестр клиентов не найден' in summary
    now.set(2026, 12, 1, 9, 15)
    [(slot, status, summary)] = sch.tick()
    assert status == 'ok'
    assert runs(operator_dir) == [('documents', '2026-12', 'failed'), ('documents', '2026-12', 'ok')]
    assert sch.tick() == []
    log_text = logs.log_path(operator_dir).read_text(encoding='utf-8')
    assert 'реестр клиентов не найден' in log_text and 'Готово: закрывающие документы' in log_text


def test_a_job_not_installed_yet_is_reported_and_skipped(operator_dir, jobs_module, caplog):
    jobs = dict(jobs_module, debtors='jobs.no_such_job_yet:run_job')
    sch = scheduler.Scheduler(operator_dir, now=clock(2026, 12, 1, 12, 0), jobs=jobs)
    with caplog.at_level('WARNING', logger='b2bkit.run'):
        done = sch.tick()
    assert [(s.job, status) for s, status, _ in done] == [('documents', 'ok'), ('report', 'ok'),
                                                          ('debtors', 'not-installed')]
    assert 'ещё не установлено' in done[-1][2]
    assert 'ещё не установлено' in caplog.text
    assert ('debtors', '2026-12-01', 'ok') not in runs(operator_dir)
    assert all(job != 'debtors' for job, _, _ in runs(operator_dir))


def test_a_job_package_without_its_entry_point_is_not_installed_yet(operator_dir, tmp_path, monkeypatch):
    folder = tmp_path / 'halfway'
    folder.mkdir()
    (folder / 'b2bkit_halfway_job.py').write_text('HELPERS = 1\n', encoding='utf-8')
    monkeypatch.syspath_prepend(str(folder))
    sch = scheduler.Scheduler(operator_dir, now=clock(2026, 12, 1, 12, 0),
                              jobs={'documents': 'b2bkit_halfway_job:run_job'})
    [(slot, status, summary)] = sch.tick()
    assert status == 'not-installed' and 'нет функции run_job' in summary


def test_a_broken_job_module_is_an_error_not_not_installed(operator_dir, tmp_path, monkeypatch):
    folder = tmp_path / 'broken'
    folder.mkdir()
    (folder / 'b2bkit_broken_job.py').write_text('import no_such_dependency_xyz\n', encoding='utf-8')
    monkeypatch.syspath_prepend(str(folder))
    with pytest.raises(ModuleNotFoundError):
        scheduler.resolve('b2bkit_broken_job:run_job')


def test_instance_lock_in_process(operator_dir):
    with runlock.InstanceLock(operator_dir):
        with pytest.raises(UserError) as err:
            with runlock.InstanceLock(operator_dir):
                pass
        assert 'уже запущен' in str(err.value) and str(os.getpid()) in str(err.value)
    with runlock.InstanceLock(operator_dir):   # released: can be taken again
        pass


def test_second_run_process_refuses_and_sigterm_stops_the_first(operator_dir, write_settings):
    # no working days at all: the first `run` has nothing to do and just waits
    write_settings(r'^weekends = .*$', 'weekends = [1, 2, 3, 4, 5, 6, 7]')
    env = {**os.environ, 'PYTHONUNBUFFERED': '1'}
    env.pop('B2BKIT_MAIL_TRANSPORT', None)
    cmd = [sys.executable, '-m', 'jobs.cli', 'run', '--dir', str(operator_dir)]
    first = subprocess.Popen(cmd, cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    try:
        deadline = time.monotonic() + 30
        log = logs.log_path(operator_dir)
        while time.monotonic() < deadline and not (log.exists() and 'Планировщик работает' in
                                                   log.read_text(encoding='utf-8')):
            assert first.poll() is None, first.communicate()
            time.sleep(0.05)
        second = subprocess.run(cmd + ['--once'], cwd=str(ROOT), env=env, capture_output=True, text=True,
                                timeout=60)
        assert second.returncode == 2
        assert 'уже запущен' in second.stderr and str(first.pid) in second.stderr
        first.send_signal(signal.SIGTERM)
        out, err = first.communicate(timeout=30)
        assert first.returncode == 0, err
        assert 'Планировщик остановлен' in log.read_text(encoding='utf-8')
    finally:
        if first.poll() is None:
            first.kill()
            first.communicate()
    # after it stopped, a new run starts normally
    again = subprocess.run(cmd + ['--once'], cwd=str(ROOT), env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr


def test_run_once_status_lines(operator_dir, jobs_module):
    sch = scheduler.Scheduler(operator_dir, now=clock(2026, 12, 1, 12, 0), jobs=jobs_module)
    sch.tick()
    db = state.connect(operator_dir)
    s = settings_mod.load(operator_dir)
    lines = scheduler.status_lines(db, s, datetime.datetime(2026, 12, 1, 12, 0, tzinfo=MSK), jobs=jobs_module)
    db.close()
    assert lines[0] == 'Ожидают запуска: ничего'
    assert any('закрывающие документы' in line and 'успешно' in line for line in lines)


def test_catch_up_covers_every_missed_month_oldest_first(operator_dir, jobs_module):
    # in service in November: the 02.11 slots ran (first working day: 02.11.2026, Monday)
    now = clock(2026, 11, 2, 11, 0)
    sch = scheduler.Scheduler(operator_dir, now=now, jobs=jobs_module)
    assert [(s.slot, st) for s, st, _ in sch.tick() if s.job != 'debtors'] == [('2026-11', 'ok'), ('2026-11', 'ok')]
    # the office PC is off from 27.11 to 13.01 and comes up at 09:45, before the debtors' 10:00;
    # first working days (shipped calendar, holidays 1–10 January 2027): 01.12.2026 and 11.01.2027
    now.set(2027, 1, 13, 9, 45)
    done = scheduler.Scheduler(operator_dir, now=now, jobs=jobs_module).tick()
    assert [(s.job, s.slot, s.when) for s, st, _ in done] == [
        ('documents', '2026-12', datetime.date(2026, 12, 1)), ('report', '2026-12', datetime.date(2026, 12, 1)),
        ('documents', '2027-01', datetime.date(2027, 1, 11)), ('report', '2027-01', datetime.date(2027, 1, 11)),
        ('debtors', '2027-01-12', datetime.date(2027, 1, 12))]
    # it says what it caught up, in the record `b2bkit run --status` shows
    db = state.connect(operator_dir)
    try:
        summaries = [r[0] for r in db.execute("SELECT summary FROM job_runs WHERE slot = '2026-12'")]
    finally:
        db.close()
    assert summaries and all(s.startswith('наверстано (было назначено на 01.12.2026)') for s in summaries)
    # and the December documents were made for December's slot, with December's date
    assert ('documents', '2026-12-01', False) in calls(operator_dir)


def test_a_new_installation_does_not_catch_up_months_before_it_first_ran(operator_dir, jobs_module):
    # first start ever on 13.01.2027: December's slot is not issued on its own, January's is
    now = clock(2027, 1, 13, 8, 0)
    done = scheduler.Scheduler(operator_dir, now=now, jobs=jobs_module).tick()
    assert [(s.job, s.slot) for s, _, _ in done if s.job != 'debtors'] == [('documents', '2027-01'),
                                                                          ('report', '2027-01')]


def test_catch_up_stays_within_the_configured_horizon(operator_dir, jobs_module, write_settings):
    write_settings(r'^catchup_days = 62', 'catchup_days = 20')
    now = clock(2026, 11, 2, 11, 0)
    scheduler.Scheduler(operator_dir, now=now, jobs=jobs_module).tick()
    now.set(2027, 1, 13, 8, 0)            # 01.12 is 43 days back: outside a 20-day horizon
    done = scheduler.Scheduler(operator_dir, now=now, jobs=jobs_module).tick()
    assert [s.slot for s, _, _ in done if s.job == 'documents'] == ['2027-01']
