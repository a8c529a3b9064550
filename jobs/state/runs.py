"""Job runs (запуски заданий): what the scheduler started, for which slot, and how it ended.

*slot* is what the run is for — a date ``2026-11-24`` or a month ``2026-11``;
times are ISO 8601 in UTC.
"""


def succeeded(db, job, slot):
    """Whether *job* has finished ``ok`` for *slot*."""
    return db.execute("SELECT 1 FROM job_runs WHERE job = ? AND slot = ? AND status = 'ok' LIMIT 1",
                      (job, slot)).fetchone() is not None


def first_started(db):
    """When the first run here started (an aware datetime), ``None`` — never: the scheduler does not
    catch up slots from before it was in service."""
    import datetime
    first = db.execute('SELECT MIN(started_at) FROM job_runs').fetchone()[0]
    return datetime.datetime.fromisoformat(first) if first else None


def start(db, job, slot, started_at):
    """Record a run as ``running``; returns its id."""
    return db.execute("INSERT INTO job_runs (job, slot, started_at, status) VALUES (?, ?, ?, 'running')",
                      (job, slot, started_at)).lastrowid


def finish(db, run, status, summary, finished_at):
    db.execute('UPDATE job_runs SET status = ?, finished_at = ?, summary = ? WHERE id = ?',
               (status, finished_at, summary, run))


def latest(db, limit=10):
    """The last *limit* runs, newest first (``job, slot, started_at, status, summary``)."""
    return db.execute('SELECT job, slot, started_at, status, summary FROM job_runs ORDER BY id DESC LIMIT ?',
                      (limit,)).fetchall()
