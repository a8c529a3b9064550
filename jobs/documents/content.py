"""What every closing document shares: periods in words, the parties, the lines and their totals.

A document is first a plain JSON-able dict (money as text, dates ISO), built
by its type's ``build`` (:mod:`.types`) from the register and the settings
with the helpers here; its renderer turns the dict into a PDF. The dict is
stored with the document (``documents.data``), so a lost file is made again
byte-for-byte even after the register or the company's requisites have
changed — the document says what it said the day it was issued.
"""

import datetime
from decimal import Decimal

from ..textfmt import MONTHS, MONTHS_GENITIVE, date_ru
from . import amounts

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
    return '%s %d г.' % (MONTHS[month - 1], year)


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

def lines(services, period_key, fee=False):
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


def with_totals(data, vat):
    line_amounts = [Decimal(line['amount']) for line in data['lines']]
    for line in data['lines']:
        line['vat'] = str(amounts.vat_included(Decimal(line['amount']), vat.rate))
    data['total'] = str(sum(line_amounts, ZERO))
    data['vat_total'] = str(amounts.vat_of_lines(line_amounts, vat.rate))
    return data


def base(doc_type, settings, client, doc_date, period):
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
