"""Closing documents, the parts: VAT arithmetic, amount in words, numbering, the PDFs read back."""

import datetime
import sqlite3
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from jobs import pdf, settings as settings_mod, state
from jobs.documents import amounts, content
from jobs.documents.types import act, invoice, reconciliation
from jobs.registers.reader import Charge, Client, Payment

NOV = datetime.date(2026, 11, 2)


def settings(vat='22', doc_set='акт', dates='день выпуска'):
    # the act + invoice set dated the run day: what these tests were written for (the УПД and
    # the service-month dates: tests/test_upd.py)
    text = settings_mod.template_text().replace('mode = "22"', 'mode = "%s"' % vat)
    text = text.replace('set = ""', 'set = "%s"' % doc_set).replace('date = "конец месяца"', 'date = "%s"' % dates)
    return settings_mod.load_text(text, 'settings.toml')


def client(**kw):
    values = dict(code='K0001', name='ООО «Ромашка»', inn='7736050003', kpp='773601001', ogrn='1027700070518',
                  contract='15/2024', contract_date=datetime.date(2024, 2, 1), emails=('buh@romashka.ru',),
                  phone='', manager='Иванова', segment='малый', service='Интернет', fee=D('21345.50'),
                  connected=datetime.date(2024, 2, 1), disconnected=None, payment_days=None,
                  no_dunning_until=None, address='456789, г. Энск, ул. Мира, д. 5', legal_address='',
                  source='тест')
    values.update(kw)
    return Client(**values)


def text_of(data):
    """The text of a PDF as pypdf extracts it, whitespace collapsed."""
    import io
    reader = PdfReader(io.BytesIO(data))
    return ' '.join(' '.join(page.extract_text().split()) for page in reader.pages)


# ---- VAT and words ------------------------------------------------------------------

@pytest.mark.parametrize('rate, amount, vat', [
    # hand-checked: amount × rate / (1 + rate), rounded half-up to kopecks
    ('0.22', '12200.00', '2200.00'),      # 12200 × 22 / 122 = 2200 exactly
    ('0.22', '15500.00', '2795.08'),      # 2795.0819…
    ('0.22', '21345.50', '3849.19'),      # 469601 / 122 = 3849.1885…
    ('0.10', '1100.00', '100.00'),
    ('0.10', '1234.56', '112.23'),        # 112.2327…
    ('0.07', '1070.00', '70.00'),
    ('0.07', '5000.00', '327.10'),        # 327.1028…
    ('0.05', '1050.00', '50.00'),
    ('0.05', '999.99', '47.62'),          # 47.6185…
    ('0.05', '0.21', '0.01'),             # 0.01 exactly
    ('0.22', '0.03', '0.01'),             # 0.005409… → 0.01
])
def test_vat_included_per_mode(rate, amount, vat):
    assert amounts.vat_included(D(amount), D(rate)) == D(vat)


def test_vat_without_tax_and_labels():
    assert amounts.vat_included(D('1000'), None) == D('0.00')
    assert amounts.vat_line(settings('без НДС').vat) == 'Без налога (НДС)'
    for mode in ('22', '10', '7', '5'):
        assert amounts.vat_line(settings(mode).vat) == 'В том числе НДС (%s %%):' % mode


def test_vat_of_a_document_is_the_sum_of_its_lines():
    # 100 + 100 + 100 at 22 %: 18.03 per line → 54.09 (VAT of the 300 total would be 54.10)
    assert amounts.vat_of_lines([D('100')] * 3, D('0.22')) == D('54.09')


@pytest.mark.parametrize('amount, words', [
    ('21345.50', 'Двадцать одна тысяча триста сорок пять рублей 50 копеек'),
    ('1', 'Один рубль 00 копеек'),
    ('2.01', 'Два рубля 01 копейка'),
    ('11.12', 'Одиннадцать рублей 12 копеек'),
    ('104.04', 'Сто четыре рубля 04 копейки'),
    ('1000000', 'Один миллион рублей 00 копеек'),
    ('0.5', 'Ноль рублей 50 копеек'),
    ('2002.215', 'Две тысячи два рубля 22 копейки'),     # half-up to kopecks first
])
def test_amount_in_words(amount, words):
    assert amounts.amount_in_words(D(amount)) == words


# ---- numbering ------------------------------------------------------------------------

def _record(db, doc_type, code, period, day=NOV):
    return state.documents.record(db, doc_type=doc_type, doc_date=day, client_code=code, client_name=code,
                            period=period, batch='2026-11', amount=D('1'), data={}, now='t')


def test_numbers_are_sequential_per_type_and_year_and_a_rollback_takes_nothing(tmp_path):
    db = state.connect(tmp_path)
    with state.transaction(db):
        assert _record(db, 'act', 'A', '2026-10')[1] == 1
        assert _record(db, 'act', 'B', '2026-10')[1] == 2
        assert _record(db, 'invoice', 'A', '2026-11')[1] == 1            # own sequence per type
    with pytest.raises(RuntimeError):
        with state.transaction(db):
            _record(db, 'act', 'C', '2026-10')
            raise RuntimeError('crash while writing the PDF')
    with state.transaction(db):
        assert _record(db, 'act', 'C', '2026-10')[1] == 3                # no gap after the rollback
        assert _record(db, 'act', 'A', '2026-12', datetime.date(2027, 1, 11))[1] == 1   # a new year
    # never a second number for the same client, type and period
    with pytest.raises(sqlite3.IntegrityError):
        with state.transaction(db):
            _record(db, 'act', 'A', '2026-10')
    assert state.documents.peek(db, 'act', 2026) == 4
    assert [r[0] for r in db.execute("SELECT number FROM documents WHERE doc_type = 'act' AND year = 2026 "
                                     "ORDER BY number")] == [1, 2, 3]


# ---- the PDFs -------------------------------------------------------------------------

CHARGES = [Charge('K0001', '2026-%02d' % m, 'Интернет', D('21345.50'), content.month_bounds(2026, m)[1])
           for m in range(7, 11)] + [Charge('K0001', '2026-10', 'ТВ', D('654.50'), datetime.date(2026, 10, 31))]
PAYMENTS = [Payment('K0001', datetime.date(2026, 8, 5), D('21345.50'), '417', '', 'реестр'),
            Payment('K0001', datetime.date(2026, 9, 7), D('10000'), '', '', 'реестр')]


def test_invoice_carries_requisites_amounts_words_and_due_date():
    s = settings()
    data = invoice.make(s, client(), CHARGES, NOV, '2026-11', 10)   # no November charges: the fee
    assert data['basis'] == 'fee'
    text = text_of(invoice.render(data, 17))
    for expected in ('Счёт на оплату № 17 от 02.11.2026',
                     'ООО «Связь-Регион»', 'ИНН 7707083893', 'КПП 770701001',          # supplier
                     'ООО «Ромашка»', 'ИНН 7736050003', 'КПП 773601001',                # buyer
                     '456789, г. Энск, ул. Мира, д. 5',
                     'ПАО Сбербанк', '044525225', '40702810938000000001', '30101810400000000225',
                     'Договор № 15/2024 от 01.02.2024',
                     'Интернет: абонентская плата за ноябрь 2026 г.', 'мес.',
                     '21 345,50', 'В том числе НДС (22 %): 3 849,19',
                     'Двадцать одна тысяча триста сорок пять рублей 50 копеек',
                     'Оплатить не позднее 12.11.2026',
                     'Генеральный директор', 'Смирнов А. В.', 'Главный бухгалтер', 'Кузнецова Е. П.'):
        assert expected in text, expected


def test_act_lines_per_service_and_no_vat_mode():
    s = settings('без НДС')
    data = act.make(s, client(), CHARGES, NOV, '2026-10')
    assert [line['name'] for line in data['lines']] == ['Интернет: услуги за октябрь 2026 г.',
                                                       'ТВ: услуги за октябрь 2026 г.']
    assert data['total'] == '22000.00'
    text = text_of(act.render(data, 5))
    for expected in ('Акт № 5 от 02.11.2026', 'Исполнитель:', 'Заказчик:', 'ИНН 7707083893', 'ИНН 7736050003',
                     'КПП 773601001', '654,50', '22 000,00', 'Без налога (НДС)',
                     'Двадцать две тысячи рублей 00 копеек', 'Договор № 15/2024 от 01.02.2024'):
        assert expected in text, expected
    assert 'В том числе НДС' not in text


def test_reconciliation_balances_and_both_parties():
    s = settings()
    data = reconciliation.make(s, client(), CHARGES, PAYMENTS, datetime.date(2026, 10, 1), 2026, 3,
                                acts={'2026-08': (7, datetime.date(2026, 9, 1))})
    # opening: nothing before July; July–September: 3 × 21 345,50 charged, 31 345,50 paid
    assert (data['opening'], data['debit_total'], data['credit_total'], data['closing']) == \
           ('0.00', '64036.50', '31345.50', '32691.00')
    text = text_of(reconciliation.render(data, 3))
    for expected in ('Акт сверки № 3 от 01.10.2026', '3 квартал 2026 г.', 'По данным ООО «Связь-Регион»',
                     'По данным ООО «Ромашка»', 'ИНН 7736050003', 'КПП 773601001', 'Сальдо начальное',
                     'Обороты за период', 'Сальдо конечное', 'Оплата (п/п № 417)', 'Акт № 7 от 01.09.2026',
                     '64 036,50', '31 345,50', '32 691,00',
                     'Тридцать две тысячи шестьсот девяносто один рубль 00 копеек'):
        assert expected in text, expected
    # a client with nothing in the quarter and a zero balance has nothing to reconcile
    assert reconciliation.make(s, client(), [], [], datetime.date(2026, 10, 1), 2026, 3) is None


def test_no_documents_without_charges():
    s = settings()
    assert act.make(s, client(), [], NOV, '2026-10') is None
    # prepayment from the fee only for a client billed before (the first invoice goes with the contract)
    assert invoice.make(s, client(), [], NOV, '2026-11', 10) is None
    assert invoice.make(s, client(disconnected=datetime.date(2026, 10, 31)), CHARGES, NOV, '2026-11', 10) is None


def test_pdf_is_deterministic_and_keeps_rare_letters():
    data = act.make(settings(), client(name='ИП Шәйхетдинов Ғалимҗан, «Ωmega»'), CHARGES, NOV, '2026-10')
    first, second = act.render(data, 1), act.render(data, 1)
    assert first == second
    text = text_of(first)
    assert 'Шәйхетдинов Ғалимҗан' in text and 'Ωmega' in text    # Ω is outside the fast face: fallback font
    assert b'/FontFile2' in first                                 # the font is embedded


def test_committed_reduced_faces_are_fresh_builds():
    # jobs/fonts/*-kit.ttf are what pdf.reduced_face makes of the shipped DejaVu faces (`make fonts`)
    for font in (pdf.FONT_REGULAR, pdf.FONT_BOLD):
        assert font.with_name(font.stem + '-kit.ttf').read_bytes() == pdf.reduced_face(font), font.name


def test_pdf_table_wraps_and_breaks_pages():
    doc = pdf.Document('Проверка')
    rows = [[i, 'Очень длинное наименование услуги номер %d, которое не помещается в одну строку таблицы '
                'и переносится' % i, '1'] for i in range(1, 80)]
    doc.table([pdf.Column('№', 10, 'C'), pdf.Column('Наименование'), pdf.Column('Кол-во', 20, 'R')], rows)
    data = doc.to_bytes()
    reader = PdfReader(__import__('io').BytesIO(data))
    assert len(reader.pages) > 1
    assert 'номер 79' in text_of(data) and 'переносится' in text_of(data)
    for page in reader.pages[1:]:                       # the header repeats on every new page
        assert 'Наименование' in page.extract_text() and 'Кол-во' in page.extract_text()
