"""Headcount of the sales department (штат): sales and client-support managers.

>>> managers(20)
2
>>> support_managers(600)
3
"""

from decimal import Decimal

from .checks import non_negative, positive, positive_share
from .rounding import ceiling

TOLERANCE = Decimal('1e-9')


def managers(plan_per_month, calls_per_day=40, meetings_per_day=3, call_to_meeting=Decimal('0.15'),
             meeting_to_contract=Decimal('0.25'), working_days=21, sales_time_share=Decimal('0.7')):
    """Sales managers needed (менеджеров по продажам) for *plan_per_month* contracts.

    The funnel runs backwards: contracts ← meetings (conversion
    *meeting_to_contract*) ← calls (*call_to_meeting*). One manager holds
    *meetings_per_day* meetings and makes *calls_per_day* calls on the
    *sales_time_share* of *working_days* spent selling. The busier of the two
    activities decides: CEILING(MAX(meetings_needed / capacity_meetings;
    calls_needed / capacity_calls)).
    """
    plan = non_negative('plan_per_month', plan_per_month)
    calls = positive('calls_per_day', calls_per_day)
    meetings = positive('meetings_per_day', meetings_per_day)
    c2m = positive_share('call_to_meeting', call_to_meeting)
    m2c = positive_share('meeting_to_contract', meeting_to_contract)
    days = positive('working_days', working_days)
    sales_share = positive_share('sales_time_share', sales_time_share)
    if plan == 0:
        return 0
    meetings_needed = plan / m2c
    calls_needed = meetings_needed / c2m
    capacity_meetings = meetings * days * sales_share
    capacity_calls = calls * days * sales_share
    load = max(meetings_needed / capacity_meetings, calls_needed / capacity_calls)
    return ceiling(load, TOLERANCE)


def support_managers(active_clients, clients_per_manager=250):
    """Client-support managers (менеджеров сопровождения):
    CEILING(active_clients / clients_per_manager)."""
    clients = non_negative('active_clients', active_clients)
    per = positive('clients_per_manager', clients_per_manager)
    return ceiling(clients / per)

