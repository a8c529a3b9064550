"""The whole client register of an operator folder, read and validated.

This is the data API every job (debtors, documents, report) starts from::

    from jobs import settings as settings_mod
    from jobs.registers.reader import read_register

    s = settings_mod.load(folder)
    reg = read_register(folder, s)          # UserError on a file-level problem
    reg.clients['00017']                    # Client (frozen dataclass), by client code
    reg.charge_frame                        # DataFrame: code, period, service, amount (коп.), date
    reg.payment_frame                       # DataFrame: code, date, amount (коп.), document, purpose, source
                                            # (document and purpose as written: strip them)
    reg.charges, reg.payments               # the same as rows: Charge / Payment (Decimal руб., date)
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

Values: in the frames money is int64 kopecks and dates ``datetime64``; in the
rows and on :class:`Client` money is :class:`~decimal.Decimal` rubles and dates
:class:`datetime.date`. Periods are ``'ГГГГ-ММ'``; identifiers are text with
their leading zeros. A charge without a date is dated the last day of its
period; a charge without a service takes the client's service. Dates before
:data:`EARLIEST` or more than :data:`YEARS_AHEAD` years after today are problems.

Problems: a file-level problem (missing file, sheet or required column,
unreadable file) raises :class:`~jobs.errors.UserError`. A row-level problem
excludes the row and is listed in ``problems``; charges and payments of a
client whose own row is excluded are excluded with it, and one problem on that
client row says how many. No valid row is dropped. Every column is parsed as a
whole (:mod:`.columns`); only the rows a mask flags become :class:`Problem`\\ s.
"""

import datetime
from collections import namedtuple
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from .. import operator_folder as folder, progress
from ..errors import UserError
from . import columns, schema, values
from .csv_files import give_back, read_csv
from .table import is_blank, locate
from .validate import Problem, inn_error, kpp_error, ogrn_error
from .xlsx import find_sheet, open_workbook, read_sheet, read_sheets

Charge = namedtuple('Charge', 'code period service amount date')
Charge.__doc__ = """Начисление: client code, period 'ГГГГ-ММ', service, amount (Decimal руб.), charge date."""
Payment = namedtuple('Payment', 'code date amount document purpose source')
Payment.__doc__ = """Оплата: client code, date received, amount (Decimal руб.), document №, purpose,
source ('реестр' — the register or a monthly file, 'банк' — an imported statement)."""

SOURCE_REGISTER = 'реестр'
SOURCE_BANK = 'банк'
#: Few distinct values in millions of rows: kept as categories (a byte a row, not the text).
SOURCES = pd.CategoricalDtype([SOURCE_REGISTER, SOURCE_BANK])
#: The plausible dates of a register: none before this day, none later than today + YEARS_AHEAD.
EARLIEST = datetime.date(1990, 1, 1)
YEARS_AHEAD = 2

CHARGE_COLUMNS = ('code', 'period', 'service', 'amount', 'date')
PAYMENT_COLUMNS = ('code', 'date', 'amount', 'document', 'purpose', 'source')


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


def _empty_frame(names):
    return pd.DataFrame({n: pd.Series([], dtype='int64' if n == 'amount' else
                                      'datetime64[s]' if n == 'date' else 'str') for n in names})


@dataclass
class Register:
    clients: dict = field(default_factory=dict)          # code → Client, register order
    charge_frame: object = field(default_factory=lambda: _empty_frame(CHARGE_COLUMNS))
    payment_frame: object = field(default_factory=lambda: _empty_frame(PAYMENT_COLUMNS))
    problems: list = field(default_factory=list)
    files: list = field(default_factory=list)            # paths read
    unmatched_bank: list = field(default_factory=list)   # bank payments matching no client (dicts)
    excluded: dict = field(default_factory=dict)         # code → Problem: client rows with errors
    default_payment_days: int = 10

    def due_days(self, client):
        """Срок оплаты of *client* in days from the charge date."""
        return self.default_payment_days if client.payment_days is None else client.payment_days

    @cached_property
    def charges(self):
        """The charges as :class:`Charge` rows, register order."""
        f = self.charge_frame
        return list(map(Charge._make, zip(f['code'].tolist(), f['period'].tolist(), f['service'].tolist(),
                                          rubles(f['amount']), dates(f['date']))))

    @cached_property
    def payments(self):
        """The payments as :class:`Payment` rows: the register's, then the bank's."""
        f = self.payment_frame
        return list(map(Payment._make, zip(f['code'].tolist(), dates(f['date']), rubles(f['amount']),
                                           f['document'].str.strip().tolist(), f['purpose'].str.strip().tolist(),
                                           f['source'].tolist())))

    def charges_by_client(self):
        return _by_client(self.charges)

    def payments_by_client(self):
        return _by_client(self.payments)


def _by_client(rows):
    out = {}
    for r in rows:
        out.setdefault(r.code, []).append(r)
    return out


def rubles(kopecks):
    """int64 kopecks → list of ``Decimal`` rubles with two places (each distinct amount converted once)."""
    codes, uniques = pd.factorize(np.asarray(kopecks))
    return np.array([Decimal(int(k)).scaleb(-2) for k in uniques] + [None], object)[codes].tolist()


def dates(days):
    """datetime64 → list of :class:`datetime.date` (each distinct day converted once)."""
    codes, uniques = pd.factorize(np.asarray(days, 'datetime64[D]'))
    return np.array(list(uniques.astype('datetime64[D]').tolist()) + [None], object)[codes].tolist()


_REQUIRED = 'обязательное поле не заполнено'

#: Register files of at least this many bytes take seconds to read: a bar shows
#: its stages on a terminal (jobs/progress.py; never in cron or logs).
BIG_REGISTER_BYTES = 5 * 1024 * 1024
READ_STAGES = ('файлы', 'клиенты', 'начисления', 'оплаты')


def read_register(operator_dir, settings=None, state_db=None, purposes=True):
    """Read and validate the register of *operator_dir* (see the module docstring).

    *settings* (optional) gives the default payment term and today; *state_db*
    an open state connection, else the folder's database is opened if it exists.
    ``purposes=False``: the typed payments' «Назначение платежа» is read but not kept (``''``) — the
    largest column of a large register, which check, debtors and report never show.
    """
    operator_dir = Path(operator_dir)
    show = progress.wanted(minimum=0) and _register_bytes(operator_dir) >= BIG_REGISTER_BYTES
    with progress.bar(len(READ_STAGES), 'Чтение реестра', 'этап', show=show, leave=False) as bar:
        return _read(operator_dir, settings, state_db, bar, purposes)


def _register_bytes(operator_dir):
    paths = [operator_dir / folder.REGISTER_FILE, operator_dir / folder.CLIENTS_CSV,
             operator_dir / folder.CHARGES_CSV, operator_dir / folder.PAYMENTS_CSV]
    for sub in (folder.CHARGES_DIR, folder.PAYMENTS_DIR):
        if (operator_dir / sub).is_dir():
            paths += list((operator_dir / sub).iterdir())
    return sum(p.stat().st_size for p in paths if p.is_file())


def _read(operator_dir, settings, state_db, bar, purposes):
    bar.set_description('Чтение реестра: %s' % READ_STAGES[0])
    reg = Register(charge_frame=None, payment_frame=None)     # both set below: no empty frames built first
    today = datetime.date.today()
    if settings is not None:
        reg.default_payment_days = settings.billing.payment_days
        today = settings.schedule.today()
    workbook = operator_dir / folder.REGISTER_FILE
    if workbook.exists():
        sheets = read_sheets(workbook, [s.name for s in schema.SHEETS])
        reg.files.append(str(workbook))
        raw_clients, raw_charges, raw_payments = [sheets.pop(s.name) for s in schema.SHEETS]
        charge_sources, payment_sources = [lambda: raw_charges], [lambda: raw_payments]
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
                target.append(lambda path=operator_dir / name: read_csv(path, None))
                reg.files.append(str(operator_dir / name))
    charge_sources += _monthly(operator_dir / folder.CHARGES_DIR, schema.CHARGES, reg)
    payment_sources += _monthly(operator_dir / folder.PAYMENTS_DIR, schema.PAYMENTS, reg)
    day = columns.plausible_dates(EARLIEST, _years_after(today, YEARS_AHEAD))
    counts = {}     # excluded client code → [charges, payments] left out with it

    def stage(name):
        give_back()
        bar.update(1)
        bar.set_description('Чтение реестра: %s' % name)

    stage('клиенты')
    _read_clients(raw_clients, reg, day)
    del raw_clients
    stage('начисления')
    reg.charge_frame = _concat([_read_charges(raw, reg, day, counts) for raw in _each(charge_sources)],
                               CHARGE_COLUMNS)
    stage('оплаты')
    inn_index = {}
    for c in reg.clients.values():
        inn_index.setdefault(c.inn, []).append(c.code)
    frames = [_read_payments(raw, reg, day, inn_index, counts, purposes) for raw in _each(payment_sources)]
    bar.update(1)
    frames.append(_bank_payments(operator_dir, reg, state_db, counts, _concat(frames, PAYMENT_COLUMNS)))
    reg.payment_frame = _concat(frames, PAYMENT_COLUMNS)
    for code, (charges, payments) in counts.items():
        p = reg.excluded[code]
        reg.problems.append(Problem(p.file, p.sheet, p.row, 'Код клиента', code,
                                    'строка клиента с ошибкой, поэтому не учтены его начисления (%d) '
                                    'и оплаты (%d); исправьте строку клиента' % (charges, payments)))
    give_back()
    return reg


def _each(sources):
    """The sheets of *sources* (callables reading them), one at a time: a large register's raw
    text is most of its memory, so a file is read when its turn comes and let go after."""
    while sources:
        yield sources.pop(0)()


def _years_after(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:      # 29 February
        return day.replace(year=day.year + years, day=28)


def _concat(frames, names):
    frames = [f for f in frames if f is not None and len(f)]
    if not frames:
        return _empty_frame(names)
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _monthly(directory, sheet_schema, reg):
    """Monthly files in *directory* (sorted by name), as callables reading each one's RawSheet."""
    if not directory.is_dir():
        return []
    out = []
    for path in sorted(directory.iterdir()):
        if path.name.startswith(('~$', '.')) or not path.is_file():
            continue  # Excel's lock files, hidden files
        suffix = path.suffix.lower()
        if suffix == '.csv':
            out.append(lambda path=path: read_csv(path, None))
        elif suffix in ('.xlsx', '.xlsm'):
            out.append(lambda path=path: _monthly_sheet(path, sheet_schema))
        else:
            continue
        reg.files.append(str(path))
    return out


def _monthly_sheet(path, sheet_schema):
    wb = open_workbook(path)
    try:
        return read_sheet(wb, path, find_sheet(wb, sheet_schema.name) or wb.sheet_names[0])
    finally:
        wb.close()


class _Sheet:
    """The data rows of one located sheet and the problems found in them, kept in row order."""

    def __init__(self, raw, sheet_schema):
        self.raw, self.schema = raw, sheet_schema
        self.loc = locate(raw, sheet_schema)
        self.data = self.loc.data
        self.rows = self.data.index.to_numpy()
        self.found = []         # (row, column order, Problem)

    def __len__(self):
        return len(self.rows)

    def forget(self, key):
        """Let column *key*'s cells go, as if it were absent (after :meth:`extra_cells`: that counts by position)."""
        i = self.loc.index.pop(key, None)
        if i is not None:
            self.data = self.data.drop(columns=i)
            self.loc.data = self.data
            self.raw.frame = self.raw.frame.drop(columns=i)

    def cells(self, key):
        i = self.loc.index.get(key)
        return None if i is None else self.data[i]

    def flag(self, mask, key, message, shown=None):
        """A problem on every row of *mask*: column *key* (``None``: the whole row), *message*
        (a str or an array by row); the value shown is the cell's unless *shown* (an array by row, or
        one str for all) is given."""
        col = self.schema.column(key) if key else None
        order = self.schema.columns.index(col) if col else -1
        cells = self.cells(key) if key and shown is None else None
        for j in np.flatnonzero(mask):
            value = shown if isinstance(shown, str) else shown[j] if shown is not None else \
                cells.iloc[j] if cells is not None else ''
            text = message if isinstance(message, str) else message[j]
            self.found.append((self.rows[j], order, Problem(self.raw.file, self.raw.sheet, int(self.rows[j]),
                                                            col.header if col else None, value, text)))

    def first_errors(self, parsed, pending):
        """Flag, on each *pending* row, the first column (in *parsed* order) whose cell is bad."""
        for key, p in parsed:
            if p.error.strides == (0,):        # columns.fine(): no cell is bad
                continue
            bad = pending & (p.error != None)  # noqa: E711
            self.flag(bad, key, p.error)
            pending &= ~bad
        return pending

    def extra_cells(self):
        """Rows of a CSV with more cells than the header (a misplaced delimiter): flagged, True."""
        bad = np.zeros(len(self), bool)
        if not self.raw.csv:
            return bad
        for i in self.data.columns[self.loc.width:]:
            bad |= ~is_blank(self.data[i])
        if bad.any():
            extra = self.data.iloc[:, self.loc.width:].apply(
                lambda row: '; '.join(v for v in row if v.__class__ is str and v.strip()), axis=1).to_numpy()
            self.flag(bad, None, 'в строке больше ячеек, чем столбцов в заголовке (%d) — лишнее значение '
                      'сдвинуло бы столбцы; дробную часть суммы в файле с разделителем «,» берите в кавычки'
                      % self.loc.width, shown=np.where(bad, extra, ''))
        return bad

    def problems(self):
        self.found.sort(key=lambda t: (t[0], t[1]))
        return [p for _, _, p in self.found]


# --- clients -----------------------------------------------------------------

def _checked(parse, check):
    def one(cell):
        value = parse(cell)
        err = check(value)
        if err:
            raise values.BadValue(err)
        return value
    return one


def _non_negative(cell):
    d = values.money(cell)
    if d < 0:
        raise values.BadValue('абонплата не может быть отрицательной')
    return d


_CLIENT_PARSERS = {
    schema.CODE: values.identifier, schema.TEXT: values.text,
    schema.INN: _checked(lambda v: values.identifier(v, (10, 12)), inn_error),
    schema.KPP: _checked(lambda v: values.identifier(v, (9,)).upper(), kpp_error),
    schema.OGRN: _checked(values.identifier, ogrn_error), schema.MONEY: _non_negative,
    schema.INTEGER: lambda v: values.integer(v, 0, 365), schema.EMAILS: values.emails,
    schema.PHONE: values.phone, schema.CHOICE: lambda v: values.choice(v, schema.SEGMENTS),
}
_CLIENT_OK = {schema.INN: columns.inn_ok, schema.KPP: columns.kpp_ok, schema.OGRN: columns.ogrn_ok,
              schema.EMAILS: columns.emails_ok, schema.PHONE: columns.phone_ok}
_CLIENT_DEFAULTS = {schema.TEXT: '', schema.CODE: '', schema.KPP: '', schema.OGRN: '',
                    schema.PHONE: '', schema.CHOICE: '', schema.EMAILS: ()}


def _read_clients(raw, reg, day):
    sh = _Sheet(raw, schema.CLIENTS)
    n = len(sh)
    bad = sh.extra_cells()
    fields = {}
    for col in schema.CLIENTS.columns:
        cells = sh.cells(col.key)
        default = _CLIENT_DEFAULTS.get(col.kind)
        if cells is None:
            fields[col.key] = [default] * n
            continue
        if col.kind in (schema.CODE, schema.TEXT):
            p = columns.text(cells, _CLIENT_PARSERS[col.kind])
        else:
            p = columns.by_value(cells, day if col.kind == schema.DATE else _CLIENT_PARSERS[col.kind],
                                 ok=_CLIENT_OK.get(col.kind))
        if col.required:
            sh.flag(p.empty, col.key, _REQUIRED + ('; ожидается: ' + col.help if col.help else ''),
                    shown='')
            bad = bad | p.empty
        has_error = p.error != None  # noqa: E711
        sh.flag(has_error, col.key, p.error)
        bad = bad | has_error
        out = p.values.tolist() if hasattr(p.values, 'tolist') else list(p.values)
        if default is not None and p.empty.any():
            out = [default if e else v for v, e in zip(out, p.empty.tolist())]
        fields[col.key] = out
    connected, disconnected = fields['connected'], fields['disconnected']
    early = np.array([bool(d and c and d < c) for c, d in zip(connected, disconnected)], bool) & ~bad
    if early.any():
        sh.flag(early, 'disconnected', ['дата отключения раньше даты подключения %s' % values.text(c)
                                        for c in connected], shown=np.array(disconnected, object))
        bad |= early
    codes = pd.Series(fields['code'], dtype=object)
    named = (codes != '').to_numpy()
    repeated = codes.duplicated(keep='first').to_numpy() & named
    if repeated.any():
        first = dict(zip(codes[named & ~repeated], sh.rows[named & ~repeated]))
        sh.flag(repeated, 'code', ['код клиента повторяется (уже есть в строке %d); код должен быть уникальным'
                                   % first.get(c, 0) for c in codes], shown=codes.to_numpy())
    problems = sh.problems()
    code_of_row = dict(zip(sh.rows[bad & named & ~repeated].tolist(), codes[bad & named & ~repeated]))
    for p in problems:
        code = code_of_row.get(p.row)
        if code is not None and code not in reg.excluded:
            reg.excluded[code] = p
    reg.problems.extend(problems)
    prefix = '%s, лист «%s», строка ' % (raw.file, raw.sheet) if raw.sheet else '%s, строка ' % raw.file
    good = np.flatnonzero(~bad & ~repeated).tolist()
    table = [fields[c.key] if len(good) == n else [fields[c.key][j] for j in good] for c in schema.CLIENTS.columns]
    reg.clients.update((c.code, c) for c in map(Client, *table, [prefix + str(r) for r in sh.rows[good].tolist()]))


# --- charges and payments ----------------------------------------------------------

def _unknown(sh, reg, mask, codes, counts, kind):
    """Rows of *mask* whose client is not among the valid clients: counted on an excluded
    client's own problem, else a problem of their own."""
    excluded = mask & columns.member(codes, reg.excluded.keys())
    if excluded.any():
        for code, n in pd.Series(codes[excluded]).value_counts(sort=False).items():
            counts.setdefault(code, [0, 0])[kind] += int(n)
    sh.flag(mask & ~excluded, 'code', 'нет клиента с таким кодом на листе «Клиенты»', shown=codes)


def _read_charges(raw, reg, day, counts):
    """Charges of *raw* → a frame of :data:`CHARGE_COLUMNS`."""
    sh = _Sheet(raw, schema.CHARGES)
    n = len(sh)
    pending = ~sh.extra_cells()
    code = columns.text(sh.cells('code'), values.identifier)
    period = columns.by_value(sh.cells('period'), values.period, 'category')
    amount = columns.kopecks(sh.cells('amount'))
    dated = sh.cells('charge_date')
    when = columns.days(dated, day) if dated is not None else \
        columns.Parsed(np.full(n, columns.NAT), columns.fine(n), np.ones(n, bool))
    pending = sh.first_errors((('code', code), ('period', period), ('amount', amount), ('charge_date', when)),
                              pending)
    for key, p in (('code', code), ('period', period), ('amount', amount)):
        missing = pending & p.empty
        sh.flag(missing, key, _REQUIRED + '; ожидается: ' + schema.CHARGES.column(key).help,
                shown='')
        pending &= ~missing
    known = pending & columns.member(code.values, reg.clients)
    _unknown(sh, reg, pending & ~known, code.values, counts, 0)
    reg.problems.extend(sh.problems())
    if not known.any():
        return None
    codes = pd.Series(code.values[known])
    periods = pd.Series(period.values[known]).cat.remove_unused_categories()
    undated = pd.isna(when.values[known])
    dates_ = when.values[known].copy()
    if undated.any():
        ends = {p: np.datetime64(values.month_end(p), 'D') for p in periods[undated].unique()}
        dates_[undated] = periods[undated].map(ends).to_numpy('datetime64[D]')
    service = sh.cells('service')
    services = pd.Series(columns.text(service).values[known] if service is not None else [''] * len(codes),
                         dtype='str', copy=False)
    blank = (services == '').to_numpy()
    if blank.any():
        services[blank] = codes[blank].map({c.code: c.service for c in reg.clients.values()}).to_numpy()
    return pd.DataFrame({'code': codes, 'period': periods, 'service': services.astype('category'),
                         'amount': amount.values[known], 'date': dates_.astype('datetime64[s]')})


def _read_payments(raw, reg, day, inn_index, counts, purposes=True):
    """Payments of *raw* → a frame of :data:`PAYMENT_COLUMNS`."""
    sh = _Sheet(raw, schema.PAYMENTS)
    n = len(sh)
    if 'code' not in sh.loc.index and 'payer_inn' not in sh.loc.index:
        raise UserError('%s: нет столбца «Код клиента» или «ИНН плательщика» — нужен хотя бы один'
                        % (raw.file + (', лист «%s»' % raw.sheet if raw.sheet else '')))
    nothing = columns.Parsed(np.full(n, '', object), columns.fine(n), np.ones(n, bool))
    pending = ~sh.extra_cells()
    if not purposes:
        sh.forget('purpose')
    code = columns.text(sh.cells('code'), values.identifier) if 'code' in sh.loc.index else nothing
    inn = nothing
    if 'payer_inn' in sh.loc.index:
        inn = columns.by_value(sh.cells('payer_inn'), _checked(lambda v: values.identifier(v, (10, 12)),
                                                               inn_error), ok=columns.inn_ok)
        inn = inn._replace(error=np.where(code.empty, inn.error, None))   # read only without a code
    when = columns.days(sh.cells('date'), day)
    amount = columns.kopecks(sh.cells('amount'))
    amount = amount._replace(error=np.where(~amount.empty & (amount.error == None) & (amount.values <= 0),  # noqa
                                            'сумма оплаты должна быть больше нуля', amount.error))
    pending = sh.first_errors((('code', code), ('payer_inn', inn), ('date', when), ('amount', amount)), pending)
    # the per-row messages are flagged: let them go (a large file's peak memory is its temporaries)
    code, inn, when, amount = (p._replace(error=None) for p in (code, inn, when, amount))
    del nothing
    missing = pending & code.empty & inn.empty
    sh.flag(missing, 'code', _REQUIRED + '; ожидается код клиента или ИНН плательщика', shown='')
    pending &= ~missing
    for key, p in (('date', when), ('amount', amount)):
        missing = pending & p.empty
        sh.flag(missing, key, _REQUIRED, shown='')
        pending &= ~missing
    codes = pd.Series(code.values)
    by_inn = pending & code.empty
    if by_inn.any():
        inns = inn.values[by_inn]
        found = [inn_index.get(i, ()) for i in inns.tolist()]
        codes[by_inn] = [f[0] if len(f) == 1 else '' for f in found]
        wrong = np.zeros(n, bool)
        wrong[np.flatnonzero(by_inn)[np.array([len(f) != 1 for f in found], bool)]] = True
        shown, messages = np.full(n, None, object), np.full(n, None, object)
        shown[by_inn], messages[by_inn] = inns, [
            'несколько договоров с этим ИНН (коды %s); укажите код клиента' % ', '.join(f) if f else
            'нет клиента с таким ИНН на листе «Клиенты»' for f in found]
        sh.flag(wrong, 'payer_inn', messages, shown=shown)
        pending &= ~wrong
    codes = codes.array
    known = pending & columns.member(codes, reg.clients)
    _unknown(sh, reg, pending & ~known & ~by_inn, codes, counts, 1)
    reg.problems.extend(sh.problems())
    if not known.any():
        return None
    frame = {'code': pd.Series(codes[known], dtype='str', copy=False),
             'date': when.values[known].astype('datetime64[s]'), 'amount': amount.values[known]}
    del code, inn, when, amount, codes
    # free text is kept as read (no copy of the largest column when every row is kept); strip it when used
    for key in ('document', 'purpose'):
        frame[key] = _kept(sh.cells(key), known) if key in sh.loc.index else \
            pd.Series('', index=pd.RangeIndex(int(known.sum())), dtype='str')
    return pd.DataFrame(dict(frame, source=pd.Categorical.from_codes(np.zeros(len(frame['amount']), np.int8),
                                                                     dtype=SOURCES)))


def _kept(cells, known):
    """The cells of the rows *known*, as text, without a copy when every row is kept."""
    cells = cells.reset_index(drop=True) if known.all() else cells[known].reset_index(drop=True)
    return cells if columns.is_text(cells) else pd.Series(columns.text(cells).values, dtype='str')


def _bank_payments(operator_dir, reg, db, counts, typed_frame):
    """Matched payments of imported statements as a frame; unmatched → ``reg.unmatched_bank``."""
    from .. import state
    own = db is None
    if own:
        if not (operator_dir / state.STATE_FILE).exists():
            return None
        db = state.connect(operator_dir)
    try:
        rows = state.bank.payments(db)
    finally:
        if own:
            db.close()
    if not rows:
        return None
    docs = {r['doc_number'] for r in rows}
    typed_rows = typed_frame[typed_frame['document'].isin(docs)] if len(typed_frame) else typed_frame
    typed, typed_any = {}, {}
    for code, amount, document, day in zip(typed_rows['code'], typed_rows['amount'], typed_rows['document'],
                                           dates(typed_rows['date'])):
        typed[(code, int(amount), document)] = day
        typed_any[(int(amount), document)] = day
    out = []
    for r in rows:
        code = r['client_code']
        amount = Decimal(r['amount'])
        kop = int(amount * 100)
        received = datetime.date.fromisoformat(r['received'])
        doc_date = datetime.date.fromisoformat(r['doc_date'])
        if code is None:
            # resolved by hand: the accountant typed it into «Оплаты» with a client code
            if typed_any.get((kop, r['doc_number'])) not in (received, doc_date):
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
        if typed.get((code, kop, r['doc_number'])) in (received, doc_date):
            continue  # the accountant also typed it into «Оплаты»: count it once
        out.append((code, np.datetime64(received, 's'), kop, r['doc_number'], r['purpose'] or '', SOURCE_BANK))
    if not out:
        return None
    frame = pd.DataFrame(out, columns=PAYMENT_COLUMNS)
    return frame.astype({'code': 'str', 'date': 'datetime64[s]', 'amount': 'int64', 'document': 'str',
                         'purpose': 'str', 'source': SOURCES})
