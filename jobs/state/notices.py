"""Debtor notices (уведомления должникам): one row per client × debt episode × stage.

*episode* is the debt episode's start date as ISO text, *stage* a stage code
(:mod:`jobs.debtors.stages`), *outcome* ``sent`` or ``skipped`` (a stage
jumped over). Dates go in and come out as ISO text, as stored.
"""

import json


def by_episode(db, keys=None):
    """``{(code, episode): {stage: {outcome, as_of, message_id}}}`` (*keys*: only those pairs; *db* may be ``None``)."""
    out = {}
    if db is None:
        return out
    for r in db.execute('SELECT client_code, episode, stage, outcome, as_of, message_id FROM notices'):
        key = (r[0], r[1])
        if keys is None or key in keys:
            out.setdefault(key, {})[r[2]] = dict(outcome=r[3], as_of=r[4], message_id=r[5])
    return out


def stages_of(db, code, episode):
    """The stage codes recorded (sent or skipped) for *code*'s *episode*."""
    return {r[0] for r in db.execute('SELECT stage FROM notices WHERE client_code = ? AND episode = ?',
                                     (code, episode))}


def sent_on(db, code, episode, stage):
    """The ISO date *stage* was sent in *code*'s *episode*, or ``None``."""
    row = db.execute("SELECT as_of FROM notices WHERE client_code = ? AND episode = ? AND stage = ? "
                     "AND outcome = 'sent'", (code, episode, stage)).fetchone()
    return row[0] if row else None


def last_sent(db):
    """``{code: (stage, as_of)}``: each client's latest notice actually sent (*db* may be ``None``)."""
    if db is None:
        return {}
    return {r[0]: (r[1], r[2]) for r in db.execute(
        "SELECT client_code, stage, as_of FROM notices WHERE outcome = 'sent' ORDER BY as_of, id")}


def sent(db, stage, as_of=None):
    """``[(code, episode, as_of)]`` of *stage* sent (on *as_of* only, when given), in sending order."""
    sql = "SELECT client_code, episode, as_of FROM notices WHERE stage = ? AND outcome = 'sent'"
    args = (stage,)
    if as_of is not None:
        sql, args = sql + ' AND as_of = ?', (stage, as_of)
    return [tuple(r) for r in db.execute(sql + ' ORDER BY id', args)]


def sms_of_day(db, as_of):
    """``[(phone, text)]`` of the SMS that went with the notices sent on *as_of*, in sending order."""
    return [(r[0], r[1]) for r in db.execute(
        "SELECT sms_phone, sms_text FROM notices WHERE as_of = ? AND outcome = 'sent' AND sms_text IS NOT NULL "
        'ORDER BY id', (as_of,))]


def record(db, code, episode, stage, outcome, *, as_of, debt, days_overdue, created_at, message_id=None,
           recipients=None, sms_phone=None, sms_text=None):
    """Record one notice (inside the caller's transaction, with its outbox message)."""
    db.execute('INSERT INTO notices (client_code, episode, stage, outcome, as_of, debt, days_overdue, '
               'message_id, recipients, sms_phone, sms_text, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
               (code, episode, stage, outcome, as_of, str(debt), days_overdue, message_id,
                None if recipients is None else json.dumps(recipients, ensure_ascii=False),
                sms_phone, sms_text, created_at))


def posts(db):
    """``{(code, episode, stage): (track, posted_on)}`` of the letters recorded as posted."""
    if db is None:
        return {}
    return {(r[0], r[1], r[2]): (r[3], r[4]) for r in db.execute(
        "SELECT client_code, episode, stage, post_track, posted_on FROM notices WHERE post_track IS NOT NULL")}


def latest_sent(db, code, stage):
    """The latest *stage* notice sent to *code*: a row (id, episode, as_of, post_track, posted_on) or ``None``."""
    return db.execute("SELECT id, episode, as_of, post_track, posted_on FROM notices WHERE client_code = ? "
                      "AND stage = ? AND outcome = 'sent' ORDER BY as_of DESC, id DESC LIMIT 1",
                      (code, stage)).fetchone()


def record_post(db, notice_id, track, posted_on):
    """Record the registered-post (or ЭДО) sending of notice *notice_id*."""
    db.execute('UPDATE notices SET post_track = ?, posted_on = ? WHERE id = ?', (track, posted_on, notice_id))
