"""Building e-mail messages: Russian subjects, plain + HTML bodies, Cyrillic attachments.

Bodies come from Jinja2 templates shipped in ``jobs/templates/mail/``; the
operator overrides any of them by putting a file with the same name into
``Шаблоны/Письма/`` of the operator folder. A message kind *name* consists of

* ``name.subject.txt`` — one line, the subject;
* ``name.txt`` — the plain-text body (required);
* ``name.html`` — the HTML body (optional; autoescaped).

Header values are checked here: a CR or LF (or another control character) in a
subject, address or display name is refused instead of being silently folded,
because that is how header injection starts. Attachment names are sanitised so
that a recipient saving the file on Windows gets a valid, harmless name.

>>> sanitize_filename('..\\\\..\\\\Акт CON.pdf')
'Акт CON.pdf'
>>> sanitize_filename('Претензия по договору Д-12/2026.pdf')
'Претензия по договору Д-12-2026.pdf'
>>> sanitize_filename('con.txt')
'_con.txt'
>>> make_message_id('debtors', 'K0001/2026-10-05/claim', 'example.ru')
'<debtors.K0001.2026-10-05.claim.c0245c2a4ea7@example.ru>'
"""

import base64
import functools
import hashlib
import io
import mimetypes
import re
import unicodedata
from dataclasses import dataclass
from email import generator, policy
from email.header import Header
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime
from pathlib import Path, PurePath
from urllib.parse import quote

from ..errors import UserError

#: Operator overrides of the mail templates, relative to the operator folder.
TEMPLATES_DIR = Path('Шаблоны', 'Письма')
#: Set on a message re-sent after a crash interrupted its first sending.
DUPLICATE_HEADER = 'X-B2BKit-Possible-Duplicate'
FALLBACK_DOMAIN = 'isp-b2b-kit.invalid'
_WIRE = policy.compat32.clone(linesep='\r\n')


class _Generator(generator.BytesGenerator):
    """The standard generator, but a body's line ends (``NLCRE``) are converted in one go, not with two
    writes per 76-character base64 line (a document letter has thousands)."""

    def _write_lines(self, lines):
        self.write(lines.replace('\r\n', '\n').replace('\r', '\n').replace('\n', self._NL))

# CR, LF and friends: anything that could end a header line in some parser.
_BAD_HEADER_CHARS = re.compile('[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]')
_ADDRESS = re.compile(r'[^@\s<>;,"()\[\]\\]+@[^@\s<>;,"()\[\]\\]+\.[^@\s<>;,"()\[\]\\]+')
_WINDOWS_RESERVED = {'CON', 'PRN', 'AUX', 'NUL', 'CONIN$', 'CONOUT$'} | \
    {'COM%s' % i for i in '0123456789¹²³'} | {'LPT%s' % i for i in '0123456789¹²³'}   # ¹²³ too: Windows
MAX_FILENAME = 150


class MessageError(UserError):
    """A message cannot be built as asked (bad header value, missing attachment …)."""


def check_header(value, what):
    """Return *value* as a str; refuse CR/LF and other control characters."""
    value = '' if value is None else str(value)
    if _BAD_HEADER_CHARS.search(value):
        raise MessageError('%s содержит перевод строки или управляющий символ (%r); '
                           'такое значение нельзя поставить в заголовок письма' % (what, value))
    return value


def check_address(address, what='адрес получателя'):
    """A single e-mail address, stripped; a Russian error if it is not one."""
    address = check_header(address, what).strip()
    if not _ADDRESS.fullmatch(address):
        raise MessageError('%s «%s» — не адрес электронной почты (ожидается вида name@example.ru)'
                           % (what, address))
    return address


def ascii_address(address):
    """*address* with an IDN domain (``почта.рф``) in its ASCII form for SMTP."""
    local, _, domain = address.rpartition('@')
    try:
        domain.encode('ascii')
    except UnicodeEncodeError:
        try:
            domain = domain.encode('idna').decode('ascii')
        except UnicodeError:
            raise MessageError('адрес «%s»: недопустимое имя домена' % address)
    try:
        local.encode('ascii')
    except UnicodeEncodeError:
        raise MessageError('адрес «%s»: русские буквы до «@» почтовые серверы обычно не принимают; '
                           'укажите латинский адрес' % address)
    return '%s@%s' % (local, domain)


def sanitize_filename(name, default='вложение'):
    """A file name safe on every OS: no folders, no reserved Windows names, no control characters."""
    name = unicodedata.normalize('NFC', str(name or ''))
    # a separator inside data (contract «Д-12/2026», client «A/1») is part of the name, not a folder:
    # keep what stands before it, so two documents never collide and nothing climbs out of its folder
    name = re.sub(r'[\\/]+', '-', name)
    name = re.sub(r'[\x00-\x1f\x7f<>:"|?*\u2028\u2029]', '_', name)
    name = name.strip().strip('. -').strip()               # Windows drops trailing dots/spaces; no «..», «-x»
    if not name:
        name = default
    if name.split('.')[0].strip().upper() in _WINDOWS_RESERVED:
        name = '_' + name
    if len(name) > MAX_FILENAME:
        suffix = PurePath(name).suffix
        suffix = suffix if len(suffix) <= 16 else ''
        name = name[:MAX_FILENAME - len(suffix)].rstrip('. ') + suffix
    return name


def domain_of(address):
    """The ASCII domain of *address* for Message-IDs, or a reserved placeholder."""
    if address and '@' in address:
        return ascii_address(address).rpartition('@')[2].lower()
    return FALLBACK_DOMAIN


def make_message_id(job, key, domain):
    """Deterministic Message-ID for the message that *job*/*key* describes.

    The readable part helps whoever greps a mail server log; the hash of the full
    key keeps ids distinct even when the readable part loses Cyrillic letters.
    """
    full = '%s/%s' % (job, key)
    digest = hashlib.sha256(full.encode('utf-8')).hexdigest()[:12]
    readable = re.sub(r'[^A-Za-z0-9_-]+', '.', full).strip('.')[:80].strip('.')
    return '<%s.%s@%s>' % (readable or 'msg', digest, domain)


def _rfc2231_filename(name):
    """``attachment; filename*0*=utf-8''…; filename*1*=…`` — RFC 2231, folded into short lines.

    Continuations keep every line far below the 998-octet limit however long the
    Cyrillic name is; a %XX escape is never split between two parts.
    """
    tokens = re.findall(r'%[0-9A-F]{2}|.', quote(name, safe=''))
    parts, current = [], ''
    for token in tokens:
        if len(current) + len(token) > 60:
            parts.append(current)
            current = ''
        current += token
    parts.append(current)
    return 'attachment' + ''.join(";\r\n filename*%d*=%s%s" % (i, "utf-8''" if i == 0 else '', part)
                                  for i, part in enumerate(parts))


def _encoded(value, tail=''):
    """A header value with RFC 2047 encoded-words for non-ASCII text, *tail* kept as plain ASCII.

    A ``Header`` object (not a pre-encoded string) so that the generator folds
    it knowing the header name's length.
    """
    try:
        value.encode('ascii')
        return value + tail
    except UnicodeEncodeError:
        h = Header(value, 'utf-8')
        if tail:
            h.append(tail, 'us-ascii')
        return h


def _crlf(text):
    """MIME text travels with canonical CRLF line ends."""
    return text.replace('\r\n', '\n').replace('\n', '\r\n')


def build(*, message_id, sender, sender_name, recipients, subject, text, html=None,
          attachments=(), date=None, possibly_duplicate=False):
    """The message as bytes: CRLF, 7-bit (base64 bodies), RFC 2047 headers, RFC 2231 file names.

    *attachments* are ``(name, bytes)`` pairs. Built with the classic
    ``email.mime`` classes: ``EmailMessage``'s header folding costs ~10 ms a
    message, five times the whole build here, and the outbox must do ≥ 100 a second.
    """
    body = MIMEText(_crlf(text), 'plain', 'utf-8')            # utf-8 → base64: safe without 8BITMIME
    # Every body is base64 (no «-» in it): a boundary of the message's own, so the generator need not
    # search all the text for its random one; neither boundary begins with the other (RFC 2046).
    boundary = hashlib.sha256(message_id.encode('utf-8', 'replace')).hexdigest()[:24]
    if html:
        body = MIMEMultipart('alternative', '=_alt_' + boundary, [body, MIMEText(_crlf(html), 'html', 'utf-8')])
    if attachments:
        msg = MIMEMultipart('mixed', '=_mix_' + boundary, [body])
        for name, data in attachments:
            name = sanitize_filename(name)
            ctype, _ = mimetypes.guess_type(name)
            maintype, subtype = (ctype or 'application/octet-stream').split('/', 1)
            part = MIMEBase(maintype, subtype)
            part.set_payload(base64.encodebytes(data).decode('ascii'))   # encoders.encode_base64, without
            part['Content-Transfer-Encoding'] = 'base64'                 # its round trip through surrogates
            part['Content-Disposition'] = _rfc2231_filename(name)
            msg.attach(part)
    else:
        msg = body
    msg['Message-ID'] = check_header(message_id, 'Message-ID')
    if date is not None:
        msg['Date'] = format_datetime(date)
    name = check_header(sender_name, 'имя отправителя').strip()
    address = ascii_address(check_address(sender, 'адрес отправителя'))
    msg['From'] = _encoded(name, ' <%s>' % address) if name else address
    msg['To'] = ', '.join(ascii_address(check_address(r)) for r in recipients)
    msg['Subject'] = _encoded(check_header(subject, 'тема письма'))
    # RFC 3834: tells auto-responders and vacation scripts not to answer a robot
    msg['Auto-Submitted'] = 'auto-generated'
    if possibly_duplicate:
        msg[DUPLICATE_HEADER] = 'yes'
    out = io.BytesIO()
    _Generator(out, mangle_from_=False, policy=_WIRE).flatten(msg)      # what msg.as_bytes(policy=_WIRE) does
    return out.getvalue()


# --- templates -------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: object  # str or None


@functools.lru_cache(maxsize=None)
def _compiled_templates():
    """Jinja2's bytecode cache, in memory: a template file is compiled once a process for all the
    environments made (one per operator folder and job), again only when its text changes."""
    import jinja2

    class Compiled(jinja2.BytecodeCache):
        def __init__(self):
            self.code = {}

        def load_bytecode(self, bucket):
            checksum, code = self.code.get(bucket.key, (None, None))
            if checksum == bucket.checksum:
                bucket.code = code

        def dump_bytecode(self, bucket):
            self.code[bucket.key] = (bucket.checksum, bucket.code)
    return Compiled()


def template_environment(operator_dir=None, packages=()):
    """Jinja2 environment: the operator's ``Шаблоны/Письма`` first, then the shipped mail
    templates, then the shipped template folders *packages* (e.g. ``'templates/debtors'``)."""
    import jinja2
    from .. import textfmt

    loaders = []
    if operator_dir is not None:
        override = Path(operator_dir) / TEMPLATES_DIR
        if override.is_dir():
            loaders.append(jinja2.FileSystemLoader(str(override), encoding='utf-8'))
    loaders.append(jinja2.PackageLoader('jobs', 'templates/mail'))
    loaders.extend(jinja2.PackageLoader('jobs', folder) for folder in packages)
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders),
                             autoescape=jinja2.select_autoescape(['html']),
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True, bytecode_cache=_compiled_templates())
    env.filters.update(money=textfmt.money, number=textfmt.number, date=textfmt.date_ru)
    return env


def render_template(env, filename, context, required=True):
    """Render one template file; a missing optional one gives ``None``. Template
    mistakes (an operator's override) become a Russian :class:`MessageError`."""
    import jinja2
    try:
        return env.get_template(filename).render(**context)
    except jinja2.TemplateNotFound:
        if required:
            raise MessageError('нет шаблона письма «%s» (ни в папке %s, ни в поставке программы)'
                               % (filename, TEMPLATES_DIR))
        return None
    except jinja2.TemplateSyntaxError as exc:
        raise MessageError('шаблон письма «%s», строка %s: ошибка в шаблоне: %s'
                           % (exc.filename or filename, exc.lineno, exc.message))
    except jinja2.UndefinedError as exc:
        raise MessageError('шаблон письма «%s»: %s (в шаблоне используется значение, которого '
                           'программа не передаёт)' % (filename, exc.message))


_ENVIRONMENTS = {}


def _environment(operator_dir):
    """The environment of *operator_dir*, made once: Jinja2 then compiles each template once
    and recompiles a file that changed; an override added or removed makes a new environment."""
    override = Path(operator_dir) / TEMPLATES_DIR if operator_dir is not None else None
    key = (str(operator_dir), tuple(sorted(p.name for p in override.iterdir()))
           if override is not None and override.is_dir() else None)
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = template_environment(operator_dir)
    return _ENVIRONMENTS[key]


def render(name, context, operator_dir=None, env=None):
    """Render message kind *name* with *context* → :class:`Rendered`: ``NAME.subject.txt``
    (whitespace folded to one line), ``NAME.txt`` and the optional ``NAME.html``."""
    env = env or _environment(operator_dir)
    subject = ' '.join(render_template(env, name + '.subject.txt', context).split())
    check_header(subject, 'тема письма (шаблон «%s.subject.txt»)' % name)
    return Rendered(subject, render_template(env, name + '.txt', context),
                    render_template(env, name + '.html', context, required=False))
