"""Reading CSV registers into a frame of text cells: UTF-8 or cp1251, with or without BOM, ``;``, ``,`` or tab.

The encoding is decided on the first 64 KiB (the header is Cyrillic, so a
cp1251 file never decodes as UTF-8 there); a byte that does not decode later
is a file-level :class:`UserError`, never a silently mangled row. The
delimiter is the one of ``;``, tab, ``,`` found most often in the header line
outside quotes.

pandas parses the file: the pyarrow engine when every record has the same
number of cells (blank lines kept, so the row numbers hold), the C engine otherwise. Cells are text (``''``
when empty); record *n* is row *n* as a spreadsheet program opening the file
shows it. The frame has one column more than the widest of the first records,
so a row with more cells than the header — an unquoted decimal comma in a
``,``-separated file — keeps its extra cell and is reported, not misread.
"""

import codecs
import csv
from pathlib import Path

import pandas as pd

from ..errors import UserError
from .table import HEADER_SEARCH_ROWS, RawSheet

_PROBE = 65536

try:
    import ctypes
    import pyarrow
    # The raw text of a large register is read once and let go stage by stage: the system allocator
    # hands that memory back, pyarrow's default pool keeps it (about 200 MB less peak at 100 000 clients);
    # a fixed mmap threshold (M_MMAP_THRESHOLD = -3) stops glibc from raising it after each freed column
    # array and keeping the next ones on its heap (about 500 MB less at the end).
    pyarrow.set_memory_pool(pyarrow.system_memory_pool())
    ctypes.CDLL(None).mallopt(-3, 1 << 17)
    _trim = ctypes.CDLL(None).malloc_trim
except (ImportError, OSError, AttributeError):       # no pyarrow: pandas' C engine; no glibc: its default
    _trim = None


def give_back():
    """Hand heap pages freed by a stage back to the system (glibc keeps them: ≈ 260 MB at 100 000 clients)."""
    if _trim is not None:
        _trim(0)


def sniff(head):
    """(encoding, delimiter) of a CSV whose first bytes are *head*."""
    if head.startswith(codecs.BOM_UTF8):
        encoding = 'utf-8-sig'
    else:
        probe = head
        # the probe may end inside a multi-byte character; trim up to 3 bytes
        for cut in range(4):
            try:
                (probe[:len(probe) - cut] if cut else probe).decode('utf-8')
                encoding = 'utf-8'
                break
            except UnicodeDecodeError:
                continue
        else:
            encoding = 'cp1251'
    text = head.decode(encoding, errors='ignore')
    line = text.split('\n', 1)[0]
    counts = {}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in ';\t,':
            counts[ch] = counts.get(ch, 0) + 1
    delimiter = max(';\t,', key=lambda ch: counts.get(ch, 0)) if counts else ';'
    return encoding, delimiter


def read_csv(path, sheet=None, rows=None):
    """The CSV file at *path* as a :class:`RawSheet` of text cells (its first *rows* records only: C engine)."""
    path = Path(path)
    try:
        with open(path, 'rb') as f:
            head = f.read(_PROBE)
    except OSError as exc:
        raise UserError('не удалось прочитать %s: %s' % (path, exc))
    encoding, delimiter = sniff(head)
    if encoding == 'utf-8-sig':
        head, encoding = head[len(codecs.BOM_UTF8):], 'utf-8'     # both engines skip the BOM themselves
    lines = head.decode(encoding, errors='ignore').splitlines()[:HEADER_SEARCH_ROWS]
    widths = [len(r) for r in csv.reader(lines, delimiter=delimiter)] or [1]
    frame = None
    if min(widths) == max(widths) and rows is None:
        try:
            frame = pd.read_csv(path, sep=delimiter, header=None, dtype=str, engine='pyarrow',
                                keep_default_na=False, skip_blank_lines=False, encoding=encoding)
        except (ImportError, ValueError, pd.errors.ParserError):
            frame = None    # ragged rows, undecodable bytes, no pyarrow: the C engine decides
    if frame is None:
        frame = _c_engine(path, encoding, delimiter, max(widths) + 1, rows)
    frame.columns = range(frame.shape[1])
    return RawSheet(path.name, sheet, frame, csv=True)


def _c_engine(path, encoding, delimiter, width, rows=None):
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
