"""A sheet of raw cells as a reader delivered it, and where the schema's columns are.

Both the xlsx reader (:mod:`.xlsx`) and the CSV reader (:mod:`.csv_files`)
return a :class:`RawSheet`; :func:`locate` finds the header row and maps the
schema's column keys to cell indexes, matching headers with
:func:`~jobs.registers.schema.normalise_header` (stray spaces, case, «ё»).
A missing required column is a file-level problem: :class:`~jobs.errors.UserError`.
"""

import itertools
from dataclasses import dataclass

from ..errors import UserError
from .schema import normalise_header

#: How far down a header row is looked for (a title row above it is tolerated).
HEADER_SEARCH_ROWS = 10


@dataclass
class RawSheet:
    """Cells of one sheet or CSV file.

    ``rows`` is an iterable of lists of cells; the first one is Excel row
    ``first_row`` (1 for a whole sheet or file).
    """
    file: str           # file name as shown to the user
    sheet: str          # sheet name; for CSV the schema sheet the file stands for
    rows: object
    first_row: int = 1


@dataclass
class Located:
    """The header found: ``index`` maps column key → cell index; data rows follow ``header_row``."""
    header_row: int
    index: dict
    data: object        # iterator over the remaining rows, continuing after the header
    first_data_row: int


def locate(raw, sheet_schema):
    """Find *sheet_schema*'s header in *raw* (within the first rows) and map its columns."""
    rows = iter(raw.rows)
    required = [c for c in sheet_schema.columns if c.required]
    wanted = {normalise_header(c.header): c for c in sheet_schema.columns}
    first_seen = None
    row_no = raw.first_row - 1
    for row in rows:
        row_no += 1
        if row_no - raw.first_row >= HEADER_SEARCH_ROWS:
            break
        cells = [normalise_header(v) if v.__class__ is str else '' for v in row]
        if not any(cells):
            continue
        if first_seen is None:
            first_seen = (row_no, cells)
        index = {}
        for i, h in enumerate(cells):
            col = wanted.get(h)
            if col is not None and col.key not in index:
                index[col.key] = i
        if required and all(c.key in index for c in required) or (not required and index):
            data_first = row_no + 1
            return Located(row_no, index, _skip_help_row(rows, sheet_schema, index), data_first)
        if len(index) >= max(2, len(required) // 2):
            _missing(raw, sheet_schema, row_no, index)
    if first_seen is None:
        raise UserError('%s: нет строки заголовков (лист пуст); ожидаются столбцы %s'
                        % (_where(raw), _names(required)))
    row_no, cells = first_seen
    index = {wanted[h].key: i for i, h in enumerate(cells) if h in wanted}
    _missing(raw, sheet_schema, row_no, index)


def _missing(raw, sheet_schema, row_no, index):
    missing = [c for c in sheet_schema.columns if c.required and c.key not in index]
    raise UserError('%s, строка заголовков %d: нет обязательных столбцов %s'
                    % (_where(raw), row_no, _names(missing)))


def _skip_help_row(rows, sheet_schema, index):
    """The template may carry a row of hints under the header; it is not data.

    ``None`` stands in its place so the row numbering stays right. The rest is
    chained at C speed (no Python generator per row).
    """
    helps = {c.key: normalise_header(c.help) for c in sheet_schema.columns if c.help}
    first = next(rows, None)
    if first is None:
        return iter(())
    hits = sum(1 for k, i in index.items()
               if k in helps and i < len(first) and first[i].__class__ is str
               and normalise_header(first[i]) == helps[k])
    return itertools.chain([None if hits and hits * 2 >= len(index) else first], rows)


def _where(raw):
    return '%s, лист «%s»' % (raw.file, raw.sheet) if raw.sheet else raw.file


def _names(columns):
    return ', '.join('«%s»' % c.header for c in columns)
