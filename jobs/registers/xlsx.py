"""Reading xlsx sheets with python-calamine (fast, read-only) into a frame of cells.

Cells come as python-calamine delivers them: ``str`` (``''`` when empty),
``float``/``int``, :class:`datetime.date`/``datetime``; a ``bool`` cell becomes
the text Excel shows (ИСТИНА/ЛОЖЬ), so it is never taken for the number 1 or 0.
Numbers in identifier columns are turned back into text by :mod:`.values`.
"""

from pathlib import Path

import pandas as pd
import python_calamine

from ..errors import UserError
from .schema import normalise_header
from .table import RawSheet


def open_workbook(path):
    """Open *path*; an unreadable file is a :class:`UserError`."""
    path = Path(path)
    try:
        return python_calamine.CalamineWorkbook.from_path(str(path))
    except FileNotFoundError:
        raise UserError('нет файла %s' % path)
    except Exception as exc:  # calamine raises its own zip/xml errors for damaged files
        raise UserError('не удалось прочитать %s как книгу Excel (.xlsx): %s' % (path, exc))


def find_sheet(workbook, wanted):
    """The sheet name in *workbook* matching *wanted* ignoring case/spaces, else ``None``."""
    key = normalise_header(wanted)
    for name in workbook.sheet_names:
        if normalise_header(name) == key:
            return name
    return None


def read_sheet(workbook, path, name):
    """All cells of sheet *name* from A1 (row numbers as in Excel) as a :class:`RawSheet`."""
    try:
        rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:
        raise UserError('%s, лист «%s»: не удалось прочитать: %s' % (Path(path).name, name, exc))
    # one pass over the cells finds a bool (rare): 10 × faster than a pandas type map per column on a
    # small sheet, 2 × on 100 000 rows
    if any(v is True or v is False for row in rows for v in row):
        rows = [[('ИСТИНА' if v else 'ЛОЖЬ') if v is True or v is False else v for v in row] for row in rows]
    frame = pd.DataFrame(rows, dtype=object) if rows else pd.DataFrame([['']], dtype=object)
    return RawSheet(Path(path).name, name, frame)


def read_sheets(path, names, required=True):
    """Sheets *names* of the workbook at *path* → {schema name: RawSheet}.

    A missing sheet is a :class:`UserError` when *required*, else left out.
    """
    wb = open_workbook(path)
    out = {}
    try:
        for wanted in names:
            actual = find_sheet(wb, wanted)
            if actual is None:
                if required:
                    raise UserError('%s: нет листа «%s» (есть: %s)' % (
                        Path(path).name, wanted, ', '.join('«%s»' % n for n in wb.sheet_names)))
                continue
            out[wanted] = read_sheet(wb, path, actual)
    finally:
        wb.close()
    return out
