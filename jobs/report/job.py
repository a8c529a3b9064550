"""The report job: what ``b2bkit report`` and the monthly schedule run.

Which month: the month **before** *when* (the job runs on a working day at the
start of a month, when the previous month is complete); ``b2bkit report
--month ГГГГ-ММ`` asks for any finished or current month.

What it does: reads settings and the register, computes the figures, writes
``Выгрузка/Общий отчет/Общий отчет — юридические лица ГГГГ-ММ.xlsx``, puts the
owner's e-mail (``[mail] owner``) with the workbook attached into the outbox
under the key ``ГГГГ-ММ`` and delivers the outbox.

Reruns: the outbox key makes a second run for the same month send nothing
again. The outbox checks an attachment's hash at send time, so while the
month's message is still waiting in the outbox (queued, retry, failed) the
workbook it carries is not overwritten; once it is sent, a rerun refreshes the
workbook (e.g. after the register was corrected) without mailing it again.

``dry_run``: computes and writes the workbook (under the same rule), says whom
the e-mail would go to, queues and sends nothing.
"""

import logging

from .. import mail, operator_folder, state, textfmt
from .. import settings as settings_mod
from ..errors import UserError
from ..registers.reader import read_register
from ..ledger import figures
from ..ledger.periods import previous_month
from . import email, workbook

log = logging.getLogger('b2bkit.report')

JOB = 'report'
REPORT_DIR = 'Общий отчет'
FILE_NAME = 'Общий отчет — юридические лица %s.xlsx'


def workbook_path(operator_dir, month):
    return operator_folder.output_dir(operator_dir) / REPORT_DIR / (FILE_NAME % month)


def run_job(operator_dir, when, dry_run=False, month=None, environ=None):
    """Build and send the report; returns the Russian summary of what was done.

    *when*: the date of the run (a scheduled slot's date); *month*: ``'ГГГГ-ММ'``
    to override the default (the month before *when*); *environ*: mail
    settings from the environment (tests), see :mod:`jobs.mail.config`.
    """
    settings = settings_mod.load(operator_dir)
    if month is None:
        month = previous_month(when)
    index = figures.parse_month(month, 'месяц отчёта')
    month = figures.month_text(index)
    if index > when.year * 12 + when.month - 1:
        raise UserError('месяц отчёта %s ещё не наступил (сегодня %s); укажите прошедший месяц, '
                        'например --month %s' % (month, textfmt.date_ru(when), previous_month(when)))
    name = figures.month_name(index)
    db = state.connect(operator_dir)
    try:
        register = read_register(operator_dir, settings, state_db=db, purposes=False)
        report = from_register(register, month, settings)
        problems = len(register.problems)

        row = state.messages.queued(db, JOB, month)
        path = workbook_path(operator_dir, month)
        parts = [mail.owner_workbook(row, path, operator_dir,
                                     lambda path: workbook.write(report, path, settings.company.name, when))]
        t = report.total
        last = figures.WINDOW - 1
        parts.append('активных клиентов на конец месяца %d, новых %d, отключено %d, MRR %s, просрочено %s'
                     % (t.end[last], t.new[last], t.churned[last], textfmt.money(t.mrr[last]),
                        textfmt.money(t.overdue_total(last))))
        if problems:
            parts.append('строк реестра с ошибками не учтено: %d (список: b2bkit check)' % problems)

        parts += mail.owner_letter(db, settings, row, job=JOB, key=month, what='за %s' % name, attachment=path,
                                   render=lambda: email.render(report, settings, path.name, operator_dir, problems),
                                   dry_run=dry_run, operator_dir=operator_dir, environ=environ)
    finally:
        db.close()
    summary = 'Общий отчет за %s: %s' % (name, '; '.join(parts))
    log.info(summary)
    return summary


def from_register(register, month, settings=None, top=figures.TOP_DEBTORS):
    """The report's figures (:func:`jobs.ledger.figures.compute`) of a register read by
    :func:`jobs.registers.reader.read_register`, with the settings' plans, terms and calendar."""
    s = settings
    return figures.compute(register.clients.values(), register.charge_frame, register.payment_frame, month,
                           default_payment_days=register.default_payment_days, top=top,
                           plans=s and settings_mod.plans_from_settings(s), pay_by_day=s and s.billing.pay_by_day,
                           is_working_day=s and s.calendar.is_working_day)
