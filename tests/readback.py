"""Reading back what a job recorded, as the accountant's tools would: rows of the operator folder's
state database."""

from jobs import state


def db_rows(folder, sql, *params):
    """The rows of *sql* on *folder*'s state database, each a dict (column → value)."""
    db = state.connect(folder)
    try:
        return [dict(r) for r in db.execute(sql, params)]
    finally:
        db.close()
