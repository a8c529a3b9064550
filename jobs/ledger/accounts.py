"""Client accounts (расчёты с клиентами): FIFO settlement, overdue debt, days overdue and the
debt episode (SPEC 7.2), for every client at once.

Rules
-----
* A charge falls due on its due date (:mod:`.terms`: «срок оплаты» from the
  charge date, moved to a working day by ст. 193 ГК); it is **overdue** from the
  day after: ``as_of > due``. The register dates a charge without a date the
  last day of its period.
* Only what has happened by the as-of date counts: payments dated ≤ ``as_of``
  and charges dated ≤ ``as_of``.
* Payments settle the oldest charges first (FIFO); what exceeds the charges is
  an advance and settles later charges. A negative charge (a correction) is a
  credit and settles like a payment. Due dates ascend with charge dates for one
  client, so FIFO makes the overdue debt ``max(0, overdue charges − settled)``
  and the oldest charge not fully paid the first whose running total passes
  what is settled.
* Days overdue = ``as_of − due date`` of the oldest charge not fully paid
  (≤ 0: that charge is not overdue yet; 0 with no due date: nothing is unpaid).
* **Debt episode.** The overdue debt is a function of the day: on day *t* it is
  ``Σ charges overdue on t − Σ payments and credits dated ≤ t``. A client is *in
  debt* on day *t* when that amount is ≥ ``min_debt`` (and > 0). The episode
  start is the first day of the latest unbroken run of in-debt days that
  reaches the as-of date. A partial payment that leaves the debt ≥ ``min_debt``
  keeps the episode; a debt paid down and come back later is a new episode. The
  start is recomputed from the register every run.

Bucket and stage come from :mod:`addin.model.aging` (the worksheet functions
B2B_AGING_BUCKET and B2B_DUNNING_STAGE), so the «Должники» workbook and the
jobs agree.

How: a :class:`Book` sorts the charges and payments by client and date once
(numpy arrays, int64 kopecks); :meth:`Book.position` is then a handful of
array passes for every client at a date — the debtors job asks for one date,
the owner's report for twelve month-ends. One FIFO serves both, and a single
client's :func:`account` is a book of one client.
"""

import datetime
from collections import namedtuple
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import numpy as np
import pandas as pd

from addin.model.aging import DEFAULT_STAGES, NOT_OVERDUE, aging_bucket, stage_reached

from ..registers.columns import index_in
from ..registers.csv_files import give_back
from . import terms as terms_mod

ZERO = Decimal(0)
NAT = np.datetime64('NaT', 'D')
_ONE_DAY = np.timedelta64(1, 'D')


def rubles(kopecks):
    """int kopecks → ``Decimal`` rubles with two places."""
    return Decimal(int(kopecks)).scaleb(-2)


def kopecks(amount):
    """``Decimal`` rubles → int kopecks."""
    return int(Decimal(amount) * 100)


@dataclass
class Account:
    """One client's position as of a date (all money Decimal rubles)."""
    code: str
    as_of: datetime.date
    payment_days: int         # the client's term in days (None with a «до N-го числа» term)
    charged: Decimal          # positive charges dated ≤ as_of
    paid: Decimal             # payments and credits dated ≤ as_of
    overdue_debt: Decimal     # overdue and unpaid — the debt the ladder acts on
    oldest_due: object        # due date of the oldest charge not fully paid, or None
    days_overdue: int         # as_of − oldest_due (≤ 0: not overdue); 0 when nothing is unpaid
    episode: object           # date the current debt episode started, or None
    stage: object             # addin.model.aging.Stage reached, or None
    bucket: str               # aging bucket label
    pay_by_day: object = None  # «до N-го числа следующего месяца» term, or None

    @property
    def balance(self):
        """Whole balance: charged − paid (negative — an advance)."""
        return self.charged - self.paid

    @property
    def is_debtor(self):
        """Any overdue debt at all (the report lists these, also under the threshold)."""
        return self.overdue_debt > 0


Position = namedtuple('Position', 'charged settled overdue oldest_due days')
Position.__doc__ = """Arrays by client index: kopecks charged, settled, overdue; oldest due (datetime64, NaT: nothing
unpaid); days overdue (0 when nothing is unpaid)."""


def _sum(client, amount, mask, n):
    # float64 sums of int64 kopecks are exact below 2**53 kopecks (9·10**13 rubles) per client
    return np.rint(np.bincount(client[mask], weights=amount[mask], minlength=n)).astype(np.int64)


class Book:
    """The charges and payments of *codes*' clients, sorted for the FIFO.

    *charges*: a frame with ``code``, ``date``, ``amount`` (int64 kopecks) and
    optionally ``period``; *payments*: ``code``, ``date``, ``amount``. Rows of
    codes not among *codes* are left out and counted in ``skipped``.
    *client_terms*: one :class:`.terms.Terms` per code.
    """

    def __init__(self, codes, client_terms, charges, payments, is_working_day=None):
        self.codes = list(codes)
        self.index = {c: i for i, c in enumerate(self.codes)}
        self.terms = list(client_terms)
        n = self.n = len(self.codes)
        unique_terms = list(dict.fromkeys(self.terms))
        term_of = {t: k for k, t in enumerate(unique_terms)}
        client_term = np.array([term_of[t] for t in self.terms], np.int64)
        self.skipped = 0
        (self.c_client, self.c_date, self.c_amount, c_row), self.c_start = self._sorted(charges, n)
        (self.p_client, self.p_date, self.p_amount, self.p_row), self.p_start = self._sorted(payments, n)
        # periods ('ГГГГ-ММ', a few dozen distinct) as codes in book order, not an object per charge
        period = pd.Categorical(charges['period']) if 'period' in charges else None
        self.period_names = None if period is None else np.asarray(period.categories, object)
        self.period_codes = None if period is None else period.codes[c_row]
        self.c_due = terms_mod.due_dates(self.c_date, client_term[self.c_client], unique_terms, is_working_day)
        self.c_cum = np.cumsum(np.where(self.c_amount > 0, self.c_amount, 0))
        self.has_credits = bool((self.c_amount < 0).any())
        give_back()

    def _sorted(self, frame, n):
        client = index_in(frame['code'], self.codes).astype(np.int32)     # half the memory of int64 indices
        keep = client >= 0
        self.skipped += int((~keep).sum())
        client = client[keep]
        day = frame['date'].to_numpy('datetime64[D]')[keep]
        order = np.lexsort((day, client))           # stable: register order within a day
        client = client[order]
        columns = (client, day[order], frame['amount'].to_numpy(np.int64)[keep][order],
                   np.flatnonzero(keep).astype(np.int32)[order])
        return columns, np.searchsorted(client, np.arange(n + 1))

    def position(self, as_of):
        """Every client's :class:`Position` on *as_of* (FIFO, see the module docstring)."""
        e = np.datetime64(as_of, 'D')
        n, amount, client = self.n, self.c_amount, self.c_client
        in_time = self.c_date <= e
        positive = amount > 0
        charged = _sum(client, amount, positive & in_time, n)
        settled = _sum(self.p_client, self.p_amount, self.p_date <= e, n)
        if self.has_credits:
            settled += _sum(client, -amount, (amount < 0) & in_time, n)
        overdue = np.maximum(_sum(client, amount, positive & (self.c_due < e), n) - settled, 0)
        start = self.c_start[:-1]
        end = start + np.bincount(client[in_time], minlength=n)      # charges ≤ as_of are a prefix
        before = np.where(start > 0, self.c_cum[np.maximum(start - 1, 0)] if len(amount) else 0, 0)
        first = np.searchsorted(self.c_cum, before + settled, side='right')
        unpaid = first < end
        oldest = np.full(n, NAT)
        oldest[unpaid] = self.c_due[first[unpaid]]
        days = np.zeros(n, np.int64)
        days[unpaid] = (e - oldest[unpaid]).astype(np.int64)
        return Position(charged, settled, overdue, oldest, days)

    def episodes(self, clients, as_of, min_debt):
        """Episode start (datetime64, NaT when not in debt) on *as_of* of each client index in *clients*.

        Events, per client: a positive charge adds its amount the day after its due
        date, a credit subtracts on its date, a payment subtracts on its date; the
        level after each day's events is the overdue debt of that day.
        """
        clients = np.asarray(clients, np.int64)
        if not len(clients):
            return np.array([], 'datetime64[D]')
        e = np.datetime64(as_of, 'D')
        wanted = np.zeros(self.n, bool)
        wanted[clients] = True
        c = wanted[self.c_client] & (self.c_date <= e)
        starts = np.where(self.c_amount > 0, self.c_due + _ONE_DAY, self.c_date)
        c &= starts <= e
        p = wanted[self.p_client] & (self.p_date <= e)
        client = np.concatenate([self.c_client[c], self.p_client[p]]).astype(np.int64)
        day = np.concatenate([starts[c], self.p_date[p]])
        amount = np.concatenate([self.c_amount[c], -self.p_amount[p]])
        found = np.full(self.n, NAT)
        if len(client):
            order = np.lexsort((day, client))      # one row per client and day, the level after its events
            client, day, amount = client[order], day[order], amount[order]
            rows = np.flatnonzero(np.r_[True, (client[1:] != client[:-1]) | (day[1:] != day[:-1])])
            client, day, amount = client[rows], day[rows], np.add.reduceat(amount, rows)
            first, index, running = np.r_[True, client[1:] != client[:-1]], np.arange(len(client)), np.cumsum(amount)
            level = running - (running - amount)[np.maximum.accumulate(np.where(first, index, 0))]
            in_debt = (level >= min_debt) & (level > 0)
            # the episode: the run of days in debt that reaches the client's last day, from its first day
            last = np.flatnonzero(np.r_[first[1:], True])
            cut, now = np.maximum.accumulate(np.where(first | ~in_debt, index, 0))[last], in_debt[last]
            found[client[last[now]]] = day[np.where(in_debt[cut], cut, cut + 1)[now]]
        return found[clients]

    def accounts(self, as_of, min_debt=Decimal(100), stages=DEFAULT_STAGES):
        """``{code: Account}`` of every client on *as_of*; the stage and episode with *min_debt* (руб.)."""
        pos = self.position(as_of)
        threshold = kopecks(min_debt)
        debtors = np.flatnonzero(pos.overdue >= max(threshold, 1))
        episodes = dict(zip(debtors.tolist(), self.episodes(debtors, as_of, threshold).tolist()))
        # each distinct amount and number of days looked up once (*stage*: that of a debt ≥ min_debt)
        rub, bucket = lru_cache(maxsize=None)(rubles), lru_cache(maxsize=None)(aging_bucket)
        stage = lru_cache(maxsize=None)(lambda days: stage_reached(days, min_debt or 1, min_debt, stages))
        out = {}
        for i, (code, t, charged, settled, overdue, oldest, days) in enumerate(zip(
                self.codes, self.terms, pos.charged.tolist(), pos.settled.tolist(), pos.overdue.tolist(),
                pos.oldest_due.tolist(), pos.days.tolist())):
            if overdue <= 0:
                out[code] = Account(code, as_of, t.days, rub(charged), rub(settled), ZERO, oldest,
                                    days if oldest else 0, None, None, NOT_OVERDUE, t.pay_by_day)
                continue
            debt = rub(overdue)
            out[code] = Account(code, as_of, t.days, rub(charged), rub(settled), debt, oldest, days,
                                episodes.get(i), stage(days) if debt >= min_debt else None, bucket(days),
                                t.pay_by_day)
        return out

    def charge_rows(self, code, make):
        """*code*'s charges, date order, as ``make(period, amount Decimal, date)`` values."""
        i = self.index[code]
        a, b = self.c_start[i], self.c_start[i + 1]
        periods = self.period_names[self.period_codes[a:b]] if self.period_names is not None else [''] * (b - a)
        return [make(p, rubles(k), d) for p, k, d in zip(periods, self.c_amount[a:b].tolist(),
                                                          self.c_date[a:b].tolist())]


def frames(charges, payments):
    """Charge and payment rows (the register's ``Charge`` / ``Payment``: code first, Decimal
    amounts, dates) → the frames a :class:`Book` takes."""
    def frame(rows, date_at, amount_at, period_at=None):
        data = {'code': [r[0] for r in rows],
                'date': np.array([r[date_at] for r in rows], 'datetime64[D]'),
                'amount': np.array([kopecks(r[amount_at]) for r in rows], np.int64)}
        if period_at is not None:
            data['period'] = [r[period_at] for r in rows]
        return pd.DataFrame(data)
    return frame(list(charges), 4, 3, 1), frame(list(payments), 1, 2)


def account(code, charges, payments, as_of, payment_days=10, min_debt=Decimal(100), stages=DEFAULT_STAGES,
            pay_by_day=None, is_working_day=None):
    """The :class:`Account` of one client from its *charges* and *payments* (register rows)."""
    term = terms_mod.Terms(None, pay_by_day) if pay_by_day else terms_mod.Terms(payment_days, None)
    c, p = frames(charges, payments)
    return Book([code], [term], c, p, is_working_day).accounts(as_of, min_debt, stages)[code]


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


def calculation(charges, payments, as_of, payment_days=10, pay_by_day=None, is_working_day=None):
    """The per-charge FIFO calculation of the charges not fully paid as of *as_of*.

    Returns ``(lines, paid_total)``: lines for every charge with an unpaid part
    (fully paid ones are left out — the claim shows what is owed), oldest first.
    """
    term = terms_mod.Terms(None, pay_by_day) if pay_by_day else terms_mod.Terms(payment_days, None)
    settled = sum((p.amount for p in payments if p.date <= as_of), ZERO)
    charges = sorted(charges, key=lambda c: c.date)
    settled -= sum((c.amount for c in charges if c.date <= as_of and c.amount < 0), ZERO)
    paid_total = settled
    lines = []
    for c in charges:
        if c.date > as_of or c.amount <= 0:
            continue
        part = c.amount if settled >= c.amount else (settled if settled > 0 else ZERO)
        settled -= part
        if c.amount - part <= 0:
            continue
        due = terms_mod.due(c.date, term, is_working_day)
        lines.append(CalcLine(c.period, c.date, c.amount, due, part, c.amount - part, max(0, (as_of - due).days)))
    return lines, paid_total
