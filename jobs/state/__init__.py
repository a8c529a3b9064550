"""The kit's durable state (состояние): an SQLite database in the operator folder.

What must survive a restart lives here — job runs, document numbers, sent
notices, imported bank statements and the mail outbox. The SQL lives in the
query modules named after what they hold — :mod:`.notices`, :mod:`.documents`,
:mod:`.bank`, :mod:`.runs`, :mod:`.messages` (the mail outbox keeps its own, in
:mod:`jobs.mail.outbox`); the jobs call their functions. The schema is versioned
with ``PRAGMA user_version`` and migrated forward only: a database written by a
newer kit is refused rather than damaged.

>>> import tempfile, pathlib
>>> db = connect(pathlib.Path(tempfile.mkdtemp()))
>>> db.execute('PRAGMA user_version').fetchone()[0] == len(MIGRATIONS)
True
"""

import sqlite3
from pathlib import Path

from .. import files
from ..errors import UserError

STATE_FILE = 'b2bkit.sqlite3'

#: Forward-only migrations; migration *i* (1-based) brings the schema to version *i*.
#: Never edit a migration that has been released: append a new one.
MIGRATIONS = [
    # 1: the initial schema
    """
    CREATE TABLE job_runs (
        id          INTEGER PRIMARY KEY,
        job         TEXT NOT NULL,          -- debtors | documents | report | import-bank | …
        slot        TEXT NOT NULL,          -- what the run is for: a date 2026-11-24 or a month 2026-11
        started_at  TEXT NOT NULL,          -- ISO 8601, UTC
        finished_at TEXT,
        status      TEXT NOT NULL,          -- running | ok | failed
        summary     TEXT
    );
    CREATE INDEX job_runs_by_slot ON job_runs (job, slot, status);

    CREATE TABLE outbox (
        id                 INTEGER PRIMARY KEY,
        message_id         TEXT NOT NULL UNIQUE,   -- deterministic: what the message is
        job                TEXT NOT NULL,
        key                TEXT NOT NULL,          -- what the message is within the job: K0001/2026-10-05/claim
        client_code        TEXT,
        sender             TEXT NOT NULL,          -- address
        sender_name        TEXT NOT NULL DEFAULT '',
        recipients         TEXT NOT NULL,          -- JSON list
        subject            TEXT NOT NULL,
        body_text          TEXT NOT NULL,
        body_html          TEXT,
        attachments        TEXT NOT NULL DEFAULT '[]',  -- JSON list of {path, name, sha256}
        status             TEXT NOT NULL,          -- queued | sending | sent | retry | failed
        attempts           INTEGER NOT NULL DEFAULT 0,
        next_try_at        TEXT,
        last_error         TEXT,
        delivered          TEXT NOT NULL DEFAULT '[]',  -- JSON list: recipients that accepted it
        possibly_duplicate INTEGER NOT NULL DEFAULT 0,
        created_at         TEXT NOT NULL,
        updated_at         TEXT,
        sent_at            TEXT,
        UNIQUE (job, key)
    );
    CREATE INDEX outbox_by_status ON outbox (status, next_try_at);

    CREATE TABLE document_counters (
        doc_type    TEXT NOT NULL,                 -- invoice | act | reconciliation
        year        INTEGER NOT NULL,
        last_number INTEGER NOT NULL,              -- the last number issued: the next one is +1, no gaps
        PRIMARY KEY (doc_type, year)
    );
    CREATE TABLE documents (
        id          INTEGER PRIMARY KEY,
        doc_type    TEXT NOT NULL,                 -- invoice | act | reconciliation
        year        INTEGER NOT NULL,              -- the numbering year (of doc_date)
        number      INTEGER NOT NULL,
        doc_date    TEXT NOT NULL,                 -- ISO date printed on the document
        client_code TEXT NOT NULL,
        client_name TEXT NOT NULL DEFAULT '',
        period      TEXT NOT NULL,                 -- 2026-10, or 2026-Q3 for reconciliations
        batch       TEXT NOT NULL DEFAULT '',      -- the month whose run produced it (2026-11): mail, register, folder
        amount      TEXT NOT NULL,                 -- Decimal as text (a reconciliation: the closing balance)
        data        TEXT,                          -- JSON: everything printed, so a lost file is re-made identically
        file        TEXT,                          -- path relative to the operator folder
        message_id  TEXT,                          -- the outbox message that carries it (NULL: not queued yet)
        created_at  TEXT NOT NULL,
        UNIQUE (doc_type, year, number),
        UNIQUE (doc_type, client_code, period)
    );
    CREATE INDEX documents_by_batch ON documents (batch, client_code);

    CREATE TABLE notices (
        id           INTEGER PRIMARY KEY,
        client_code  TEXT NOT NULL,
        episode      TEXT NOT NULL,                -- the debt episode's start date
        stage        TEXT NOT NULL,                -- reminder | warning | claim | court
        outcome      TEXT NOT NULL,                -- sent | skipped (a stage jumped over)
        as_of        TEXT NOT NULL,
        debt         TEXT NOT NULL,
        days_overdue INTEGER NOT NULL,
        message_id   TEXT,                         -- the outbox message (sent), NULL when skipped
        recipients   TEXT,                         -- JSON list of the e-mail addresses
        sms_phone    TEXT,                         -- +7XXXXXXXXXX when an SMS text goes with it
        sms_text     TEXT,                         -- rebuilt into the day's SMS CSV on every run
        created_at   TEXT NOT NULL,
        UNIQUE (client_code, episode, stage)
    );

    CREATE TABLE bank_statements (
        id          INTEGER PRIMARY KEY,
        sha256      TEXT NOT NULL UNIQUE,         -- the file's hash: a file imported twice adds nothing
        file_name   TEXT NOT NULL,
        account     TEXT NOT NULL DEFAULT '',     -- РасчСчет of the statement
        imported_at TEXT NOT NULL,
        payments    INTEGER NOT NULL              -- payments this file added
    );
    CREATE TABLE bank_payments (
        id            INTEGER PRIMARY KEY,
        statement_id  INTEGER NOT NULL REFERENCES bank_statements (id),
        doc_number    TEXT NOT NULL,
        doc_date      TEXT NOT NULL,              -- ISO date of the payment order
        received      TEXT NOT NULL,              -- ISO date credited to our account
        amount        TEXT NOT NULL,              -- Decimal as text, rubles
        payer_inn     TEXT NOT NULL DEFAULT '',   -- '' rather than NULL so UNIQUE holds
        payer_account TEXT NOT NULL DEFAULT '',
        payer_name    TEXT,
        purpose       TEXT,
        client_code   TEXT,                       -- NULL: not matched, listed for the accountant
        matched_by    TEXT,                       -- inn+contract | inn | contract | NULL
        UNIQUE (payer_inn, payer_account, doc_number, doc_date, amount)
    );
    CREATE INDEX bank_payments_by_client ON bank_payments (client_code);
    """,
    # 2: paperwork from the register (jobs/paper, SQL in jobs/state/paper.py)
    """
    CREATE TABLE paper_counters (
        series      TEXT NOT NULL,                 -- contract | agreement
        year        INTEGER NOT NULL,
        last_number INTEGER NOT NULL,              -- the last number issued: the next one is +1, no gaps
        PRIMARY KEY (series, year)
    );
    CREATE TABLE paper_documents (
        id          INTEGER PRIMARY KEY,
        template    TEXT NOT NULL,                 -- the template's name: Договор Интернет
        client_code TEXT NOT NULL,
        occasion    TEXT NOT NULL DEFAULT '',      -- what the document is for, when a client gets several
        series      TEXT NOT NULL,
        year        INTEGER NOT NULL,              -- the numbering year (of doc_date)
        number      INTEGER NOT NULL,
        doc_date    TEXT NOT NULL,                 -- ISO date printed on the document
        data        TEXT NOT NULL,                 -- JSON: every field printed, so a lost file is re-made alike
        files       TEXT NOT NULL DEFAULT '[]',    -- JSON list of paths relative to the operator folder
        message_id  TEXT,                          -- the outbox message that carries it
        created_at  TEXT NOT NULL,
        UNIQUE (series, year, number),
        UNIQUE (template, client_code, occasion)
    );
    """,
    # 3: proof that a warning / claim went by registered post or ЭДО (п. 3 ст. 44 ФЗ «О связи»:
    # the six months run from the receipt of a written notice; ч. 5 ст. 4 АПК: the claim's proof)
    """
    ALTER TABLE notices ADD COLUMN post_track TEXT;    -- трек-номер (РПО) or the ЭДО document id
    ALTER TABLE notices ADD COLUMN posted_on TEXT;     -- ISO date the letter was posted
    """,
    # 4: corrections (исправления) of счета-фактуры and УПД: the same number, an исправление number
    """
    CREATE TABLE document_corrections (
        id          INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents (id),
        correction  INTEGER NOT NULL,              -- исправление № 1, 2, … of that document
        doc_date    TEXT NOT NULL,                 -- ISO date of the исправление
        batch       TEXT NOT NULL,                 -- the month whose folder holds its files
        data        TEXT NOT NULL,                 -- JSON: the corrected document as printed
        file        TEXT,                          -- path relative to the operator folder
        message_id  TEXT,                          -- the outbox message that carries it
        created_at  TEXT NOT NULL,
        UNIQUE (document_id, correction)
    );
    """,
]


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
        db.execute('BEGIN IMMEDIATE')
        try:
            # re-read under the write lock: another process may have migrated meanwhile
            if db.execute('PRAGMA user_version').fetchone()[0] >= number:
                db.execute('ROLLBACK')
                continue
            # statement by statement: executescript() would COMMIT first and break the
            # migration's atomicity (so a migration's SQL must not hold ';' in comments or strings)
            for statement in MIGRATIONS[number - 1].split(';'):
                if statement.strip():
                    db.execute(statement)
            db.execute('PRAGMA user_version = %d' % number)
            db.execute('COMMIT')
        except BaseException:
            db.execute('ROLLBACK')
            raise


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


class transaction:
    """``with transaction(db): ...`` — BEGIN IMMEDIATE … COMMIT, ROLLBACK on error."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        self.db.execute('BEGIN IMMEDIATE')
        return self.db

    def __exit__(self, exc_type, exc, tb):
        self.db.execute('ROLLBACK' if exc_type else 'COMMIT')
        return False


from . import bank, documents, messages, notices, paper, runs  # noqa: E402  (the query modules, ``state.notices.…``)
