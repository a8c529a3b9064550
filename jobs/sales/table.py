"""Reading one sales register (реестр продаж) into a pandas DataFrame, row problems in Russian.

A register is a sheet of an xlsx workbook (read with python-calamine) or a CSV
file (read as the registers are, :mod:`jobs.registers.csv_files`: UTF-8 with or without BOM,
or cp1251; ``;``, tab or ``,``). The header row is looked for in the first rows and matched ignoring
case, stray spaces and «ё»; a missing required column is a file-level
:class:`~jobs.errors.UserError`. Every other bad cell is a
:class:`~jobs.registers.validate.Problem` naming the file, the sheet, the row as
the spreadsheet shows it, the column, the value and what is expected; the row
is left out, every good row is kept.

The frame has one column per schema key with typed values — text ``str``
(``''`` when empty), whole numbers ``int``, dates :class:`datetime.date` (or
``None``), money in integer **kopecks** (or ``None``) — and ``row``, the Excel
row number, so later checks can name the row too.
"""

from collections import namedtuple
from pathlib import Path

import pandas as pd

from ..errors import UserError
from ..registers import values
from ..registers.csv_files import read_csv
from ..registers.schema import HEADER_SEARCH_ROWS
from ..registers.validate import Problem, inn_error

TEXT, INT, DATE, MONEY, INN, CHOICE, STAGE = 'text', 'int', 'date', 'money', 'inn', 'choice', 'stage'

Column = namedtuple('Column', 'key header kind required help width choices')


def col(key, header, kind=TEXT, required=False, help='', width=16, choices=()):
    return Column(key, header, kind, required, help, width, tuple(choices))


class Schema(namedtuple('Schema', 'name columns title')):
    """A register: its sheet name (and file stem), columns in template order, a Russian title."""

    def column(self, key):
        return next(c for c in self.columns if c.key == key)

    @property
    def keys(self):
        return [c.key for c in self.columns]


def normalise_header(text):
    """``'  Дата  КП '`` → ``'дата кп'`` (case, spaces, «ё»)."""
    return ' '.join(str(text or '').replace('ё', 'е').replace('Ё', 'Е').split()).lower()


# --- raw cells --------------------------------------------------------------------

def csv_rows(path):
    """All records of a CSV file as lists of ``str``, read as the registers are (trailing empty cells dropped)."""
    rows = list(read_csv(path).rows)
    return rows if any(rows) else []


def xlsx_rows(path, sheet):
    """Cells of sheet *sheet* (matched ignoring case; else the first sheet) → (sheet name, rows)."""
    import python_calamine
    path = Path(path)
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
    except FileNotFoundError:
        raise UserError('нет файла %s' % path)
    except Exception as exc:    # calamine raises its own zip/xml errors for damaged files
        raise UserError('не удалось прочитать %s как книгу Excel (.xlsx): %s' % (path.name, exc))
    try:
        names = {normalise_header(n): n for n in wb.sheet_names}
        name = names.get(normalise_header(sheet)) or wb.sheet_names[0]
        return name, wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise UserError('%s: не удалось прочитать лист «%s»: %s' % (path.name, sheet, exc))
    finally:
        wb.close()


def sheet_names(path):
    import python_calamine
    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception:
        return []
    try:
        return list(wb.sheet_names)
    finally:
        wb.close()


# --- parsing ------------------------------------------------------------------------

def _parse(column, value):
    """One cell → typed value; :class:`values.BadValue` with the Russian «what is expected»."""
    kind = column.kind
    if kind == TEXT:
        return values.text(value)
    if kind == INT:
        return values.integer(value, 0, 10 ** 7)
    if kind == DATE:
        return values.date(value)
    if kind == MONEY:
        amount = values.money(value)
        if amount < 0:
            raise values.BadValue('сумма не может быть отрицательной')
        return int(amount * 100)
    if kind == INN:
        inn = values.identifier(value, (10, 12))
        problem = inn_error(inn)
        if problem:
            raise values.BadValue(problem)
        return inn
    if kind == STAGE:
        from . import stages
        try:
            return stages.parse(values.text(value))
        except ValueError as exc:
            raise values.BadValue(str(exc))
    if kind == CHOICE:
        return values.choice(value, column.choices)
    raise AssertionError(kind)


EMPTY = {TEXT: '', INT: 0, CHOICE: '', INN: ''}


class Table:
    """A register read: ``frame`` (typed, with ``row``), ``problems``, where it came from."""

    def __init__(self, schema, frame, problems, file, sheet, path):
        self.schema, self.frame, self.problems = schema, frame, problems
        self.file, self.sheet, self.path = file, sheet, path

    def problem(self, row, key, value, message):
        """A :class:`Problem` on Excel row *row*, column *key* (a schema key)."""
        header = self.schema.column(key).header if key else None
        return Problem(self.file, self.sheet, row, header, value, message)


def read(path, schema, sheet=None):
    """Read register *schema* from *path* (``.xlsx``/``.xlsm`` or ``.csv``) → :class:`Table`."""
    path = Path(path)
    if path.suffix.lower() == '.csv':
        rows, sheet_name = csv_rows(path), None
    else:
        sheet_name, rows = xlsx_rows(path, sheet or schema.name)
    return parse_rows(rows, schema, path, sheet_name)


def parse_rows(rows, schema, path, sheet_name=None):
    """Typed frame and problems from raw *rows* (row 0 is Excel row 1)."""
    path = Path(path)
    file = path.name
    where = '%s, лист «%s»' % (file, sheet_name) if sheet_name else file
    header_at, index = _header(rows, schema, where)
    problems, records = [], []
    by_key = {c.key: c for c in schema.columns}
    for r in range(header_at + 1, len(rows)):
        raw = rows[r]
        cells = {k: (raw[i] if i < len(raw) else '') for k, i in index.items()}
        if all(values.is_empty(v) for v in cells.values()):
            continue
        excel_row = r + 1
        record, bad = {'row': excel_row}, False
        for key in schema.keys:
            column = by_key[key]
            value = cells.get(key, '')
            if values.is_empty(value):
                if column.required:
                    problems.append(Problem(file, sheet_name, excel_row, column.header, None,
                                            'не заполнено; %s' % (column.help or 'обязательный столбец')))
                    bad = True
                record[key] = EMPTY.get(column.kind)
                continue
            try:
                record[key] = _parse(column, value)
            except values.BadValue as exc:
                problems.append(Problem(file, sheet_name, excel_row, column.header, value, exc.expected))
                bad = True
        if not bad:
            records.append(record)
    frame = pd.DataFrame.from_records(records, columns=['row'] + schema.keys)
    for column in schema.columns:
        if column.kind == MONEY:        # integer kopecks; an empty cell is <NA>, not a float NaN
            frame[column.key] = frame[column.key].astype('Int64')
        elif column.kind == INT:
            frame[column.key] = frame[column.key].astype('int64')
        elif column.kind == DATE:       # datetime.date objects; an empty cell is None
            frame[column.key] = frame[column.key].astype(object).where(frame[column.key].notna(), None)
    return Table(schema, frame, problems, file, sheet_name, path)


def _header(rows, schema, where):
    wanted = {normalise_header(c.header): c.key for c in schema.columns}
    required = [c for c in schema.columns if c.required]
    best = None
    for r, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        index = {}
        for i, cell in enumerate(row):
            key = wanted.get(normalise_header(cell)) if isinstance(cell, str) else None
            if key is not None and key not in index:
                index[key] = i
        if index and all(c.key in index for c in required):
            return r, index
        if index and (best is None or len(index) > len(best[1])):
            best = (r, index)
    if best is None:
        raise UserError('%s: не найдена строка заголовков; ожидаются столбцы %s'
                        % (where, ', '.join('«%s»' % c.header for c in required)))
    missing = [c for c in required if c.key not in best[1]]
    raise UserError('%s, строка заголовков %d: нет обязательных столбцов %s'
                    % (where, best[0] + 1, ', '.join('«%s»' % c.header for c in missing)))
