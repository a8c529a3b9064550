"""A real SMTP server on 127.0.0.1 for tests and benchmarks (aiosmtpd), scriptable.

``SmtpServer(port).start()`` listens on a free loopback port; its handler
records every accepted message (envelope + raw bytes) and can be told to answer
DATA with scripted replies (``451 …`` then accept), to refuse given recipients
(``550 …``), to be slow, or to reject every login (AUTH).
"""

import asyncio
import email
import socket
import threading
import time
from dataclasses import dataclass
from email import policy

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port():
    """A loopback TCP port nobody listens on (right now)."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list
    data: bytes

    def parse(self):
        return email.message_from_bytes(self.data, policy=policy.default)

    @property
    def message_id(self):
        return self.parse()['Message-ID']


class RecordingHandler:
    def __init__(self):
        self.messages = []
        self.data_replies = []      # consumed one per DATA; None = accept
        self.reject_rcpt = {}       # address → reply, e.g. '550 5.1.1 Нет такого ящика'
        self.delay = 0.0            # seconds to sit on a DATA after recording it (crash tests)
        self.drop_after_data = 0    # this many DATAs are recorded, then the connection is cut before the reply
        self.auth_attempts = []
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.reject_rcpt.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            reply = self.data_replies.pop(0) if self.data_replies else None
        if reply:
            return reply
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      envelope.original_content or envelope.content))
        if self.drop_after_data:
            # the message is taken, but the client never hears «250»: a lost reply
            self.drop_after_data -= 1
            server.transport.abort()
            return '250 2.0.0 OK'
        if self.delay:
            await asyncio.sleep(self.delay)
        return '250 2.0.0 OK'

    def parsed(self):
        return [m.parse() for m in self.messages]

    def wait_for(self, count, timeout=10):
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        return len(self.messages) >= count


class SmtpServer:
    """``with SmtpServer() as srv:`` — ``srv.port``, ``srv.handler``."""

    def __init__(self, port=None, reject_auth=False):
        self.port = port or free_port()
        self.handler = RecordingHandler()
        self.reject_auth = reject_auth
        self.controller = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        self.handler.auth_attempts.append(mechanism)
        return AuthResult(success=not self.reject_auth, handled=False)

    def start(self):
        kwargs = {}
        if self.reject_auth:
            kwargs = dict(authenticator=self._authenticate, auth_require_tls=False, auth_required=True)
        self.controller = Controller(self.handler, hostname='127.0.0.1', port=self.port, **kwargs)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False


def serve_forever():
    """``python tests/smtp_server.py``: serve on a free port in this process (benchmarks use it so the
    server does not share the client's interpreter lock); prints ``PORT``, stops at EOF on stdin."""
    import sys
    srv = SmtpServer().start()
    print(srv.port, flush=True)
    sys.stdin.read()
    srv.stop()


if __name__ == '__main__':
    serve_forever()
