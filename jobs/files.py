"""Output files written whole or not at all (запись файлов без обрывков).

A crash or a power cut while a report, a PDF or a letter is being written must
never leave a half-written file under the real name: everything is written to a
temporary file in the same folder and renamed over the target.
"""

import contextlib
import os
import tempfile
from pathlib import Path

TEMP_PREFIX = '.tmp-'     # every temporary file starts so: leftovers of a killed run are found by it


def fsync_enabled():
    """Whether writes are flushed to disk: yes, unless ``B2BKIT_FSYNC=0`` (the test suite sets it;
    a test's throw-away folder need not survive a power cut). The state database follows it too."""
    return os.environ.get('B2BKIT_FSYNC', '1') != '0'


def _readable_by_others(path):
    # mkstemp makes files private (0600); the operator's other tools read them like any file
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


@contextlib.contextmanager
def replacing(path):
    """``with replacing(path) as tmp:`` — write *tmp*; on success it replaces *path*,
    on an exception it is removed and *path* is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), prefix=TEMP_PREFIX, suffix=path.suffix)
    os.close(fd)
    try:
        yield Path(tmp)
        _readable_by_others(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_bytes(path, data, sync=True):
    """Write *data* to *path* atomically; with *sync*, flushed to disk before the rename."""
    with replacing(path) as tmp:
        with open(tmp, 'wb') as f:
            f.write(data)
            if sync and fsync_enabled():
                f.flush()
                os.fsync(f.fileno())
    return Path(path)



def remove_quietly(paths):
    """Delete *paths*, skipping what cannot be deleted: a rolled-back run removing the files it wrote."""
    for path in paths:
        with contextlib.suppress(OSError):
            Path(path).unlink()


def remove_leftovers(root, older_than=600.0, now=None):
    """Delete temporary files a killed process left under *root* (``.tmp-*`` older than
    *older_than* seconds, so a file another running process is writing right now is kept);
    returns how many were removed. Called when a command or a scheduler tick starts."""
    import time
    now = time.time() if now is None else now
    removed = 0
    for path in Path(root).rglob(TEMP_PREFIX + '*'):
        try:
            if path.is_file() and now - path.stat().st_mtime > older_than:
                path.unlink()
                removed += 1
        except OSError:
            continue    # vanished or not ours to remove: nothing to clean then
    return removed
