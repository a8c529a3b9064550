"""One cell of a table result (ячейка таблицы результата).

The functions that return a table (cash flow, personal plans, a payroll or
sick-pay row, the sales funnel) take optional ``row`` and ``column`` arguments:
with them the function returns a single value, so a sheet can hold one ordinary
formula per cell instead of an array formula. That matters without the add-in:
LibreOffice recalculates array formulas of unknown functions to ``#NAME?`` on
load, while it keeps the saved value of an ordinary formula.

Rows and columns count from 1; a column may also be named by its heading
(«выручка»). A row past the end of the table is empty: a sheet's table may be
longer than the horizon it shows.

>>> rows = [[1, 0, 0], [2, 10, 0]]
>>> pick(rows, ('месяц', 'клиентов', 'выручка'), 2, 'Клиентов')
10
>>> pick(rows, ('месяц', 'клиентов', 'выручка'), 3, 2)
''
>>> pick(rows, ('месяц', 'клиентов', 'выручка'), None, 1)
[[1], [2]]
>>> pick([[5, 7]], ('встреч', 'звонков'), None, 'звонков')
7
>>> pick(rows, ('месяц', 'клиентов', 'выручка'), 1, 'прибыль')
Traceback (most recent call last):
...
addin.model.errors.ArgumentError: аргумент «столбец» (column): ожидается номер от 1 до 3 или заголовок: «месяц», «клиентов», «выручка» (получено: «прибыль»)
"""

from decimal import Decimal

from .checks import whole
from .errors import ArgumentError

#: What a cell past the end of the table shows.
EMPTY = ''


def _column(headings, column):
    """The 0-based index of *column*: a number 1…len(headings) or a heading."""
    given = column
    if isinstance(column, str):
        text = column.strip().lower().replace('ё', 'е')
        for i, h in enumerate(headings):
            if h.lower().replace('ё', 'е') == text:
                return i
        try:
            column = Decimal(text.replace(',', '.'))
        except ArithmeticError:
            column = None
    n = None
    if column is not None:
        try:
            n = whole('column', column, minimum=1)
        except ArgumentError:
            n = None
    if n is None or n > len(headings):
        raise ArgumentError('column', 'ожидается номер от 1 до %d или заголовок: %s'
                            % (len(headings), ', '.join('«%s»' % h for h in headings)), given,
                            short='номер 1–%d или заголовок' % len(headings))
    return n - 1


def pick(rows, headings, row=None, column=None):
    """The cell (*row*, *column*) of the table *rows* whose columns are *headings*;
    without *row* the whole column, without *column* the whole row (as a table of
    one row), without both the table itself."""
    j = None if column is None else _column(headings, column)
    if row is None and j is not None and len(rows) == 1:
        row = 1                     # a one-row result: the column alone names the cell
    if row is None:
        return rows if j is None else [[r[j]] for r in rows]
    i = whole('row', row, minimum=1) - 1
    if i >= len(rows):
        return EMPTY if j is not None or len(headings) == 1 else [[EMPTY] * len(headings)]
    if j is None:
        return rows[i][0] if len(headings) == 1 else [list(rows[i])]
    return rows[i][j]
