"""A sheet of raw cells as a reader delivered it, and where the schema's columns are.

Both the xlsx reader (:mod:`.xlsx`) and the CSV reader (:mod:`.csv_files`)
return a :class:`RawSheet`; :func:`locate` finds the header row and maps the
schema's column keys to cell indexes, matching headers with
:func:`~jobs.registers.schema.normalise_header` (stray spaces, case, «ё»).
A missing required column is a file-level problem: :class:`~jobs.errors.UserError`.
"""

import itertools
import operator
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
    first_data_row: int
    # the same rows for block-wise readers (:func:`data_blocks`): the first data
    # row (``None`` for a hint row or none), then ``rest`` from raw row index ``consumed``
    first: object = None
    rest: object = None
    consumed: int = 0


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
            first, has_first = _skip_help_row(rows, sheet_schema, index)
            consumed = row_no - raw.first_row + 1 + has_first
            return Located(row_no, index, data_first, first, rows, consumed)
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

    Returns (first data row, whether there was one); ``None`` stands in the
    hint row's place so the row numbering stays right.
    """
    helps = {c.key: normalise_header(c.help) for c in sheet_schema.columns if c.help}
    first = next(rows, None)
    if first is None:
        return None, False
    hits = sum(1 for k, i in index.items()
               if k in helps and i < len(first) and first[i].__class__ is str
               and normalise_header(first[i]) == helps[k])
    return (None if hits and hits * 2 >= len(index) else first), True


def _where(raw):
    return '%s, лист «%s»' % (raw.file, raw.sheet) if raw.sheet else raw.file


def _names(columns):
    return ', '.join('«%s»' % c.header for c in columns)


#: Rows per block of :func:`data_blocks` for sheets already in memory: small enough
#: that a block's cells stay in the CPU cache while its columns are mapped.
BLOCK_ROWS = 4096


def data_blocks(raw, loc, width, block=None):
    """The data rows after *loc*'s header in blocks, for readers that work column-wise.

    Yields ``(row_no, n, columns, row)``: the Excel row number of the block's
    first row, its number of rows, the cells of columns ``0 .. width-1`` as
    sequences (a missing cell is ``''``; a hint row or a short row is
    padded), and ``row(j)`` — the j-th row of the block as the reader
    delivered it (``None`` for the hint row) for row-by-row handling.
    """
    block = block or BLOCK_ROWS
    row_no = loc.first_data_row
    if loc.consumed == loc.header_row - raw.first_row + 1:
        return          # nothing under the header
    first = [loc.first]
    yield (row_no, 1, _columns(first, width), first.__getitem__)
    row_no += 1
    rows = raw.rows
    if isinstance(rows, list):
        for start in range(loc.consumed, len(rows), block):
            part = rows[start:start + block]
            yield row_no, len(part), _columns(part, width), part.__getitem__
            row_no += len(part)
        return
    blocks = getattr(loc.rest, 'blocks', None)
    if blocks is None:
        def rows_blocks():
            while True:
                part = list(itertools.islice(loc.rest, block))
                if not part:
                    return
                yield 'rows', part
        blocks = rows_blocks
    delimiter = getattr(loc.rest, 'delimiter', None)
    for kind, items in blocks():
        if kind == 'rows':
            yield row_no, len(items), _columns(items, width), items.__getitem__
        else:
            yield (row_no, len(items), _line_columns(items, delimiter, width),
                   _line_row(items, delimiter))
        row_no += len(items)


def _line_row(lines, delimiter):
    return lambda j: lines[j].split(delimiter) if lines[j] else []


def _line_columns(lines, delimiter, width):
    """Columns of text lines split at *delimiter*; one split of the joined lines when
    every line has the same number of cells."""
    counts = set(map(operator.methodcaller('count', delimiter), lines))
    if len(counts) == 1:
        k = counts.pop() + 1
        if k >= width:
            flat = delimiter.join(lines).split(delimiter)
            return [flat[i::k] for i in range(width)]
    return _columns([line.split(delimiter) if line else [] for line in lines], width)


def _columns(rows, width):
    if None in rows or min(map(len, rows)) < width:
        pad = [''] * width
        rows = [pad if r is None else r if len(r) >= width else list(r) + pad[len(r):] for r in rows]
    if not width:
        return []
    return [list(map(operator.itemgetter(i), rows)) for i in range(width)]
