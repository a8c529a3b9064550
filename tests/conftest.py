"""Shared fixtures. Add yours below; keep each fixture documented."""

import atexit
import gc
import os
import re
import stat
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))   # tests/smtp_server.py
# A test's folder need not survive a power cut: no fsync in jobs.files, PRAGMA synchronous=OFF
# in the state database (production default: on). Subprocesses of the tests inherit it.
os.environ['B2BKIT_FSYNC'] = '0'
# glibc's malloc: no mmap and trim below 256 MB. LibreOffice's start maps and frees a buffer of over
# 128 MB again and again (290k page faults, ~0.6 s of system time a launch); Python processes gain a little.
os.environ.setdefault('GLIBC_TUNABLES', 'glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=268435456')
# Byte-code caching on even where the environment turns it off (PYTHONDONTWRITEBYTECODE): otherwise
# every test module is assertion-rewritten and every `b2bkit` subprocess compiles jobs/ and addin/
# from source again, about a third of a second each. __pycache__/ is in .gitignore.
if os.environ.pop('PYTHONDONTWRITEBYTECODE', None) is not None:
    sys.dont_write_bytecode = False


def _scratch_in_memory(shm=Path('/dev/shm'), room=2 << 30):
    """Temporary files (pytest's tmp_path, every subprocess's TMPDIR) on tmpfs where there is one with
    room, unless TMPDIR is set. The suite creates, renames and deletes ~4 000 files a run; on this
    machine's ext4 that journaling was 5–6 s of system time and 6 s of wall (51 → 44 s, same minutes).
    Docker's 64 MB (noexec) /dev/shm is not used: then the default temporary folder stays."""
    if 'TMPDIR' in os.environ or not os.access(shm, os.W_OK):
        return
    free = os.statvfs(shm)
    # noexec: a temporary folder is expected to run what is put there
    if free.f_bavail * free.f_frsize < room or free.f_flag & os.ST_NOEXEC:
        return
    scratch = shm / ('isp-b2b-kit-tests-%d' % os.getuid())
    scratch.mkdir(mode=0o700, exist_ok=True)
    own = os.lstat(scratch)         # /dev/shm is everyone's: not a link or a folder someone else planted
    if not stat.S_ISDIR(own.st_mode) or own.st_uid != os.getuid() or own.st_mode & 0o077:
        return
    import tempfile
    os.environ['TMPDIR'] = str(scratch)         # the xdist workers and every subprocess inherit it
    tempfile.tempdir = None                     # pytest's capture already asked: forget its answer


_scratch_in_memory()
# The workers hold every library and fixture the suite loaded. At their exit (the controller waits for it)
# CPython clears every module with repeated full collections: 0.7–0.9 s a worker. The garbage is
# collected first (its finalizers run) and the rest frozen: module teardown frees it by reference counting.
atexit.register(gc.freeze)
atexit.register(gc.collect)                 # atexit runs the last registered first: collect, then freeze
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
def demo_folders(tmp_path_factory):
    """``demo_folders(dest, **init_args)`` copies to *dest* the demo operator folder ``b2bkit init --demo``
    makes with those arguments (``today=…, seed=…, clients=…, months=…``) and returns *dest*. Each
    folder is built once per session — once for all xdist workers too (in their common temporary
    folder, under a lock) — for module- and session-scoped fixtures; tests use ``demo_folder``."""
    import fcntl
    import json
    import shutil
    from jobs import operator_folder
    base = tmp_path_factory.getbasetemp()
    if _xdist_worker():
        base = base.parent              # pytest-N/ above popen-gwK/: shared by the workers of this run
    base = base / 'demo-folders'
    base.mkdir(exist_ok=True)

    def copy(dest, **init_args):
        key = json.dumps(sorted(init_args.items()), default=str)
        name = re.sub(r'[^0-9A-Za-z]+', '-', key).strip('-') or 'default'
        built = base / name
        with open(base / (name + '.lock'), 'w') as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)        # another worker may be building it right now
            if not built.exists():
                staging = base / (name + '.tmp')
                shutil.rmtree(staging, ignore_errors=True)
                operator_folder.init(staging, demo=True, **init_args)
                staging.rename(built)
        return Path(shutil.copytree(built, dest))
    return copy


@pytest.fixture
def demo_folder(demo_folders, tmp_path):
    """``demo_folder(name='демо', today=…, seed=…, clients=…)``: a copy, in this test's tmp_path, of the
    demo operator folder ``b2bkit init --demo`` makes with those arguments (built once per session)."""
    def make(name='демо', **init_args):
        return demo_folders(tmp_path / name, **init_args)
    return make


# --- the demo command, run once ------------------------------------------------------------------
# `b2bkit demo` is the suite's longest run (about 8 s), a real process of the installed entry point.
# It runs ONCE, over a folder made to look like an earlier demo run (the marker and a stale letter),
# so the same run also proves the demo recreates its own folder. Serially it is started at
# collection and runs on the second core while the other tests run (its test, moved to the end,
# collects the result); on xdist workers the test runs it itself, first, since the workers
# already keep both cores busy and each worker collects — a background start would run it twice.

_DEMO_TEST = 'test_demo_runs_every_job_and_leaves_letters_documents_and_reports'
#: A letter an "earlier demo run" left: a second run must not keep it.
STALE_DEMO_LETTER = 'письмо прошлого запуска.eml'
_demo_run = {}

#: Test modules by their measured cost (seconds on the reference machine, serial), costliest
#: first: xdist (`--dist loadfile`) then hands the long files out first and the short ones fill
#: the gaps at the end. Files not listed (each under a second) keep their order after these;
#: a file of a second or more left unlisted lands at the end and one worker finishes alone.
COSTLY_FIRST = (
    'test_rendered_workbooks.py', 'test_paper.py', 'test_environment_failures.py', 'test_job_summaries.py',
    'test_debtors.py', 'test_documents_job.py', 'test_progress.py', 'test_registers.py', 'test_libreoffice.py',
    'test_bank_matching.py', 'test_workbooks.py', 'test_payslips.py', 'test_scheduler.py', 'test_outbox.py',
    'test_outbox_outage.py', 'test_upd.py', 'test_sales.py', 'test_init_check.py', 'test_sales_job.py',
    'test_documents.py', 'test_warning_text.py', 'test_sales_territory.py', 'test_model_properties.py',
    'test_report.py', 'test_requisites.py', 'test_payroll_rules.py',
)


def _xdist_worker():
    return 'PYTEST_XDIST_WORKER' in os.environ


def _start_demo(folder):
    import subprocess
    from jobs.commands import demo
    (folder / 'Почта').mkdir(parents=True)
    (folder / demo.MARKER).write_text('b2bkit demo\n', encoding='utf-8')
    (folder / 'Почта' / STALE_DEMO_LETTER).write_text('Subject: old\n\nold\n', encoding='utf-8')
    _demo_run['folder'] = folder
    _demo_run['process'] = subprocess.Popen(
        [sys.executable, '-m', 'jobs.cli', 'demo', '--dir', str(folder)], cwd=ROOT, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def pytest_collection_modifyitems(session, config, items):
    rank = {name: i for i, name in enumerate(COSTLY_FIRST)}

    def cost_order(item):
        return rank.get(Path(str(item.fspath)).name, len(rank))
    items.sort(key=cost_order)                              # stable: a file's tests keep their order
    if _xdist_worker():
        items.sort(key=lambda item: item.name != _DEMO_TEST)      # the longest test first
        return
    items.sort(key=lambda item: item.name == _DEMO_TEST)          # serially: last, collecting the result
    if any(item.name == _DEMO_TEST for item in items) and not _demo_run and not config.option.collectonly:
        import tempfile
        _start_demo(Path(tempfile.mkdtemp(prefix='b2bkit-demo-')) / 'demo')


def pytest_sessionfinish(session, exitstatus):
    if _demo_run:
        import shutil
        if 'process' in _demo_run:
            _demo_run['process'].kill()
            _demo_run['process'].communicate()
        shutil.rmtree(_demo_run['folder'].parent, ignore_errors=True)


@pytest.fixture
def demo_command():
    """``(folder, returncode, stdout, stderr)`` of ``b2bkit demo --dir folder``, run once (see above)
    over a folder holding the demo's marker and a stale letter ``STALE_DEMO_LETTER`` in «Почта»."""
    if 'result' not in _demo_run:
        if 'process' not in _demo_run:
            import tempfile
            _start_demo(Path(tempfile.mkdtemp(prefix='b2bkit-demo-')) / 'demo')
        process = _demo_run['process']
        out, err = process.communicate(timeout=300)
        _demo_run['result'] = (_demo_run['folder'], process.returncode, out, err)
    return _demo_run['result']
