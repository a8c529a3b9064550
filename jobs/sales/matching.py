"""Organisations of the zone against the clients (сопоставление со справочником), and prospects.

An organisation from the directory list is a client when its ИНН is a client's
ИНН, else when its normalised name **and** normalised address are a client's.
Names are compared without case, quotes, the legal form (ООО, АО, ПАО, ИП …)
and with «ё» = «е»; addresses by street and house (postcode, city, «ул.», «д.»
dropped), so ``123456, г. Энск, ул. Ленина, д. 5`` and ``ул. Ленина, 5`` are
the same building.

Prospects (перспективные организации) of a building: organisations there not
yet clients. Per building, in order of what is known: the directory list's
organisations at that address; else the register's «Организаций» count less
the clients there; else the 20 000 : 1 000 rule on its households
(``B2B_LEGAL_ENTITIES``) less the clients there. Only buildings with coverage
«есть» count as prospects of the zone; «строится» is shown apart.

>>> name_key('ООО «Ромашка-Плюс»'), name_key('"РОМАШКА - ПЛЮС", ооо')
('ромашка плюс', 'ромашка плюс')
>>> name_key('Индивидуальный предприниматель Ёлкин И. И.')
'елкин и и'
>>> address_key('123456, г. Энск, ул. Ленина, д. 5'), address_key('Ленина ул, 5'), address_key('пр-т Мира, д.7 корп. 2')
('ленина 5', 'ленина 5', 'мира 7 к2')
"""

import re

import pandas as pd

from addin import model

_FORMS = ('общество с ограниченной ответственностью', 'публичное акционерное общество',
          'акционерное общество', 'индивидуальный предприниматель', 'закрытое акционерное общество',
          'открытое акционерное общество', 'ооо', 'оао', 'зао', 'пао', 'ао', 'ип', 'нко', 'ано', 'муп',
          'гуп', 'фгуп', 'ооо.', 'тсж')
_FORM_RE = re.compile(r'(?<![а-яa-z0-9])(?:%s)(?![а-яa-z0-9])' % '|'.join(
    re.escape(f) for f in sorted(_FORMS, key=len, reverse=True)))
_NON_WORD = re.compile(r'[^0-9a-zа-я]+')

_POSTCODE = re.compile(r'^\d{6}$')
_LOCALITY = re.compile(r'^(г|город|пос|поселок|пгт|с|село|д\.?\s|деревня|р-н|район|обл|область|край|респ)'
                       r'(\.|\s|$)')
_STREET_WORDS = {'ул', 'улица', 'пр', 'пр-т', 'проспект', 'пер', 'переулок', 'б-р', 'бульвар', 'ш', 'шоссе',
                 'пл', 'площадь', 'наб', 'набережная', 'проезд', 'мкр', 'микрорайон', 'д', 'дом', 'стр',
                 'строение', 'тупик', 'аллея'}


def name_key(name):
    """An organisation's name as compared (see the module docstring)."""
    s = str(name or '').lower().replace('ё', 'е')
    s = _FORM_RE.sub(' ', s)
    return ' '.join(_NON_WORD.sub(' ', s).split())


def address_key(address):
    """A building's address as compared: street and house (see the module docstring)."""
    s = str(address or '').lower().replace('ё', 'е')
    parts = [p.strip() for p in s.split(',') if p.strip()]
    kept = []
    for p in parts:
        if _POSTCODE.match(p) or (_LOCALITY.match(p) and not re.match(r'^д\.?\s*\d', p)):
            continue
        kept.append(p)
    text = ' '.join(kept)
    text = re.sub(r'\b(?:корп(?:ус)?|к)\.?\s*(\d+)', r' к\1', text)
    text = re.sub(r'пр-т|пр-кт', ' ', text)
    words = [w for w in _NON_WORD.sub(' ', text).split() if w not in _STREET_WORDS]
    return ' '.join(words)


def client_frame(clients):
    """Clients (``Client``-like objects) as a frame: code, name, inn, address, manager, keys."""
    rows = [{'code': c.code, 'name': c.name, 'inn': c.inn, 'address': c.address or '',
             'manager': c.manager, 'segment': c.segment or '',
             'active': getattr(c, 'disconnected', None) is None} for c in clients]
    frame = pd.DataFrame(rows, columns=['code', 'name', 'inn', 'address', 'manager', 'segment', 'active'])
    frame['name_key'] = frame['name'].map(name_key)
    frame['address_key'] = frame['address'].map(address_key)
    return frame


def match_organisations(organisations, clients):
    """The directory list with ``client`` (the matched client's code, ``''`` when none) and
    ``matched_by`` («ИНН», «наименование и адрес» or ``''``)."""
    orgs = organisations.copy()
    orgs['name_key'] = orgs['name'].map(name_key)
    orgs['address_key'] = orgs['address'].map(address_key)
    by_inn = dict(zip(clients['inn'], clients['code']))
    by_name = dict(zip(zip(clients['name_key'], clients['address_key']), clients['code']))
    codes, how = [], []
    for inn, nk, ak in zip(orgs['inn'], orgs['name_key'], orgs['address_key']):
        if inn and inn in by_inn:
            codes.append(by_inn[inn])
            how.append('ИНН')
        elif (nk, ak) in by_name:
            codes.append(by_name[(nk, ak)])
            how.append('наименование и адрес')
        else:
            codes.append('')
            how.append('')
    orgs['client'] = codes
    orgs['matched_by'] = how
    return orgs


def prospects(territory, clients, organisations=None):
    """Per building of *territory*: clients there, organisations known, prospects and their basis.

    Adds to the territory frame: ``address_key``, ``clients`` (active clients at the
    address), ``known`` (organisations: list, count or estimate), ``prospects``,
    ``basis`` («список», «число в реестре», «оценка 20 000 : 1 000»), ``in_coverage``.
    """
    t = territory.copy()
    t['address_key'] = t['address'].map(address_key)
    active = clients[clients['active'].astype(bool)]
    per_address = active.groupby('address_key').size()
    t['clients'] = t['address_key'].map(per_address).fillna(0).astype(int)
    listed = prospects_listed = None
    if organisations is not None and len(organisations):
        listed = organisations.groupby('address_key').size()
        prospects_listed = organisations[organisations['client'] == ''].groupby('address_key').size()
    known, pros, basis = [], [], []
    for rec in t.to_dict('records'):
        key = rec['address_key']
        if listed is not None and key in listed.index:
            known.append(int(listed[key]))
            pros.append(int(prospects_listed.get(key, 0)))
            basis.append('список')
            continue
        if rec['organisations']:
            n, how = rec['organisations'], 'число в реестре'
        else:
            n, how = model.legal_entities(rec['households'] or 0), 'оценка 20 000 : 1 000'
        known.append(n)
        pros.append(max(0, n - rec['clients']))
        basis.append(how)
    t['known'], t['prospects'], t['basis'] = known, pros, basis
    t['in_coverage'] = t['coverage'] == 'есть'
    return t
