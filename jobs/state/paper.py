"""State of the paperwork (бумаги): numbered contracts and agreements.

All SQL of :mod:`jobs.paper` lives here (the tables are migration 2 of
:mod:`jobs.state`). A number is taken from ``paper_counters`` and the document
recorded in ``paper_documents`` inside the caller's ``state.transaction(db)``:
a rollback (a broken template, LibreOffice failing) takes the number back with
it, so the series has no gaps. ``UNIQUE (template, client_code, occasion)``
makes a rerun find the issued document instead of numbering it again.

>>> import tempfile, datetime
>>> from jobs import state
>>> folder = tempfile.TemporaryDirectory()
>>> db = state.connect(folder.name)
>>> with state.transaction(db):
...     issue(db, template='Договор ТВ', client_code='00001', occasion='', series='contract',
...           doc_date=datetime.date(2026, 12, 2), data={}, now='2026-12-02T09:00:00+00:00')['number']
1
>>> found(db, 'Договор ТВ', '00001', '')['number'], peek(db, 'contract', 2026)
(1, 2)
>>> db.close(); folder.cleanup()
"""

import json

SERIES = ('contract', 'agreement')


def found(db, template, client_code, occasion=''):
    """The issued document (``sqlite3.Row``) of *template* for this client and occasion, or ``None``."""
    if db is None:
        return None
    return db.execute('SELECT * FROM paper_documents WHERE template = ? AND client_code = ? AND occasion = ?',
                      (template, client_code, occasion)).fetchone()


def peek(db, series, year):
    """The number the next document of *series* in *year* would get (takes nothing)."""
    if db is None:
        return 1
    row = db.execute('SELECT last_number FROM paper_counters WHERE series = ? AND year = ?',
                     (series, year)).fetchone()
    return (row[0] if row else 0) + 1


def issue(db, *, template, client_code, occasion, series, doc_date, data, now):
    """Take the next number of *series* in the year of *doc_date* and record the document.

    Call inside a write transaction. Returns the recorded row as a dict.
    """
    if series not in SERIES:
        raise ValueError('unknown series %r' % series)
    year = doc_date.year
    number = db.execute(
        'INSERT INTO paper_counters (series, year, last_number) VALUES (?, ?, 1) '
        'ON CONFLICT (series, year) DO UPDATE SET last_number = last_number + 1 '
        'RETURNING last_number', (series, year)).fetchone()[0]
    db.execute('INSERT INTO paper_documents (template, client_code, occasion, series, year, number, doc_date, '
               'data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
               (template, client_code, occasion, series, year, number, doc_date.isoformat(),
                json.dumps(data, ensure_ascii=False, sort_keys=True), now))
    return dict(found(db, template, client_code, occasion))


def set_data(db, doc_id, data):
    """Store the fields printed on document *doc_id* (they include its own number)."""
    db.execute('UPDATE paper_documents SET data = ? WHERE id = ?',
               (json.dumps(data, ensure_ascii=False, sort_keys=True), doc_id))


def set_files(db, doc_id, files):
    """Record the files (paths relative to the operator folder) of document *doc_id*."""
    db.execute('UPDATE paper_documents SET files = ? WHERE id = ?', (json.dumps(list(files), ensure_ascii=False),
                                                                      doc_id))


def set_message(db, doc_id, message_id):
    """Link document *doc_id* to the outbox message that carries it."""
    db.execute('UPDATE paper_documents SET message_id = ? WHERE id = ?', (message_id, doc_id))


def numbers(db, series, year):
    """Issued numbers of *series* in *year*, ascending (for checks and the CLI listing)."""
    return [r[0] for r in db.execute('SELECT number FROM paper_documents WHERE series = ? AND year = ? '
                                     'ORDER BY number', (series, year))]
