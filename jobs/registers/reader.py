"""The whole client register of an operator folder, read and validated.

This is the data API every job (debtors, documents, report) starts from::

    from jobs import settings as settings_mod
    from jobs.registers.reader import read_register

    s = settings_mod.load(folder)
    reg = read_register(folder, s)          # UserError on a file-level problem
    reg.clients['00017']                    # Client (frozen dataclass), by client code
    reg.charges                             # [Charge(code, period, service, amount, date)]
    reg.payments                            # [Payment(code, date, amount, document, purpose, source)]
    reg.problems                            # [Problem] — rows excluded, str() is Russian
    reg.due_days(client)                    # срок оплаты, days (client's value or settings)

Sources, in this order (file names in :mod:`jobs.operator_folder`):

1. ``Реестр юрлиц.xlsx`` with sheets «Клиенты», «Начисления», «Оплаты» — or,
   when there is no such workbook, CSV files ``Клиенты.csv`` (required),
   ``Начисления.csv`` and ``Оплаты.csv`` in the operator folder;
2. monthly files in the folders ``Начисления/`` and ``Оплаты/`` (``*.xlsx`` —
   the sheet named like the schema sheet, else the first one — or ``*.csv``),
   for registers larger than one Excel sheet holds;
3. payments from imported bank statements (state database, ``bank_payments``
   with a client) — see :mod:`.bank`. A bank payment the accountant also typed
   into «Оплаты» (same client, amount, document number and date) is counted once.

Values: money is :class:`~decimal.Decimal` rubles with kopecks; dates are
:class:`datetime.date`; periods ``'ГГГГ-ММ'``; identifiers are text with their
leading zeros. A charge without a date is dated the last day of its period; a
charge without a service takes the client's service.

Problems: a file-level problem (missing file, sheet or required column,
unreadable file) raises :class:`~jobs.errors.UserError`. A row-level problem
excludes the row and is listed in ``problems``; charges and payments of a
client whose own row is excluded are excluded with it, and one problem on that
client row says how many. No valid row is dropped.

Speed: caches map each distinct raw cell value to its parsed value once, so
the per-row work for charges and payments is a few dictionary look-ups.
"""

import datetime
import gc
from collections import namedtuple
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .. import operator_folder as folder
from ..errors import UserError
from . import schema, values
from .csv_files import read_csv
from .table import locate
from .validate import Problem, fast_inn_error, inn_error, kpp_error, ogrn_error
from .xlsx import find_sheet, open_workbook, read_sheet, read_sheets

Charge = namedtuple('Charge', 'code period service amount date')
Charge.__doc__ = """Начисление: client code, period 'ГГГГ-ММ', service, amount (Decimal руб.), charge date."""
Payment = namedtuple('Payment', 'code date amount document purpose source')
Payment.__doc__ = """Оплата: client code, date received, amount (Decimal руб.), document №, purpose,
source ('реестр' — the register or a monthly file, 'банк' — an imported statement)."""

SOURCE_REGISTER = 'реестр'
SOURCE_BANK = 'банк'


@dataclass(frozen=True)
class Client:
    """Клиент-юрлицо (one row of «Клиенты»). Optional values are ``None`` when empty."""
    code: str
    name: str
    inn: str
    kpp: str
    ogrn: str
    contract: str
    contract_date: object        # date | None
    emails: tuple                # one or more addresses
    phone: str                   # +7XXXXXXXXXX or ''
    manager: str
    segment: str                 # малый | средний | крупный | ''
    service: str
    fee: object                  # Decimal абонплата | None
    connected: datetime.date
    disconnected: object         # date | None
    payment_days: object         # int | None (None: settings' default)
    no_dunning_until: object     # date | None
    address: str
    source: str                  # «Реестр юрлиц.xlsx, лист «Клиенты», строка 5»


@dataclass
class Register:
    clients: dict = field(default_factory=dict)          # code → Client, register order
    charges: list = field(default_factory=list)
    payments: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    files: list = field(default_factory=list)            # paths read
    unmatched_bank: list = field(default_factory=list)   # bank payments matching no client (dicts)
    excluded: dict = field(default_factory=dict)         # code → Problem: client rows with errors
    default_payment_days: int = 10

    def due_days(self, client):
        """Срок оплаты of *client* in days from the charge date."""
        return self.default_payment_days if client.payment_days is None else client.payment_days

    def charges_by_client(self):
        out = {}
        for c in self.charges:
            out.setdefault(c.code, []).append(c)
        return out

    def payments_by_client(self):
        out = {}
        for p in self.payments:
            out.setdefault(p.code, []).append(p)
        return out


_MISS = object()
_REQUIRED = 'обязательное поле не заполнено'


def read_register(operator_dir, settings=None, state_db=None):
    """Read and validate the register of *operator_dir* (see the module docstring).

    *settings* (optional) gives the default payment term; *state_db* an open
    state connection, else the folder's database is opened if it exists.
    """
    # Millions of small tuples would trigger the cyclic GC over and over (it
    # rescans the growing heap); nothing read here forms cycles.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        return _read_register(Path(operator_dir), settings, state_db)
    finally:
        if gc_was_on:
            gc.enable()


def _read_register(operator_dir, settings, state_db):
    reg = Register()
    if settings is not None:
        reg.default_payment_days = settings.billing.payment_days
    workbook = operator_dir / folder.REGISTER_FILE
    if workbook.exists():
        sheets = read_sheets(workbook, [s.name for s in schema.SHEETS])
        reg.files.append(str(workbook))
        raw_clients, raw_charges, raw_payments = [sheets[s.name] for s in schema.SHEETS]
        charge_sources, payment_sources = [raw_charges], [raw_payments]
    else:
        csv_clients = operator_dir / folder.CLIENTS_CSV
        if not csv_clients.exists():
            raise UserError('в папке %s нет реестра «%s» (или «%s»); создайте папку командой '
                            '«b2bkit init ПАПКА»' % (operator_dir, folder.REGISTER_FILE, folder.CLIENTS_CSV))
        raw_clients = read_csv(csv_clients, None)
        reg.files.append(str(csv_clients))
        charge_sources, payment_sources = [], []
        for name, target in ((folder.CHARGES_CSV, charge_sources), (folder.PAYMENTS_CSV, payment_sources)):
            if (operator_dir / name).exists():
                target.append(read_csv(operator_dir / name, None))
                reg.files.append(str(operator_dir / name))
    charge_sources += _monthly(operator_dir / folder.CHARGES_DIR, schema.CHARGES, reg)
    payment_sources += _monthly(operator_dir / folder.PAYMENTS_DIR, schema.PAYMENTS, reg)

    _read_clients(raw_clients, reg)
    counts = {}
    for raw in charge_sources:
        _read_charges(raw, reg, counts)
    inn_index = {}
    for c in reg.clients.values():
        inn_index.setdefault(c.inn, []).append(c.code)
    for raw in payment_sources:
        _read_payments(raw, reg, inn_index, counts)
    _bank_payments(operator_dir, reg, state_db, counts)
    for code, (charges, payments) in counts.items():
        p = reg.excluded[code]
        reg.problems.append(Problem(p.file, p.sheet, p.row, 'Код клиента', code,
                                    'строка клиента с ошибкой, поэтому не учтены его начисления (%d) '
                                    'и оплаты (%d); исправьте строку клиента' % (charges, payments)))
    return reg


def _monthly(directory, sheet_schema, reg):
    """Monthly files in *directory* (sorted by name) as RawSheets (lazily read)."""
    if not directory.is_dir():
        return []
    out = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(('~$', '.')) or not path.is_file():
            continue  # Excel's lock files, hidden files
        suffix = path.suffix.lower()
        if suffix == '.csv':
            out.append(read_csv(path, None))
        elif suffix in ('.xlsx', '.xlsm'):
            wb = open_workbook(path)
            try:
                name = find_sheet(wb, sheet_schema.name) or wb.sheet_names[0]
                out.append(read_sheet(wb, path, name))
            finally:
                wb.close()
        else:
            continue
        reg.files.append(str(path))
    return out


# --- clients -----------------------------------------------------------------

def _client_parsers():
    ident = values.identifier

    def inn(v):
        s = ident(v, (10, 12))
        err = fast_inn_error(s)
        if err:
            raise values.BadValue(err)
        return s

    def kpp(v):
        s = ident(v, (9,)).upper()
        err = kpp_error(s)
        if err:
            raise values.BadValue(err)
        return s

    def ogrn(v):
        s = ident(v)
        err = ogrn_error(s)
        if err:
            raise values.BadValue(err)
        return s

    def fee(v):
        d = values.money(v)
        if d < 0:
            raise values.BadValue('абонплата не может быть отрицательной')
        return d

    return {
        schema.CODE: ident, schema.TEXT: values.text, schema.INN: inn, schema.KPP: kpp,
        schema.OGRN: ogrn, schema.DATE: values.date, schema.MONEY: fee,
        schema.INTEGER: lambda v: values.integer(v, 0, 365), schema.EMAILS: values.emails,
        schema.PHONE: values.phone, schema.CHOICE: lambda v: values.choice(v, schema.SEGMENTS),
    }


_CLIENT_DEFAULTS = {schema.TEXT: '', schema.CODE: '', schema.KPP: '', schema.OGRN: '',
                    schema.PHONE: '', schema.CHOICE: '', schema.EMAILS: ()}


def _read_clients(raw, reg):
    loc = locate(raw, schema.CLIENTS)
    parsers = _client_parsers()
    specs = [(c, loc.index.get(c.key), parsers[c.kind]) for c in schema.CLIENTS.columns]
    width = max(loc.index.values()) + 1
    n_required = sum(1 for c in schema.CLIENTS.columns if c.required)
    is_empty = values.is_empty
    first_row = {}
    sheet = raw.sheet
    row_no = loc.first_data_row - 1
    for row in loc.data:
        row_no += 1
        if row is None:
            continue
        if len(row) < width:
            row = list(row) + [''] * (width - len(row))
        problems = []
        fields = {}
        for col, i, parse in specs:
            v = row[i] if i is not None else ''
            if v == '' or v is None or (v.__class__ is str and v.isspace()):
                if col.required:
                    problems.append(Problem(raw.file, sheet, row_no, col.header, '', _REQUIRED + (
                        '; ожидается: ' + col.help if col.help else '')))
                fields[col.key] = _CLIENT_DEFAULTS.get(col.kind)
                continue
            try:
                fields[col.key] = parse(v)
            except values.BadValue as exc:
                problems.append(Problem(raw.file, sheet, row_no, col.header, v, exc.expected))
                fields[col.key] = None
        if len(problems) == n_required:
            if all(values.is_empty(v) for v in row):
                continue  # a blank line
        code = fields['code']
        if not problems and fields['disconnected'] and fields['disconnected'] < fields['connected']:
            problems.append(Problem(raw.file, sheet, row_no, 'Дата отключения', fields['disconnected'],
                                    'дата отключения раньше даты подключения %s'
                                    % values.text(fields['connected'])))
        if code and code in first_row:
            problems.append(Problem(raw.file, sheet, row_no, 'Код клиента', code,
                                    'код клиента повторяется (уже есть в строке %d); код должен быть '
                                    'уникальным' % first_row[code]))
            reg.problems.extend(problems)
            continue
        if problems:
            reg.problems.extend(problems)
            if code:
                first_row[code] = row_no
                reg.excluded[code] = problems[0]
            continue
        first_row[code] = row_no
        fields['source'] = '%s, лист «%s», строка %d' % (raw.file, sheet, row_no) if sheet \
            else '%s, строка %d' % (raw.file, row_no)
        reg.clients[code] = Client(**fields)


# --- charges -------------------------------------------------------------------

def _cached(cache, raw, parse):
    """Parse *raw* through *cache*; empty → None; BadValue propagates (not cached)."""
    if values.is_empty(raw):
        return None
    v = parse(raw)
    cache[raw] = v
    return v


def _unknown(reg, raw, sheet, row_no, code, counts, kind):
    if code in reg.excluded:
        n = counts.setdefault(code, [0, 0])
        n[kind] += 1
    else:
        reg.problems.append(Problem(raw.file, sheet, row_no, 'Код клиента', code,
                                    'нет клиента с таким кодом на листе «Клиенты»'))


def _read_charges(raw, reg, counts):
    loc = locate(raw, schema.CHARGES)
    ix = loc.index
    ic, ip, ia = ix['code'], ix['period'], ix['amount']
    i_s, i_d = ix.get('service'), ix.get('charge_date')
    width = max(ix.values()) + 1
    sheet = raw.sheet
    clients = reg.clients
    codes, periods, amounts, dates = {'': None}, {'': None}, {'': None}, {'': None}
    ends = {}
    out = reg.charges
    append = out.append
    new = tuple.__new__
    ident, period, money, date = values.identifier, values.period, values.money, values.date
    row_no = loc.first_data_row - 1
    for row in loc.data:
        row_no += 1
        if row is None:
            continue
        if len(row) < width:
            row = list(row) + [''] * (width - len(row))
        try:
            rc = row[ic]
            code = codes.get(rc, _MISS)
            if code is _MISS:
                column = schema.CHARGES.column('code')
                code = _cached(codes, rc, ident)
            rp = row[ip]
            per = periods.get(rp, _MISS)
            if per is _MISS:
                column = schema.CHARGES.column('period')
                per = _cached(periods, rp, period)
            ra = row[ia]
            amount = amounts.get(ra, _MISS)
            if amount is _MISS:
                column = schema.CHARGES.column('amount')
                amount = _cached(amounts, ra, money)
            if i_d is None:
                day = None
            else:
                rd = row[i_d]
                day = dates.get(rd, _MISS)
                if day is _MISS:
                    column = schema.CHARGES.column('charge_date')
                    day = _cached(dates, rd, date)
        except values.BadValue as exc:
            reg.problems.append(Problem(raw.file, sheet, row_no, column.header, row[ix[column.key]],
                                        exc.expected))
            continue
        except TypeError:  # an unhashable cell value cannot come from our readers; be safe
            reg.problems.append(Problem(raw.file, sheet, row_no, None, None, 'нечитаемая строка'))
            continue
        if code is None or per is None or amount is None:
            if code is None and per is None and amount is None and all(values.is_empty(v) for v in row):
                continue
            for key, v in (('code', code), ('period', per), ('amount', amount)):
                if v is None:
                    c = schema.CHARGES.column(key)
                    reg.problems.append(Problem(raw.file, sheet, row_no, c.header, '',
                                                _REQUIRED + '; ожидается: ' + c.help))
                    break
            continue
        client = clients.get(code)
        if client is None:
            _unknown(reg, raw, sheet, row_no, code, counts, 0)
            continue
        if day is None:
            day = ends.get(per)
            if day is None:
                day = ends[per] = values.month_end(per)
        service = row[i_s] if i_s is not None else ''
        if service.__class__ is not str:
            service = values.text(service)
        elif service:
            service = service.strip()
        append(new(Charge, (code, per, service or client.service, amount, day)))


# --- payments ------------------------------------------------------------------

def _read_payments(raw, reg, inn_index, counts):
    loc = locate(raw, schema.PAYMENTS)
    ix = loc.index
    if 'code' not in ix and 'payer_inn' not in ix:
        raise UserError('%s: нет столбца «Код клиента» или «ИНН плательщика» — нужен хотя бы один'
                        % (raw.file + (', лист «%s»' % raw.sheet if raw.sheet else '')))
    ic, ii = ix.get('code'), ix.get('payer_inn')
    i_dt, ia, i_doc, i_pur = ix['date'], ix['amount'], ix.get('document'), ix.get('purpose')
    width = max(ix.values()) + 1
    sheet = raw.sheet
    clients = reg.clients
    codes, inns, amounts, dates = {'': None}, {'': None}, {'': None}, {'': None}
    append = reg.payments.append
    new = tuple.__new__
    ident, money, date = values.identifier, values.money, values.date
    col_code, col_inn = schema.PAYMENTS.column('code'), schema.PAYMENTS.column('payer_inn')
    col_date, col_amount = schema.PAYMENTS.column('date'), schema.PAYMENTS.column('amount')

    def payer_inn(v):
        s = ident(v, (10, 12))
        err = inn_error(s)
        if err:
            raise values.BadValue(err)
        return s

    text = values.text
    row_no = loc.first_data_row - 1
    for row in loc.data:
        row_no += 1
        if row is None:
            continue
        if len(row) < width:
            row = list(row) + [''] * (width - len(row))
        try:
            column = col_code
            if ic is None:
                code = None
            else:
                rc = row[ic]
                code = codes.get(rc, _MISS)
                if code is _MISS:
                    code = _cached(codes, rc, ident)
            column = col_inn
            if code is None and ii is not None:
                ri = row[ii]
                inn = inns.get(ri, _MISS)
                if inn is _MISS:
                    inn = _cached(inns, ri, payer_inn)
            else:
                inn = None
            column = col_date
            rd = row[i_dt]
            day = dates.get(rd, _MISS)
            if day is _MISS:
                day = _cached(dates, rd, date)
            column = col_amount
            ra = row[ia]
            amount = amounts.get(ra, _MISS)
            if amount is _MISS:
                amount = _cached(amounts, ra, money)
                if amount is not None and amount <= 0:
                    del amounts[ra]
                    raise values.BadValue('сумма оплаты должна быть больше нуля')
        except values.BadValue as exc:
            reg.problems.append(Problem(raw.file, sheet, row_no, column.header, row[ix[column.key]],
                                        exc.expected))
            continue
        if (code is None and inn is None) or day is None or amount is None:
            if code is None and inn is None and day is None and amount is None \
                    and all(values.is_empty(v) for v in row):
                continue
            if code is None and inn is None:
                reg.problems.append(Problem(raw.file, sheet, row_no, col_code.header, '',
                                            _REQUIRED + '; ожидается код клиента или ИНН плательщика'))
            else:
                c = col_date if day is None else col_amount
                reg.problems.append(Problem(raw.file, sheet, row_no, c.header, '', _REQUIRED))
            continue
        if code is None:
            found = inn_index.get(inn, ())
            if len(found) != 1:
                reg.problems.append(Problem(raw.file, sheet, row_no, col_inn.header, inn, (
                    'нет клиента с таким ИНН на листе «Клиенты»' if not found else
                    'несколько договоров с этим ИНН (коды %s); укажите код клиента'
                    % ', '.join(found))))
                continue
            code = found[0]
        elif code not in clients:
            _unknown(reg, raw, sheet, row_no, code, counts, 1)
            continue
        doc = text(row[i_doc]) if i_doc is not None else ''
        pur = row[i_pur] if i_pur is not None else ''
        if pur.__class__ is not str:
            pur = text(pur)
        append(new(Payment, (code, day, amount, doc, pur.strip(), SOURCE_REGISTER)))


def _bank_payments(operator_dir, reg, db, counts):
    """Matched payments of imported statements → ``reg.payments``; unmatched → ``reg.unmatched_bank``."""
    from .. import state
    own = db is None
    if own:
        if not (operator_dir / state.STATE_FILE).exists():
            return
        db = state.connect(operator_dir)
    try:
        rows = db.execute(
            'SELECT p.*, s.file_name FROM bank_payments p JOIN bank_statements s ON s.id = p.statement_id '
            'ORDER BY p.received, p.id').fetchall()
    finally:
        if own:
            db.close()
    if not rows:
        return
    typed, typed_any = {}, {}
    for p in reg.payments:
        if p.document:
            typed[(p.code, p.amount, p.document)] = p.date
            typed_any[(p.amount, p.document)] = p.date
    for r in rows:
        code = r['client_code']
        amount = Decimal(r['amount'])
        received = datetime.date.fromisoformat(r['received'])
        doc_date = datetime.date.fromisoformat(r['doc_date'])
        if code is None:
            # resolved by hand: the accountant typed it into «Оплаты» with a client code
            if typed_any.get((amount, r['doc_number'])) not in (received, doc_date):
                reg.unmatched_bank.append(dict(r))
            continue
        if code not in reg.clients:
            if code in reg.excluded:
                counts.setdefault(code, [0, 0])[1] += 1
            else:
                reg.problems.append(Problem(r['file_name'], None, None, 'ПлательщикИНН', r['payer_inn'],
                                            'оплата п/п № %s от %s на %s сопоставлена клиенту с кодом %s, '
                                            'которого больше нет на листе «Клиенты»' % (
                                                r['doc_number'], values.text(received),
                                                values.text(amount), code)))
            continue
        if typed.get((code, amount, r['doc_number'])) in (received, doc_date):
            continue  # the accountant also typed it into «Оплаты»: count it once
        reg.payments.append(Payment(code, received, amount, r['doc_number'], r['purpose'] or '',
                                    SOURCE_BANK))
