"""What goes onto a document: the data of an invoice, an act, a reconciliation statement.

Each document is first a plain JSON-able dict (money as text, dates ISO),
built here from the register and the settings; the renderers
(:mod:`.invoice`, :mod:`.act`, :mod:`.reconciliation`) turn the dict into a
PDF. The dict is stored with the document (``documents.data``), so a lost
file is made again byte-for-byte even after the register or the company's
requisites have changed — the document says what it said the day it was issued.

Which documents a month's run makes (SPEC 7.3), for the run month M:

* act (Акт оказанных услуг) for M−1 — every client with charges in M−1 whose
  sum is positive; one line per service;
* invoice (Счёт на оплату) — prepayment: for M, from the client's charges for
  M when the register already has them, else from the «Абонплата» (only for
  clients billed before — a client with no charges at all gets nothing: the
  first invoice goes out with the contract — and active in M: connected by
  the end of M, not disconnected before M); postpayment: for M−1, from its charges;
* reconciliation (Акт сверки) — in January, April, July and October, for the
  quarter just ended: every client with an opening balance or any charge or
  payment in the quarter.
"""

import datetime
from decimal import Decimal

from ..textfmt import date_ru
from . import amounts

MONTHS_NOMINATIVE = ('январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август',
                     'сентябрь', 'октябрь', 'ноябрь', 'декабрь')
MONTHS_GENITIVE = ('января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа',
                   'сентября', 'октября', 'ноября', 'декабря')
TITLES = {'invoice': 'Счёт на оплату', 'act': 'Акт оказанных услуг', 'reconciliation': 'Акт сверки'}
DEFAULT_SERVICE = 'Услуги связи'
ZERO = Decimal('0.00')


# --------------------------------------------------------------------------- periods

def month_key(year, month):
    return '%04d-%02d' % (year, month)


def parse_month(key):
    year, month = key.split('-')
    return int(year), int(month)


def previous_month(year, month):
    return (year - 1, 12) if month == 1 else (year, month - 1)


def month_bounds(year, month):
    first = datetime.date(year, month, 1)
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return first, nxt - datetime.timedelta(days=1)


def month_text(key):
    """``2026-10`` → «октябрь 2026 г.»."""
    year, month = parse_month(key)
    return '%s %d г.' % (MONTHS_NOMINATIVE[month - 1], year)


def quarter_ended(year, month):
    """The quarter that ended just before month *month* if it starts a quarter: ``(year, q)``, else ``None``."""
    if month not in (1, 4, 7, 10):
        return None
    return (year - 1, 4) if month == 1 else (year, (month - 1) // 3)


def quarter_key(year, q):
    return '%04d-Q%d' % (year, q)


def quarter_bounds(year, q):
    first = datetime.date(year, 3 * q - 2, 1)
    return first, month_bounds(year, 3 * q)[1]


def quarter_text(key):
    """``2026-Q3`` → «3 квартал 2026 г.»."""
    year, q = key.split('-Q')
    return '%s квартал %s г.' % (q, year)


def period_text(doc_type, key):
    """A document's period in words: a quarter for a reconciliation statement, else a month."""
    return quarter_text(key) if doc_type == 'reconciliation' else month_text(key)


def long_date(value):
    """«1 ноября 2026 г.» — how a period's bounds are written in a sentence."""
    return '%d %s %d г.' % (value.day, MONTHS_GENITIVE[value.month - 1], value.year)


# --------------------------------------------------------------------------- parties

def supplier(company):
    """The operator's requisites as printed (a snapshot, see the module docstring)."""
    return {k: getattr(company, k) for k in (
        'name', 'inn', 'kpp', 'ogrn', 'address', 'bank', 'bik', 'account', 'corr_account',
        'director', 'director_title', 'accountant', 'phone', 'email')}


def buyer(client):
    return {'code': client.code, 'name': client.name, 'inn': client.inn, 'kpp': client.kpp or '',
            'ogrn': client.ogrn or '', 'address': client.address or ''}


def contract(client):
    return {'number': client.contract or '',
            'date': client.contract_date.isoformat() if client.contract_date else None}


def contract_text(data):
    """«Договор № 15/2024 от 01.02.2024» (the date left out when the register has none)."""
    c = data['contract']
    if not c['number']:
        return ''
    text = 'Договор № %s' % c['number']
    if c['date']:
        text += ' от %s' % date_ru(datetime.date.fromisoformat(c['date']))
    return text


def vat_of(settings):
    return {'mode': settings.vat.mode, 'rate': None if settings.vat.rate is None else str(settings.vat.rate)}


def vat_obj(data):
    """The :class:`jobs.settings.Vat` a stored document was made with."""
    v = data['vat']
    return amounts.Vat(v['mode'], None if v['rate'] is None else Decimal(v['rate']))


# --------------------------------------------------------------------------- documents

def _lines(services, period_key, fee=False):
    """Lines from ``{service: amount}`` (in first-seen order), zero lines dropped."""
    out = []
    for service, amount in services.items():
        if amount == 0:
            continue
        what = service or DEFAULT_SERVICE
        name = '%s: %s за %s' % (what, 'абонентская плата' if fee else 'услуги', month_text(period_key))
        out.append({'name': name, 'period': period_key, 'quantity': '1', 'unit': 'мес.',
                    'price': str(amount), 'amount': str(amount)})
    return out


def _with_totals(data, vat):
    line_amounts = [Decimal(line['amount']) for line in data['lines']]
    for line in data['lines']:
        line['vat'] = str(amounts.vat_included(Decimal(line['amount']), vat.rate))
    data['total'] = str(sum(line_amounts, ZERO))
    data['vat_total'] = str(amounts.vat_of_lines(line_amounts, vat.rate))
    return data


def _base(doc_type, settings, client, doc_date, period):
    return {'type': doc_type, 'date': doc_date.isoformat(), 'period': period,
            'supplier': supplier(settings.company), 'buyer': buyer(client), 'contract': contract(client),
            'vat': vat_of(settings)}


def services_of(charges, period_key, client):
    """``{service: amount}`` of the client's charges in *period_key* (register order)."""
    out = {}
    for c in charges:
        if c.period == period_key:
            service = c.service or client.service or ''
            out[service] = out.get(service, ZERO) + c.amount
    return out


def act(settings, client, charges, doc_date, period_key):
    """The act's data for *period_key*, or ``None`` when nothing positive was charged."""
    services = services_of(charges, period_key, client)
    if sum(services.values(), ZERO) <= 0:
        return None
    data = _base('act', settings, client, doc_date, period_key)
    data['lines'] = _lines(services, period_key)
    return _with_totals(data, settings.vat)


def invoice(settings, client, charges, doc_date, period_key, due_days):
    """The invoice's data for *period_key*, or ``None`` (see the module docstring for the rules)."""
    services = services_of(charges, period_key, client)
    basis = 'charges'
    if sum(services.values(), ZERO) <= 0:
        if not settings.billing.prepayment or not charges or not client.fee or client.fee <= 0:
            return None
        first, last = month_bounds(*parse_month(period_key))
        if client.connected and client.connected > last:
            return None
        if client.disconnected and client.disconnected < first:
            return None
        services, basis = {client.service or '': client.fee}, 'fee'
    data = _base('invoice', settings, client, doc_date, period_key)
    data['lines'] = _lines(services, period_key, fee=basis == 'fee')
    data['basis'] = basis
    data['due'] = (doc_date + datetime.timedelta(days=due_days)).isoformat()
    return _with_totals(data, settings.vat)


def reconciliation(settings, client, charges, payments, doc_date, year, q, acts=None):
    """The reconciliation statement's data for quarter *q* of *year*, or ``None`` when there is nothing to reconcile.

    Balance convention: positive = the client owes us (our debit). Charges are
    taken by their charge date, one row per month (referring to our act for
    that month when *acts* ``{period: (number, date)}`` has one), payments by
    the date received.
    """
    start, end = quarter_bounds(year, q)
    opening = sum((c.amount for c in charges if c.date < start), ZERO) \
        - sum((p.amount for p in payments if p.date < start), ZERO)
    per_month = {}
    for c in charges:
        if start <= c.date <= end:
            day, total = per_month.get(c.period, (c.date, ZERO))
            per_month[c.period] = (max(day, c.date), total + c.amount)
    rows = []
    for period, (day, total) in per_month.items():
        if total == 0:
            continue
        ref = (acts or {}).get(period)
        if ref:
            text = 'Акт № %s от %s (услуги за %s)' % (ref[0], date_ru(ref[1]), month_text(period))
        else:
            text = 'Услуги за %s' % month_text(period)
        rows.append({'date': day.isoformat(), 'text': text, 'debit': str(total) if total > 0 else '',
                     'credit': str(-total) if total < 0 else '', 'order': 0})
    for p in payments:
        if start <= p.date <= end:
            text = 'Оплата' + (' (п/п № %s)' % p.document if p.document else '')
            rows.append({'date': p.date.isoformat(), 'text': text, 'debit': '', 'credit': str(p.amount),
                         'order': 1})
    if not rows and opening == 0:
        return None
    rows.sort(key=lambda r: (r['date'], r['order']))     # a day's services before its payments
    for r in rows:
        del r['order']
    debit = sum((Decimal(r['debit']) for r in rows if r['debit']), ZERO)
    credit = sum((Decimal(r['credit']) for r in rows if r['credit']), ZERO)
    data = _base('reconciliation', settings, client, doc_date, quarter_key(year, q))
    data.update(start=start.isoformat(), end=end.isoformat(), opening=str(opening), rows=rows,
                debit_total=str(debit), credit_total=str(credit), closing=str(opening + debit - credit))
    return data


def amount_of(data):
    """The amount recorded in ``documents.amount``: the total, or a statement's closing balance."""
    return Decimal(data['closing'] if data['type'] == 'reconciliation' else data['total'])
