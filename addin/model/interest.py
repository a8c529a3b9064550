"""Interest for the use of another's money (проценты по ст. 395 ГК РФ) and a contractual penalty
(неустойка).

ст. 395 ГК: on a money debt paid late, interest at the Bank of Russia key rate in
force in each period. As courts and the common calculators count it (Пленум ВС РФ
от 24.03.2016 № 7, п. 48):

* from the day after the due date to the day of payment **inclusive**;
* split into periods of constant debt, key rate and year; each period's interest
  is ``debt × rate × days / days of that year`` (365 or 366), rounded half-up to
  kopecks; the total is the sum of the periods (so the claim's table ties out);
* a partial payment lowers the debt from the day after it is paid.

A contract may set a penalty (неустойка, % a day) instead; then that is charged
and not the ст. 395 interest (п. 4 ст. 395 ГК) — the kit never adds both.

>>> import datetime
>>> D = datetime.date
>>> interest_395(100000, D(2025, 7, 10), D(2025, 8, 20))       # 17 days at 20 %, 24 at 18 %
Decimal('2115.07')
>>> penalty(100000, D(2025, 7, 10), D(2025, 7, 20), 0.001)      # 0.1 % a day × 10 days
Decimal('1000.00')
"""

import calendar
import datetime
from collections import namedtuple
from decimal import Decimal

from . import dated
from .checks import non_negative
from .errors import ArgumentError
from .rounding import round_half_up, to_decimal

Period = namedtuple('Period', 'start end days debt rate year_days amount')
ONE_DAY = datetime.timedelta(days=1)


def _payments(payments):
    out = []
    for when, amount in payments or ():
        amount = to_decimal(amount)
        if amount < 0:
            raise ArgumentError('payment_amounts', 'оплата не может быть отрицательной', amount)
        out.append((when, amount))
    return sorted(out)


def _check(debt, due_date, until):
    debt = non_negative('debt', debt)
    if not isinstance(due_date, datetime.date) or not isinstance(until, datetime.date):
        raise ArgumentError('due_date', 'ожидаются даты срока оплаты и окончания расчёта')
    return debt


def periods_395(debt, due_date, until, payments=(), key_rate=dated.key_rate):
    """The periods of the ст. 395 calculation, as :class:`Period` rows (amounts in rubles, kopecks).

    *payments*: ``(date, amount)`` pairs; *key_rate*: ``date → fraction`` (the dated facts).
    """
    debt = _check(debt, due_date, until)
    pays = _payments(payments)
    for when, amount in pays:          # paid on or before the due date: never overdue
        if when <= due_date:
            debt -= amount
    pays = [(w, a) for w, a in pays if due_date < w <= until]
    out = []
    day = due_date + ONE_DAY
    while day <= until and debt > 0:
        rate = to_decimal(key_rate(day))
        year_end = datetime.date(day.year, 12, 31)
        # the period ends before the next change: a rate change, a new year, or after a payment day
        end = min(until, year_end)
        for when, _ in pays:
            if day <= when < end:
                end = when
                break
        nxt = day + ONE_DAY
        while nxt <= end:
            if to_decimal(key_rate(nxt)) != rate:
                end = nxt - ONE_DAY
                break
            nxt += ONE_DAY
        days = (end - day).days + 1
        year_days = 366 if calendar.isleap(day.year) else 365
        amount = round_half_up(debt * rate * days / year_days, 2)
        out.append(Period(day, end, days, debt, rate, year_days, amount))
        for when, paid in pays:
            if when == end:
                debt -= paid
        day = end + ONE_DAY
    return out


def interest_395(debt, due_date, until, payments=(), key_rate=dated.key_rate):
    """Проценты по ст. 395 ГК, rubles and kopecks: the sum of :func:`periods_395`."""
    return sum((p.amount for p in periods_395(debt, due_date, until, payments, key_rate)), Decimal('0.00'))


def penalty(debt, due_date, until, rate_per_day, payments=()):
    """Договорная неустойка: *rate_per_day* (0.001 = 0.1 % a day) of the unpaid debt for each day
    from the day after *due_date* to *until* (or the payment day) inclusive, rubles and kopecks."""
    rate = non_negative('rate_per_day', rate_per_day)
    no_change = lambda day: rate * 365            # a constant daily rate written as a yearly one
    total = Decimal('0.00')
    for p in periods_395(debt, due_date, until, payments, no_change):
        total += round_half_up(p.debt * rate * p.days, 2)
    return total
