"""Outgoing mail: build, queue durably, send (SPEC 7.1).

For jobs::

    from jobs import mail, state
    r = mail.render('debtors_claim', context, operator_dir)          # Шаблоны/Письма overrides
    with state.transaction(db):
        ...record the notice...
        mail.enqueue(db, settings, job='debtors', key='K0001/2026-10-05/claim',
                     recipients=['buh@client.ru'], subject=r.subject, text=r.text, html=r.html,
                     attachments=[pdf_path], client_code='K0001')
    result = mail.deliver(operator_dir, settings, db)                # at the end of the run
    summary += '; ' + result.summary()
"""

from .config import MailConfig, load as load_config
from .message import DUPLICATE_HEADER, TEMPLATES_DIR, MessageError, Rendered, render, sanitize_filename
from .outbox import STATUS_RU, DrainResult, drain, enqueue
from .transports import FolderTransport, SendError, SmtpTransport, make as make_transport


def deliver(operator_dir, settings, db, *, environ=None, stop=None, force=False, progress=None, **options):
    """Send what is due from the outbox of *operator_dir* with the configured transport.

    Every job calls this at the end of its run. Connection problems leave the
    messages queued for the next try and are told in the result; configuration
    problems (no password, plain SMTP to a remote host, rejected login) raise
    a Russian :class:`~jobs.errors.UserError`. *stop* defaults to the process
    stop event set by Ctrl-C / SIGTERM under ``b2bkit run``. *options* go to
    :func:`drain` (backoff, attempts — tests shorten them).
    """
    from .. import runlock
    config = load_config(operator_dir, settings, environ)
    transport = make_transport(config, environ)
    per_minute = config.per_minute if config.transport == 'smtp' else 0   # a folder needs no throttle
    return drain(db, transport, per_minute=per_minute, force=force,
                 stop=stop if stop is not None else runlock.stop_event, progress=progress, **options)


def owner_workbook(row, path, operator_dir, write):
    """Write an owner's report workbook with *write(path)* unless its letter (outbox *row*) still
    waits to go with the file attached; the Russian summary part."""
    from ..operator_folder import shown
    if row is not None and row['status'] != 'sent' and path.exists():
        return 'книга %s не перезаписана: письмо с ней ещё в очереди на отправку' % shown(path, operator_dir)
    write(path)
    return 'книга %s' % shown(path, operator_dir)


def owner_letter(db, settings, row, *, job, key, what, render, attachment, dry_run, operator_dir, environ=None):
    """Queue the owner's letter of a report once per (*job*, *key*) — *row* is its outbox row when it
    was queued before — then send what is due. *what*: «за 2026-04»; *render()*: the
    :class:`Rendered` letter. Returns the Russian summary parts."""
    from .. import state
    owners = settings.mail.owner
    if not owners:
        parts = ['письмо не отправлено: не заданы получатели — [mail] owner в settings.toml']
    elif row is not None:
        status = row['status']
        status = 'отправлено' if status == 'sent' else 'в очереди (%s)' % STATUS_RU.get(status, status)
        parts = ['письмо %s уже %s, повторно не отправляется' % (what, status)]
    elif dry_run:
        parts = ['проверка: письмо «%s» было бы отправлено: %s' % (render().subject, ', '.join(owners))]
    else:
        rendered = render()
        with state.transaction(db):
            enqueue(db, settings, job=job, key=key, recipients=list(owners), subject=rendered.subject,
                    text=rendered.text, html=rendered.html, attachments=[attachment])
        parts = ['письмо владельцу поставлено в очередь: %s' % ', '.join(owners)]
    return parts if dry_run else parts + [deliver(operator_dir, settings, db, environ=environ).summary()]


__all__ = ['deliver', 'enqueue', 'owner_workbook', 'owner_letter', 'drain', 'render', 'Rendered', 'load_config',
           'MailConfig', 'make_transport', 'FolderTransport', 'SmtpTransport', 'SendError', 'DrainResult',
           'MessageError', 'sanitize_filename', 'TEMPLATES_DIR', 'DUPLICATE_HEADER']
