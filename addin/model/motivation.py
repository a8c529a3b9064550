"""Motivation of sales managers (мотивация): plan ladder and the plan bonus.

The bonus is paid from money actually received from new clients
(*paid_new_revenue*), scaled by the ladder coefficient of plan fulfilment;
*clawback* lowers it for clients lost or unpaid within the guarantee period.

>>> plan_coef(0.95)
Decimal('0.8')
>>> bonus(10, 12, 60000)
Decimal('72000.00')
"""

from decimal import Decimal

from .checks import non_negative, number, positive
from .errors import ArgumentError
from .rounding import round_half_up

TOLERANCE = Decimal('1e-9')

#: (fulfilment from, coefficient) — the kit's default ladder (шкала выполнения плана).
DEFAULT_LADDER = (
    (Decimal('0'), Decimal('0')),
    (Decimal('0.5'), Decimal('0.5')),
    (Decimal('0.8'), Decimal('0.8')),
    (Decimal('1.0'), Decimal('1.0')),
    (Decimal('1.2'), Decimal('1.2')),
)


def ladder_rows(ladder):
    """Check a two-column ladder range and return it as Decimal pairs.

    Rows with both cells empty are skipped (a range may be taller than the ladder).
    """
    if ladder is None:
        return DEFAULT_LADDER
    rows = []
    for i, row in enumerate(ladder, start=1):
        cells = list(row) if isinstance(row, (list, tuple)) else [row]
        if all(c is None or c == '' for c in cells):
            continue
        if len(cells) < 2 or cells[0] in (None, '') or cells[1] in (None, ''):
            raise ArgumentError('ladder', 'строка %d: нужны два столбца — «от» и «коэффициент»' % i,
                                short='строка %d: нужны «от» и «коэффициент»' % i)
        rows.append((number('ladder', cells[0]), non_negative('ladder', cells[1])))
    if not rows:
        return DEFAULT_LADDER
    for (a, _), (b, _) in zip(rows, rows[1:]):
        if b <= a:
            raise ArgumentError('ladder', 'значения «от» должны возрастать сверху вниз',
                                short='«от» должны возрастать')
    return tuple(rows)


def plan_coef(fulfilment, ladder=None):
    """Bonus coefficient (коэффициент премии) for plan *fulfilment* (1 = 100 %):
    the coefficient of the last ladder row whose «from» ≤ fulfilment; 0 below
    the first row."""
    f = number('fulfilment', fulfilment)
    coef = Decimal(0)
    for start, c in ladder_rows(ladder):
        if start <= f + TOLERANCE:
            coef = c
        else:
            break
    return coef


def bonus(plan, fact, paid_new_revenue, rate=Decimal(1), clawback=Decimal(0), ladder=None):
    """Plan bonus, rubles (премия за выполнение плана):
    MAX(0; ROUND(paid_new_revenue × rate × coef(fact / plan) − clawback; 2))."""
    p = positive('plan', plan)
    f = non_negative('fact', fact)
    revenue = non_negative('paid_new_revenue', paid_new_revenue)
    r = non_negative('rate', rate)
    claw = non_negative('clawback', clawback)
    value = round_half_up(revenue * r * plan_coef(f / p, ladder) - claw, 2)
    return max(Decimal('0.00'), value)
