"""Deductions under writs of execution (удержания по исполнительным документам),
229-ФЗ «Об исполнительном производстве» ст. 99, ст. 138 ТК РФ.

At most 50 % of the pay left after НДФЛ; up to 70 % for alimony for minor
children, harm to health, the loss of a breadwinner and damage from a crime
(ч. 3 ст. 99).

>>> writ_deduction(50000, 6500, 30000)
Decimal('21750.00')
>>> writ_deduction(50000, 6500, 30000, 0.7)
Decimal('30000.00')
"""

from decimal import Decimal

from .checks import non_negative
from .errors import ArgumentError, shown
from .rounding import round_half_up

GENERAL_LIMIT = Decimal('0.5')
HIGHEST_LIMIT = Decimal('0.7')


def writ_deduction(accrued, ndfl, requested, limit=GENERAL_LIMIT):
    """The deduction this month, rubles and kopecks:
    MIN(requested; ROUND((accrued − НДФЛ) × limit; 2)).

    *requested* — what the writs ask to withhold this month (the share of pay or
    the fixed sum, computed by the accountant); *limit* — 0,5, or 0,7 for the cases of ч. 3 ст. 99.
    """
    pay = non_negative('accrued', accrued)
    tax = non_negative('ndfl', ndfl)
    want = non_negative('requested', requested)
    share = non_negative('limit', limit)
    if share > HIGHEST_LIMIT:
        raise ArgumentError('limit', 'не больше 0,7 (70 %) по ст. 99 229-ФЗ', limit)
    if tax > pay:
        raise ArgumentError('ndfl', 'не может быть больше начисленного (%s)' % shown(pay), ndfl,
                            short='больше начисленного')
    return min(round_half_up(want, 2), round_half_up((pay - tax) * share, 2))
