"""The payslips job: what ``b2bkit payslips`` and the monthly schedule run.

Which month: the month **before** *when* — the schedule runs on the day of the
final payment at the start of the next month (``[schedule] payslips_day``);
``b2bkit payslips --month ГГГГ-ММ`` asks for another one. The operator's
«Зарплата отдела продаж.xlsx» must hold that month (its «Настройки»).

What it does: recomputes every employee's month through the model, writes one
encrypted PDF per employee into ``Выгрузка/Расчетные листки/ГГГГ-ММ/`` and puts a
message with it into the outbox under the key ``ГГГГ-ММ/<таб. №>`` (or the row
when there is no number), then delivers the outbox.

Nothing twice: a payslip already in the outbox is not queued again and its PDF
is not rewritten (the outbox checks the attachment's hash at send time).
Nothing lost: employees with no e-mail or no usable password are listed, the
others are sent, and the run fails with that list so the schedule tries again
(already queued payslips are not repeated).

Secrets: the password opens the PDF; it is read from the workbook and passed to
the PDF encryption only — never into the message, the outbox, the log or a file.

``dry_run``: reads and recomputes, says who would get a payslip; writes,
queues and sends nothing.

An operator folder without the payroll workbook does not use payslips: the
scheduled run says so and succeeds (*missing_ok*), instead of failing every ten
minutes all month; ``b2bkit payslips`` asked explicitly reports the missing file.
"""

import logging

from .. import logs, mail, operator_folder, state, textfmt
from .. import settings as settings_mod
from ..errors import UserError
from ..files import write_bytes
from ..ledger.periods import previous_month
from ..mail.message import MessageError, check_address
from ..mail.outbox import STATUS_RU, status_of
from . import document, workbook

log = logging.getLogger('b2bkit.payslips')

JOB = 'payslips'
OUT_DIR = 'Расчетные листки'
FILE_NAME = 'Расчетный листок %s %s.pdf'
SHOWN_NAME = 'Расчетный листок %s.pdf'
TEMPLATE = 'payslip'


def pdf_path(operator_dir, month, key):
    return operator_folder.output_dir(operator_dir) / OUT_DIR / month / (FILE_NAME % (month, key))


def _key(employee):
    return employee.number or 'строка-%d' % employee.row


def _problem(employee):
    """Why this employee cannot be sent a payslip, or None."""
    if not employee.email:
        return 'не указан e-mail'
    try:
        check_address(employee.email)
    except MessageError:
        return 'неверный e-mail %r' % employee.email
    if len(employee.password) < workbook.MIN_PASSWORD:
        return ('не задан пароль листка' if not employee.password else
                'пароль листка короче %d знаков' % workbook.MIN_PASSWORD)
    return None


def run_job(operator_dir, when, dry_run=False, month=None, environ=None, missing_ok=True):
    """Make and send the month's payslips; returns the Russian summary."""
    settings = settings_mod.load(operator_dir)
    if month is None:
        month = previous_month(when)
    if missing_ok and not workbook.workbook_path(operator_dir).exists():
        summary = ('Расчётные листки за %s: в папке оператора нет книги «%s» — листки не делаются'
                   % (month, workbook.FILE_NAME))
        log.info(summary)
        return summary
    book = workbook.read(operator_dir)
    for e in book.employees:
        logs.add_secret(e.password)         # a second line of defence: masked in any log line
    if book.month_key != month:
        raise UserError('в книге %s расчёт за %s (лист «Настройки»: год и месяц), а листки нужны за %s: '
                        'заполните книгу за этот месяц или укажите --month %s'
                        % (book.path.name, book.month_name, month, book.month_key))
    if month > when.strftime('%Y-%m'):
        raise UserError('месяц %s ещё не наступил (сегодня %s)' % (month, textfmt.date_ru(when)))
    # A dry run only reads the state (and there may be none yet).
    db = state.connect_readonly(operator_dir) if dry_run else state.connect(operator_dir)
    queued, already, skipped, would = [], [], [], []
    try:
        for e in book.employees:
            problem = _problem(e)
            if problem:
                skipped.append('%s (строка %d листа «%s»): %s' % (e.name, e.row, workbook.layout.EMPLOYEES,
                                                                  problem))
                continue
            key = '%s/%s' % (month, _key(e))
            status = status_of(db, JOB, key) if db is not None else None
            if status is not None:
                already.append('%s — %s' % (e.name, 'отправлен' if status == 'sent'
                                            else 'в очереди (%s)' % STATUS_RU.get(status, status)))
                continue
            if dry_run:
                would.append('%s <%s>' % (e.name, e.email))
                continue
            path = pdf_path(operator_dir, month, _key(e))
            write_bytes(path, document.render(e, book, settings.company))
            rendered = mail.render(TEMPLATE, dict(name=e.name, month=book.month_name,
                                                  company=settings.company,
                                                  final_date=textfmt.date_ru(book.final_date)),
                                   operator_dir)
            with state.transaction(db):
                mail.enqueue(db, settings, job=JOB, key=key, recipients=[e.email],
                             subject=rendered.subject, text=rendered.text, html=rendered.html,
                             attachments=[(path, SHOWN_NAME % month)])
            queued.append(e.name)
        parts = ['сотрудников %d' % len(book.employees)]
        if dry_run:
            parts.append('проверка: листки получили бы %d: %s' % (len(would), ', '.join(would) or 'никто'))
        else:
            parts.append('листков поставлено в очередь: %d' % len(queued))
        if already:
            parts.append('уже были, повторно не отправляются: %d (%s)' % (len(already), '; '.join(already)))
        if not dry_run:
            parts.append(mail.deliver(operator_dir, settings, db, environ=environ).summary())
    finally:
        if db is not None:
            db.close()
    summary = 'Расчётные листки за %s: %s' % (book.month_name, '; '.join(parts))
    if skipped:
        summary += '; не отправлены (%d): %s' % (len(skipped), '; '.join(skipped))
        log.error(summary)
        if not dry_run:
            raise UserError(summary + '. Исправьте книгу и запустите ещё раз — отправленные листки не повторятся')
    log.info(summary)
    return summary
