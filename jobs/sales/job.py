"""The sales job: what ``b2bkit sales`` and the weekly schedule run.

Which days: a run on *when* (the scheduled working day, or today) counts every
day up to the day before (*as_of* = *when* − 1): the Monday morning run reports
the whole past week and the month up to Sunday. ``--date`` sets *when*.

What it does: reads settings, the pipeline (required), the call log, the client
register (to link contracts by ИНН) and the personal plans (``[plans]`` of
settings.toml, else the sheet «Планы» of the pipeline workbook), computes the
figures (:mod:`.figures`), writes
``Выгрузка/Продажи/Отчет по продажам ГГГГ-Wнн.xlsx`` (with the «оперативка» of
*when* as its last sheet), puts the owner's e-mail (``[mail] owner``) with the
workbook attached into the outbox under the key of the report (:func:`report_key`)
and delivers the outbox.

Reruns: the key is the ISO week (``2026-W50``) when the report covers the whole week
(*as_of* is its Sunday — the Monday run), so the scheduler's run and a run by hand
on that Monday send it once. A report in the middle of the week (``b2bkit sales`` on a
Wednesday) covers part of the week and has its own key ``2026-W50/2026-12-08``: it is
sent once and does not stop the full week's report from going out on Monday. While a
message still waits in the outbox the workbook it carries is not overwritten. ``dry_run``: computes and writes the workbook, says whom the
e-mail would go to, queues and sends nothing.

:func:`run_daily` writes the one-sheet «оперативка» for the morning of *when*:
``Выгрузка/Продажи/Оперативка ГГГГ-ММ-ДД.xlsx``.
"""

import datetime
import logging

from .. import mail, operator_folder, state
from .. import settings as settings_mod
from ..errors import UserError
from . import config as config_mod
from . import email, figures, registers, workbook
from .matching import client_frame

log = logging.getLogger('b2bkit.sales')

JOB = 'sales'
OUTPUT = 'Продажи'
FILE_NAME = 'Отчет по продажам %s.xlsx'
DAILY_NAME = 'Оперативка %s.xlsx'


def report_key(period):
    """The outbox key and file-name part of a report: the ISO week for a whole week, else the week
    and the last day counted.

    >>> from jobs.sales.figures import Period
    >>> report_key(Period(datetime.date(2026, 12, 13), None, None, 0, 0, '2026-12', '2026-W50'))
    '2026-W50'
    >>> report_key(Period(datetime.date(2026, 12, 8), None, None, 0, 0, '2026-12', '2026-W50'))
    '2026-W50/2026-12-08'
    """
    if period.as_of.isoweekday() == 7:
        return period.week
    return '%s/%s' % (period.week, period.as_of.isoformat())


def workbook_path(operator_dir, key):
    """``Отчет по продажам 2026-W50.xlsx``, or ``… 2026-W50 по 08.12.2026.xlsx`` for part of a week."""
    week, _, day = key.partition('/')
    name = week if not day else '%s по %s' % (week, datetime.date.fromisoformat(day).strftime('%d.%m.%Y'))
    return operator_folder.output_dir(operator_dir) / OUTPUT / (FILE_NAME % name)


def daily_path(operator_dir, day):
    return operator_folder.output_dir(operator_dir) / OUTPUT / (DAILY_NAME % day.isoformat())


def load_clients(operator_dir, settings):
    """The client register as a frame (code, name, ИНН, address, manager), or None when there is none."""
    from ..registers.reader import read_register
    try:
        register = read_register(operator_dir, settings)
    except UserError as exc:
        log.warning('Реестр юрлиц не прочитан: %s', exc)
        return None
    return client_frame(register.clients.values())


def load_plans(operator_dir, settings):
    """Personal plans: ``[plans]`` of settings.toml when present, else the sheet «Планы»; and problems."""
    from ..settings import plans_from_settings
    plans = plans_from_settings(settings)
    if plans:
        return plans, 'settings.toml [plans]', []
    plans, problems = registers.plans_from_pipeline(operator_dir)
    return plans, ('лист «Планы» воронки' if plans else 'нет'), problems


def norms(cfg):
    return {'calls_per_day': cfg.calls_per_day, 'meetings_per_day': cfg.meetings_per_day,
            'call_to_meeting': cfg.call_to_meeting, 'meeting_to_contract': cfg.meeting_to_contract,
            'bonus_rate': cfg.bonus_rate, 'stuck_days': cfg.stuck_days}


def compute(operator_dir, settings, when):
    """(figures, daily, problems, plans source) for a run on *when*."""
    cfg = config_mod.from_settings(settings)
    pipeline = registers.load(operator_dir, registers.PIPELINE, required=True)
    calls = registers.load(operator_dir, registers.CALLS)
    plans, plans_source, plan_problems = load_plans(operator_dir, settings)
    clients = load_clients(operator_dir, settings)
    as_of = when - datetime.timedelta(days=1)
    calls_frame = calls.frame if calls is not None else None
    f = figures.compute(pipeline.frame, calls_frame, as_of, settings.calendar, plans, norms(cfg),
                        cfg.stuck_days, clients)
    daily = figures.daily(pipeline.frame, calls_frame, when, settings.calendar)
    problems = pipeline.problems + (calls.problems if calls is not None else []) + plan_problems
    return f, daily, problems, plans_source


#: What a scheduled run says in a folder that does not keep a pipeline (sales are optional).
NO_PIPELINE = ('реестра «Воронка» нет (%s/Воронка.xlsx) — отчёт по продажам не строится; пустые реестры '
               'создаёт «b2bkit sales templates»' % registers.SALES_DIR)


def run_job(operator_dir, when, dry_run=False, environ=None, require=False):
    """Build and send the weekly sales report; returns the Russian summary of what was done.

    Without a pipeline register the scheduled run only says so (an operator may not keep one);
    with *require* (the command) that is a :class:`UserError`.
    """
    if not require and registers.find(operator_dir, registers.PIPELINE) is None:
        return NO_PIPELINE
    settings = settings_mod.load(operator_dir)
    f, daily, problems, plans_source = compute(operator_dir, settings, when)
    week = f.period.week
    key = report_key(f.period)
    # a dry run writes nothing into the state (and a folder without one yet has nothing queued)
    db = state.connect_readonly(operator_dir) if dry_run else state.connect(operator_dir)
    parts = []
    try:
        row = None if db is None else state.messages.queued(db, JOB, key)
        path = workbook_path(operator_dir, key)
        parts.append(mail.owner_workbook(row, path, operator_dir, lambda path: workbook.write_report(
            path, f, daily, settings.company.name, problems)))
        t = f.managers.loc[figures.TOTAL]
        parts.append('за неделю звонков %d, встреч %d, договоров %d, подключений %d; за месяц подключений %d'
                     % (t['week_calls'], t['week_meetings_held'], t['week_contracts'], t['week_connections'],
                        t['month_connections']) + (', прогноз %s при плане %d' % (
                            str(t['forecast']).replace('.', ','), t['plan']) if t['plan'] else ''))
        parts.append('зависших сделок %d' % len(f.stuck))
        if plans_source == 'нет':
            parts.append('личных планов нет ([plans] в settings.toml или лист «Планы» воронки)')
        if problems:
            parts.append('строк с ошибками не учтено: %d (лист «Ошибки» книги; первая: %s)'
                         % (len(problems), problems[0]))
        parts += mail.owner_letter(db, settings, row, job=JOB, key=key, what='за неделю %s' % key.replace('/', ' по '),
                                   render=lambda: email.render(f, settings, path.name, operator_dir, problems),
                                   attachment=path, dry_run=dry_run, operator_dir=operator_dir, environ=environ)
    finally:
        if db is not None:
            db.close()
    summary = 'Отчёт по продажам за неделю %s (по %s): %s' % (
        week, f.period.as_of.strftime('%d.%m.%Y'), '; '.join(parts))
    log.info(summary)
    return summary


def run_daily(operator_dir, when, dry_run=False, require=False):
    """Write the «оперативка» for the morning of *when*; returns the Russian summary."""
    if not require and registers.find(operator_dir, registers.PIPELINE) is None:
        return NO_PIPELINE
    settings = settings_mod.load(operator_dir)
    pipeline = registers.load(operator_dir, registers.PIPELINE, required=True)
    calls = registers.load(operator_dir, registers.CALLS)
    d = figures.daily(pipeline.frame, calls.frame if calls is not None else None, when, settings.calendar)
    path = daily_path(operator_dir, when)
    workbook.write_daily(path, d, settings.company.name)
    t = d.managers.loc[figures.TOTAL]
    return ('Оперативка на %s: %s; вчера (%s) звонков %d, встреч %d, договоров %d; на сегодня запланировано %d'
            % (when.strftime('%d.%m.%Y'), operator_folder.shown(path, operator_dir),
               d.yesterday.strftime('%d.%m.%Y'), t['calls'], t['meetings_held'], t['contracts'], len(d.planned)))
