"""Vacation pay (отпускные), ст. 139 ТК РФ and the Regulation on average earnings
(Положение, утв. ПП РФ от 24.12.2007 № 922, п. 10).

Average daily earnings = earnings of the 12 calendar months before the vacation
/ (29.3 × full months + calendar days of partial months), rounded to kopecks;
vacation pay = average daily earnings × vacation days.

*partial_month_days* is already converted the way п. 10 asks: for each month not
worked in full, 29.3 / calendar days of the month × calendar days worked in it,
summed.

>>> vacation_pay(720000, 28)
Decimal('57337.84')
>>> average_daily_earnings(600000, 11, 14.65)
Decimal('1780.68')
"""

from decimal import Decimal

from .checks import non_negative, whole
from .errors import ArgumentError
from .rounding import round_half_up

DAYS_PER_MONTH = Decimal('29.3')


def average_daily_earnings(earnings_12m, full_months=12, partial_month_days=0):
    """Average daily earnings for vacation, rubles and kopecks:
    ROUND(earnings_12m / (29.3 × full_months + partial_month_days); 2)."""
    earned = non_negative('earnings_12m', earnings_12m)
    months = whole('full_months', full_months)
    if months > 12:
        raise ArgumentError('full_months', 'не больше 12 месяцев', full_months)
    partial = non_negative('partial_month_days', partial_month_days)
    days = DAYS_PER_MONTH * months + partial
    if days == 0:
        # No day of the 12 months counted: п. 6–8 of ПП 922 take earlier periods or the salary.
        raise ArgumentError('full_months', 'в расчётном периоде нет ни одного дня — по п. 6–8 '
                                           'Положения № 922 средний заработок считается за '
                                           'предыдущий период или от оклада')
    return round_half_up(earned / days, 2)


def vacation_pay(earnings_12m, vacation_days, full_months=12, partial_month_days=0):
    """Vacation pay, rubles and kopecks: ROUND(average daily earnings × vacation_days; 2).

    *earnings_12m* — pay counted for average earnings over the 12 months
    (without sick and vacation pay, material aid); *vacation_days* — calendar
    days of vacation (0 → 0).
    """
    days = non_negative('vacation_days', vacation_days)
    if days == 0:
        non_negative('earnings_12m', earnings_12m)
        return Decimal('0.00')
    return round_half_up(average_daily_earnings(earnings_12m, full_months, partial_month_days) * days, 2)
