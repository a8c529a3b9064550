-- 1: the initial schema
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
