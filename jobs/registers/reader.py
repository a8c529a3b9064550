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

Speed: clients, charges and payments are read column-wise in blocks of rows
(:func:`~.table.data_blocks`; a CSV without quotes is split by plain string
operations, :class:`~.csv_files.CsvRows`). Each column goes through a cache
that parses every distinct raw value once (:class:`_Cache`), so a block costs
a few C-level passes. Rows with anything unusual — an empty or bad value, an
unknown client, a repeated code, a blank row — go through the row-by-row
reading (``one`` in each reader), which words the problems; ``fast=False``
sends every row that way, and tests/test_register_fast_path.py checks both
give the same rows and problems.
"""

import dataclasses
import datetime
import gc
import itertools
from collections import namedtuple
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .. import operator_folder as folder, progress
from ..errors import UserError
from . import schema, values
from .csv_files import read_csv
from .table import data_blocks, locate
from .validate import Problem, fast_inn_error, inn_error, kpp_error, ogrn_error
from .xlsx import find_sheet, open_workbook, read_sheet, read_sheets

Charge = namedtuple('Charge', 'code period service amount date')
Charge.__doc__ = """Начисление: client code, period 'ГГГГ-ММ', service, amount (Decimal руб.), charge date."""
Payment = namedtuple('Payment', 'code date amount document purpose source')
Payment.__doc__ = """Оплата: client code, date received, amount (Decimal руб.), document №, purpose,
source ('реестр' — the register or a monthly file, 'банк' — an imported statement)."""

SOURCE_REGISTER = 'реестр'
SOURCE_BANK = 'банк'


def _norm(address):
    return ' '.join(address.lower().replace(',', ' ').replace('.', ' ').split())


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
    legal_address: str = ''      # ЕГРЮЛ / ЕГРИП; '' — the same as *address*
    edo_id: str = ''             # идентификатор участника ЭДО (optional column)
    source: str = ''             # «Реестр юрлиц.xlsx, лист «Клиенты», строка 5»

    @property
    def letter_addresses(self):
        """Where a claim or a warning goes: the legal address, and the other one when it differs."""
        first = self.legal_address or self.address
        if not first:
            return ()
        return (first,) if _norm(self.address) in ('', _norm(first)) else (first, self.address)


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


#: Register files of at least this many bytes take seconds to read: a bar shows
#: its stages on a terminal (jobs/progress.py; never in cron or logs).
BIG_REGISTER_BYTES = 5 * 1024 * 1024
READ_STAGES = ('файлы', 'клиенты', 'начисления', 'оплаты')


def _register_bytes(operator_dir):
    paths = [operator_dir / folder.REGISTER_FILE, operator_dir / folder.CLIENTS_CSV,
             operator_dir / folder.CHARGES_CSV, operator_dir / folder.PAYMENTS_CSV]
    for sub in (folder.CHARGES_DIR, folder.PAYMENTS_DIR):
        if (operator_dir / sub).is_dir():
            paths += list((operator_dir / sub).iterdir())
    return sum(p.stat().st_size for p in paths if p.is_file())


def _read_register(operator_dir, settings, state_db):
    show = progress.wanted(minimum=0) and _register_bytes(operator_dir) >= BIG_REGISTER_BYTES
    with progress.bar(len(READ_STAGES), 'Чтение реестра', 'этап', show=show, leave=False) as bar:
        return _read_stages(operator_dir, settings, state_db, bar)


def _read_stages(operator_dir, settings, state_db, bar):
    bar.set_description('Чтение реестра: %s' % READ_STAGES[0])
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

    def stage(name):
        bar.update(1)
        bar.set_description('Чтение реестра: %s' % name)

    stage('клиенты')
    _read_clients(raw_clients, reg)
    counts = {}
    stage('начисления')
    for raw in charge_sources:
        _read_charges(raw, reg, counts)
    inn_index = {}
    for c in reg.clients.values():
        inn_index.setdefault(c.inn, []).append(c.code)
    stage('оплаты')
    for raw in payment_sources:
        _read_payments(raw, reg, inn_index, counts)
    bar.update(1)
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


# kinds whose value from a text cell is the text stripped
_STRIPPED = (schema.CODE, schema.TEXT)


def _all_str(cells):
    return all(map(str.__instancecheck__, cells))


# cheap to parse, or nearly unique per client: a cache would only cost
_UNCACHED = (schema.CODE, schema.TEXT, schema.EMAILS, schema.PHONE, schema.OGRN)

_CLIENT_DEFAULTS = {schema.TEXT: '', schema.CODE: '', schema.KPP: '', schema.OGRN: '',
                    schema.PHONE: '', schema.CHOICE: '', schema.EMAILS: ()}


def _read_clients(raw, reg, fast=True):
    loc = locate(raw, schema.CLIENTS)
    parsers = _client_parsers()
    # kinds whose values repeat across clients (names, dates, fees, managers...): each
    # distinct raw value is parsed once; a BadValue's message is cached with it
    specs = [(c, loc.index.get(c.key), parsers[c.kind], {} if c.kind not in _UNCACHED else None)
             for c in schema.CLIENTS.columns]
    width = max(loc.index.values()) + 1
    n_required = sum(1 for c in schema.CLIENTS.columns if c.required)
    first_row = {}
    sheet = raw.sheet

    def one(row, row_no):
        """One row, every problem worded (also the fast path's unusual rows)."""
        if row is None:
            return
        row = _padded(row, width)
        problems = []
        fields = {}
        for col, i, parse, cache in specs:
            v = row[i] if i is not None else ''
            if v == '' or v is None or (v.__class__ is str and v.isspace()):
                if col.required:
                    problems.append(Problem(raw.file, sheet, row_no, col.header, '', _REQUIRED + (
                        '; ожидается: ' + col.help if col.help else '')))
                fields[col.key] = _CLIENT_DEFAULTS.get(col.kind)
                continue
            hit = cache.get(v) if cache is not None and v.__class__ is not bool else None  # True == 1
            if hit is None:
                try:
                    hit = (parse(v), None)
                except values.BadValue as exc:
                    hit = (None, exc.expected)
                if cache is not None and v.__class__ is not bool:
                    cache[v] = hit
            fields[col.key], expected = hit
            if expected is not None:
                problems.append(Problem(raw.file, sheet, row_no, col.header, v, expected))
        if len(problems) == n_required:
            if all(values.is_empty(v) for v in row):
                return  # a blank line
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
            return
        if problems:
            reg.problems.extend(problems)
            if code:
                first_row[code] = row_no
                reg.excluded[code] = problems[0]
            return
        first_row[code] = row_no
        fields['source'] = '%s, лист «%s», строка %d' % (raw.file, sheet, row_no) if sheet \
            else '%s, строка %d' % (raw.file, row_no)
        reg.clients[code] = Client(**fields)

    # Column-wise in blocks, like the charges: each column through a cache of
    # its distinct values; a row with any problem (or a repeated code, a
    # disconnection before the connection) goes through one().
    caches = [_Cache(parse, empty_ok=not col.required, default=_CLIENT_DEFAULTS.get(col.kind))
              for col, i, parse, cache in specs]
    keys = [f.name for f in dataclasses.fields(Client)]
    assert keys[:-1] == [col.key for col in schema.CLIENTS.columns] and keys[-1] == 'source'
    prefix = '%s, лист «%s», строка ' % (raw.file, sheet) if sheet else '%s, строка ' % raw.file
    clients = reg.clients
    new = object.__new__
    i_code, i_conn, i_disc = keys.index('code'), keys.index('connected'), keys.index('disconnected')
    for row_no, n, cols, row in data_blocks(raw, loc, width):
        try:
            if not fast or n < 2:
                raise _BoolCell()
            columns, odd = [], set()
            for (col, i, parse, cache), cc in zip(specs, caches):
                if i is None:
                    columns.append([cc.default] * n)
                elif col.kind in _STRIPPED and _all_str(cols[i]):
                    # identifier()/text() of text is str.strip(); empty → '' (the default)
                    vals = list(map(str.strip, cols[i]))
                    if col.required and '' in vals:
                        odd.update(j for j, v in enumerate(vals) if not v)
                    columns.append(vals)
                else:
                    cells = cols[i]
                    columns.append(cc.values_of(cells))
                    odd.update(_rows_with(cells, cc.odd))
        except (_BoolCell, TypeError):    # TypeError: an unhashable cell (not from our readers)
            for j in range(n):
                one(row(j), row_no + j)
            continue
        codes, connected, disconnected = columns[i_code], columns[i_conn], columns[i_disc]
        for j, fields in enumerate(zip(*columns)):
            code = codes[j]
            if j in odd or code in first_row or (disconnected[j] and disconnected[j] < connected[j]):
                one(row(j), row_no + j)
                continue
            first_row[code] = row_no + j
            # the instance Client(**fields) builds, without the frozen dataclass's
            # nineteen object.__setattr__ calls
            client = new(Client)
            client.__dict__.update(zip(keys, fields + (prefix + str(row_no + j),)))
            clients[code] = client


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


_BAD = object()        # a fast-path cache's value for a raw cell the parser rejects


class _BoolCell(Exception):
    """A ``bool`` cell: ``True == 1`` would share a cache entry with the number 1."""


class _Cache(dict):
    """Raw cell → parsed value for the column-wise reading, each distinct raw value
    parsed once (on its first look-up, at C speed after that).

    ``odd`` holds the raw values whose rows the row-by-row reading must see (empty,
    rejected — then the value is :data:`_BAD` — or failing *check*); ``fix`` those
    whose value the caller completes (``None`` for an empty cell when *empty_ok*).
    """

    def __init__(self, parse, empty_ok=False, check=None, default=None):
        super().__init__()
        self.parse, self.empty_ok, self.check, self.default = parse, empty_ok, check, default
        self.odd, self.fix = set(), set()

    def __missing__(self, raw):
        if raw.__class__ is bool:
            raise _BoolCell()
        if raw == '' or raw is None or (raw.__class__ is str and raw.isspace()):   # values.is_empty
            v = self.default
            (self.fix if self.empty_ok else self.odd).add(raw)
        else:
            try:
                v = self.parse(raw)
            except values.BadValue:
                v = _BAD
                self.odd.add(raw)
            else:
                if self.check is not None and not self.check(v):
                    self.odd.add(raw)
        self[raw] = v
        return v

    def values_of(self, cells):
        """Parsed values of *cells* (:class:`_BoolCell` for a ``bool`` cell)."""
        return list(map(self.__getitem__, cells))


def _padded(row, width):
    """*row* with at least *width* cells: a short row gets empty ones."""
    return row if len(row) >= width else list(row) + [''] * (width - len(row))


def _rows_with(cells, raws):
    """Indexes of *cells* holding one of *raws* (a set); ``[]`` at C speed when none does."""
    if not raws or raws.isdisjoint(cells):
        return []
    return [j for j, raw in enumerate(cells) if raw in raws]


def _texts(cells):
    """:func:`values.text` of every cell (``str.strip`` at C speed when all are text)."""
    try:
        return list(map(str.strip, cells))
    except TypeError:
        return list(map(values.text, cells))


def _emit(extend, make, tuples, odd, slow, row_no, row):
    """Rows *tuples* (a list) through *make*, except the *odd* indexes, handled by ``slow(row, no)``."""
    prev = 0
    for j in odd:
        extend(make(tuples[prev:j]))
        slow(row(j), row_no + j)
        prev = j + 1
    extend(make(tuples[prev:] if prev else tuples))


def _read_charges(raw, reg, counts, fast=True):
    """Charges of *raw* → ``reg.charges``.

    Column-wise in blocks: every column is mapped through a cache of its
    distinct values; rows with anything unusual (an empty or bad value, an
    unknown client, a blank row) go through :func:`one` — the row-by-row
    reading that words the problems — so both give the same result (a test
    compares them with *fast* off).
    """
    loc = locate(raw, schema.CHARGES)
    ix = loc.index
    ic, ip, ia = ix['code'], ix['period'], ix['amount']
    i_s, i_d = ix.get('service'), ix.get('charge_date')
    width = max(ix.values()) + 1
    sheet = raw.sheet
    clients = reg.clients
    codes, periods, amounts, dates = {'': None}, {'': None}, {'': None}, {'': None}
    ends = _Cache(values.month_end)     # period → its last day, the date of an undated charge
    append = reg.charges.append
    new = tuple.__new__
    ident, period, money, date = values.identifier, values.period, values.money, values.date

    def one(row, row_no):
        if row is None:
            return
        row = _padded(row, width)
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
            return
        except TypeError:  # an unhashable cell value cannot come from our readers; be safe
            reg.problems.append(Problem(raw.file, sheet, row_no, None, None, 'нечитаемая строка'))
            return
        if code is None or per is None or amount is None:
            if code is None and per is None and amount is None and all(values.is_empty(v) for v in row):
                return
            for key, v in (('code', code), ('period', per), ('amount', amount)):
                if v is None:
                    c = schema.CHARGES.column(key)
                    reg.problems.append(Problem(raw.file, sheet, row_no, c.header, '',
                                                _REQUIRED + '; ожидается: ' + c.help))
                    break
            return
        client = clients.get(code)
        if client is None:
            _unknown(reg, raw, sheet, row_no, code, counts, 0)
            return
        if day is None:
            day = ends[per]
        service = row[i_s] if i_s is not None else ''
        if service.__class__ is not str:
            service = values.text(service)
        elif service:
            service = service.strip()
        append(new(Charge, (code, per, service or client.service, amount, day)))

    f_code = _Cache(ident, check=clients.__contains__)
    f_period, f_amount = _Cache(period), _Cache(money)
    f_day = _Cache(date, empty_ok=True)
    extend = reg.charges.extend

    def make(tuples):
        return map(new, itertools.repeat(Charge), tuples)

    services = {}
    for row_no, n, cols, row in data_blocks(raw, loc, width):
        try:
            if not fast or n < 2:
                raise _BoolCell()
            cc, cp, ca = cols[ic], cols[ip], cols[ia]
            c_code, c_per, c_amount = f_code.values_of(cc), f_period.values_of(cp), f_amount.values_of(ca)
            if i_d is None:
                c_day, fix_day = [None] * n, range(n)
            else:
                cd = cols[i_d]
                c_day = f_day.values_of(cd)
                fix_day = _rows_with(cd, f_day.fix)
            odd = set(_rows_with(cc, f_code.odd))
            odd.update(_rows_with(cp, f_period.odd), _rows_with(ca, f_amount.odd))
            if i_d is not None:
                odd.update(_rows_with(cd, f_day.odd))
            if i_s is None:
                c_service, fix_service = [''] * n, range(n)
            else:
                cs = cols[i_s]
                try:
                    c_service = list(map(services.__getitem__, cs))
                except KeyError:
                    for raw_s in set(cs).difference(services):
                        if raw_s.__class__ is bool:
                            raise _BoolCell()
                        services[raw_s] = values.text(raw_s)
                    c_service = list(map(services.__getitem__, cs))
                fix_service = [j for j, v in enumerate(c_service) if not v] if '' in c_service else ()
        except (_BoolCell, TypeError):    # TypeError: an unhashable cell (not from our readers)
            for j in range(n):
                one(row(j), row_no + j)
            continue
        for j in fix_day:
            if j not in odd:
                c_day[j] = ends[c_per[j]]
        for j in fix_service:
            if j not in odd:
                c_service[j] = clients[c_code[j]].service
        _emit(extend, make, list(zip(c_code, c_per, c_service, c_amount, c_day)), sorted(odd),
              one, row_no, row)


# --- payments ------------------------------------------------------------------

def _read_payments(raw, reg, inn_index, counts, fast=True):
    """Payments of *raw* → ``reg.payments``; column-wise like :func:`_read_charges`."""
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

    def one(row, row_no):
        if row is None:
            return
        row = _padded(row, width)
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
            return
        if (code is None and inn is None) or day is None or amount is None:
            if code is None and inn is None and day is None and amount is None \
                    and all(values.is_empty(v) for v in row):
                return
            if code is None and inn is None:
                reg.problems.append(Problem(raw.file, sheet, row_no, col_code.header, '',
                                            _REQUIRED + '; ожидается код клиента или ИНН плательщика'))
            else:
                c = col_date if day is None else col_amount
                reg.problems.append(Problem(raw.file, sheet, row_no, c.header, '', _REQUIRED))
            return
        if code is None:
            found = inn_index.get(inn, ())
            if len(found) != 1:
                reg.problems.append(Problem(raw.file, sheet, row_no, col_inn.header, inn, (
                    'нет клиента с таким ИНН на листе «Клиенты»' if not found else
                    'несколько договоров с этим ИНН (коды %s); укажите код клиента'
                    % ', '.join(found))))
                return
            code = found[0]
        elif code not in clients:
            _unknown(reg, raw, sheet, row_no, code, counts, 1)
            return
        doc = text(row[i_doc]) if i_doc is not None else ''
        pur = row[i_pur] if i_pur is not None else ''
        if pur.__class__ is not str:
            pur = text(pur)
        append(new(Payment, (code, day, amount, doc, pur.strip(), SOURCE_REGISTER)))

    # a row with an unknown client code, or an ИНН that is not one client's, goes row by row
    f_code = _Cache(ident, check=clients.__contains__)
    f_inn = _Cache(payer_inn, check=lambda inn: len(inn_index.get(inn, ())) == 1)
    f_day, f_amount = _Cache(date), _Cache(money, check=lambda d: d > 0)
    extend = reg.payments.extend

    def make(tuples):
        return map(new, itertools.repeat(Payment), tuples)

    for row_no, n, cols, row in data_blocks(raw, loc, width):
        try:
            if not fast or n < 2 or ic is None:
                raise _BoolCell()
            cc, cd, ca = cols[ic], cols[i_dt], cols[ia]
            c_code, c_day, c_amount = f_code.values_of(cc), f_day.values_of(cd), f_amount.values_of(ca)
            odd = set()
            for j in _rows_with(cc, f_code.odd):
                # no client code: the client with this payer's ИНН, when there is exactly one
                if ii is not None and values.is_empty(cc[j]):
                    ri = cols[ii][j]
                    inn = f_inn[ri]
                    if ri not in f_inn.odd:
                        c_code[j] = inn_index[inn][0]
                        continue
                odd.add(j)
        except (_BoolCell, TypeError):    # TypeError: an unhashable cell (not from our readers)
            for j in range(n):
                one(row(j), row_no + j)
            continue
        odd.update(_rows_with(cd, f_day.odd), _rows_with(ca, f_amount.odd))
        c_doc = _texts(cols[i_doc]) if i_doc is not None else itertools.repeat('', n)
        c_pur = _texts(cols[i_pur]) if i_pur is not None else itertools.repeat('', n)
        _emit(extend, make, list(zip(c_code, c_day, c_amount, c_doc, c_pur,
                                     itertools.repeat(SOURCE_REGISTER, n))), sorted(odd), one, row_no, row)


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
