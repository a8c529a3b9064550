"""Output files written whole or not at all (запись файлов без обрывков).

A crash or a power cut while a report, a PDF or a letter is being written must
never leave a half-written file under the real name: everything is written to a
temporary file in the same folder and renamed over the target.
"""

import contextlib
import os
import tempfile
from pathlib import Path


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
    fd, tmp = tempfile.mkstemp(dir=str(path.parent), prefix='.tmp-', suffix=path.suffix)
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
