"""The payroll workbook in a year whose facts are not published yet (2027): every
cell still shows a number, and one visible warning names the carried-over figures.
The committed book (2026) has no warning. Read back with openpyxl and calamine."""

from decimal import Decimal

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from addin.model.rounding import round_half_up
from pathlib import Path

from jobs.workbooks import payroll

COMMITTED = Path(__file__).resolve().parents[1] / 'workbooks' / payroll.FILE_NAME

SHEET = 'Настройки'          # the warning stands above the year and month inputs
WARNING_CELL = 'A3'
PAYROLL = 'Расчёт'


def build_payroll_for(year, path):
    """The ready payroll book with *year* typed into «Год расчёта»."""
    saved = payroll.YEAR
    payroll.YEAR = year
    try:
        return payroll.build_payroll(path)
    finally:
        payroll.YEAR = saved


def _tax(base):
    """НДФЛ 2025–2027 on a year-to-date base (НК РФ ст. 224 п. 1): 13 % to 2,4 M, 15 % to 5 M,
    18 % to 20 M, 20 % to 50 M, 22 % above."""
    bands = [(0, '0.13'), (2400000, '0.15'), (5000000, '0.18'), (20000000, '0.20'), (50000000, '0.22')]
    tax = Decimal(0)
    for i, (start, rate) in enumerate(bands):
        end = bands[i + 1][0] if i + 1 < len(bands) else base
        if base > start:
            tax += (min(base, end) - start) * Decimal(rate)
    return tax


@pytest.fixture(scope='module')
def book_2027(tmp_path_factory):
    path = build_payroll_for(2027, tmp_path_factory.mktemp('payroll') / 'Зарплата 2027.xlsx')
    return openpyxl.load_workbook(path, data_only=True), openpyxl.load_workbook(path), path


def test_2027_book_shows_one_warning_naming_the_carried_figures(book_2027):
    values, formulas, path = book_2027
    ws = values[SHEET]
    assert formulas[SHEET][WARNING_CELL].value == '=IFERROR(B2B_FACT("предупреждение",DATE(Год_расчёта,1,1)),"")'
    text = ws[WARNING_CELL].value
    assert text.startswith('Внимание: показатели 2027 года предварительные: предельная база '
                           'взносов, МРОТ, порог МСП — из 2026 года')
    # One warning in the whole book, not one per cell.
    hits = [(s.title, c.coordinate) for s in values.worksheets for row in s.iter_rows() for c in row
            if isinstance(c.value, str) and 'предварительные' in c.value]
    assert hits == [(SHEET, WARNING_CELL)]
    # calamine (another reader) sees the same text.
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python()
    assert rows[2][0] == text


def test_2027_book_computes_numbers_not_errors(book_2027):
    values, _, _ = book_2027
    ws = values[PAYROLL]
    header = [c.value for c in ws[4]]
    col = {h: i for i, h in enumerate(header)}
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert len(rows) == len(payroll.sample_employees())
    checked = 0
    for r in rows:
        for h in ('Начислено всего, руб.', 'НДФЛ всего, руб.', 'НДФЛ основная база, руб.'):
            assert isinstance(r[col[h]], (int, float)), (h, r[col[h]])
        if r[col['Вычет на детей, руб.']]:
            continue
        base = Decimal(str(r[col['База НДФЛ основная, руб.']]))
        cum = Decimal(str(r[col['Доход с 1 января (для вычетов), руб.']]))     # this month included
        # НДФЛ за месяц = ROUND(tax(ytd + base)) − ROUND(tax(ytd)), the 2027 scale (= 2026's)
        expected = round_half_up(_tax(cum), 0) - round_half_up(_tax(cum - base), 0)
        assert Decimal(str(r[col['НДФЛ основная база, руб.']])) == expected
        checked += 1
    assert checked >= 3


def test_the_committed_2026_book_has_no_warning():
    ws = openpyxl.load_workbook(COMMITTED, data_only=True)[SHEET]
    assert ws[WARNING_CELL].value in (None, '')
    assert openpyxl.load_workbook(COMMITTED)[SHEET][WARNING_CELL].value.startswith('=IFERROR(B2B_FACT(')
