"""Bank statements in the 1CClientBankExchange format (выписка из банк-клиента).

:func:`parse` reads the text (cp1251 or UTF-8, with or without BOM, CRLF or
LF) into :class:`Statement` with one :class:`BankDocument` per
``СекцияДокумент``. :func:`import_statement` keeps the incoming payments to the
company's account in the state database (``bank_statements``,
``bank_payments``), each matched to a client:

1. ``invoice`` — the purpose names one of the kit's own invoices («Оплата по
   счёту № 15 от 02.12.2026…», as the invoice asks), issued to a client with the
   payer's ИНН (or to anybody when the payer's ИНН is no client's);
2. ``inn+contract`` — the payer's ИНН is a client's and that client's contract
   number is in «НазначениеПлатежа» (decides between several contracts of one
   company), compared normalised: case, «№», spaces, dashes, leading zeros
   («№Д0006» is «Д-0006»);
3. ``inn`` — the payer's ИНН belongs to exactly one client, or to exactly one
   with an open (not disconnected) contract;
4. ``contract`` — exactly one client's contract number follows «договор» / «дог.» /
   «№» in the purpose (someone else paid for the client);
5. otherwise unmatched: stored with ``client_code`` NULL, listed for the
   accountant, never dropped. A payment dated in the future, or more than a
   year before the client's contract, is stored the same way with ``matched_by``
   ``held:<code>`` (the client it seems to belong to): it stays out of the debts
   until the accountant confirms it by typing it into «Оплаты».

Only a statement of the company's own account is imported (``РасчСчет``), and a
payment is incoming when ``ПолучательСчет`` is that account.

A statement must be whole: it ends with ``КонецФайла``, and where its account
section states totals (``НачальныйОстаток``, ``ВсегоПоступило``, ``ВсегоСписано``,
``КонечныйОстаток``) the documents must add up to them — a file cut after some
``КонецДокумента`` or a bank's partial export is refused, not half-imported.

A statement imported twice adds nothing: the file's SHA-256 is remembered, and
each payment is unique by (payer ИНН, payer account, number, date, amount), so
overlapping statements of consecutive days do not double payments either.
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
    header, docs, current, start, finished = {}, [], None, 0, False
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
            finished = True
            break
        elif sep:
            target = current if current is not None else header
            target.setdefault(key, value.strip())
    if current is not None:
        raise UserError('%s: последний документ (строка %d) не закончен «КонецДокумента»; файл обрезан?'
                        % (name, start))
    if not finished:
        raise UserError('%s: нет строки «КонецФайла» — выписка обрезана или выгружена не полностью; '
                        'выгрузите её из банк-клиента заново' % name)
    st = Statement(Path(name).name, sha, header.get('РасчСчет', ''), header.get('ДатаНачала', ''),
                   header.get('ДатаКонца', ''), docs)
    _check_totals(st, header, name)
    return st


def _money(header, key, name):
    value = header.get(key)
    if value in (None, ''):
        return None
    try:
        return Decimal(value.replace(',', '.').replace(' ', ''))
    except InvalidOperation:
        raise UserError('%s: «%s=%s» — ожидается сумма, например 1500.00' % (name, key, value))


def _check_totals(st, header, name):
    """The statement's own totals against its documents (for the statement's account)."""
    from ..textfmt import money
    incoming = sum((d.amount for d in st.documents if d.recipient_account == st.account), Decimal(0))
    outgoing = sum((d.amount for d in st.documents if d.payer_account == st.account), Decimal(0))
    stated_in, stated_out = _money(header, 'ВсегоПоступило', name), _money(header, 'ВсегоСписано', name)
    problems = []
    if stated_in is not None and stated_in != incoming:
        problems.append('поступило по выписке %s, а в её документах %s' % (money(stated_in), money(incoming)))
    if stated_out is not None and stated_out != outgoing:
        problems.append('списано по выписке %s, а в её документах %s' % (money(stated_out), money(outgoing)))
    opening, closing = _money(header, 'НачальныйОстаток', name), _money(header, 'КонечныйОстаток', name)
    if None not in (opening, closing, stated_in, stated_out) and opening + stated_in - stated_out != closing:
        problems.append('остаток на начало %s + поступило %s − списано %s ≠ остатку на конец %s'
                        % (money(opening), money(stated_in), money(stated_out), money(closing)))
    if problems:
        raise UserError('%s: итоги выписки не сходятся с документами (%s); файл неполный или изменён — '
                        'выгрузите выписку из банк-клиента заново' % (name, '; '.join(problems)))


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
    # some banks leave ПлательщикИНН empty and write it only into «Плательщик=ИНН 2354275863 ООО …»
    inn = d.get('ПлательщикИНН', '').strip() or _inn_in(d.get('Плательщик', ''))
    return BankDocument(line, d.get('_kind', ''), d.get('Номер', '').strip(), date, amount.quantize(Decimal('0.01')),
                        inn, d.get('ПлательщикКПП', '').strip(), payer_name.strip(),
                        d.get('ПлательщикСчет', '').strip(), d.get('ПолучательИНН', '').strip(),
                        d.get('ПолучательСчет', '').strip(), received, d.get('НазначениеПлатежа', ''))


def _inn_in(text):
    found = re.match(r'\s*ИНН\s*(\d{12}|\d{10})(?!\d)', text or '')
    return found.group(1) if found else ''


def is_incoming(doc, company):
    """Money credited to the company's account — not «the payer is not us»."""
    return bool(company.account) and doc.recipient_account == company.account


# --- matching ---------------------------------------------------------------------

_TOKEN = re.compile(r'[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/\-._]*[0-9A-Za-zА-Яа-яЁё]|[0-9A-Za-zА-Яа-яЁё]')
_AFTER_KEYWORD = re.compile(r'(?:№|N\s|дог\w*\.?)\s*(?:№\s*)?([0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/\-._]*)',
                            re.IGNORECASE)
_INVOICE = re.compile(r'сч[её]т\w*(?:\s+на\s+оплату)?\s*(?:№|N|#)?\s*(\d+)(?:\s*от\s*(\d{1,2}\.\d{1,2}\.\d{4}))?',
                      re.IGNORECASE)


def _norm(contract):
    """A contract number as compared: upper case, Ё→Е, without «№», spaces, dashes, dots, slashes
    and leading zeros of its numbers («№ д-0006» → «Д6», «Д-12/2026» → «Д122026»)."""
    text = re.sub(r'[\s№#\-‐–—_./\\]+', '', str(contract or '').upper().replace('Ё', 'Е'))
    return re.sub(r'\d+', lambda m: str(int(m.group())), text)


def _invoice_refs(purpose):
    """``[(number, date or None)]`` of invoices («счёт № 15 от 02.12.2026») named in a purpose."""
    out = []
    for number, day in _INVOICE.findall(purpose or ''):
        try:
            when = datetime.datetime.strptime(day, '%d.%m.%Y').date() if day else None
        except ValueError:
            when = None
        out.append((int(number), when))
    return out


def _inside(contract, compact):
    """Whether *contract* (three or more letters and digits) stands in the compacted purpose, not as
    part of a longer number («Д-6» is not in «…Д60…»)."""
    if len(re.sub(r'\W', '', contract)) < 3:
        return False
    n = _norm(contract)
    return re.search(('(?<!\\d)' if n[:1].isdigit() else '') + re.escape(n) + '(?!\\d)', compact) is not None


class Matcher:
    """Matches a payment to a client code; built once from the register's clients and the kit's
    own invoices (*invoices*: ``(number, date, client_code)`` from the documents state)."""

    def __init__(self, clients, invoices=()):
        self.by_inn, self.by_contract, self.clients = {}, {}, {}
        for c in clients:
            self.clients[c.code] = c
            self.by_inn.setdefault(c.inn, []).append(c)
            if c.contract:
                self.by_contract.setdefault(_norm(c.contract), []).append(c)
        self.invoices = {}
        for number, day, code in invoices:
            self.invoices.setdefault(int(number), []).append((day, code))

    def _by_invoice(self, payer_inn, purpose):
        found = set()
        for number, day in _invoice_refs(purpose):
            for issued, code in self.invoices.get(number, ()):
                if day is None or issued == day:
                    found.add(code)
        if payer_inn in self.by_inn:      # the payer is a client: only that client's invoices count
            found = {c for c in found if c in self.clients and self.clients[c].inn == payer_inn}
        return found.pop() if len(found) == 1 else None

    def match(self, payer_inn, purpose):
        """(client code, how) or (None, None)."""
        purpose = purpose or ''
        code = self._by_invoice(payer_inn, purpose)
        if code is not None:
            return code, 'invoice'
        tokens = {_norm(t) for t in _TOKEN.findall(purpose)}
        compact = _norm(purpose)
        same_inn = self.by_inn.get(payer_inn, [])
        if same_inn:
            # «Д - 0006» falls apart into tokens: among one payer's own contracts a number of three
            # or more characters found in the compacted purpose is enough
            hits = [c for c in same_inn if c.contract and (_norm(c.contract) in tokens or _inside(c.contract, compact))]
            if len(hits) == 1:
                return hits[0].code, 'inn+contract'
            open_contracts = [c for c in same_inn if c.disconnected is None]
            if len(same_inn) == 1:
                return same_inn[0].code, 'inn'
            if len(open_contracts) == 1:
                return open_contracts[0].code, 'inn'
        found = {}
        for t in _AFTER_KEYWORD.findall(purpose):
            for c in self.by_contract.get(_norm(t), ()):
                found[c.code] = c
        if len(found) == 1:
            return next(iter(found)), 'contract'
        return None, None


# --- import -----------------------------------------------------------------------

#: A payment this many days before the client's contract (or connection) date is suspicious.
EARLY_DAYS = 365


def suspicious_date(doc, client, today):
    """Why the payment's date cannot be right for *client* (Russian), or ``None``."""
    received = doc.received or doc.date
    if max(received, doc.date) > today:
        return 'дата платежа %s позже сегодняшней' % max(received, doc.date).strftime('%d.%m.%Y')
    start = (client.contract_date or client.connected) if client is not None else None
    if start is not None and (start - received).days > EARLY_DAYS:
        return 'платёж от %s более чем на год раньше договора клиента (%s)' % (
            received.strftime('%d.%m.%Y'), start.strftime('%d.%m.%Y'))
    return None


def import_statement(db, path, company, clients, now=None, invoices=(), foreign=False):
    """Import the statement at *path* into *db*; returns :class:`Imported`.

    *company* is ``settings.company``; *clients* the register's Client objects;
    *invoices* the kit's issued invoices ``(number, date, client_code)``. A
    statement of another account is refused unless *foreign* (then only its
    payments credited to the company's account are taken).
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError('не удалось прочитать выписку %s: %s' % (path, exc))
    st = parse(data, path.name)
    if not company.account:
        raise UserError('не заполнен расчётный счёт организации ([company] account в settings.toml) — '
                        'не понять, какие платежи входящие; выписка %s не загружена' % path.name)
    if st.account and st.account != company.account and not foreign:
        raise UserError('%s — выписка по счёту %s, а счёт организации в настройках %s; выписка не загружена. '
                        'Если в ней есть и поступления на ваш счёт, загрузите её с ключом --foreign: будут '
                        'взяты только они' % (path.name, st.account, company.account))
    now = now or datetime.datetime.now(datetime.timezone.utc)
    old = state.bank.statement_id(db, st.sha256)
    if old:
        return Imported(old, True, [], 0, 0, 0, 0)
    clients = list(clients)
    matcher = Matcher(clients, invoices)
    by_code = {c.code: c for c in clients}
    today = now.astimezone(datetime.timezone(datetime.timedelta(hours=14))).date()   # nobody's today is later
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
            doubt = suspicious_date(doc, by_code.get(code), today)
            if doubt:
                # kept, listed, out of the debts until the accountant confirms it in «Оплаты»
                code, how = None, 'held:%s:%s' % (code or '', doubt)
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



def held_reason(matched_by):
    """``(client code or '', Russian reason)`` of a payment held for its date, else ``None``."""
    if not (matched_by or '').startswith('held:'):
        return None
    _, code, reason = matched_by.split(':', 2)
    return code, reason
