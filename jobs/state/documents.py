"""Closing documents and their numbers (нумерация): ``documents`` and ``document_counters``.

A number is taken from ``document_counters`` and the document recorded in
``documents`` by the same SQL transaction (the caller's ``state.transaction``):
if it rolls back — a crash, an error writing the PDF — the counter rolls back
with it, so no number is ever lost. ``UNIQUE (doc_type, client_code, period)``
means a rerun finds the document recorded (:func:`existing`) and never issues
a second number; ``UNIQUE (doc_type, year, number)`` guards against two
processes sharing a number (``BEGIN IMMEDIATE`` serialises them anyway).

The counter's key is the document type's numbering *series* (the column is
called ``doc_type``: today every type has a series of its own).
"""

import json


def existing(db, doc_type, client_code, period):
    """The recorded document (``sqlite3.Row``) for this client, type and period, or ``None``."""
    return db.execute('SELECT * FROM documents WHERE doc_type = ? AND client_code = ? AND period = ?',
                      (doc_type, client_code, period)).fetchone()


def next_number(db, series, year):
    """Take the next number of *series* in *year*. Call inside a write transaction."""
    return db.execute(
        'INSERT INTO document_counters (doc_type, year, last_number) VALUES (?, ?, 1) '
        'ON CONFLICT (doc_type, year) DO UPDATE SET last_number = last_number + 1 '
        'RETURNING last_number', (series, year)).fetchone()[0]


def peek(db, series, year):
    """The number the next document of *series* in *year* would get (a dry run: takes nothing)."""
    if db is None:
        return 1
    row = db.execute('SELECT last_number FROM document_counters WHERE doc_type = ? AND year = ?',
                     (series, year)).fetchone()
    return (row[0] if row else 0) + 1


def record(db, *, doc_type, series=None, doc_date, client_code, client_name, period, batch, amount, data, now):
    """Number and record a document in one step; returns ``(id, number)``.

    Must run inside the caller's write transaction, together with everything
    else about the document (its file, its message).
    """
    year = doc_date.year
    number = next_number(db, series or doc_type, year)
    cur = db.execute(
        'INSERT INTO documents (doc_type, year, number, doc_date, client_code, client_name, period, batch, '
        'amount, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        (doc_type, year, number, doc_date.isoformat(), client_code, client_name, period, batch,
         str(amount), json.dumps(data, ensure_ascii=False, sort_keys=True), now))
    return cur.lastrowid, number


def set_file(db, doc_id, file):
    """Record where the document's file is (*file*: relative to the operator folder)."""
    db.execute('UPDATE documents SET file = ? WHERE id = ?', (file, doc_id))


def link_message(db, doc_ids, message_id):
    """Record the outbox message that carries the documents *doc_ids*."""
    db.executemany('UPDATE documents SET message_id = ? WHERE id = ?', [(message_id, i) for i in doc_ids])


def of_client(db, batch, client_code):
    """The documents of run month *batch* for one client, in recording order."""
    return db.execute('SELECT * FROM documents WHERE batch = ? AND client_code = ? ORDER BY id',
                      (batch, client_code)).fetchall()


def numbers_of(db, doc_type, client_code, periods):
    """``{period: (number, doc_date ISO)}`` of *client_code*'s *doc_type* documents for *periods*."""
    if db is None or not periods:
        return {}
    rows = db.execute('SELECT period, number, doc_date FROM documents WHERE doc_type = ? AND client_code = ? '
                      'AND period IN (%s)' % ', '.join('?' * len(periods)), (doc_type, client_code, *periods))
    return {r['period']: (r['number'], r['doc_date']) for r in rows}


def with_delivery(db, batch):
    """Run month *batch*'s documents with their message's delivery (``mail_status``, ``mail_sent_at``,
    ``mail_to``, ``mail_dup``), by client then recording order — the «Документооборот» rows."""
    return db.execute(
        'SELECT d.*, o.status AS mail_status, o.sent_at AS mail_sent_at, o.recipients AS mail_to, '
        'o.possibly_duplicate AS mail_dup FROM documents d LEFT JOIN outbox o ON o.message_id = d.message_id '
        'WHERE d.batch = ? ORDER BY d.client_code, d.id', (batch,)).fetchall()


def issued_invoices(db):
    """The kit's own invoices as ``(number, date, client_code)`` — a payment naming one is matched by it."""
    import datetime
    return [(r[0], datetime.date.fromisoformat(r[1]), r[2]) for r in db.execute(
        "SELECT number, doc_date, client_code FROM documents WHERE doc_type = 'invoice'")]


def vat_invoice_months(db, batch, doc_types):
    """The months (``ГГГГ-ММ`` of the document date) of run month *batch*'s documents of *doc_types*."""
    if not doc_types:
        return []
    rows = db.execute('SELECT DISTINCT substr(doc_date, 1, 7) FROM documents WHERE batch = ? AND doc_type IN (%s) '
                      'ORDER BY 1' % ', '.join('?' * len(doc_types)), (batch, *doc_types))
    return [r[0] for r in rows]


def dated_in_month(db, month, doc_types):
    """Every document of *doc_types* dated in *month* (``ГГГГ-ММ``), by date then number — the
    книга продаж of that month."""
    if not doc_types:
        return []
    return db.execute('SELECT * FROM documents WHERE doc_date >= ? AND doc_date <= ? AND doc_type IN (%s) '
                      'ORDER BY doc_date, year, number, id' % ', '.join('?' * len(doc_types)),
                      (month + '-01', month + '-31', *doc_types)).fetchall()


# --- corrections (исправленные счета-фактуры / УПД: the same number, an исправление number) --------

def find_corrected(db, doc_types, client_code, period):
    """The recorded document of *doc_types* for this client and period (``sqlite3.Row``) or ``None``."""
    return db.execute('SELECT * FROM documents WHERE client_code = ? AND period = ? AND doc_type IN (%s) '
                      'ORDER BY id LIMIT 1' % ', '.join('?' * len(doc_types)),
                      (client_code, period, *doc_types)).fetchone()


def latest_correction(db, document_id):
    """The last исправление of a document (``sqlite3.Row``), or ``None``."""
    return db.execute('SELECT * FROM document_corrections WHERE document_id = ? ORDER BY correction DESC LIMIT 1',
                      (document_id,)).fetchone()


def record_correction(db, *, document_id, doc_date, batch, data_for, now):
    """Record the next исправление of *document_id*; ``data_for(number)`` gives its data (which prints
    the number). Returns ``(id, correction number, data)``. Inside the caller's write transaction."""
    number = db.execute('SELECT COALESCE(MAX(correction), 0) + 1 FROM document_corrections WHERE document_id = ?',
                        (document_id,)).fetchone()[0]
    data = data_for(number)
    cur = db.execute('INSERT INTO document_corrections (document_id, correction, doc_date, batch, data, created_at) '
                     'VALUES (?, ?, ?, ?, ?, ?)', (document_id, number, doc_date.isoformat(), batch,
                                                   json.dumps(data, ensure_ascii=False, sort_keys=True), now))
    return cur.lastrowid, number, data


def set_correction_file(db, correction_id, file, message_id=None):
    db.execute('UPDATE document_corrections SET file = ?, message_id = COALESCE(?, message_id) WHERE id = ?',
               (file, message_id, correction_id))


def corrected_months(db, batch):
    """The months (of the corrected documents' dates) of the исправления recorded in run month *batch*."""
    return [r[0] for r in db.execute(
        'SELECT DISTINCT substr(d.doc_date, 1, 7) FROM document_corrections c JOIN documents d '
        'ON d.id = c.document_id WHERE c.batch = ? ORDER BY 1', (batch,))]
