"""The kit's durable state (состояние): an SQLite database in the operator folder.

What must survive a restart lives here — job runs, document numbers, sent
notices, imported bank statements and the mail outbox. The SQL lives in the
query modules named after what they hold — :mod:`.notices`, :mod:`.documents`,
:mod:`.bank`, :mod:`.runs`, :mod:`.messages` (the mail outbox keeps its own, in
:mod:`jobs.mail.outbox`); the jobs call their functions. The schema is versioned
with ``PRAGMA user_version`` and migrated forward only: a database written by a
newer kit is refused rather than damaged.

>>> import tempfile, pathlib
>>> folder = tempfile.TemporaryDirectory()
>>> db = connect(pathlib.Path(folder.name))
>>> db.execute('PRAGMA user_version').fetchone()[0] == len(MIGRATIONS)
True
>>> db.close(); folder.cleanup()
"""

import contextlib
import sqlite3
from pathlib import Path

from .. import files
from ..errors import UserError

STATE_FILE = 'b2bkit.sqlite3'

#: Forward-only migrations, one SQL file each in ``migrations/`` (``0001_initial.sql`` …):
#: migration *i* (1-based, the file's number) brings the schema to version *i*.
#: Never edit a migration that has been released: add the next file.
MIGRATIONS = [path.read_text(encoding='utf-8')
              for path in sorted((Path(__file__).resolve().parent / 'migrations').glob('*.sql'))]


def connect(operator_dir, migrate=True):
    """Open (and migrate) the state database of *operator_dir*.

    WAL journal so a reader never blocks the scheduler; a busy timeout so two
    processes wait for each other instead of failing.
    """
    path = Path(operator_dir) / STATE_FILE
    try:
        db = sqlite3.connect(str(path), timeout=30, isolation_level=None)
    except sqlite3.Error as exc:
        raise UserError('не удалось открыть базу состояния %s: %s' % (path, exc))
    db.row_factory = sqlite3.Row
    db.execute('PRAGMA journal_mode=WAL')
    db.execute('PRAGMA synchronous=%s' % ('FULL' if files.fsync_enabled() else 'OFF'))
    db.execute('PRAGMA foreign_keys=ON')
    if migrate:
        _migrate(db, path)
    return db


def _migrate(db, path):
    version = db.execute('PRAGMA user_version').fetchone()[0]
    if version > len(MIGRATIONS):
        raise UserError('база состояния %s создана более новой версией программы (схема %d, '
                        'эта версия знает %d); обновите isp-b2b-kit' % (path, version, len(MIGRATIONS)))
    for number in range(version + 1, len(MIGRATIONS) + 1):
        with transaction(db):
            # re-read under the write lock: another process may have migrated meanwhile
            if db.execute('PRAGMA user_version').fetchone()[0] >= number:
                continue
            # statement by statement: executescript() would COMMIT first and break the
            # migration's atomicity (so a migration's SQL must not hold ';' in comments or strings)
            for statement in MIGRATIONS[number - 1].split(';'):
                if statement.strip():
                    db.execute(statement)
            db.execute('PRAGMA user_version = %d' % number)


def connect_readonly(operator_dir):
    """The state database opened read-only (a dry run writes nothing), or ``None``
    when the folder has none yet."""
    path = Path(operator_dir).resolve() / STATE_FILE
    if not path.exists():
        return None
    try:
        db = sqlite3.connect(path.as_uri() + '?mode=ro', uri=True, timeout=30)
        db.row_factory = sqlite3.Row
        version = db.execute('PRAGMA user_version').fetchone()[0]
    except sqlite3.Error as exc:
        raise UserError('не удалось открыть базу состояния %s для чтения: %s' % (path, exc))
    if version != len(MIGRATIONS):
        db.close()
        raise UserError('база состояния %s в схеме %d, программа ждёт %d; запустите задание без '
                        '--dry-run один раз или обновите программу' % (path, version, len(MIGRATIONS)))
    return db


@contextlib.contextmanager
def transaction(db):
    """``with transaction(db): ...`` — BEGIN IMMEDIATE … COMMIT, ROLLBACK on error."""
    db.execute('BEGIN IMMEDIATE')
    try:
        yield db
    except BaseException:
        db.execute('ROLLBACK')
        raise
    db.execute('COMMIT')


from . import bank, documents, messages, notices, paper, runs  # noqa: E402  (the query modules, ``state.notices.…``)
