"""Shared fixtures. Add yours below; keep each fixture documented."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))   # tests/smtp_server.py


@pytest.fixture
def operator_dir(tmp_path):
    """A fresh operator folder with the template settings (mail: folder transport, throttle off)."""
    from jobs import settings
    folder = tmp_path / 'оператор'
    folder.mkdir()
    text = settings.template_text().replace('per_minute = 60', 'per_minute = 0')
    (folder / settings.SETTINGS_FILE).write_text(text, encoding='utf-8')
    return folder


@pytest.fixture
def write_settings(operator_dir):
    """``write_settings(section_key_regex, replacement)`` edits the operator's settings.toml in place."""
    from jobs import settings

    def edit(pattern, replacement):
        path = operator_dir / settings.SETTINGS_FILE
        text, n = re.subn(pattern, replacement, path.read_text(encoding='utf-8'), flags=re.M)
        assert n, pattern
        path.write_text(text, encoding='utf-8')
    return edit


@pytest.fixture
def smtp_server():
    """A real aiosmtpd server on a free 127.0.0.1 port (see tests/smtp_server.py); stopped afterwards."""
    from smtp_server import SmtpServer
    servers = []

    def start(**kwargs):
        srv = SmtpServer(**kwargs).start()
        servers.append(srv)
        return srv
    yield start
    for srv in servers:
        srv.stop()


@pytest.fixture
def smtp_env(monkeypatch):
    """``smtp_env(port)`` points the kit at plain SMTP on 127.0.0.1:port via the environment variables."""
    for name in ('B2BKIT_SMTP_USER', 'B2BKIT_SMTP_PASSWORD'):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv('PYTHON_KEYRING_BACKEND', 'keyring.backends.null.Keyring')

    def point(port, **extra):
        env = {'B2BKIT_MAIL_TRANSPORT': 'smtp', 'B2BKIT_SMTP_HOST': '127.0.0.1',
               'B2BKIT_SMTP_PORT': str(port), 'B2BKIT_SMTP_TLS': 'none', **extra}
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        return env
    return point
