"""The production calendar (производственный календарь) of the five-day week:
holidays of ТК РФ ст. 112 and the days the Government's yearly decree transfers.

Shipped as data (``data/calendar.json``, one block per year with its decree). A
year with no decree yet is computed by the rule of ст. 112 ч. 2 — a holiday on a
Saturday or Sunday moves the day off to the next working day, except the January
holidays, which only the decree moves — and is marked provisional.

An operator adds its own days (a regional holiday, a working Saturday) with
:class:`ProductionCalendar` ``extra_days_off`` / ``extra_workdays``; the jobs build
it from ``settings.toml``.

>>> import datetime
>>> is_working_day(datetime.date(2026, 1, 9)), is_working_day(datetime.date(2026, 1, 12))
(False, True)
>>> working_days(2025, 1), working_days(2026)
(17, 247)
>>> workday_add(datetime.date(2025, 12, 30), 1)
datetime.date(2026, 1, 12)
"""

import datetime
import json
import pkgutil

from .checks import number, whole
from .dates import as_date
from .errors import ArgumentError

#: Non-working holidays of ТК РФ ст. 112 ч. 1 as (month, day).
HOLIDAYS = (
    (1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 6), (1, 8),   # Новогодние каникулы
    (1, 7),                                                   # Рождество Христово
    (2, 23),                                                  # День защитника Отечества
    (3, 8),                                                   # Международный женский день
    (5, 1),                                                   # Праздник Весны и Труда
    (5, 9),                                                   # День Победы
    (6, 12),                                                  # День России
    (11, 4),                                                  # День народного единства
)
#: Saturday and Sunday (ISO weekdays).
WEEKEND = frozenset((6, 7))
_ONE_DAY = datetime.timedelta(days=1)


def statutory_year(year):
    """``(days_off, workdays)`` of *year* by ст. 112 alone, for a year without a decree:
    weekday holidays, plus the next working day for each non-January holiday on a
    weekend.

    >>> sorted(d.isoformat() for d in statutory_year(2028)[0])[5:]
    ['2028-02-23', '2028-03-08', '2028-05-01', '2028-05-09', '2028-06-12', '2028-11-06']
    """
    holidays = {datetime.date(year, m, d) for m, d in HOLIDAYS}
    off = {d for d in holidays if d.isoweekday() not in WEEKEND}
    for day in sorted(holidays):
        if day.month == 1 or day.isoweekday() not in WEEKEND:
            continue
        moved = day + _ONE_DAY
        while moved.isoweekday() in WEEKEND or moved in holidays or moved in off:
            moved += _ONE_DAY
        off.add(moved)
    return frozenset(off), frozenset()


def _load():
    raw = json.loads(pkgutil.get_data(__name__.rpartition('.')[0], 'data/calendar.json').decode('utf-8'))
    years = {}
    for key, block in raw.items():
        if key.startswith('_'):
            continue
        years[int(key)] = {
            'days_off': frozenset(datetime.date.fromisoformat(d) for d in block['days_off']),
            'workdays': frozenset(datetime.date.fromisoformat(d) for d in block['workdays']),
            'source': block['source'],
            'provisional': bool(block['provisional']),
        }
    return years


#: year → {'days_off', 'workdays', 'source', 'provisional'}: the shipped decrees.
YEARS = _load()


_STATUTORY = {}


def year_block(year):
    """The calendar of *year*: shipped, or by ст. 112 (provisional) when not shipped."""
    if year in YEARS:
        return YEARS[year]
    if year not in _STATUTORY:
        off, work = statutory_year(year)
        _STATUTORY[year] = {'days_off': off, 'workdays': work, 'provisional': True,
                            'source': 'ТК РФ ст. 112 (постановления о переносе выходных дней в '
                                      'календаре isp-b2b-kit нет)'}
    return _STATUTORY[year]


def is_provisional(year):
    """True when *year*'s calendar is not from a published decree."""
    return year_block(whole('year', year, minimum=1)).get('provisional', True)


class ProductionCalendar:
    """The shipped calendar with the operator's own days on top.

    *extra_days_off* — dates that are days off in addition (a regional holiday);
    *extra_workdays* — dates that are working in addition (a working Saturday);
    *weekends* — ISO weekdays off (``{6, 7}``; with another week the decree's
    transfers do not apply, only the ст. 112 holidays and the operator's days).
    """

    def __init__(self, extra_days_off=(), extra_workdays=(), weekends=WEEKEND):
        self.extra_days_off = frozenset(extra_days_off)
        self.extra_workdays = frozenset(extra_workdays)
        self.weekends = frozenset(weekends)

    def is_working_day(self, day):
        """True when *day* (a ``datetime.date``) is a working day."""
        if day in self.extra_workdays:
            return True
        if day in self.extra_days_off:
            return False
        if self.weekends != WEEKEND:
            return day.isoweekday() not in self.weekends and (day.month, day.day) not in HOLIDAYS
        block = year_block(day.year)
        if day in block['workdays']:
            return True
        return day.isoweekday() not in WEEKEND and day not in block['days_off']

    def working_days_of_month(self, year, month):
        """The working days of *month* of *year*, ascending."""
        day = datetime.date(year, month, 1)
        out = []
        while day.month == month:
            if self.is_working_day(day):
                out.append(day)
            day += _ONE_DAY
        return out

    def working_days(self, year, month=None):
        """The number of working days of *month* (норма рабочих дней), or of the whole
        year when *month* is ``None``."""
        months = range(1, 13) if month is None else (month,)
        return sum(len(self.working_days_of_month(year, m)) for m in months)

    def workday_add(self, day, days):
        """The *days*-th working day after *day* (before it when negative). With 0:
        *day* itself when it is a working day, else the next working day (a term
        ending on a day off moves to the next working day, ГК РФ ст. 193)."""
        if days == 0:
            while not self.is_working_day(day):
                day += _ONE_DAY
            return day
        step = _ONE_DAY if days > 0 else -_ONE_DAY
        left = abs(days)
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
        return day


#: The shipped calendar without operator days (what the worksheet functions use).
SHIPPED = ProductionCalendar()


def is_working_day(day):
    """B2B_IS_WORKING_DAY: True when *day* is a working day of the five-day week."""
    return SHIPPED.is_working_day(as_date('date', day))


def working_days(year, month=None):
    """B2B_WORKING_DAYS: working days of *month* of *year* (the month's norm for
    payroll), or of the whole year when *month* is empty."""
    y = whole('year', year, minimum=1)
    if month is None:
        return SHIPPED.working_days(y)
    m = whole('month', month, minimum=1)
    if m > 12:
        raise ArgumentError('month', 'ожидается номер месяца от 1 до 12', month)
    return SHIPPED.working_days(y, m)


def workday_add(day, days):
    """B2B_WORKDAY_ADD: the date *days* working days after *day* (before it when
    negative; 0 — *day* or the next working day)."""
    d = as_date('date', day)
    n = number('days', days)
    if n != n.to_integral_value():
        raise ArgumentError('days', 'ожидается целое число рабочих дней', days)
    if abs(n) > 3660:
        raise ArgumentError('days', 'не больше 3660 рабочих дней', days)
    return SHIPPED.workday_add(d, int(n))
