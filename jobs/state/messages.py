"""What the jobs ask of the outbox (the outbox itself, and its SQL, is :mod:`jobs.mail.outbox`)."""


def queued(db, job, key):
    """*job*'s message *key* (``status``, ``sent_at``), or ``None`` when it was never queued."""
    return db.execute('SELECT status, sent_at FROM outbox WHERE job = ? AND key = ?', (job, key)).fetchone()
