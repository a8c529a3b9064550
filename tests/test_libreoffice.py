"""LibreOffice Calc: the generated macros, their installation, and real headless
LibreOffice recalculating workbooks with the kit's functions.

LibreOffice is launched as few times as possible (once for all workbooks): each
launch costs about a second. Without ``soffice`` the LibreOffice tests skip,
except on CI (``CI=true``), where a missing LibreOffice is a failure.
"""

import datetime
import math
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from addin import catalogue
from addin.catalogue import ERROR_PREFIX, call_for_cell
from jobs.errors import UserError
from jobs.libreoffice import basic, headless
from jobs.libreoffice import install as lo_install

ROOT = Path(__file__).resolve().parents[1]
#: The ready workbooks under test (another folder for trying freshly built ones).
WORKBOOKS = Path(os.environ.get('B2BKIT_TEST_WORKBOOKS') or ROOT / 'workbooks')
READY_WORKBOOKS = ('Потенциал и штат.xlsx', 'Зарплата отдела продаж.xlsx',
                   'Бюджет отдела продаж.xlsx', 'Должники.xlsx', 'Реестр юрлиц.xlsx')
#: What Calc (and Excel) show in a cell that failed, besides the kit's «#ОШИБКА: …».
CELL_ERRORS = ('#NAME?', '#VALUE!', '#REF!', '#DIV/0!', '#N/A', '#NUM!', '#NULL!')


def _on_ci():
    return os.environ.get('CI', '').strip().lower() in ('true', '1', 'yes')


@pytest.fixture(scope='module')
def soffice():
    path = headless.find_soffice()
    if not path:
        message = 'LibreOffice (soffice) не установлен: выполните make libreoffice'
        if _on_ci():
            pytest.fail(message + ' (на CI это ошибка, а не пропуск)')
        pytest.skip(message)
    return path


# --- the generated files ---------------------------------------------------------

def test_committed_macros_are_generated_from_the_catalogue():
    for name, text in basic.generated_files().items():
        committed = (ROOT / 'macros' / name).read_text(encoding='utf-8')
        assert committed == text, '%s is stale: run python -m jobs.libreoffice.basic' % name


def test_basic_module_has_one_function_per_catalogue_entry_with_optional_arguments():
    source = basic.module_source()
    for f in catalogue.FUNCTIONS:
        params = ', '.join('Optional p_%s As Variant' % a.name for a in f.args)
        assert 'Function %s(%s) As Variant' % (f.name, params) in source
        assert '%s = B2BKitCall("%s", aArgs)' % (f.name, f.name) in source
    # Every helper that can fail traps the error: a Basic dialog would hang a headless run.
    assert source.count('On Error GoTo Failed') == 1 and 'B2BKitCall = "#ОШИБКА: ' in source


def _system_python():
    """LibreOffice's Python on Debian is the system python3 (not this venv's)."""
    for candidate in ('/usr/bin/python3', shutil.which('python3')):
        if candidate and os.path.exists(candidate):
            return candidate
    pytest.skip('python3 не найден')


@pytest.mark.parametrize('kit_path, expected', [
    (str(ROOT), '39000.0'),
    ('/nonexistent/kit', '#ОШИБКА: не найден пакет isp-b2b-kit'),
])
def test_installed_bridge_runs_in_another_python_and_never_raises(tmp_path, kit_path, expected):
    bridge = tmp_path / basic.BRIDGE_NAME
    bridge.write_text(basic.bridge_source(kit_path), encoding='utf-8')
    code = ('import runpy; b = runpy.run_path(%r); '
            'print(b["b2b_call"]("B2B_NDFL", (300000.0, 0.0, 2025.0)))' % str(bridge))
    out = subprocess.run([_system_python(), '-I', '-c', code], cwd=tmp_path, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert out.startswith(expected)


# --- installation into a profile -----------------------------------------------------

def _tree(directory):
    """Relative path → bytes of every file under *directory*."""
    return {str(p.relative_to(directory)): p.read_bytes()
            for p in sorted(Path(directory).rglob('*')) if p.is_file()}


def _user_profile(path):
    """A profile as LibreOffice leaves it, with the user's own macros in Standard
    and a second library of theirs."""
    headless.prepare_profile(path)
    b = path / 'user' / 'basic'
    (b / 'Standard').mkdir(parents=True)
    (b / 'Mine').mkdir()
    doctype = '<!DOCTYPE library:%s PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "%s.dtd">\n'
    for kind in ('script', 'dialog'):
        (b / ('%s.xlc' % kind)).write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype % ('libraries', 'libraries')
            + '<library:libraries xmlns:library="http://openoffice.org/2000/library" '
              'xmlns:xlink="http://www.w3.org/1999/xlink">\n'
              ' <library:library library:name="Standard" library:link="false"/>\n'
              ' <library:library library:name="Mine" xlink:href="$(USER)/basic/Mine/%s.xlb/" '
              'xlink:type="simple" library:link="false"/>\n'
              '</library:libraries>' % kind, encoding='utf-8')
    (b / 'Standard' / 'script.xlb').write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype % ('library', 'library')
        + '<library:library xmlns:library="http://openoffice.org/2000/library" '
          'library:name="Standard" library:readonly="false" library:passwordprotected="false">\n'
          ' <library:element library:name="Module1"/>\n'
          ' <library:element library:name="Отчёты"/>\n'
          '</library:library>', encoding='utf-8')
    (b / 'Standard' / 'dialog.xlb').write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + doctype % ('library', 'library')
        + '<library:library xmlns:library="http://openoffice.org/2000/library" '
          'library:name="Standard" library:readonly="false" library:passwordprotected="false"/>',
        encoding='utf-8')
    for module in ('Module1', 'Отчёты'):
        (b / 'Standard' / ('%s.xba' % module)).write_text('<user module %s/>' % module,
                                                          encoding='utf-8')
    (b / 'Mine' / 'script.xlb').write_text('<keep/>', encoding='utf-8')
    return path


def test_install_merges_into_the_users_standard_and_uninstall_restores_it(tmp_path):
    profile = _user_profile(tmp_path / 'profile')
    before = _tree(profile)

    written = lo_install.install(profile)
    after = _tree(profile)
    index = after['user/basic/Standard/script.xlb'].decode('utf-8')
    for module in ('Module1', 'Отчёты', 'B2BKit'):
        assert 'library:name="%s"' % module in index
    assert after['user/basic/Standard/B2BKit.xba'].decode('utf-8') == basic.module_xba()
    bridge = after['user/Scripts/python/b2bkit_bridge.py'].decode('utf-8')
    assert 'KIT_PATH = %r' % str(lo_install.kit_path()) in bridge
    # Only the index and the two new files changed; the user's files are untouched.
    assert {k for k in after if after[k] != before.get(k)} == {
        'user/basic/Standard/script.xlb', 'user/basic/Standard/B2BKit.xba',
        'user/Scripts/python/b2bkit_bridge.py'}
    assert len(written) == 3
    assert lo_install.installed(profile)

    assert lo_install.install(profile) == []       # a reinstall changes nothing
    assert _tree(profile) == after

    removed = lo_install.uninstall(profile)
    assert len(removed) == 3 and not lo_install.installed(profile)
    assert _tree(profile) == before
    assert lo_install.uninstall(profile) == []


def test_install_creates_standard_where_the_profile_has_none(tmp_path):
    profile = headless.prepare_profile(tmp_path / 'profile')
    lo_install.install(profile)
    b = profile / 'user' / 'basic'
    for kind in ('script', 'dialog'):
        assert 'library:name="Standard"' in (b / ('%s.xlc' % kind)).read_text(encoding='utf-8')
        assert (b / 'Standard' / ('%s.xlb' % kind)).exists()
    assert lo_install.installed(profile)


def test_install_refuses_a_profile_libreoffice_has_not_created(tmp_path):
    with pytest.raises(UserError, match='ещё не создан'):
        lo_install.install(tmp_path / 'new')
    assert not (tmp_path / 'new').exists()


def test_install_refuses_a_password_protected_standard(tmp_path):
    profile = _user_profile(tmp_path / 'profile')
    index = profile / 'user' / 'basic' / 'Standard' / 'script.xlb'
    index.write_text(index.read_text(encoding='utf-8').replace(
        'passwordprotected="false"', 'passwordprotected="true"'), encoding='utf-8')
    with pytest.raises(UserError, match='защищена паролем'):
        lo_install.install(profile)


def test_default_profile_is_the_users_libreoffice_profile():
    path = lo_install.default_profile()
    assert path.name == '4' and 'libreoffice' in str(path).lower()


# --- real LibreOffice -------------------------------------------------------------

class Col(tuple):
    """A one-column range argument (None = blank cell)."""


class Table(tuple):
    """A range argument of rows."""


def _cases():
    """(label, function, args, style): 'cells' puts scalar arguments into cells
    (None = blank cell), 'literal' types them into the formula."""
    ladder = Table([[0, 0], [0.6, 0.4], [1.0, 1.0], [1.1, 1.3]])
    full = {
        'B2B_LEGAL_ENTITIES': (45000, 1200),
        'B2B_POTENTIAL': (1000, 150, 2, 0.8, 1.5),
        'B2B_MONTHLY_PLAN': (211, 18),
        'B2B_MANAGERS': (25, 50, 4, 0.2, 0.3, 20, 0.8),
        'B2B_SUPPORT_MANAGERS': (1234, 200),
        'B2B_PERSONAL_PLAN': (17, Col([1.2, 1.0, None, 0.8])),
        'B2B_PLAN_COEF': (1.1, ladder),
        'B2B_BONUS': (10, 9, 85000.5, 0.8, 1500, ladder),
        'B2B_NDFL': (300000, 100000, 2026, 2800, 5600),
        'B2B_CONTRIBUTIONS': (10000, 0, 2026, 'общий', 'да'),
        'B2B_PAYROLL': (85000, 20, 21, 23500.5, 950000, 2026, 'МСП'),
        'B2B_CASHFLOW': (300000, 8, 4500, 0.02, 24),
        'B2B_PAYBACK': (300000, 8, 4500, 0.02, 36),
        'B2B_AGING_BUCKET': (95,),
        'B2B_DUNNING_STAGE': (20, 99.5, 50),
        # A date cell reaches the bridge as a serial number (LibreOffice), as datetime (xlwings).
        'B2B_FACT': ('мрот', datetime.date(2027, 3, 1)),
        'B2B_KEY_RATE': (datetime.date(2025, 7, 28),),
        'B2B_IS_WORKING_DAY': (datetime.date(2025, 11, 1),),
        'B2B_WORKING_DAYS': (2026, 5),
        'B2B_WORKDAY_ADD': (datetime.date(2026, 1, 9), -1),
        'B2B_DUE_DATE': (datetime.date(2026, 11, 18), 10),
        'B2B_INTEREST_395': (100000, datetime.date(2025, 7, 10), datetime.date(2025, 7, 20),
                             Col([datetime.date(2025, 7, 15)]), Col([40000])),
        'B2B_VACATION_PAY': (600000, 14, 11, 14.65),
        'B2B_SICK_PAY': (6000000, 5, 6, 2026),
        'B2B_CHILD_DEDUCTION': (3, 1, 90000, 2026),
        'B2B_NDFL_NORTH': (120000, 4950000, 2026),
        'B2B_ADVANCE': (60000, 6, 9, 20, 0.4, 0.15),
        'B2B_HOURS_PAY': (60000, 159, 2, 1, 8, 8, 1.5, 2, 0.4, 2),
        'B2B_MROT_SHORTFALL': (13000, 10, 20, 30000, 2026),
        'B2B_AID_EXEMPT': (3000, 2000),
        'B2B_WRIT_DEDUCTION': (50000, 6500, 30000, 0.7),
        'B2B_FUNNEL_NEED': (12, 0.2, 0.3),
        'B2B_PLAN_FORECAST': (5, 8, 21),
        'B2B_AMOUNT_IN_WORDS': (21345.5,),
        'B2B_VAT': (10000, 0.22, False),
    }
    assert set(full) == set(catalogue.BY_NAME)
    cases = []
    for f in catalogue.FUNCTIONS:
        example = tuple(Col(v) if isinstance(v, list) else v for v in f.example)
        cases.append(('пример, необязательные опущены', f.name, example, 'literal'))
        cases.append(('все аргументы в ячейках', f.name, full[f.name], 'cells'))
    cases += [
        ('«МСП» текстом', 'B2B_CONTRIBUTIONS', (100000, 0, 2025, 'МСП'), 'literal'),
        ('«sme»', 'B2B_CONTRIBUTIONS', (100000, 0, 2025, 'sme'), 'cells'),
        ('«общий»', 'B2B_CONTRIBUTIONS', (100000, 0, 2026, 'общий'), 'literal'),
        ('МСП в строке ведомости', 'B2B_PAYROLL', (60000, 21, 21, 20000, 0, 2025, 'МСП'), 'literal'),
        ('пустые ячейки → умолчания', 'B2B_CONTRIBUTIONS', (100000, 0, None, None), 'cells'),
        ('пустая ячейка года', 'B2B_NDFL', (300000, 0, None), 'cells'),
        ('пустая строка посередине', 'B2B_POTENTIAL', (1000, 150, 2, '', 1.2), 'literal'),
        ('пустые ячейки посередине', 'B2B_MANAGERS', (25, None, None, 0.2), 'cells'),
        ('горизонт по умолчанию', 'B2B_CASHFLOW', (200000, 10, 5000), 'literal'),
        ('строка весов', 'B2B_PERSONAL_PLAN', (10, Table([[1, 1, 2]])), 'cells'),
        ('не окупается', 'B2B_PAYBACK', (500000, 1, 100, 0, 12), 'literal'),
        ('2027: НДФЛ без ошибки', 'B2B_NDFL', (100000, 0, 2027), 'literal'),
        ('ДАТА() в формуле', 'B2B_FACT', ('предупреждение', datetime.date(2027, 1, 1)), 'literal'),
        ('опубликованный год', 'B2B_FACT', ('предупреждение', datetime.date(2026, 1, 1)), 'cells'),
        ('шкала текстом', 'B2B_FACT', ('шкала НДФЛ', '01.01.2025'), 'literal'),
        ('дата текстом', 'B2B_IS_WORKING_DAY', ('09.01.2026',), 'cells'),
        ('норма за год', 'B2B_WORKING_DAYS', (2025, None), 'cells'),
        ('назад через праздники', 'B2B_WORKDAY_ADD', ('12.01.2026', -2), 'literal'),
        ('нет такой даты', 'B2B_IS_WORKING_DAY', ('32.01.2026',), 'literal'),
        ('неизвестный показатель', 'B2B_FACT', ('курс биткоина',), 'literal'),
        # invalid arguments → Russian error text naming the argument
        ('месяцев 0', 'B2B_MONTHLY_PLAN', (150, 0), 'literal'),
        ('отрицательные конкуренты', 'B2B_POTENTIAL', (1000, 150, -1), 'cells'),
        ('доля больше 1', 'B2B_POTENTIAL', (1000, 150, 2, 1.5), 'literal'),
        ('год без ставок', 'B2B_NDFL', (100000, 0, 1990), 'literal'),
        ('неизвестный тариф', 'B2B_CONTRIBUTIONS', (100000, 0, 2025, 'льготный'), 'literal'),
        ('не задан обязательный', 'B2B_NDFL', (300000,), 'literal'),
        ('текст вместо числа', 'B2B_LEGAL_ENTITIES', ('много',), 'cells'),
        ('веса в два столбца', 'B2B_PERSONAL_PLAN', (10, Table([[1, 2], [3, 4]])), 'cells'),
        ('план 0', 'B2B_BONUS', (0, 5, 10000), 'literal'),
        ('отрицательный оклад', 'B2B_PAYROLL', (-1, 21, 21, 0, 0, 2026), 'literal'),
        ('МСП с большой базой', 'B2B_CONTRIBUTIONS', (250000, 2700000, 2025, 'МСП'), 'cells'),
        ('пустая ячейка посередине, вычет на детей', 'B2B_CHILD_DEDUCTION', (2, None, 90000, 2026),
         'cells'),
        ('доход выше 450 000', 'B2B_CHILD_DEDUCTION', (2, 0, 460000, 2026), 'literal'),
        ('северная база до 2025 года', 'B2B_NDFL_NORTH', (10000, 0, 2024), 'literal'),
        ('больничный ниже МРОТ', 'B2B_SICK_PAY', (100000, 2, 3, 2026), 'cells'),
        ('дней прошло больше, чем в месяце', 'B2B_PLAN_FORECAST', (5, 22, 21), 'literal'),
    ]
    return cases


#: SPEC section 3 public checks, typed by hand: (function, args) → result.
PUBLIC_CHECKS = [
    ('B2B_NDFL', (300000, 0, 2025), 39000),
    ('B2B_NDFL', (300000, 2400000, 2025), 45000),
    ('B2B_CONTRIBUTIONS', (100000, 0, 2026), 30000),
    ('B2B_CONTRIBUTIONS', (100000, 0, 2025, 'МСП'), 20049),
    ('B2B_PAYBACK', (200000, 10, 5000), 9),
    ('B2B_LEGAL_ENTITIES', (20000,), 1000),
    # issue 19, by hand: 720 000 / (29.3 × 12) = 2 047.78 × 28 days
    ('B2B_VACATION_PAY', (720000, 28), 57337.84),
    # 1 400 + 2 800 for two children, income under 450 000
    ('B2B_CHILD_DEDUCTION', (2, 0, 90000, 2026), 4200),
    # 50 000 × 13 % + 50 000 × 15 % across 5 M of the northern base
    ('B2B_NDFL_NORTH', (100000, 4950000, 2026), 14000),
    # a director paid 10 000 is charged on МРОТ 27 093 × 30 %
    ('B2B_CONTRIBUTIONS', (10000, 0, 2026, 'общий', 'да'), 8127.9),
]


def _literal(v):
    if isinstance(v, datetime.date):
        return 'DATE(%d,%d,%d)' % (v.year, v.month, v.day)
    if isinstance(v, str):
        return '"%s"' % v.replace('"', '""')
    return repr(v)


def _as_sheet_value(v):
    """What the catalogue receives for *v* through the bridge (as from xlwings):
    numbers as floats, blanks as None, ranges as tuples of rows."""
    if isinstance(v, (Col, Table)):
        rows = [[x] for x in v] if isinstance(v, Col) else v
        return tuple(tuple(None if x is None else _as_sheet_value(x) for x in r) for r in rows)
    if isinstance(v, bool) or v is None or isinstance(v, (str, datetime.date)):
        return v
    return float(v)


def _shape(value):
    if isinstance(value, list):
        return len(value), max(len(r) for r in value)
    return 1, 1


class CatalogueWorkbook:
    """The test's own workbook: one block of rows per case, inputs in B:H, range
    inputs from J, the formula's result from P. Formulas carry no cached values
    (0), so only a real recalculation yields the numbers."""

    RESULT_COL = 15     # P

    def __init__(self, path):
        self.path = Path(path)
        self.blocks = []    # (label, name, expected, first row, rows, cols)

    def build(self):
        wb = xlsxwriter.Workbook(str(self.path))
        ws = wb.add_worksheet('Проверка')
        row = 0
        entries = _cases()
        entries += [('публичная проверка SPEC', name, args, 'literal')
                    for name, args, _ in PUBLIC_CHECKS]
        for label, name, args, style in entries:
            f = catalogue.BY_NAME[name]
            expected = call_for_cell(name, [_as_sheet_value(a) for a in args])
            rows, cols = _shape(expected)
            if f.result == catalogue.ARRAY and not isinstance(expected, list):
                rows, cols = 1, len(f.columns)      # an error over the formula's usual range
            height = max([rows] + [len(a) for a in args if isinstance(a, (Col, Table))])
            ws.write(row, 0, '%s: %s' % (name, label))
            refs, range_col = [], 9
            for i, a in enumerate(args):
                if isinstance(a, (Col, Table)):
                    grid = [[x] for x in a] if isinstance(a, Col) else a
                    for r, values in enumerate(grid):
                        for c, x in enumerate(values):
                            if x is not None:
                                ws.write(row + r, range_col + c, x)
                    width = max(len(g) for g in grid)
                    refs.append(xlsxwriter.utility.xl_range(row, range_col, row + len(grid) - 1,
                                                            range_col + width - 1))
                    range_col += width
                elif style == 'cells':
                    if a is not None:
                        ws.write(row, 1 + i, a)
                    refs.append(xlsxwriter.utility.xl_rowcol_to_cell(row, 1 + i))
                else:
                    refs.append(_literal(a))
            formula = '=%s(%s)' % (name, ','.join(refs))
            top, left = row, self.RESULT_COL
            if f.result == catalogue.ARRAY:
                ws.write_array_formula(top, left, top + rows - 1, left + cols - 1, formula, None, 0)
            else:
                ws.write_formula(top, left, formula, None, 0)
            self.blocks.append((label, name, args, expected, top, rows, cols, formula))
            row += height + 1
        wb.close()
        return self.path


def _same(a, b):
    if a in (None, '') and b in (None, ''):
        return True         # an empty text result is saved as a blank cell
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return a == b or math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-9)
    return a == b


_CACHED_VALUE = re.compile(r'(</f>|<f\b[^>]*/>)<v>[^<]*</v>')


def _without_cached_values(src, dst):
    """A copy of *src* whose formula cells carry no saved result, so whatever
    LibreOffice shows afterwards comes from its own recalculation."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith('xl/worksheets/') and item.filename.endswith('.xml'):
                data = _CACHED_VALUE.sub(r'\1', data.decode('utf-8')).encode('utf-8')
            zout.writestr(item, data)
    return dst


@pytest.fixture(scope='module')
def libreoffice_run(soffice, tmp_path_factory):
    """One LibreOffice launch: a fresh profile, ``b2bkit libreoffice install``, then
    the catalogue workbook and the payroll book for 2027 (its saved results removed)
    recalculated and saved. The ready workbooks are recalculated in
    tests/test_rendered_workbooks.py, in its launch with the macros."""
    base = tmp_path_factory.mktemp('libreoffice')
    profile = headless.prepare_profile(base / 'profile')
    import contextlib
    import io
    from jobs import cli
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        returncode = cli.main(['libreoffice', 'install', '--profile', str(profile)])
    assert returncode == 0, err.getvalue()
    assert 'установлены' in out.getvalue()
    check = CatalogueWorkbook(base / 'in' / 'catalogue_check.xlsx')
    check.path.parent.mkdir()
    check.build()
    # The payroll book with 2027 typed in (facts not published): numbers and one warning.
    from test_provisional_workbook import build_payroll_for
    payroll_2027 = _without_cached_values(build_payroll_for(2027, base / 'payroll_2027.xlsx'),
                                          check.path.parent / 'payroll_2027.xlsx')
    check_out, payroll_out = headless.convert([check.path, payroll_2027], base / 'out', profile, timeout=300)
    return dict(check=check, check_out=check_out, payroll_2027=payroll_out)


@pytest.mark.libreoffice
def test_every_catalogue_function_recalculates_to_the_models_result(libreoffice_run):
    check = libreoffice_run['check']
    ws = openpyxl.load_workbook(libreoffice_run['check_out'], data_only=True)['Проверка']
    seen, errors, wrong = set(), 0, []
    for label, name, args, expected, top, rows, cols, formula in check.blocks:
        seen.add(name)
        got = [[ws.cell(top + 1 + r, check.RESULT_COL + 1 + c).value for c in range(cols)]
               for r in range(rows)]
        if isinstance(expected, list):
            ok = all(_same(g, e) for gr, er in zip(got, expected) for g, e in zip(gr, er))
        else:
            ok = _same(got[0][0], expected)
        if isinstance(expected, str) and expected.startswith(ERROR_PREFIX):
            errors += 1
        if not ok:
            wrong.append('%s [%s] %s: ожидалось %r, получено %r' % (name, label, formula,
                                                                    expected, got))
    assert not wrong, '\n'.join(wrong)
    assert seen == set(catalogue.BY_NAME)
    assert errors >= 10     # the invalid-argument cases really produced error texts


@pytest.mark.libreoffice
def test_spec_public_checks_and_error_texts_in_libreoffice(libreoffice_run):
    """Results a user would check by hand, read from LibreOffice's own output."""
    check = libreoffice_run['check']
    ws = openpyxl.load_workbook(libreoffice_run['check_out'], data_only=True)['Проверка']

    def cell(name, args, label=None):
        for lbl, n, a, _, top, _, _, _ in check.blocks:
            if n == name and tuple(a) == tuple(args) and (label is None or lbl == label):
                return ws.cell(top + 1, check.RESULT_COL + 1).value
        raise KeyError((name, args))

    for name, args, result in PUBLIC_CHECKS:
        assert cell(name, args, 'публичная проверка SPEC') == result, (name, args)
    assert cell('B2B_CONTRIBUTIONS', (100000, 0, 2025, 'МСП'), '«МСП» текстом') == 20049
    assert cell('B2B_CONTRIBUTIONS', (100000, 0, 2025, 'sme')) == 20049
    assert cell('B2B_CONTRIBUTIONS', (100000, 0, None, None)) == call_for_cell(
        'B2B_CONTRIBUTIONS', [100000.0, 0.0, datetime.date.today().year])
    assert cell('B2B_POTENTIAL', (1000, 150, 2, '', 1.2)) == 210   # share 0.9 by default
    assert cell('B2B_AGING_BUCKET', (45,)) == '31–60'
    assert cell('B2B_MONTHLY_PLAN', (150, 0)) == '#ОШИБКА: «месяцев»: должно быть больше 0 (0)'
    assert 'не окупается за 12 мес.' in cell('B2B_PAYBACK', (500000, 1, 100, 0, 12))
    # Issue 13: a year with no published МРОТ still computes; the calendar is the decree's.
    assert cell('B2B_NDFL', (100000, 0, 2027)) == 13000           # 100 000 × 13 %
    assert 'МРОТ' in cell('B2B_FACT', ('предупреждение', datetime.date(2027, 1, 1)))
    assert cell('B2B_FACT', ('предупреждение', datetime.date(2026, 1, 1))) in (None, '')
    assert cell('B2B_WORKING_DAYS', (2025, 1)) == 17              # ПП № 1335: январь 2025 — 17 дней
    assert cell('B2B_IS_WORKING_DAY', ('09.01.2026',)) in (False, 0)   # ПП № 1466: 9 января выходной
    assert cell('B2B_IS_WORKING_DAY', (datetime.date(2025, 11, 1),)) in (True, 1)  # рабочая суббота
    # 12.01.2026 − 2 рабочих дня: 09.01 и 31.12.2025 выходные → 29.12.2025 (serial 46020)
    assert cell('B2B_WORKDAY_ADD', ('12.01.2026', -2)) == 46020
    for name, args, word in [('B2B_NDFL', (300000,), '«начислено с 1 января»'),
                             ('B2B_NDFL', (100000, 0, 1990), '«год»'),
                             ('B2B_CONTRIBUTIONS', (100000, 0, 2025, 'льготный'), '«тариф взносов»'),
                             ('B2B_POTENTIAL', (1000, 150, 2, 1.5), '«доля досягаемых юрлиц»'),
                             ('B2B_IS_WORKING_DAY', ('32.01.2026',), '«дата»'),
                             ('B2B_FACT', ('курс биткоина',), '«показатель»')]:
        text = cell(name, args)
        assert text.startswith('#ОШИБКА: ') and word in text, text


@pytest.mark.libreoffice
def test_payroll_for_2027_recalculates_with_numbers_and_one_warning(libreoffice_run):
    wb = openpyxl.load_workbook(libreoffice_run['payroll_2027'], data_only=True)
    texts = [(s.title, c.coordinate, c.value) for s in wb.worksheets for row in s.iter_rows() for c in row
             if isinstance(c.value, str)]
    assert not [t for t in texts if t[2].startswith(ERROR_PREFIX) or t[2] in CELL_ERRORS
                or t[2].startswith('Err:')], texts
    warnings = [t for t in texts if 'предварительные' in t[2]]
    assert [(w[0], w[1]) for w in warnings] == [('Настройки', 'A3')]
    assert 'МРОТ' in warnings[0][2] and 'из 2026 года' in warnings[0][2]
    ws = wb['Расчёт']
    header = [c.value for c in ws[4]]
    col = header.index('НДФЛ всего, руб.')
    ndfl = [r[col] for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], (int, float))]
    assert len(ndfl) == 6 and all(isinstance(v, (int, float)) and v > 0 for v in ndfl)


_RU_LOCALE = ('<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="%s" oor:op="fuse"><value>ru-RU</value>'
              '</prop></item>')
_OLD_MONEY = '#,##0.00 "₽"'


@pytest.fixture(scope='module')
def russian_profile_without_bridge(soffice, tmp_path_factory):
    """ONE LibreOffice launch for the two tests below: a Russian (ru-RU) profile with the kit's macros
    installed and then its Python bridge deleted; it opens and saves as xlsx both the book whose
    formulas need the bridge and the book of money formats. Returns ``{name: saved path}``."""
    from jobs.xlsx_writer import Book
    base = tmp_path_factory.mktemp('ru-no-bridge')
    profile = headless.prepare_profile(base / 'profile')
    lo_install.install(profile)
    (profile / 'user' / 'Scripts' / 'python' / basic.BRIDGE_NAME).unlink()
    xcu = profile / 'user' / 'registrymodifications.xcu'
    xcu.write_text(xcu.read_text(encoding='utf-8').replace(
        '</oor:items>', _RU_LOCALE % 'ooSetupSystemLocale' + _RU_LOCALE % 'ooLocale' + '</oor:items>'),
        encoding='utf-8')
    (base / 'in').mkdir()
    bridge = base / 'in' / 'bridge_missing.xlsx'
    wb = xlsxwriter.Workbook(str(bridge))
    ws = wb.add_worksheet()
    ws.write_formula('A1', '=B2B_NDFL(300000,0,2025)', None, 0)
    ws.write_array_formula('A2:E2', '{=B2B_PAYROLL(60000,21,21,0,0,2026)}', None, 0)
    wb.close()
    book = Book(base / 'in' / 'деньги.xlsx', 'деньги')
    sheet = book.sheet('Лист')
    sheet.number((0, 0), 1234.5, 'money')
    sheet.number((1, 0), 1234.5, {'num_format': _OLD_MONEY})
    book.close()
    names = ['bridge_missing.xlsx', 'деньги.xlsx']
    saved = headless.convert([base / 'in' / n for n in names], base / 'out', profile,
                             'xlsx:Calc MS Excel 2007 XML', timeout=60)
    return dict(zip(names, saved))


@pytest.mark.libreoffice
def test_a_missing_bridge_shows_error_text_not_a_dialog(russian_profile_without_bridge):
    """Basic's own failure path: a runtime dialog would hang this headless run
    until the timeout; instead the cell says what to do."""
    out = russian_profile_without_bridge['bridge_missing.xlsx']
    ws = openpyxl.load_workbook(out, data_only=True).active
    for ref in ('A1', 'A2'):
        text = ws[ref].value
        assert text.startswith('#ОШИБКА: не удалось вызвать Python-мост isp-b2b-kit'), text
        assert text.endswith('выполните b2bkit libreoffice install') and '\n' not in text


# --- the money format through a Russian LibreOffice ----------------------------------

def test_money_format_survives_a_russian_libreoffice_save(russian_profile_without_bridge):
    """A Russian LibreOffice opens the kit's book and saves it as xlsx: the money format must come back
    as written. Control: the unquoted space (``#,##0.00 "₽"``, the kit's format before) is taken for the
    ru-RU thousands separator and saved as ``#,##0.00,\\₽`` — amounts shown ÷ 1000; if the control
    survives too, the profile's locale did not take and the test proves nothing."""
    from jobs.xlsx_writer import MONEY
    saved = russian_profile_without_bridge['деньги.xlsx']
    ws = openpyxl.load_workbook(saved).active
    assert MONEY.startswith('#,##0.00" ₽"')
    assert ws['A1'].number_format.split(';')[0] == '#,##0.00" ₽"' and ws['A1'].value == 1234.5
    assert ws['A2'].number_format == '#,##0.00,\\₽'          # the control: the locale is Russian
