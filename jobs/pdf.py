"""The kit's shared PDF base: A4 documents with an embedded Cyrillic font.

Used by the closing documents (счёт, акт, акт сверки — ``jobs.documents``) and
the claim letter (претензия — ``jobs.debtors``).

>>> def render():
...     doc = Document('Проверка')
...     doc.heading('Счёт на оплату № 1 от 01.10.2026')
...     doc.key_values([('ИНН', '7707083893')])
...     return doc.to_bytes()
>>> data = render()
>>> data[:5], data == render()
(b'%PDF-', True)

What it gives
-------------
:class:`Document` (an ``fpdf.FPDF``): A4 portrait, millimetres, the DejaVu Sans
family registered as ``dejavu`` (regular and ``B``), a fixed creation date so
identical input gives identical bytes (attachments are hash-checked by the
outbox, and a rerun must not produce a "different" file), and helpers:

* :meth:`Document.heading`, :meth:`Document.paragraph` — text;
* :meth:`Document.key_values` — a requisites block (label: value, wrapped);
* :meth:`Document.party` — «Поставщик: name, ИНН/КПП, address» as one paragraph;
* :meth:`Document.bank_grid` — the classic invoice header box (bank, БИК,
  к/с, р/с, ИНН/КПП, recipient);
* :meth:`Document.table` — a table with wrapping cells, repeated header on a new
  page, bold rows;
* :meth:`Document.totals` — right-aligned «Итого / НДС / Всего» lines;
* :meth:`Document.signatures` — signature lines with position and name;
* :meth:`Document.wrap`, :meth:`Document.text_at`, :meth:`Document.ensure_room` —
  the building blocks for one's own layouts (wrapped lines, text at a spot,
  a page break when a block would not fit);
* :meth:`Document.to_bytes`, :meth:`Document.save` (atomic: a crash never leaves
  half a file under the final name).

Why the font handling is unusual (speed: SPEC 9 asks ≥ 100 PDFs a second)
---------------------------------------------------------------------------
Plain fpdf2 parses the 700 KB TrueType file on every ``add_font`` (~60 ms) and
subsets it with fontTools on every ``output`` (~30 ms per face). Instead each face
is reduced to the kit's repertoire (Latin, Latin-1, Cyrillic, punctuation, №, ₽ —
:data:`REPERTOIRE`, ~45 KB, kept in ``jobs/fonts``) and parsed once per process; every
document gets a cheap copy of the parsed face, and at output (:class:`_Output`) the
reduced face is embedded whole, not subset again (~40 KB larger, ~5× faster to make),
its CIDToGIDMap only as long as the codes used. Text with a character outside the repertoire (a rare
letter in a client's name) switches that document to the full font as an
fpdf2 fallback face, subset the ordinary way — slower, but nothing is lost.
"""

import copy
import datetime
import functools
import io
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf import output as _fpdf_output
from fpdf.fonts import Glyph, SubsetMap, TTFFont
from fpdf.syntax import Name, PDFContentStream

from . import files

FONT_DIR = Path(__file__).resolve().parent / 'fonts'
FONT_REGULAR = FONT_DIR / 'DejaVuSans.ttf'
FONT_BOLD = FONT_DIR / 'DejaVuSans-Bold.ttf'
FAMILY = 'dejavu'
_FALLBACK_FAMILY = 'dejavufull'

#: The fixed creation date written into every PDF (see the module docstring).
CREATION_DATE = datetime.datetime(2000, 1, 1, tzinfo=datetime.timezone.utc)

#: Unicode ranges kept in the fast embedded face: what Russian business
#: documents use (Latin, Latin-1 and Latin Extended-A for foreign names,
#: Cyrillic (with the letters of Tatar, Bashkir, Kazakh… names), dashes/quotes/ellipsis, №, ₽, €, ™, minus).
REPERTOIRE = ((0x20, 0x7E), (0xA0, 0x17F), (0x400, 0x4FF), (0x2010, 0x2027),
              (0x2030, 0x203A), (0x20AC, 0x20AC), (0x20BD, 0x20BD), (0x2116, 0x2116),
              (0x2122, 0x2122), (0x2212, 0x2212))

# --------------------------------------------------------------------------- fonts

def reduced_face(path):
    """*path*'s TrueType bytes reduced to :data:`REPERTOIRE`: ``jobs/fonts/*-kit.ttf`` (``make fonts``, tested)."""
    from fontTools import subset as ftsubset
    from fontTools import ttLib
    font = ttLib.TTFont(str(path), recalcTimestamp=False)
    options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True)
    options.layout_features = []
    options.hinting = False     # for low-resolution screens; PDF viewers do without it (a third smaller)
    # the same tables fpdf2 drops when it subsets, plus kerning (unused: no shaping)
    options.drop_tables += ['FFTM', 'GDEF', 'GPOS', 'GSUB', 'MATH', 'hdmx', 'kern', 'meta']
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes=[u for a, b in REPERTOIRE for u in range(a, b + 1)])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


class _Face:
    """A reduced face (``jobs/fonts/*-kit.ttf``: subsetting costs ~0.2 s) as a prototype TTFFont parsed once."""

    def __init__(self, path, style):
        self.data = path.with_name(path.stem + '-kit.ttf').read_bytes()
        self.compressed = zlib.compress(self.data)        # once, not by every document's output
        self.style = style
        self.prototype = TTFFont(FPDF(), io.BytesIO(self.data), FAMILY + style, style)
        self.prototype.ttfont = None        # the parsed fontTools object is not needed any more
        self.codepoints = frozenset(self.prototype.cmap)
        f = self.prototype          # each code point's glyph as fpdf2's SubsetMap.get_glyph makes it, once
        self.glyphs = {cp: Glyph(g, (cp,), f.cmap[cp], int(f.cw[cp])) for cp, g in f.glyph_ids.items() if cp in f.cmap}


#: fpdf2's ToUnicode CMap (its ``_add_fonts``), around the ``bfchar`` blocks.
_TO_UNICODE = ('/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n'
               '/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n'
               '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n%sendcmap\n'
               'CMapName currentdict /CMap defineresource pop\nend\nend')


class _Output(_fpdf_output.OutputProducer):
    """fpdf2's output; the kit's faces (a document's copy holds its :class:`_Face` as ``ttfont``) are
    embedded here, any other font (the full-font fallback) by fpdf2, subset as usual."""

    def _add_fonts(self, *args):
        fonts = self.fpdf.fonts         # ours come first (installed with the document), as fpdf2 orders them
        ours = {key: fonts.pop(key) for key in list(fonts) if isinstance(fonts[key].ttfont, _Face)}
        try:
            found = {font.i: self._add_face(font) for font in ours.values()}
            found.update(super()._add_fonts(*args))
        finally:        # back in their order: ours, then the rest (popped out first)
            fonts.update({**ours, **{key: fonts.pop(key) for key in list(fonts)}})
        return found

    def _add_face(self, font):
        """The objects fpdf2 makes for a TrueType font, in its order, but the file is the reduced face whole
        (compressed once) and the CIDToGIDMap only as long as the document's codes: fpdf2 builds and
        compresses all 65536 of them for every face of every document, half of its output time."""
        out, name, desc = _fpdf_output, 'MPDFAA+' + font.name, copy.copy(font.desc)    # the face's is shared
        glyphs = [(g, code) for g, code in font.subset.items() if g is not None]
        gids = bytearray(2 * (max((code for _, code in glyphs), default=0) + 1))
        for g, code in glyphs:
            gids[2 * code:2 * code + 2] = g.glyph_id.to_bytes(2, 'big')
        chars = ['<%04X> <%s>\n' % (code, ''.join('%04X' % u for u in g.unicode)) for g, code in glyphs
                 if isinstance(g.unicode, tuple) and g.unicode]
        top = out.PDFFont(subtype='Type0', base_font=name, encoding='Identity-H')
        cid = out.PDFFont(subtype='CIDFontType2', base_font=name, d_w=desc.missing_width, w=out._tt_font_widths(font))
        top.descendant_fonts, desc.font_name = out.PDFArray([cid]), Name(name)
        top.to_unicode = PDFContentStream((_TO_UNICODE % out._build_cmap_blocks(chars, 'bfchar')).encode('latin-1'))
        cid.c_i_d_system_info, cid.font_descriptor = out.CIDSystemInfo(), desc
        cid.c_i_d_to_g_i_d_map = PDFContentStream(bytes(gids), compress=True)
        desc.font_file2 = file = PDFContentStream(font.ttfont.compressed)
        file.filter, file.length1 = Name('FlateDecode'), len(font.ttfont.data)
        for obj in (top, cid, top.to_unicode, cid.c_i_d_system_info, desc, cid.c_i_d_to_g_i_d_map, file):
            self._add_pdf_obj(obj, 'fonts')
        return top


class _Codes(dict):
    """Code point → its character in a document's subset: ``SubsetMap.pick`` memoised for ``str.translate``.
    The face's glyph goes to ``pick_glyph`` directly: the same code as ``pick`` gives, without its
    per-document glyph lookup (a third of the time of a document's text)."""

    def __missing__(self, codepoint):
        glyph = self.glyphs.get(codepoint)
        self[codepoint] = code = chr(self.subset.pick(codepoint) if glyph is None else self.subset.pick_glyph(glyph))
        return code


_faces = {}
_faces_lock = threading.Lock()


def _face(style):
    with _faces_lock:
        if style not in _faces:
            _faces[style] = _Face(FONT_BOLD if style == 'B' else FONT_REGULAR, style)
        return _faces[style]


@functools.lru_cache(maxsize=None)
def _full_codepoints():
    """Codepoints of the full DejaVu Sans (for the fallback decision)."""
    from fontTools import ttLib
    with ttLib.TTFont(str(FONT_REGULAR), lazy=True) as font:
        return frozenset(font.getBestCmap())


# --------------------------------------------------------------------------- layout

@dataclass(frozen=True)
class Column:
    """A table column: *title*, *width* in mm (``None``: the rest of the line), alignment L/C/R."""
    title: str
    width: float = None
    align: str = 'L'


@dataclass(frozen=True)
class Signature:
    """A signature line: «*position* ________ / *name* /»; *role* is printed above (e.g. «От поставщика»)."""
    position: str
    name: str
    role: str = ''


class Document(FPDF):
    """An A4 document (portrait; ``orientation='L'`` landscape) in DejaVu Sans; see the module docstring."""

    def __init__(self, title, *, subject='', author='', margins=(15, 12, 12), font_size=9, orientation='P'):
        # orientation 'L': the счёт-фактура / УПД form is landscape
        super().__init__(orientation=orientation, unit='mm', format='A4')
        self.set_creation_date(CREATION_DATE)
        self.set_title(title)
        self.set_subject(subject or title)
        if author:
            self.set_author(author)
        self.set_creator('isp-b2b-kit')
        self.set_lang('ru-RU')
        left, top, right = margins
        self.set_margins(left, top, right)
        self.set_auto_page_break(True, 15)
        self.codes = {}
        for style in ('', 'B'):
            self._install_face(_face(style))
        self._fallback = False
        self.base_size = font_size
        self.add_page()
        self.set_font(FAMILY, '', font_size)

    # ---- fonts

    def _install_face(self, face):
        font = copy.copy(face.prototype)          # shares widths and cmap: read-only
        font.i = len(self.fonts) + 1
        font.ttfont = face
        font.subset = SubsetMap(font)             # per document: which glyphs are used
        self.codes[font.fontkey] = codes = _Codes()
        codes.subset, codes.glyphs = font.subset, face.glyphs
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font.fontkey = FAMILY + face.style
        self.fonts[font.fontkey] = font

    def normalize_text(self, text):
        """Every piece of text passes here: switch on the full font as a
        fallback when the text has a character outside :data:`REPERTOIRE`,
        and replace what even the full font lacks by «?» rather than print nothing."""
        text = super().normalize_text(text)
        face = _faces['']
        if not face.codepoints.issuperset(map(ord, text)):
            full = _full_codepoints()
            text = ''.join(ch if ord(ch) in full or ch == '\n' else '?' for ch in text)
            if not self._fallback and not face.codepoints.issuperset(map(ord, text.replace('\n', ''))):
                self.add_font(_FALLBACK_FAMILY, '', str(FONT_REGULAR))
                self.add_font(_FALLBACK_FAMILY, 'B', str(FONT_BOLD))
                self.set_fallback_fonts([_FALLBACK_FAMILY])
                self._fallback = True
        return text

    def set_font(self, family=None, style='', size=0):
        # the layout helpers set the font before every piece of text: skip fpdf2's checks when nothing changes
        if (family, style, size) != (self.font_family, self.font_style, self.font_size_pt) or self.underline \
                or self.strikethrough:
            super().set_font(family, style, size)

    # ---- output

    def to_bytes(self):
        """The PDF file as bytes (identical for identical input)."""
        return bytes(self.output(output_producer_class=_Output))

    def save(self, path):
        """Write the PDF to *path* atomically (temporary file + rename)."""
        files.write_bytes(path, self.to_bytes())

    # ---- text

    @property
    def content_width(self):
        return self.w - self.l_margin - self.r_margin

    def heading(self, text, size=12, align='L', space_after=2):
        """A bold title line (wraps when long)."""
        self.write_lines(self.wrap(text, self.content_width, size, True), size * 0.5, size,
                         bold=True, align=align)
        self.ln(space_after)

    def paragraph(self, text, size=None, bold=False, align='L', space_after=1.5):
        """A wrapped paragraph across the page; a line feed starts a new line."""
        size = size or self.base_size
        self.write_lines(self.wrap(text, self.content_width, size, bold), size * 0.48, size,
                         bold=bold, align=align)
        if space_after:
            self.ln(space_after)

    def write_lines(self, lines, line_h, size, bold=False, align='L', x=None, width=None):
        """Print already wrapped *lines* one under another (page breaks as needed)."""
        x = self.l_margin if x is None else x
        width = width or (self.w - self.r_margin - x)
        self.set_font(FAMILY, 'B' if bold else '', size)
        for text in lines:
            self.ensure_room(line_h)
            y = self.get_y()
            self.put(x, y, width, line_h, text, align)
            self.set_xy(self.l_margin, y + line_h)
        self.set_font(FAMILY, '', self.base_size)

    def put(self, x, y, width, height, text, align='L'):
        """One line of text in the box (*x*, *y*, *width*, *height*), vertically centred like
        ``cell`` (with its padding) but about four times cheaper: ``text`` at a computed
        spot skips ``cell``'s per-call layout machinery, and a document has ~60 of these."""
        if not text:
            return
        if not _faces[''].codepoints.issuperset(map(ord, text)):
            # ``text`` knows no fallback fonts; ``cell`` does (rare: see the module docstring)
            self.set_xy(x, y)
            self.cell(width, height, text, align=align)
            return
        if align == 'L':
            tx = x + self.c_margin
        else:
            free = width - self.measure(text)
            tx = x + (free - self.c_margin if align == 'R' else free / 2)
        ty, font = y + 0.5 * height + 0.3 * self.font_size, self.current_font
        if self.underline or self.strikethrough or self._record_text_quad_points or self.text_mode:
            return self.text(tx, ty, text)
        if not self.current_font_is_set_on_page:     # what ``text`` writes, without its per-call checks
            self._out(self._set_font_for_page(font, self.font_size_pt))
        line = 'BT %.2f %.2f Td (%s) Tj ET' % (tx * self.k, (self.h - ty) * self.k,
                                              font.escape_text(text.translate(self.codes[font.fontkey])))
        if self.fill_color != self.text_color:
            line = 'q %s %s Q' % (self.text_color.serialize().lower(), line)
        self._out(line)

    def rule(self, width=0.5, space=2):
        """A horizontal line across the page (under a title)."""
        self.set_line_width(width)
        y = self.get_y()
        self.line(self.l_margin, y, self.w - self.r_margin, y)
        self.set_line_width(0.2)
        self.ln(space)

    def key_values(self, rows, label_width=32, size=None, space_after=2):
        """A requisites block: bold label on the left, wrapped value on the right."""
        size = size or self.base_size
        line_h = size * 0.48
        value_width = self.content_width - label_width
        for label, value in rows:
            labels = self.wrap(label, label_width, size, True)
            values = self.wrap(value, value_width, size)
            height = line_h * max(len(labels), len(values))
            self.ensure_room(height)
            y = self.get_y()
            self.text_at(self.l_margin, y, label_width, labels, line_h, size, bold=True)
            self.text_at(self.l_margin + label_width, y, value_width, values, line_h, size)
            self.set_xy(self.l_margin, y + height)
        self.ln(space_after)
        self.set_font(FAMILY, '', self.base_size)

    def party(self, label, name, inn='', kpp='', address='', extra='', label_width=28, size=None):
        """«Поставщик: ООО «…», ИНН 7707083893, КПП 770701001, адрес» — label bold, the rest wrapped."""
        parts = [name]
        if inn:
            parts.append('ИНН %s' % inn)
        if kpp:
            parts.append('КПП %s' % kpp)
        if address:
            parts.append(address)
        if extra:
            parts.append(extra)
        self.key_values([(label, ', '.join(parts))], label_width=label_width, size=size, space_after=1)

    def measure(self, text):
        """Width of *text* in mm in the current font — fpdf2's ``get_string_width``
        without its per-call fragment building (the wrapper measures every word)."""
        cw = self.current_font.cw
        return sum(map(cw.__getitem__, map(ord, text))) * self.font_size_pt * 0.001 / self.k

    def wrap(self, text, width, size, bold=False):
        """Lines of *text* wrapped to a cell *width* mm wide (cell padding included).

        Greedy by words, over-long words cut by characters. fpdf2's own
        ``multi_cell`` re-measures the line for every character (quadratic);
        this linear wrapper is one of the reasons the kit makes 100+ PDFs a second.
        """
        self.set_font(FAMILY, 'B' if bold else '', size)
        measure = self.measure
        avail = max(1.0, width - 2 * self.c_margin)
        space = measure(' ')
        out = []
        for para in str(text).split('\n'):
            if measure(para) <= avail:
                out.append(para)
                continue
            line, line_w = '', 0.0
            for word in para.split(' '):
                w = measure(word)
                if line and line_w + space + w <= avail:
                    line, line_w = line + ' ' + word, line_w + space + w
                    continue
                if line:
                    out.append(line)
                while w > avail and len(word) > 1:
                    cut = len(word) - 1
                    while cut > 1 and measure(word[:cut]) > avail:
                        cut -= 1
                    out.append(word[:cut])
                    word = word[cut:]
                    w = measure(word)
                line, line_w = word, w
            out.append(line)
        return out or ['']

    def ensure_room(self, height):
        """Start a new page when *height* mm do not fit on this one."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()
            return True
        return False

    # ---- tables

    def table(self, columns, rows, size=None, bold_rows=(), header=True, line_height=None):
        """A bordered table; cells wrap; the header repeats on a new page.

        *columns*: :class:`Column` list; *rows*: lists of cell texts; rows whose
        index is in *bold_rows* are bold (e.g. a totals row inside the table).
        """
        size = size or self.base_size - 1
        line_h = line_height or size * 0.45
        fixed = sum(c.width for c in columns if c.width)
        rest = max(10.0, self.content_width - fixed) / max(1, sum(not c.width for c in columns))
        widths = [c.width or rest for c in columns]
        col_aligns = [c.align for c in columns]

        def draw_row(cells, bold, fill=False, aligns=None):
            lines = [self.wrap(text, w, size, bold) for text, w in zip(cells, widths)]
            height = max(len(x) for x in lines) * line_h + 1.2
            if self.ensure_room(height) and header and not fill:
                draw_row([c.title for c in columns], True, True, ['C'] * len(columns))
            x, y = self.l_margin, self.get_y()
            self.set_font(FAMILY, 'B' if bold else '', size)
            if fill:
                self.set_fill_color(235, 235, 235)
            for cell_lines, w, align in zip(lines, widths, aligns or col_aligns):
                self.rect(x, y, w, height, style='DF' if fill else 'D')
                for n, text in enumerate(cell_lines):
                    self.put(x, y + 0.6 + n * line_h, w, line_h, text, align)
                x += w
            self.set_xy(self.l_margin, y + height)

        if header:
            draw_row([c.title for c in columns], True, True, ['C'] * len(columns))
        for index, row in enumerate(rows):
            draw_row([str(v) for v in row], index in bold_rows)
        self.set_font(FAMILY, '', self.base_size)
        self.ln(1.5)

    def totals(self, rows, value_width=32, size=None):
        """Right-aligned lines under a table: («Итого:», «1 234,00»), … — bold."""
        size = size or self.base_size
        line_h = size * 0.5
        self.set_font(FAMILY, 'B', size)
        label_width = self.content_width - value_width
        for label, value in rows:
            self.ensure_room(line_h)
            y = self.get_y()
            self.put(self.l_margin, y, label_width, line_h, label, 'R')
            self.put(self.l_margin + label_width, y, value_width, line_h, str(value), 'R')
            self.set_xy(self.l_margin, y + line_h)
        self.set_font(FAMILY, '', self.base_size)
        self.ln(1.5)

    def bank_grid(self, bank, bik, corr_account, account, inn, kpp, recipient, size=None):
        """The invoice header box every Russian accountant expects:

        ┌ Банк получателя ───────────┬ БИК ──┬ 044525225 ┐
        │ ПАО Сбербанк               ├ Сч. № ┤ 3010…     │
        ├ ИНН … │ КПП … ─────────────┼ Сч. № ┤ 4070…     │
        │ Получатель: ООО «…»        │       │           │
        └────────────────────────────┴───────┴───────────┘
        """
        size = size or self.base_size - 1
        line_h = size * 0.48
        total = self.content_width
        w_code, w_value = 16, 50
        w_left = total - w_code - w_value
        self.ensure_room(5 * line_h + 6)
        x0, y0 = self.l_margin, self.get_y()
        self.set_font(FAMILY, '', size)
        bank_lines = self.wrap(bank, w_left, size)
        top_h = max(2, len(bank_lines) + 1) * line_h + 1.5
        recipient_lines = self.wrap(recipient, w_left, size)
        bottom_h = (len(recipient_lines) + 2) * line_h + 1.5
        # left column: bank (with caption), then ИНН | КПП, then the recipient
        self.rect(x0, y0, w_left, top_h)
        self.text_at(x0, y0 + 0.5, w_left, bank_lines, line_h, size)
        self.text_at(x0, y0 + top_h - line_h - 0.3, w_left, ['Банк получателя'], line_h, size - 1.5)
        half = w_left / 2
        y1 = y0 + top_h
        self.rect(x0, y1, half, line_h + 1.5)
        self.rect(x0 + half, y1, half, line_h + 1.5)
        self.text_at(x0, y1 + 0.5, half, ['ИНН ' + inn], line_h, size)
        self.text_at(x0 + half, y1 + 0.5, half, ['КПП ' + kpp if kpp else 'КПП'], line_h, size)
        y2 = y1 + line_h + 1.5
        self.rect(x0, y2, w_left, bottom_h)
        self.text_at(x0, y2 + 0.5, w_left, recipient_lines, line_h, size)
        self.text_at(x0, y2 + bottom_h - line_h - 0.3, w_left, ['Получатель'], line_h, size - 1.5)
        # right columns: БИК / Сч. № (к/с) in the bank's height, Сч. № (р/с) below
        xc, xv = x0 + w_left, x0 + w_left + w_code
        self.rect(xc, y0, w_code, line_h + 1.5)
        self.rect(xv, y0, w_value, line_h + 1.5)
        self.text_at(xc, y0 + 0.5, w_code, ['БИК'], line_h, size)
        self.text_at(xv, y0 + 0.5, w_value, [bik], line_h, size)
        self.rect(xc, y0 + line_h + 1.5, w_code, top_h - line_h - 1.5)
        self.rect(xv, y0 + line_h + 1.5, w_value, top_h - line_h - 1.5)
        self.text_at(xc, y0 + line_h + 2, w_code, ['Сч. №'], line_h, size)
        self.text_at(xv, y0 + line_h + 2, w_value, [corr_account], line_h, size)
        self.rect(xc, y1, w_code, y2 + bottom_h - y1)
        self.rect(xv, y1, w_value, y2 + bottom_h - y1)
        self.text_at(xc, y1 + 0.5, w_code, ['Сч. №'], line_h, size)
        self.text_at(xv, y1 + 0.5, w_value, [account], line_h, size)
        self.set_xy(self.l_margin, y2 + bottom_h + 3)
        self.set_font(FAMILY, '', self.base_size)

    def text_at(self, x, y, width, lines, line_h, size, bold=False):
        """Print wrapped *lines* at (*x*, *y*) in a box *width* mm wide, without moving the flow."""
        self.set_font(FAMILY, 'B' if bold else '', size)
        for n, text in enumerate(lines):
            self.put(x, y + n * line_h, width, line_h, text)

    # ---- signatures

    def signatures(self, blocks, size=None, space_before=6):
        """Signature lines side by side (two per row):

        | От исполнителя                 | От заказчика                |
        | Генеральный директор ____ / Смирнов А. В. / |  ________ / ______ / |
        """
        size = size or self.base_size
        line_h = size * 0.5
        self.ln(space_before)
        per_row = 2 if len(blocks) > 1 else 1
        col_w = self.content_width / per_row
        for start in range(0, len(blocks), per_row):
            row = blocks[start:start + per_row]
            self.ensure_room(line_h * 5)
            y = self.get_y()
            # the same height for every position in the row, so the signature lines align
            positions = [self.wrap(b.position, col_w - 4, size) if b.position else [] for b in row]
            roles = any(b.role for b in row)
            pos_h = max(len(p) for p in positions) * line_h
            bottom = y
            for i, block in enumerate(row):
                x = self.l_margin + i * col_w
                yy = y
                if roles:
                    self.text_at(x, yy, col_w - 4, [block.role], line_h, size, bold=True)
                    yy += line_h + 1
                self.text_at(x, yy, col_w - 4, positions[i], line_h, size)
                yy += pos_h + 4
                name = block.name or ' ' * 20
                self.text_at(x, yy, col_w - 4, ['________________ / %s /' % name], line_h, size)
                yy += line_h
                self.text_at(x + 6, yy, 30, ['подпись'], line_h * 0.8, size - 2.5)
                bottom = max(bottom, yy + line_h)
            self.set_xy(self.l_margin, bottom + 3)
        self.set_font(FAMILY, '', self.base_size)
