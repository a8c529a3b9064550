"""Dates as a spreadsheet gives them (даты): a date or datetime (xlwings), a serial
number (LibreOffice's Basic bridge passes dates as numbers of days since
30.12.1899, as Excel counts them) or text «ДД.ММ.ГГГГ» / «ГГГГ-ММ-ДД».

>>> as_date('day', 46023.0)
datetime.date(2026, 1, 1)
>>> as_date('day', '09.01.2026'), as_date('day', '2026-01-09')
(datetime.date(2026, 1, 9), datetime.date(2026, 1, 9))
>>> serial(datetime.date(2026, 1, 1))
46023
"""

import datetime
import re

from .errors import ArgumentError

#: Day 0 of the spreadsheet serial numbers (Excel's 1900 system, LibreOffice's default).
EPOCH = datetime.date(1899, 12, 30)
_MAX_SERIAL = (datetime.date(9999, 12, 31) - EPOCH).days
_EXPECTED = 'ожидается дата: ДД.ММ.ГГГГ, ГГГГ-ММ-ДД или ячейка с датой'


def serial(day):
    """The spreadsheet serial number of *day* (what a date cell stores)."""
    return (day - EPOCH).days


def as_date(name, value):
    """*value* as a ``datetime.date``; anything else is an :class:`ArgumentError`
    naming the argument *name*."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, bool) or value is None:
        raise ArgumentError(name, _EXPECTED, value)
    if isinstance(value, (int, float)):
        return _from_serial(name, value)
    text = str(value).strip()
    m = re.fullmatch(r'(\d{1,2})\.(\d{1,2})\.(\d{4})', text)
    try:
        if m:
            return datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if re.fullmatch(r'\d{4}-\d{2}-\d{2}', text):
            return datetime.date.fromisoformat(text)
    except ValueError:
        raise ArgumentError(name, 'такой даты нет', value)
    try:
        return _from_serial(name, float(text.replace(',', '.')))
    except ValueError:
        raise ArgumentError(name, _EXPECTED, value)


def _from_serial(name, number):
    if number != number or number < 1 or number > _MAX_SERIAL:
        raise ArgumentError(name, _EXPECTED, number)
    # A fraction is the time of day; the date is the whole part.
    return EPOCH + datetime.timedelta(days=int(number))
