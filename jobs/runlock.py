"""One scheduler per operator folder, and the process-wide stop request.

The lock is an OS file lock (``filelock``: ``flock`` on Unix, ``msvcrt`` on
Windows) on ``.b2bkit-run.lock`` in the operator folder: the OS releases it
when the process dies, so a crash or a power cut never leaves a stale lock.
The holder's process id is written next to it only to tell the user who holds it.

:data:`stop_event` is set by Ctrl-C / SIGTERM under ``b2bkit run``; the outbox
drain checks it between messages, jobs may check it between clients.
"""

import os
import threading
from pathlib import Path

import filelock

from .errors import UserError

LOCK_FILE = '.b2bkit-run.lock'
PID_FILE = '.b2bkit-run.pid'

#: Set when a stop was requested (Ctrl-C, SIGTERM): finish the current message, then stop.
stop_event = threading.Event()


class InstanceLock:
    """``with InstanceLock(dir):`` — or a Russian :class:`UserError` if another ``b2bkit run`` holds it."""

    def __init__(self, operator_dir):
        self.dir = Path(operator_dir)
        self.lock = filelock.FileLock(str(self.dir / LOCK_FILE), timeout=0)

    def __enter__(self):
        try:
            self.lock.acquire()
        except filelock.Timeout:
            try:
                pid = (self.dir / PID_FILE).read_text(encoding='ascii').strip()
            except OSError:
                pid = ''
            raise UserError('планировщик уже запущен для папки %s%s; второй экземпляр не запускается. '
                            'Остановите первый (Ctrl-C или остановка службы) или дождитесь его окончания'
                            % (self.dir, ' (процесс %s)' % pid if pid else ''))
        except OSError as exc:
            raise UserError('не удалось создать файл блокировки %s: %s' % (self.dir / LOCK_FILE, exc))
        try:
            (self.dir / PID_FILE).write_text(str(os.getpid()), encoding='ascii')
        except OSError:
            pass
        return self

    def __exit__(self, *exc):
        try:
            (self.dir / PID_FILE).unlink()
        except OSError:
            pass
        self.lock.release()
        return False
