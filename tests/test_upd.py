"""УПД, счета-фактуры and advance invoices end to end: the document set per settings, one gapless
series per year, dates by the service month, VAT by the service date, the e-mail subject, reruns,
the PDF read back (pdftotext) and its rendered page compared with a committed reference PNG.

Every expected amount is computed by hand with the rule next to it (VAT inside a VAT-inclusive
amount: ROUND(amount × 22 / 122; 2) per line, then summed)."""

import dataclasses
import datetime
import email
import json
import subprocess
from decimal import Decimal as D
from email import policy
from pathlib import Path

import pytest

from jobs import demo_data, operator_folder, settings as settings_mod
from jobs.documents import upd_pdf
from jobs.documents.job import edo_dir, month_dir, run_job
from jobs.documents.types import advance_invoice, upd
from jobs.registers.reader import Charge, Client, Payment
from readback import db_rows

DATA = Path(__file__).resolve().parent / 'data'
NOV = datetime.date(2026, 11, 2)        # the 1st working day of November 2026: October's documents
A_INN, B_INN, C_INN = '7736050003', '7707083893', '500100732259'   # C: an ИП (12 digits)


def client_row(code, name, inn, kpp, emails, fee, edo_id=None):
    # column order of jobs.registers.schema.CLIENTS (…, «Адрес», «Юридический адрес», «Идентификатор ЭДО»)
    return (code, name, inn, kpp, None, 'Д-' + code, datetime.date(2024, 1, 10), emails, None, 'Иванова А. С.',
            'малый', 'Интернет', fee, datetime.date(2024, 1, 15), None, None, None,
            '123456, г. Энск, ул. Мира, д. %s' % code[-1], None, edo_id)


CLIENTS = [
    client_row('A001', 'ООО «Альфа»', A_INN, '773601001', 'buh@alfa.ru', D('12200'), '2AE-A001-EDO'),
    client_row('B002', 'АО «Бета»', B_INN, '770701001', 'buh@beta.ru', D('5000')),        # no ЭДО id
    client_row('C003', 'ИП Пример Олег Павлович', C_INN, None, 'oleg@primer.ru', D('1000'), '2BM-C003'),
]
CHARGES = [
    ('A001', '2026-10', None, D('12200'), None), ('A001', '2026-10', 'ТВ', D('450.50'), None),
    ('B002', '2026-10', None, D('5000'), None),
    ('C003', '2026-10', None, D('1000'), None),
]
PAYMENTS = [
    ('A001', None, datetime.date(2026, 10, 5), D('12650.50'), '12', 'Оплата по счёту № 7'),
    ('A001', None, datetime.date(2026, 10, 25), D('12200'), '15', 'Предоплата за ноябрь'),
    ('B002', None, datetime.date(2026, 10, 6), D('5000'), '77', ''),
]


@pytest.fixture
def folder(operator_dir):
    (operator_dir / operator_folder.OUTPUT_DIR).mkdir(exist_ok=True)
    demo_data.write_register_xlsx(operator_dir / operator_folder.REGISTER_FILE, CLIENTS, CHARGES, PAYMENTS)
    return operator_dir


def documents(folder):
    return db_rows(folder, 'SELECT doc_type, year, number, doc_date, client_code, period, amount, file, data '
                           'FROM documents ORDER BY id')


def pdftotext(path):
    out = subprocess.run(['pdftotext', '-layout', str(path), '-'], capture_output=True, text=True, check=True).stdout
    return ' '.join(out.split())


def test_default_set_is_upd_with_advances_in_one_series_dated_by_the_service_month(folder):
    summary = run_job(folder, NOV)
    docs = documents(folder)
    got = [(d['doc_type'], d['year'], d['number'], d['doc_date'], d['client_code']) for d in docs]
    # per client in code order, the types in their order; УПД and advance invoices share the series
    assert got == [
        ('upd', 2026, 1, '2026-10-31', 'A001'), ('advance_invoice', 2026, 2, '2026-10-31', 'A001'),
        ('invoice', 2026, 1, '2026-11-02', 'A001'),
        ('upd', 2026, 3, '2026-10-31', 'B002'), ('invoice', 2026, 2, '2026-11-02', 'B002'),
        ('upd', 2026, 4, '2026-10-31', 'C003'), ('invoice', 2026, 3, '2026-11-02', 'C003')]
    assert 'выпущено 7: УПД 3, счетов-фактур на аванс 1, счетов 3' in summary
    by = {(d['doc_type'], d['client_code']): d for d in docs}

    # A001's УПД: 12 200,00 → VAT 12 200 × 22/122 = 2 200,00, net 10 000,00;
    #             450,50 → VAT 450,50 × 22/122 = 81,237… → 81,24, net 369,26; total VAT 2 281,24
    a = json.loads(by[('upd', 'A001')]['data'])
    assert a['status'] == 1
    assert [(x['net'], x['vat'], x['rate']) for x in a['lines']] == [('10000.00', '2200.00', '22%'),
                                                                     ('369.26', '81.24', '22%')]
    assert (a['net_total'], a['vat_total'], a['total']) == ('10369.26', '2281.24', '12650.50')
    # B002: 5 000 × 22/122 = 901,639… → 901,64
    b = json.loads(by[('upd', 'B002')]['data'])
    assert (b['net_total'], b['vat_total']) == ('4098.36', '901.64')
    # A001's advance at the end of October: paid 12 650,50 + 12 200,00 = 24 850,50, October's services
    # 12 650,50 → advance 12 200,00; VAT at the calculated rate 12 200 × 22/122 = 2 200,00
    adv = json.loads(by[('advance_invoice', 'A001')]['data'])
    assert adv['lines'][0]['rate'] == '22/122'
    assert (adv['total'], adv['vat_total']) == ('12200.00', '2200.00')
    assert [p['number'] for p in adv['payments']] == ['12', '15']
    # B002 paid exactly its October: no advance; C003 paid nothing: no advance
    assert ('advance_invoice', 'B002') not in by and ('advance_invoice', 'C003') not in by

    # the files: the УПД named by its date, the ЭДО XML for the clients with an ЭДО id
    assert (folder / by[('upd', 'A001')]['file']).name == 'УПД № 1 от 31.10.2026 A001 ООО «Альфа».pdf'
    xml = sorted(p.name for p in edo_dir(folder, '2026-11').glob('*.xml'))
    assert len(xml) == 3 and all(n.startswith('ON_NSCHFDOPPR_') for n in xml)     # A001 ×2, C003 ×1
    assert sum('_2AE-A001-EDO_' in n for n in xml) == 2 and sum('_2BM-C003_' in n for n in xml) == 1
    assert 'файлов ЭДО (XML): 3' in summary and 'без файла ЭДО' in summary       # B002 has no ЭДО id

    # the e-mail names the service month (October), not the run month
    mails = sorted((folder / 'Почта').glob('*.eml'))
    msg = email.message_from_bytes(next(p for p in mails if 'A001' in p.name).read_bytes(), policy=policy.default)
    assert 'Закрывающие документы за октябрь 2026 г.' in msg['Subject']
    names = [part.get_filename() for part in msg.iter_attachments()]
    assert names == ['УПД № 1 от 31.10.2026 A001 ООО «Альфа».pdf',
                     'Счет-фактура на аванс № 2 от 31.10.2026 A001 ООО «Альфа».pdf',
                     'Счет № 1 от 02.11.2026 A001 ООО «Альфа».pdf']


def test_rerun_changes_nothing_and_a_lost_xml_is_made_again_identically(folder):
    run_job(folder, NOV)
    out = folder / operator_folder.OUTPUT_DIR
    before = {p: p.read_bytes() for p in out.rglob('*') if p.is_file() and p.suffix in ('.pdf', '.xml', '.csv')}
    mails = sorted((folder / 'Почта').glob('*.eml'))
    lost = next(p for p in before if p.suffix == '.xml')
    lost.unlink()
    summary = run_job(folder, NOV)
    assert 'новых документов нет' in summary and 'восстановлено пропавших файлов: 1' in summary
    after = {p: p.read_bytes() for p in out.rglob('*') if p.is_file() and p.suffix in ('.pdf', '.xml', '.csv')}
    assert after == before                                      # same names, same bytes: no renumbering
    assert sorted((folder / 'Почта').glob('*.eml')) == mails    # nothing sent again


def test_numbers_stay_gapless_across_months_and_december_is_numbered_in_its_own_year(folder):
    charges = CHARGES + [('A001', '2026-11', None, D('12200'), None), ('B002', '2026-11', None, D('5000'), None),
                         ('A001', '2026-12', None, D('12200'), None), ('B002', '2026-12', None, D('5000'), None)]
    demo_data.write_register_xlsx(folder / operator_folder.REGISTER_FILE, CLIENTS, charges, PAYMENTS)
    run_job(folder, NOV)
    run_job(folder, datetime.date(2026, 12, 1))
    run_job(folder, datetime.date(2027, 1, 11))        # December's documents, made in January
    docs = documents(folder)
    series = [(d['year'], d['number']) for d in docs if d['doc_type'] in ('upd', 'vat_invoice', 'advance_invoice')]
    numbers_2026 = sorted(n for y, n in series if y == 2026)
    assert numbers_2026 == list(range(1, len(numbers_2026) + 1))     # one series, no gaps
    december = [d for d in docs if d['doc_type'] == 'upd' and d['period'] == '2026-12']
    # dated 31.12.2026: the December revenue and VAT stay in the 4th quarter, numbered in 2026's series
    assert {d['doc_date'] for d in december} == {'2026-12-31'} and {d['year'] for d in december} == {2026}
    # the January invoice starts the 2027 series of invoices
    assert min(d['number'] for d in docs if d['doc_type'] == 'invoice' and d['year'] == 2027) == 1


def test_act_plus_vat_invoice_set_names_the_act_as_shipment_document(folder, write_settings):
    write_settings(r'^set = ""', 'set = "акт+сф"')
    run_job(folder, NOV)
    docs = documents(folder)
    a = [d for d in docs if d['client_code'] == 'A001']
    assert [(d['doc_type'], d['number']) for d in a] == [('act', 1), ('vat_invoice', 1), ('advance_invoice', 2),
                                                         ('invoice', 1)]
    sf = next(d for d in a if d['doc_type'] == 'vat_invoice')
    assert json.loads(sf['data'])['shipment'] == {'title': 'Акт', 'number': '1', 'date': '2026-10-31'}
    text = pdftotext(folder / sf['file'])
    assert 'Документ об отгрузке № п/п 1–2 № 1 от 31.10.2026' in text
    assert 'Счет-фактура № 1 от 31.10.2026' in text and 'Универсальный передаточный документ' not in text


def test_without_vat_the_act_set_has_no_vat_invoice_no_xml_and_no_sales_book(folder, write_settings):
    write_settings(r'^mode = "22"', 'mode = "без НДС"')
    summary = run_job(folder, NOV)
    assert {d['doc_type'] for d in documents(folder)} == {'act', 'invoice'}
    assert not edo_dir(folder, '2026-11', create=False).exists()
    assert not list(month_dir(folder, '2026-11').glob('Книга продаж*'))
    a_act = next(d for d in documents(folder) if d['doc_type'] == 'act' and d['client_code'] == 'A001')
    assert 'Без налога (НДС)' in pdftotext(folder / a_act['file'])
    assert 'книга продаж' not in summary


def _settings(vat='22', **documents):
    """The template settings with VAT mode *vat* and ``[documents]`` keys replaced (also for test_edo)."""
    s = settings_mod.load_text(settings_mod.template_text().replace('mode = "22"', 'mode = "%s"' % vat),
                               'settings.toml')
    return dataclasses.replace(s, documents=dataclasses.replace(s.documents, **documents))


def _client(**kw):
    values = dict(code='K0001', name='ООО «Ромашка»', inn='7736050003', kpp='773601001', ogrn='1027700070518',
                  contract='15/2024', contract_date=datetime.date(2024, 2, 1), emails=('buh@romashka.ru',),
                  phone='', manager='Иванова', segment='малый', service='Интернет', fee=D('12200'),
                  connected=datetime.date(2024, 2, 1), disconnected=None, payment_days=None,
                  no_dunning_until=None, address='456789, г. Энск, ул. Мира, д. 5', edo_id='2AE-1', source='тест')
    values.update(kw)
    return Client(**values)


def test_vat_rate_is_taken_by_the_service_date():
    s = _settings()
    charges = [Charge('K0001', '2025-12', None, D('12000'), None), Charge('K0001', '2026-01', None, D('12200'), None)]
    dec = upd.make(s, _client(), charges, datetime.date(2026, 1, 12), '2025-12')
    jan = upd.make(s, _client(), charges, datetime.date(2026, 2, 2), '2026-01')
    # a December 2025 service at 20 %: 12 000 × 20/120 = 2 000,00; January 2026 at 22 %: 12 200 × 22/122 = 2 200,00
    assert (dec['lines'][0]['rate'], dec['vat_total'], dec['date']) == ('20%', '2000.00', '2025-12-31')
    assert (jan['lines'][0]['rate'], jan['vat_total']) == ('22%', '2200.00')


def test_dates_by_the_run_day_when_the_settings_say_so():
    s = _settings(date='день выпуска')
    d = upd.make(s, _client(), [Charge('K0001', '2026-10', None, D('100'), None)], NOV, '2026-10')
    assert d['date'] == '2026-11-02'


def test_advance_rule_by_hand():
    s = _settings()
    charges = [Charge('K0001', '2026-10', None, D('1000'), None), Charge('K0001', '2026-11', None, D('1000'), None)]
    pays = [Payment('K0001', datetime.date(2026, 10, 3), D('1000'), '1', '', 'реестр'),
            Payment('K0001', datetime.date(2026, 10, 30), D('2000'), '2', '', 'реестр'),
            Payment('K0001', datetime.date(2026, 11, 1), D('5000'), '3', '', 'реестр')]    # November's: not counted
    d = advance_invoice.make(s, _client(), charges, pays, NOV, '2026-10')
    # paid by 31.10: 1 000 + 2 000 = 3 000; services up to October: 1 000 → advance 2 000;
    # VAT 2 000 × 22/122 = 360,655… → 360,66
    assert (d['total'], d['vat_total'], d['date']) == ('2000.00', '360.66', '2026-10-31')
    # the November charge is for a later month: it does not reduce October's advance
    assert advance_invoice.make(_settings(advances=False), _client(), charges, pays, NOV, '2026-10') is None
    assert advance_invoice.make(s, _client(), charges, pays[:1], NOV, '2026-10') is None      # no prepayment


def _rendered_upd():
    s = _settings()
    charges = [Charge('K0001', '2026-10', None, D('12200'), None), Charge('K0001', '2026-10', 'ТВ', D('450.50'), None)]
    return upd_pdf.render(upd.make(s, _client(), charges, NOV, '2026-10'), 5)


def layout_lines(data):
    """The page as pdftotext -layout lines, runs of spaces collapsed: a label and its value share a line."""
    out = subprocess.run(['pdftotext', '-layout', '-', '-'], input=data, capture_output=True, check=True).stdout
    return [' '.join(line.split()) for line in out.decode('utf-8').splitlines()]


def on_one_line(lines, *parts):
    return any(all(p in line for p in parts) and line.index(parts[0]) <= line.index(parts[-1]) for line in lines)


def test_upd_pdf_text_has_every_required_line():
    lines = layout_lines(_rendered_upd())
    for parts in (
            ('Универсальный', 'Счет-фактура № 5 от 31.10.2026', '(1)'), ('Исправление № — от —', '(1а)'),
            ('Статус: 1',), ('Продавец:', 'ООО «Связь-Регион»', '(2)'),
            ('Адрес:', '123456, г. Энск, ул. Кабельная, д. 1', '(2а)'),
            ('ИНН/КПП продавца:', '7707083893/770701001', '(2б)'), ('Грузоотправитель и его адрес:', '—', '(3)'),
            ('Грузополучатель и его адрес:', '—', '(4)'), ('К платежно-расчетному документу', '№ — от —', '(5)'),
            ('Документ об отгрузке', '№ п/п 1–2 № 5 от 31.10.2026', '(5а)'),
            ('Покупатель:', 'ООО «Ромашка»', '(6)'), ('Адрес:', '456789, г. Энск, ул. Мира, д. 5', '(6а)'),
            ('ИНН/КПП покупателя:', '7736050003/773601001', '(6б)'),
            ('Валюта: наименование, код', 'Российский рубль, 643', '(7)'),
            # the table: 12 200 → 10 000,00 + VAT 2 200,00 at 22 %; 450,50 → 369,26 + 81,24
            ('1 — Интернет: услуги за октябрь 2026 г. — 362 мес 1 10 000,00 10 000,00 22% 2 200,00 12 200,00',),
            ('2 — ТВ: услуги за октябрь 2026 г. — 362 мес 1 369,26 369,26 22% 81,24 450,50',),
            ('Всего к оплате (9) 10 369,26 X X 2 281,24 12 650,50',),
            ('Всего к оплате: 12 650,50 руб. (Двенадцать тысяч шестьсот пятьдесят рублей 50 копеек), в том числе '
             'НДС 2 281,24 руб.',),
            ('Руководитель организации или иное', 'Главный бухгалтер или иное'), ('Смирнов А. В.', 'Кузнецова Е. П.'),
            ('Основание передачи (сдачи) / получения (приемки): Договор № 15/2024 от 01.02.2024', '[8]'),
            ('Товар (груз) передал / услуги, результаты работ, права сдал', '[10]', 'права принял', '[15]'),
            ('Генеральный директор', 'Смирнов А. В.', '(должность)'),
            ('Дата отгрузки, передачи (сдачи) «31» октября 2026 г.', '[11]', 'Дата получения (приемки)', '[16]'),
            ('Ответственный за правильность оформления факта хозяйственной жизни', '[13]', '[18]'),
            ('Наименование экономического субъекта — составителя документа', '[14]', '[19]')):
        assert on_one_line(lines, *parts), parts
    header = ' '.join(lines)
    for column in ('Код вида', 'Единица', 'Количество', 'Цена (тариф) за', 'без налога —', 'Налоговая',
                   'Сумма налога,', 'с налогом —', 'Страна', 'декларации на'):
        assert column in header, column


def test_status_2_without_vat_and_a_correction_line():
    s = settings_mod.load_text(settings_mod.template_text().replace('mode = "22"', 'mode = "без НДС"')
                               .replace('set = ""', 'set = "упд"'), 'settings.toml')
    data = upd.make(s, _client(), [Charge('K0001', '2026-10', None, D('1000'), None)], NOV, '2026-10')
    assert data['status'] == 2 and upd.TYPE.series_of(data) == 'upd2'      # no счёт-фактура: not in its series
    data['correction'] = {'number': 1, 'date': '2026-11-20'}
    lines = layout_lines(upd_pdf.render(data, 7))
    assert on_one_line(lines, 'Статус: 2')
    assert on_one_line(lines, 'Исправление № 1 от 20.11.2026', '(1а)')
    assert on_one_line(lines, '1 — Интернет: услуги за октябрь 2026 г. — 362 мес 1 1 000,00 1 000,00', 'без НДС')
    assert on_one_line(lines, 'без налога (НДС)')


def render_png(pdf_bytes, tmp_path, dpi=50):
    pdf = tmp_path / 'page.pdf'
    pdf.write_bytes(pdf_bytes)
    subprocess.run(['pdftoppm', '-png', '-r', str(dpi), '-f', '1', '-l', '1', '-singlefile', str(pdf),
                    str(tmp_path / 'page')], check=True)
    return tmp_path / 'page.png'


def page_difference(a, b):
    """Share of pixels whose grey level differs by more than 64 (0..1); 1 when the sizes differ."""
    from PIL import Image, ImageChops
    x, y = Image.open(a).convert('L'), Image.open(b).convert('L')
    if x.size != y.size:
        return 1.0
    diff = ImageChops.difference(x, y).point(lambda v: 255 if v > 64 else 0)
    return diff.histogram()[255] / (x.size[0] * x.size[1])


def test_upd_page_looks_like_the_reference(tmp_path):
    # tests/data/upd_reference.png: the УПД page at 50 dpi, checked by eye when the form was made;
    # a layout change (a moved block, a lost line) differs in far more than 0.5 % of the pixels
    png = render_png(_rendered_upd(), tmp_path)
    assert page_difference(png, DATA / 'upd_reference.png') < 0.005


def test_page_comparison_catches_a_layout_change(tmp_path):
    from jobs.pdf import Document
    doc = Document('x', orientation='L')
    doc.paragraph('Счет-фактура № 5 от 31.10.2026 — другой документ')
    png = render_png(doc.to_bytes(), tmp_path)
    assert page_difference(png, DATA / 'upd_reference.png') > 0.02


def test_a_correction_keeps_the_number_and_adds_the_correction_number(folder):
    from lxml import etree
    from jobs import cli
    from jobs.documents.corrections import correct
    from jobs.errors import UserError
    run_job(folder, NOV)
    mails = len(list((folder / 'Почта').glob('*.eml')))
    # the buyer's address was wrong in the register: fixed, then the УПД is corrected
    fixed = [r[:17] + ('654321, г. Энск, пр. Победы, д. 9',) + r[18:] if r[0] == 'A001' else r for r in CLIENTS]
    demo_data.write_register_xlsx(folder / operator_folder.REGISTER_FILE, fixed, CHARGES, PAYMENTS)
    summary = correct(folder, 'A001', '2026-10', datetime.date(2026, 11, 20))
    assert 'УПД № 1 от 31.10.2026, исправление № 1 от 20.11.2026' in summary
    pdf = month_dir(folder, '2026-11') / 'УПД № 1 от 31.10.2026 A001 ООО «Альфа» (исправление № 1).pdf'
    lines = layout_lines(pdf.read_bytes())
    assert on_one_line(lines, 'Счет-фактура № 1 от 31.10.2026', '(1)')           # the same number and date
    assert on_one_line(lines, 'Исправление № 1 от 20.11.2026', '(1а)')
    assert on_one_line(lines, 'Адрес:', '654321, г. Энск, пр. Победы, д. 9', '(6а)')
    assert len(list((folder / 'Почта').glob('*.eml'))) == mails + 1               # sent to the client, once
    # the ЭДО file of the исправление: ИспрДок, validated
    schema = etree.XMLSchema(etree.parse(str(DATA / 'ON_NSCHFDOPPR_1_997_01_05_03_05.xsd')))
    fixes = [p for p in edo_dir(folder, '2026-11').glob('*.xml')
             if etree.parse(str(p)).find('Документ/СвСчФакт/ИспрДок') is not None]
    assert len(fixes) == 1 and schema.validate(etree.parse(str(fixes[0])))
    # the книга продаж of October shows the corrected счёт-фактура with its исправление
    import openpyxl
    ws = openpyxl.load_workbook(month_dir(folder, '2026-11') / 'Книга продаж 2026-10.xlsx').active
    first = [c.value for c in ws[6]]
    assert first[2:4] == ['№ 1 от 31.10.2026', '№ 1 от 20.11.2026']
    # nothing changed since: no second исправление, nothing sent
    with pytest.raises(UserError, match='исправлять нечего'):
        correct(folder, 'A001', '2026-10', datetime.date(2026, 11, 21))
    assert cli.main(['documents', '--correct', 'A001', '--period', '2026-10', '--dir', str(folder)]) == 2
    assert len(list((folder / 'Почта').glob('*.eml'))) == mails + 1
    with pytest.raises(UserError, match='нет УПД или счёта-фактуры'):
        correct(folder, 'A001', '2026-09', datetime.date(2026, 11, 21))
