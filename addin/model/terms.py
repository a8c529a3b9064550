"""Legal terms in days (сроки): when a payment is due and when a claim's answer period ends.

Rules of the Civil Code (ГК РФ) the kit applies:

* ст. 191 — a term in days starts on the day after the event: «10 дней от
  начисления 18.11» ends on 28.11;
* ст. 193 — a term whose last day is a non-working day ends on the next working
  day: 28.11.2026 is a Saturday, so the term ends on Monday 30.11; a payment is
  overdue from the day after;
* a contract term «оплата до N-го числа месяца, следующего за расчётным» ends on
  day N of the month after the charge's month (the last day of a shorter month),
  moved by ст. 193 the same way;
* ч. 5 ст. 4 АПК РФ — a suit may be filed after 30 calendar days from the day the
  claim was *sent*: the answer period is the 30 days after the sending day (its
  end moved by ст. 193), and the suit may be filed from the next day.

*is_working_day* is a callable ``date → bool`` (the production calendar); without
it every day counts as working (no move).

>>> import datetime
>>> weekend = lambda d: d.isoweekday() < 6
>>> due_date(datetime.date(2026, 11, 18), 10, is_working_day=weekend)
datetime.date(2026, 11, 30)
>>> days_overdue(datetime.date(2026, 11, 30), datetime.date(2026, 12, 2))
2
>>> due_date(datetime.date(2026, 1, 31), pay_by_day=31)
datetime.date(2026, 2, 28)
>>> claim_answer_until(datetime.date(2026, 12, 2), 30, weekend)
datetime.date(2027, 1, 1)
>>> suit_earliest(datetime.date(2026, 12, 2), 30, weekend)
datetime.date(2027, 1, 2)
"""

import calendar
import datetime

from .checks import whole
from .errors import ArgumentError


def _always(day):
    return True


def end_of_term(last_day, is_working_day=None):
    """The day a term whose last day is *last_day* really ends (ст. 193 ГК: the next working day)."""
    works = is_working_day or _always
    day = last_day
    for _ in range(60):          # the longest run of days off in Russia is about two weeks
        if works(day):
            return day
        day += datetime.timedelta(days=1)
    raise ArgumentError('calendar', 'в календаре нет рабочего дня в 60 днях после %s' % last_day.strftime('%d.%m.%Y'))


def due_date(charge_date, payment_days=None, pay_by_day=None, is_working_day=None):
    """Срок оплаты of a charge: *payment_days* after *charge_date*, or day *pay_by_day* of the next
    month («до N-го числа месяца, следующего за расчётным»); moved to a working day (ст. 193 ГК).

    Exactly one of *payment_days* / *pay_by_day* is given.
    """
    if (payment_days is None) == (pay_by_day is None):
        raise ArgumentError('payment_days', 'укажите либо число дней на оплату, либо число месяца, до которого платить')
    if payment_days is not None:
        last = charge_date + datetime.timedelta(days=whole('payment_days', payment_days))
    else:
        pay_by_day = whole('pay_by_day', pay_by_day, minimum=1)
        if pay_by_day > 31:
            raise ArgumentError('pay_by_day', 'ожидается число месяца от 1 до 31', pay_by_day)
        year, month = (charge_date.year + 1, 1) if charge_date.month == 12 else (charge_date.year, charge_date.month + 1)
        last = datetime.date(year, month, min(int(pay_by_day), calendar.monthrange(year, month)[1]))
    return end_of_term(last, is_working_day)


def days_overdue(due, as_of):
    """Days overdue on *as_of* of a payment due on *due* (0 when not overdue yet)."""
    return max(0, (as_of - due).days)


def claim_answer_until(sent, answer_days=30, is_working_day=None):
    """The last day of a claim's answer period: *answer_days* calendar days after the day it was sent."""
    return end_of_term(sent + datetime.timedelta(days=int(answer_days)), is_working_day)


def suit_earliest(sent, answer_days=30, is_working_day=None):
    """The first day a suit may be filed after a claim sent on *sent* (ч. 5 ст. 4 АПК РФ)."""
    return claim_answer_until(sent, answer_days, is_working_day) + datetime.timedelta(days=1)
