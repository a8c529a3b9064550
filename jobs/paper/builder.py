"""Builds the starter DOCX templates (стартовые шаблоны) with python-docx.

``python -m jobs.paper.builder`` rewrites ``jobs/templates/paper/*.docx`` from
their sources ``jobs/templates/paper/starter/<name>.j2``. The files are
byte-reproducible (fixed dates and zip times), and a test compares the
committed files with a fresh build, so change the sources and rebuild — never
edit the committed DOCX by hand.

A source is a Jinja2 template rendered when the kit is built, with the tags
``<< >>`` / ``<% %>`` / ``<# #>``, so the docxtpl tags ``{{ }}`` / ``{% %}``
that are filled per client pass through as text (contracts share one skeleton,
``_contract.j2``, and differ in blocks; the preamble, the parties' requisites and
the signatures are macros of ``_macros.j2``). Rendered, it is one directive a line,
played on :class:`Doc`: ``name [{json keyword arguments}] [text]``, e.g.
``p {"align": "left", "bold": true} Работы``, ``clause …`` (numbered «N.k.»),
``sub …`` («N.k.m.»); ``\\n`` in a text is a line break. ``table {"widths": […]}``
is followed by its ``row [cells]`` lines and at most one
``loop ["s in services", cells…]`` (a docxtpl row loop).

The layout kit here (:class:`Doc`) keeps every Jinja2 tag inside one run, so
docxtpl sees it whole, and uses plain paragraph formatting an operator can
change in Word.
"""

import datetime
import io
import json
import sys
import zipfile
from pathlib import Path

import docx
import jinja2
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

FONT = 'Times New Roman'
SIZE = 10.5
FIXED = datetime.datetime(2026, 1, 1, 9, 0, 0)
JUSTIFY, CENTER, LEFT, RIGHT = (WD_ALIGN_PARAGRAPH.JUSTIFY, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT,
                                WD_ALIGN_PARAGRAPH.RIGHT)
ALIGN = {'justify': JUSTIFY, 'center': CENTER, 'left': LEFT, 'right': RIGHT}
SOURCE_DIR = Path(__file__).resolve().parent.parent / 'templates' / 'paper' / 'starter'
#: What a source line may call on :class:`Doc`.
DIRECTIVES = ('footer', 'title', 'subtitle', 'place_date', 'p', 'section', 'clause', 'sub', 'table')


def _fonts(style_or_run, name=FONT):
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn('w:rFonts'))
    if fonts is None:
        fonts = OxmlElement('w:rFonts')
        rpr.insert(0, fonts)
    for attr in ('w:ascii', 'w:hAnsi', 'w:cs', 'w:eastAsia'):
        fonts.set(qn(attr), name)


class Doc:
    """One template being written: paragraphs, numbered clauses, tables, signature blocks."""

    def __init__(self, title):
        self.d = docx.Document()
        self.section_no = self.clause_no = self.sub_no = 0
        s = self.d.sections[0]
        s.page_height, s.page_width = Cm(29.7), Cm(21.0)
        s.top_margin, s.bottom_margin, s.left_margin, s.right_margin = Cm(1.6), Cm(1.6), Cm(2.2), Cm(1.4)
        normal = self.d.styles['Normal']
        normal.font.name, normal.font.size = FONT, Pt(SIZE)
        _fonts(normal)
        pf = normal.paragraph_format
        pf.space_before, pf.space_after, pf.line_spacing = Pt(0), Pt(2), 1.0
        props = self.d.core_properties
        props.title, props.author, props.last_modified_by = title, 'isp-b2b-kit', 'isp-b2b-kit'
        props.created = props.modified = FIXED
        props.revision = 1
        props.comments = ''
        self._footer()

    def _footer(self):
        p = self.d.sections[0].footer.paragraphs[0]
        p.alignment = CENTER
        run = p.add_run('стр. ')
        run.font.size = Pt(8)
        field = OxmlElement('w:fldSimple')
        field.set(qn('w:instr'), 'PAGE')
        r = OxmlElement('w:r')
        rpr = OxmlElement('w:rPr')
        sz = OxmlElement('w:sz')
        sz.set(qn('w:val'), '16')
        rpr.append(sz)
        t = OxmlElement('w:t')
        t.text = '1'
        r.append(rpr)
        r.append(t)
        field.append(r)
        p._p.append(field)
        self.footer_paragraph = p

    def footer(self, text):
        """Replace the footer's text; the page number follows it after a space."""
        self.footer_paragraph.runs[0].text = text + ' '

    # ---- paragraphs

    def p(self, text='', align='justify', bold=False, size=None, indent=True, space_before=0, space_after=2,
          italic=False, keep=False):
        """A paragraph; *text* may be a list of ``(text, bold)`` parts."""
        para = self.d.add_paragraph()
        para.alignment = ALIGN.get(align, align)
        fmt = para.paragraph_format
        fmt.first_line_indent = Cm(0.8) if indent and para.alignment == JUSTIFY else None
        fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
        if keep:
            fmt.keep_with_next = True
        parts = text if isinstance(text, list) else [(text, bold)]
        for chunk, strong in parts:
            run = para.add_run(chunk)
            run.bold = strong
            run.italic = italic
            if size:
                run.font.size = Pt(size)
        return para

    def title(self, text):
        self.p(text, CENTER, bold=True, size=SIZE + 2, indent=False, space_after=1)

    def subtitle(self, text):
        self.p(text, CENTER, bold=True, indent=False, space_after=6)

    def place_date(self, left='{{ company.city }}', right='{{ doc.date_long }}'):
        t = self.table([[left, right]], widths=(8.7, 8.7), borders=False)
        t.rows[0].cells[1].paragraphs[0].alignment = RIGHT
        self.p('', space_after=4)

    def section(self, title):
        self.section_no += 1
        self.clause_no = self.sub_no = 0
        self.p('%d. %s' % (self.section_no, title.upper()), CENTER, bold=True, indent=False, space_before=6,
               space_after=3, keep=True)

    def clause(self, text):
        """«N.k. text»."""
        self.clause_no += 1
        self.sub_no = 0
        self.p([('%d.%d. ' % (self.section_no, self.clause_no), False), (text, False)])

    def sub(self, text):
        """«N.k.m. text» under the last clause."""
        self.sub_no += 1
        self.p('%d.%d.%d. %s' % (self.section_no, self.clause_no, self.sub_no, text))

    # ---- tables

    def table(self, rows, widths, borders=True, header=False, loop=None, bold_last=False, size=None, right=(),
              keep=False):
        """A table of text rows; *loop* = ``('s in services', [cells])`` adds a docxtpl row loop
        after the rows (the first row is the header when *header*); *keep*: its paragraphs stay on
        one page with what follows (the requisites with the signatures)."""
        extra = 3 if loop else 0
        t = self.d.add_table(rows=len(rows) + extra, cols=len(widths))
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        if borders:
            t.style = self.d.styles['Table Grid']
        grid = t._tbl.tblGrid
        for col, w in zip(grid.findall(qn('w:gridCol')), widths):
            col.set(qn('w:w'), str(int(Cm(w).twips)))
        all_rows = list(rows)
        if loop:
            spec, cells = loop
            body = [['{%%tr for %s %%}' % spec] + [''] * (len(widths) - 1), cells,
                    ['{%tr endfor %}'] + [''] * (len(widths) - 1)]
            all_rows = all_rows[:1] + body + all_rows[1:] if header else body + all_rows
        for r, (row, values) in enumerate(zip(t.rows, all_rows)):
            for c, (cell, value) in enumerate(zip(row.cells, values)):
                cell.width = Cm(widths[c])
                para = cell.paragraphs[0]
                para.paragraph_format.first_line_indent = None
                para.paragraph_format.space_after = Pt(1)
                lines = value.split('\n') if value else ['']
                for i, line in enumerate(lines):
                    if i:
                        para = cell.add_paragraph()
                        para.paragraph_format.space_after = Pt(1)
                    run = para.add_run(line)
                    strong = (header and r == 0) or (bold_last and r == len(all_rows) - 1)
                    if line.startswith('**') and line.endswith('**'):
                        run.text, strong = line[2:-2], True
                    run.bold = strong
                    if size:
                        run.font.size = Pt(size)
                    if header and r == 0:
                        para.alignment = CENTER
                    elif c in right:
                        para.alignment = RIGHT
        if header:
            self._repeat_header(t.rows[0])
        if keep:
            for para in (para for row in t.rows for cell in row.cells for para in cell.paragraphs):
                para.paragraph_format.keep_with_next = True
        return t

    @staticmethod
    def _repeat_header(row):
        trpr = row._tr.get_or_add_trPr()
        el = OxmlElement('w:tblHeader')
        el.set(qn('w:val'), 'true')
        trpr.append(el)

    # ---- sources

    def play(self, script):
        """Run a rendered source (see the module docstring), one directive a line."""
        table = None
        lines = [line.strip() for line in script.splitlines() if line.strip()]
        for line in lines + ['']:   # the empty last line ends a table
            name, _, rest = line.partition(' ')
            if name in ('row', 'loop'):
                table['rows' if name == 'row' else 'loop'].append(json.loads(rest))
                continue
            if table is not None:
                loop = table.pop('loop')
                self.table(table.pop('rows'), loop=(loop[0][0], loop[0][1:]) if loop else None, **table)
                table = None
            if not name:
                continue
            if name not in DIRECTIVES:
                raise ValueError('unknown directive %r in %r' % (name, line))
            options = {}
            if rest.startswith('{"'):
                options, end = json.JSONDecoder().raw_decode(rest)
                rest = rest[end:].lstrip()
            if name == 'table':
                table = dict(options, rows=[], loop=[])
            else:
                getattr(self, name)(*([rest.replace('\\n', '\n')] if rest or name == 'p' else []), **options)

    # ---- saving

    def bytes(self):
        """The DOCX, byte-reproducible: fixed zip entry times and order."""
        raw = io.BytesIO()
        self.d.save(raw)
        out = io.BytesIO()
        with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                fixed = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
                fixed.compress_type = zipfile.ZIP_DEFLATED
                fixed.external_attr = 0o644 << 16
                dst.writestr(fixed, src.read(info.filename))
        return out.getvalue()


def builders():
    """``{template name: its source}`` of the whole starter set (``_*.j2`` are shared parts)."""
    return {p.stem: p for p in sorted(SOURCE_DIR.glob('*.j2')) if not p.name.startswith('_')}


def build(name):
    """The DOCX bytes of starter template *name*."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(SOURCE_DIR)), undefined=jinja2.StrictUndefined,
                             block_start_string='<%', block_end_string='%>', variable_start_string='<<',
                             variable_end_string='>>', comment_start_string='<#', comment_end_string='#>',
                             lstrip_blocks=True)
    doc = Doc(name)
    doc.play(env.get_template(builders()[name].name).render())
    return doc.bytes()


def build_all(target=None):
    """Write every starter template into *target* (default: ``jobs/templates/paper``); returns the paths."""
    from .catalogue import starter_dir
    from ..files import write_bytes
    target = Path(target) if target else starter_dir()
    return [write_bytes(target / ('%s.docx' % name), build(name)) for name in builders()]


if __name__ == '__main__':
    for path in build_all(sys.argv[1] if len(sys.argv) > 1 else None):
        print(path)
