"""Environment failures end in a Russian message and a rerun completes (issue 15, point 7).

Real parts: the operator folder lives on a small tmpfs (a full disk) or one remounted read-only;
the state database is overwritten with garbage. Mounting needs root, as the project's machines and
CI run.
"""

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jobs import state

ROOT = Path(__file__).resolve().parents[1]
TODAY = datetime.date(2026, 5, 14)


def b2bkit(*args):
    """``b2bkit ARGS`` as a process of its own: the message a fresh interpreter prints."""
    return subprocess.run([sys.executable, '-m', 'jobs.cli', *args], capture_output=True, text=True,
                          cwd=str(ROOT), env=dict(os.environ, B2BKIT_MAIL_TRANSPORT='folder'))


class Run:
    def __init__(self, returncode, captured):
        self.returncode, self.stdout, self.stderr = returncode, captured.out, captured.err


@pytest.fixture
def b2bkit_here(capsys, monkeypatch):
    """``b2bkit ARGS`` through ``jobs.cli.main`` in this process (the same exit codes and messages),
    for the runs that are about the disk rather than the process."""
    from jobs import cli
    monkeypatch.setenv('B2BKIT_MAIL_TRANSPORT', 'folder')

    def run(*args):
        capsys.readouterr()
        return Run(cli.main(list(args)), capsys.readouterr())
    return run


@pytest.fixture
def demo_master(demo_folder):
    """The source demo folder (built once per session, copied here)."""
    return demo_folder('src', today=TODAY, seed=5, clients=30)


@pytest.fixture
def small_disk(tmp_path):
    """A tmpfs mounted for the test; ``resize(kb)`` / ``readonly()`` change it; unmounted afterwards."""
    if os.geteuid() != 0:
        pytest.fail('these tests mount a tmpfs and need root (as on the project machines and CI)')
    point = tmp_path / 'disk'
    point.mkdir()

    def mount(options):
        subprocess.run(['mount', '-o', options, point] if 'remount' in options else
                       ['mount', '-t', 'tmpfs', '-o', options, 'tmpfs', point], check=True)

    class Disk:
        path = point
        resize = staticmethod(lambda kb: mount('remount,size=%dk' % kb))
        readonly = staticmethod(lambda: mount('remount,ro'))
        writable = staticmethod(lambda: mount('remount,rw'))
    yield Disk, mount
    subprocess.run(['umount', '-l', point], check=False)


def used_kb(folder):
    return sum(f.stat().st_size for f in folder.rglob('*') if f.is_file()) // 1024


def leftovers(folder):
    return [p for p in folder.rglob('.tmp-*')]


def test_a_full_disk_stops_documents_with_a_russian_message_and_a_rerun_completes(demo_master, small_disk,
                                                                                 b2bkit_here):
    disk, mount = small_disk
    mount('size=%dk' % (used_kb(demo_master) + 3000))
    folder = disk.path / 'op'
    shutil.copytree(demo_master, folder)
    assert b2bkit_here('check', '--dir', str(folder)).returncode == 0
    disk.resize(used_kb(folder) + 700)       # room for a few documents only
    first = b2bkit_here('documents', '--month', '2026-05', '--dir', str(folder))
    assert first.returncode != 0
    assert 'Traceback' not in first.stderr and 'на диске нет места' in first.stderr
    assert leftovers(folder) == []           # nothing half-written under a temporary name
    disk.resize(used_kb(folder) + 60000)     # the accountant frees space …
    second = b2bkit_here('documents', '--month', '2026-05', '--dir', str(folder))
    assert second.returncode == 0, second.stderr
    db = state.connect(folder)
    try:
        for doc_type, numbers in _numbers(db).items():
            assert numbers == list(range(1, len(numbers) + 1)), doc_type   # gapless after the failure
        missing = [r[0] for r in db.execute('SELECT file FROM documents') if not (folder / r[0]).exists()]
    finally:
        db.close()
    assert missing == [] and leftovers(folder) == []


def _numbers(db):
    """Numbers by numbering series and year: the УПД, счета-фактуры and advance invoices share one."""
    from jobs.documents import types
    out = {}
    for doc_type, year, number, data in db.execute('SELECT doc_type, year, number, data FROM documents '
                                                   'ORDER BY number'):
        series = types.BY_CODE[doc_type].series_of(json.loads(data))
        out.setdefault((series, year), []).append(number)
    return out


def test_a_read_only_folder_is_told_in_russian(demo_master, small_disk, b2bkit_here):
    disk, mount = small_disk
    mount('size=%dk' % (used_kb(demo_master) + 60000))
    folder = disk.path / 'op'
    shutil.copytree(demo_master, folder)
    disk.readonly()
    out = b2bkit('debtors', '--date', '2026-05-14', '--dir', str(folder))
    assert out.returncode != 0 and 'Traceback' not in out.stderr
    assert 'только для чтения' in out.stderr
    disk.writable()
    # the rerun is about the disk, not the process: in this one
    rerun = b2bkit_here('debtors', '--date', '2026-05-14', '--dir', str(folder))
    assert rerun.returncode == 0, rerun.stderr
    assert 'отправлено' in rerun.stdout


def test_a_corrupt_state_database_is_told_in_russian_even_in_check(demo_master, tmp_path):
    folder = tmp_path / 'op'
    shutil.copytree(demo_master, folder)
    (folder / state.STATE_FILE).write_bytes(b'not a database, just garbage ' * 100)
    for args in (('check',), ('debtors', '--date', '2026-05-14')):
        out = b2bkit(*args, '--dir', str(folder))
        assert out.returncode != 0 and 'Traceback' not in out.stderr, args
        assert 'база состояния b2bkit.sqlite3 повреждена' in out.stderr
