"""The operator's register with its problems marked in the cells («… — проверка.xlsx»).

``b2bkit check`` lists the problems in «Проверка реестра.xlsx»; the accountant
fixes them faster in the register itself. So :func:`write_copies` writes, for
every register file with problems, a copy into «Выгрузка/» in which each bad
cell is filled light red and carries the Russian message as a cell comment,
with a hint for the commonest causes (a leading zero lost, a client code typed
as a number, merged cells). The operator's own file is never touched; the
copy keeps its formatting (widths, fonts, fills, number formats, validation),
because openpyxl edits a loaded copy of the workbook in place.

Decisions, for the docs:

* an xlsx register → «Реестр юрлиц — проверка.xlsx», the same sheets and
  cells; what openpyxl cannot keep (charts and pictures in the register,
  macros of an .xlsm) is not in the copy — the original keeps them;
* a CSV register (``Клиенты.csv`` …) has no formatting to keep, and a CSV
  cannot carry colours or comments: the copy is an xlsx of the CSV's cells,
  every cell as text exactly as in the file (so no leading zero is lost on
  the way), «Клиенты — проверка.xlsx»; the fixes go into the CSV;
* header cells not recognised but close to a known optional column (a typo:
  «Телефон для СМС» for «Телефон для SMS») are found with :mod:`difflib` and
  reported as warnings (:func:`header_warnings`): today such a column is
  silently not read. Their cells are filled yellow;
* when the register is clean, an old copy is removed, so a stale one never
  misleads.
"""

import difflib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .. import operator_folder as folder
from ..files import replacing
from . import schema
from .csv_files import read_csv
from .validate import Problem, inn_error, kpp_error

SUFFIX = ' — проверка.xlsx'
#: Excel's own «bad» and «neutral» fills, so the marks look familiar.
ERROR_FILL = 'FFC7CE'
WARNING_FILL = 'FFEB9C'
AUTHOR = 'b2bkit check'
#: How similar (0…1, difflib's ratio) a header must be to a known one to be called a typo.
NEAR_MISS = 0.75
#: Registers larger than this are not copied: openpyxl loads the whole workbook into
#: memory, slow and large for big registers; the problem list still has every problem.
MAX_COPY_BYTES = 10 * 1024 * 1024


@dataclass
class Copy:
    """One written copy: its path, the cells marked and the problems only listed
    (a whole-file problem or one whose cell was not found)."""
    path: Path
    marked: int
    unplaced: int


def copy_name(source):
    """«Реестр юрлиц.xlsx» → «Реестр юрлиц — проверка.xlsx»."""
    return Path(source).stem + SUFFIX


def schema_for(path, sheet_name=None):
    """The register sheet a file (and, for xlsx, a sheet in it) holds, or ``None``."""
    path = Path(path)
    if path.suffix.lower() == '.csv':
        by_file = {folder.CLIENTS_CSV: schema.CLIENTS, folder.CHARGES_CSV: schema.CHARGES,
                   folder.PAYMENTS_CSV: schema.PAYMENTS}
        if path.name in by_file:
            return by_file[path.name]
    by_dir = {folder.CHARGES_DIR: schema.CHARGES, folder.PAYMENTS_DIR: schema.PAYMENTS}
    if path.parent.name in by_dir and path.name != folder.REGISTER_FILE:
        return by_dir[path.parent.name]
    key = schema.normalise_header(sheet_name)
    return next((s for s in schema.SHEETS if schema.normalise_header(s.name) == key), None)


# --- headers ---------------------------------------------------------------------------

def _header_row(rows, sheet_schema):
    """(Excel row number, [cell texts]) of the header among the first *rows*: the row
    with the most known headers; ``None`` when no row has one."""
    known = {schema.normalise_header(h) for h in sheet_schema.headers}
    best = None
    for number, row in enumerate(rows, 1):
        if number > schema.HEADER_SEARCH_ROWS:
            break
        texts = [v if isinstance(v, str) else '' for v in row]
        hits = sum(1 for t in texts if schema.normalise_header(t) in known)
        if hits and (best is None or hits > best[0]):
            best = (hits, number, texts)
    return None if best is None else (best[1], best[2])


def near_misses(headers, sheet_schema):
    """``[(index, text, meant header)]`` for header texts that are no known column
    but close to one missing from *headers*.

    >>> near_misses(['Код клиента', 'Телефон для СМС', 'Примечание'], schema.CLIENTS)
    [(1, 'Телефон для СМС', 'Телефон для SMS')]
    """
    present = {schema.normalise_header(h) for h in headers}
    missing = {schema.normalise_header(c.header): c.header for c in sheet_schema.columns
               if schema.normalise_header(c.header) not in present}
    known = {schema.normalise_header(h) for h in sheet_schema.headers}
    out = []
    for i, text in enumerate(headers):
        key = schema.normalise_header(text)
        if not key or key in known:
            continue
        match = difflib.get_close_matches(key, list(missing), n=1, cutoff=NEAR_MISS)
        if match:
            out.append((i, text, missing[match[0]]))
    return out


def _first_rows(path, limit=schema.HEADER_SEARCH_ROWS):
    """``{sheet name: its first *limit* rows}`` of the register sheets of a CSV file (one, ``None``) or
    an xlsx workbook, read by python-calamine: openpyxl parses the whole shared-string table first."""
    path = Path(path)
    if path.suffix.lower() == '.csv':
        return {None: list(read_csv(path, rows=limit).rows)}
    from .xlsx import open_workbook
    wb = open_workbook(path)
    try:
        return {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=limit)
                for name in wb.sheet_names if schema_for(path, name) is not None}
    finally:
        wb.close()


def header_warnings(paths):
    """Warnings (as :class:`Problem`, row = the header row) for misspelled headers
    of the register files *paths*: such a column is not read today."""
    out = []
    for path in paths:
        path = Path(path)
        try:
            sheets = _first_rows(path)
        except Exception:       # an unreadable file is already a problem of its own
            continue
        for name, rows in sheets.items():
            sheet_schema = schema_for(path, name)
            found = _header_row(rows, sheet_schema) if sheet_schema is not None else None
            if found is None:
                continue
            number, headers = found
            for _, text, meant in near_misses(headers, sheet_schema):
                out.append(Problem(path.name, name, number, text, None,
                                   'столбец не распознан и не читается; возможно, это «%s» — '
                                   'исправьте заголовок' % meant))
    return out


# --- the copy --------------------------------------------------------------------------

def hint(problem, cell, merged_range=None, from_csv=False):
    """A Russian hint for the commonest cause of *problem* at *cell*, or ``''``.

    >>> hint(Problem('Клиенты.csv', None, 5, 'ИНН', '274060114', 'ожидается ИНН'), None, from_csv=True)[:51]
    'Похоже, потерян ведущий ноль: «0274060114» — верный'
    """
    if merged_range is not None:
        return ('Ячейка входит в объединённые ячейки %s: значение есть только в первой из них, '
                'остальные читаются пустыми. Отмените объединение и заполните каждую строку.'
                % merged_range)
    column = schema.normalise_header(problem.column)
    value = problem.value if isinstance(problem.value, str) else ''
    numeric = cell is not None and cell.data_type == 'n' and cell.value is not None
    if column in ('инн', 'инн плательщика', 'кпп') and value.isdigit():
        check, length = (kpp_error, 9) if column == 'кпп' else (inn_error, len(value) + 1)
        fixed = value.zfill(length) if column == 'кпп' else '0' + value
        if len(value) in ((8,) if column == 'кпп' else (9, 11)) and check(fixed) is None:
            how = ('CSV открыли и сохранили в Excel, и он превратил столбец в числа' if from_csv
                   else 'значение записано числом' if numeric
                   else 'значение скопировали из программы, которая считает его числом')
            return ('Похоже, потерян ведущий ноль: «%s» — верный %s. Так бывает, когда %s. '
                    'Исправьте значение и храните столбец как текст (формат ячейки «Текстовый»).'
                    % (fixed, problem.column, how))
    if column == 'код клиента' and numeric:
        return ('Код клиента записан числом: ведущие нули пропадают (00017 → 17), и код не совпадает '
                'с листом «Клиенты». Задайте столбцу формат «Текстовый» и введите код заново.')
    return ''


def _load(path):
    """The workbook to mark: the xlsx itself, or a CSV's cells as text."""
    import openpyxl
    path = Path(path)
    if path.suffix.lower() != '.csv':
        return openpyxl.load_workbook(path), False
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = (schema_for(path) or schema.CLIENTS).name
    widths = {}
    for row in read_csv(path).rows:
        ws.append(list(row))
        for i, v in enumerate(row):
            widths[i] = max(widths.get(i, 8), min(len(v) + 2, 50))
    from openpyxl.utils import get_column_letter
    for row in ws.iter_rows():
        for c in row:
            c.number_format = '@'       # text, as in the file: «007» stays «007»
    for i, w in widths.items():
        ws.column_dimensions[get_column_letter(i + 1)].width = w
    return wb, True


def _sheet(wb, name):
    if name is None:
        return wb.worksheets[0]
    key = schema.normalise_header(name)
    return next((ws for ws in wb.worksheets if schema.normalise_header(ws.title) == key), None)


def _columns(ws, sheet_schema):
    """{normalised header: column number} of *ws*'s header row."""
    rows = [[c.value for c in r] for r in ws.iter_rows(max_row=schema.HEADER_SEARCH_ROWS)]
    found = _header_row(rows, sheet_schema) if sheet_schema is not None else None
    if found is None:
        return {}
    _, headers = found
    return {schema.normalise_header(h): i + 1 for i, h in enumerate(headers) if h}


def _merged_at(ws, cell):
    for rng in ws.merged_cells.ranges:
        if cell.coordinate in rng:
            return rng.coord
    return None


def annotate(source, problems, target, warnings=()):
    """Write *target*: *source* with *problems* (red) and *warnings* (yellow) marked."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill
    wb, from_csv = _load(source)
    notes = defaultdict(list)           # (sheet title, row, column) → texts
    fills = {}
    unplaced = 0
    column_maps = {}
    for kind, items in (('error', problems), ('warning', warnings)):
        for p in items:
            ws = _sheet(wb, p.sheet)
            if ws is None or not p.row:
                unplaced += 1
                continue
            if ws.title not in column_maps:
                column_maps[ws.title] = _columns(ws, schema_for(source, ws.title))
            col = column_maps[ws.title].get(schema.normalise_header(p.column))
            if col is None and kind == 'warning':
                col = _header_column(ws, p.row, p.column)
            if col is None:
                col = 1                 # a whole-row problem: noted on the row's first cell
            cell = ws.cell(p.row, col)
            merged = _merged_at(ws, cell)
            text = str(p.message) if p.value in (None, '') else '«%s» — %s' % (p.value, p.message)
            extra = hint(p, cell, merged, from_csv) if kind == 'error' else ''
            row, where = p.row, ''
            if merged is not None and merged.split(':')[0] != cell.coordinate:
                # only a merge's first cell takes a comment or a fill: the note goes there
                first = ws[merged.split(':')[0]]
                row, col, where = first.row, first.column, 'Строка %d, ячейка %s: ' % (p.row, cell.coordinate)
            notes[(ws.title, row, col)].append(where + text + ('\n' + extra if extra else ''))
            if fills.get((ws.title, row, col)) != 'error':
                fills[(ws.title, row, col)] = kind
    for (title, row, col), texts in notes.items():
        cell = wb[title].cell(row, col)
        body = '\n\n'.join(texts)
        comment = Comment(body, AUTHOR)
        comment.width = 320
        comment.height = min(60 + 16 * (len(body) // 40 + body.count('\n')), 400)
        cell.comment = comment
        colour = ERROR_FILL if fills[(title, row, col)] == 'error' else WARNING_FILL
        cell.fill = PatternFill('solid', start_color=colour, end_color=colour)
    with replacing(target) as tmp:
        wb.save(tmp)
    return Copy(Path(target), len(notes), unplaced)


def _header_column(ws, row, text):
    for c in ws[row]:
        if isinstance(c.value, str) and schema.normalise_header(c.value) == schema.normalise_header(text):
            return c.column
    return None


def write_copies(operator_dir, sources, problems, warnings=()):
    """Write a marked copy of every register file in *sources* that has problems or
    warnings into «Выгрузка/»; remove old copies of clean ones. Returns Russian lines."""
    out_dir = folder.output_dir(operator_dir)
    lines = []
    for source in sources:
        source = Path(source)
        mine = [p for p in problems if p.file == source.name]
        warn = [w for w in warnings if w.file == source.name]
        target = out_dir / copy_name(source)
        if not any(p.row for p in mine) and not warn:
            if target.exists():
                target.unlink()
            continue
        if source.stat().st_size > MAX_COPY_BYTES:
            lines.append('Копия «%s» с отметками не сделана: файл больше %d МБ — ошибки см. в отчёте.'
                         % (source.name, MAX_COPY_BYTES // (1024 * 1024)))
            continue
        try:
            made = annotate(source, mine, target, warn)
        except OSError as exc:
            lines.append('Не удалось записать %s (файл открыт в Excel?): %s' % (target, exc))
            continue
        what = 'копия CSV в xlsx' if source.suffix.lower() == '.csv' else 'копия реестра'
        lines.append('Ошибки отмечены в ячейках (%s, отмечено ячеек: %d): %s' % (what, made.marked, target))
    return lines


def register_sources(operator_dir, reg=None):
    """The register files to copy: those the reader read, else the ones present."""
    if reg is not None and reg.files:
        return [Path(f) for f in reg.files]
    d = Path(operator_dir)
    names = [folder.REGISTER_FILE] if (d / folder.REGISTER_FILE).exists() else \
        [folder.CLIENTS_CSV, folder.CHARGES_CSV, folder.PAYMENTS_CSV]
    return [d / n for n in names if (d / n).exists()]
