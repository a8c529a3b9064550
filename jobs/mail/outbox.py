"""The durable outbox (SPEC 7.1): every message is a row before it is a send.

Jobs call :func:`enqueue` — inside their own transaction if they like, so that
e.g. a debtor notice and its message are recorded atomically — and at the end
of their run :func:`jobs.mail.deliver`, which calls :func:`drain`.

Life of a row::

    queued ─► sending ─► sent
                 │  ├──► retry (4xx answer about the message: an attempt, exponential backoff) ─► sending …
                 │  ├──► retry (server unreachable, connection dropped: NOT an attempt — an outage
                 │  │           of any length delays mail, never cancels it) ─► sending …
                 │  └──► failed (5xx, changed attachment, too many 4xx attempts; the server's answer kept)
                 └─ found in «sending» when a drain starts (the process died mid-send):
                    queued again, flagged possibly_duplicate, re-sent with the same Message-ID
                    and the header ``X-B2BKit-Possible-Duplicate: yes``.

The Message-ID is derived from *job* + *key* (what the message is), so a rerun
of a job finds its message already there and adds nothing.

Only one drain runs at a time per database (a lock file next to it): a second
drain would take the first one's «sending» rows for crash leftovers.
"""

import collections
import datetime
import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import filelock

from ..progress import bar as progress_bar
from .message import MessageError, ascii_address, build, check_address, check_header, domain_of, \
    make_message_id, sanitize_filename
from .transports import SendError

log = logging.getLogger('b2bkit.mail')

STATUS_RU = {'queued': 'в очереди', 'sending': 'отправляется', 'sent': 'отправлено',
             'retry': 'повтор', 'failed': 'не доставлено'}
MAX_ATTEMPTS = 20           # 4xx answers about one message: with the default backoff ≈ 17 hours
BACKOFF_BASE = 60.0         # seconds before the 1st retry; doubles each time …
BACKOFF_MAX = 3600.0        # … up to an hour
OUTAGE_RETRY = 60.0         # server unreachable: try again after this many seconds, with no attempt counted
LONG_WAIT = datetime.timedelta(hours=1)   # a message waiting longer is an outage worth telling about
BUSY_WAIT = 30.0            # seconds a drain waits for another process's drain to finish


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def _iso(moment):
    return moment.astimezone(datetime.timezone.utc).isoformat(timespec='seconds')


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, 'rb') as f:
        for chunk in iter(lambda: f.read(1 << 20), b''):
            h.update(chunk)
    return h.hexdigest()


def enqueue(db, settings=None, *, job, key, recipients, subject, text, html=None, attachments=(),
            client_code=None, sender=None, sender_name=None, now=None):
    """Put a message into the outbox; returns its row as a dict (``created`` tells if it is new).

    *settings* (``jobs.settings.load(dir)``) supplies the sender unless *sender* /
    *sender_name* are given. *attachments*: paths, or ``(path, name)`` pairs when
    the recipient should see another name; each file is hashed now and checked
    again at send time. Enqueueing the same *job* + *key* again changes nothing
    and returns the existing row. Does not BEGIN/COMMIT: call it inside your own
    ``state.transaction(db)`` to make it atomic with your other writes.
    """
    job = check_header(job, 'задание (job)').strip()
    key = check_header(key, 'ключ письма').strip()
    if not job or not key:
        raise MessageError('у письма должны быть задание и ключ (что это за письмо)')
    if isinstance(recipients, str):
        recipients = [recipients]
    recipients = [check_address(r) for r in recipients]
    if not recipients:
        raise MessageError('письмо «%s/%s»: нет ни одного адреса получателя' % (job, key))
    recipients = list(dict.fromkeys(recipients))
    subject = check_header(subject, 'тема письма').strip()
    if not subject:
        raise MessageError('письмо «%s/%s»: пустая тема' % (job, key))
    if sender is None:
        sender = settings.mail.sender or settings.company.email
    if sender_name is None:
        sender_name = settings.mail.sender_name if settings is not None else ''
    sender = check_address(sender, 'адрес отправителя')
    sender_name = check_header(sender_name, 'имя отправителя')

    existing = db.execute('SELECT * FROM outbox WHERE job = ? AND key = ?', (job, key)).fetchone()
    if existing is not None:
        return dict(existing, created=False)

    files = []
    for item in attachments:
        path, name = (item if isinstance(item, tuple) else (item, None))
        path = Path(path).resolve()
        try:
            digest, size = sha256_file(path), path.stat().st_size
        except OSError as exc:
            raise MessageError('письмо «%s/%s»: не удалось прочитать вложение %s: %s'
                               % (job, key, path, exc.strerror or exc))
        files.append({'path': str(path), 'name': sanitize_filename(name or path.name),
                      'sha256': digest, 'size': size})
    moment = _iso(now or utcnow())
    db.execute(
        'INSERT INTO outbox (message_id, job, key, client_code, sender, sender_name, recipients, subject, '
        'body_text, body_html, attachments, status, created_at, updated_at) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) ON CONFLICT (job, key) DO NOTHING",
        (make_message_id(job, key, domain_of(sender)), job, key, client_code, sender, sender_name,
         json.dumps(recipients, ensure_ascii=False), subject, text, html,
         json.dumps(files, ensure_ascii=False), moment, moment))
    row = db.execute('SELECT * FROM outbox WHERE job = ? AND key = ?', (job, key)).fetchone()
    return dict(row, created=True)


def message_bytes(row, date=None):
    """The message of outbox *row* as bytes; attachments are read and checked against their hash.

    Raises :class:`MessageError` (Russian) when an attachment is gone or changed.
    """
    parts = []
    for a in json.loads(row['attachments']):
        try:
            data = Path(a['path']).read_bytes()
        except OSError as exc:
            raise MessageError('вложение «%s» не прочитано (%s): %s'
                               % (a['name'], a['path'], exc.strerror or exc))
        if hashlib.sha256(data).hexdigest() != a['sha256']:
            raise MessageError('вложение «%s» (%s) изменилось после постановки письма в очередь; '
                               'письмо не отправлено — сформируйте документ заново'
                               % (a['name'], a['path']))
        parts.append((a['name'], data))
    return build(message_id=row['message_id'], sender=row['sender'], sender_name=row['sender_name'],
                 recipients=json.loads(row['recipients']), subject=row['subject'], text=row['body_text'],
                 html=row['body_html'], attachments=parts, date=date,
                 possibly_duplicate=bool(row['possibly_duplicate']))


@dataclass
class DrainResult:
    """What a drain did; :meth:`summary` is the Russian one-liner for job reports."""
    sent: int = 0
    retry: int = 0
    failed: list = field(default_factory=list)      # [(message_id, recipients, subject, reason)]
    recovered: int = 0                              # found in «sending»: re-sent, flagged
    busy: bool = False                              # another process is draining
    stopped: bool = False                           # a stop was requested
    connection_error: str = ''
    transport: str = ''
    waiting: int = 0                                # messages left waiting after a connection failure …
    oldest_wait: datetime.timedelta = None          # … and how long the oldest of them has waited

    def summary(self):
        if self.busy:
            return 'почта: отправка уже идёт в другом процессе'
        parts = ['почта: отправлено %d' % self.sent]
        if self.retry:
            parts.append('ждут повтора %d' % self.retry)
        if self.failed:
            parts.append('не доставлено %d' % len(self.failed))
        if self.recovered:
            parts.append('повторно после сбоя %d (помечены как возможные дубли)' % self.recovered)
        text = ', '.join(parts)
        if self.connection_error:
            text += '; ' + self.connection_error
            if self.oldest_wait is not None and self.oldest_wait >= LONG_WAIT:
                text += '; писем в очереди %d, самое давнее ждёт %s — они уйдут сами, когда сервер ' \
                        'станет доступен' % (self.waiting, wait_text(self.oldest_wait))
        if self.stopped:
            text += '; остановлено по запросу'
        return text


class _Throttle:
    """At most *per_minute* sends in any 60 seconds (0 — no limit); waits are interruptible."""

    def __init__(self, per_minute, stop, clock=time.monotonic):
        self.per_minute, self.stop, self.clock = per_minute, stop, clock
        self.sent = collections.deque()

    def wait(self):
        if not self.per_minute:
            return True
        while True:
            now = self.clock()
            while self.sent and now - self.sent[0] >= 60:
                self.sent.popleft()
            if len(self.sent) < self.per_minute:
                self.sent.append(now)
                return True
            if self.stop.wait(60 - (now - self.sent[0])):
                return False


def wait_text(delta):
    """«1 ч 05 мин», «2 дн 3 ч» — how long something has waited."""
    minutes = int(delta.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return '%d дн %d ч' % (days, hours)
    return '%d ч %02d мин' % (hours, minutes) if hours else '%d мин' % minutes


def waiting(db, now=None):
    """``(count, oldest_created_at)`` of messages not yet sent (queued, sending, retry)."""
    count, oldest = db.execute("SELECT COUNT(*), MIN(created_at) FROM outbox "
                               "WHERE status IN ('queued', 'sending', 'retry')").fetchone()
    return count, (datetime.datetime.fromisoformat(oldest) if oldest else None)


def _lock_path(db):
    for row in db.execute('PRAGMA database_list'):
        if row[1] == 'main' and row[2]:
            return row[2] + '.outbox.lock'
    return None


def drain(db, transport, *, per_minute=60, force=False, now=None, stop=None, progress=None,
          max_attempts=MAX_ATTEMPTS, backoff_base=BACKOFF_BASE, backoff_max=BACKOFF_MAX, limit=None,
          busy_wait=BUSY_WAIT):
    """Send what is due over one connection of *transport*; returns a :class:`DrainResult`.

    *force*: also messages whose next retry time has not come (``b2bkit outbox
    retry``). *stop*: a ``threading.Event``; when set, the message in flight is
    finished and the drain returns. *now*: a callable returning an aware
    datetime (tests use a fake clock). *progress*: show a tqdm bar (default: when
    stderr is a terminal and there is more than a handful to send).

    When another process is draining, this one waits up to *busy_wait* seconds
    for it; the other drain picks up what was queued while it ran (it looks for
    newly due messages before it lets go), so a job that overlaps another one has
    its mail delivered when the first releases the outbox, not at the next tick.
    """
    now = now or utcnow
    stop = stop or threading.Event()
    result = DrainResult(transport=getattr(transport, 'name', ''))
    lock_path = _lock_path(db)
    lock = filelock.FileLock(lock_path, timeout=0) if lock_path else None
    if lock is not None:
        try:
            lock.acquire(timeout=busy_wait)
        except filelock.Timeout:
            result.busy = True
            log.info('Отправка почты уже идёт в другом процессе — пропускаю')
            return result
    try:
        _drain_locked(db, transport, result, per_minute, force, now, stop, progress, max_attempts,
                      backoff_base, backoff_max, limit)
    finally:
        if lock is not None:
            lock.release()
    return result


def _drain_locked(db, transport, result, per_minute, force, now, stop, progress, max_attempts,
                  backoff_base, backoff_max, limit):
    stamp = _iso(now())
    cur = db.execute("UPDATE outbox SET status = 'queued', possibly_duplicate = 1, next_try_at = NULL, "
                     "updated_at = ? WHERE status = 'sending'", (stamp,))
    result.recovered = cur.rowcount
    if result.recovered:
        log.warning('Найдено писем, отправка которых прервалась сбоем: %d — отправляю повторно '
                    'с тем же Message-ID и пометкой о возможном дубле', result.recovered)
    where = "status IN ('queued', 'retry')" + ('' if force else ' AND (next_try_at IS NULL OR next_try_at <= ?)')

    def due(after=0):
        rows = db.execute('SELECT id FROM outbox WHERE %s AND id > ? ORDER BY id' % where,
                          (after,) if force else (_iso(now()), after))
        return [r[0] for r in rows]
    ids = due()
    if limit is not None:
        ids = ids[:limit]
    if not ids:
        return

    def retry(row, error, delivered=None):
        attempts = row['attempts'] + 1
        if attempts >= max_attempts:
            fail(row, 'сервер не принял письмо за %d попыток; последняя ошибка: %s' % (attempts, error),
                 delivered)
            return
        delay = min(backoff_max, backoff_base * 2 ** max(attempts - 1, 0))
        moment = now()
        db.execute("UPDATE outbox SET status = 'retry', attempts = ?, next_try_at = ?, last_error = ?, "
                   'delivered = COALESCE(?, delivered), updated_at = ? WHERE id = ?',
                   (attempts, _iso(moment + datetime.timedelta(seconds=delay)), error, delivered,
                    _iso(moment), row['id']))
        result.retry += 1

    def fail(row, reason, delivered=None):
        db.execute("UPDATE outbox SET status = 'failed', attempts = ?, last_error = ?, next_try_at = NULL, "
                   'delivered = COALESCE(?, delivered), updated_at = ? WHERE id = ?',
                   (row['attempts'] + 1, reason, delivered, _iso(now()), row['id']))
        recipients = json.loads(row['recipients'])
        result.failed.append((row['message_id'], recipients, row['subject'], reason))
        log.error('Письмо %s (%s, «%s») не доставлено: %s', row['message_id'],
                  ', '.join(recipients), row['subject'], reason)

    def postpone(row, error, duplicate=False):
        """The server could not be reached or the connection broke: not an attempt, try again soon.

        *duplicate*: the whole message had gone out before the connection broke
        (the server may have accepted it): its resend carries the duplicate flag.
        """
        moment = now()
        db.execute("UPDATE outbox SET status = 'retry', next_try_at = ?, last_error = ?, "
                   'possibly_duplicate = MAX(possibly_duplicate, ?), updated_at = ? WHERE id = ?',
                   (_iso(moment + datetime.timedelta(seconds=OUTAGE_RETRY)), error, int(duplicate),
                    _iso(moment), row['id']))
        result.retry += 1

    def give_up_connection(rest, error):
        """The server cannot be reached: every remaining message waits for the next try."""
        result.connection_error = error
        from .. import state
        with state.transaction(db):        # one commit for the whole queue, not one per message
            for other in rest:
                row = db.execute('SELECT * FROM outbox WHERE id = ?', (other,)).fetchone()
                if row is not None and row['status'] in ('queued', 'retry'):
                    postpone(row, error)
        result.waiting, oldest = waiting(db)
        if oldest is not None:
            result.oldest_wait = now() - oldest
        log.warning('%s; писем ждут отправки: %d%s', error, result.waiting,
                    ', самое давнее — %s' % wait_text(result.oldest_wait) if oldest is not None else '')

    bar = progress_bar(len(ids), 'Отправка писем', 'пис', show=progress)
    throttle = _Throttle(per_minute, stop)
    try:
        try:
            transport.open()
        except SendError as exc:
            give_up_connection(ids, exc.text)
            return
        start = 0
        while start < len(ids) and not result.stopped:
            for index in range(start, len(ids)):
                mid = ids[index]
                if stop.is_set():
                    result.stopped = True
                    break
                row = db.execute('SELECT * FROM outbox WHERE id = ?', (mid,)).fetchone()
                if row is None or row['status'] not in ('queued', 'retry'):
                    continue
                try:
                    data = message_bytes(row, date=now())
                except MessageError as exc:
                    fail(row, str(exc))
                    continue
                if not throttle.wait():
                    result.stopped = True
                    break
                delivered = json.loads(row['delivered'])
                pending = [r for r in json.loads(row['recipients']) if r not in delivered]
                db.execute("UPDATE outbox SET status = 'sending', updated_at = ? WHERE id = ?", (_iso(now()), mid))
                envelope = {ascii_address(r): r for r in pending}
                try:
                    refused = transport.send(ascii_address(row['sender']), list(envelope), data, row['message_id'])
                except SendError as exc:
                    if exc.connection and exc.code in (None, 421):
                        postpone(row, exc.text, exc.after_data)    # the server's state, not the message's
                    elif exc.temporary:
                        retry(row, exc.text)
                    else:
                        fail(row, exc.text)
                    if exc.connection:
                        try:
                            transport.open()
                        except SendError as again:
                            give_up_connection(ids[index + 1:], again.text)
                            return
                    continue
                finally:
                    bar.update(1)
                refused = {envelope.get(a, a): answer for a, answer in refused.items()}
                delivered = json.dumps(delivered + [r for r in pending if r not in refused], ensure_ascii=False)
                if not refused:
                    # one statement, one commit: the status and who got it change together
                    db.execute("UPDATE outbox SET status = 'sent', sent_at = ?, attempts = attempts + 1, "
                               'delivered = ?, last_error = NULL, next_try_at = NULL, updated_at = sent_at '
                               'WHERE id = ?', (_iso(now()), delivered, mid))
                    result.sent += 1
                    log.info('Отправлено %s → %s: «%s»%s', row['message_id'], ', '.join(pending), row['subject'],
                             ' (повторно после сбоя)' if row['possibly_duplicate'] else '')
                    continue
                answers = '; '.join('%s: %s' % (a, text) for a, (code, text) in refused.items())
                if any(400 <= code < 500 for code, _ in refused.values()):
                    retry(row, 'сервер временно не принял адреса: ' + answers, delivered)
                else:
                    accepted = [r for r in pending if r not in refused]
                    fail(row, 'сервер отказал в доставке: %s%s' % (
                        answers, ('; доставлено: ' + ', '.join(accepted)) if accepted else ''), delivered)
            start = len(ids)
            if limit is None and not result.stopped:
                # mail queued by another job while this drain ran (it waited for our lock)
                ids.extend(due(after=ids[-1]))
                if hasattr(bar, 'total'):       # a drawn tqdm bar grows; the quiet one has nothing to grow
                    bar.total = len(ids)
                    bar.refresh()
    finally:
        bar.close()
        transport.close()


def requeue_failed(db, now=None):
    """``outbox retry --failed``: failed messages go back to the queue with a fresh attempt count."""
    cur = db.execute("UPDATE outbox SET status = 'queued', attempts = 0, next_try_at = NULL, updated_at = ? "
                     "WHERE status = 'failed'", (_iso((now or utcnow)()),))
    return cur.rowcount


def pending(db, include_sent=False, limit=None):
    """Rows a human should look at: queued, sending, retry and failed (and sent ones if asked)."""
    where = '' if include_sent else "WHERE status != 'sent'"
    sql = 'SELECT * FROM outbox %s ORDER BY id DESC' % where + (' LIMIT %d' % int(limit) if limit else '')
    return [dict(r) for r in db.execute(sql)]


def discard_unsent(db, job, key):
    """Remove the message *job*/*key* unless it went out (``outbox test`` when the server is down)."""
    cur = db.execute("DELETE FROM outbox WHERE job = ? AND key = ? AND status != 'sent'", (job, key))
    return cur.rowcount


def counts(db):
    """``{status: number}`` over the whole outbox."""
    return {r[0]: r[1] for r in db.execute('SELECT status, COUNT(*) FROM outbox GROUP BY status')}


def status_of(db, job, key):
    """The status of the message *job* + *key* (``'queued'``, ``'sent'``…), or ``None`` if there is none."""
    row = db.execute('SELECT status FROM outbox WHERE job = ? AND key = ?', (job, key)).fetchone()
    return None if row is None else row['status']
