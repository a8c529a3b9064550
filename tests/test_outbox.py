"""The outbox and transports against a real SMTP server on 127.0.0.1 (aiosmtpd), no mocks."""

import base64
import datetime
import email
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from email import policy
from email.header import decode_header, make_header
from pathlib import Path

import pytest

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

from jobs import cli, logs, mail, settings as settings_mod, state
from jobs.errors import UserError
from jobs.mail.message import MessageError

ROOT = Path(__file__).resolve().parents[1]
SUBJECT = 'Претензия по договору № 15/2026 — долг 12 345,50 ₽'
BODY = 'Уважаемый клиент!\nЗадолженность: 12 345,50 ₽. Ёлки-палки, «кавычки» и №.\n'
HTML = '<p>Уважаемый клиент! Задолженность: <b>12&nbsp;345,50&nbsp;₽</b></p>'
FAST = dict(backoff_base=0.01, backoff_max=0.01)


@pytest.fixture
def env(operator_dir):
    s = settings_mod.load(operator_dir)
    db = state.connect(operator_dir)
    yield operator_dir, s, db
    db.close()


def put(db, s, key, recipients=('client@example.ru',), job='debtors', **kw):
    kw.setdefault('subject', SUBJECT)
    kw.setdefault('text', BODY)
    return mail.enqueue(db, s, job=job, key=key, recipients=list(recipients), **kw)


def text_of(msg, kind='plain'):
    """A body part's text; MIME text travels with canonical CRLF line ends."""
    return msg.get_body((kind,)).get_content().replace('\r\n', '\n')


def statuses(db):
    return {r['key']: r['status'] for r in db.execute('SELECT key, status FROM outbox')}


def attachment(tmp_path, name='Акт № 15 за октябрь 2026.pdf', data=b'%PDF-1.4 \xd0\x90\x00\xff'):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_smtp_delivery_keeps_cyrillic_intact(env, smtp_server, smtp_env, tmp_path):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port)
    pdf = attachment(tmp_path)
    row = put(db, s, 'K0001/2026-10-05/claim', recipients=['client@example.ru', 'boss@example.ru'],
              html=HTML, attachments=[pdf, (pdf, 'Счёт на оплату.pdf')], client_code='K0001')
    result = mail.deliver(op, s, db)
    assert (result.sent, result.failed, result.retry) == (1, [], 0)
    [got] = srv.handler.messages
    assert got.mail_from == 'buh@svyaz-region.ru'
    assert sorted(got.rcpt_tos) == ['boss@example.ru', 'client@example.ru']
    msg = email.message_from_bytes(got.data, policy=policy.default)
    assert msg['Subject'] == SUBJECT
    assert msg['Message-ID'] == row['message_id']
    # decoded the RFC 2047 way (adjacent encoded-words join without a space) — as mail clients do;
    # CPython's own address-header parser inserts a space there, so it is not used for this check
    raw_from = email.message_from_bytes(got.data, policy=policy.compat32)['From']
    assert str(make_header(decode_header(raw_from))) == 'Бухгалтерия ООО «Связь-Регион» <buh@svyaz-region.ru>'
    assert text_of(msg) == BODY
    assert text_of(msg, 'html').strip() == HTML
    files = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
    assert files == {'Акт № 15 за октябрь 2026.pdf': pdf.read_bytes(), 'Счёт на оплату.pdf': pdf.read_bytes()}
    assert b"filename*=utf-8''" in got.data or b"filename*0*=utf-8''" in got.data   # RFC 2231
    assert max(len(line) for line in got.data.split(b'\r\n')) <= 998   # 7-bit, line-length safe
    assert got.data.isascii()
    assert msg['X-B2BKit-Possible-Duplicate'] is None
    assert statuses(db) == {'K0001/2026-10-05/claim': 'sent'}


def test_folder_transport_writes_eml_readable_back(env, tmp_path, monkeypatch):
    op, s, db = env
    monkeypatch.delenv('B2BKIT_MAIL_TRANSPORT', raising=False)
    pdf = attachment(tmp_path)
    row = put(db, s, 'K0002/2026-11', job='documents', html=HTML, attachments=[pdf])
    result = mail.deliver(op, s, db)
    assert result.sent == 1 and result.transport == 'folder'
    [eml] = (op / 'Почта').glob('*.eml')
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg['Subject'] == SUBJECT and msg['Message-ID'] == row['message_id']
    assert text_of(msg) == BODY
    assert [p.get_filename() for p in msg.iter_attachments()] == [pdf.name]
    assert '/' not in eml.name and '<' not in eml.name


def test_enqueue_is_idempotent_and_joins_the_callers_transaction(env):
    op, s, db = env
    first = put(db, s, 'K0001/2026-10-05/reminder')
    again = put(db, s, 'K0001/2026-10-05/reminder', subject='другая тема')
    assert first['created'] and not again['created']
    assert again['message_id'] == first['message_id'] and again['subject'] == SUBJECT
    assert db.execute('SELECT COUNT(*) FROM outbox').fetchone()[0] == 1
    # the same key in another job is another message, with another Message-ID
    other = put(db, s, 'K0001/2026-10-05/reminder', job='documents')
    assert other['created'] and other['message_id'] != first['message_id']
    # atomic with the caller's own writes: a rolled-back job leaves no message behind
    with pytest.raises(RuntimeError):
        with state.transaction(db):
            put(db, s, 'K0009/2026-10-05/claim')
            raise RuntimeError('the job failed after queueing')
    assert db.execute("SELECT COUNT(*) FROM outbox WHERE key = 'K0009/2026-10-05/claim'").fetchone()[0] == 0


@pytest.mark.parametrize('field,value', [
    ('subject', 'Долг\r\nBcc: victim@example.ru'),
    ('subject', 'Долг\nX-Evil: 1'),
    ('recipients', ['client@example.ru\r\nBcc: victim@example.ru']),
    ('sender_name', 'Бухгалтерия\rBcc: x@example.ru'),
])
def test_header_values_with_cr_lf_are_refused(env, field, value):
    op, s, db = env
    with pytest.raises(MessageError) as err:
        put(db, s, 'K1/evil', **{field: value})
    assert 'перевод строки' in str(err.value) or 'не адрес' in str(err.value)
    assert db.execute('SELECT COUNT(*) FROM outbox').fetchone()[0] == 0


@pytest.mark.parametrize('given,expected', [
    ('../../etc/passwd', 'etc-passwd'),                    # never a path: separators become «-»
    ('..\\..\\Windows\\Акт.pdf', 'Windows-Акт.pdf'),
    ('Претензия Д-12/2026.pdf', 'Претензия Д-12-2026.pdf'),    # what stands before «/» is kept
    ('CON.pdf', '_CON.pdf'),
    ('lpt1', '_lpt1'),
    ('COM¹.txt', '_COM¹.txt'),                              # Windows reserves the superscript digits too
    ('lpt³', '_lpt³'),
    ('Счёт: №5 <черновик>?.pdf', 'Счёт_ №5 _черновик__.pdf'),
    ('отчёт. ', 'отчёт'),
    ('..', 'вложение'),
])
def test_attachment_names_are_sanitised(given, expected):
    assert mail.sanitize_filename(given) == expected


def test_attachment_name_sanitised_in_the_sent_message(env, tmp_path):
    op, s, db = env
    pdf = attachment(tmp_path)
    put(db, s, 'K1/x', attachments=[(pdf, '../../CON.pdf')])
    mail.deliver(op, s, db)
    [eml] = (op / 'Почта').glob('*.eml')
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert [p.get_filename() for p in msg.iter_attachments()] == ['_CON.pdf']


def test_changed_attachment_fails_with_a_russian_reason(env, tmp_path, smtp_server, smtp_env):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port)
    pdf = attachment(tmp_path)
    put(db, s, 'K1/changed', attachments=[pdf])
    put(db, s, 'K2/fine')
    pdf.write_bytes(b'another document')
    result = mail.deliver(op, s, db)
    assert result.sent == 1 and len(result.failed) == 1
    assert statuses(db) == {'K1/changed': 'failed', 'K2/fine': 'sent'}
    reason = db.execute("SELECT last_error FROM outbox WHERE key = 'K1/changed'").fetchone()[0]
    assert 'изменилось' in reason and pdf.name in reason
    assert len(srv.handler.messages) == 1


def test_server_down_then_up_everything_delivered_once(env, smtp_server, smtp_env, capsys):
    from smtp_server import free_port
    op, s, db = env
    port = free_port()                      # nobody listens there yet
    smtp_env(port)
    keys = ['K%04d/2026-10-05/reminder' % i for i in range(5)]
    for k in keys:
        put(db, s, k)
    result = mail.deliver(op, s, db)
    assert result.sent == 0 and result.retry == 5 and 'недоступен' in result.connection_error
    assert set(statuses(db).values()) == {'retry'}
    assert cli.main(['outbox', '--dir', str(op)]) == 0
    listing = capsys.readouterr().out
    assert 'повтор' in listing and 'недоступен' in listing

    srv = smtp_server(port=port)            # the server comes back
    assert cli.main(['outbox', 'retry', '--dir', str(op)]) == 0   # does not wait for the backoff
    assert 'отправлено 5' in capsys.readouterr().out.lower()
    assert Counter(m.message_id for m in srv.handler.messages) == Counter(
        {r['message_id']: 1 for r in db.execute('SELECT message_id FROM outbox')})
    # nothing left, nothing sent twice; a rerun of the job adds nothing
    assert cli.main(['outbox', 'retry', '--dir', str(op)]) == 0
    for k in keys:
        assert not put(db, s, k)['created']
    assert mail.deliver(op, s, db).sent == 0
    assert len(srv.handler.messages) == 5


def test_451_then_250_is_retried_after_the_backoff(env, smtp_server, smtp_env):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port)
    srv.handler.data_replies = ['451 4.3.0 Временная ошибка, попробуйте позже']
    put(db, s, 'K1/r')
    t0 = datetime.datetime(2026, 10, 5, 7, 0, tzinfo=datetime.timezone.utc)
    result = mail.deliver(op, s, db, now=lambda: t0)
    assert result.retry == 1 and srv.handler.messages == []
    row = db.execute('SELECT * FROM outbox').fetchone()
    assert row['status'] == 'retry' and row['attempts'] == 1 and '451' in row['last_error']
    assert row['next_try_at'] == '2026-10-05T07:01:00+00:00'      # 60 s, the first backoff step
    # not due yet: a drain before the next try sends nothing
    assert mail.deliver(op, s, db, now=lambda: t0 + datetime.timedelta(seconds=30)).sent == 0
    assert mail.deliver(op, s, db, now=lambda: t0 + datetime.timedelta(seconds=61)).sent == 1
    assert len(srv.handler.messages) == 1
    row = db.execute('SELECT * FROM outbox').fetchone()
    assert row['status'] == 'sent' and row['attempts'] == 2 and row['last_error'] is None


def test_backoff_grows_and_gives_up_after_max_attempts(env, smtp_server, smtp_env):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port)
    srv.handler.data_replies = ['452 4.2.2 Ящик переполнен'] * 3
    put(db, s, 'K1/full')
    t = datetime.datetime(2026, 10, 5, 7, 0, tzinfo=datetime.timezone.utc)
    delays = []
    for _ in range(2):
        mail.deliver(op, s, db, now=lambda: t, max_attempts=3)
        nxt = datetime.datetime.fromisoformat(db.execute('SELECT next_try_at FROM outbox').fetchone()[0])
        delays.append((nxt - t).total_seconds())
        t = nxt
    assert delays == [60, 120]
    result = mail.deliver(op, s, db, now=lambda: t, max_attempts=3)
    assert len(result.failed) == 1 and 'за 3 попыток' in result.failed[0][3]


def test_550_for_one_recipient_fails_that_message_others_delivered(env, smtp_server, smtp_env, capsys):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port)
    srv.handler.reject_rcpt = {'nobody@example.ru': '550 5.1.1 Нет такого почтового ящика'}
    put(db, s, 'K1/a', recipients=['one@example.ru'])
    put(db, s, 'K2/a', recipients=['nobody@example.ru'])
    put(db, s, 'K3/a', recipients=['three@example.ru'])
    result = mail.deliver(op, s, db)
    assert result.sent == 2 and result.retry == 0
    [(mid, rcpts, subject, reason)] = result.failed
    assert rcpts == ['nobody@example.ru'] and '550' in reason and 'Нет такого' in reason
    assert 'не доставлено 1' in result.summary()
    assert statuses(db) == {'K1/a': 'sent', 'K2/a': 'failed', 'K3/a': 'sent'}
    assert sorted(r for m in srv.handler.messages for r in m.rcpt_tos) == ['one@example.ru', 'three@example.ru']
    cli.main(['outbox', '--dir', str(op)])
    out = capsys.readouterr().out
    assert 'не доставлено' in out and '550' in out and 'nobody@example.ru' in out
    # a later drain does not touch the failed one; `retry --failed` tries it again
    assert mail.deliver(op, s, db).sent == 0
    srv.handler.reject_rcpt = {}
    assert cli.main(['outbox', 'retry', '--failed', '--dir', str(op)]) == 0
    assert statuses(db)['K2/a'] == 'sent'


def test_partial_refusal_of_a_multi_recipient_message(env, smtp_server, smtp_env):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port)
    srv.handler.reject_rcpt = {'later@example.ru': '451 4.7.1 Greylisted'}
    put(db, s, 'K1/two', recipients=['now@example.ru', 'later@example.ru'])
    t = datetime.datetime(2026, 10, 5, 7, 0, tzinfo=datetime.timezone.utc)
    assert mail.deliver(op, s, db, now=lambda: t).retry == 1
    srv.handler.reject_rcpt = {}
    assert mail.deliver(op, s, db, now=lambda: t + datetime.timedelta(hours=1)).sent == 1
    # the recipient who accepted the first time does not get it twice
    assert [m.rcpt_tos for m in srv.handler.messages] == [['now@example.ru'], ['later@example.ru']]


DRAIN_SCRIPT = '''
import sys
from jobs import mail, settings, state
op = sys.argv[1]
s = settings.load(op)
db = state.connect(op)
print('started', flush=True)
mail.deliver(op, s, db)
'''


def test_sigkill_mid_batch_loses_nothing_and_flags_the_in_flight_message(env, smtp_server, smtp_env):
    op, s, db = env
    srv = smtp_server()
    variables = smtp_env(srv.port)
    srv.handler.delay = 0.3
    keys = ['K%04d/2026-10/documents' % i for i in range(8)]
    for k in keys:
        put(db, s, k, job='documents')
    proc = subprocess.Popen([sys.executable, '-c', DRAIN_SCRIPT, str(op)], cwd=str(ROOT),
                            env={**os.environ, **variables}, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert srv.handler.wait_for(3, timeout=30)
        proc.send_signal(signal.SIGKILL)           # the power cut: mid-DATA of message 3
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    in_flight = [r['key'] for r in db.execute("SELECT key FROM outbox WHERE status = 'sending'")]
    assert len(in_flight) == 1
    srv.handler.delay = 0
    result = mail.deliver(op, s, db)
    assert result.recovered == 1
    assert set(statuses(db).values()) == {'sent'}
    ids = {r['key']: r['message_id'] for r in db.execute('SELECT key, message_id FROM outbox')}
    got = Counter(m.message_id for m in srv.handler.messages)
    assert set(got) == set(ids.values())                       # every message delivered
    assert [mid for mid, n in got.items() if n > 1] == [ids[in_flight[0]]]   # only the in-flight one twice
    copies = [m.parse() for m in srv.handler.messages if m.message_id == ids[in_flight[0]]]
    assert [c['X-B2BKit-Possible-Duplicate'] for c in copies] == [None, 'yes']
    assert db.execute('SELECT possibly_duplicate FROM outbox WHERE key = ?', (in_flight[0],)).fetchone()[0] == 1


def test_stop_request_finishes_the_current_message_and_returns(env, smtp_server, smtp_env):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port)
    srv.handler.delay = 0.2
    for i in range(10):
        put(db, s, 'K%d/stop' % i)
    stop = threading.Event()
    # Ctrl-C arrives while the first message is on the wire (not after a fixed time: a loaded
    # machine may take longer than that to connect)
    threading.Thread(target=lambda: srv.handler.wait_for(1) and stop.set(), daemon=True).start()
    result = mail.deliver(op, s, db, stop=stop)
    assert result.stopped and 1 <= result.sent < 10
    assert 'sending' not in statuses(db).values()
    assert len(srv.handler.messages) == result.sent


def test_password_never_in_log_or_error(env, smtp_server, smtp_env, capsys):
    op, s, db = env
    secret = 'Sup3r-S3cret-p@ss'
    srv = smtp_server(reject_auth=True)
    smtp_env(srv.port, B2BKIT_SMTP_USER='buh@svyaz-region.ru', B2BKIT_SMTP_PASSWORD=secret)
    put(db, s, 'K1/auth')
    assert cli.main(['outbox', 'retry', '--dir', str(op)]) == 2
    out, err = capsys.readouterr()
    assert 'отверг имя пользователя «buh@svyaz-region.ru» или пароль' in err and '535' in err
    assert srv.handler.auth_attempts                     # the login really was tried
    log_text = logs.log_path(op).read_text(encoding='utf-8') if logs.log_path(op).exists() else ''
    forms = [secret, base64.b64encode(secret.encode()).decode(),
             base64.b64encode(b'\0buh@svyaz-region.ru\0' + secret.encode()).decode()]
    for text in (out, err, log_text, repr(mail.load_config(op, s))):
        for form in forms:
            assert form not in text
    assert statuses(db) == {'K1/auth': 'queued'}          # a configuration problem loses nothing


def test_non_ascii_password_is_a_russian_error_not_a_traceback(env, smtp_server, smtp_env, capsys):
    op, s, db = env
    srv = smtp_server(reject_auth=True)
    smtp_env(srv.port, B2BKIT_SMTP_USER='buh@svyaz-region.ru', B2BKIT_SMTP_PASSWORD='Пароль-123')
    put(db, s, 'K1/auth')
    assert cli.main(['outbox', 'retry', '--dir', str(op)]) == 2
    err = capsys.readouterr().err
    assert 'не латинские символы' in err and 'Пароль-123' not in err


def test_missing_password_is_a_russian_error_without_secrets(env, smtp_server, smtp_env):
    op, s, db = env
    srv = smtp_server()
    smtp_env(srv.port, B2BKIT_SMTP_USER='buh@svyaz-region.ru')
    put(db, s, 'K1/nopw')
    with pytest.raises(UserError) as err:
        mail.deliver(op, s, db)
    assert 'B2BKIT_SMTP_PASSWORD' in str(err.value) and 'keyring set isp-b2b-kit buh@svyaz-region.ru' in str(err.value)


def test_plain_smtp_only_to_loopback(env, smtp_env):
    op, s, db = env
    smtp_env(25, B2BKIT_SMTP_HOST='192.0.2.10')
    put(db, s, 'K1/plain')
    with pytest.raises(UserError) as err:
        mail.deliver(op, s, db)
    assert 'только на этот же компьютер' in str(err.value)


def test_environment_overrides_settings(operator_dir):
    s = settings_mod.load(operator_dir)
    c = mail.load_config(operator_dir, s, environ={})
    assert (c.transport, c.folder) == ('folder', operator_dir / 'Почта')
    c = mail.load_config(operator_dir, s, environ={
        'B2BKIT_MAIL_TRANSPORT': 'smtp', 'B2BKIT_SMTP_HOST': 'smtp.example.ru', 'B2BKIT_SMTP_PORT': '587',
        'B2BKIT_SMTP_TLS': 'starttls', 'B2BKIT_SMTP_USER': 'robot', 'B2BKIT_SMTP_PASSWORD': 'Pw-x-7731'})
    assert (c.transport, c.host, c.port, c.tls, c.user) == ('smtp', 'smtp.example.ru', 587, 'starttls', 'robot')
    assert 'Pw-x-7731' not in repr(c) and 'password' not in repr(c)
    with pytest.raises(UserError) as err:
        mail.load_config(operator_dir, s, environ={'B2BKIT_SMTP_TLS': 'tls1.3'})
    assert 'B2BKIT_SMTP_TLS' in str(err.value)
    with pytest.raises(UserError):
        mail.load_config(operator_dir, s, environ={'B2BKIT_SMTP_PORT': 'abc'})


def test_templates_render_with_operator_overrides(operator_dir):
    s = settings_mod.load(operator_dir)
    ctx = {'company': s.company, 'sent_at': datetime.datetime(2026, 10, 5, 10, 0)}
    r = mail.render('check', ctx, operator_dir)
    assert r.subject == 'Проверка почты isp-b2b-kit — ООО «Связь-Регион»'
    assert '05.10.2026 10:00' in r.text and '<p>' in r.html and '&#34;' not in r.subject
    own = operator_dir / mail.TEMPLATES_DIR
    own.mkdir(parents=True)
    (own / 'check.subject.txt').write_text('Своя тема для {{ company.name }}', encoding='utf-8')
    assert mail.render('check', ctx, operator_dir).subject == 'Своя тема для ООО «Связь-Регион»'
    (own / 'check.txt').write_text('{{ нет_такого }}', encoding='utf-8')
    with pytest.raises(UserError) as err:
        mail.render('check', ctx, operator_dir)
    assert 'check.txt' in str(err.value)


@pytest.fixture(scope='module')
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 / localhost (openssl CLI)."""
    import shutil
    if not shutil.which('openssl'):
        pytest.skip('openssl not installed')
    folder = tmp_path_factory.mktemp('tls')
    key, cert = folder / 'key.pem', folder / 'cert.pem'
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
                    '-keyout', str(key), '-out', str(cert), '-subj', '/CN=localhost',
                    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
                   check=True, capture_output=True, timeout=60)
    return cert, key


@pytest.mark.parametrize('mode', ['ssl', 'starttls'])
def test_tls_certificate_is_verified(env, certificate, mode):
    import ssl
    from aiosmtpd.controller import Controller
    from smtp_server import RecordingHandler, free_port
    from jobs.mail.transports import SmtpTransport
    op, s, db = env
    cert, key = certificate
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(str(cert), str(key))
    handler = RecordingHandler()
    kwargs = {'ssl_context': server_ctx} if mode == 'ssl' else {'tls_context': server_ctx}
    controller = Controller(handler, hostname='127.0.0.1', port=free_port(), **kwargs)
    controller.start()
    try:
        config = mail.load_config(op, s, environ={
            'B2BKIT_MAIL_TRANSPORT': 'smtp', 'B2BKIT_SMTP_HOST': '127.0.0.1',
            'B2BKIT_SMTP_PORT': str(controller.port), 'B2BKIT_SMTP_TLS': mode})
        put(db, s, 'K1/tls')
        # the default context: a self-signed certificate is refused, with a Russian message
        with pytest.raises(UserError) as err:
            mail.drain(db, SmtpTransport(config, environ={}, timeout=10))
        assert 'сертификат почтового сервера' in str(err.value)
        assert handler.messages == [] and statuses(db) == {'K1/tls': 'queued'}
        # trusting that certificate (as a company CA would be): delivered encrypted
        trusted = ssl.create_default_context(cafile=str(cert))
        result = mail.drain(db, SmtpTransport(config, environ={}, timeout=10, ssl_context=trusted))
        assert result.sent == 1 and len(handler.messages) == 1
    finally:
        controller.stop()
