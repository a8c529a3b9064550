"""Reading CSV registers into a frame of text cells: UTF-8 or cp1251, with or without BOM, ``;``, ``,`` or tab.

The encoding is decided on the first 64 KiB (the header is Cyrillic, so a
cp1251 file never decodes as UTF-8 there); a byte that does not decode later
is a file-level :class:`UserError`, never a silently mangled row. The
delimiter is the one of ``;``, tab, ``,`` found most often in the header line
outside quotes.

pyarrow parses the file when every record has the same number of cells (blank
lines kept, so the row numbers hold), pandas' C engine otherwise. Cells are text (``''``
when empty); record *n* is row *n* as a spreadsheet program opening the file
shows it. The frame has one column more than the widest of the first records,
so a row with more cells than the header — an unquoted decimal comma in a
``,``-separated file — keeps its extra cell and is reported, not misread.

pyarrow parses without holding the GIL: :func:`prefetch` starts that for a small
register's files on a thread before the command imports pandas — a third of a second
on one core, as long as parsing a 10 000-client register takes on the other. So this
module imports pandas only where its C engine is needed.
"""

import codecs
import csv
import ctypes
import re
import threading
from pathlib import Path

import pyarrow
import pyarrow.csv as arrow_csv

from ..folder_names import CHARGES_CSV, CLIENTS_CSV, PAYMENTS_CSV
from ..errors import UserError
from .schema import HEADER_SEARCH_ROWS, REGISTER_FILE

PROBE_BYTES = 65536
#: Registers up to this size (the three CSV files together) are parsed ahead; a larger one is read
#: file by file when its turn comes, so that only one file's raw text is in memory at a time.
PREFETCH_BYTES = 64 * 1024 * 1024

# The raw text of a large register is read once and let go stage by stage: the system allocator
# hands that memory back, pyarrow's default pool keeps it (about 200 MB less peak at 100 000 clients);
# a fixed mmap threshold (M_MMAP_THRESHOLD = -3) stops glibc from raising it after each freed column
# array and keeping the next ones on its heap (about 500 MB less at the end).
pyarrow.set_memory_pool(pyarrow.system_memory_pool())
try:
    ctypes.CDLL(None).mallopt(-3, 1 << 17)
    _trim = ctypes.CDLL(None).malloc_trim
except (OSError, AttributeError):       # no glibc: its defaults
    _trim = None

_ahead = {}     # str(path) → (threading.Event, [(encoding, delimiter, table)]) of a prefetch()


def give_back():
    """Hand heap pages freed by a stage back to the system (glibc keeps them: ≈ 260 MB at 100 000 clients)."""
    if _trim is not None:
        _trim(0)


def sniff(head):
    """(encoding, delimiter) of a CSV whose first bytes are *head*."""
    encoding = 'utf-8-sig' if head.startswith(codecs.BOM_UTF8) else 'utf-8'
    try:
        if encoding == 'utf-8':
            codecs.getincrementaldecoder('utf-8')().decode(head)    # not final: a character cut at the end is fine
    except UnicodeDecodeError:
        encoding = 'cp1251'
    line = re.sub(r'"[^"]*"?', '', head.decode(encoding, errors='ignore').split('\n', 1)[0])  # quotes out
    counts = {ch: line.count(ch) for ch in ';\t,'}
    return encoding, max(';\t,', key=counts.get) if any(counts.values()) else ';'


def layout(path):
    """(encoding, delimiter, cells in each of the first records) of the CSV file at *path*.

    A UTF-8 BOM is reported as ``'utf-8'``: both parsers skip it themselves.
    """
    try:
        with open(path, 'rb') as f:
            head = f.read(PROBE_BYTES)
    except OSError as exc:
        raise UserError('не удалось прочитать %s: %s' % (path, exc))
    encoding, delimiter = sniff(head)
    if encoding == 'utf-8-sig':
        head, encoding = head[len(codecs.BOM_UTF8):], 'utf-8'
    lines = head.decode(encoding, errors='ignore').splitlines()[:HEADER_SEARCH_ROWS]
    return encoding, delimiter, [len(r) for r in csv.reader(lines, delimiter=delimiter)] or [1]


def read_csv(path, sheet=None, rows=None):
    """The CSV file at *path* as a :class:`RawSheet` of text cells (its first *rows* records only: C engine)."""
    from .table import RawSheet
    path = Path(path)
    encoding, delimiter, widths = layout(path)
    cells = _table(path, encoding, delimiter) if min(widths) == max(widths) and rows is None else None
    frame = cells.to_pandas() if cells is not None else _c_engine(path, encoding, delimiter, max(widths) + 1, rows)
    frame.columns = range(frame.shape[1])
    return RawSheet(path.name, sheet, frame, csv=True)


def prefetch(operator_dir):
    """Start parsing the CSV register of *operator_dir* when it is small (see the module docstring)."""
    paths = [operator_dir / n for n in (CLIENTS_CSV, CHARGES_CSV, PAYMENTS_CSV) if (operator_dir / n).is_file()]
    if (operator_dir / REGISTER_FILE).exists() or sum(p.stat().st_size for p in paths) > PREFETCH_BYTES:
        return
    _ahead.update((str(p), (threading.Event(), [])) for p in paths)
    threading.Thread(target=_parse_ahead, args=(paths, [_ahead[str(p)] for p in paths]), daemon=True).start()


def _parse_ahead(paths, slots):
    """One thread, pyarrow on one core: the other one is the interpreter's, importing pandas meanwhile."""
    for path, (done, box) in zip(paths, slots):
        try:
            encoding, delimiter, widths = layout(path)
            if min(widths) == max(widths):
                box.append((encoding, delimiter, _arrow(path, encoding, delimiter, threads=False)))
        except Exception:       # noqa: BLE001 — read again when its turn comes, which words the problem
            pass
        done.set()


def _table(path, encoding, delimiter):
    """The cells of *path* as a pyarrow Table of text (``''`` when empty, blank lines kept), or
    ``None`` where pyarrow cannot take the file (a ragged record, an undecodable byte)."""
    done, box = _ahead.pop(str(path), (None, None))
    if done is not None:
        done.wait()
        if box and box[0][:2] == (encoding, delimiter):
            return box[0][2]
    return _arrow(path, encoding, delimiter)


def _arrow(path, encoding, delimiter, threads=True):
    try:
        return arrow_csv.read_csv(
            path, read_options=arrow_csv.ReadOptions(autogenerate_column_names=True, encoding=encoding,
                                                     use_threads=threads),
            parse_options=arrow_csv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False),
            convert_options=arrow_csv.ConvertOptions(default_column_type=pyarrow.string(), null_values=[],
                                                     strings_can_be_null=False))
    except (pyarrow.ArrowInvalid, UnicodeDecodeError):
        return None


def _c_engine(path, encoding, delimiter, width, rows=None):
    import pandas as pd
    options = dict(sep=delimiter, header=None, names=range(width), dtype=str, keep_default_na=False,
                   skip_blank_lines=False, encoding=encoding, nrows=rows)
    try:
        try:
            return pd.read_csv(path, **options)
        except pd.errors.EmptyDataError:
            return pd.DataFrame([['']])
        except pd.errors.ParserError:
            # a row with two or more cells past the widest of the first rows: the Python
            # engine keeps it, its surplus cells joined into the last column
            def fold(cells):
                return cells[:width - 1] + [delimiter.join(cells[width - 1:])]
            return pd.read_csv(path, engine='python', on_bad_lines=fold, **options)
    except UnicodeDecodeError as exc:
        raise UserError('%s: файл не в кодировке UTF-8 или Windows-1251 (%s); '
                        'сохраните его как «CSV UTF-8»' % (path.name, exc.reason))
    except (pd.errors.ParserError, csv.Error) as exc:
        raise UserError('%s: файл CSV повреждён: %s' % (path.name, exc))
