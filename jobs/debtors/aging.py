"""Debt aging (старение задолженности) of every client: FIFO settlement, overdue debt,
days overdue and the debt episode (SPEC 7.2).

Rules
-----
* A charge falls due ``payment_days`` days after its charge date (the client's
  «срок оплаты», else ``[billing] payment_days``); the reader dates a charge
  without a date the last day of its period. It is **overdue** from the day after
  its due date: ``as_of > due``, i.e. ``charge_date < as_of − payment_days``.
* Only what has happened by the as-of date counts: payments dated ≤ ``as_of``
  and charges dated ≤ ``as_of``.
* Payments settle the oldest charges first (FIFO); what exceeds the charges is an
  advance and settles later charges. A negative charge (a correction) is a credit
  and settles like a payment. Because due dates ascend with charge dates for one
  client, FIFO makes the overdue debt simply ``max(0, overdue charges − paid)``.
* Days overdue = ``as_of − due date`` of the oldest charge not fully paid
  (≤ 0: that charge is not overdue yet; ``None``: nothing is unpaid).
* **Debt episode.** The overdue debt is a function of the day: on day *t* it is
  ``max(0, Σ charges overdue on t − Σ payments dated ≤ t)``. A client is *in
  debt* on day *t* when that amount is ≥ ``min_debt`` (and > 0). The episode
  start is the first day of the latest unbroken run of in-debt days that reaches
  the as-of date; the episode ends on the first day the overdue debt is below
  ``min_debt``. So a partial payment that leaves the debt ≥ ``min_debt`` keeps
  the episode (stages already sent are not sent again, even if the days overdue
  drop), and a debt that is paid down and comes back later is a new episode.
  The start is recomputed from the register every run: a payment entered late
  with an earlier date is taken into account as of its own date.

Bucket and stage come from :mod:`addin.model.aging`, the functions behind the
worksheet functions B2B_AGING_BUCKET and B2B_DUNNING_STAGE, so the «Должники»
workbook and this job always agree.

Speed: the work is one pass over each client's charges with Decimal sums; no
object per charge, no date arithmetic per charge (one cut-off date per client).
The episode walk (sorting a client's events) runs only for current debtors.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from bisect import bisect_left, bisect_right
from itertools import accumulate, islice
from operator import gt, itemgetter

from addin.model.aging import DEFAULT_STAGES, NOT_OVERDUE, Stage, aging_bucket, stage_reached

ZERO = Decimal(0)
_ONE_DAY = datetime.timedelta(days=1)
# Field positions of jobs.registers.reader.Charge / Payment (namedtuples), used by
# index because attribute access costs measurably on millions of rows.
CH_CODE, CH_PERIOD, CH_AMOUNT, CH_DATE = 0, 1, 3, 4
PAY_CODE, PAY_DATE, PAY_AMOUNT = 0, 1, 2
_by_charge_date = itemgetter(CH_DATE)
_charge_amount = itemgetter(CH_AMOUNT)
_pay_date = itemgetter(PAY_DATE)
_pay_amount = itemgetter(PAY_AMOUNT)


@dataclass
class Account:
    """One client's position as of a date (all money Decimal rubles)."""
    code: str
    as_of: datetime.date
    payment_days: int
    charged: Decimal          # charges dated ≤ as_of
    paid: Decimal             # payments (and credits) dated ≤ as_of
    overdue_debt: Decimal     # overdue and unpaid — the debt the ladder acts on
    oldest_due: object        # due date of the oldest charge not fully paid, or None
    days_overdue: int         # as_of − oldest_due (≤ 0: not overdue); 0 when nothing is unpaid
    episode: object           # date the current debt episode started, or None
    stage: object             # addin.model.aging.Stage reached, or None
    bucket: str               # aging bucket label

    @property
    def balance(self):
        """Whole balance: charged − paid (negative — an advance)."""
        return self.charged - self.paid

    @property
    def is_debtor(self):
        """Any overdue debt at all (the report lists these, also under the threshold)."""
        return self.overdue_debt > 0


def group(rows, key=0):
    """``{code: [row, …]}`` keeping the input order (rows are tuples; *key* the code's index)."""
    out = defaultdict(list)
    for row in rows:
        out[row[key]].append(row)
    return out


def stages_from_settings(dunning):
    """The ladder of ``settings.dunning`` as model :class:`Stage` tuples (Russian names kept)."""
    names = {s.code: s.name for s in DEFAULT_STAGES}
    return tuple(Stage(code, names.get(code, code), days) for code, days in dunning.stages)


def account(code, charges, payments, as_of, payment_days, min_debt=Decimal(100), stages=DEFAULT_STAGES):
    """The :class:`Account` of one client from its *charges* and *payments* (reader tuples).

    Fast path (no negative charge): C-level list operations only — the sums by
    ``accumulate``, the oldest unpaid charge and the overdue cut-off by ``bisect``
    on the running total and the dates.
    """
    if payments:
        if max(map(_pay_date, payments)) <= as_of:
            paid = sum(map(_pay_amount, payments), ZERO)
        else:
            paid = sum([p[PAY_AMOUNT] for p in payments if p[PAY_DATE] <= as_of], ZERO)
    else:
        paid = ZERO
    if not charges:
        return Account(code, as_of, payment_days, ZERO, paid, ZERO, None, 0, None, None, NOT_OVERDUE)
    dates = list(map(_by_charge_date, charges))
    if any(map(gt, dates, islice(dates, 1, None))):
        charges = sorted(charges, key=_by_charge_date)   # stable: register order within a day
        dates = list(map(_by_charge_date, charges))
    amounts = list(map(_charge_amount, charges))
    if min(amounts) < 0:
        return _account_general(code, charges, payments, as_of, payment_days, min_debt, stages)
    n = bisect_right(dates, as_of)                        # charges dated ≤ as_of
    if n == 0:
        return Account(code, as_of, payment_days, ZERO, paid, ZERO, None, 0, None, None, NOT_OVERDUE)
    running = list(accumulate(amounts[:n] if n < len(amounts) else amounts))
    cutoff = as_of - datetime.timedelta(days=payment_days)   # overdue ⇔ charge date < cutoff
    k = bisect_left(dates, cutoff, 0, n)                  # charges [0, k) are overdue
    due_total = running[k - 1] if k else ZERO
    overdue = due_total - paid
    if overdue < 0:
        overdue = ZERO
    i = bisect_right(running, paid)                       # first charge not fully paid
    if i >= n:
        return Account(code, as_of, payment_days, running[-1], paid, ZERO, None, 0, None, None, NOT_OVERDUE)
    due = dates[i] + datetime.timedelta(days=payment_days)
    days = (as_of - due).days
    if overdue <= 0:
        return Account(code, as_of, payment_days, running[-1], paid, ZERO, due, days, None, None, NOT_OVERDUE)
    stage = stage_reached(days, overdue, min_debt, stages)
    episode = None
    if overdue >= min_debt:
        episode = _episode_backward(dates, amounts, k, payments, as_of, payment_days, min_debt,
                                    due_total - paid)
    return Account(code, as_of, payment_days, running[-1], paid, overdue, due, days, episode, stage,
                   aging_bucket(days))


def _episode_backward(dates, amounts, k, payments, as_of, payment_days, min_debt, level):
    """Episode start walking back from *as_of*, undoing one day's events at a time.

    *level* is the raw overdue level on *as_of* (overdue charges − payments). Charges
    ``[0, k)`` are overdue, each from the day after its due date; a day's events are
    undone together. Usually only the last few months are visited.
    """
    pays = [(p[PAY_DATE], p[PAY_AMOUNT]) for p in payments if p[PAY_DATE] <= as_of]
    if any(map(gt, pays, islice(pays, 1, None))):
        pays.sort(key=itemgetter(0))
    term = datetime.timedelta(days=payment_days + 1)
    j, q = k - 1, len(pays) - 1
    start = None
    while j >= 0 or q >= 0:
        cday = dates[j] + term if j >= 0 else None
        pday = pays[q][0] if q >= 0 else None
        day = cday if pday is None or (cday is not None and cday >= pday) else pday
        if not (level >= min_debt and level > 0):
            break
        start = day
        while j >= 0 and dates[j] + term == day:
            level -= amounts[j]
            j -= 1
        while q >= 0 and pays[q][0] == day:
            level += pays[q][1]
            q -= 1
    return start


def _account_general(code, charges, payments, as_of, payment_days, min_debt, stages):
    """Any charges, also negative ones (corrections settle like payments); *charges* sorted by date."""
    paid = ZERO
    for p in payments:
        if p[PAY_DATE] <= as_of:
            paid += p[PAY_AMOUNT]
    cutoff = as_of - datetime.timedelta(days=payment_days)   # overdue ⇔ charge date < cutoff
    charged = due_total = ZERO
    credits = ZERO
    for c in charges:
        day = c[CH_DATE]
        if day > as_of:
            break
        amount = c[CH_AMOUNT]
        charged += amount
        if amount < 0:
            credits -= amount
        elif day < cutoff:
            due_total += amount
    settled = paid + credits
    oldest = _oldest_unpaid(charges, as_of, settled)
    overdue = due_total - settled
    if overdue < 0:
        overdue = ZERO
    if oldest is None:
        return Account(code, as_of, payment_days, charged + credits, settled, ZERO, None, 0, None, None,
                       NOT_OVERDUE)
    due = oldest + datetime.timedelta(days=payment_days)
    days = (as_of - due).days
    if overdue <= 0:
        return Account(code, as_of, payment_days, charged + credits, settled, ZERO, due, days, None, None,
                       NOT_OVERDUE)
    stage = stage_reached(days, overdue, min_debt, stages)
    episode = episode_start(charges, payments, as_of, payment_days, min_debt) if overdue >= min_debt else None
    return Account(code, as_of, payment_days, charged + credits, settled, overdue, due, days, episode, stage,
                   aging_bucket(days))


def _oldest_unpaid(charges, as_of, settled):
    running = ZERO
    for c in charges:
        if c[CH_DATE] > as_of:
            break
        if c[CH_AMOUNT] > 0:
            running += c[CH_AMOUNT]
            if running > settled:
                return c[CH_DATE]
    return None


def episode_start(charges, payments, as_of, payment_days, min_debt):
    """First day of the latest unbroken run of days up to *as_of* with overdue debt ≥ *min_debt*.

    Events: a charge adds its amount on the day after its due date; a payment (or a
    credit) subtracts on its own date. ``None`` when the client is not in debt on *as_of*.
    """
    events = []
    term = datetime.timedelta(days=payment_days + 1)
    for c in charges:
        day = c[CH_DATE]
        if day > as_of:
            continue
        amount = c[CH_AMOUNT]
        if amount < 0:
            events.append((day, amount))
        else:
            start = day + term
            if start <= as_of:
                events.append((start, amount))
    for p in payments:
        if p[PAY_DATE] <= as_of:
            events.append((p[PAY_DATE], -p[PAY_AMOUNT]))
    events.sort(key=itemgetter(0))
    level = ZERO
    start = None
    i, n = 0, len(events)
    while i < n:
        day = events[i][0]
        while i < n and events[i][0] == day:
            level += events[i][1]
            i += 1
        if level >= min_debt and level > 0:
            if start is None:
                start = day
        else:
            start = None
    return start


def compute(clients, charges, payments, as_of, default_payment_days=10, min_debt=Decimal(100),
            stages=DEFAULT_STAGES):
    """``{code: Account}`` for every client of *clients* (``{code: Client}`` of the register).

    *charges* / *payments*: reader rows (lists) or already grouped ``{code: [rows]}``.
    """
    by_charge = charges if isinstance(charges, dict) else group(charges)
    by_payment = payments if isinstance(payments, dict) else group(payments)
    empty = ()
    out = {}
    for code, client in clients.items():
        days = getattr(client, 'payment_days', None)
        out[code] = account(code, by_charge.get(code, empty), by_payment.get(code, empty), as_of,
                            default_payment_days if days is None else days, min_debt, stages)
    return out


@dataclass
class CalcLine:
    """One row of the debt calculation (расчёт задолженности) for the claim and the court package."""
    period: str
    charge_date: datetime.date
    amount: Decimal
    due: datetime.date
    paid: Decimal
    unpaid: Decimal
    days_overdue: int         # 0 when not overdue yet


def calculation(charges, payments, as_of, payment_days):
    """The per-charge FIFO calculation of the charges not fully paid as of *as_of*.

    Returns ``(lines, paid_total)``: lines for every charge with an unpaid part
    (fully paid ones are left out — the claim shows what is owed), oldest first.
    """
    settled = ZERO
    for p in payments:
        if p[PAY_DATE] <= as_of:
            settled += p[PAY_AMOUNT]
    charges = sorted(charges, key=_by_charge_date)
    for c in charges:
        if c[CH_DATE] <= as_of and c[CH_AMOUNT] < 0:
            settled -= c[CH_AMOUNT]
    paid_total = settled
    term = datetime.timedelta(days=payment_days)
    lines = []
    for c in charges:
        day, amount = c[CH_DATE], c[CH_AMOUNT]
        if day > as_of or amount <= 0:
            continue
        part = amount if settled >= amount else (settled if settled > 0 else ZERO)
        settled -= part
        unpaid = amount - part
        if unpaid <= 0:
            continue
        due = day + term
        lines.append(CalcLine(c[CH_PERIOD], day, amount, due, part, unpaid, max(0, (as_of - due).days)))
    return lines, paid_total
