"""Shared fixtures. Add yours below; keep each fixture documented."""

import os
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))   # tests/smtp_server.py
# A test's folder need not survive a power cut: no fsync in jobs.files, PRAGMA synchronous=OFF
# in the state database (production default: on). Subprocesses of the tests inherit it.
os.environ['B2BKIT_FSYNC'] = '0'
# The benchmarks are run by `make bench`, not collected (their polars anchor is only in the bench extra).
collect_ignore = ['bench.py', 'bench_anchor.py']


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


@pytest.fixture(scope='session')
def _demo_folders(tmp_path_factory):
    """Demo operator folders built once per session, one per set of ``init`` arguments."""
    return tmp_path_factory.mktemp('demo-folders'), {}


@pytest.fixture
def demo_folder(_demo_folders, tmp_path):
    """``demo_folder(name='демо', today=…, seed=…, clients=…)``: a copy, in this test's tmp_path, of the
    demo operator folder ``b2bkit init --demo`` makes with those arguments (built once per session)."""
    import shutil
    from jobs import operator_folder
    base, built = _demo_folders

    def make(name='демо', **init_args):
        key = tuple(sorted(init_args.items()))
        if key not in built:
            built[key] = base / str(len(built))
            operator_folder.init(built[key], demo=True, **init_args)
        return Path(shutil.copytree(built[key], tmp_path / name))
    return make


# --- the demo command, started in the background as soon as its test is collected ------------
# `b2bkit demo` is the suite's longest run (about 8 s); started at collection it runs on the
# second core while the other tests run, and its test — moved to the end — only collects the result.

_DEMO_TEST = 'test_demo_runs_every_job_and_leaves_letters_documents_and_reports'
_demo_run = {}


def pytest_collection_modifyitems(session, config, items):
    items.sort(key=lambda item: item.name == _DEMO_TEST)      # stable: the rest keep their order
    if any(item.name == _DEMO_TEST for item in items) and not _demo_run:
        import subprocess
        import tempfile
        folder = Path(tempfile.mkdtemp(prefix='b2bkit-demo-')) / 'demo'
        _demo_run['folder'] = folder
        _demo_run['process'] = subprocess.Popen(
            [sys.executable, '-m', 'jobs.cli', 'demo', '--dir', str(folder)], cwd=ROOT, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def pytest_sessionfinish(session, exitstatus):
    if _demo_run:
        import shutil
        _demo_run['process'].kill()
        _demo_run['process'].communicate()
        shutil.rmtree(_demo_run['folder'].parent, ignore_errors=True)


@pytest.fixture
def demo_command():
    """``(folder, returncode, stdout, stderr)`` of ``b2bkit demo --dir folder``, run once (see above)."""
    process = _demo_run['process']
    if 'result' not in _demo_run:
        out, err = process.communicate(timeout=300)
        _demo_run['result'] = (_demo_run['folder'], process.returncode, out, err)
    return _demo_run['result']
