"""ЭДО XML: the УПД and the счета-фактуры as files of the ФНС format 5.03 (КНД 1115131).

The format of приказ ФНС России от 19.12.2023 № ЕД-7-26/970@ («информация
продавца»), the only one for счета-фактуры in electronic form since 01.04.2025;
its schema ``ON_NSCHFDOPPR_1_997_01_05_03_05.xsd`` is in ``tests/data`` and every
file the tests make is validated against it.

What goes where
---------------
* ``Функция``: ``СЧФДОП`` for the УПД status 1, ``ДОП`` for status 2 (no VAT),
  ``СЧФ`` for a счёт-фактура and an advance счёт-фактура;
* ``СвСчФакт``: number, date, the correction (``ИспрДок``), seller and buyer
  (``СвЮЛУч`` with ИНН/КПП, or ``СвИП`` with the name split into surname, name,
  patronymic for a 12-digit ИНН), the address as text (``АдрИнф``, code 643: the
  register holds addresses as one line, not as ГАР parts), the seller's bank, the
  shipment document (line 5а), the payment documents (line 5), the currency 643;
  for an advance ``ДопСвФХЖ1/@СпОбстФСЧФ = 2`` — the value the schema's rules
  exempt from the shipment document and the cost without tax, which an advance
  счёт-фактура has none of;
* ``ТаблСчФакт``: one ``СведТов`` a line — ОКЕИ 362 «мес», quantity 1, price and
  cost without tax, rate (``22%``, ``22/122``, ``без НДС``), VAT, cost with tax,
  ``ПрТовРаб = 3`` (услуга); ``ВсегоОпл`` — the totals;
* ``СвПродПер`` (УПД only): the service period, the contract as the basis, the
  director as the person who handed the services over;
* ``Подписант``: the director, authority by the electronic signature
  (``СпосПодтПолном = 1``).

The file name
-------------
``ON_NSCHFDOPPR_<A>_<O>_<ГГГГММДД>_<GUID>_0_0_0_0_0_00``: the prefix of the
format, *A* — the recipient's ЭДО id (the register's «Идентификатор ЭДО»), *O* —
the sender's (``[company] edo_id``), the date the file is formed, a GUID, then
the format's flag fields (all zero: no marked goods, no traceability). The
schema's own rule (its schematron check 0400400007 on ``Файл``) requires the name
of the file, without ``.xml``, to equal ``@ИдФайл`` — :func:`file_id` makes both.
The GUID is derived from the document (seller, series, year, number), so a file
made again after it was deleted is byte-for-byte the same and a rerun changes
nothing.

Windows-1251 encoding, as the ФНС files and every ЭДО operator expect.
"""

import datetime
import uuid
from decimal import Decimal

from lxml import etree

from ..textfmt import date_ru
from . import content

FORMAT_PREFIX = 'ON_NSCHFDOPPR'
FORMAT_VERSION = '5.03'
KND = '1115131'
PROGRAM = 'isp-b2b-kit'
#: Namespace of the documents' GUIDs (uuid5): the same document always gets the same file name.
GUID_NAMESPACE = uuid.UUID('5b7f0a52-9c1e-4d6b-9a3e-1f5c1d0b7e17')


def _d(value):
    """ДД.ММ.ГГГГ — the format's date."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return value.strftime('%d.%m.%Y')


def _money(value):
    return '%.2f' % Decimal(value)


def file_id(data, number):
    """The ``ИдФайл`` and file name (without ``.xml``) of the document, or ``None`` when the
    sender's or the recipient's ЭДО id is not known (see the module docstring)."""
    sender, recipient = data['supplier'].get('edo_id'), data['buyer'].get('edo_id')
    if not sender or not recipient:
        return None
    formed = datetime.date.fromisoformat(data.get('formed') or data['date'])
    correction = (data.get('correction') or {}).get('number', 0)
    key = '%s/%s/%s/%s/%s/%s' % (data['supplier']['inn'], data['type'], data['date'][:4], number, correction,
                                 data['buyer']['inn'])
    guid = uuid.uuid5(GUID_NAMESPACE, key)
    return '%s_%s_%s_%s_%s_0_0_0_0_0_00' % (FORMAT_PREFIX, recipient, sender, formed.strftime('%Y%m%d'), guid)


def _el(parent, tag, **attrs):
    e = etree.SubElement(parent, tag)
    for k, v in attrs.items():
        if v not in (None, ''):
            e.set(k, str(v))
    return e


def split_name(text):
    """«Смирнов А. В.» / «Иванов Иван Иванович» → (surname, name, patronymic or None)."""
    parts = str(text).replace('ИП ', '', 1).replace('.', '. ').split()
    if len(parts) < 2:
        return (parts[0] if parts else '-'), '-', None
    return parts[0], parts[1], ' '.join(parts[2:]) or None


def _fio(parent, text, tag='ФИО'):
    surname, name, patronymic = split_name(text)
    _el(parent, tag, Фамилия=surname, Имя=name, Отчество=patronymic)


def _participant(parent, tag, p, bank=False):
    e = _el(parent, tag)
    ids = _el(e, 'ИдСв')
    if len(p['inn']) == 12:
        ip = _el(ids, 'СвИП', ИННФЛ=p['inn'], ОГРНИП=p.get('ogrn') if len(p.get('ogrn') or '') == 15 else None)
        _fio(ip, p['name'])
    else:
        _el(ids, 'СвЮЛУч', НаимОрг=p['name'], ИННЮЛ=p['inn'], КПП=p.get('kpp') or None)
    if p.get('address'):
        _el(_el(e, 'Адрес'), 'АдрИнф', КодСтр='643', НаимСтран='Россия', АдрТекст=p['address'])
    if bank and p.get('account'):
        r = _el(e, 'БанкРекв', НомерСчета=p['account'])
        _el(r, 'СвБанк', НаимБанк=p.get('bank'), БИК=p.get('bik') or None, КорСчет=p.get('corr_account') or None)
    return e


def render(data, number):
    """``(file id, XML bytes)`` of a stored УПД / счёт-фактура / advance *data*, or ``None`` without ЭДО ids."""
    fid = file_id(data, number)
    if fid is None:
        return None
    kind = data['type']
    s, b = data['supplier'], data['buyer']
    with_vat = data['lines'] and data['lines'][0]['rate'] != 'без НДС'
    function = {'upd': 'СЧФДОП' if with_vat else 'ДОП', 'vat_invoice': 'СЧФ', 'advance_invoice': 'СЧФ'}[kind]
    root = etree.Element('Файл', ИдФайл=fid, ВерсФорм=FORMAT_VERSION, ВерсПрог=PROGRAM)
    names = {
        'СЧФДОП': ('Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об '
                   'оказании услуг)', 'Счет-фактура и документ об отгрузке товаров (выполнении работ), передаче '
                   'имущественных прав (документ об оказании услуг)'),
        'ДОП': ('Документ об отгрузке товаров (выполнении работ), передаче имущественных прав (документ об '
                'оказании услуг)', 'Документ об отгрузке товаров (выполнении работ), передаче имущественных '
                'прав (документ об оказании услуг)'),
        'СЧФ': (None, None),
    }[function]
    formed = datetime.date.fromisoformat(data.get('formed') or data['date'])
    doc = _el(root, 'Документ', КНД=KND, Функция=function, ПоФактХЖ=names[0], НаимДокОпр=names[1],
              ДатаИнфПр=_d(formed), ВремИнфПр='00.00.00',
              НаимЭконСубСост='%s, ИНН/КПП %s/%s' % (s['name'], s['inn'], s['kpp']) if s.get('kpp')
              else '%s, ИНН %s' % (s['name'], s['inn']))
    sf = _el(doc, 'СвСчФакт', НомерДок=number, ДатаДок=_d(data['date']))
    correction = data.get('correction')
    if correction:
        _el(sf, 'ИспрДок', НомИспр=correction['number'], ДатаИспр=_d(correction['date']))
    _participant(sf, 'СвПрод', s, bank=True)
    for p in data.get('payments') or []:
        if p.get('number'):
            _el(sf, 'СвПРД', НомерПРД=p['number'][:30], ДатаПРД=_d(p['date']), СуммаПРД=_money(p['amount']))
    ship = data.get('shipment')
    if kind == 'upd':
        _el(sf, 'ДокПодтвОтгрНом', РеквНаимДок='Универсальный передаточный документ', РеквНомерДок=number,
            РеквДатаДок=_d(data['date']))
    elif ship:
        _el(sf, 'ДокПодтвОтгрНом', РеквНаимДок='Акт оказанных услуг', РеквНомерДок=ship['number'],
            РеквДатаДок=_d(ship['date']))
    _participant(sf, 'СвПокуп', b)
    _el(sf, 'ДенИзм', КодОКВ='643', НаимОКВ='Российский рубль')
    if kind == 'advance_invoice':
        _el(sf, 'ДопСвФХЖ1', СпОбстФСЧФ='2')
    table = _el(doc, 'ТаблСчФакт')
    for i, line in enumerate(data['lines'], 1):
        if kind == 'advance_invoice':
            row = _el(table, 'СведТов', НомСтр=i, НаимТов=line['name'][:2000], НалСт=line['rate'],
                      СтТовУчНал=_money(line['amount']))
        else:
            row = _el(table, 'СведТов', НомСтр=i, НаимТов=line['name'][:2000], ОКЕИ_Тов=line['okei'],
                      НаимЕдИзм=line['unit'], КолТов=line['quantity'], ЦенаТов=_money(line['price']),
                      СтТовБезНДС=_money(line['net']), НалСт=line['rate'], СтТовУчНал=_money(line['amount']))
        _el(row, 'ДопСведТов', ПрТовРаб='3')
        _el(_el(row, 'Акциз'), 'БезАкциз').text = 'без акциза'
        tax = _el(row, 'СумНал')
        if with_vat:
            _el(tax, 'СумНал').text = _money(line['vat'])
        else:
            _el(tax, 'БезНДС').text = 'без НДС'
    total = _el(table, 'ВсегоОпл', СтТовБезНДСВсего=None if kind == 'advance_invoice' else _money(data['net_total']),
                СтТовУчНалВсего=_money(data['total']))
    tax = _el(total, 'СумНалВсего')
    if with_vat:
        _el(tax, 'СумНал').text = _money(data['vat_total'])
    else:
        _el(tax, 'БезНДС').text = 'без НДС'
    if kind == 'upd':
        first, last = content.month_bounds(*content.parse_month(data['period']))
        per = _el(_el(doc, 'СвПродПер'), 'СвПер', СодОпер='Услуги оказаны в полном объёме', ДатаПер=_d(data['date']),
                  ДатаНачПер=_d(first), ДатаОконПер=_d(last))
        contract = data.get('contract') or {}
        if contract.get('number') and contract.get('date'):
            _el(per, 'ОснПер', РеквНаимДок='Договор', РеквНомерДок=contract['number'],
                РеквДатаДок=_d(contract['date']))
        else:
            _el(per, 'БезДокОснПер').text = '1'
        worker = _el(_el(per, 'СвЛицПер'), 'РабОргПрод', Должность=s.get('director_title') or 'Руководитель')
        _fio(worker, s['director'])
    signer = _el(doc, 'Подписант', Должн=s.get('director_title') or 'Руководитель', ТипПодпис='1',
                 СпосПодтПолном='1')
    _fio(signer, s['director'])
    return fid, etree.tostring(root, xml_declaration=True, encoding='windows-1251', pretty_print=True)


def title(data, number):
    """«УПД № 5 от 31.10.2026» — for messages about a file."""
    return '%s № %s от %s' % ('УПД' if data['type'] == 'upd' else 'Счёт-фактура', number,
                              date_ru(datetime.date.fromisoformat(data['date'])))
