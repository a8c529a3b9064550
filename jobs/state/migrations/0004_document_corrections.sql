-- 4: corrections (исправления) of счета-фактуры and УПД: the same number, an исправление number
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
