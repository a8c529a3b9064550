"""Figures of «Общий отчет — юридические лица» for the trailing 12 months.

The window is the 12 calendar months ending with the report month. Every figure
is computed for the whole company and for each manager, segment and service.

Definitions (also shown to the owner on the sheet «Пояснения»):

Clients and churn
    The unit is the **legal entity (ИНН)**, not the contract row. A contract
    serves from its connection date to its disconnection date. Contracts of one
    ИНН are joined into periods of
    continuous service: a new contract connected on or before the day the
    previous one was disconnected continues the same period (a re-signed
    contract, a tariff change), while any day without an active contract ends the
    period — so a client **reconnected after a disconnection counts as churned in
    the month of the disconnection and as new in the month of the
    reconnection**.

    - *active at the start* of month m: a service period began before the 1st and
      had not ended before the 1st;
    - *new*: a service period began in the month; *churned*: one ended in it;
    - *active at the end* = start + new − churned (= active on the 1st of the
      next month);
    - *churn %* = churned / active at the start (empty when nobody was active).

    In a cut (manager, segment, service) the same is done per group with the
    contract's own attributes: a legal entity with contracts of two services
    is an active client of both services, so groups may add up to more than the
    company total.

Money (all ``Decimal`` rubles, half-up rounding)
    - *MRR* (ежемесячная выручка) of month m = the charges of the register whose
      service period is m. The register carries the monthly recurring charges
      (абонплата) per contract and period, so this is the billed recurring
      revenue of the month;
    - *ARPU* = MRR / the average number of active clients
      ((at the start + at the end) / 2), rounded to kopecks;
    - *billed* (начислено) = charges whose charge date falls in month m — what
      was invoiced in the month, whatever period it is for;
    - *paid* (оплачено) = payments received in month m;
    - *collection %* = paid / billed of the month (empty when nothing was billed).

    In the cuts money goes by the contract's manager, segment and service.

Overdue debt
    At the last day E of each month, per contract (client code), exactly as the
    debtor notices compute it — by :meth:`jobs.ledger.accounts.Book.position`
    (SPEC 7.2): a charge is due on its due date (ст. 193 ГК) and overdue from the
    next day; payments received up to E settle the oldest charges first; the
    overdue debt is what remains unpaid of charges overdue at E, and the days
    overdue count from the due date of the oldest charge not fully paid. The
    contract's whole overdue debt goes into the aging bucket of its days overdue
    (:func:`addin.model.aging.aging_bucket`: 1–30, 31–60, 61–90, 91–180, более
    180). No ``min_debt`` threshold: every overdue kopeck is shown.

Plans
    The monthly personal plan of new clients per manager comes from the table
    ``[plans]`` of ``settings.toml`` (see :func:`plans_from_settings`); without
    it the plan columns are left out.

How: money is summed with ``numpy.bincount`` into (contract group, month)
cells — the contract group being one (manager, segment, service) combination —
and the overdue debt is one FIFO position of all contracts per month-end.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
import pandas as pd

from addin.model import aging
from addin.model.rounding import round_half_up

from ..errors import UserError
from ..registers import schema
from . import accounts, periods, terms

WINDOW = 12
ZERO = Decimal(0)
#: The overdue buckets (без «не просрочено»), in order.
BUCKETS = aging.BUCKET_LABELS[1:]
NB = len(BUCKETS)
TOP_DEBTORS = 50

NO_MANAGER = 'не указан'
NO_SEGMENT = 'не указан'
NO_SERVICE = 'не указана'

#: The cuts of the report: key, Russian name of the column / sheet.
CUTS = (('manager', 'Менеджер'), ('segment', 'Сегмент'), ('service', 'Услуга'))

MONTHS_RU = ('январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август',
             'сентябрь', 'октябрь', 'ноябрь', 'декабрь')


# --- months ------------------------------------------------------------------------

def parse_month(text, what='месяц'):
    """``'ГГГГ-ММ'`` → month index (year × 12 + month − 1); UserError otherwise."""
    try:
        year, month = str(text).strip().split('-')
        year, month = int(year), int(month)
        if not (1 <= month <= 12 and 1900 <= year <= 9999):
            raise ValueError
    except ValueError:
        raise UserError('%s: ожидается месяц ГГГГ-ММ, например 2026-03 (указано: %r)' % (what, text))
    return year * 12 + month - 1


def month_text(index):
    """Month index → ``'ГГГГ-ММ'``."""
    return '%04d-%02d' % (index // 12, index % 12 + 1)


def month_name(index):
    """Month index → «март 2026»."""
    return '%s %d' % (MONTHS_RU[index % 12], index // 12)


def month_start(index):
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(index):
    return month_start(index + 1) - datetime.timedelta(days=1)


# --- results -------------------------------------------------------------------------

def _share(numerator, denominator, digits=4):
    if not denominator:
        return None
    return round_half_up(Decimal(numerator) / Decimal(denominator), digits)


class Figures:
    """The 12-month figures of the company or of one group of a cut.

    Lists are indexed by the month's position in the window (0 — the oldest,
    11 — the report month). Money is ``Decimal``; shares are ``Decimal``
    fractions (0.05 = 5 %) or ``None`` when the denominator is zero.
    """

    __slots__ = ('name', 'start', 'new', 'churned', 'end', 'mrr', 'billed', 'paid',
                 'overdue', 'debtors', 'plan')

    def __init__(self, name):
        self.name = name
        self.start = [0] * WINDOW
        self.new = [0] * WINDOW
        self.churned = [0] * WINDOW
        self.end = [0] * WINDOW
        self.mrr = [ZERO] * WINDOW
        self.billed = [ZERO] * WINDOW
        self.paid = [ZERO] * WINDOW
        self.overdue = [[ZERO] * NB for _ in range(WINDOW)]   # [month][bucket]
        self.debtors = [0] * WINDOW                           # contracts with overdue debt
        self.plan = None                                      # [int | None] × 12 for managers with a plan

    def churn(self, m):
        """Отток: churned / active at the start of month *m*."""
        return _share(self.churned[m], self.start[m])

    def arpu(self, m):
        """MRR / average active clients of month *m*, rounded to kopecks."""
        clients = self.start[m] + self.end[m]
        if not clients:
            return None
        return round_half_up(self.mrr[m] * 2 / clients, 2)

    def collection(self, m):
        """Собираемость: paid / billed of month *m*."""
        return _share(self.paid[m], self.billed[m])

    def overdue_total(self, m):
        return sum(self.overdue[m], ZERO)

    def plan_done(self, m):
        """New clients / plan of month *m* (None without a plan or with a zero plan)."""
        if self.plan is None or self.plan[m] is None:
            return None
        return _share(self.new[m], self.plan[m])

    def _add_money(self, other):
        for m in range(WINDOW):
            self.mrr[m] += other.mrr[m]
            self.billed[m] += other.billed[m]
            self.paid[m] += other.paid[m]
            self.debtors[m] += other.debtors[m]
            row, src = self.overdue[m], other.overdue[m]
            for b in range(NB):
                row[b] += src[b]


@dataclass(frozen=True)
class Debtor:
    """A contract with overdue debt at the end of the report month."""
    code: str
    name: str
    inn: str
    manager: str
    segment: str
    service: str
    debt: Decimal
    days: int
    bucket: str
    debt_before: Decimal        # overdue debt at the end of the previous month


@dataclass
class Report:
    """Everything the workbook and the e-mail show."""
    month: str                  # the report month 'ГГГГ-ММ'
    months: list                # the 12 months of the window, 'ГГГГ-ММ', oldest first
    total: Figures
    cuts: dict                  # cut key → {group name: Figures}, groups in display order
    top_debtors: list           # [Debtor], largest overdue debt first
    debtors_count: int          # contracts with overdue debt at the end of the report month
    contracts: int              # contract rows read
    has_plans: bool = False
    skipped: int = 0            # charges/payments of codes not among the clients (not counted)
    notes: list = field(default_factory=list)

    @property
    def month_index(self):
        return parse_month(self.month)

    @property
    def month_ends(self):
        first = parse_month(self.months[0])
        return [month_end(first + m) for m in range(WINDOW)]


# --- computation -------------------------------------------------------------------------

def compute(clients, charges, payments, month, default_payment_days=10, plans=None, top=TOP_DEBTORS,
            pay_by_day=None, is_working_day=None):
    """The report for *month* (``'ГГГГ-ММ'``).

    *clients*: objects with ``code, name, inn, manager, segment, service,
    connected, disconnected, payment_days`` (the register's ``Client``);
    *charges*: a frame ``code, period, amount (коп.), date`` or rows
    ``(code, period, service, amount, date)``; *payments*: a frame ``code, date,
    amount`` or rows ``(code, date, amount, …)`` — the register's frames or its
    ``Charge`` / ``Payment`` rows. *plans* as :func:`plans_from_settings` returns them.
    """
    if not isinstance(charges, pd.DataFrame) or not isinstance(payments, pd.DataFrame):
        charges, payments = accounts.frames(charges, payments)
    clients = list(clients)
    last = parse_month(month)
    first = last - WINDOW + 1
    months = [month_text(first + m) for m in range(WINDOW)]
    ends = [month_end(first + m) for m in range(WINDOW)]

    combos, combo_keys, combo_of = {}, [], []
    for c in clients:
        key = (c.manager or NO_MANAGER, c.segment or NO_SEGMENT, c.service or NO_SERVICE)
        if key not in combos:
            combos[key] = len(combo_keys)
            combo_keys.append(key)
        combo_of.append(combos[key])
    combo_of = np.array(combo_of, np.int64)
    ncombo = len(combo_keys)
    book = accounts.Book([c.code for c in clients],
                         [terms.of_client(c, default_payment_days, pay_by_day) for c in clients],
                         charges, payments, is_working_day)

    def by_month(client, month_no, amount):
        """Σ amount into (combo, month of the window) cells; rows outside the window left out."""
        inside = (month_no >= 0) & (month_no < WINDOW)
        cells = combo_of[client[inside]] * WINDOW + month_no[inside]
        return np.rint(np.bincount(cells, weights=amount[inside], minlength=ncombo * WINDOW)).astype(np.int64)

    def window_month(days):
        return days.astype('datetime64[M]').astype(np.int64) - (first - _EPOCH_MONTH)

    window_no = {t: m for m, t in enumerate(months)}
    period_no = np.array([window_no.get(t, -1) for t in book.period_names.tolist()], np.int64)[book.period_codes]
    mrr = by_month(book.c_client, period_no, book.c_amount)
    billed = by_month(book.c_client, window_month(book.c_date), book.c_amount)
    paid = by_month(book.p_client, window_month(book.p_date), book.p_amount)

    overdue = np.zeros((ncombo, WINDOW, NB), np.int64)
    debtors = np.zeros((ncombo, WINDOW), np.int64)
    debts = []
    for m, end in enumerate(ends):
        pos = book.position(end)
        owing = np.flatnonzero(pos.overdue > 0)
        bucket = _buckets(pos.days[owing])
        np.add.at(overdue, (combo_of[owing], m, bucket), pos.overdue[owing])
        np.add.at(debtors, (combo_of[owing], m), 1)
        debts.append(pos)
    now, before = debts[-1], debts[-2]
    top_rows = []
    for i in np.flatnonzero(now.overdue > 0).tolist():
        c = clients[i]
        days = int(now.days[i])
        top_rows.append(Debtor(c.code, c.name, c.inn, c.manager or NO_MANAGER, c.segment or NO_SEGMENT,
                               c.service or NO_SERVICE, accounts.rubles(now.overdue[i]), days,
                               aging.aging_bucket(days), accounts.rubles(before.overdue[i])))
    top_rows.sort(key=lambda d: (-d.debt, -d.days, d.code))

    # -- per combo money → company and cuts ------------------------------------------------------
    money = {}

    def rub(values):
        return [money[k] if k in money else money.setdefault(k, accounts.rubles(k)) for k in values.tolist()]
    total = Figures('Всего')
    cuts = {key: {} for key, _ in CUTS}
    for k in range(ncombo):
        f = Figures(combo_keys[k])
        cell = slice(k * WINDOW, (k + 1) * WINDOW)
        f.mrr, f.billed, f.paid = rub(mrr[cell]), rub(billed[cell]), rub(paid[cell])
        f.debtors = debtors[k].tolist()
        f.overdue = [rub(overdue[k, m]) for m in range(WINDOW)]
        total._add_money(f)
        for pos, (cut, _) in enumerate(CUTS):
            group = f.name[pos]
            g = cuts[cut].get(group)
            if g is None:
                g = cuts[cut][group] = Figures(group)
            g._add_money(f)

    # -- active clients, new, churned ---------------------------------------------------------
    targets = [total] + [g for cut, _ in CUTS for g in cuts[cut].values()]
    number = {key: k for k, key in enumerate([(0, '')] + [(pos + 1, g) for pos, (cut, _) in enumerate(CUTS)
                                                        for g in cuts[cut]])}
    level = [np.zeros(ncombo, np.int64)] + [np.array([number[(pos, key[pos - 1])] for key in combo_keys], np.int64)
                                            for pos in (1, 2, 3)]
    who = pd.factorize(pd.Series([c.inn or ('код ' + c.code) for c in clients], dtype=object))[0]
    spans = [np.tile(np.array(days, 'datetime64[D]'), len(level)) for days in
             ([c.connected for c in clients], [c.disconnected for c in clients])]
    periods.count(targets, np.concatenate([g[combo_of] for g in level]), np.tile(who, len(level)),
                  *spans, first, WINDOW)
    for f in targets:
        periods.roll(f, WINDOW)

    # -- plans ---------------------------------------------------------------------------------
    plans = plans or {}
    for manager, plan in plans.items():
        g = cuts['manager'].get(manager)
        if g is None:       # a manager with a plan and no clients yet: show the zero against the plan
            g = cuts['manager'][manager] = Figures(manager)
        if isinstance(plan, dict):
            g.plan = [plan.get(t) for t in months]
        else:
            g.plan = [plan] * WINDOW

    ordered = {}
    for cut, _ in CUTS:
        ordered[cut] = {name: cuts[cut][name] for name in sorted(cuts[cut], key=_order_key(cut))}
    return Report(month_text(last), months, total, ordered, top_rows[:top], len(top_rows),
                  len(clients), bool(plans), book.skipped)


_EPOCH_MONTH = 1970 * 12        # numpy's datetime64[M] counts months from January 1970


def _buckets(days):
    """Bucket index (into :data:`BUCKETS`) of each days-overdue value, by the model's own function."""
    codes, uniques = pd.factorize(days)
    index = np.array([BUCKETS.index(aging.aging_bucket(int(d))) for d in uniques] + [0], np.int64)
    return index[codes]


def _order_key(cut):
    if cut == 'segment':
        order = {s: i for i, s in enumerate(schema.SEGMENTS)}
    elif cut == 'service':
        order = {s: i for i, s in enumerate(schema.SERVICES)}
    else:
        order = {}
    unknown = (NO_MANAGER, NO_SEGMENT, NO_SERVICE)
    return lambda name: (name in unknown, order.get(name, len(order)), name.lower())
