"""One payroll row of the sales department (строка ведомости).

>>> row = payroll_row(60000, 21, 21, 20000, 0, 2026)
>>> row.gross, row.ndfl, row.net, row.contributions, row.total_cost
(Decimal('80000.00'), Decimal('10400'), Decimal('69600.00'), Decimal('24000.00'), Decimal('104000.00'))
"""

from collections import namedtuple

from .checks import non_negative, positive
from .contributions import GENERAL, contributions
from .errors import ArgumentError, shown
from .ndfl import ndfl
from .rounding import round_half_up

PayrollRow = namedtuple('PayrollRow', 'gross ndfl net contributions total_cost')
PayrollRow.__doc__ = ('Начислено, НДФЛ, к выплате, страховые взносы, '
                      'стоимость для работодателя — rubles.')


def payroll_row(base_salary, worked_days, working_days, bonus, gross_ytd_before, year,
                tariff=GENERAL):
    """gross = ROUND(base_salary × worked_days / working_days; 2) + bonus;
    НДФЛ and contributions on it; net = gross − НДФЛ; total cost = gross +
    contributions."""
    salary = non_negative('base_salary', base_salary)
    worked = non_negative('worked_days', worked_days)
    days = positive('working_days', working_days)
    if worked > days:
        raise ArgumentError('worked_days', 'не может быть больше рабочих дней месяца (%s)' % shown(days),
                            worked_days, short='больше рабочих дней месяца (%s)' % shown(days))
    b = non_negative('bonus', bonus)
    ytd = non_negative('gross_ytd_before', gross_ytd_before)
    gross = round_half_up(salary * worked / days, 2) + b
    tax = ndfl(gross, ytd, year)
    contrib = contributions(gross, ytd, year, tariff)
    return PayrollRow(gross, tax, gross - tax, contrib, gross + contrib)
