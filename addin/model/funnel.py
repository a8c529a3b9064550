"""The sales funnel (воронка продаж): what a plan needs and where the pace leads.

The funnel of active sales runs calls → meetings → contracts; the norms are the
ones the headcount is planned with (:func:`~addin.model.headcount.managers`):
a call becomes a meeting with *call_to_meeting* (0,15), a meeting becomes a
contract with *meeting_to_contract* (0,25).

>>> funnel_need(10)
(40, 267)
>>> funnel_need(3, 0.2, 0.5)
(6, 30)
>>> plan_forecast(7, 10, 21)
Decimal('14.7')
>>> plan_forecast(0, 5, 21)
Decimal('0.0')
>>> plan_forecast(3, 0, 21)
Traceback (most recent call last):
...
addin.model.errors.ArgumentError: аргумент «прошло рабочих дней» (working_days_passed): должно быть больше 0 (получено: 0)
"""

from decimal import Decimal

from .checks import non_negative, positive, positive_share
from .errors import ArgumentError
from .rounding import ceiling, round_half_up

TOLERANCE = Decimal('1e-9')


def funnel_need(contracts, call_to_meeting=Decimal('0.15'), meeting_to_contract=Decimal('0.25')):
    """Meetings and calls needed for *contracts* (сколько нужно встреч и звонков), whole numbers:
    meetings = CEILING(contracts / meeting_to_contract); calls = CEILING(meetings / call_to_meeting).

    Meetings are rounded up first: a manager holds whole meetings, and the calls
    are those needed to set that many.
    """
    n = non_negative('contracts', contracts)
    c2m = positive_share('call_to_meeting', call_to_meeting)
    m2c = positive_share('meeting_to_contract', meeting_to_contract)
    meetings = ceiling(n / m2c, TOLERANCE)
    calls = ceiling(Decimal(meetings) / c2m, TOLERANCE)
    return meetings, calls


def plan_forecast(fact_to_date, working_days_passed, working_days_in_month):
    """The month's result at the current pace (прогноз на конец месяца), one decimal:
    ROUND(fact_to_date / working_days_passed × working_days_in_month; 1).

    *working_days_passed* counts the working days of the month up to and including
    the day of the fact; it cannot exceed *working_days_in_month*.
    """
    fact = non_negative('fact_to_date', fact_to_date)
    passed = positive('working_days_passed', working_days_passed)
    total = positive('working_days_in_month', working_days_in_month)
    if passed > total:
        raise ArgumentError('working_days_passed', 'не может быть больше рабочих дней месяца (%s)'
                            % total, working_days_passed)
    return round_half_up(fact / passed * total, 1)
