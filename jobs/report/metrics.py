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
    debtor notices compute it — by :func:`jobs.debtors.aging.account` (SPEC 7.2):
    a charge is due ``срок оплаты`` days after its charge date and overdue from
    the next day; payments received up to E settle the oldest charges first; the
    overdue debt is what remains unpaid of charges overdue at E, and the days
    overdue count from the due date of the oldest charge not fully paid. The
    contract's whole overdue debt goes into the aging bucket of its days overdue
    (:func:`addin.model.aging.aging_bucket`: 1–30, 31–60, 61–90, 91–180, более
    180). No ``min_debt`` threshold: every overdue kopeck is shown.

    Finding whom to ask: FIFO makes the overdue debt at E equal to
    ``max(0, charges due before E − payments up to E)``, so one pass over the
    charges and one over the payments, summed into per-contract month-end slots,
    give the candidates for all 12 month-ends; only those are handed to the
    debtors' function.

Plans
    The monthly personal plan of new clients per manager comes from the table
    ``[plans]`` of ``settings.toml`` (see :func:`plans_from_settings`); without
    it the plan columns are left out.

Speed: one pass over the charges and one over the payments, adding into flat
lists indexed by (contract group, month) — the contract group being one
(manager, segment, service) combination — and by (contract, month-end slot);
per-contract objects are made only for debtors. 100 000 clients × 24 months
take a few seconds (``tests/bench.py``).
"""

import datetime
import gc
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import accumulate
from operator import add, sub

from addin.model import aging
from addin.model.rounding import round_half_up

from ..debtors.aging import account as debtor_account
from ..errors import UserError
from ..settings import plans_from_settings  # noqa: F401  (the report and the sales job share it)
from ..registers import schema

WINDOW = 12
DUE_SLOTS = WINDOW + 1
PAY_SLOTS = WINDOW + 2
ZERO = Decimal(0)
#: The overdue buckets (без «не просрочено»), in order.
BUCKETS = aging.BUCKET_LABELS[1:]
NB = len(BUCKETS)
TOP_DEBTORS = 50

#: The report needs no dunning stage or debt episode: a threshold no debt reaches skips them.
NO_THRESHOLD = Decimal('1e18')
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

def compute(clients, charges, payments, month, default_payment_days=10, plans=None,
            top=TOP_DEBTORS):
    """The report for *month* (``'ГГГГ-ММ'``).

    *clients*: objects with ``code, name, inn, manager, segment, service,
    connected, disconnected, payment_days`` (the register's ``Client``);
    *charges*: tuples ``(code, period, service, amount, date)``; *payments*:
    tuples starting ``(code, date, amount, …)`` — the register's ``Charge`` and
    ``Payment``. *plans* as :func:`plans_from_settings` returns them.
    """
    # The cyclic garbage collector would walk the millions of live register
    # tuples again and again while this allocates; nothing here makes cycles.
    # both are walked twice, and the identity look-ups below need their objects alive
    if not isinstance(charges, (list, tuple)):
        charges = list(charges)
    if not isinstance(payments, (list, tuple)):
        payments = list(payments)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _compute(clients, charges, payments, month, default_payment_days, plans, top)
    finally:
        if enabled:
            gc.enable()


def _compute(clients, charges, payments, month, default_payment_days, plans, top):
    last = parse_month(month)
    first = last - WINDOW + 1
    months = [month_text(first + m) for m in range(WINDOW)]
    starts = [month_start(first + m) for m in range(WINDOW + 1)]
    ends = [month_end(first + m) for m in range(WINDOW)]
    window_start, window_end = starts[0], ends[-1]

    # -- contracts: group combination, index, due-slot cache ----------------------------
    combos, combo_keys = {}, []
    info = {}                      # code → (combo × 12, contract × 13, slot cache of its term)
    contracts = []                 # contract index → Client
    combo_of = []                  # contract index → combo index
    slot_caches = {}               # payment term → {charge date: first month-end slot it is overdue at}
    periods = {}                   # (cut position, group, ИНН) → [(connected, disconnected)]
    for c in clients:
        key = (c.manager or NO_MANAGER, c.segment or NO_SEGMENT, c.service or NO_SERVICE)
        k = combos.get(key)
        if k is None:
            k = combos[key] = len(combo_keys)
            combo_keys.append(key)
        days = default_payment_days if c.payment_days is None else c.payment_days
        cache = slot_caches.get(days)
        if cache is None:
            cache = slot_caches[days] = {}
        ci = len(contracts)
        info[c.code] = (k * WINDOW, ci * DUE_SLOTS, ci * PAY_SLOTS, cache, days)
        contracts.append(c)
        combo_of.append(k)
        who = c.inn or ('код ' + c.code)
        span = (c.connected, c.disconnected)
        periods.setdefault((0, '', who), []).append(span)
        for pos in (1, 2, 3):
            periods.setdefault((pos, key[pos - 1], who), []).append(span)

    ncombo = len(combo_keys)
    mrr = [ZERO] * (ncombo * WINDOW)
    billed = [ZERO] * (ncombo * WINDOW)
    paid = [ZERO] * (ncombo * WINDOW)
    # per contract: charges by the first month-end they are overdue at (0..11, 12: not in the
    # window); payments by month: 0 — before the window, 1..12 — its months, 13 — after it
    due_sum = [ZERO] * (len(contracts) * DUE_SLOTS)
    pay_sum = [ZERO] * (len(contracts) * PAY_SLOTS)

    def window_month(day):
        m = day.year * 12 + day.month - 1 - first
        return m if 0 <= m < WINDOW else -1

    def due_slot(due):
        # overdue at month-end E when due < E
        m = due.year * 12 + due.month - 1 - first
        if m < 0:
            return 0
        if m >= WINDOW:
            return WINDOW
        return m + 1 if due >= ends[m] else m

    def pay_slot(day):
        return min(max(day.year * 12 + day.month - first, 0), WINDOW + 1)

    # -- charges ----------------------------------------------------------------------------
    # Per charge: three dictionary look-ups and three additions. The look-ups
    # are caches: a charge date maps, per payment term, to (month of the window
    # it was billed in or -1, first month-end slot it is overdue at).
    period_index = {t: m for m, t in enumerate(months)}
    skipped = 0
    info_get, period_get = info.get, period_index.get
    timedelta = datetime.timedelta
    # Contracts are found by the identity of the code string first: the register
    # reader shares one string object per distinct code, so this skips hashing and
    # comparing text for all but the first row of each code (memory latency, not
    # arithmetic, is what costs here on 100 000 clients).
    by_id = {}
    id_get = by_id.get
    for code, period, _service, amount, day in charges:
        inf = id_get(id(code))
        if inf is None:
            inf = info_get(code)
            if inf is None:
                skipped += 1
                continue
            by_id[id(code)] = inf
        cb, ca, _pa, cache, days = inf
        m = period_get(period, -1)
        if m >= 0:
            mrr[cb + m] += amount
        mj = cache.get(day)
        if mj is None:
            mj = cache[day] = (window_month(day), due_slot(day + timedelta(days=days)))
        m, j = mj
        if m >= 0:
            billed[cb + m] += amount
        due_sum[ca + j] += amount

    # -- payments ---------------------------------------------------------------------------
    # Payments usually come sorted by date, so each one touches another contract's
    # memory: the loop does the least possible per payment (one slot addition); the
    # paid-per-month figures are summed from these slots below.
    pay_days = {}
    pay_get = pay_days.get
    pay_base = {}
    base_get = pay_base.get
    for p in payments:
        code = p[0]
        b = base_get(id(code))
        if b is None:
            inf = info_get(code)
            if inf is None:
                skipped += 1
                continue
            b = pay_base[id(code)] = inf[2]
        day = p[1]
        j = pay_get(day)
        if j is None:
            j = pay_days[day] = pay_slot(day)
        pay_sum[b + j] += p[2]

    # -- overdue debt at each month-end: max(0, due before E − paid up to E) ------------------
    # accumulate/map run in C: a contract that never owes costs a few calls, not 12 loop turns
    owing = {}                     # contract index → [(month, debt, paid up to E)]
    combo_paid = [[ZERO] * WINDOW for _ in range(ncombo)]
    for ci in range(len(contracts)):
        base = ci * DUE_SLOTS
        dues = list(accumulate(due_sum[base:base + WINDOW]))
        base = ci * PAY_SLOTS
        months_paid = pay_sum[base + 1:base + WINDOW + 1]
        k = combo_of[ci]
        combo_paid[k] = list(map(add, combo_paid[k], months_paid))
        paid_up = list(accumulate(months_paid, initial=pay_sum[base]))[1:]
        if max(map(sub, dues, paid_up)) > 0:
            owing[ci] = [(m, dues[m] - paid_up[m], paid_up[m]) for m in range(WINDOW)
                         if dues[m] > paid_up[m]]
    for k in range(ncombo):
        paid[k * WINDOW:(k + 1) * WINDOW] = combo_paid[k]
    del due_sum, pay_sum

    # The debt, days overdue and bucket of each candidate come from the debtor
    # notices' own FIFO (jobs.debtors.aging.account), so the report and «Отчет по
    # должникам» cannot disagree. It needs the contract's charges (a second pass,
    # for candidates only) and only the total paid up to the date from the
    # payments, which the slots above already hold: one aggregated payment row.
    by_code = {}
    if owing:
        wanted = {contracts[ci].code: ci for ci in owing}
        for row in charges:
            ci = wanted.get(row[0])
            if ci is not None:
                lst = by_code.get(ci)
                if lst is None:
                    lst = by_code[ci] = []
                lst.append(row)

    overdue = [ZERO] * (ncombo * WINDOW * NB)
    debtors = [0] * (ncombo * WINDOW)
    top_rows = []
    for ci, rows in owing.items():
        c = contracts[ci]
        days_term = info[c.code][4]
        rows_ci = by_code.get(ci, ())
        k = combo_of[ci]
        by_month = {}
        for m, _debt, paid_up in rows:
            a = debtor_account(c.code, rows_ci, ((c.code, ends[m], paid_up),), ends[m], days_term,
                               NO_THRESHOLD)
            if a.overdue_debt <= 0:
                continue
            b = BUCKETS.index(a.bucket)
            overdue[(k * WINDOW + m) * NB + b] += a.overdue_debt
            debtors[k * WINDOW + m] += 1
            by_month[m] = (a.overdue_debt, a.days_overdue, b)
        if WINDOW - 1 in by_month:
            debt, days, b = by_month[WINDOW - 1]
            before = by_month.get(WINDOW - 2, (ZERO,))[0]
            top_rows.append(Debtor(c.code, c.name, c.inn, c.manager or NO_MANAGER,
                                   c.segment or NO_SEGMENT, c.service or NO_SERVICE,
                                   debt, days, BUCKETS[b], before))
    top_rows.sort(key=lambda d: (-d.debt, -d.days, d.code))

    # -- per combo money → company and cuts ------------------------------------------------------
    combo_figs = []
    for k in range(ncombo):
        f = Figures(combo_keys[k])
        base = k * WINDOW
        f.mrr = mrr[base:base + WINDOW]
        f.billed = billed[base:base + WINDOW]
        f.paid = paid[base:base + WINDOW]
        f.debtors = debtors[base:base + WINDOW]
        f.overdue = [overdue[(base + m) * NB:(base + m + 1) * NB] for m in range(WINDOW)]
        combo_figs.append(f)

    total = Figures('Всего')
    cuts = {key: {} for key, _ in CUTS}
    for f in combo_figs:
        total._add_money(f)
        for pos, (cut, _) in enumerate(CUTS):
            group = f.name[pos]
            g = cuts[cut].get(group)
            if g is None:
                g = cuts[cut][group] = Figures(group)
            g._add_money(f)

    # -- active clients, new, churned ---------------------------------------------------------
    targets = {(0, ''): total}
    for pos, (cut, _) in enumerate(CUTS):
        for group, g in cuts[cut].items():
            targets[(pos + 1, group)] = g
    for (pos, group, _who), spans in periods.items():
        f = targets[(pos, group)]
        for begin, stop in _service_periods(spans):
            if begin < window_start:
                if stop is None or stop >= window_start:
                    f.start[0] += 1
            elif begin <= window_end:
                f.new[begin.year * 12 + begin.month - 1 - first] += 1
            if stop is not None and window_start <= stop <= window_end:
                f.churned[stop.year * 12 + stop.month - 1 - first] += 1
    for f in targets.values():
        _roll(f)

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
                  len(contracts), bool(plans), skipped)


def _service_periods(spans):
    """Join contract spans ``(connected, disconnected | None)`` of one client into
    continuous service periods (see the module docstring)."""
    if len(spans) == 1:
        return spans
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


def _roll(f):
    """start[m + 1] = end[m] = start[m] + new[m] − churned[m]."""
    start = f.start[0]
    for m in range(WINDOW):
        f.start[m] = start
        start = f.end[m] = start + f.new[m] - f.churned[m]


def _order_key(cut):
    if cut == 'segment':
        order = {s: i for i, s in enumerate(schema.SEGMENTS)}
    elif cut == 'service':
        order = {s: i for i, s in enumerate(schema.SERVICES)}
    else:
        order = {}
    unknown = (NO_MANAGER, NO_SEGMENT, NO_SERVICE)
    return lambda name: (name in unknown, order.get(name, len(order)), name.lower())


def from_register(register, month, settings=None, top=TOP_DEBTORS):
    """:func:`compute` on a register read by :func:`jobs.registers.reader.read_register`."""
    plans = plans_from_settings(settings) if settings is not None else {}
    days = register.default_payment_days
    return compute(register.clients.values(), register.charges, register.payments, month,
                   default_payment_days=days, plans=plans, top=top)
