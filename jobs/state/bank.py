"""Imported bank statements (выписки) and their incoming payments.

``bank_statements.sha256`` makes a file imported twice add nothing;
``bank_payments`` is UNIQUE by payer, payment order number, date and amount, so
a payment in two overlapping statements is counted once.
"""


def statement_id(db, sha256):
    """The id of the statement already imported with this hash, or ``None``."""
    row = db.execute('SELECT id FROM bank_statements WHERE sha256 = ?', (sha256,)).fetchone()
    return row[0] if row else None


def add_statement(db, *, sha256, file_name, account, imported_at):
    """Record a statement (its payment count set by :func:`set_count`); returns its id."""
    return db.execute('INSERT INTO bank_statements (sha256, file_name, account, imported_at, payments) '
                      'VALUES (?, ?, ?, ?, 0)', (sha256, file_name, account, imported_at)).lastrowid


def add_payment(db, statement, *, doc_number, doc_date, received, amount, payer_inn, payer_account,
                payer_name, purpose, client_code, matched_by):
    """Record an incoming payment; ``False`` when the same payment is already stored."""
    return db.execute(
        'INSERT OR IGNORE INTO bank_payments (statement_id, doc_number, doc_date, received, amount, '
        'payer_inn, payer_account, payer_name, purpose, client_code, matched_by) '
        'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        (statement, doc_number, doc_date, received, str(amount), payer_inn, payer_account, payer_name,
         purpose, client_code, matched_by)).rowcount > 0


def set_count(db, statement, payments):
    db.execute('UPDATE bank_statements SET payments = ? WHERE id = ?', (payments, statement))


def payments(db):
    """Every stored payment with its statement's ``file_name``, by date received."""
    return db.execute('SELECT p.*, s.file_name FROM bank_payments p JOIN bank_statements s '
                      'ON s.id = p.statement_id ORDER BY p.received, p.id').fetchall()


def unmatched(db):
    """The stored payments without a client, oldest first, with the statement's ``file_name``."""
    return db.execute('SELECT p.*, s.file_name FROM bank_payments p JOIN bank_statements s '
                      'ON s.id = p.statement_id WHERE p.client_code IS NULL ORDER BY p.received, p.id').fetchall()


def of_client(db, code):
    """*code*'s stored payments as they are now, by date received."""
    return db.execute('SELECT doc_number, doc_date, received, amount, purpose FROM bank_payments '
                      'WHERE client_code = ? ORDER BY received, id', (code,)).fetchall()
