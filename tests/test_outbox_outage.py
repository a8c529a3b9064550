"""Mail outages and lost replies against a real SMTP server on 127.0.0.1 (issue 15, points 1, 2, 9)."""

import datetime
import threading
from collections import Counter

import pytest

from jobs import cli, mail, settings as settings_mod, state
from jobs.mail import outbox
from jobs.mail.config import load as load_config
from jobs.mail.transports import SmtpTransport

T0 = datetime.datetime(2026, 11, 28, 7, 0, tzinfo=datetime.timezone.utc)   # a Saturday morning


@pytest.fixture
def env(operator_dir):
    s = settings_mod.load(operator_dir)
    db = state.connect(operator_dir)
    yield operator_dir, s, db
    db.close()


def put(db, s, key, job='debtors'):
    return mail.enqueue(db, s, job=job, key=key, recipients=['buh@client.ru'],
                        subject='Напоминание о задолженности', text='Долг 1 234,50 ₽', now=T0)


def rows(db):
    return [dict(r) for r in db.execute('SELECT * FROM outbox ORDER BY id')]


def test_a_weekend_outage_delays_mail_and_never_cancels_it(env, smtp_server, smtp_env, capsys):
    from smtp_server import free_port
    op, s, db = env
    port = free_port()                       # the server is down all weekend
    smtp_env(port)
    for i in range(30):
        put(db, s, 'K%04d/2026-11-28/reminder' % i)
    # drains spread over 60 hours (Saturday 07:00 → Monday 19:00): 26 of them, more than the
    # 20 attempts after which a message the server keeps answering 4xx about is failed
    clock = [T0]
    for tick in range(26):
        clock[0] = T0 + datetime.timedelta(minutes=143.6 * tick)
        result = mail.deliver(op, s, db, now=lambda: clock[0])
        assert result.sent == 0 and not result.failed
    assert {r['status'] for r in rows(db)} == {'retry'}
    assert {r['attempts'] for r in rows(db)} == {0}          # a refused connection is not an attempt
    # the people who look are told how long the mail has waited: 59 h 50 min since T0
    assert 'писем в очереди 30, самое давнее ждёт 2 дн 11 ч' in result.summary()
    assert cli.main(['outbox', '--dir', str(op)]) == 0
    assert 'Внимание: писем ждут отправки 30' in capsys.readouterr().out

    srv = smtp_server(port=port)             # Monday evening the server is back …
    clock[0] += datetime.timedelta(minutes=10)
    result = mail.deliver(op, s, db, now=lambda: clock[0])   # … and the next ordinary tick sends it all
    assert result.sent == 30 and not result.failed
    assert Counter(m.message_id for m in srv.handler.messages) == Counter(
        {r['message_id']: 1 for r in rows(db)})
    assert all(r['possibly_duplicate'] == 0 for r in rows(db))   # nothing reached the server before


def test_a_message_whose_reply_was_lost_is_resent_flagged_as_possible_duplicate(env, smtp_server, smtp_env):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port)
    srv.handler.drop_after_data = 1          # the server takes the message, the «250» never arrives
    put(db, s, 'K0001/2026-11-28/reminder')
    put(db, s, 'K0002/2026-11-28/reminder')
    first = mail.deliver(op, s, db, now=lambda: T0)
    assert first.sent == 1 and first.retry == 1 and not first.failed
    lost = rows(db)[0]
    assert lost['status'] == 'retry' and lost['attempts'] == 0 and lost['possibly_duplicate'] == 1
    assert 'после передачи письма' in lost['last_error']
    assert len(srv.handler.messages) == 2    # K0001 (reply lost) and K0002
    assert srv.handler.messages[0].parse()['X-B2BKit-Possible-Duplicate'] is None

    again = mail.deliver(op, s, db, now=lambda: T0 + datetime.timedelta(minutes=10))
    assert again.sent == 1
    copies = [m.parse() for m in srv.handler.messages if m.message_id == lost['message_id']]
    assert len(copies) == 2
    assert copies[1]['X-B2BKit-Possible-Duplicate'] == 'yes'   # the resend carries the mark


def test_a_reply_after_the_client_timeout_marks_the_resend(env, smtp_server, smtp_env):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port)
    srv.handler.delay = 1.5                  # the «250» comes after the client stopped waiting
    put(db, s, 'K0003/2026-11-28/reminder')
    config = load_config(op, s)
    result = outbox.drain(db, SmtpTransport(config, timeout=0.5), per_minute=0, now=lambda: T0)
    assert result.sent == 0 and result.retry == 1
    row = rows(db)[0]
    assert row['possibly_duplicate'] == 1 and row['attempts'] == 0
    srv.handler.delay = 0
    assert outbox.drain(db, SmtpTransport(config), per_minute=0,
                        now=lambda: T0 + datetime.timedelta(minutes=5)).sent == 1
    assert srv.handler.wait_for(2)
    assert srv.handler.messages[-1].parse()['X-B2BKit-Possible-Duplicate'] == 'yes'


def test_a_job_overlapping_another_has_its_mail_sent_when_the_first_lets_go(env, smtp_server, smtp_env):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port)
    srv.handler.delay = 0.5                  # the first job's drain is slow …
    put(db, s, 'K0001/2026-11-28/reminder', job='debtors')
    started = threading.Event()
    outcome = {}

    def first_job():
        own = state.connect(op)
        try:
            started.set()
            outcome['first'] = mail.deliver(op, s, own, now=lambda: T0)
        finally:
            own.close()
    worker = threading.Thread(target=first_job)
    worker.start()
    started.wait()
    assert srv.handler.wait_for(1)           # the first drain is in the middle of its batch
    put(db, s, '2026-11', job='report')      # … when the second job queues its letter and drains
    second = mail.deliver(op, s, db, now=lambda: T0)
    worker.join()
    assert not second.busy
    assert outcome['first'].sent + second.sent == 2
    assert {r['status'] for r in rows(db)} == {'sent'}
    assert len(srv.handler.messages) == 2


def test_outbox_test_with_the_server_down_leaves_nothing_queued(env, smtp_env, capsys):
    from smtp_server import free_port
    op, s, db = env
    smtp_env(free_port())
    assert cli.main(['outbox', 'test', '--to', 'me@client.ru', '--dir', str(op)]) == 1
    out = capsys.readouterr().out
    assert 'недоступен' in out and 'удалено из очереди' in out
    assert 'соединение отклонено' in out                    # the system's reason, said in Russian
    assert rows(db) == []
