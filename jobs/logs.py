"""Logging to a rotating file in the operator folder (``Журналы/b2bkit.log``).

Every line passes through :func:`redact`: secrets registered with
:func:`add_secret` (the SMTP password, also in the base64 forms AUTH PLAIN and
AUTH LOGIN would put on the wire) are replaced by ``***`` — a second line of
defence behind "never log the password".

>>> add_secret('s3cr3t')
>>> redact('login failed: s3cr3t')
'login failed: ***'
"""

import base64
import logging
import logging.handlers
import sys
from pathlib import Path

LOG_DIR = 'Журналы'
LOG_FILE = 'b2bkit.log'
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5

_secrets = set()


def add_secret(secret):
    """Mask *secret* (and its base64 forms) in every log line and error text from now on."""
    if not secret:
        return
    _secrets.add(secret)
    raw = secret.encode('utf-8')
    _secrets.add(base64.b64encode(raw).decode('ascii'))


def redact(text, extra=()):
    """*text* with every registered secret (and *extra* ones) replaced by ``***``."""
    text = str(text)
    for secret in sorted(set(_secrets) | {s for s in extra if s}, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, '***')
    return text


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then masks secrets — in the message, its arguments and any traceback."""

    def format(self, record):
        return redact(super().format(record))


def log_path(operator_dir):
    return Path(operator_dir) / LOG_DIR / LOG_FILE


def setup(operator_dir, console=False, level=logging.INFO):
    """Send the ``b2bkit`` loggers to the operator's rotating log file (and the console).

    Idempotent: calling it again for the same folder does not add handlers twice.
    Returns the ``b2bkit`` logger.
    """
    logger = logging.getLogger('b2bkit')
    logger.setLevel(level)
    path = log_path(operator_dir)
    for h in list(logger.handlers):
        if getattr(h, '_b2bkit', None) is not None:
            logger.removeHandler(h)
            h.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS,
                                                       encoding='utf-8', delay=True)
        handler.setFormatter(RedactingFormatter('%(asctime)s %(levelname)s %(name)s: %(message)s'))
        handler._b2bkit = 'file'
        logger.addHandler(handler)
    except OSError as exc:
        print('Предупреждение: журнал %s недоступен: %s' % (path, exc), file=sys.stderr)
    if console:
        stream = logging.StreamHandler(sys.stderr)
        stream.setFormatter(RedactingFormatter('%(asctime)s %(message)s', '%H:%M:%S'))
        stream._b2bkit = 'console'
        logger.addHandler(stream)
    return logger
