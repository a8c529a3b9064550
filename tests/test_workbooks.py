"""The ready workbooks (SPEC section 4), read back with openpyxl and python-calamine.

Every formula cell's cached value is recomputed independently: the formula text
is parsed, the cells it references are read back from the file, and catalogue
functions are called through :func:`addin.catalogue.call` (built-ins — SUM,
COUNTIF, SUMIF, ROUND, arithmetic — by a small evaluator here).
"""

import datetime
import functools
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.formula import ArrayFormula
from python_calamine import CalamineWorkbook
from stdnum.ru import inn as inn_check
from stdnum.ru import ogrn as ogrn_check

from addin import catalogue
from addin.model.rounding import round_half_up, to_decimal
from jobs.cli import main
from jobs.registers import schema
from jobs.workbooks import WORKBOOKS, build_all, build_payroll
from jobs.xlsx_writer import Book

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / 'workbooks'
NAMES = list(WORKBOOKS)

#: Workbook → chart titles it must carry (SPEC 4 / issue 3).
CHARTS = {
    'Потенциал и штат.xlsx': ['Рынок юрлиц в зоне покрытия', 'Личные планы менеджеров'],
    'Бюджет отдела продаж.xlsx': ['Накопленный денежный поток отдела продаж'],
    'Должники.xlsx': ['Долг по срокам просрочки'],
}


@pytest.fixture(scope='module')
def fresh(tmp_path_factory):
    folder = tmp_path_factory.mktemp('workbooks')
    build_all(folder)
    return folder


# -- reading ------------------------------------------------------------------------

def _norm(v):
    """Reader values on one footing: '' → None, whole floats → int, bools stay."""
    if v == '':
        return None
    if isinstance(v, float) and v == int(v) and abs(v) < 2 ** 53:
        return int(v)
    return v


class Loaded:
    """A workbook read three ways: formulas (openpyxl), cached values (openpyxl
    data_only and python-calamine)."""

    def __init__(self, path):
        self.path = path
        self.formulas = openpyxl.load_workbook(path)
        cal = CalamineWorkbook.from_path(str(path))
        self.calamine = {}
        for name in cal.sheet_names:
            rows = cal.get_sheet_by_name(name).to_python(skip_empty_area=False)
            self.calamine[name] = {(r + 1, c + 1): _norm(v) for r, row in enumerate(rows)
                                   for c, v in enumerate(row) if _norm(v) is not None}
        self.names = {n: d.attr_text for n, d in self.formulas.defined_names.items()}

    @functools.cached_property
    def cached(self):
        """The saved values as openpyxl reads them (only one test compares them with calamine's)."""
        return openpyxl.load_workbook(self.path, data_only=True)

    def value(self, sheet, row, col):
        return self.calamine[sheet].get((row, col))

    def formula_cells(self):
        for ws in self.formulas.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    v = cell.value
                    if isinstance(v, ArrayFormula) or (isinstance(v, str) and cell.data_type == 'f'):
                        yield ws.title, cell, v


@pytest.fixture(scope='module')
def loaded(fresh):
    return {name: Loaded(fresh / name) for name in NAMES}


# -- an independent evaluator of the formulas the workbooks use ------------------------

TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<ref>(?:'(?P<qsheet>[^']+)'!|(?P<sheet>[A-Za-z_]\w*)!)?
            \$?(?P<c1>[A-Z]{1,3})\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Z]{1,3})\$?(?P<r2>\d+))?(?![\w(]))
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<str>"(?:[^"]|"")*")
  | (?P<func>[A-Za-z_][\w.]*)(?=\()
  | (?P<name>[^\W\d]\w*)
  | (?P<op>[-+*/(),])
""", re.VERBOSE | re.UNICODE)


class Range:
    def __init__(self, rows):
        self.rows = rows

    def flat(self):
        return [v for row in self.rows for v in row]


class Evaluator:
    """Evaluates =… formulas of the ready workbooks against values read back from the file."""

    def __init__(self, book, sheet):
        self.book, self.sheet = book, sheet

    def tokens(self, text):
        pos, out = 0, []
        while pos < len(text):
            m = TOKEN.match(text, pos)
            assert m, 'cannot parse %r at %d' % (text, pos)
            pos = m.end()
            if m.lastgroup != 'ws':
                out.append(m)
        return out

    def range_value(self, sheet, c1, r1, c2=None, r2=None):
        c1, r1 = column_index_from_string(c1), int(r1)
        c2 = column_index_from_string(c2) if c2 else c1
        r2 = int(r2) if r2 else r1
        rows = tuple(tuple(self.book.value(sheet, r, c) for c in range(c1, c2 + 1))
                     for r in range(r1, r2 + 1))
        return rows[0][0] if (r1, c1) == (r2, c2) else Range(rows)

    def ref(self, text, default_sheet):
        m = TOKEN.fullmatch(text)
        assert m and m.lastgroup == 'ref', text
        sheet = m.group('qsheet') or m.group('sheet') or default_sheet
        return self.range_value(sheet, m.group('c1'), m.group('r1'), m.group('c2'), m.group('r2'))

    def evaluate(self, formula):
        self.toks = self.tokens(formula.lstrip('='))
        self.i = 0
        value = self.expr()
        assert self.i == len(self.toks), formula
        return value

    def peek(self):
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self, op=None):
        t = self.toks[self.i]
        if op is not None:
            assert t.group() == op, (t.group(), op)
        self.i += 1
        return t

    def expr(self):
        v = self.term()
        while self.peek() is not None and self.peek().group() in '+-':
            op = self.take().group()
            w = self.term()
            v = _d(v) + _d(w) if op == '+' else _d(v) - _d(w)
        return v

    def term(self):
        v = self.factor()
        while self.peek() is not None and self.peek().group() in ('*', '/'):
            op = self.take().group()
            w = self.factor()
            v = _d(v) * _d(w) if op == '*' else _d(v) / _d(w)
        return v

    def factor(self):
        t = self.peek()
        if t.group() == '-':
            self.take()
            return -_d(self.factor())
        if t.group() == '(':
            self.take('(')
            v = self.expr()
            self.take(')')
            return v
        self.take()
        kind = t.lastgroup
        if kind == 'num':
            return Decimal(t.group())
        if kind == 'str':
            return t.group()[1:-1].replace('""', '"')
        if kind == 'ref':
            return self.ref(t.group(), self.sheet)
        if kind == 'name':
            target = self.book.names[t.group()]
            sheet, _, cells = target.lstrip('=').rpartition('!')
            return self.ref("'%s'!%s" % (sheet.strip("'"), cells), None)
        if kind == 'func':
            return self.call(t.group())
        raise AssertionError('unexpected %r' % t.group())

    def call(self, name):
        self.take('(')
        args = []
        while True:
            if self.peek().group() in (',', ')'):
                args.append(None)       # an empty argument: the function's default
            else:
                args.append(self.expr())
            if self.take().group() == ')':
                break
        if args == [None]:
            args = []
        if name.startswith('B2B_'):
            values = [a.rows if isinstance(a, Range) else _cell(a) for a in args]
            return catalogue.call(name, values)
        return BUILTINS[name](*args)


def _d(v):
    if isinstance(v, Decimal):
        return v
    if v is None or v == '':
        return Decimal(0)
    return to_decimal(v)


def _cell(v):
    """An evaluator value as a cell value passed to a function."""
    if isinstance(v, Decimal):
        return float(v)
    return v


def _matches(v, criterion):
    return isinstance(v, str) and isinstance(criterion, str) and v.lower() == criterion.lower()


BUILTINS = {
    'DATE': lambda y, m, d: datetime.date(int(y), int(m), int(d)),
    'SUM': lambda *rs: sum((_d(v) for r in rs for v in (r.flat() if isinstance(r, Range) else [r])
                            if not isinstance(v, str)), Decimal(0)),
    'ROUND': lambda v, digits: round_half_up(_d(v), int(digits)),
    'COUNTIF': lambda r, crit: Decimal(sum(1 for v in r.flat() if _matches(v, crit))),
    'SUMIF': lambda r, crit, s: sum((_d(a) for v, a in zip(r.flat(), s.flat()) if _matches(v, crit)),
                                    Decimal(0)),
    # The functions notice and the provisional warning: here every B2B_… computes, so
    # nothing is an error (tests/test_rendered_workbooks.py sees the notice without macros).
    'IF': lambda test, yes, no='': yes if test else no,
    'ISBLANK': lambda v=None: v is None or v == '',      # a blank cell reads as no argument
    'ISERROR': lambda v: False,
    'IFERROR': lambda v, alternative: v,
    'NOW': lambda: Decimal(46000),
    'ROWS': lambda r: Decimal(len(r.rows)) if isinstance(r, Range) else Decimal(1),
}


def _same(cached, expected):
    if cached is None:
        # An empty text result (the provisional warning of a published year) is stored
        # as XlsxWriter stores "": an empty <v/>, read back as a blank cell.
        return expected == ''
    if isinstance(expected, str) or isinstance(cached, str):
        return cached == expected
    if isinstance(expected, Decimal):
        return abs(_d(cached) - expected) <= Decimal('1e-9') * max(1, abs(expected))
    return float(cached) == float(expected)      # UDF results: exactly the model's value


def _cell_range(ref):
    first, _, last = ref.partition(':')
    m1 = re.fullmatch(r'([A-Z]+)(\d+)', first)
    m2 = re.fullmatch(r'([A-Z]+)(\d+)', last or first)
    return (int(m1.group(2)), column_index_from_string(m1.group(1)),
            int(m2.group(2)), column_index_from_string(m2.group(1)))


# -- tests --------------------------------------------------------------------------------

def test_five_workbooks_committed_with_russian_names():
    assert sorted(p.name for p in COMMITTED.glob('*.xlsx')) == sorted(NAMES)
    assert NAMES == ['Потенциал и штат.xlsx', 'Зарплата отдела продаж.xlsx',
                     'Бюджет отдела продаж.xlsx', 'Должники.xlsx', 'Реестр юрлиц.xlsx']


@pytest.mark.parametrize('name', NAMES)
def test_every_formula_cell_holds_the_models_value(loaded, name):
    book = loaded[name]
    checked = 0
    for sheet, cell, formula in book.formula_cells():
        ev = Evaluator(book, sheet)
        if isinstance(formula, ArrayFormula):
            result = ev.evaluate(formula.text)
            r1, c1, r2, c2 = _cell_range(formula.ref)
            assert (r1, c1) == (cell.row, cell.column)
            # Entered over exactly the result's range, so every element shows.
            assert (r2 - r1 + 1, c2 - c1 + 1) == (len(result), len(result[0])), formula.ref
            for i, row in enumerate(result):
                for j, expected in enumerate(row):
                    cached = book.value(sheet, r1 + i, c1 + j)
                    assert (cached is not None or expected == '') and _same(cached, expected), \
                        (name, sheet, formula.text, i, j, cached, expected)
                    checked += 1
        else:
            expected = ev.evaluate(formula)
            assert not isinstance(expected, list), (name, sheet, cell.coordinate, formula)
            cached = book.value(sheet, cell.row, cell.column)
            assert (cached is not None or expected == '') and _same(cached, expected), \
                (name, sheet, cell.coordinate, formula, cached, expected)
            checked += 1
    if name != 'Реестр юрлиц.xlsx':
        assert checked > 10


@pytest.mark.parametrize('name', NAMES)
def test_openpyxl_and_calamine_read_the_same_values(loaded, name):
    book = loaded[name]
    for ws in book.cached.worksheets:
        seen = {}
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if hasattr(v, 'date') and not isinstance(v, str):
                    v = v.date() if hasattr(v, 'hour') else v
                v = _norm(v)
                if v is not None:
                    seen[(cell.row, cell.column)] = v
        cal = {k: (v.date() if hasattr(v, 'hour') else v) for k, v in book.calamine[ws.title].items()}
        assert seen == cal, ws.title


@pytest.mark.parametrize('name', NAMES)
def test_catalogue_functions_by_bare_name_and_no_array_formulas(loaded, name):
    book = loaded[name]
    for sheet, cell, formula in book.formula_cells():
        # Issue 18: LibreOffice without the macros turns an array formula of B2B_… into
        # #NAME? on load but keeps an ordinary formula's saved value — so table functions
        # are entered one cell at a time (row / column given), never as array formulas.
        assert not isinstance(formula, ArrayFormula), (name, sheet, cell.coordinate, formula.text)
        assert '_xludf' not in formula and '_xlfn' not in formula, formula
        for fname in re.findall(r'\b(B2B_\w+)\(', formula):
            assert fname in catalogue.BY_NAME, (name, sheet, formula)


@pytest.mark.parametrize('name', NAMES)
def test_every_sheet_with_functions_says_how_to_install_them(loaded, name):
    """The notice line: on every sheet with B2B_… formulas, with an empty saved value."""
    book = loaded[name]
    with_functions, with_notice = set(), set()
    for sheet, cell, formula in book.formula_cells():
        if 'B2B_' in formula:
            with_functions.add(sheet)
        if formula.startswith('=IF(ISERROR(B2B_') and 'b2bkit libreoffice install' in formula:
            with_notice.add(sheet)
            assert book.value(sheet, cell.row, cell.column) in (None, ''), (sheet, cell.coordinate)
    assert with_functions == with_notice


def test_committed_files_equal_freshly_built(loaded):
    for name in NAMES:
        committed, fresh = Loaded(COMMITTED / name), loaded[name]
        assert committed.formulas.sheetnames == fresh.formulas.sheetnames
        assert committed.names == fresh.names
        assert committed.calamine == fresh.calamine, name
        for a, b in zip(committed.formulas.worksheets, fresh.formulas.worksheets):
            fa = {(c.row, c.column): str(getattr(c.value, 'text', c.value)) for r in a.iter_rows()
                  for c in r if c.data_type == 'f' or isinstance(c.value, ArrayFormula)}
            fb = {(c.row, c.column): str(getattr(c.value, 'text', c.value)) for r in b.iter_rows()
                  for c in r if c.data_type == 'f' or isinstance(c.value, ArrayFormula)}
            assert fa == fb, (name, a.title)


def test_rebuilding_is_byte_identical(fresh, tmp_path):
    build_all(tmp_path)
    for name in NAMES:
        assert (tmp_path / name).read_bytes() == (fresh / name).read_bytes(), name


def test_files_keep_cached_values_on_open(fresh):
    """No full recalculation on load: without the add-in the saved numbers stay."""
    for name in NAMES:
        with zipfile.ZipFile(fresh / name) as z:
            xml = z.read('xl/workbook.xml').decode()
        assert 'fullCalcOnLoad' not in xml, name


def _chart_titles(path):
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith('xl/charts/chart')]
        texts = []
        for n in charts:
            xml = z.read(n).decode()
            texts.append(''.join(re.findall(r'<a:t>([^<]*)</a:t>', xml)))
            # Every series points at a range of this workbook's sheets, not at nothing.
            assert '<c:f>' in xml, n
        return texts


@pytest.mark.parametrize('name', NAMES)
def test_charts_where_listed(fresh, name):
    titles = _chart_titles(fresh / name)
    expected = CHARTS.get(name, [])
    assert len(titles) == len(expected)
    for want in expected:
        assert any(t.startswith(want) for t in titles), (want, titles)


@pytest.mark.parametrize('name', NAMES)
def test_no_text_cell_starts_like_a_formula(loaded, name):
    book = loaded[name]
    for sheet, cells in book.calamine.items():
        for (r, c), v in cells.items():
            if isinstance(v, str):
                assert not v.startswith(('=', '+', '-', '@')), (sheet, r, c, v)
    for ws in book.formulas.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == 'f' or isinstance(cell.value, ArrayFormula):
                    text = getattr(cell.value, 'text', cell.value)
                    # Only our formulas: catalogue functions, SUM/COUNTIF/SUMIF/ROUND, arithmetic.
                    assert Evaluator(book, ws.title).tokens(text.lstrip('='))


def test_text_helper_stores_formula_like_text_as_text(tmp_path):
    path = tmp_path / 'x.xlsx'
    book = Book(path, 'проверка')
    s = book.sheet('Лист')
    for i, text in enumerate(['=1+2', '+7 912 000-00-00', '-5', '@SUM(A1)']):
        s.text((i, 0), text)
        s.input((i, 1), text, 'in_text')
    book.close()
    wb = openpyxl.load_workbook(path)
    with zipfile.ZipFile(path) as z:
        assert '<f>' not in z.read('xl/worksheets/sheet1.xml').decode()
    cal = CalamineWorkbook.from_path(str(path)).get_sheet_by_name('Лист').to_python()
    assert [row[0] for row in cal] == ['=1+2', '+7 912 000-00-00', '-5', '@SUM(A1)']
    assert [row[1] for row in cal] == ['=1+2', '+7 912 000-00-00', '-5', '@SUM(A1)']
    assert wb.active['A1'].data_type in ('s', 'f')  # openpyxl's own guess; the XML has no <f>


# -- inputs marked and validated ------------------------------------------------------------

def _fill(cell):
    return (cell.fill.fgColor.rgb or '')[-6:].upper()


@pytest.mark.parametrize('name', NAMES[:4])
def test_inputs_are_marked_validated_and_money_formatted(loaded, name):
    book = loaded[name]
    inputs = money = 0
    validated = 0
    for ws in book.formulas.worksheets:
        validated += len(ws.data_validations.dataValidation)
        assert ws.freeze_panes, ws.title
        sheet_inputs = 0
        for row in ws.iter_rows():
            for cell in row:
                if _fill(cell) == 'FFF2CC' and cell.value is not None and cell.row > 3:
                    sheet_inputs += 1
                    assert cell.data_type != 'f', cell.coordinate   # inputs are never formulas
                if '₽' in (cell.number_format or ''):
                    money += 1
                    assert cell.number_format.startswith('#,##0.00'), cell.number_format
        if sheet_inputs:
            # The legend explains the colours wherever there is something to fill in.
            # (short words: a legend cell shows whole in any column width)
            legend = [c for r in ws.iter_rows(max_row=3) for c in r if c.value in ('ввод', 'расчёт')]
            assert [(c.value, _fill(c)) for c in legend] == [('ввод', 'FFF2CC'), ('расчёт', 'E2EFDA')]
        inputs += sheet_inputs
    assert inputs >= 5 and validated >= 3 and money >= 3


# -- hand-checked values -------------------------------------------------------------------

def _find(book, sheet, label):
    for (r, c), v in book.calamine[sheet].items():
        if v == label:
            return book.value(sheet, r, c + 1)
    raise AssertionError(label)


def test_demo_and_potential_workbook_one_sample_one_basis_one_label(loaded):
    """Issue 18.5: `b2bkit demo` printed 2 support managers (today's 420 clients), «Потенциал и
    штат» showed 4 (clients after the potential) for the same sample. Both now start from the
    same sample and print the workbook's figures under the workbook's labels."""
    import inspect
    from addin import model
    from jobs.commands import demo
    from jobs.textfmt import number
    from jobs.workbooks import potential
    inputs = {name: value for _, value, _, _, name, _ in potential.INPUTS}
    assert (demo.SAMPLE['households'], demo.SAMPLE['own_clients'], demo.SAMPLE['competitors'],
            demo.SAMPLE['months']) == (inputs['Квартир'], inputs['Наших_клиентов'], inputs['Конкурентов'],
                                       inputs['Месяцев'])
    # what the demo leaves to the model's defaults is what the workbook types in
    defaults = inspect.signature(model.potential).parameters
    assert (defaults['reachable_share'].default, defaults['strength'].default) == (
        Decimal(str(inputs['Доля_досягаемых'])), Decimal(str(inputs['Сила_предложения'])))
    assert inspect.signature(model.support_managers).parameters['clients_per_manager'].default == \
        inputs['Клиентов_на_менеджера']
    book, s = loaded['Потенциал и штат.xlsx'], potential.SHEET
    clients_after = _find(book, s, potential.CLIENTS_AFTER_LABEL)
    support = _find(book, s, potential.SUPPORT_LABEL)
    assert (clients_after, support) == (900, 4)          # 420 + 480; ⌈900 / 250⌉ = 4
    report = demo.sample_report(datetime.date(2026, 11, 24))
    assert '%s: %s' % (potential.CLIENTS_AFTER_LABEL, number(clients_after)) in report
    assert '%s: %d ' % (potential.SUPPORT_LABEL, support) in report
    assert report.count(potential.SUPPORT_LABEL) == 1


def test_budget_pays_back_in_month_9_spec_public_check(loaded):
    book = loaded['Бюджет отдела продаж.xlsx']
    # SPEC 3.6: cost 200 000, 10 new a month, ARPU 5 000, no churn → month 9.
    assert _find(book, 'Бюджет', 'Итого расходов в месяц') == 200000
    assert _find(book, 'Бюджет', 'Окупаемость, месяц') == 9
    table = [(r, v) for (r, c), v in book.calamine['Бюджет'].items() if c == 1 and isinstance(v, int)]
    months = {v: r for r, v in table if 1 <= v <= 36 and book.value('Бюджет', r, 4) is not None}
    assert len(months) == 36
    # Month 8: revenue of 0+10+…+70 clients × 5 000 = 1 400 000 − 8 × 200 000 = −200 000.
    assert book.value('Бюджет', months[8], 4) == -200000
    assert book.value('Бюджет', months[9], 4) == 0
    assert book.value('Бюджет', months[9], 2) == 90


def test_potential_sample_by_hand(loaded):
    book = loaded['Потенциал и штат.xlsx']
    s = 'Потенциал и штат'
    assert _find(book, s, 'Юрлиц в зоне покрытия') == 3000           # 60 000 / 20 × 1
    assert _find(book, s, 'Дополнительный потенциал, подключений') == 480   # 3000·0.9/3 − 420
    assert _find(book, s, 'План подключений в месяц') == 27          # ⌈480 / 18⌉
    assert _find(book, s, 'Менеджеров по продажам') == 3             # ⌈(27/0.25)/(3·21·0.7)⌉
    assert _find(book, s, 'Менеджеров сопровождения') == 4           # ⌈900 / 250⌉
    plans = [book.value(s, r, 4) for (r, c), v in book.calamine[s].items()
             if c == 1 and v in ('Иванова Анна Сергеевна', 'Петров Дмитрий Николаевич',
                                 'Сидоров Кирилл Леонидович')]
    assert plans == [11, 9, 7]                                       # 27 × 1.2 : 1.0 : 0.8 / 3


def _payroll_columns(book, sheet):
    return {v: c for (r, c), v in book.calamine[sheet].items() if r == 4}


def test_payroll_settings_by_name(loaded):
    book = loaded['Зарплата отдела продаж.xlsx']
    names = book.names
    assert names['Год_расчёта'] == "'Настройки'!$B$4" and book.value('Настройки', 4, 2) == 2026
    assert _find(book, 'Настройки', 'Месяц расчёта (номер)') == 11
    assert names['Месяц_расчёта'] == "'Настройки'!$B$5"
    # November 2026: 30 days − 9 weekend days − 4 November = 20; 1st–15th: 2, 3, 5, 6, 9–13 = 9;
    # hours 20 × 8 − 1 (3 November is the eve of a holiday, ст. 95 ТК) = 159
    assert _find(book, 'Настройки', 'Рабочих дней в месяце') == 20
    assert _find(book, 'Настройки', 'Рабочих дней с 1 по 15 число') == 9
    assert _find(book, 'Настройки', 'Норма часов в месяце') == 159
    assert _find(book, 'Настройки', 'Тариф страховых взносов') == 'общий'
    assert _find(book, 'Настройки', 'Ставка взносов на травматизм (НС и ПЗ)') == 0.002
    assert _find(book, 'Настройки', 'Надбавка к оплате (РК − 1 + северная)') == 0.15   # РК 1.15


def test_payroll_head_of_sales_row_by_hand(loaded):
    # Salary 150 000, 20 of 20 days; plan 40, fact 24 → 60 % → coef 0.5; paid 24 × 4 000 = 96 000
    # → bonus 96 000 × 0.5 × 0.5 = 24 000; РК 15 % of 174 000 = 26 100; accrued 200 100.
    # Ordinary base 174 000 on top of 3 180 000 already (> 2.4 M) → 15 % = 26 100;
    # northern base 26 100 × 13 % = 3 393 (477 000 before, < 5 M). Advance 150 000 × 1.15 × 9 / 20
    # = 77 625; final 200 100 − 29 493 − 77 625 = 92 982. Contributions: 3 657 000 before is above
    # the 2 979 000 limit → 200 100 × 15.1 % = 30 215.10; НС и ПЗ 0.2 % = 400.20.
    book = loaded['Зарплата отдела продаж.xlsx']
    col = _payroll_columns(book, 'Расчёт')
    row = 5

    def get(header):
        return book.value('Расчёт', row, col[header])
    assert get('Сотрудник') == 'Смирнов Андрей Викторович'
    assert get('Премия за план, руб.') == 24000
    assert get('Районный коэффициент и северная надбавка, руб.') == 26100
    assert get('Начислено всего, руб.') == 200100
    assert get('НДФЛ основная база, руб.') == 26100
    assert get('НДФЛ с РК и северных, руб.') == 3393
    assert get('Аванс (выплачен), руб.') == 77625
    assert get('К выплате в окончательный расчёт, руб.') == 92982
    assert get('Страховые взносы, руб.') == 30215.1
    assert get('НС и ПЗ, руб.') == 400.2


def test_payroll_director_below_mrot_row_by_hand(loaded):
    # The director: 20 000 for a full month → 27 093 − 20 000 = 7 093 short of МРОТ (ст. 133 ТК);
    # accrued 20 000 + РК 3 000 = 23 000; two children and 220 000 so far ≤ 450 000 → 4 200;
    # НДФЛ (20 000 − 4 200) × 13 % = 2 054 + 3 000 × 13 % = 390; contributions on МРОТ, not on
    # 23 000: 27 093 × 30 % = 8 127.90 (ст. 421 НК from 2026).
    book = loaded['Зарплата отдела продаж.xlsx']
    col = _payroll_columns(book, 'Расчёт')
    row = 10

    def get(header):
        return book.value('Расчёт', row, col[header])
    assert book.value('Сотрудники', row, _payroll_columns(book, 'Сотрудники')['Должность']) == \
        'генеральный директор'
    assert get('Не хватает до МРОТ, руб.') == 7093
    assert get('Начислено всего, руб.') == 23000
    assert get('Вычет на детей, руб.') == 4200
    assert get('НДФЛ всего, руб.') == 2444
    assert get('Страховые взносы, руб.') == 8127.9


def test_payroll_totals_and_payment_sheets_agree(loaded):
    book = loaded['Зарплата отдела продаж.xlsx']
    col = _payroll_columns(book, 'Расчёт')
    total_row = max(r for (r, c), v in book.calamine['Расчёт'].items() if v == 'Итого')
    for header in ('Стоимость для компании, руб.', 'К выплате в окончательный расчёт, руб.'):
        per_row = [book.value('Расчёт', r, col[header]) for r in range(5, total_row)]
        assert abs(sum(per_row) - book.value('Расчёт', total_row, col[header])) < 0.005
    final = book.value('Расчёт', total_row, col['К выплате в окончательный расчёт, руб.'])
    advance = book.value('Расчёт', total_row, col['Аванс (выплачен), руб.'])
    assert _find(book, 'Свод', 'Окончательный расчёт') == final
    assert _find(book, 'Свод', 'Аванс') == advance
    for sheet, amount in (('Аванс', advance), ('Окончательный расчёт', final)):
        total = [v for (r, c), v in book.calamine[sheet].items() if c == 5 and
                 book.value(sheet, r, 3) == 'Итого']
        assert total == [amount]
    # accrued − НДФЛ − advance − writs − paid separately = the final payment, for the department
    assert abs(_find(book, 'Свод', 'Начислено всего') - _find(book, 'Свод', 'НДФЛ всего к перечислению')
               - advance - _find(book, 'Свод', 'Удержано по исполнительным листам')
               - _find(book, 'Свод', 'Выплачено отдельно (отпускные до отпуска)') - final) < 0.005


def test_payroll_with_200_employees(tmp_path):
    path = build_payroll(tmp_path / 'big.xlsx', employees=200)
    book = Loaded(path)
    rows = [r for (r, c), v in book.calamine['Расчёт'].items() if c == 1 and isinstance(v, int)]
    assert sorted(rows) == list(range(5, 205))
    sick = [f for s, c, f in book.formula_cells() if s == 'Расчёт' and 'B2B_SICK_PAY(' in f]
    assert len(sick) == 200 * 4         # one ordinary formula per sick-pay column and row
    for sheet, cell, formula in list(book.formula_cells())[::37]:
        ev = Evaluator(book, sheet)
        assert _same(book.value(sheet, cell.row, cell.column), ev.evaluate(formula)), formula


# -- the register template ----------------------------------------------------------------

def test_register_template_follows_the_schema(loaded):
    book = loaded['Реестр юрлиц.xlsx']
    wb = book.formulas
    assert wb.sheetnames == [s.name for s in schema.SHEETS] + ['Справка']
    for sh in schema.SHEETS:
        ws = wb[sh.name]
        assert [c.value for c in ws[1]] == sh.headers
        assert ws.freeze_panes is not None
        kinds = {}
        for dv in ws.data_validations.dataValidation:
            for rng in dv.sqref.ranges:
                kinds[get_column_letter(rng.min_col)] = dv
        for i, col in enumerate(sh.columns, start=1):
            letter = get_column_letter(i)
            head = ws.cell(1, i)
            assert (_fill(head) == 'F4B084') == col.required, col.header
            assert head.comment is not None and col.header in head.comment.text
            dv = kinds[letter]
            assert dv.prompt and (not col.required or 'Обязательное' in dv.prompt)
            expected = {schema.INN: 'textLength', schema.KPP: 'textLength', schema.OGRN: 'textLength',
                        schema.DATE: 'date', schema.MONEY: 'decimal', schema.INTEGER: 'whole',
                        schema.CHOICE: 'list'}.get(col.kind)
            assert (dv.type or None) == expected, (sh.name, col.header, dv.type)
            if col.kind == schema.CHOICE:
                assert all(choice in dv.formula1 for choice in col.choices)


def test_register_samples_are_valid_and_identifiers_stay_text(loaded):
    book = loaded['Реестр юрлиц.xlsx']
    ws = book.formulas['Клиенты']
    header = {c.value: c.column for c in ws[1]}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    for row in rows:
        code, inn = row[header['Код клиента'] - 1], row[header['ИНН'] - 1]
        assert isinstance(code, str) and code.startswith('0')     # leading zeros kept
        assert inn_check.is_valid(inn)
        ogrn = row[header['ОГРН'] - 1]
        assert ogrn is None or ogrn_check.is_valid(ogrn)
        for c in schema.CLIENTS.columns:
            if c.required:
                assert row[header[c.header] - 1] not in (None, ''), c.header
    # Calamine reads the same texts (identifiers are strings, not numbers).
    assert book.value('Клиенты', 2, header['ИНН']) == '7707083893'


def test_empty_register_template(tmp_path):
    from jobs.workbooks import build_register
    path = build_register(tmp_path / 'r.xlsx')
    wb = openpyxl.load_workbook(path)
    for sh in schema.SHEETS:
        assert wb[sh.name].max_row == 1


# -- the command ---------------------------------------------------------------------------

def test_workbooks_command_builds_into_out(tmp_path, capsys):
    out = tmp_path / 'книги'
    assert main(['workbooks', '--out', str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    text = capsys.readouterr().out
    assert 'Собраны готовые книги (5)' in text


def test_workbooks_command_reports_a_book_it_cannot_write(tmp_path, capsys):
    out = tmp_path / 'книги'
    (out / NAMES[0]).mkdir(parents=True)        # a folder where the first book should go
    assert main(['workbooks', '--out', str(out)]) == 2
    err = capsys.readouterr().err
    assert 'не удалось записать книгу' in err and NAMES[0] in err and 'Traceback' not in err
    assert [p.name for p in out.iterdir()] == [NAMES[0]]    # no temporary file left behind


def test_workbooks_command_refuses_a_file_as_folder(tmp_path, capsys):
    f = tmp_path / 'file.txt'
    f.write_text('x')
    assert main(['workbooks', '--out', str(f)]) == 2
    assert 'нужна папка' in capsys.readouterr().err


def test_the_jobs_reader_reads_the_template_without_problems(fresh, tmp_path):
    """The template and the reader come from the same schema: sample rows go through
    validation (ИНН/ОГРН checksums, e-mails, dates, amounts) untouched."""
    from jobs.registers.reader import read_register
    (tmp_path / schema.REGISTER_FILE).write_bytes((fresh / schema.REGISTER_FILE).read_bytes())
    reg = read_register(tmp_path)
    assert reg.problems == []
    assert sorted(reg.clients) == ['000101', '000102', '000103']
    assert len(reg.charges) == 3 and len(reg.payments) == 2


def test_the_empty_template_reads_as_an_empty_register(tmp_path):
    from jobs.registers.reader import read_register
    from jobs.workbooks import build_register
    build_register(tmp_path / schema.REGISTER_FILE)
    reg = read_register(tmp_path)
    assert reg.problems == [] and not reg.clients
