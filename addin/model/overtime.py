"""Pay for overtime, night, weekend and holiday work (сверхурочные, ночные,
выходные и праздничные), ст. 152–154 ТК РФ.

The hourly rate is the salary / the month's norm of hours. Overtime: the first
two hours at least 1.5×, the following at least 2× (ст. 152); work on a day off
or a holiday at least 2× (ст. 153); night hours (22:00–6:00) get at least +20 %
(ст. 154, ПП РФ от 22.07.2008 № 554). The multipliers are the employer's and
may be higher; the defaults are the legal minimums.

>>> hours_pay(60000, 160, 2, 1, 8, 8)
Decimal('8475.00')
"""

from decimal import Decimal

from .checks import non_negative, positive
from .errors import ArgumentError
from .rounding import round_half_up

OVERTIME_FIRST = Decimal('1.5')
OVERTIME_REST = Decimal(2)
NIGHT_EXTRA = Decimal('0.2')
HOLIDAY = Decimal(2)


def hours_pay(base_salary, norm_hours, overtime_first=0, overtime_rest=0, night_hours=0,
              holiday_hours=0, overtime_first_rate=OVERTIME_FIRST, overtime_rest_rate=OVERTIME_REST,
              night_extra=NIGHT_EXTRA, holiday_rate=HOLIDAY):
    """The month's extra pay, rubles and kopecks:
    ROUND(salary / norm_hours × (first × 1.5 + rest × 2 + night × 0.2 + holiday × 2); 2).

    *overtime_first* — overtime hours within the first two of each occasion,
    *overtime_rest* — the hours beyond them; *night_hours* are paid the extra only
    (the hours themselves are in the salary); *holiday_hours* are paid in full
    at *holiday_rate* on top of the salary.
    """
    salary = non_negative('base_salary', base_salary)
    norm = positive('norm_hours', norm_hours)
    hours = [non_negative(n, v) for n, v in (('overtime_first', overtime_first),
                                             ('overtime_rest', overtime_rest),
                                             ('night_hours', night_hours),
                                             ('holiday_hours', holiday_hours))]
    rates = [non_negative(n, v) for n, v in (('overtime_first_rate', overtime_first_rate),
                                             ('overtime_rest_rate', overtime_rest_rate),
                                             ('night_extra', night_extra),
                                             ('holiday_rate', holiday_rate))]
    minimums = (OVERTIME_FIRST, OVERTIME_REST, NIGHT_EXTRA, HOLIDAY)
    names = ('overtime_first_rate', 'overtime_rest_rate', 'night_extra', 'holiday_rate')
    for name, rate, least in zip(names, rates, minimums):
        if rate < least:
            raise ArgumentError(name, 'не ниже %s по ТК РФ' % str(least).replace('.', ','), rate)
    weighted = sum((h * r for h, r in zip(hours, rates)), Decimal(0))
    return round_half_up(salary / norm * weighted, 2)
