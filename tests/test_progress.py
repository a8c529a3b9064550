"""Progress bars: drawn on a terminal, absent from cron mail and log files (jobs/progress.py)."""

import datetime
import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from jobs import progress

ROOT = Path(__file__).resolve().parents[1]


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as a console's stderr does."""

    def isatty(self):
        return True


def test_a_terminal_gets_a_bar_and_a_log_gets_nothing():
    log, console = io.StringIO(), Terminal()
    for stream in (log, console):
        with progress.bar(50, 'Документы', 'клиент', stream=stream) as bar:
            for _ in range(50):
                bar.update(1)
    assert log.getvalue() == ''
    out = console.getvalue()
    assert 'Документы' in out and '50/50' in out and '100%' in out


def test_a_short_job_draws_no_bar_even_on_a_terminal():
    console = Terminal()
    with progress.bar(progress.MINIMUM, 'Отправка писем', 'пис', stream=console) as bar:
        bar.update(progress.MINIMUM)
    assert console.getvalue() == ''


@pytest.fixture(scope='module')
def folder(tmp_path_factory, demo_folders):
    """A demo operator folder of 30 clients: more than a bar's minimum, a few seconds of PDFs."""
    return demo_folders(tmp_path_factory.mktemp('progress') / 'op', today=datetime.date(2026, 11, 16),
                        clients=30, months=3)


def _documents(folder, month, stderr):
    return subprocess.Popen([sys.executable, '-m', 'jobs.cli', 'documents', '--dir', str(folder),
                             '--month', month], cwd=ROOT, stdout=subprocess.PIPE, stderr=stderr)


def test_documents_in_cron_write_no_bar(folder, capsys):
    """stderr piped into a log (cron, Task Scheduler): the Russian summary, no bar."""
    from jobs import cli
    assert not sys.stderr.isatty()          # captured: a pipe to a log, as under cron
    assert cli.main(['documents', '--dir', str(folder), '--month', '2026-10']) == 0
    out, err = capsys.readouterr()
    assert 'выпущено' in out
    assert '\r' not in err and 'клиент/s' not in err and '%|' not in err


def test_documents_on_a_terminal_show_a_bar(folder):
    """stderr on a real pseudo-terminal, as in an operator's console."""
    master, slave = pty.openpty()
    # a console has a size (a fresh pty is 0×0, where a bar has no room at all)
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 100, 0, 0))
    proc = _documents(folder, '2026-11', slave)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:             # the terminal's other end closed: the process has finished
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0
    assert 'выпущено' in out.decode()
    screen = b''.join(chunks).decode('utf-8', 'replace')
    assert 'Документы' in screen and '30/30' in screen, screen[-500:]


def test_a_big_register_read_shows_its_stages_on_a_terminal_only(folder, monkeypatch):
    from jobs.registers import reader
    # the demo register is small; call every register big so the rule under test is the terminal one
    monkeypatch.setattr(reader, 'BIG_REGISTER_BYTES', 0)
    console, log = Terminal(), io.StringIO()
    monkeypatch.setattr(sys, 'stderr', console)
    reg = reader.read_register(folder)
    assert len(reg.clients) > 20
    assert 'Чтение реестра' in console.getvalue() and 'оплаты' in console.getvalue()
    monkeypatch.setattr(sys, 'stderr', log)
    reader.read_register(folder)
    assert log.getvalue() == ''
