"""Bank statements in the 1CClientBankExchange format (выписка из банк-клиента).

:func:`parse` reads the text (cp1251 or UTF-8, with or without BOM, CRLF or
LF) into :class:`Statement` with one :class:`BankDocument` per
``СекцияДокумент``. :func:`import_statement` keeps the incoming payments to the
company's account in the state database (``bank_statements``,
``bank_payments``), each matched to a client:

1. ``inn+contract`` — the payer's ИНН is a client's and that client's contract
   number is in «НазначениеПлатежа» (decides between several contracts of one
   company);
2. ``inn`` — the payer's ИНН belongs to exactly one client;
3. ``contract`` — exactly one client's contract number follows «договор» / «дог.» /
   «№» in the purpose (someone else paid for the client);
4. otherwise unmatched: stored with ``client_code`` NULL, listed for the
   accountant, never dropped.

A statement imported twice adds nothing: the file's SHA-256 is remembered, and
each payment is unique by (payer ИНН, payer account, number, date, amount), so
overlapping statements of consecutive days do not double payments either.
Incoming means: ``ПолучательСчет`` is the company's account, or the recipient
ИНН is the company's and the payer is someone else.
"""

import datetime
import hashlib
import re
from collections import namedtuple
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .. import state
from ..errors import UserError

BankDocument = namedtuple('BankDocument', 'line kind number date amount payer_inn payer_kpp payer_name '
                                          'payer_account recipient_inn recipient_account received purpose')
Statement = namedtuple('Statement', 'file sha256 account date_from date_to documents')
Imported = namedtuple('Imported', 'statement_id duplicate_file added already outgoing matched unmatched')

HEADER = '1CClientBankExchange'


def decode(data, name):
    """Statement bytes → text: BOM, then UTF-8, then cp1251 (the header's «Кодировка» is advisory)."""
    # with a BOM the file says it is UTF-8: a bad byte is an error, not a reason to guess cp1251
    encodings = ('utf-8-sig',) if data.startswith(b'\xef\xbb\xbf') else ('utf-8', 'cp1251')
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            error = exc
    raise UserError('%s: не удалось прочитать текст выписки (%s)' % (name, error))


def _date(value, name, line, key):
    try:
        return datetime.datetime.strptime(value.strip(), '%d.%m.%Y').date()
    except ValueError:
        raise UserError('%s, строка %d: «%s=%s» — ожидается дата ДД.ММ.ГГГГ' % (name, line, key, value))


def parse(data, name='выписка'):
    """Parse statement *data* (bytes or str); *name* is the file name for messages."""
    sha = hashlib.sha256(data if isinstance(data, bytes) else data.encode('utf-8')).hexdigest()
    text = decode(data, name) if isinstance(data, bytes) else data.lstrip('\ufeff')
    lines = text.splitlines()
    if not lines or lines[0].strip() != HEADER:
        raise UserError('%s: это не выписка в формате 1С (первая строка должна быть «%s»)' % (name, HEADER))
    header, docs, current, start = {}, [], None, 0
    for no, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            continue
        key, sep, value = line.partition('=')
        key = key.strip()
        if key == 'СекцияДокумент':
            if current is not None:
                raise UserError('%s, строка %d: новая «СекцияДокумент» без «КонецДокумента» предыдущей' % (name, no))
            current, start = {'_kind': value.strip()}, no
        elif key == 'КонецДокумента':
            if current is None:
                raise UserError('%s, строка %d: «КонецДокумента» без «СекцияДокумент»' % (name, no))
            docs.append(_document(current, name, start))
            current = None
        elif key == 'КонецФайла':
            break
        elif sep:
            target = current if current is not None else header
            target.setdefault(key, value.strip())
    if current is not None:
        raise UserError('%s: последний документ (строка %d) не закончен «КонецДокумента»; файл обрезан?'
                        % (name, start))
    return Statement(Path(name).name, sha, header.get('РасчСчет', ''), header.get('ДатаНачала', ''),
                     header.get('ДатаКонца', ''), docs)


def _document(d, name, line):
    try:
        amount = Decimal(d.get('Сумма', '').replace(',', '.').replace(' ', ''))
    except InvalidOperation:
        raise UserError('%s, документ в строке %d: «Сумма=%s» — ожидается сумма, например 1500.00'
                        % (name, line, d.get('Сумма', '')))
    if not amount.is_finite() or amount <= 0:
        raise UserError('%s, документ в строке %d: «Сумма=%s» — ожидается положительная сумма'
                        % (name, line, d.get('Сумма', '')))
    date = _date(d.get('Дата', ''), name, line, 'Дата')
    received = _date(d['ДатаПоступило'], name, line, 'ДатаПоступило') if d.get('ДатаПоступило') else None
    payer_name = d.get('Плательщик1') or re.sub(r'^ИНН\s*\d+\s*', '', d.get('Плательщик', ''))
    return BankDocument(line, d.get('_kind', ''), d.get('Номер', '').strip(), date, amount.quantize(Decimal('0.01')),
                        d.get('ПлательщикИНН', '').strip(), d.get('ПлательщикКПП', '').strip(), payer_name.strip(),
                        d.get('ПлательщикСчет', '').strip(), d.get('ПолучательИНН', '').strip(),
                        d.get('ПолучательСчет', '').strip(), received, d.get('НазначениеПлатежа', ''))


def is_incoming(doc, company):
    if company.account and doc.recipient_account == company.account:
        return True
    return bool(company.inn) and doc.recipient_inn == company.inn and doc.payer_inn != company.inn


# --- matching ---------------------------------------------------------------------

_TOKEN = re.compile(r'[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/\-._]*[0-9A-Za-zА-Яа-яЁё]|[0-9A-Za-zА-Яа-яЁё]')
_AFTER_KEYWORD = re.compile(r'(?:№|N\s|дог\w*\.?)\s*(?:№\s*)?([0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/\-._]*)',
                            re.IGNORECASE)


def _norm(contract):
    return contract.strip().upper().replace('Ё', 'Е')


class Matcher:
    """Matches a payment to a client code; built once from the register's clients."""

    def __init__(self, clients):
        self.by_inn, self.by_contract = {}, {}
        for c in clients:
            self.by_inn.setdefault(c.inn, []).append(c)
            if c.contract:
                self.by_contract.setdefault(_norm(c.contract), []).append(c)

    def match(self, payer_inn, purpose):
        """(client code, how) or (None, None)."""
        purpose = purpose or ''
        tokens = {_norm(t) for t in _TOKEN.findall(purpose)}
        same_inn = self.by_inn.get(payer_inn, [])
        if same_inn:
            hits = [c for c in same_inn if _norm(c.contract) in tokens]
            if len(hits) == 1:
                return hits[0].code, 'inn+contract'
            if len(same_inn) == 1:
                return same_inn[0].code, 'inn'
        found = {}
        for t in _AFTER_KEYWORD.findall(purpose):
            t = _norm(t.rstrip('.-_/'))
            for c in self.by_contract.get(t, ()):
                found[c.code] = c
        if len(found) == 1:
            return next(iter(found)), 'contract'
        return None, None


# --- import -----------------------------------------------------------------------

def import_statement(db, path, company, clients, now=None):
    """Import the statement at *path* into *db*; returns :class:`Imported`.

    *company* is ``settings.company``; *clients* the register's Client objects.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError('не удалось прочитать выписку %s: %s' % (path, exc))
    st = parse(data, path.name)
    now = now or datetime.datetime.now(datetime.timezone.utc)
    old = state.bank.statement_id(db, st.sha256)
    if old:
        return Imported(old, True, [], 0, 0, 0, 0)
    matcher = Matcher(clients)
    added, already, outgoing = [], 0, 0
    with state.transaction(db):
        sid = state.bank.add_statement(db, sha256=st.sha256, file_name=st.file, account=st.account,
                                       imported_at=now.isoformat())
        for doc in st.documents:
            if not is_incoming(doc, company):
                outgoing += 1
                continue
            code, how = matcher.match(doc.payer_inn, doc.purpose)
            received = doc.received or doc.date
            if state.bank.add_payment(db, sid, doc_number=doc.number, doc_date=doc.date.isoformat(),
                                      received=received.isoformat(), amount=doc.amount, payer_inn=doc.payer_inn,
                                      payer_account=doc.payer_account, payer_name=doc.payer_name,
                                      purpose=doc.purpose, client_code=code, matched_by=how):
                added.append(dict(doc._asdict(), received=received, client_code=code, matched_by=how))
            else:
                already += 1
        state.bank.set_count(db, sid, len(added))
    matched = sum(1 for a in added if a['client_code'])
    return Imported(sid, False, added, already, outgoing, matched, len(added) - matched)
