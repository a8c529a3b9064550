"""The advance for the first half of the month (аванс), ст. 136 ТК РФ.

Pay is due at least twice a month; the first payment is for the days worked in
the 1st–15th (Минтруд, письмо от 03.02.2016 № 14-1/10/В-660). НДФЛ is not
withheld from it: the income date of salary is the last day of the month
(п. 2 ст. 223 НК), the month's tax is withheld at the final payment.

Two rules: by days worked — salary × (1 + allowances) × worked / working days of
the month; or a share of the salary set by the employer (e.g. 40 %) for a full
first half, proportionally less for fewer days worked.

>>> advance(60000, 9, 9, 20)
Decimal('27000.00')
>>> advance(60000, 9, 9, 20, 0.4, 0.15)
Decimal('27600.00')
"""

from .checks import non_negative, positive, share
from .errors import ArgumentError
from .rounding import round_half_up


def advance(base_salary, worked_first_half, working_days_first_half, working_days, share_of_salary=None,
            allowance=0):
    """The advance, rubles and kopecks.

    By days (*share_of_salary* empty): ROUND(salary × (1 + allowance) × worked / working_days; 2).
    By share: ROUND(salary × (1 + allowance) × share × worked / working_days_first_half; 2).
    *allowance* — районный коэффициент − 1 plus северная надбавка (0,15 = +15 %).
    """
    salary = non_negative('base_salary', base_salary)
    worked = non_negative('worked_first_half', worked_first_half)
    half = positive('working_days_first_half', working_days_first_half)
    days = positive('working_days', working_days)
    if worked > half:
        raise ArgumentError('worked_first_half', 'не может быть больше рабочих дней первой половины '
                                                 'месяца (%s)' % half, worked_first_half)
    if half > days:
        raise ArgumentError('working_days_first_half', 'не может быть больше рабочих дней месяца (%s)'
                            % days, working_days_first_half)
    extra = non_negative('allowance', allowance)
    pay = salary * (1 + extra)
    if share_of_salary is None or share_of_salary == '':
        return round_half_up(pay * worked / days, 2)
    part = share('share_of_salary', share_of_salary)
    return round_half_up(pay * part * worked / half, 2)
