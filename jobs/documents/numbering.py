"""Document numbers: sequential per document type per year, without gaps.

A number is taken from ``document_counters`` and the document is recorded in
``documents`` by the same SQL transaction (the caller's
``state.transaction(db)``): if the transaction rolls back — a crash, an error
writing the PDF — the counter rolls back with it, so no number is ever lost.
``documents`` has ``UNIQUE (doc_type, client_code, period)``: a rerun finds the
document already recorded (:func:`existing`) and never issues a second number
for the same client, type and period; ``UNIQUE (doc_type, year, number)``
guards against two processes ever sharing a number (``BEGIN IMMEDIATE``
serialises them anyway).
"""

import json

TYPES = ('invoice', 'act', 'reconciliation')


def existing(db, doc_type, client_code, period):
    """The recorded document (``sqlite3.Row``) for this client, type and period, or ``None``."""
    return db.execute('SELECT * FROM documents WHERE doc_type = ? AND client_code = ? AND period = ?',
                      (doc_type, client_code, period)).fetchone()


def next_number(db, doc_type, year):
    """Take the next number of *doc_type* in *year*. Call inside a write transaction."""
    if doc_type not in TYPES:
        raise ValueError('unknown document type %r' % doc_type)
    row = db.execute(
        'INSERT INTO document_counters (doc_type, year, last_number) VALUES (?, ?, 1) '
        'ON CONFLICT (doc_type, year) DO UPDATE SET last_number = last_number + 1 '
        'RETURNING last_number', (doc_type, year)).fetchone()
    return row[0]


def peek(db, doc_type, year):
    """The number the next document of *doc_type* in *year* would get (dry run; takes nothing)."""
    if db is None:
        return 1
    row = db.execute('SELECT last_number FROM document_counters WHERE doc_type = ? AND year = ?',
                     (doc_type, year)).fetchone()
    return (row[0] if row else 0) + 1


def record(db, *, doc_type, doc_date, client_code, client_name, period, batch, amount, data, now):
    """Number and record a document in one step; returns ``(id, number)``.

    Must run inside the caller's write transaction, together with everything
    else about the document (its file name, its message).
    """
    year = doc_date.year
    number = next_number(db, doc_type, year)
    cur = db.execute(
        'INSERT INTO documents (doc_type, year, number, doc_date, client_code, client_name, period, batch, '
        'amount, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        (doc_type, year, number, doc_date.isoformat(), client_code, client_name, period, batch,
         str(amount), json.dumps(data, ensure_ascii=False, sort_keys=True), now))
    return cur.lastrowid, number
