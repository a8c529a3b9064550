"""The one xlsx writer of the kit: the ready workbooks (готовые книги), «Проверка
реестра», «Отчет по должникам», the owner's report and «Документооборот».

A :class:`Book` holds the formats (defined once, :data:`STYLES`), is zipped in
memory and saved whole through :mod:`jobs.files` (atomic), and a save that
fails — the file open in Excel, a read-only folder — is a Russian
:class:`~jobs.errors.UserError` naming the file.

Every cell a builder writes is also kept in :attr:`Sheet.cells`, so a formula's
cached value is computed from exactly the cells the formula references:
:meth:`Sheet.udf` builds the formula text and calls
:func:`addin.catalogue.call` with the referenced values in one go, and built-in
formulas (SUM, COUNTIF, …) get their value from the small helpers below. The
file therefore opens with correct numbers in any program, add-in or not.

Number formats are stored the way the xlsx format requires them — locale
independent, ``,`` grouping and ``.`` decimals — and every program shows them with
the user's separators: ``#,##0.00" ₽"`` appears as ``1 234,50 ₽`` in a Russian
Excel or LibreOffice. Writing ``# ##0,00 ₽`` literally would be wrong: in the file
the space would be a literal character, not grouping. The space before «₽» sits
inside the quotes: an unquoted one (``#,##0.00 "₽"``) is read by a Russian
LibreOffice as its thousands separator, and its next xlsx save writes
``#,##0.00,\₽`` — the amounts shown divided by 1000 (tests/test_libreoffice.py
saves a book through a ru-RU LibreOffice and reads the format back).
"""

import datetime
import io
from decimal import Decimal

import xlsxwriter
from xlsxwriter.utility import xl_cell_to_rowcol, xl_rowcol_to_cell

from addin import catalogue
from addin.model.rounding import to_decimal

from . import data_files
from .errors import UserError
from .files import write_bytes

#: Fixed document date, so rebuilding gives byte-identical files.
CREATED = datetime.datetime(2026, 1, 1, 9, 0, 0)
AUTHOR = 'isp-b2b-kit'
#: The narrowest column Sheet.fit makes (characters), unless told otherwise.
NARROWEST = 8
READY_COMMENTS = ('Создано isp-b2b-kit (b2bkit workbooks). Формулы B2B_… работают с надстройкой для Excel или '
                  'LibreOffice; сохранённые значения видны всегда.')

MONEY = '#,##0.00" ₽";[Red]-#,##0.00" ₽"'
NUMBER2 = '#,##0.00'         # rubles in a column that says so in its header
INTEGER = '#,##0'
DECIMAL1 = '#,##0.0'
COEF = '0.00'
SHARE = '0.0%'
PERCENT = '0%'
YEAR = '0'
TEXT = '@'
DATE = 'dd.mm.yyyy'
DATETIME = 'dd.mm.yyyy hh:mm'

INPUT_FILL = '#FFF2CC'     # pale yellow: cells the user fills in
RESULT_FILL = '#E2EFDA'    # pale green: formulas of the kit
HEADER_FILL = '#D9E1F2'
REQUIRED_FILL = '#F4B084'

#: A cheap function with a number result: the notice asks it whether the functions are there.
NOTICE_PROBE = 'B2B_LEGAL_ENTITIES(20000)'
NOTICE = ('Функции B2B_… не установлены, показаны сохранённые значения. LibreOffice: выполните '
          '«b2bkit libreoffice install»; Excel: «b2bkit excel install». Затем откройте книгу заново.')

#: Characters that make a spreadsheet treat text as a formula.
FORMULA_CHARS = ('=', '+', '-', '@')


#: Column widths are in characters of the default font (Calibri 11, in LibreOffice its
#: metric twin Carlito): a «0». Russian letters are a little wider on average, bold ones
#: more, and the cell keeps a margin — the factors leave room for both.
DEFAULT_WIDTH = 8.43
CHAR_WIDTH = 1.08
BOLD_CHAR_WIDTH = 1.18
CELL_MARGIN = 1.0
LINE_HEIGHT = 15            # points per line of 11-point text
#: A word longer than this (a file path, a URL) may break; columns stay usable.
LONGEST_WORD_WIDTH = 60


def _column(ws, c):
    """(width in characters, format) of column *c* as set so far. XlsxWriter keeps what
    set_column() got — since 3.3 as pixels (7 per character + 5), before as characters."""
    info = ws.col_info.get(c)
    if info is None:
        return DEFAULT_WIDTH, None
    if isinstance(info, (list, tuple)):                 # XlsxWriter < 3.3: [width, format, …]
        return (DEFAULT_WIDTH if info[0] is None else info[0]), info[1]
    if info.width is None:
        return DEFAULT_WIDTH, info.column_format
    return ((info.width - 5) / 7 if info.width > 12 else info.width / 12), info.column_format


def _row(ws, r):
    """(height in points or None, format) of row *r* as set so far (pixels since 3.3)."""
    info = ws.row_info.get(r) if hasattr(ws, 'row_info') else None
    if info is None:
        old = getattr(ws, 'set_rows', {}).get(r)          # XlsxWriter < 3.3: [height, format, …]
        return (old[0], old[1]) if old else (None, None)
    return (None if info.height is None else info.height * 0.75), info.row_format


def text_width(text, bold=False):
    """The column width (in characters) *text* needs on one line."""
    return round(len(text) * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH) + CELL_MARGIN, 1)


def wrapped_lines(text, width, bold=False):
    """Lines *text* takes when wrapped at word boundaries in a column *width* characters wide.

    >>> wrapped_lines('Клиентов на конец месяца', 18, bold=True)
    2
    >>> wrapped_lines('Месяц', 18)
    1
    """
    room = max(width - CELL_MARGIN, 1) / (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH)
    total = 0
    for paragraph in text.split('\n'):
        n, used = 1, 0
        for word in paragraph.split():
            size = len(word)
            if used and used + 1 + size > room:
                n, used = n + 1, 0
            while size > room:                  # a word wider than the column breaks
                n, size = n + 1, size - int(room)
            used = used + 1 + size if used else size
        total += n
    return total


def dec(value):
    """A cell value as ``Decimal`` (empty → 0, as spreadsheet arithmetic treats it)."""
    return Decimal(0) if value is None or value == '' else to_decimal(value)


def plain(value):
    """A ``Decimal`` as the float a cell stores; whole numbers stay ``int``."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 2 ** 53 else float(value)
    return value


class Ref:
    """A cell or a rectangular range on a sheet, optionally known by a defined name."""

    def __init__(self, sheet, r1, c1, r2=None, c2=None, name=None):
        self.sheet, self.r1, self.c1 = sheet, r1, c1
        self.r2 = r1 if r2 is None else r2
        self.c2 = c1 if c2 is None else c2
        self.name = name

    @property
    def single(self):
        return self.r1 == self.r2 and self.c1 == self.c2

    def a1(self, absolute=False):
        first = xl_rowcol_to_cell(self.r1, self.c1, absolute, absolute)
        if self.single:
            return first
        return first + ':' + xl_rowcol_to_cell(self.r2, self.c2, absolute, absolute)

    def text(self, at=None, absolute=False):
        """The reference as written in a formula on sheet *at*."""
        if self.name:
            return self.name
        ref = self.a1(absolute)
        if at is not self.sheet:
            ref = "'%s'!%s" % (self.sheet.name, ref)
        return ref

    def value(self):
        """A cell's value, or a range's values as a tuple of row tuples (blank → None),
        as a spreadsheet passes them to a function."""
        cells = self.sheet.cells
        if self.single:
            return cells.get((self.r1, self.c1))
        return tuple(tuple(cells.get((r, c)) for c in range(self.c1, self.c2 + 1))
                     for r in range(self.r1, self.r2 + 1))

    def values(self):
        """The range's values as a flat list, row by row."""
        v = self.value()
        return [v] if self.single else [x for row in v for x in row]

    def column(self, offset):
        """The one-column range *offset* columns to the right of this range's first column."""
        return Ref(self.sheet, self.r1, self.c1 + offset, self.r2, self.c1 + offset)

    def cell(self, dr=0, dc=0):
        return Ref(self.sheet, self.r1 + dr, self.c1 + dc)


class Expr:
    """A formula fragment as a function argument, with the value it has here:
    ``Expr('ROWS($C$5:C7)', 3)`` — the row's position in a table, which stays
    right when the user inserts or copies rows."""

    def __init__(self, text, value):
        self.text, self.value = text, value


def _rc(cell):
    return xl_cell_to_rowcol(cell) if isinstance(cell, str) else cell


class Book:
    """An XlsxWriter workbook with the kit's formats.

    A ready workbook (*created* given) gets fixed properties, so a rebuild is
    byte-identical; a job's output carries the moment it was made.
    """

    def __init__(self, path, title, subject='', created=CREATED, comments=READY_COMMENTS):
        self.path = str(path)
        # Zipped into memory and saved by close() through jobs.files: no half-written book
        # under the real name, and a failed save is an OSError the commands report
        # (xlsxwriter writing the file itself raises its own FileCreateError).
        self._buffer = io.BytesIO()
        # strings_to_*: never let a text value turn into a formula, number or link; in_memory: no temporary
        # file per part (xlsxwriter's default writes each sheet's XML to disk, then zips and deletes it).
        self.wb = xlsxwriter.Workbook(self._buffer, {'strings_to_formulas': False, 'strings_to_numbers': False,
                                                     'strings_to_urls': False, 'in_memory': True})
        props = {'title': title, 'subject': subject, 'author': AUTHOR, 'company': AUTHOR, 'comments': comments}
        if created is not None:
            props['created'] = created
        self.wb.set_properties(props)
        # Keep the cached values on open. XlsxWriter asks for a full recalculation on
        # load (fullCalcOnLoad) with an old calcId, which makes Excel recompute every
        # formula at once — without the add-in that turns every B2B_… cell into #NAME?.
        # 191029 is the calcId of Excel 2019/2021/365, so those do not recompute on open.
        self.wb.calc_on_load = False
        self.wb.calc_id = 191029
        self._formats = {}
        self.names = {}
        self.sheets = []

    def fmt(self, style):
        """A cached cell format for a style name (see :data:`STYLES`) or a dict."""
        props = STYLES[style] if isinstance(style, str) else style
        key = tuple(sorted(props.items()))
        if key not in self._formats:
            self._formats[key] = self.wb.add_format(dict(props))
        return self._formats[key]

    def sheet(self, name):
        sheet = Sheet(self, name)
        self.sheets.append(sheet)
        return sheet

    def define(self, name, ref):
        """A workbook-level defined name for *ref*; returns the named reference."""
        self.wb.define_name(name, "='%s'!%s" % (ref.sheet.name, ref.a1(absolute=True)))
        named = Ref(ref.sheet, ref.r1, ref.c1, ref.r2, ref.c2, name=name)
        self.names[name] = named
        return named

    def close(self):
        """Save the book whole (temporary file, then rename); a failure is a Russian UserError."""
        for sheet in self.sheets:
            sheet.fit_wrapped()
        self.wb.close()
        try:
            write_bytes(self.path, self._buffer.getvalue())
        except OSError as exc:
            raise UserError('не удалось записать книгу «%s»: %s. Если она открыта в Excel или LibreOffice, '
                            'закройте её; проверьте, что в папку можно писать, и повторите'
                            % (self.path, exc.strerror or exc)) from exc
        return self.path


def _style(**props):
    base = {'font_name': 'Calibri', 'font_size': 11, 'valign': 'vcenter'}
    base.update(props)
    return base


_BORDER = {'border': 1, 'border_color': '#BFBFBF'}

STYLES = {
    'title': _style(bold=True, font_size=14),
    'subtitle': _style(bold=True, font_size=12),
    'label': _style(),
    'label_wrap': _style(text_wrap=True),
    # indented: a hint right of a right-aligned number read as one with it («60,000по данным…»)
    'hint': _style(italic=True, font_color='#595959', indent=1),
    'hint_wrap': _style(italic=True, font_color='#595959', text_wrap=True, indent=1),
    'notice': _style(bold=True, font_color='#C00000', indent=1),
    'header': _style(bold=True, bg_color=HEADER_FILL, text_wrap=True, align='center', **_BORDER),
    'wrap': _style(text_wrap=True, valign='top'),
    'cell': _style(**_BORDER),
    'bold': _style(bold=True),
    'box': _style(align='center', border=1),
    'header_required': _style(bold=True, bg_color=REQUIRED_FILL, text_wrap=True, align='center',
                              **_BORDER),
    'legend_input': _style(bg_color=INPUT_FILL, **_BORDER),
    'legend_result': _style(bg_color=RESULT_FILL, **_BORDER),
    'total_label': _style(bold=True, top=2),
}
for _kind, _numfmt in (('money', MONEY), ('int', INTEGER), ('dec1', DECIMAL1), ('coef', COEF),
                       ('share', SHARE), ('percent', PERCENT), ('year', YEAR), ('text', TEXT),
                       ('date', DATE), ('datetime', DATETIME), ('number2', NUMBER2)):
    STYLES['in_' + _kind] = _style(num_format=_numfmt, bg_color=INPUT_FILL, **_BORDER)
    STYLES['out_' + _kind] = _style(num_format=_numfmt, bg_color=RESULT_FILL, **_BORDER)
    STYLES['total_' + _kind] = _style(num_format=_numfmt, bold=True, bg_color=RESULT_FILL, top=2,
                                      bottom=1, left=1, right=1, border_color='#7F7F7F')
    STYLES['plain_' + _kind] = _style(num_format=_numfmt, **_BORDER)
    STYLES[_kind] = _style(num_format=_numfmt)                     # a report's body cell
    STYLES['bold_' + _kind] = _style(num_format=_numfmt, bold=True)

# A report's dates centred: right-aligned, a date ran into the text of the next column
# («20.03.2026более 180»).
STYLES['date'] = _style(num_format=DATE, align='center')
STYLES['datetime'] = _style(num_format=DATETIME, align='center')

#: Data validation per input kind, Russian messages saying what is expected (``jobs/data/validations.toml``).
VALIDATIONS = data_files.load('validations')


def validation(kind, hint=None, title=None, **extra):
    """XlsxWriter data-validation options for an input of *kind*, with a Russian hint."""
    options = dict(VALIDATIONS.get(kind, {}))
    options.update(extra)
    options.setdefault('error_title', 'Неверное значение')
    options.setdefault('error_type', 'stop')
    if hint:
        options['input_title'] = (title or 'Подсказка')[:32]
        options['input_message'] = hint[:255]
    return options


class Sheet:
    """A worksheet whose cells remember their values (:attr:`cells`)."""

    def __init__(self, book, name):
        self.book, self.name = book, name
        self.ws = book.wb.add_worksheet(name)
        self.cells = {}
        self.wrapped = {}       # (row, col) → (text, bold) of the cells that wrap
        self.styles = {}        # (row, col) → style of the text cells
        self.fitted = {}        # col → width an earlier fit chose (a sheet may hold several tables)

    # -- references -------------------------------------------------------------
    def ref(self, first, last=None):
        r1, c1 = _rc(first)
        if last is None:
            return Ref(self, r1, c1)
        r2, c2 = _rc(last)
        return Ref(self, r1, c1, r2, c2)

    # -- plain cells --------------------------------------------------------------
    def text(self, cell, text, style='label'):
        """Text, always stored as text — even «=…», «+7…», «-…», «@…» never become formulas."""
        r, c = _rc(cell)
        self.ws.write_string(r, c, str(text), self.book.fmt(style))
        self.cells[(r, c)] = str(text)
        self.styles[(r, c)] = style
        props = STYLES[style] if isinstance(style, str) else style
        if props.get('text_wrap'):
            self.wrapped[(r, c)] = (str(text), bool(props.get('bold')))
        else:
            self.wrapped.pop((r, c), None)
        return Ref(self, r, c)

    def number(self, cell, value, style='plain_int'):
        r, c = _rc(cell)
        v = plain(value)
        self.ws.write_number(r, c, v, self.book.fmt(style))
        self.cells[(r, c)] = v
        return Ref(self, r, c)

    def date(self, cell, value, style='date'):
        """A date (or datetime) cell."""
        r, c = _rc(cell)
        moment = value if isinstance(value, datetime.datetime) else datetime.datetime(value.year, value.month,
                                                                                       value.day)
        self.ws.write_datetime(r, c, moment, self.book.fmt(style))
        self.cells[(r, c)] = value
        return Ref(self, r, c)

    def value(self, cell, value, style=None):
        """Any value by its type — text, date, number; ``None`` and ``''`` leave the cell empty.
        *style* defaults to the kind's report style (``date``, ``label``, the number as is)."""
        if value is None or value == '':
            return None
        if isinstance(value, str):
            return self.text(cell, value, style or 'label')
        if isinstance(value, datetime.date):
            return self.date(cell, value, style or 'date')
        return self.number(cell, value, style or 'label')

    def row(self, row, values, styles=None):
        """One table row from column A: *values* with *styles* (one per value, or None)."""
        for col, v in enumerate(values):
            self.value((row, col), v, styles[col] if styles else None)

    def blank(self, cell, style):
        r, c = _rc(cell)
        self.ws.write_blank(r, c, None, self.book.fmt(style))
        return Ref(self, r, c)

    def input(self, cell, value, style, check=None, hint=None, name=None, title=None):
        """An input cell (yellow): a value the user may change, validated by *check*
        (a key of :data:`VALIDATIONS` or a dict of XlsxWriter validation options)."""
        ref = self.blank(cell, style) if value in (None, '') else self.value(cell, value, style)
        if check is not None:
            self.validate(ref, check, hint, title)
        if name:
            ref = self.book.define(name, ref)
        return ref

    def validate(self, ref, check, hint=None, title=None):
        """Data validation over a whole range of inputs."""
        options = validation(check, hint, title) if isinstance(check, str) else check
        self.ws.data_validation(ref.r1, ref.c1, ref.r2, ref.c2, options)

    def input_row(self, row, label, value, style, check, hint, name=None):
        """A row «label | input | hint» in columns A:C; the hint also shows on entry
        (when *check* is a key of :data:`VALIDATIONS`)."""
        self.text((row, 0), label, 'label')
        ref = self.input((row, 1), value, style, check, hint, name=name, title=label)
        self.text((row, 2), hint, 'hint')
        return ref

    # -- formulas -------------------------------------------------------------------
    def _args(self, args):
        """Formula text and call values for a function's arguments. ``None`` leaves an
        argument empty (the function's default); trailing ones are dropped."""
        args = list(args)
        while args and args[-1] is None:
            args.pop()
        texts, values = [], []
        for a in args:
            if isinstance(a, Ref):
                texts.append(a.text(self, absolute=bool(a.name) or not a.single))
                values.append(a.value())
            elif isinstance(a, Expr):
                texts.append(a.text)
                values.append(a.value)
            elif a is None:
                texts.append('')
                values.append(None)
            elif isinstance(a, str):
                texts.append('"%s"' % a.replace('"', '""'))
                values.append(a)
            else:
                texts.append(str(a))
                values.append(a)
        return ','.join(texts), values

    def udf(self, cell, function, args, style, name=None, blank_if=None):
        """``=B2B_…(args)`` with the value the model computes for exactly those arguments;
        with *blank_if* (a cell) ``=IF(ISBLANK(cell),"",B2B_…(args))`` — an empty row of a
        table stays empty (no «0» in it or in its chart)."""
        r, c = _rc(cell)
        text, values = self._args(args)
        formula = '%s(%s)' % (function, text)
        # an empty key cell: the cell shows nothing, as the IF below makes the formula do
        value = '' if blank_if is not None and blank_if.value() in (None, '') else catalogue.call(function, values)
        if blank_if is not None:
            formula = 'IF(ISBLANK(%s),"",%s)' % (blank_if.text(self), formula)
        self.ws.write_formula(r, c, '=' + formula, self.book.fmt(style), value)
        self.cells[(r, c)] = value
        ref = Ref(self, r, c)
        return self.book.define(name, ref) if name else ref

    def calc(self, cell, formula, value, style, name=None):
        """A built-in formula (SUM, COUNTIF, arithmetic) with its value computed in Python."""
        r, c = _rc(cell)
        v = plain(value)
        self.ws.write_formula(r, c, formula, self.book.fmt(style), v)
        self.cells[(r, c)] = v
        ref = Ref(self, r, c)
        return self.book.define(name, ref) if name else ref

    def sum(self, cell, rng, style, name=None):
        """``=SUM(range)``, summed exactly in Decimal."""
        total = sum((dec(v) for v in rng.values() if not isinstance(v, str)), Decimal(0))
        return self.calc(cell, '=SUM(%s)' % rng.text(self), total, style, name=name)

    # -- layout -----------------------------------------------------------------------
    def legend(self, row, col=0, notice=True):
        """The colour legend: yellow — inputs, green — the kit's formulas; on a sheet with
        B2B_… formulas (*notice*) followed by :meth:`functions_notice`."""
        self.text((row, col), 'ввод', 'legend_input')
        self.text((row, col + 1), 'расчёт', 'legend_result')
        if notice:
            self.functions_notice((row, col + 2))
        else:
            self.text((row, col + 2), 'жёлтые ячейки заполняете вы, зелёные считаются', 'hint')

    def functions_notice(self, cell):
        """A line that says, in Russian, how to install the functions — shown only while
        they are missing.

        Its saved value is empty, and an empty saved value is one LibreOffice recalculates
        on load (it keeps every other saved value): without the macros ``B2B_…`` is
        ``#NAME?``, ISERROR is TRUE (in Excel too) and the line appears; with them it stays
        empty. NOW() makes the cell volatile, so Excel recalculates it on open as well.
        """
        r, c = _rc(cell)
        self.ws.write_formula(r, c, '=IF(ISERROR(%s+0*NOW()),"%s","")' % (NOTICE_PROBE, NOTICE),
                              self.book.fmt('notice'), '')
        self.cells[(r, c)] = ''
        return Ref(self, r, c)

    def headers(self, row, col, texts, style='header', height=None):
        """A header row; *height* in points (wrapped titles need two or three lines)."""
        for i, t in enumerate(texts):
            self.text((row, col + i), t, style)
        if height:
            self.ws.set_row(row, height)

    def fit_wrapped(self):
        """Make every wrapped text readable as LibreOffice and Excel show it (called on save):
        a column at least as wide as the longest word of a wrapped cell in it (else the word
        is broken mid-word, «Отработан|о дней»), and a row tall enough for the lines the
        text takes (a row without a height shows one line and hides the rest, or the text
        spills over the next row)."""
        for (r, c), (text, bold) in sorted(self.wrapped.items()):
            need = text_width(max(text.split() or [''], key=len), bold)
            width, column_format = _column(self.ws, c)
            if width < need <= LONGEST_WORD_WIDTH:
                self.ws.set_column(c, c, need, column_format)
        lines = {}
        for (r, c), (text, bold) in self.wrapped.items():
            lines[r] = max(lines.get(r, 1), wrapped_lines(text, _column(self.ws, c)[0], bold))
        for r, n in lines.items():
            height = n * LINE_HEIGHT + 3
            current, row_format = _row(self.ws, r)
            if n > 1 and (current is None or current < height):
                self.ws.set_row(r, height, row_format)

    def widths(self, widths):
        for i, w in enumerate(widths):
            self.ws.set_column(i, i, w)

    def print_wide(self):
        """Print setup of a wide table: A4 landscape, every column on one page width."""
        self.ws.set_landscape()
        self.ws.set_paper(9)
        self.ws.fit_to_pages(1, 0)

    def fit(self, minimum=NARROWEST, maximum=60, first_row=0, widths=None):
        """Column widths from content: the longest value written from *first_row* on (header
        titles wrap, so they count by their longest word), at least *minimum* (or, a dict
        {col: width}, each column's own) and at most *maximum*; *widths* {col: width} fixes some.
        A table fitted below another on the same sheet never narrows the columns the first one needs."""
        longest = {}
        for (r, c), v in self.cells.items():
            if r < first_row or v is None:
                continue
            if isinstance(v, str):
                words = v.split() or ['']
                n = max(len(w) for w in words) if r == first_row else len(v)
            elif isinstance(v, datetime.date):
                n = 17 if isinstance(v, datetime.datetime) else 11
            else:
                n = len('{:,.2f}'.format(v)) + 2
            longest[c] = max(longest.get(c, 0), n)
        chosen = {}
        for c, n in longest.items():
            low = minimum.get(c, NARROWEST) if isinstance(minimum, dict) else minimum
            w = (widths or {}).get(c) or max(min(n + 2, maximum), low, self.fitted.get(c, 0))
            self.ws.set_column(c, c, w)
            chosen[c] = self.fitted[c] = w
        # A text longer than its column is cut off where the next cell has something (a long
        # file name ran into «Адреса»): such a cell wraps instead, its row grows on save.
        for (r, c), v in list(self.cells.items()):
            if (r > first_row and isinstance(v, str) and c in chosen and (r, c) in self.styles
                    and (r, c) not in self.wrapped and self.cells.get((r, c + 1)) not in (None, '')
                    and len(v) + 2 > chosen[c]):
                style = self.styles[(r, c)]
                props = dict(STYLES[style] if isinstance(style, str) else style, text_wrap=True)
                self.text((r, c), v, props)
