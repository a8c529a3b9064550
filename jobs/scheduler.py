"""``b2bkit run``: the scheduled jobs (SPEC 7.5).

Jobs and slots
--------------
A job is a function ``run_job(operator_dir, when, dry_run=False) -> str``
(Russian summary) registered in :data:`JOBS` as ``'module:function'``:

=============  ===============================  ======================================
job            runs                             slot (recorded in ``job_runs.slot``)
=============  ===============================  ======================================
``documents``  Nth working day, ``documents_at`` the month ``2026-11``
``report``     the same working day, ``report_at``  the month ``2026-11``
``debtors``    every working day, ``debtors_at``    the date ``2026-11-24``
``payslips``   ``payslips_day``, ``payslips_at``    the month ``2026-12`` (payslips of 2026-11)
``sales``      weekly, ``[sales] weekly_at``        the ISO week ``2026-W49``
``sales-daily`` every working day, the same time   the date ``2026-11-24``
=============  ===============================  ======================================

The payslips' day is a calendar day (the final payment's); when it is not a
working day, the working day before it (ст. 136 ТК, ч. 8).

*when* is the slot's scheduled date (the working day), also when a missed
slot is caught up later, so a rerun of a slot sees the same date. A job whose
module is not installed yet is reported («задание ещё не установлено») and
skipped. A job raises :class:`~jobs.errors.UserError` for problems the user must
fix; the run is recorded as failed and tried again at the next tick.

Deciding what is due is a pure function of the clock, the settings and
``job_runs`` (:func:`pending_slots`): a slot whose time has passed and that
has no run finished ``ok``. Catch-up after the machine was off: every missed
monthly slot of the documents and the report within ``[schedule] catchup_days``
(default 62: off from 27.11 to 13.01, both the December and the January slots
run, oldest first), but never one from before the scheduler's first recorded
run (a new installation does not issue last month's documents on its own); for
the debtors only the latest working day of the last *catchup_days* days (older
days are covered by it — the debtors job works on the state as of its date,
the notices of skipped stages are recorded by the job). What was caught up is
logged and shown in ``b2bkit run --status``. The ``schedule`` library only wakes the process up
at the configured times (and every few minutes, for retries); the decision is
taken by :meth:`Scheduler.tick` with the injectable clock.

Why the times are converted: ``schedule`` supports time zones only through
``pytz``; rather than add that dependency, the operator's times (``zoneinfo``)
are converted to the machine's local time and re-planned every day.
"""

import datetime
import importlib
import logging
from contextlib import closing
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from . import files, settings as settings_mod
from . import state
from .errors import UserError, environment_problem

log = logging.getLogger('b2bkit.run')

#: The scheduled jobs, in the order they run when several are due at once.
JOBS = {
    'documents': 'jobs.documents:run_job',
    'report': 'jobs.report:run_job',
    'debtors': 'jobs.debtors:run_job',
    'payslips': 'jobs.payslips:run_job',
    'sales': 'jobs.sales:run_job',
    'sales-daily': 'jobs.sales:run_daily',
}
JOB_TITLES = {'documents': 'закрывающие документы', 'report': 'общий отчёт по юрлицам',
              'debtors': 'работа с должниками', 'payslips': 'расчётные листки', 'sales': 'отчёт по продажам',
              'sales-daily': 'оперативка продаж'}
CATCHUP_DAYS = 7            # the debtors' look-back: the latest missed working day within it runs
RETRY_MINUTES = 10


@dataclass(frozen=True)
class Slot:
    job: str
    slot: str                       # 2026-11-24 or 2026-11
    when: datetime.date             # the scheduled working day
    at: datetime.datetime           # scheduled moment, operator's time zone

    def title(self):
        return '%s (%s)' % (JOB_TITLES.get(self.job, self.job), self.slot)

    def missed(self, now):
        """True when the slot's day is before *now*'s day: it is being caught up."""
        return self.when < now.astimezone(self.at.tzinfo).date()


class NotInstalled(Exception):
    """The job's module does not exist yet."""


def resolve(target):
    """``'module:function'`` (or a callable) → the callable; :class:`NotInstalled` if the module is absent."""
    if callable(target):
        return target
    module_name, _, func = target.partition(':')
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        # only the job's own module missing means "not installed"; a missing
        # dependency inside an existing job is a real error and must show
        if exc.name and (module_name == exc.name or module_name.startswith(exc.name + '.')):
            raise NotInstalled('нет модуля %s' % module_name)
        raise
    try:
        return getattr(module, func or 'run_job')
    except AttributeError:
        # the job's package is there but its entry point is not written yet
        raise NotInstalled('в модуле %s нет функции %s' % (module_name, func or 'run_job'))


def nth_working_day(calendar, year, month, n):
    """The *n*-th working day of the month (the last one if the month has fewer), or None."""
    days = calendar.working_days_of_month(year, month)
    if not days:
        return None
    return days[min(n, len(days)) - 1]


def payday(calendar, year, month, day):
    """The calendar *day* of the month (its last day if the month is shorter), or the
    working day before it when it is a day off (ст. 136 ТК, ч. 8). When there is no
    working day before it in the month (5 January among the New Year holidays), the
    first working day after it: the payslips go out as soon as work resumes. None if
    the month has no working day at all."""
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    d = datetime.date(year, month, min(day, last))
    back = d
    while back.month == month:
        if calendar.is_working_day(back):
            return back
        back -= datetime.timedelta(days=1)
    later = [w for w in calendar.working_days_of_month(year, month) if w > d]
    return later[0] if later else None


def _months_back(day, since):
    """(year, month) from *since*'s month to *day*'s, ascending."""
    y, m = since.year, since.month
    while (y, m) <= (day.year, day.month):
        yield y, m
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)


def due_slots(settings, now, catchup_days=CATCHUP_DAYS, jobs=JOBS, since=None):
    """Every slot whose time has come (within the catch-up windows), earliest first; *now* is aware.

    *since*: the first moment the scheduler ran (``None`` — never): monthly slots
    before it are not caught up, only the current month's.
    """
    sch, cal = settings.schedule, settings.calendar
    tz = ZoneInfo(sch.timezone)
    now = now.astimezone(tz)
    today = now.date()
    out = []

    def at(day, t):
        return datetime.datetime.combine(day, t, tzinfo=tz)

    # never run before: this month only; else back to the first run, at most catchup_days
    horizon = (max(today - datetime.timedelta(days=sch.catchup_days), since.astimezone(tz).date())
               if since is not None else today.replace(day=1))
    for year, month in _months_back(today, horizon.replace(day=1)):
        current = (year, month) == (today.year, today.month)
        monthly_day = nth_working_day(cal, year, month, sch.documents_workday)
        if monthly_day is not None and (monthly_day >= horizon or current):
            for job, t in (('documents', sch.documents_at), ('report', sch.report_at)):
                if job in jobs and at(monthly_day, t) <= now:
                    out.append(Slot(job, '%04d-%02d' % (year, month), monthly_day, at(monthly_day, t)))
        pay_day = payday(cal, year, month, sch.payslips_day) if 'payslips' in jobs else None
        if pay_day is not None and (pay_day >= horizon or current) and at(pay_day, sch.payslips_at) <= now:
            out.append(Slot('payslips', '%04d-%02d' % (year, month), pay_day, at(pay_day, sch.payslips_at)))
    start, end = sch.send_window
    sending_now = cal.is_working_day(today) and start <= now.time().replace(tzinfo=None) < end
    # a debtors run outside the send window sends nothing: it must not count as done, so it is not
    # run then at all — the slot waits for the window of the next working day (or of today)
    if 'debtors' in jobs and sending_now:
        for back in range(catchup_days + 1):
            day = today - datetime.timedelta(days=back)
            if cal.is_working_day(day) and at(day, sch.debtors_at) <= now:
                out.append(Slot('debtors', day.isoformat(), day, at(day, sch.debtors_at)))
    if 'sales' in jobs or 'sales-daily' in jobs:
        out += _sales_slots(settings, today, now, at, jobs)
    return sorted(out, key=lambda s: s.at)


def _sales_slots(settings, today, now, at, jobs):
    """The weekly sales report (slot: the ISO week ``2026-W49``; catch-up: this week's slot, else
    last week's) and today's «оперативка» (no catch-up: yesterday's is of no use) at ``[sales] weekly_at``."""
    from .sales.config import weekly_day, weekly_slot
    try:
        weekday, t = weekly_slot(settings)
    except UserError as exc:
        log.error('Отчёт по продажам не запланирован: %s', exc)
        return []
    out = []
    for back in (0, 7) if 'sales' in jobs else ():
        day = weekly_day(settings.calendar, today - datetime.timedelta(days=back), weekday)
        if day is not None and day <= today and at(day, t) <= now:
            iso = day.isocalendar()
            out.append(Slot('sales', '%04d-W%02d' % (iso[0], iso[1]), day, at(day, t)))
            break
    if 'sales-daily' in jobs and settings.calendar.is_working_day(today) and at(today, t) <= now:
        out.append(Slot('sales-daily', today.isoformat(), today, at(today, t)))
    return out


def pending_slots(db, settings, now, catchup_days=CATCHUP_DAYS, jobs=JOBS):
    """The slots to run now: due, not finished ok; of the debtors' days only the latest."""
    due = due_slots(settings, now, catchup_days, jobs, since=state.runs.first_started(db))
    debtors = [s for s in due if s.job == 'debtors']
    latest = max(debtors, key=lambda s: s.when) if debtors else None
    return [s for s in due if (s.job != 'debtors' or s is latest) and not state.runs.succeeded(db, s.job, s.slot)]


def _utc(moment):
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec='seconds')


def run_slot(db, operator_dir, slot, target, now):
    """Run one slot, recorded in ``job_runs``; returns ``(status, summary)``.

    Status ``ok`` / ``failed`` / ``not-installed`` (nothing recorded then).
    """
    try:
        func = resolve(target)
    except NotInstalled as exc:
        text = 'задание «%s» ещё не установлено (%s) — пропущено' % (JOB_TITLES.get(slot.job, slot.job), exc)
        log.warning(text)
        return 'not-installed', text
    run_id = state.runs.start(db, slot.job, slot.slot, _utc(now()))
    missed = slot.missed(now())
    if missed:
        log.warning('Навёрстываю пропущенный запуск: %s, назначенный на %s',
                    slot.title(), slot.at.strftime('%d.%m.%Y %H:%M'))
    else:
        log.info('Запуск: %s, дата %s', slot.title(), slot.when.strftime('%d.%m.%Y'))
    status, summary = 'failed', ''
    try:
        summary = func(operator_dir, slot.when, dry_run=False) or ''
        if missed:
            summary = 'наверстано (было назначено на %s): %s' % (slot.when.strftime('%d.%m.%Y'), summary)
        status = 'ok'
    except UserError as exc:
        summary = str(exc)
        log.error('%s: ошибка: %s', slot.title(), summary)
    except KeyboardInterrupt:
        summary = 'прервано'
        raise
    except Exception as exc:
        summary = environment_problem(exc)
        if summary is not None:
            log.error('%s: %s', slot.title(), summary)
        else:
            summary = 'внутренняя ошибка программы: %s: %s (подробности в журнале)' % (type(exc).__name__, exc)
            log.exception('%s: внутренняя ошибка', slot.title())
    finally:
        state.runs.finish(db, run_id, status, summary, _utc(now()))
    if status == 'ok':
        log.info('Готово: %s: %s', slot.title(), summary)
    return status, summary


class Scheduler:
    """Drives the jobs for one operator folder. The caller holds :class:`jobs.runlock.InstanceLock`.

    *now*: callable returning an aware datetime (a fake clock in tests).
    *jobs*: the registry (default :data:`JOBS`). *mail_options*: passed to
    ``jobs.mail.deliver`` (tests shorten the backoff).
    """

    def __init__(self, operator_dir, *, now=None, jobs=None, catchup_days=CATCHUP_DAYS,
                 retry_minutes=RETRY_MINUTES, stop=None, environ=None, mail_options=None):
        from . import runlock
        self.dir = operator_dir
        self.now = now or (lambda: datetime.datetime.now(datetime.timezone.utc))
        self.jobs = dict(JOBS if jobs is None else jobs)
        self.catchup_days, self.retry_minutes = catchup_days, retry_minutes
        self.stop = stop if stop is not None else runlock.stop_event
        self.environ, self.mail_options = environ, mail_options or {}
        self.settings = None
        self._reported_missing = set()

    def _load_settings(self):
        try:
            self.settings = settings_mod.load(self.dir)
        except UserError as exc:
            if self.settings is None:
                raise
            log.error('Настройки не прочитаны, работаю с прежними: %s', exc)
        return self.settings

    def tick(self):
        """Run every pending slot, then send what is due; returns ``[(slot, status, summary)]``."""
        settings = self._load_settings()
        files.remove_leftovers(self.dir)
        done = []
        with closing(state.connect(self.dir)) as db:
            for slot in pending_slots(db, settings, self.now(), self.catchup_days, self.jobs):
                if self.stop.is_set():
                    break
                if slot.job in self._reported_missing:
                    continue
                status, summary = run_slot(db, self.dir, slot, self.jobs[slot.job], self.now)
                if status == 'not-installed':
                    self._reported_missing.add(slot.job)   # say it once per process, not every tick
                done.append((slot, status, summary))
            if not self.stop.is_set():
                self._deliver(db, settings)
        return done

    def _deliver(self, db, settings):
        from . import mail
        try:
            result = mail.deliver(self.dir, settings, db, environ=self.environ, stop=self.stop,
                                  **self.mail_options)
        except UserError as exc:
            log.error('Почта не отправлена: %s', exc)
            return
        if result.sent or result.retry or result.failed or result.connection_error:
            log.info('%s', result.summary())

    def plan(self, sched):
        """(Re)register the wake-ups in *sched* (a ``schedule.Scheduler``) in machine-local time."""
        sched.clear('at')
        settings = self.settings or self._load_settings()
        tz = ZoneInfo(settings.schedule.timezone)
        today = self.now().astimezone(tz).date()
        times = {settings.schedule.documents_at, settings.schedule.report_at, settings.schedule.debtors_at,
                 settings.schedule.payslips_at}
        if 'sales' in self.jobs or 'sales-daily' in self.jobs:
            from .sales.config import weekly_slot
            times.add(weekly_slot(settings)[1])
        for t in times:
            local = datetime.datetime.combine(today, t, tzinfo=tz).astimezone().strftime('%H:%M:%S')
            sched.every().day.at(local).do(self.tick).tag('at')

    def run_forever(self):
        """Catch up, then run at the configured times until :attr:`stop` is set."""
        import schedule
        sched = schedule.Scheduler()
        self.tick()
        self.plan(sched)
        sched.every().day.at('00:00:05').do(self.plan, sched)
        sched.every(self.retry_minutes).minutes.do(self.tick)
        log.info('Планировщик работает; следующее пробуждение: %s', sched.next_run)
        while not self.stop.is_set():
            sched.run_pending()
            idle = sched.idle_seconds
            self.stop.wait(max(1.0, min(idle if idle is not None else 60.0, 60.0)))
        log.info('Планировщик остановлен')


def status_lines(db, settings, now, jobs=JOBS, limit=10):
    """Russian lines: what ran lately and what is pending now (for ``b2bkit run --status``)."""
    lines = []
    pending = pending_slots(db, settings, now, jobs=jobs)
    lines.append('Ожидают запуска: ' + (', '.join(s.title() for s in pending) if pending else 'ничего'))
    rows = state.runs.latest(db, limit)
    if rows:
        lines.append('Последние запуски:')
        tz = ZoneInfo(settings.schedule.timezone)
        for r in rows:
            started = datetime.datetime.fromisoformat(r['started_at']).astimezone(tz)
            lines.append('  %s  %-26s %-10s %-8s %s' % (
                started.strftime('%d.%m.%Y %H:%M'), JOB_TITLES.get(r['job'], r['job']), r['slot'],
                {'ok': 'успешно', 'failed': 'ошибка', 'running': 'идёт'}.get(r['status'], r['status']),
                (r['summary'] or '')[:120]))
    return lines
