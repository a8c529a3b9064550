"""Mail configuration: ``[mail]`` of the settings, overridden by environment variables.

The environment wins so that ops (a systemd unit, a scheduled task) and tests can
point the kit at another server without editing the operator's settings:

=========================  ================================
``B2BKIT_MAIL_TRANSPORT``  ``smtp`` or ``folder``
``B2BKIT_SMTP_HOST``       server name or address
``B2BKIT_SMTP_PORT``       port number
``B2BKIT_SMTP_TLS``        ``ssl``, ``starttls`` or ``none``
``B2BKIT_SMTP_USER``       login (empty: no AUTH)
``B2BKIT_SMTP_PASSWORD``   the password (else the OS keyring)
=========================  ================================

The password is never part of :class:`MailConfig` (so it cannot end up in a
repr, a log line or an error): :func:`password` fetches it when the transport
logs in — from ``B2BKIT_SMTP_PASSWORD`` or the OS keyring, service
``isp-b2b-kit``, user name = the SMTP login.
"""

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import UserError
from .. import logs
from ..settings import ENV_MAIL_TRANSPORT as ENV_TRANSPORT

KEYRING_SERVICE = 'isp-b2b-kit'
ENV_HOST = 'B2BKIT_SMTP_HOST'
ENV_PORT = 'B2BKIT_SMTP_PORT'
ENV_TLS = 'B2BKIT_SMTP_TLS'
ENV_USER = 'B2BKIT_SMTP_USER'
ENV_PASSWORD = 'B2BKIT_SMTP_PASSWORD'


@dataclass(frozen=True)
class MailConfig:
    transport: str      # smtp | folder
    folder: Path        # where the folder transport writes .eml files
    host: str
    port: int
    tls: str            # ssl | starttls | none
    user: str
    sender: str
    sender_name: str
    per_minute: int     # throttle; 0 — off

    def describe(self):
        """Where mail goes, in Russian, for messages and logs (never the password)."""
        if self.transport == 'folder':
            return 'в папку %s (файлы .eml)' % self.folder
        tls = {'ssl': 'SSL', 'starttls': 'STARTTLS', 'none': 'без шифрования'}[self.tls]
        who = ', пользователь %s' % self.user if self.user else ''
        return 'через SMTP %s:%d (%s%s)' % (self.host, self.port, tls, who)


def load(operator_dir, settings, environ=None):
    """The effective :class:`MailConfig` of *settings* (``settings.load(dir)``) and the environment."""
    env = os.environ if environ is None else environ
    m = settings.mail

    def pick(name, value):
        v = env.get(name)
        return v.strip() if v is not None and v.strip() != '' else value

    transport = pick(ENV_TRANSPORT, m.transport).lower()
    if transport not in ('smtp', 'folder'):
        raise UserError('переменная окружения %s: ожидается "smtp" или "folder" (указано: %r)'
                        % (ENV_TRANSPORT, transport))
    tls = pick(ENV_TLS, m.tls).lower()
    if tls not in ('ssl', 'starttls', 'none'):
        raise UserError('переменная окружения %s: ожидается "ssl", "starttls" или "none" (указано: %r)'
                        % (ENV_TLS, tls))
    port = pick(ENV_PORT, m.port)
    try:
        port = int(port)
        if not 1 <= port <= 65535:
            raise ValueError
    except ValueError:
        raise UserError('переменная окружения %s: ожидается номер порта от 1 до 65535 (указано: %r)'
                        % (ENV_PORT, port))
    host = pick(ENV_HOST, m.host)
    user = env[ENV_USER].strip() if ENV_USER in env else m.user     # set but empty: no AUTH
    if transport == 'smtp' and not host:
        raise UserError('%s, раздел [mail]: для отправки через SMTP укажите host (адрес почтового '
                        'сервера) или переменную окружения %s' % (settings.path, ENV_HOST))
    sender = m.sender or (user if '@' in user else '') or settings.company.email
    if not sender:
        raise UserError('%s, раздел [mail], ключ «sender»: не задан адрес отправителя' % settings.path)
    folder = Path(m.folder)
    if not folder.is_absolute():
        folder = Path(operator_dir) / folder
    return MailConfig(transport, folder, host, port, tls, user, sender, m.sender_name, m.per_minute)


def password(config, environ=None):
    """The SMTP password for *config.user*: environment first, then the OS keyring.

    Registered with :mod:`jobs.logs` as a secret so that even an accidental
    log line shows it masked. Raises a Russian :class:`UserError` (without any
    secret in it) when a login is configured but no password can be found.
    """
    env = os.environ if environ is None else environ
    secret = env.get(ENV_PASSWORD) or None
    if secret is None and config.user:
        try:
            import keyring
            secret = keyring.get_password(KEYRING_SERVICE, config.user)
        except Exception:  # no backend (headless server), locked keychain …: fall through
            secret = None
    if secret is None:
        raise UserError('не найден пароль SMTP для пользователя «%s»: задайте переменную окружения %s '
                        'или сохраните пароль в хранилище паролей ОС командой '
                        '«keyring set %s %s»' % (config.user, ENV_PASSWORD, KEYRING_SERVICE, config.user))
    logs.add_secret(secret)
    return secret
