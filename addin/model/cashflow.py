"""Cash flow and payback of the sales department (денежный поток, окупаемость).

New clients pay from the month after connection; *churn* is the monthly share of
clients lost.

>>> payback(200000, 10, 5000)
9
"""

from collections import namedtuple
from decimal import Decimal

from .checks import non_negative, share, whole
from .errors import ArgumentError
from .rounding import round_half_up

CashflowRow = namedtuple('CashflowRow', 'month clients revenue cumulative')
CashflowRow.__doc__ = 'Месяц, клиентов на конец месяца, выручка, накопленный денежный поток.'


def cashflow(monthly_cost, new_clients_per_month, arpu, monthly_churn=Decimal(0), horizon=36):
    """Rows for months 1…*horizon*: revenue_t = clients_{t−1} × arpu;
    clients_t = clients_{t−1} × (1 − churn) + new; cumulative_t = cumulative_{t−1}
    + revenue_t − monthly_cost. Money is rounded to kopecks for display, clients
    to hundredths; the running totals stay exact."""
    cost = non_negative('monthly_cost', monthly_cost)
    new = non_negative('new_clients_per_month', new_clients_per_month)
    price = non_negative('arpu', arpu)
    churn = share('monthly_churn', monthly_churn)
    months = whole('horizon', horizon, minimum=1)
    if months > 600:
        raise ArgumentError('horizon', 'не больше 600 месяцев', horizon)
    clients = Decimal(0)
    cumulative = Decimal(0)
    rows = []
    for t in range(1, months + 1):
        revenue = clients * price
        clients = clients * (1 - churn) + new
        cumulative += revenue - cost
        rows.append(CashflowRow(t, round_half_up(clients, 2), round_half_up(revenue, 2),
                                round_half_up(cumulative, 2)))
    return rows


def payback(monthly_cost, new_clients_per_month, arpu, monthly_churn=Decimal(0), horizon=36):
    """First month whose cumulative cash (rounded to kopecks, as shown) is ≥ 0;
    an :class:`ArgumentError` «не окупается за N мес.» when none is."""
    rows = cashflow(monthly_cost, new_clients_per_month, arpu, monthly_churn, horizon)
    for row in rows:
        if row.cumulative >= 0:
            return row.month
    raise ArgumentError('horizon', 'не окупается за %d мес.' % len(rows))
