"""The figures of the manager-performance report (показатели отдела продаж): pure functions.

No I/O: everything comes in as pandas DataFrames (the registers as
:mod:`.registers` reads them) and plain values; the workbook, the e-mail and
the tests take the numbers from here.

Periods, for a report **as of** a day *as_of* (the last day counted — the
scheduled run on Monday morning reports up to Sunday):

- неделя — Monday of *as_of*'s ISO week … *as_of*;
- месяц — the 1st of *as_of*'s month … *as_of*;
- working days passed — the month's working days (settings ``[calendar]``) up to *as_of*.

Per manager and in total, for the week and the month:

- звонки, дозвоны, назначено встреч, проведено встреч, КП — the call log (Ведомость
  по звонкам) summed by its dates; without a call log, from the pipeline's dated
  actions: a contact is a call (and a reach), a meeting date a meeting set and held,
  a КП date a КП sent;
- договоры, подключения — deals whose «Дата договора» / «Дата подключения» falls in
  the period (the pipeline);
- звонков в день, встреч в день — the month's count / working days passed, against
  the norms (``[sales] calls_per_day``, ``meetings_per_day``);
- звонок → встреча = meetings held / calls; встреча → договор = contracts / meetings
  held (the month), against ``call_to_meeting`` / ``meeting_to_contract``;
- план — the personal plan of connections for the month; нужно встреч / звонков for it
  = ``B2B_FUNNEL_NEED(plan; norms)``;
- прогноз — ``B2B_PLAN_FORECAST(connections of the month; working days passed;
  working days in the month)``; выполнение = прогноз / план;
- премия по прогнозу — ``B2B_BONUS(plan; forecast; revenue)``, where revenue is the
  expected monthly fee of the month's connections scaled to the forecast
  (fee × forecast / connections) and the rate is ``[sales] bonus_rate``.

Amounts in the frames (fee, bonus) are integer kopecks.

Stuck deals: open deals (not подключение, not отказ) whose last action — the latest
of their stage dates — is more than ``stuck_days`` working days before *as_of*.
Lost deals: отказ by reason, in the month and in all. Conversion per segment:
among all deals with a contact up to *as_of*, the share that reached a meeting,
a contract; and contract among those that reached a meeting.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from addin import model

from . import stages
from .registers import DATE_OF

TOTAL = 'Всего'
ACTIVITIES = ('calls', 'reached', 'meetings_set', 'meetings_held', 'proposals', 'contracts', 'connections')
NO_SEGMENT = '(не указан)'


@dataclass
class Period:
    as_of: datetime.date
    week_start: datetime.date
    month_start: datetime.date
    working_days_passed: int
    working_days_in_month: int
    month: str                  # 'ГГГГ-ММ'
    week: str                   # ISO week 'ГГГГ-Wнн'


def period(as_of, calendar):
    """The report's periods for *as_of* with the working days of *calendar* (settings.calendar)."""
    week_start = as_of - datetime.timedelta(days=as_of.weekday())
    month_start = as_of.replace(day=1)
    days = calendar.working_days_of_month(as_of.year, as_of.month)
    passed = sum(1 for d in days if d <= as_of)
    iso = as_of.isocalendar()
    return Period(as_of, week_start, month_start, passed, len(days), as_of.strftime('%Y-%m'),
                  '%04d-W%02d' % (iso[0], iso[1]))


@dataclass
class Figures:
    period: Period
    managers: object            # DataFrame: index manager names + TOTAL, see manager_table
    calls_source: str           # «ведомость по звонкам» | «воронка»
    funnel: object              # DataFrame: stage, month count
    stuck: object               # DataFrame of stuck deals
    lost: object                # DataFrame: reason, month, total, fee
    segments: object            # DataFrame: segment conversions
    contracts: object           # DataFrame: the month's contracts, with the linked client code
    norms: dict = field(default_factory=dict)


def _in(series, start, end):
    return series.map(lambda d: d is not None and not pd.isna(d) and start <= d <= end).astype(bool)


def activities(pipeline, calls, start, end):
    """Per manager: the activity counts of :data:`ACTIVITIES` between *start* and *end* (inclusive)."""
    out = {}
    if calls is not None:
        c = calls[_in(calls['date'], start, end)]
        grouped = c.groupby('manager')[['calls', 'reached', 'meetings_set', 'meetings_held', 'proposals']].sum()
        for manager, row in grouped.iterrows():
            out[manager] = {k: int(row[k]) for k in grouped.columns}
    else:
        for manager, deals in pipeline.groupby('manager'):
            contacts = int(_in(deals['contact_date'], start, end).sum())
            meetings = int(_in(deals['meeting_date'], start, end).sum())
            out[manager] = {'calls': contacts, 'reached': contacts, 'meetings_set': meetings,
                            'meetings_held': meetings,
                            'proposals': int(_in(deals['proposal_date'], start, end).sum())}
    for manager, deals in pipeline.groupby('manager'):
        row = out.setdefault(manager, {})
        row['contracts'] = int(_in(deals['contract_date'], start, end).sum())
        row['connections'] = int(_in(deals['connected_date'], start, end).sum())
    for row in out.values():
        for k in ACTIVITIES:
            row.setdefault(k, 0)
    return out


def _share(a, b):
    return None if not b else Decimal(a) / Decimal(b)


def plan_for(plans, manager, month):
    """The personal plan of *manager* for *month* from ``{manager: n | {month: n}}``, or None."""
    p = plans.get(manager)
    if isinstance(p, dict):
        return p.get(month)
    return p


def manager_table(pipeline, calls, per, plans, norms):
    """The per-manager table (and the total row) of the report; see the module docstring.

    *norms*: calls_per_day, meetings_per_day, call_to_meeting, meeting_to_contract,
    bonus_rate (Decimal). Money columns are integer kopecks.
    """
    week = activities(pipeline, calls, per.week_start, per.as_of)
    month = activities(pipeline, calls, per.month_start, per.as_of)
    names = sorted(set(week) | set(month) | set(pipeline['manager']) | set(plans))
    month_fee = {}
    connected = pipeline[_in(pipeline['connected_date'], per.month_start, per.as_of)]
    for manager, deals in connected.groupby('manager'):
        month_fee[manager] = int(sum(f for f in deals['fee'] if f is not None and not pd.isna(f)))
    rows = []
    for name in names + [TOTAL]:
        if name == TOTAL:
            row = {'manager': TOTAL}
            for k in ACTIVITIES:
                row['week_' + k] = sum(r['week_' + k] for r in rows)
                row['month_' + k] = sum(r['month_' + k] for r in rows)
            planned = [r['plan'] for r in rows if r['plan'] is not None]
            row['plan'] = sum(planned) if planned else None
            row['fee_month'] = sum(r['fee_month'] for r in rows)
        else:
            row = {'manager': name}
            for k in ACTIVITIES:
                row['week_' + k] = week.get(name, {}).get(k, 0)
                row['month_' + k] = month.get(name, {}).get(k, 0)
            row['plan'] = plan_for(plans, name, per.month)
            row['fee_month'] = month_fee.get(name, 0)
        _derived(row, per, norms, people=1 if name != TOTAL else max(1, len(names)))
        if name == TOTAL:
            bonuses = [r['bonus'] for r in rows if r['bonus'] is not None]
            row['bonus'] = sum(bonuses) if bonuses else None
        rows.append(row)
    return pd.DataFrame(rows).set_index('manager')


def _derived(row, per, norms, people):
    days = per.working_days_passed
    row['calls_per_day'] = _share(row['month_calls'], days * people) if days else None
    row['meetings_per_day'] = _share(row['month_meetings_held'], days * people) if days else None
    row['call_to_meeting'] = _share(row['month_meetings_held'], row['month_calls'])
    row['meeting_to_contract'] = _share(row['month_contracts'], row['month_meetings_held'])
    plan = row['plan']
    if plan:
        meetings, calls = model.funnel_need(plan, norms['call_to_meeting'], norms['meeting_to_contract'])
    else:
        meetings = calls = None
    row['need_meetings'], row['need_calls'] = meetings, calls
    fact = row['month_connections']
    row['forecast'] = model.plan_forecast(fact, days, per.working_days_in_month) if days else None
    row['forecast_done'] = _share(row['forecast'], plan) if plan and row['forecast'] is not None else None
    row['bonus'] = None
    if plan and row['forecast'] is not None:
        fee = Decimal(row['fee_month']) / 100
        revenue = fee * row['forecast'] / fact if fact else Decimal(0)
        # kopecks, like every amount in the frames
        row['bonus'] = int(model.bonus(plan, row['forecast'], revenue, norms['bonus_rate']) * 100)


def funnel(table):
    """The month's funnel for the chart: (stage label, count) from the total row."""
    t = table.loc[TOTAL]
    return pd.DataFrame({'stage': ['Звонки', 'Встречи', 'КП', 'Договоры', 'Подключения'],
                         'count': [int(t['month_calls']), int(t['month_meetings_held']),
                                   int(t['month_proposals']), int(t['month_contracts']),
                                   int(t['month_connections'])]})


def last_action(rec):
    """The latest stage date of a deal record (dict), or None."""
    dates = [rec[key] for key in DATE_OF.values() if rec.get(key) is not None and not pd.isna(rec[key])]
    return max(dates) if dates else None


def working_days_between(calendar, start, end):
    """Working days after *start* up to and including *end*."""
    n, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            n += 1
    return n


def stuck_deals(pipeline, as_of, calendar, stuck_days):
    """Open deals with no action for more than *stuck_days* working days before *as_of*."""
    rows = []
    for rec in pipeline.to_dict('records'):
        if rec['stage'] in (stages.CONNECTED, stages.LOST):
            continue
        last = last_action(rec)
        if last is None or last > as_of:
            continue
        idle = working_days_between(calendar, last, as_of)
        if idle > stuck_days:
            rows.append({'manager': rec['manager'], 'organisation': rec['organisation'], 'inn': rec['inn'],
                         'stage': rec['stage'], 'last_action': last, 'idle_days': idle,
                         'next_action': rec['next_action'], 'next_date': rec['next_date'],
                         'fee': rec['fee'], 'row': rec['row']})
    frame = pd.DataFrame(rows, columns=['manager', 'organisation', 'inn', 'stage', 'last_action',
                                        'idle_days', 'next_action', 'next_date', 'fee', 'row'])
    return frame.sort_values(['idle_days', 'manager'], ascending=[False, True]).reset_index(drop=True)


def lost_deals(pipeline, per):
    """Отказы by reason: count in the month, count in all, expected fee lost in all (kopecks)."""
    lost = pipeline[pipeline['stage'] == stages.LOST]
    rows = []
    for reason, deals in lost.groupby('reason'):
        rows.append({'reason': reason,
                     'month': int(_in(deals['lost_date'], per.month_start, per.as_of).sum()),
                     'total': len(deals),
                     'fee': int(sum(f for f in deals['fee'] if f is not None and not pd.isna(f)))})
    frame = pd.DataFrame(rows, columns=['reason', 'month', 'total', 'fee'])
    return frame.sort_values(['total', 'reason'], ascending=[False, True]).reset_index(drop=True)


def segment_conversion(pipeline, as_of):
    """Per segment: deals with a contact, reached a meeting, a contract; the conversions."""
    def reached(series):
        # astype(bool): an empty object-typed mask would select columns, not rows
        return series.map(lambda d: d is not None and not pd.isna(d) and d <= as_of).astype(bool)

    deals = pipeline[reached(pipeline['contact_date'])].copy()
    deals['segment'] = deals['segment'].where(deals['segment'] != '', NO_SEGMENT)
    rows = []
    order = ['малый', 'средний', 'крупный', NO_SEGMENT]
    for segment in order + [TOTAL]:
        d = deals if segment == TOTAL else deals[deals['segment'] == segment]
        if segment != TOTAL and not len(d):
            continue
        n = len(d)
        met = int(reached(d['meeting_date']).sum())
        signed = int(reached(d['contract_date']).sum())
        rows.append({'segment': segment, 'deals': n, 'meetings': met, 'contracts': signed,
                     'contact_to_meeting': _share(met, n), 'meeting_to_contract': _share(signed, met),
                     'contact_to_contract': _share(signed, n)})
    return pd.DataFrame(rows, columns=['segment', 'deals', 'meetings', 'contracts', 'contact_to_meeting',
                                       'meeting_to_contract', 'contact_to_contract'])


def linked_contracts(pipeline, clients, per):
    """The month's signed contracts with the client code their ИНН has in the client register."""
    by_inn = dict(zip(clients['inn'], clients['code'])) if clients is not None else {}
    signed = pipeline[_in(pipeline['contract_date'], per.month_start, per.as_of)]
    rows = []
    for rec in signed.to_dict('records'):
        rows.append({'manager': rec['manager'], 'organisation': rec['organisation'], 'inn': rec['inn'],
                     'contract_date': rec['contract_date'], 'connected_date': rec['connected_date'],
                     'fee': rec['fee'], 'client': by_inn.get(rec['inn'], '') if rec['inn'] else ''})
    return pd.DataFrame(rows, columns=['manager', 'organisation', 'inn', 'contract_date', 'connected_date',
                                       'fee', 'client'])


def compute(pipeline, calls, as_of, calendar, plans, norms, stuck_days, clients=None):
    """Every figure of the report (:class:`Figures`)."""
    per = period(as_of, calendar)
    table = manager_table(pipeline, calls, per, plans, norms)
    return Figures(per, table, 'ведомость по звонкам' if calls is not None else 'воронка',
                   funnel(table), stuck_deals(pipeline, as_of, calendar, stuck_days),
                   lost_deals(pipeline, per), segment_conversion(pipeline, as_of),
                   linked_contracts(pipeline, clients, per), dict(norms))


# --- the morning meeting (оперативка) -------------------------------------------------

@dataclass
class Daily:
    day: datetime.date          # the meeting's day
    yesterday: datetime.date    # the previous working day
    managers: object            # DataFrame: yesterday's activities per manager + TOTAL
    planned: object             # DataFrame: next actions dated *day*


def daily(pipeline, calls, day, calendar):
    """«Оперативка» for the morning of *day*: the previous working day per manager, today's plan."""
    prev = day - datetime.timedelta(days=1)
    while not calendar.is_working_day(prev):
        prev -= datetime.timedelta(days=1)
    acts = activities(pipeline, calls, prev, prev)
    names = sorted(set(acts) | set(pipeline['manager']))
    rows = [dict(manager=n, **{k: acts.get(n, {}).get(k, 0) for k in ACTIVITIES}) for n in names]
    rows.append(dict(manager=TOTAL, **{k: sum(r[k] for r in rows) for k in ACTIVITIES}))
    planned = pipeline[pipeline['next_date'].map(lambda d: d == day).astype(bool)]
    planned = planned[['manager', 'organisation', 'stage', 'next_action', 'next_date']].sort_values(
        ['manager', 'organisation']).reset_index(drop=True)
    return Daily(day, prev, pd.DataFrame(rows).set_index('manager'), planned)
