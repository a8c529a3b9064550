"""The МРОТ check (проверка МРОТ), ст. 133 ТК РФ.

The monthly pay of an employee who worked the month's full norm may not be below
МРОТ (federal, or the region's agreed МРОТ, ст. 133.1). The районный
коэффициент and северная надбавка are added on top and do not count (КС РФ
№ 38-П от 07.12.2017), nor does pay for overtime, night and holiday work
(КС РФ № 17-П от 11.04.2019); for part of the month the МРОТ is prorated by days.

>>> mrot_shortfall(20000, 20, 20, None, 2026)
Decimal('7093.00')
>>> mrot_shortfall(30000, 20, 20, None, 2026)
Decimal('0.00')
"""

from decimal import Decimal

from .checks import non_negative, positive
from .errors import ArgumentError
from .rounding import round_half_up
from .yearly import facts


def mrot_shortfall(pay, worked_days, working_days, mrot=None, year=None):
    """How much the month's pay is below МРОТ, rubles (0 when it is not):
    MAX(0; ROUND(МРОТ × worked / working − pay; 2)).

    *pay* — salary and bonuses for the month without РК, северные, overtime,
    night and holiday pay; *mrot* — the regional МРОТ (empty → the federal one of *year*).
    """
    p = non_negative('pay', pay)
    worked = non_negative('worked_days', worked_days)
    days = positive('working_days', working_days)
    if worked > days:
        raise ArgumentError('worked_days', 'не может быть больше рабочих дней месяца (%s)' % days,
                            worked_days)
    if mrot is None or mrot == '':
        if year is None:
            raise ArgumentError('year', 'обязательный аргумент не задан')
        minimum = facts(year).mrot
    else:
        minimum = positive('mrot', mrot)
    return max(Decimal('0.00'), round_half_up(minimum * worked / days - p, 2))
