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
from .outbox import DrainResult, drain, enqueue
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


__all__ = ['deliver', 'enqueue', 'drain', 'render', 'Rendered', 'load_config', 'MailConfig',
           'make_transport', 'FolderTransport', 'SmtpTransport', 'SendError', 'DrainResult',
           'MessageError', 'sanitize_filename', 'TEMPLATES_DIR', 'DUPLICATE_HEADER']
