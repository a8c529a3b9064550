"""A sheet of raw cells as a reader delivered it, and where the schema's columns are.

Both the xlsx reader (:mod:`.xlsx`) and the CSV reader (:mod:`.csv_files`)
return a :class:`RawSheet` holding a DataFrame of cells (columns 0, 1, …; row
*i* is Excel row *i* + 1). :func:`locate` finds the header row and maps the
schema's column keys to columns, matching headers with
:func:`~jobs.registers.schema.normalise_header` (stray spaces, case, «ё»); its
``data`` is the frame of data rows indexed by their Excel row numbers, without
the template's hint row and blank rows.
A missing required column is a file-level problem: :class:`~jobs.errors.UserError`.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import UserError
from .schema import HEADER_SEARCH_ROWS, normalise_header


@dataclass
class RawSheet:
    """Cells of one sheet or CSV file (a DataFrame; ``''`` for an empty cell)."""
    file: str           # file name as shown to the user
    sheet: str          # sheet name; for CSV the schema sheet the file stands for (or None)
    frame: object
    csv: bool = False   # cells are all text; cells right of the header are a row problem

    @property
    def rows(self):
        """The rows as lists of cells (trailing empty cells of the padding dropped for CSV)."""
        for row in self.frame.itertuples(index=False, name=None):
            row = list(row)
            while self.csv and row and row[-1] == '':
                row.pop()
            yield row


@dataclass
class Located:
    """The header found: ``index`` maps column key → column; ``data`` the data rows by Excel row number."""
    header_row: int
    index: dict
    width: int          # cells in the header row up to its last non-empty one
    data: object


def is_blank(cells):
    """Boolean array: which cells of the Series *cells* are empty (``''``, spaces, ``None``)."""
    if pd.api.types.is_string_dtype(cells.dtype) and not pd.api.types.is_object_dtype(cells.dtype):
        return ((cells == '') | cells.str.isspace()).to_numpy(bool)
    return np.fromiter((v is None or (v.__class__ is str and not v.strip()) for v in cells), bool, len(cells))


def locate(raw, sheet_schema):
    """Find *sheet_schema*'s header in *raw* (within the first rows) and map its columns."""
    frame = raw.frame
    required = [c for c in sheet_schema.columns if c.required]
    wanted = {normalise_header(c.header): c for c in sheet_schema.columns}
    first_seen = None
    for pos, row in enumerate(frame.head(HEADER_SEARCH_ROWS).to_numpy(object).tolist()):   # 14 × faster than itertuples
        cells = [normalise_header(v) if v.__class__ is str else '' for v in row]
        if not any(cells):
            continue
        if first_seen is None:
            first_seen = (pos + 1, cells)
        index = {}
        for i, h in enumerate(cells):
            col = wanted.get(h)
            if col is not None and col.key not in index:
                index[col.key] = i
        if required and all(c.key in index for c in required) or (not required and index):
            width = max(i for i, h in enumerate(cells) if h) + 1
            return Located(pos + 1, index, width, _data(frame, pos + 1, sheet_schema, index))
        if len(index) >= max(2, len(required) // 2):
            _missing(raw, sheet_schema, pos + 1, index)
    if first_seen is None:
        raise UserError('%s: нет строки заголовков (лист пуст); ожидаются столбцы %s'
                        % (_where(raw), _names(required)))
    row_no, cells = first_seen
    index = {wanted[h].key: i for i, h in enumerate(cells) if h in wanted}
    _missing(raw, sheet_schema, row_no, index)


def _data(frame, start, sheet_schema, index):
    """Rows below the header (position *start*), indexed by Excel row number, hint row and blank rows dropped."""
    data = frame.iloc[start:]
    data.index = pd.RangeIndex(start + 1, start + 1 + len(data))
    if len(data) and _is_help_row(data.iloc[0], sheet_schema, index):
        data = data.iloc[1:]
    blank = np.ones(len(data), bool)
    for i in data.columns:      # each column only on the rows still blank: the first one settles most
        rows = np.flatnonzero(blank)
        if not len(rows):
            return data
        blank[rows] = is_blank(data[i].iloc[rows] if len(rows) < len(data) else data[i])
    return data[~blank] if blank.any() else data


def _is_help_row(first, sheet_schema, index):
    """The template may carry a row of hints under the header; it is not data."""
    helps = {c.key: normalise_header(c.help) for c in sheet_schema.columns if c.help}
    hits = sum(1 for k, i in index.items()
               if k in helps and first.iloc[i].__class__ is str and normalise_header(first.iloc[i]) == helps[k])
    return bool(hits) and hits * 2 >= len(index)


def _missing(raw, sheet_schema, row_no, index):
    missing = [c for c in sheet_schema.columns if c.required and c.key not in index]
    raise UserError('%s, строка заголовков %d: нет обязательных столбцов %s'
                    % (_where(raw), row_no, _names(missing)))


def _where(raw):
    return '%s, лист «%s»' % (raw.file, raw.sheet) if raw.sheet else raw.file


def _names(columns):
    return ', '.join('«%s»' % c.header for c in columns)
