"""Every workbook the kit ships and writes, as a person sees it in LibreOffice (issue 18).

The ready workbooks (``workbooks/*.xlsx``) and the job outputs of a small demo
operator — «Проверка реестра», «Отчет по должникам», the owner's «Общий отчет» and weekly
«Отчет по продажам», «Документооборот» — go through real headless LibreOffice, each time all
of them in one launch:

* with the kit's macros installed, recalculating on load, saved back as xlsx — the books with
  formulas (the ready ones without their saved results); a job's book without any holds its
  values and is looked at as written: no
  cell shows ``#…`` / ``Err:`` / «#ОШИБКА», every chart's series have numbers, and
  the «functions not installed» line is empty;
* as a user's LibreOffice without the macros opens them (saved values kept), printed
  to PDF and read with pdftotext: no ``#NAME?`` anywhere, the «functions not
  installed» line visible on every sheet with B2B_… formulas, and every word of
  every wrapped header and of the colour legend printed whole (a column narrower
  than its longest header word breaks it mid-word: «Отработан|о дней»).

The files themselves are checked for what LibreOffice does not show but Excel
does: a row with wrapped text has a height for its lines (Excel does not grow a
row on open; the text then hides or spills over the row below).
"""

import datetime
import functools
import math
import os
import re
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from jobs import cli, operator_folder
from jobs.libreoffice import headless
from jobs.libreoffice import install as lo_install
from jobs.xlsx_writer import NOTICE
from test_libreoffice import CELL_ERRORS, ERROR_PREFIX, READY_WORKBOOKS, WORKBOOKS, _same, _without_cached_values

ROOT = Path(__file__).resolve().parents[1]
READY = sorted(WORKBOOKS.glob('*.xlsx'))
#: A working Tuesday with documents, debts and a finished month for the owner's report.
TODAY = datetime.date(2026, 11, 24)
#: A zone far from UTC: a check report stamped in UTC would be 10 hours off.
TIMEZONE = 'Asia/Vladivostok'
#: The job outputs under «Выгрузка», by file name pattern.
WRITTEN = {
    'проверка реестра': re.compile(r'^Проверка реестра\.xlsx$'),
    'отчёт по должникам': re.compile(r'^Отчет по должникам .*\.xlsx$'),
    'общий отчёт': re.compile(r'^Общий отчет .*\.xlsx$'),
    'документооборот': re.compile(r'^Документооборот .*\.xlsx$'),
    'продажи': re.compile(r'^Отчет по продажам .*\.xlsx$'),
}
ERROR_TEXTS = ('#NAME?', '#VALUE!', '#REF!', '#DIV/0!', '#N/A', '#NUM!', '#NULL!', 'Err:', '#ОШИБКА')


@pytest.fixture(scope='module')
def soffice():
    path = headless.find_soffice()
    if not path:
        message = 'LibreOffice (soffice) не установлен: выполните make libreoffice'
        if os.environ.get('CI', '').strip().lower() in ('true', '1', 'yes'):
            pytest.fail(message + ' (на CI это ошибка, а не пропуск)')
        pytest.skip(message)
    return path


def _written_books(base, demo_folders):
    """A small demo operator with every job run on TODAY; the xlsx files they wrote."""
    from jobs.debtors import run_job as debtors_job
    from jobs.documents import run_job as documents_job
    from jobs.report import run_job as report_job
    from jobs.sales import job as sales_job
    folder = demo_folders(base / 'оператор', today=TODAY, clients=30)     # init --demo, built once a session
    settings = folder / 'settings.toml'
    text, n = re.subn(r'(?m)^timezone = .*$', 'timezone = "%s"' % TIMEZONE,
                      settings.read_text(encoding='utf-8'))
    assert n == 1
    settings.write_text(text, encoding='utf-8')
    # Two bad cells, so «Проверка реестра» has rows: a short ИНН, an e-mail without «@».
    register = folder / operator_folder.REGISTER_FILE
    wb = openpyxl.load_workbook(register)
    clients = wb['Клиенты']
    header = [c.value for c in clients[1]]
    clients.cell(2, header.index('ИНН') + 1).value = '77123'
    clients.cell(3, header.index('E-mail для документов') + 1).value = 'бухгалтерия-на-почте-клиента'
    wb.save(register)
    before = datetime.datetime.now(datetime.timezone.utc)
    assert cli.main(['check', '--dir', str(folder)]) == 1
    after = datetime.datetime.now(datetime.timezone.utc)
    debtors_job(folder, TODAY, out=lambda *_: None)
    documents_job(folder, TODAY)
    report_job(folder, TODAY)
    sales_job.run_job(folder, TODAY, dry_run=True)          # the owner's weekly sales book is written
    found = {}
    for path in sorted(operator_folder.output_dir(folder).rglob('*.xlsx')):
        for kind, pattern in WRITTEN.items():
            if pattern.match(path.name):
                found.setdefault(kind, path)
    assert sorted(found) == sorted(WRITTEN), found
    return found, (before, after)


@pytest.fixture(scope='module')
def rendered(soffice, tmp_path_factory, demo_folders):
    """Both LibreOffice runs over every book (see the module's docstring)."""
    base = tmp_path_factory.mktemp('rendered')
    written, check_window = _written_books(base, demo_folders)
    books = {p.name: p for p in READY}
    books.update({p.name: p for p in written.values()})
    assert len(books) == len(READY) + len(WRITTEN)
    # Copies under plain names: one launch converts them all, and names stay unique. The ready
    # books go to the macros without their saved results: what LibreOffice shows is its own.
    src, stripped = base / 'in', base / 'stripped'
    src.mkdir()
    stripped.mkdir()
    copies, bare = {}, {}
    for i, (name, path) in enumerate(sorted(books.items())):
        copies[name] = src / ('book%02d.xlsx' % i)
        copies[name].write_bytes(path.read_bytes())
        bare[name] = (_without_cached_values(path, stripped / copies[name].name) if path.parent == WORKBOOKS
                      else copies[name])
    # A book without formulas (most job outputs) has nothing to recalculate: it is what it holds.
    formulas = [name for name, path in bare.items() if _has_formulas(path)]
    # every ready book is recalculated but the register template, which has no formula to recalculate
    assert {p.name for p in READY} - set(formulas) == {'Реестр юрлиц.xlsx'}, formulas
    with_macros = headless.prepare_profile(base / 'with-macros')
    lo_install.install(with_macros)
    recalculated = dict(copies, **dict(zip(formulas, headless.convert([bare[n] for n in formulas], base / 'xlsx',
                                                                      with_macros, timeout=300))))
    # A user's LibreOffice without the macros: saved values are kept on load (the default).
    plain = headless.prepare_profile(base / 'without-macros', recalc=False)
    pdfs = headless.convert(list(copies.values()), base / 'pdf', plain, fmt='pdf', timeout=300)
    names = list(copies)
    return dict(books=books, recalculated=recalculated,
                pdf_text={n: _pdf_text(p) for n, p in zip(names, pdfs)},
                check=written['проверка реестра'], check_window=check_window)


def _has_formulas(path):
    with zipfile.ZipFile(path) as z:
        return any(re.search(rb'<f[ >/]', z.read(n)) for n in z.namelist() if n.startswith('xl/worksheets/'))


def _pdf_text(path):
    out = subprocess.run(['pdftotext', '-raw', str(path), '-'], capture_output=True, timeout=60, check=True)
    return _words(out.stdout.decode('utf-8'))


def _words(text):
    """*text* with its line breaks as single spaces; a break after a hyphen («детей-|инвалидов»)
    is a proper one and reads as none."""
    return re.sub(r'-\s+', '-', ' '.join(text.split()))


@functools.lru_cache(maxsize=None)
def _book(path, data_only=False):
    """The book at *path* as openpyxl reads it, once per module (each book is looked at by several
    tests and helpers; they only read it — a looked-up empty cell openpyxl adds holds no value)."""
    return openpyxl.load_workbook(path, data_only=data_only)


def _strings(path, data_only=True):
    """(sheet, coordinate, text) of every text cell of the book at *path*."""
    wb = _book(path, data_only)
    return [(ws.title, c.coordinate, c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


@pytest.mark.libreoffice
def test_no_error_cells_after_recalculation_with_the_macros(rendered):
    problems = []
    for name, path in rendered['recalculated'].items():
        for sheet, coordinate, text in _strings(path):
            if text.startswith(ERROR_TEXTS) or 'Err:' in text:
                problems.append('%s, «%s»!%s: %s' % (name, sheet, coordinate, text))
            if NOTICE[:30] in text:
                problems.append('%s, «%s»!%s: строка «функции не установлены» при установленных '
                                'функциях' % (name, sheet, coordinate))
    assert not problems, '\n'.join(problems[:30])


@pytest.mark.libreoffice
def test_without_the_macros_saved_values_stay_and_the_notice_says_how_to_install(rendered):
    problems = []
    for name, text in rendered['pdf_text'].items():
        for error in ERROR_TEXTS:
            if error in text:
                problems.append('%s: «%s» в напечатанном тексте' % (name, error))
        # one notice per sheet that has B2B_… formulas
        formulas = _book(rendered['books'][name])
        sheets = [ws.title for ws in formulas.worksheets
                  if any(isinstance(c.value, str) and c.data_type == 'f' and 'B2B_' in c.value
                         for row in ws.iter_rows() for c in row)]
        shown = text.count(NOTICE[:40])
        if shown != len(sheets):
            problems.append('%s: строк «функции не установлены» %d, листов с функциями %d (%s)'
                            % (name, shown, len(sheets), ', '.join(sheets)))
    assert not problems, '\n'.join(problems)
    assert any(NOTICE[:40] in t for t in rendered['pdf_text'].values())


def _series(path):
    """(chart, categories reference or None, values reference) of every chart series in the
    book at *path*."""
    found = []
    with zipfile.ZipFile(path) as z:
        for item in sorted(n for n in z.namelist() if re.match(r'xl/charts/chart\d+\.xml$', n)):
            for ser in re.findall(r'<c:ser>(.*?)</c:ser>', z.read(item).decode('utf-8'), re.S):
                cat = re.search(r'<c:cat>.*?<c:f>([^<]+)</c:f>', ser, re.S)
                val = re.search(r'<c:val>.*?<c:f>([^<]+)</c:f>', ser, re.S)
                assert val, (path.name, item)
                found.append((item, cat.group(1) if cat else None, val.group(1)))
    return found


def _range_values(wb, ref):
    m = re.fullmatch(r"'?(.+?)'?!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?", ref)
    assert m, ref
    ws = wb[m.group(1).replace("''", "'")]
    c1, r1 = column_index_from_string(m.group(2)), int(m.group(3))
    c2 = column_index_from_string(m.group(4)) if m.group(4) else c1
    r2 = int(m.group(5)) if m.group(5) else r1
    return [ws.cell(r, c).value for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


@pytest.mark.libreoffice
def test_every_chart_has_data_and_no_empty_bars(rendered):
    """Recalculated with the macros, every series has numbers and labels; a point without a
    label (an empty row of a table) has no value either — not a bar «0» for nobody."""
    series, problems = 0, []
    for name, path in rendered['books'].items():
        found = _series(path)
        if not found:
            continue
        wb = _book(rendered['recalculated'][name], data_only=True)
        for chart, cat, val in found:
            series += 1
            values = _range_values(wb, val)
            labels = _range_values(wb, cat) if cat else [True] * len(values)
            if not any(_number(v) and v for v in values):
                problems.append('%s, %s: ряд %s без чисел: %r' % (name, chart, val, values))
            if not any(v not in (None, '') for v in labels):
                problems.append('%s, %s: подписи %s пусты' % (name, chart, cat))
            empty = [v for v, label in zip(values, labels) if label in (None, '') and _number(v)]
            if empty:
                problems.append('%s, %s: у ряда %s %d точек без подписи со значением %r'
                                % (name, chart, val, len(empty), empty[0]))
    assert not problems, '\n'.join(problems)
    assert series >= 10      # budget, potential ×2, debtors, debtors report, owner report (5 + 3) …


@pytest.mark.libreoffice
def test_ready_workbooks_recalculate_to_their_saved_values(rendered):
    """Every ready book, its saved results removed, recalculated by LibreOffice with the macros:
    each cell as the kit saved it (the kit computes every formula cell's value when it writes it)."""
    present = {p.name for p in READY}
    missing = [name for name in READY_WORKBOOKS if name not in present]
    assert not missing, 'в workbooks/ нет готовых книг: %s' % ', '.join(missing)
    problems = []
    for original in READY:
        saved = _book(original, data_only=True)
        formulas = _book(original)
        again = openpyxl.load_workbook(rendered['recalculated'][original.name], data_only=True)
        for ws in saved.worksheets:
            other = again[ws.title]
            for row in ws.iter_rows():
                for c in row:
                    new = other[c.coordinate].value
                    if isinstance(new, str) and (new.startswith(ERROR_PREFIX) or new in CELL_ERRORS
                                                 or new.startswith('Err:')):
                        problems.append('%s, лист «%s», %s: ошибка %s' % (
                            original.name, ws.title, c.coordinate, new))
                    elif not _same(c.value, new) and not (c.value in (None, '') and new in (None, '')):
                        problems.append('%s, лист «%s», %s (%s): сохранено %r, LibreOffice %r' % (
                            original.name, ws.title, c.coordinate,
                            formulas[ws.title][c.coordinate].value, c.value, new))
    assert not problems, '\n'.join(problems[:40])


# --- what the files say about their own layout -----------------------------------------------

def _width(ws, col):
    """A column's width in characters (openpyxl groups equal columns under the first letter)."""
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max and dim.min <= col <= dim.max and dim.width:
            return dim.width
    return 8.43


def _wrapped_cells(path):
    wb = _book(path)
    for ws in wb.worksheets:
        merged = {c for rng in ws.merged_cells.ranges for row in ws.iter_rows(
            min_row=rng.min_row, max_row=rng.max_row, min_col=rng.min_col, max_col=rng.max_col) for c in row}
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.data_type != 'f' and c.alignment.wrap_text \
                        and c.value.strip() and c not in merged:
                    yield ws, c


def _min_lines(text, width):
    """A lower bound of the lines *text* needs in a column *width* characters wide: one
    character takes at least a «0»'s width (Cyrillic letters are wider, bold more)."""
    return sum(max(1, math.ceil(len(p) / max(width - 1, 1))) for p in text.split('\n'))


@pytest.mark.parametrize('name', [p.name for p in READY])
def test_ready_workbooks_wrapped_rows_are_tall_enough_and_columns_fit_the_longest_word(name):
    _check_wrapped_layout(ROOT / 'workbooks' / name)


@pytest.mark.libreoffice
def test_written_workbooks_wrapped_rows_are_tall_enough_and_columns_fit_the_longest_word(rendered):
    for name, path in rendered['books'].items():
        if path.parent != ROOT / 'workbooks':
            _check_wrapped_layout(path)


def _check_wrapped_layout(path):
    problems = []
    for ws, c in _wrapped_cells(path):
        width = _width(ws, c.column)
        word = max(c.value.split(), key=len)
        if len(word) > width - 1 and len(word) <= 50:
            problems.append('«%s»!%s: слово «%s» (%d) шире столбца %s (%.1f)' % (
                ws.title, c.coordinate, word, len(word), get_column_letter(c.column), width))
        lines = _min_lines(c.value, width)
        height = ws.row_dimensions[c.row].height
        if lines > 1 and (height is None or height < lines * 14):
            problems.append('«%s»!%s: «%s» — не меньше %d строк, высота строки %s' % (
                ws.title, c.coordinate, c.value[:40], lines, height))
    # A text that does not wrap is cut off where the next cell has something: it must fit.
    wb = _book(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if (isinstance(c.value, str) and c.data_type != 'f' and not c.alignment.wrap_text
                        and ws.cell(c.row, c.column + 1).value not in (None, '')
                        and len(c.value) > _width(ws, c.column)):
                    problems.append('«%s»!%s: «%s» (%d) обрезан соседней ячейкой, ширина %.1f' % (
                        ws.title, c.coordinate, c.value[:40], len(c.value), _width(ws, c.column)))
    assert not problems, '%s:\n%s' % (path.name, '\n'.join(problems[:30]))


@pytest.mark.libreoffice
def test_printed_header_words_and_legends_are_whole(rendered):
    """pdftotext reads each cell's lines in order: a header broken mid-word reads
    «Отработан о дней», a cut legend «расчё»."""
    problems = []
    for name, path in rendered['books'].items():
        text = rendered['pdf_text'][name]
        for ws, c in _wrapped_cells(path):
            if c.font.b and len(c.value) <= 80:     # the headers
                words = _words(c.value)
                if words not in text:
                    problems.append('%s, «%s»!%s: «%s» не напечатан целиком' % (name, ws.title, c.coordinate,
                                                                             words))
        for sheet, coordinate, value in _strings(path, data_only=False):
            if value in ('ввод', 'расчёт') and not re.search(r'(^|\s)%s(\s|$)' % value, text):
                problems.append('%s, «%s»!%s: легенда «%s» обрезана' % (name, sheet, coordinate, value))
    assert not problems, '\n'.join(problems[:30])


@pytest.mark.libreoffice
def test_check_report_is_stamped_in_the_operators_time(rendered):
    """settings.toml says Asia/Vladivostok (UTC+10): the report's first line shows that clock."""
    from zoneinfo import ZoneInfo
    title = openpyxl.load_workbook(rendered['check'])['Ошибки']['A1'].value
    before, after = rendered['check_window']
    zone = ZoneInfo(TIMEZONE)
    allowed = {(before + datetime.timedelta(minutes=m)).astimezone(zone).strftime('%d.%m.%Y %H:%M')
               for m in range(int((after - before).total_seconds() // 60) + 2)}
    assert any(title == 'Проверка реестра от %s' % stamp for stamp in allowed), (title, allowed)


@pytest.mark.libreoffice
def test_the_sales_book_prints_its_rubles_as_they_are(rendered):
    """The owner's weekly sales book as LibreOffice prints it: every amount in rubles reads as the
    cell holds it — «3,600.00 ₽» in the profile's en-US, «3 600,00 ₽» in a ru-RU one; never «3,60 ₽»,
    what the unescaped ``#,##0.00 "₽"`` turns it into in a Russian LibreOffice."""
    name, path = next((n, p) for n, p in rendered['books'].items() if WRITTEN['продажи'].match(n))
    text = rendered['pdf_text'][name]
    wb = _book(path, data_only=True)
    title = wb.worksheets[0]['A1'].value
    assert 'продажи юрлицам на 23.11.2026' in title and _words(title) in text
    amounts = {round(c.value, 2) for ws in wb.worksheets for row in ws.iter_rows() for c in row
               if _number(c.value) and '₽' in (c.number_format or '') and c.value >= 1000}
    assert len(amounts) >= 3, amounts
    for value in sorted(amounts):
        en = '{:,.2f} ₽'.format(value)
        ru = en.replace(',', ' ').replace('.', ',')
        assert en in text or ru in text, (value, text[:600])
