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
import io
import itertools
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

    The rows are read lazily: iterate them once (or, after some rows, take
    the rest with :meth:`CsvRows.blocks`). Record *n* is row *n* as a
    spreadsheet program opening the file shows it.
    """
    path = Path(path)
    try:
        with open(path, 'rb') as f:
            head = f.read(_PROBE)
    except OSError as exc:
        raise UserError('не удалось прочитать %s: %s' % (path, exc))
    encoding, delimiter = sniff(head)
    return RawSheet(path.name, sheet, CsvRows(path, encoding, delimiter), 1)


#: Bytes decoded at a time; pieces are cut after a line feed, so a piece holds whole lines.
_CHUNK = 1 << 16
#: Rows per block in :meth:`CsvRows.blocks` when the csv module parses them.
BLOCK = 4096


class CsvRows:
    """The records of one CSV file, decoded in pieces of whole lines.

    Iterating gives the records one at a time through the :mod:`csv` module.
    :meth:`blocks` gives the records not yet iterated in blocks; a piece of
    the file without quotes (nearly every register) is split by plain string
    operations, which for such text give exactly what the csv module gives.
    """

    def __init__(self, path, encoding, delimiter):
        self.path, self.encoding, self.delimiter = Path(path), encoding, delimiter
        self._pieces = self._decoded()
        self._sio = None            # the piece the csv module is reading (io.StringIO)
        self._reader = None

    def _decoded(self):
        decoder = codecs.getincrementaldecoder(self.encoding)()
        try:
            with open(self.path, 'rb') as f:
                tail = b''
                while True:
                    data = f.read(_CHUNK)
                    if not data:
                        break
                    data = tail + data
                    cut = data.rfind(b'\n') + 1     # b'\n' is a line feed in UTF-8 and cp1251 alike
                    if not cut:
                        tail = data
                        continue
                    tail = data[cut:]
                    yield decoder.decode(data[:cut])
                last = decoder.decode(tail, final=True)
                if last:
                    yield last
        except UnicodeDecodeError as exc:
            raise self._decode_error(exc)
        except OSError as exc:
            raise UserError('не удалось прочитать %s: %s' % (self.path, exc))

    def _decode_error(self, exc):
        return UserError('%s: файл не в кодировке UTF-8 или Windows-1251 (%s); '
                         'сохраните его как «CSV UTF-8»' % (self.path.name, exc.reason))

    def _csv_error(self, exc):
        return UserError('%s: файл CSV повреждён: %s' % (self.path.name, exc))

    def _lines(self):
        for piece in self._pieces:
            # newline='': lines end at \r, \n or \r\n and keep their ends, as open(newline='') gives them
            sio = self._sio = io.StringIO(piece, newline='')
            readline = sio.readline
            while True:
                line = readline()
                if not line:
                    break
                yield line
        self._sio = None

    def __iter__(self):
        return self

    def __next__(self):
        if self._reader is None:
            self._reader = csv.reader(self._lines(), delimiter=self.delimiter)
        try:
            return next(self._reader)
        except csv.Error as exc:
            raise self._csv_error(exc)

    def _rest(self):
        """The text pieces not yet read by the csv module."""
        if self._sio is not None:
            rest = self._sio.read()
            self._sio = None
            if rest:
                yield rest
        elif self._reader is not None:
            return          # the csv module has read the whole file
        yield from self._pieces

    def blocks(self):
        """The records not yet iterated, as blocks ``(kind, items)``.

        ``('lines', lines)``: text lines without quotes, carriage returns or
        NUL, no longer than the csv field limit; the record of a line is
        ``line.split(delimiter)`` (``[]`` for an empty line).
        ``('rows', rows)``: records parsed by the csv module.
        """
        limit = csv.field_size_limit()
        pieces = self._rest()
        for piece in pieces:
            plain = '"' not in piece and '\0' not in piece
            end = '\n'
            if plain and '\r' in piece:
                crlf = piece.count('\r\n')
                if crlf == piece.count('\r') == piece.count('\n'):
                    end = '\r\n'      # Windows line ends throughout (Excel's CSV)
                else:
                    piece = piece.replace('\r\n', '\n')
                    plain = '\r' not in piece
            if plain:
                lines = piece.split(end)
                if lines[-1] == '':
                    lines.pop()         # the piece ends with a line feed
                if len(piece) <= limit or max(map(len, lines)) <= limit:
                    yield 'lines', lines
                    continue
            # quotes (a quoted value may hold line breaks, even into the next
            # piece) or anything unusual: the csv module reads the rest
            yield from self._csv_blocks(itertools.chain([piece], pieces))
            return

    def _csv_blocks(self, pieces):
        def lines():
            for piece in pieces:
                yield from io.StringIO(piece, newline='')
        reader = csv.reader(lines(), delimiter=self.delimiter)
        try:
            while True:
                rows = list(itertools.islice(reader, BLOCK))
                if not rows:
                    return
                yield 'rows', rows
        except csv.Error as exc:
            raise self._csv_error(exc)
