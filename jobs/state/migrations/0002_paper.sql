-- 2: paperwork from the register (jobs/paper, SQL in jobs/state/paper.py)
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
