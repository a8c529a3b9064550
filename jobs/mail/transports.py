"""Transports: SMTP through yagmail, and a folder of ``.eml`` files.

A transport has ``open()``, ``send(sender, recipients, data, message_id)`` and
``close()``. ``send`` returns the recipients the server refused as
``{address: (code, text)}`` and raises :class:`SendError` when the message as a
whole was not accepted. The outbox (``jobs.mail.outbox``) decides what is
retried.

Why yagmail *and* smtplib: yagmail is the configured client — it opens the
connection (SSL or STARTTLS with our verifying ``ssl`` context) and logs in.
But its ``send()`` builds its own MIME message (we need our deterministic
Message-ID, RFC 2231 names and the duplicate flag), sleeps and retries
internally on disconnects and hides per-recipient SMTP codes. So after
``yagmail.SMTP.login()`` we send through the ``smtplib`` connection it holds
(``client.smtp``): one connection per batch, per-recipient refusals and the
server's exact answer for each message.
"""

import errno
import ipaddress
import logging
import smtplib
import socket
import ssl
from pathlib import Path

from ..errors import UserError
from .. import files, logs
from .config import ENV_PASSWORD, password
from .message import sanitize_filename

log = logging.getLogger('b2bkit.mail')


class SendError(Exception):
    """The message was not accepted.

    *temporary*: worth retrying (4xx, dropped connection); *connection*: the
    connection is gone, the batch needs a new one; *after_data*: the whole
    message (up to the DATA terminator) had reached the server when the
    connection broke, so the server may have accepted it — a resend must be
    flagged as a possible duplicate.
    """

    def __init__(self, text, temporary, code=None, connection=False, after_data=False):
        super().__init__(text)
        self.text, self.temporary, self.code, self.connection = text, temporary, code, connection
        self.after_data = after_data


# What the operating system says, in Russian: the accountant reads these in the job summary.
_OS_REASONS = {
    errno.ECONNREFUSED: 'соединение отклонено — сервер не запущен или порт закрыт',
    errno.ECONNRESET: 'соединение сброшено сервером',
    errno.ETIMEDOUT: 'сервер не ответил вовремя',
    errno.EHOSTUNREACH: 'нет маршрута до сервера',
    errno.ENETUNREACH: 'сеть недоступна',
}


def os_reason(exc):
    """A Russian reason for a network *exc* (the system's own text in brackets for the log)."""
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return 'сервер не ответил вовремя'
    if isinstance(exc, socket.gaierror):
        return 'имя сервера не найдено (%s)' % exc.strerror
    reason = _OS_REASONS.get(getattr(exc, 'errno', None))
    if reason:
        return '%s (%s)' % (reason, exc.strerror or exc)
    return str(exc) or type(exc).__name__


def _answer(code, msg):
    if isinstance(msg, bytes):
        msg = msg.decode('utf-8', 'replace')
    return ('%s %s' % (code, msg)).strip()


class FolderTransport:
    """Writes each message to ``<folder>/<Message-ID>.eml`` (the demo and dry-run default)."""

    name = 'folder'

    def __init__(self, folder):
        self.folder = Path(folder)

    def open(self):
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError('не удалось создать папку для писем %s: %s' % (self.folder, exc))

    def send(self, sender, recipients, data, message_id):
        name = sanitize_filename(message_id.strip('<>').replace('@', '_at_')) + '.eml'
        path = self.folder / name
        # write-then-rename: a crash never leaves half a message that looks complete
        try:
            files.write_bytes(path, data, sync=False)
        except OSError as exc:
            raise SendError('не удалось записать %s: %s' % (path, exc), temporary=True)
        return {}

    def close(self):
        pass

    def describe(self):
        return 'папка %s' % self.folder


def is_loopback(host):
    """True when every address *host* resolves to is a loopback address."""
    try:
        infos = socket.getaddrinfo(host, None)
    except (OSError, UnicodeError):
        return False
    try:
        return bool(infos) and all(ipaddress.ip_address(i[4][0].split('%')[0]).is_loopback for i in infos)
    except ValueError:
        return False


class SmtpTransport:
    """SMTP through yagmail: SSL (465) or STARTTLS (587) with certificate checks; plain only to loopback."""

    name = 'smtp'

    def __init__(self, config, environ=None, timeout=30, ssl_context=None):
        self.config, self.environ, self.timeout = config, environ, timeout
        self.ssl_context = ssl_context
        self.client = None
        self.smtp = None
        self._secret = None

    def describe(self):
        return 'SMTP %s:%d' % (self.config.host, self.config.port)

    def _redact(self, text):
        return logs.redact(str(text), extra=(self._secret,) if self._secret else ())

    def open(self):
        import yagmail
        c = self.config
        if c.tls == 'none' and not is_loopback(c.host):
            raise UserError('отправка без шифрования (tls = "none") разрешена только на этот же компьютер '
                            '(127.0.0.1, localhost), а указан сервер «%s»; укажите tls = "ssl" (порт 465) '
                            'или "starttls" (порт 587)' % c.host)
        if c.user and self._secret is None:
            self._secret = password(c, self.environ)
        # verifies certificate + host name; plain loopback SMTP has no TLS to verify (loading the CA store: ~30 ms)
        context = None if c.tls == 'none' else self.ssl_context or ssl.create_default_context()
        options = dict(host=c.host, port=c.port, smtp_skip_login=not c.user,
                       soft_email_validation=False, timeout=self.timeout)
        if c.tls == 'ssl':
            options.update(smtp_ssl=True, smtp_starttls=False, context=context)
        elif c.tls == 'starttls':
            options.update(smtp_ssl=False, smtp_starttls={'context': context})
        else:
            options.update(smtp_ssl=False, smtp_starttls=False)
        # a one-entry dict: yagmail would otherwise append "@gmail.com" to a login without "@"
        user = {c.user: c.user} if c.user else None
        where = '%s:%d' % (c.host, c.port)
        try:
            self.client = yagmail.SMTP(user=user, password=self._secret, **options)
            self.client.set_logging(None)   # yagmail's own stderr logger: we log ourselves
            self.client.login()
            self.smtp = self.client.smtp
        except smtplib.SMTPAuthenticationError as exc:
            self._drop()
            raise UserError('почтовый сервер %s отверг имя пользователя «%s» или пароль (%s); проверьте '
                            'логин и пароль (%s или хранилище паролей ОС)'
                            % (where, c.user, self._redact(_answer(exc.smtp_code, exc.smtp_error)),
                               ENV_PASSWORD))
        except UnicodeEncodeError:
            # smtplib sends AUTH credentials as ASCII only; say so instead of a traceback
            self._drop()
            raise UserError('имя пользователя или пароль SMTP содержит не латинские символы, а вход на '
                            'почтовый сервер %s возможен только с латинскими буквами, цифрами и знаками; '
                            'смените пароль почтового ящика' % where)
        except ssl.SSLCertVerificationError as exc:
            self._drop()
            raise UserError('сертификат почтового сервера %s не прошёл проверку (%s); проверьте имя сервера '
                            'в настройках [mail] host' % (where, self._redact(exc.verify_message or exc)))
        except smtplib.SMTPNotSupportedError as exc:
            self._drop()
            raise UserError('почтовый сервер %s не поддерживает нужную возможность (%s); проверьте tls и '
                            'порт в настройках [mail]' % (where, self._redact(exc)))
        except smtplib.SMTPResponseException as exc:
            self._drop()
            text = 'почтовый сервер %s ответил при подключении: %s' % (
                where, self._redact(_answer(exc.smtp_code, exc.smtp_error)))
            if 400 <= exc.smtp_code < 500:
                raise SendError(text, temporary=True, code=exc.smtp_code, connection=True)
            raise UserError(text)
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
            raise SendError('почтовый сервер %s недоступен: %s' % (where, self._redact(reason) or type(exc).__name__),
                            temporary=True, connection=True)

    def _drop(self):
        if self.client is not None:
            self.client.is_closed = True   # keep yagmail's __del__ from talking to a dead socket
        if self.smtp is not None:
            try:
                self.smtp.close()
            except Exception:
                pass
        self.client = self.smtp = None

    def send(self, sender, recipients, data, message_id):
        if self.smtp is None:
            self.open()
        terminator_sent = _watch_data_terminator(self.smtp)
        try:
            refused = self.smtp.sendmail(sender, list(recipients), data)
            return {a: (code, _answer(code, msg)) for a, (code, msg) in refused.items()}
        except smtplib.SMTPRecipientsRefused as exc:
            return {a: (code, _answer(code, msg)) for a, (code, msg) in exc.recipients.items()}
        except smtplib.SMTPServerDisconnected as exc:
            self._drop()
            after = bool(terminator_sent)
            raise SendError('соединение с почтовым сервером разорвано%s: %s' % (
                ' после передачи письма, до ответа сервера' if after else '', self._redact(exc)),
                temporary=True, connection=True, after_data=after)
        except smtplib.SMTPResponseException as exc:   # sender refused, data refused, 421 …
            code = exc.smtp_code
            if code == 421 or code < 0:
                self._drop()
            return self._raise(code, exc.smtp_error)
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            reason = os_reason(exc) if isinstance(exc, OSError) else str(exc)
            raise SendError('ошибка связи с почтовым сервером: %s' % (self._redact(reason) or type(exc).__name__),
                            temporary=True, connection=True, after_data=bool(terminator_sent))

    def _raise(self, code, msg):
        text = 'почтовый сервер ответил: %s' % self._redact(_answer(code, msg))
        raise SendError(text, temporary=not 500 <= code < 600, code=code, connection=self.smtp is None)

    def close(self):
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except Exception:
                pass
        self._drop()


def _watch_data_terminator(smtp):
    """A list that becomes non-empty once the DATA terminator (CRLF.CRLF) has gone out on *smtp*.

    smtplib's ``data()`` sends the dot-stuffed message with ``self.send`` and then
    waits for the reply; if the connection breaks or times out while waiting,
    the server may well have queued the message. Wrapping ``send`` on this
    connection object tells the two cases apart (commands go as ``str``, the
    message body as ``bytes`` ending in the terminator).
    """
    sent = []
    plain = type(smtp).send.__get__(smtp)

    def send(payload):
        plain(payload)
        if isinstance(payload, (bytes, bytearray)) and payload.endswith(b'\r\n.\r\n'):
            sent.append(True)
    smtp.send = send
    return sent


def make(config, environ=None, **options):
    """The transport *config* asks for."""
    if config.transport == 'folder':
        return FolderTransport(config.folder)
    return SmtpTransport(config, environ=environ, **options)
