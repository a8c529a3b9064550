"""ЭДО XML of format 5.03: every kind of document validates against the official ФНС schema
(tests/data/ON_NSCHFDOPPR_1_997_01_05_03_05.xsd, see tests/data/README.md), the file name follows
the format's rule and equals @ИдФайл, the numbers in the XML are the document's."""

import datetime
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from lxml import etree

from jobs.documents import edo
from jobs.documents.types import advance_invoice, upd, vat_invoice
from jobs.registers.reader import Charge, Payment

from test_upd import _client as upd_client, _settings

XSD = Path(__file__).resolve().parent / 'data' / 'ON_NSCHFDOPPR_1_997_01_05_03_05.xsd'
NOV = datetime.date(2026, 11, 2)
NAME = re.compile(r'^ON_NSCHFDOPPR_(?P<to>[^_]+)_(?P<from>[^_]+)_(?P<date>\d{8})_'
                  r'(?P<guid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_0_0_0_0_0_00$')


@pytest.fixture(scope='module')
def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def _client(**kw):
    return upd_client(**dict(dict(edo_id='2AE-7736050003-773601001'), **kw))


CHARGES = [Charge('K0001', '2026-10', None, D('12200'), None), Charge('K0001', '2026-10', 'ТВ', D('450.50'), None)]
PAYMENTS = [Payment('K0001', datetime.date(2026, 10, 5), D('12650.50'), '12', '', 'реестр'),
            Payment('K0001', datetime.date(2026, 10, 25), D('12200'), '15', '', 'реестр')]


def documents():
    s = _settings()
    yield 'upd', upd.make(s, _client(), CHARGES, NOV, '2026-10')
    yield 'upd-ip', upd.make(s, _client(name='ИП Пример Олег Павлович', inn='500100732259', kpp='',
                                        ogrn='304500116000146', contract_date=None), CHARGES, NOV, '2026-10')
    yield 'vat_invoice', vat_invoice.make(_settings(set='акт+сф'), _client(), CHARGES, NOV, '2026-10',
                                          (3, '2026-10-31'))
    yield 'advance', advance_invoice.make(s, _client(), CHARGES, PAYMENTS, NOV, '2026-10')
    yield 'upd-no-vat', upd.make(_settings('без НДС', set='упд'), _client(), CHARGES, NOV, '2026-10')


@pytest.mark.parametrize('name, data', list(documents()), ids=[n for n, _ in documents()])
def test_every_document_validates_against_the_fns_schema(schema, name, data):
    fid, xml = edo.render(data, 17)
    root = etree.fromstring(xml)
    assert schema.validate(root), schema.error_log
    assert xml.startswith(b"<?xml version='1.0' encoding='windows-1251'?>")
    # the format's file name rule; the schema's rule 0400400007: the file name equals @ИдФайл
    m = NAME.match(fid)
    assert m and root.get('ИдФайл') == fid, fid
    assert m['to'] == data['buyer']['edo_id'] and m['from'] == '2BM-7707083893-770701001-201801010000000000000'
    assert m['date'] == '20261102'                    # the day the file is formed (the run day)
    sf = root.find('Документ/СвСчФакт')
    assert (sf.get('НомерДок'), sf.get('ДатаДок')) == ('17', '31.10.2026')
    total = root.find('Документ/ТаблСчФакт/ВсегоОпл')
    assert total.get('СтТовУчНалВсего') == '%.2f' % D(data['total'])


def test_amounts_functions_and_parties_in_the_xml():
    data = dict(documents())
    root = etree.fromstring(edo.render(data['upd'], 5)[1])
    doc = root.find('Документ')
    assert doc.get('Функция') == 'СЧФДОП' and doc.get('КНД') == '1115131'
    rows = doc.findall('ТаблСчФакт/СведТов')
    # 12 200 incl. 22 % VAT → VAT 12 200 × 22/122 = 2 200,00, without tax 10 000,00
    assert [(r.get('СтТовБезНДС'), r.get('НалСт'), r.findtext('СумНал/СумНал'), r.get('СтТовУчНал'))
            for r in rows] == [('10000.00', '22%', '2200.00', '12200.00'), ('369.26', '22%', '81.24', '450.50')]
    assert doc.find('ТаблСчФакт/ВсегоОпл').findtext('СумНалВсего/СумНал') == '2281.24'    # 2 200,00 + 81,24
    buyer = doc.find('СвСчФакт/СвПокуп/ИдСв/СвЮЛУч')
    assert (buyer.get('ИННЮЛ'), buyer.get('КПП')) == ('7736050003', '773601001')
    per = doc.find('СвПродПер/СвПер')
    assert (per.get('ДатаНачПер'), per.get('ДатаОконПер')) == ('01.10.2026', '31.10.2026')
    assert per.find('ОснПер').get('РеквНомерДок') == '15/2024'

    ip = etree.fromstring(edo.render(data['upd-ip'], 5)[1]).find('Документ/СвСчФакт/СвПокуп/ИдСв/СвИП')
    assert ip.get('ИННФЛ') == '500100732259'
    assert (ip.find('ФИО').get('Фамилия'), ip.find('ФИО').get('Имя'), ip.find('ФИО').get('Отчество')) == \
        ('Пример', 'Олег', 'Павлович')

    adv = etree.fromstring(edo.render(data['advance'], 6)[1]).find('Документ')
    assert adv.get('Функция') == 'СЧФ' and adv.find('СвСчФакт/ДопСвФХЖ1').get('СпОбстФСЧФ') == '2'
    row = adv.find('ТаблСчФакт/СведТов')
    # advance 12 200,00 at the calculated rate: 12 200 × 22/122 = 2 200,00
    assert (row.get('НалСт'), row.findtext('СумНал/СумНал'), row.get('СтТовУчНал')) == ('22/122', '2200.00',
                                                                                        '12200.00')
    assert [p.get('НомерПРД') for p in adv.findall('СвСчФакт/СвПРД')] == ['12', '15']

    no_vat = etree.fromstring(edo.render(data['upd-no-vat'], 5)[1]).find('Документ')
    assert no_vat.get('Функция') == 'ДОП' and no_vat.find('ТаблСчФакт/СведТов').get('НалСт') == 'без НДС'
    assert no_vat.find('ТаблСчФакт/СведТов/СумНал/БезНДС').text == 'без НДС'

    sf = etree.fromstring(edo.render(data['vat_invoice'], 4)[1]).find('Документ')
    assert sf.get('Функция') == 'СЧФ'
    assert sf.find('СвСчФакт/ДокПодтвОтгрНом').get('РеквНомерДок') == '3'      # the act it goes with


def test_a_correction_carries_its_number_and_the_same_document_number(schema):
    data = dict(documents())['upd']
    data = dict(data, correction={'number': 1, 'date': '2026-11-20'})
    fid, xml = edo.render(data, 5)
    root = etree.fromstring(xml)
    assert schema.validate(root), schema.error_log
    fix = root.find('Документ/СвСчФакт/ИспрДок')
    assert (fix.get('НомИспр'), fix.get('ДатаИспр')) == ('1', '20.11.2026')
    assert root.find('Документ/СвСчФакт').get('НомерДок') == '5'
    assert fid != edo.render(dict(documents())['upd'], 5)[0]             # a file of its own


def test_the_same_document_always_gets_the_same_file():
    a = edo.render(dict(documents())['upd'], 5)
    b = edo.render(dict(documents())['upd'], 5)
    assert a == b
    assert edo.render(dict(documents())['upd'], 6)[0] != a[0]


def test_no_file_without_both_edo_ids():
    data = dict(documents())['upd']
    assert edo.render(dict(data, buyer=dict(data['buyer'], edo_id='')), 5) is None
    assert edo.render(dict(data, supplier=dict(data['supplier'], edo_id='')), 5) is None


def test_the_schema_rejects_a_broken_file(schema):
    # the validation is real: a file without the buyer, or with a 9-digit ИНН, is refused
    root = etree.fromstring(edo.render(dict(documents())['upd'], 5)[1])
    sf = root.find('Документ/СвСчФакт')
    sf.remove(sf.find('СвПокуп'))
    assert not schema.validate(root)
    root = etree.fromstring(edo.render(dict(documents())['upd'], 5)[1])
    root.find('Документ/СвСчФакт/СвПрод/ИдСв/СвЮЛУч').set('ИННЮЛ', '770708389')
    assert not schema.validate(root)
