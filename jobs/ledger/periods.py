"""Service periods (периоды обслуживания) of one legal entity, the clients they count, and the month
a monthly run covers (:func:`previous_month`).

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

import numpy as np


def previous_month(day):
    """The month a monthly run on *day* covers — the calendar month before — as ``'ГГГГ-ММ'``.

    >>> previous_month(datetime.date(2026, 1, 15))
    '2025-12'
    """
    return (day.replace(day=1) - datetime.timedelta(days=1)).strftime('%Y-%m')


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


def count(figures, group, who, connected, disconnected, first, window):
    """Add the service periods of every (group, legal entity) to the group's ``start[0]``, ``.new`` and
    ``.churned`` of the *window* months from month index *first* (year × 12 + month − 1). Contracts are
    arrays: *group* (index into *figures*), *who* (legal entity number), *connected*, *disconnected*
    (datetime64[D], NaT: served); only the few entities with several contracts go through :func:`service_periods`."""
    pair = group * (int(who.max()) + 1 if len(who) else 1) + who
    order = np.argsort(pair, kind='stable')         # contracts of a pair in register order
    pair, group, begin, stop = pair[order], group[order], connected[order], disconnected[order]
    _, inverse, counts = np.unique(pair, return_inverse=True, return_counts=True)
    several = np.flatnonzero(counts[inverse] > 1)
    joined = [(group[rows[0]], b, s) for rows in np.split(several, np.flatnonzero(np.diff(pair[several])) + 1)
              if len(rows) for b, s in service_periods(list(zip(begin[rows].tolist(), stop[rows].tolist())))]
    one, extra = counts[inverse] == 1, list(zip(*joined)) or [(), (), ()]
    group, begin, stop = (np.concatenate([a[one], np.array(x, a.dtype)]) for a, x in zip((group, begin, stop), extra))
    window_start = np.datetime64(datetime.date(first // 12, first % 12 + 1, 1), 'D')
    window_end = np.datetime64(datetime.date((first + window) // 12, (first + window) % 12 + 1, 1), 'D') - 1
    early = begin < window_start
    start = np.bincount(group[early & (np.isnat(stop) | (stop >= window_start))], minlength=len(figures))
    new = _by_month(group, begin, ~early & (begin <= window_end), first, window, len(figures))
    churned = _by_month(group, stop, (stop >= window_start) & (stop <= window_end), first, window, len(figures))
    for k, f in enumerate(figures):
        f.start[0] += int(start[k])
        f.new = [a + b for a, b in zip(f.new, new[k].tolist())]
        f.churned = [a + b for a, b in zip(f.churned, churned[k].tolist())]


def _by_month(group, day, mask, first, window, n):
    month = day[mask].astype('datetime64[M]').astype(np.int64) + 1970 * 12 - first
    return np.bincount(group[mask] * window + month, minlength=n * window).reshape(n, window)


def roll(figures, window):
    """Active at the end = start + new − churned; next month's start = this month's end."""
    start = figures.start[0]
    for m in range(window):
        figures.start[m] = start
        start = figures.end[m] = start + figures.new[m] - figures.churned[m]
