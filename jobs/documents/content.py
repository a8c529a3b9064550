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


def previous_month_of(settings, when):
    """The period rule of the monthly closing documents: the month before *when*'s (``2026-10``)."""
    return month_key(*previous_month(when.year, when.month))


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
        'director', 'director_title', 'accountant', 'phone', 'email', 'bank_city', 'edo_id')}


def buyer(client):
    # the buyer's address on a счёт-фактура / УПД is its legal one (место нахождения по ЕГРЮЛ,
    # пп. 2 п. 5 ст. 169 НК РФ): the register's «Юридический адрес», else «Адрес»
    return {'code': client.code, 'name': client.name, 'inn': client.inn, 'kpp': client.kpp or '',
            'ogrn': client.ogrn or '', 'address': client.legal_address or client.address or '',
            'edo_id': client.edo_id or ''}


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


def vat_rate_on(settings, day):
    """The VAT rate (a fraction, ``None`` — без НДС) of the company's mode on *day* (the service date):
    the general rate (mode "22") comes from the dated facts — 20 % for a service of 2025, 22 % from
    2026 (ст. 164 НК РФ) — so a late document for an old month gets the old rate."""
    if settings.vat.rate is None:
        return None
    if settings.vat.mode == '22':
        from addin.model import dated
        return dated.vat_general_rate(day)
    return settings.vat.rate


def vat_of(settings, day=None):
    rate = settings.vat.rate if day is None else vat_rate_on(settings, day)
    return {'mode': settings.vat.mode, 'rate': None if rate is None else str(rate)}


def period_end(period_key):
    """The last day of a month period (``2026-10`` → 31.10.2026); ``None`` for a quarter."""
    if '-Q' in period_key:
        return None
    return month_bounds(*parse_month(period_key))[1]


def closing_date(settings, period_key, when):
    """The date of an act / УПД / счёт-фактура for *period_key*: the last day of the service month
    (``[documents] date = "конец месяца"``), else the run day *when*."""
    if settings.documents.date == 'конец месяца':
        return period_end(period_key) or when
    return when


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


def with_totals(data, vat=None):
    """Per-line VAT and the totals, at the rate the document was made with (its service date's)."""
    rate = rate_of(data)
    line_amounts = [Decimal(line['amount']) for line in data['lines']]
    for line in data['lines']:
        line['vat'] = str(amounts.vat_included(Decimal(line['amount']), rate))
    data['total'] = str(sum(line_amounts, ZERO))
    data['vat_total'] = str(amounts.vat_of_lines(line_amounts, rate))
    return data


def base(doc_type, settings, client, doc_date, period):
    # VAT by the date of the service (the month's last day), not by the day the document is made
    return {'type': doc_type, 'date': doc_date.isoformat(), 'period': period,
            'supplier': supplier(settings.company), 'buyer': buyer(client), 'contract': contract(client),
            'vat': vat_of(settings, period_end(period) or doc_date), 'acceptance': acceptance(settings)}


def acceptance(settings):
    """Days of the contract's tacit acceptance clause, or ``None`` when the contract has none."""
    d = settings.documents
    return d.acceptance_days if d.acceptance else None


# --------------------------------------------------------------------------- счёт-фактура / УПД

OKEI_MONTH = ('362', 'мес')      # ОКЕИ: месяц


def rate_text(rate):
    """The rate as the invoice form and the ФНС format write it: ``22%``, ``без НДС``."""
    if rate is None:
        return 'без НДС'
    return '%s%%' % format((rate * 100).normalize(), 'f')


def invoice_lines(services, period_key, rate):
    """The lines of a счёт-фактура / УПД from VAT-inclusive ``{service: amount}``: per line the VAT
    (amount × rate / (1 + rate), half-up), the cost without tax = amount − VAT, quantity 1 month."""
    out = []
    for line in lines(services, period_key):
        gross = Decimal(line['amount'])
        vat = amounts.vat_included(gross, rate)
        net = gross - vat
        out.append({'name': line['name'], 'period': period_key, 'okei': OKEI_MONTH[0], 'unit': OKEI_MONTH[1],
                    'quantity': '1', 'price': str(net), 'net': str(net), 'rate': rate_text(rate),
                    'vat': str(vat), 'amount': str(gross)})
    return out


def invoice_totals(data):
    """Totals of a счёт-фактура: the sums of the lines (VAT per line, then summed)."""
    data['net_total'] = str(sum((Decimal(x['net']) for x in data['lines']), ZERO))
    data['vat_total'] = str(sum((Decimal(x['vat']) for x in data['lines']), ZERO))
    data['total'] = str(sum((Decimal(x['amount']) for x in data['lines']), ZERO))
    return data


def rate_of(data):
    v = data['vat']
    return None if v['rate'] is None else Decimal(v['rate'])


def services_of(charges, period_key, client):
    """``{service: amount}`` of the client's charges in *period_key* (register order)."""
    out = {}
    for c in charges:
        if c.period == period_key:
            service = c.service or client.service or ''
            out[service] = out.get(service, ZERO) + c.amount
    return out
