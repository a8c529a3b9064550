"""The data a paper template is filled with (контекст шаблона), as plain text.

:func:`build` turns the settings, a client record (:mod:`.clients`) or a
prospect, the tariff grid and the document's own date and number into groups
of formatted text — the fields of :data:`.fields.FIELDS`. The result is
JSON-serialisable: a numbered document stores it, so a lost file is made again
with exactly what was printed.

>>> date_long(datetime.date(2026, 12, 2))
'«02» декабря 2026 г.'
>>> phone_text('+79123456789'), short_name('Иванова Анна Сергеевна'), city_of('123456, г. Энск, ул. Мира, д. 1')
('+7 (912) 345-67-89', 'Иванова А. С.', 'г. Энск')
>>> money_text(Decimal('12345.5'))
'12\\xa0345,50'
"""

import datetime
import re
from decimal import Decimal

from ..documents.amounts import amount_in_words, vat_included, vat_line
from ..textfmt import NBSP, date_ru, number

MONTHS_GENITIVE = ('января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября',
                   'октября', 'ноября', 'декабря')
#: How long a commercial proposal is valid, days.
PROPOSAL_DAYS = 30


def money_text(value):
    """``12 345,50`` with a no-break space, so a sum never breaks across lines."""
    return '' if value is None else number(value, 2, NBSP)


def words(value):
    return '' if value is None else amount_in_words(value)


def date_text(value):
    return '' if value is None else date_ru(value)


def date_long(value):
    """«02» декабря 2026 г. — the date line of a contract."""
    return '«%02d» %s %d г.' % (value.day, MONTHS_GENITIVE[value.month - 1], value.year)


def phone_text(phone):
    """+7XXXXXXXXXX → +7 (XXX) XXX-XX-XX; anything else as it is."""
    m = re.fullmatch(r'\+7(\d{3})(\d{3})(\d{2})(\d{2})', phone or '')
    return '+7 (%s) %s-%s-%s' % m.groups() if m else (phone or '')


def short_name(full):
    """Фамилия Имя Отчество → Фамилия И. О. (a name already short stays as it is)."""
    parts = (full or '').split()
    if len(parts) < 2 or any(p.endswith('.') for p in parts[1:]):
        return full or ''
    return parts[0] + ' ' + ' '.join(p[0] + '.' for p in parts[1:])


def city_of(address):
    """«г. Энск» from an address, '' when it names no town."""
    m = re.search(r'(?:^|[\s,])(г\.|город)\s*([^,]+)', address or '')
    return 'г. %s' % m.group(2).strip() if m else ''


def next_month_start(day):
    return datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def company_fields(company):
    fields = {k: getattr(company, k) for k in ('name', 'inn', 'kpp', 'ogrn', 'address', 'bank', 'bik', 'account',
                                               'corr_account', 'director', 'director_title', 'accountant',
                                               'phone', 'email')}
    fields['city'] = city_of(company.address)
    return fields


def client_fields(record):
    """The ``client`` group of a register record or a prospect dict (missing keys are empty)."""
    get = record.get
    inn = get('inn') or ''
    return {
        'code': get('code') or '', 'name': get('name') or '', 'inn': inn, 'kpp': get('kpp') or '',
        'ogrn': get('ogrn') or '', 'ogrn_label': 'ОГРНИП' if len(inn) == 12 else 'ОГРН',
        'is_person': len(inn) == 12, 'address': get('address') or '',
        'email': ', '.join(get('emails') or ()), 'phone': phone_text(get('phone')),
        'contact': get('contact') or '', 'manager': get('manager') or '',
        'manager_short': short_name(get('manager')), 'segment': get('segment') or '',
        'service': get('service') or '', 'fee': money_text(get('fee')), 'fee_words': words(get('fee')),
        'connected': date_text(get('connected')), 'contract': get('contract') or '',
        'contract_date': date_text(get('contract_date')),
    }


def tariff_fields(t, fee=None):
    if t is None:
        return {k: '' for k in ('service', 'name', 'speed', 'fee', 'fee_words', 'connection', 'connection_words')}
    fee = t.fee if fee is None else fee
    return {'service': t.service, 'name': t.name, 'speed': t.speed, 'fee': money_text(fee),
            'fee_words': words(fee), 'connection': money_text(t.connection),
            'connection_words': words(t.connection)}


def upsell_fields(base, offer):
    if offer is None or base is None:
        return {k: '' for k in ('service', 'name', 'speed', 'fee', 'fee_words', 'extra', 'text')}
    if offer.service == base.service:
        extra = offer.fee - base.fee
        text = ('Переход на тариф «%s» (%s) — всего на %s ₽ в месяц больше, чем «%s» (%s)'
                % (offer.name, offer.speed, money_text(extra), base.name, base.speed))
    else:
        extra = offer.fee
        text = ('Добавьте услугу «%s»: тариф «%s» (%s), подключим в тот же визит монтажника'
                % (offer.service, offer.name, offer.speed))
    return {'service': offer.service, 'name': offer.name, 'speed': offer.speed, 'fee': money_text(offer.fee),
            'fee_words': words(offer.fee), 'extra': money_text(extra), 'text': text}


def _vat_text(total, vat):
    """«в том числе НДС (22 %) 449,02 руб.» / «без налога (НДС).» — a sentence's end, with its full stop."""
    if total is None:
        return ''
    if vat.rate is None:
        return 'без налога (НДС).'
    return '%s %s руб.' % (vat_line(vat).rstrip(':').replace('В том', 'в том'), money_text(vat_included(total, vat.rate)))


def build(settings, grid, record, *, title, doc_date, number=None, request=None, prospect=False, service=None):
    """The plain data of one document (see the module docstring).

    *record*: a client record (:func:`.clients.client_record`) or, with
    *prospect*, the typed-in details of a future client. *number*: the printed
    number of a numbered document (``None``: the document has no number).
    *request*: ``{'start', 'end', 'amount', 'tariff'}`` from the command line. *service*: the
    service the template is for («Договор ЛВС» → ``ЛВС``); when the client does not take it yet, the
    document offers the segment's entry tariff of it at the grid's price.
    """
    request = dict(request or {})
    segment = record.get('segment') or ''
    if prospect:
        # a future client: the proposal starts from the segment's entry Internet tariff
        entry = grid.of_segment(segment, 'Интернет') or grid.of_segment(segment)
        tariff, fee = (entry[0] if entry else None), None
    elif service and service.lower() != (record.get('service') or '').lower():
        entry = grid.of_segment(segment, service)
        tariff, fee = (entry[0] if entry else None), None
    else:
        fee = record.get('fee')
        tariff = grid.tariff_of(record.get('service') or '', segment, fee)
    offer = grid.upsell(tariff)
    doc = {'title': title, 'date': date_ru(doc_date), 'date_long': date_long(doc_date),
           'valid_until': date_ru(doc_date + datetime.timedelta(days=PROPOSAL_DAYS))}
    if number is not None:
        doc['number'] = number
    total = fee if fee is not None else (tariff.fee if tariff else None)
    services = []
    if tariff is not None and not prospect:
        services.append({'service': tariff.service, 'name': tariff.name, 'speed': tariff.speed,
                         'fee': money_text(total), 'connection': money_text(tariff.connection)})
    vat = settings.vat
    equipment = grid.equipment_for(tariff.service if tariff else record.get('service') or '')
    equipment_value = sum((e.value for e in equipment), Decimal('0.00')) if equipment else None
    # a tariff change stays within the service: the default is the next dearer tariff of it
    new_tariff = grid.named(request['tariff']) if request.get('tariff') else (
        offer if offer is not None and tariff is not None and offer.service == tariff.service else None)
    start = request.get('start') or next_month_start(doc_date)
    end = request.get('end') or (next_month_start(start) - datetime.timedelta(days=1))
    return {
        'company': company_fields(settings.company),
        'client': client_fields(record),
        'doc': doc,
        'tariff': tariff_fields(tariff, fee),
        'services': services,
        'total': {'fee': money_text(total), 'fee_words': words(total),
                  'vat': money_text(vat_included(total, vat.rate)) if vat.rate is not None and total is not None
                  else ('без НДС' if total is not None else ''),
                  'vat_text': _vat_text(total, vat)},
        'tariffs': [{'service': t.service, 'name': t.name, 'speed': t.speed, 'fee': money_text(t.fee),
                     'connection': money_text(t.connection)} for t in grid.of_segment(segment)],
        'upsell': upsell_fields(tariff, offer),
        'equipment': [{'name': e.name, 'model': e.model or '—', 'value': money_text(e.value)} for e in equipment],
        'equipment_total': {'value': money_text(equipment_value), 'value_words': words(equipment_value)},
        'request': {'start': date_ru(start), 'end': date_ru(end),
                    'amount': money_text(request.get('amount')), 'amount_words': words(request.get('amount')),
                    'tariff': new_tariff.name if new_tariff else '',
                    'tariff_speed': new_tariff.speed if new_tariff else '',
                    'tariff_fee': money_text(new_tariff.fee) if new_tariff else '',
                    'tariff_fee_words': words(new_tariff.fee) if new_tariff else ''},
    }
