"""Demo sales registers (демо-данные продаж), consistent with the demo clients of :mod:`jobs.demo_data`.

:func:`write` puts into ``Продажи/`` of a demo operator folder:

- «Территория»: every building of a demo client (coverage «есть») plus buildings
  without clients (some «строится», some «нет»), in four districts by street; the
  buildings of two districts are assigned to managers, two districts are left for
  ``b2bkit territory split``;
- «Организации»: a directory list for the central district — its clients (found
  by ИНН, or by name and address when the list has no ИНН) and organisations that
  are not clients yet;
- «Воронка»: the deals of the clients connected in the last six weeks (through
  every stage to «подключение», their ИНН links them to the register), open deals at
  every stage (a few stuck for weeks, a few with a meeting planned for today),
  lost deals with reasons; the sheet «Планы» with the personal plans of this and
  the previous month;
- «Звонки»: each manager's calls, reaches, meetings and КП for every working day
  of the last six weeks.

Deterministic for a given *today* and seed; the managers are the demo's own.
"""

import datetime
import random

from .. import data_files
from ..demo_data import MANAGERS, make_inn
from . import registers, stages, workbook

_WORDS_OF = data_files.load('demo_words')['sales']     # jobs/data/demo_words.toml
DISTRICTS = _WORDS_OF['districts']
ASSIGNED_DISTRICTS = ('Центральный', 'Заводской')
LIST_DISTRICT = 'Центральный'
REASONS = tuple(_WORDS_OF['reasons'])
WORDS = tuple(_WORDS_OF['words'])
RUBRICS = tuple(_WORDS_OF['rubrics'])
SOURCES = tuple(_WORDS_OF['sources'])
DAY = datetime.timedelta(days=1)


def _street_house(address):
    """('Ленина', 12) from «123456, г. Энск, ул. Ленина, д. 12»."""
    parts = [p.strip() for p in address.split(',')]
    street = next(p for p in parts if p.startswith('ул.'))[4:]
    house = int(next(p for p in parts if p.startswith('д.'))[3:])
    return street, house


def _working_days(today, back):
    """The last *back* weekdays before *today* (the demo's call log; holidays do not matter here)."""
    out, day = [], today - DAY
    while len(out) < back:
        if day.isoweekday() < 6:
            out.append(day)
        day -= DAY
    return out[::-1]


def build(data, seed=1):
    """The registers as lists of records (dicts by column key): territory, organisations,
    pipeline, plans, calls."""
    today = data.today
    rng = random.Random('sales|%s|%d' % (today.isoformat(), seed))
    clients = [dict(code=c[0], name=c[1], inn=c[2], manager=c[9], segment=c[10] or '', fee=c[12],
                    connected=c[13], disconnected=c[14], address=c[17]) for c in data.clients]
    # territory: the clients' buildings, then buildings without clients
    buildings = {}
    for c in clients:
        street, house = _street_house(c['address'])
        key = (street, house)
        b = buildings.setdefault(key, dict(street=street, house=house, clients=[]))
        b['clients'].append(c)
    streets = sorted(DISTRICTS)
    extra = 0
    while extra < 40:
        key = (rng.choice(streets), rng.randrange(1, 140))
        if key not in buildings:
            buildings[key] = dict(street=key[0], house=key[1], clients=[])
            extra += 1
    territory = []
    district_manager = {}
    for i, key in enumerate(sorted(buildings)):
        b = buildings[key]
        district = DISTRICTS[b['street']]
        coverage = 'есть' if b['clients'] else rng.choice(('есть', 'есть', 'есть', 'строится', 'нет'))
        manager = ''
        if district in ASSIGNED_DISTRICTS and coverage != 'нет':
            # the district's buildings split between two managers, as a real territory grows
            pair = (MANAGERS[0], MANAGERS[1]) if district == 'Центральный' else (MANAGERS[2], MANAGERS[3])
            manager = pair[b['house'] % 2]
            district_manager[district] = pair
        households = rng.randrange(40, 420)
        organisations = rng.choice((None, None, len(b['clients']) + rng.randrange(1, 12)))
        territory.append(dict(address='ул. %s, д. %d' % (b['street'], b['house']), district=district,
                              households=households, organisations=organisations or 0,
                              coverage=coverage, manager=manager))
    # the directory list of the central district: its clients and new organisations
    orgs, used_inns = [], {c['inn'] for c in clients}
    for key in sorted(buildings):
        b = buildings[key]
        if DISTRICTS[b['street']] != LIST_DISTRICT:
            continue
        address = 'г. Энск, %s ул., %d' % (b['street'], b['house'])
        for j, c in enumerate(b['clients']):
            if c['disconnected'] is not None:
                continue
            orgs.append(dict(name=c['name'].upper() if j % 2 else c['name'], address=address,
                             rubric=rng.choice(RUBRICS), phone='', inn=c['inn'] if j % 3 != 1 else ''))
        for _ in range(rng.randrange(0, 4)):
            orgs.append(dict(name='ООО «%s»' % rng.choice(WORDS), address=address, rubric=rng.choice(RUBRICS),
                             phone='+7 9%02d %03d-%02d-%02d' % tuple(rng.randrange(n) for n in (100, 1000, 100, 100)),
                             inn=''))
    pipeline = _pipeline(rng, today, clients, used_inns)
    plans = []
    month = today.replace(day=1)
    previous = (month - DAY).replace(day=1)
    for m in (previous, month):
        for i, manager in enumerate(MANAGERS):
            plans.append(dict(manager=manager, month=m.strftime('%Y-%m'), plan=(3, 3, 2, 2, 2)[i]))
    calls = []
    for day in _working_days(today, 30):
        for i, manager in enumerate(MANAGERS):
            n = rng.randrange(28, 48) - 4 * (i == 4)
            reached = int(n * rng.uniform(0.4, 0.6))
            held = rng.randrange(0, 4)
            calls.append(dict(date=day, manager=manager, calls=n, reached=reached,
                              meetings_set=min(reached, rng.randrange(1, 5)), meetings_held=held,
                              proposals=min(held, rng.randrange(0, 3))))
    return territory, orgs, pipeline, plans, calls


def _stage_dates(rng, start, upto):
    """Dates of the stages contact … *upto* going forward from *start*, a few days apart."""
    out, day = {}, start
    for stage in stages.FUNNEL[:stages.index(upto) + 1]:
        out[registers.DATE_OF[stage]] = day
        day += datetime.timedelta(days=rng.randrange(2, 7))
    return out


def _pipeline(rng, today, clients, used_inns):
    deals = []
    number = 1000

    def deal(**kw):
        nonlocal number
        number += 1
        rec = {key: None for key in registers.PIPELINE.keys}
        rec.update(deal=str(number), inn='', segment='', source=rng.choice(SOURCES), reason='', next_action='')
        rec.update(kw)
        deals.append(rec)

    # connected clients of the last six weeks went through the whole funnel
    recent = [c for c in clients if today - datetime.timedelta(days=42) <= c['connected'] < today]
    for c in recent:
        dates = _stage_dates(rng, c['connected'] - datetime.timedelta(days=30), stages.CONTRACT)
        dates['contract_date'] = min(dates['contract_date'], c['connected'] - DAY)
        dates['connected_date'] = c['connected']
        deal(organisation=c['name'], inn=c['inn'], segment=c['segment'], manager=c['manager'],
             stage=stages.CONNECTED, fee=int(c['fee'] * 100) if c['fee'] is not None else None, **dates)
    # open deals at every stage; new organisations with their own ИНН
    for i in range(45):
        inn = make_inn(rng)
        while inn in used_inns:
            inn = make_inn(rng)
        used_inns.add(inn)
        manager = MANAGERS[(i + i // 5) % len(MANAGERS)]
        segment = rng.choice(('малый', 'малый', 'малый', 'средний', 'крупный'))
        fee = {'малый': rng.randrange(15, 60), 'средний': rng.randrange(80, 250),
               'крупный': rng.randrange(400, 1500)}[segment] * 10000
        stage = stages.FUNNEL[i % 5]            # контакт … договор (not yet connected)
        stuck = i % 9 == 0
        start = today - datetime.timedelta(days=rng.randrange(40, 60) if stuck else rng.randrange(3, 30))
        dates = _stage_dates(rng, start, stage)
        last = max(dates.values())
        if last >= today:
            shift = last - today + datetime.timedelta(days=rng.randrange(1, 8))
            dates = {k: v - shift for k, v in dates.items()}
        planned = i % 4 == 0 and not stuck
        deal(organisation='ООО «%s-%d»' % (rng.choice(WORDS), i + 1), inn=inn, segment=segment, manager=manager,
             stage=stage, fee=fee, next_action='встреча у клиента' if planned else
             ('подписать договор' if stage == stages.CONTRACT else 'перезвонить'),
             next_date=today if planned else today + datetime.timedelta(days=rng.randrange(1, 10)), **dates)
    # connected this month, not yet typed into the client register (the accountant adds them at month end)
    month_start = today.replace(day=1)
    for i in range(7 if today.day > 2 else 0):
        connected = month_start + datetime.timedelta(days=rng.randrange(0, today.day - 1))
        dates = _stage_dates(rng, connected - datetime.timedelta(days=rng.randrange(25, 35)), stages.CONTRACT)
        dates['contract_date'] = min(dates['contract_date'], connected - DAY)
        inn = make_inn(rng)
        used_inns.add(inn)
        deal(organisation='ООО «%s»' % WORDS[(i * 3 + 1) % len(WORDS)], inn=inn, segment='малый',
             manager=MANAGERS[(i * 2) % len(MANAGERS)], stage=stages.CONNECTED, connected_date=connected,
             fee=rng.randrange(15, 60) * 10000, **dates)
    # lost deals
    for i in range(12):
        start = today - datetime.timedelta(days=rng.randrange(10, 50))
        upto = stages.FUNNEL[i % 3]
        dates = _stage_dates(rng, start, upto)
        lost = min(max(dates.values()) + datetime.timedelta(days=rng.randrange(1, 5)), today - DAY)
        dates = {k: min(v, lost) for k, v in dates.items()}
        deal(organisation='ООО «%s»' % WORDS[(i * 7) % len(WORDS)], manager=MANAGERS[i % len(MANAGERS)],
             segment=rng.choice(('малый', 'средний')), stage=stages.LOST, lost_date=lost,
             reason=REASONS[i % len(REASONS)], **dates)
    return deals


def write(directory, data, seed=1):
    """Write the demo sales registers into ``directory/Продажи``; returns Russian lines for ``init``."""
    territory, orgs, pipeline, plans, calls = build(data, seed)
    folder = registers.sales_dir(directory)
    workbook.write_register(folder / (registers.TERRITORY.name + '.xlsx'), registers.TERRITORY, territory)
    workbook.write_register(folder / (registers.ORGANISATIONS.name + '.xlsx'), registers.ORGANISATIONS, orgs)
    workbook.write_register(folder / (registers.PIPELINE.name + '.xlsx'), registers.PIPELINE, pipeline,
                            extra=[(registers.PLANS, plans)])
    workbook.write_register(folder / (registers.CALLS.name + '.xlsx'), registers.CALLS, calls)
    return ['  %s/ — пример реестров продаж: территория (%d домов), организации (%d), воронка (%d сделок), '
            'звонки (%d строк)' % (registers.SALES_DIR, len(territory), len(orgs), len(pipeline), len(calls))]
