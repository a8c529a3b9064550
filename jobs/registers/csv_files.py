"""Reading CSV registers: UTF-8 or cp1251, with or without BOM, ``;``, ``,`` or tab.

The encoding is decided on the first 64 KiB (the header is Cyrillic, so a
cp1251 file never decodes as UTF-8 there); a byte that does not decode later
is a file-level :class:`UserError`, never a silently mangled row. The
delimiter is the one of ``;``, tab, ``,`` found most often in the header line
outside quotes. Decimal commas and thousands spaces in amounts are parsed by
:mod:`.values`; a decimal comma in a ``,``-delimited file must be quoted, as
Excel and LibreOffice write it.
"""

import codecs
import csv
from pathlib import Path

from ..errors import UserError
from .table import RawSheet

_PROBE = 65536


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


def read_csv(path, sheet=None):
    """A CSV file as a streaming :class:`RawSheet` (rows are lists of ``str``).

    The rows are read lazily: iterate them once. Record *n* is row *n* as a
    spreadsheet program opening the file shows it.
    """
    path = Path(path)
    try:
        with open(path, 'rb') as f:
            head = f.read(_PROBE)
    except OSError as exc:
        raise UserError('не удалось прочитать %s: %s' % (path, exc))
    encoding, delimiter = sniff(head)
    return RawSheet(path.name, sheet, _rows(path, encoding, delimiter), 1)


def _rows(path, encoding, delimiter):
    try:
        with open(path, encoding=encoding, newline='') as f:
            yield from csv.reader(f, delimiter=delimiter)
    except UnicodeDecodeError as exc:
        raise UserError('%s: файл не в кодировке UTF-8 или Windows-1251 (%s); '
                        'сохраните его как «CSV UTF-8»' % (path.name, exc.reason))
    except csv.Error as exc:
        raise UserError('%s: файл CSV повреждён: %s' % (path.name, exc))
