"""Service periods (периоды обслуживания) of one legal entity, and the clients they count.

A contract serves from its connection date to its disconnection date. The
contracts of one ИНН are joined into periods of continuous service: a contract
connected on or before the day the previous one was disconnected continues the
period (a re-signed contract, a tariff change); any day without an active
contract ends it — so a client reconnected after a gap is churned in the month
of the disconnection and new in the month of the reconnection.

>>> import datetime as dt
>>> service_periods([(dt.date(2025, 1, 1), dt.date(2025, 3, 1)), (dt.date(2025, 3, 1), None)])
[(datetime.date(2025, 1, 1), None)]
>>> len(service_periods([(dt.date(2025, 1, 1), dt.date(2025, 3, 1)), (dt.date(2025, 3, 2), None)]))
2
"""

import datetime


def service_periods(spans):
    """Join contract spans ``(connected, disconnected | None)`` of one client into continuous periods."""
    if len(spans) == 1:
        return list(spans)
    spans = sorted(spans, key=lambda s: s[0])
    out = []
    begin, stop = spans[0]
    for b, s in spans[1:]:
        if stop is None or b <= stop:          # continues the current period
            if stop is not None and (s is None or s > stop):
                stop = s
        else:
            out.append((begin, stop))
            begin, stop = b, s
    out.append((begin, stop))
    return out


def count(figures, service, first, window):
    """Add *service* periods to ``figures.start[0]``, ``.new`` and ``.churned`` of the *window*
    months from month index *first* (year × 12 + month − 1)."""
    window_start = datetime.date(first // 12, first % 12 + 1, 1)
    after = first + window
    window_end = datetime.date(after // 12, after % 12 + 1, 1) - datetime.timedelta(days=1)
    for begin, stop in service:
        if begin < window_start:
            if stop is None or stop >= window_start:
                figures.start[0] += 1
        elif begin <= window_end:
            figures.new[begin.year * 12 + begin.month - 1 - first] += 1
        if stop is not None and window_start <= stop <= window_end:
            figures.churned[stop.year * 12 + stop.month - 1 - first] += 1


def roll(figures, window):
    """Active at the end = start + new − churned; next month's start = this month's end."""
    start = figures.start[0]
    for m in range(window):
        figures.start[m] = start
        start = figures.end[m] = start + figures.new[m] - figures.churned[m]
