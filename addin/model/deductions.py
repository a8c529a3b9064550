"""Standard НДФЛ deductions for children (стандартные вычеты на детей),
ст. 218 п. 1 пп. 4 НК РФ (as amended by 176-ФЗ, from 2025).

A month's deduction for a parent: 1 400 ₽ for the first child, 2 800 ₽ for the
second, 6 000 ₽ for the third and each next one (2024: 1 400 / 1 400 / 3 000), plus
12 000 ₽ for each disabled child (ребёнок-инвалид) on top of the deduction by
order of birth — the amounts are yearly facts. The deduction stops from the
month in which the year's income taxed at 13 % (cumulative from 1 January,
this month included) exceeds 450 000 ₽ (2024: 350 000 ₽).

>>> child_deduction(2, 0, 90000, 2026)
Decimal('4200')
>>> child_deduction(3, 1, 90000, 2026)
Decimal('22200')
>>> child_deduction(2, 0, 460000, 2026)
Decimal('0')
"""

from decimal import Decimal

from .checks import non_negative, whole
from .errors import ArgumentError
from .yearly import facts


def child_deduction(children, disabled_children=0, income_ytd=0, year=None):
    """This month's deduction for *children* (all of them, disabled ones
    included), rubles; 0 once *income_ytd* exceeds the year's limit.

    *income_ytd* — income taxed at 13 % from 1 January including this month.
    """
    n = whole('children', children)
    disabled = whole('disabled_children', disabled_children)
    if disabled > n:
        raise ArgumentError('disabled_children', 'не может быть больше числа детей (%d)' % n,
                            disabled_children)
    income = non_negative('income_ytd', income_ytd)
    if year is None:
        raise ArgumentError('year', 'обязательный аргумент не задан')
    f = facts(year)
    if f.child_deduction_first is None or f.child_deduction_income_limit is None:
        raise ArgumentError('year', 'в годовых показателях %s года нет вычетов на детей '
                                    '(child_deduction_…, см. docs/yearly-facts.md)' % f.year, year)
    if income > f.child_deduction_income_limit or n == 0:
        return Decimal(0)
    by_order = (f.child_deduction_first
                + (f.child_deduction_second if n >= 2 else 0)
                + f.child_deduction_third_plus * max(0, n - 2))
    return by_order + f.child_deduction_disabled * disabled
