"""Reading and validating the client register (SPEC 6): real xlsx/CSV files, real readers."""

import datetime
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from jobs import demo_data, operator_folder
from jobs.errors import UserError
from jobs.registers import schema, values
from jobs.registers.reader import read_register
from jobs.registers.validate import account_error, inn_error, ogrn_error

TODAY = datetime.date(2026, 5, 14)
C = schema.CLIENTS.headers


def client(code='00001', inn='7707083893', **kw):
    row = dict(zip([c.key for c in schema.CLIENTS.columns], [None] * len(C)))
    row.update(code=code, name='ООО «Ромашка»', inn=inn, kpp='770701001', contract='Д-%s' % code,
               emails='buh@romashka.ru', manager='Иванова А. С.', connected=datetime.date(2024, 1, 10),
               fee=Decimal('3000.00'), service='Интернет')
    row.update(kw)
    return tuple(row[c.key] for c in schema.CLIENTS.columns)


def write(folder, clients, charges=(), payments=()):
    folder.mkdir(exist_ok=True)
    demo_data.write_register_xlsx(folder / operator_folder.REGISTER_FILE, clients, charges, payments)
    return folder


def by_place(reg):
    return {(p.sheet, p.row, p.column): p for p in reg.problems}


# --- values ------------------------------------------------------------------

@pytest.mark.parametrize('raw, expected', [
    ('12 345,50', '12345.50'), ('12345.50 ₽', '12345.50'), ('1\u00a0234 руб.', '1234.00'),
    ('-150', '-150.00'), (1500.0, '1500.00'), (0.1 + 0.2, '0.30'), ('1.234,5', '1234.50'),
    (3, '3.00'), ('12,345.50', '12345.50'),
])
def test_money_formats(raw, expected):
    assert values.money(raw) == Decimal(expected)


@pytest.mark.parametrize('raw', ['двести', '12,34,56', '', '1e5x', 'NaN'])
def test_money_rejects_text(raw):
    with pytest.raises(values.BadValue):
        values.money(raw)


@pytest.mark.parametrize('raw, expected', [
    ('01.02.2026', datetime.date(2026, 2, 1)), ('2026-02-01', datetime.date(2026, 2, 1)),
    ('2026-02-01 00:00:00', datetime.date(2026, 2, 1)), (46054.0, datetime.date(2026, 2, 1)),
    (datetime.datetime(2026, 2, 1, 13, 5), datetime.date(2026, 2, 1)),
])
def test_date_formats(raw, expected):
    assert values.date(raw) == expected


@pytest.mark.parametrize('raw', ['31.02.2026', '2026-13-01', 'вчера', '1.1.26', -5.0, '46054'])
def test_date_rejects(raw):
    with pytest.raises(values.BadValue):
        values.date(raw)


def test_identifiers_keep_leading_zeros():
    assert values.identifier(123456789.0, (10, 12)) == '0123456789'
    assert values.identifier(12345678.0, (9,)) == '012345678'
    assert values.identifier(' 000123 ') == '000123'
    with pytest.raises(values.BadValue):
        values.identifier(40702810938000000001.0)


@given(st.lists(st.text('0123456789', min_size=9, max_size=13), min_size=1, max_size=20))
def test_vectorised_requisite_checks_agree_with_stdnum_and_the_cell_rules(cells):
    # the register checks whole columns at once; python-stdnum (ИНН) and the per-cell rules are the reference
    import pyarrow as pa
    from stdnum.ru import inn as stdnum_inn
    from jobs.registers import columns
    from jobs.registers.validate import ogrn_error
    stripped = pa.array(cells, pa.large_string())
    assert columns.inn_ok(stripped)[0].tolist() == [len(c) in (10, 12) and stdnum_inn.is_valid(c) for c in cells]
    assert columns.ogrn_ok(stripped)[0].tolist() == [ogrn_error(c) is None for c in cells]


def test_requisite_checksums():
    assert inn_error('7707083893') is None and inn_error('500100732259') is None
    assert inn_error('7707083894') and inn_error('770708389')
    assert ogrn_error('1027700132195') is None and ogrn_error('1027700132196')
    assert ogrn_error('304500116000157') is None   # ОГРНИП
    assert account_error('044525225', '40702810938000000001') is None
    assert account_error('044525225', '40702810938000000002')


# --- register ------------------------------------------------------------------

def test_demo_register_reads_clean(tmp_path):
    data = demo_data.generate(200, 14, TODAY, seed=3)
    write(tmp_path, data.clients, data.charges, data.payments)
    reg = read_register(tmp_path)
    assert reg.problems == []
    assert len(reg.clients) == 200 and len(reg.charges) == len(data.charges)
    assert len(reg.payments) == len(data.payments)
    assert sum(c.amount for c in reg.charges) == sum(r[3] for r in data.charges)
    c = reg.clients['00001']
    assert c.code == '00001' and c.inn == data.clients[0][2] and isinstance(c.fee, Decimal)


def test_bad_rows_are_named_and_excluded(tmp_path):
    clients = [client('00001'), client('00002', inn='7707083894'), client('00003', emails='buh@@x'),
               client('00001', inn='500100732259'), client('00005', connected='31.02.2026'),
               client('00006', name=None), client('00007', kpp='77070100'), client('00008', ogrn='1027700132196'),
               client('00009', phone='12-34'), client('00010', segment='огромный')]
    charges = [('00001', '2026-03', None, Decimal('3000'), None), ('00001', '2026-04', None, 'двести', None),
               ('00001', '2026-13', None, Decimal('1'), None), ('99999', '2026-03', None, Decimal('5'), None),
               ('00002', '2026-03', None, Decimal('5'), None), ('00001', None, None, Decimal('5'), None)]
    payments = [('00001', None, datetime.date(2026, 4, 3), Decimal('3000'), '11', ''),
                ('00001', None, '31.04.2026', Decimal('1'), '12', ''),
                (None, '7707083893', datetime.date(2026, 4, 4), Decimal('10'), '13', ''),
                (None, '1234567890', datetime.date(2026, 4, 4), Decimal('10'), '14', ''),
                ('00001', None, datetime.date(2026, 4, 5), Decimal('-10'), '15', '')]
    reg = read_register(write(tmp_path, clients, charges, payments))
    p = by_place(reg)
    assert 'контрольная сумма ИНН' in p[('Клиенты', 3, 'ИНН')].message
    assert 'e-mail' in p[('Клиенты', 4, 'E-mail для документов')].message
    assert 'повторяется (уже есть в строке 2)' in p[('Клиенты', 5, 'Код клиента')].message
    assert 'такой даты нет' in p[('Клиенты', 6, 'Дата подключения')].message
    assert 'не заполнено' in p[('Клиенты', 7, 'Наименование')].message
    assert ('Клиенты', 8, 'КПП') in p and ('Клиенты', 9, 'ОГРН') in p
    assert ('Клиенты', 10, 'Телефон для SMS') in p and ('Клиенты', 11, 'Сегмент') in p
    assert 'сумма' in p[('Начисления', 3, 'Сумма')].message and p[('Начисления', 3, 'Сумма')].value == 'двести'
    assert ('Начисления', 4, 'Период') in p
    assert 'нет клиента' in p[('Начисления', 5, 'Код клиента')].message
    assert ('Начисления', 7, 'Период') in p
    assert ('Оплаты', 3, 'Дата') in p and ('Оплаты', 5, 'ИНН плательщика') in p and ('Оплаты', 6, 'Сумма') in p
    # the charge of the excluded client 00002 is not «unknown»: it is counted on its client row
    assert 'начисления (1)' in p[('Клиенты', 3, 'Код клиента')].message
    assert list(reg.clients) == ['00001']
    assert [c.period for c in reg.charges] == ['2026-03']
    assert [(x.code, x.amount) for x in reg.payments] == [('00001', Decimal('3000.00')), ('00001', Decimal('10.00'))]
    text = str(p[('Клиенты', 3, 'ИНН')])
    assert text.startswith('Реестр юрлиц.xlsx, лист «Клиенты», строка 3, столбец «ИНН»: «7707083894»')


def test_missing_sheet_and_column_stop(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'Клиенты'
    ws.append(C)
    wb.save(tmp_path / operator_folder.REGISTER_FILE)
    with pytest.raises(UserError, match='нет листа «Начисления»'):
        read_register(tmp_path)
    wb.create_sheet('Начисления').append(['Код клиента', 'Период'])
    wb.create_sheet('Оплаты').append(schema.PAYMENTS.headers)
    wb.save(tmp_path / operator_folder.REGISTER_FILE)
    with pytest.raises(UserError, match='лист «Начисления», строка заголовков 1: нет обязательных столбцов «Сумма»'):
        read_register(tmp_path)


def test_unreadable_and_missing_register(tmp_path):
    with pytest.raises(UserError, match='нет реестра'):
        read_register(tmp_path)
    (tmp_path / operator_folder.REGISTER_FILE).write_bytes(b'not a zip')
    with pytest.raises(UserError, match='не удалось прочитать'):
        read_register(tmp_path)


def test_headers_with_spaces_case_title_row_and_numeric_ids(tmp_path):
    from stdnum.ru import inn as stdnum_inn
    inn0 = '012345678' + stdnum_inn.calc_company_check_digit('012345678')   # a region-01 ИНН
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = ' клиенты'
    ws.append(['Реестр клиентов на 01.05.2026'])
    ws.append(['  код   КЛИЕНТА ', 'Наименование', 'инн', 'Договор №', 'e-mail для документов', 'менеджер',
               'Дата подключения', 'Своя колонка', 'КПП'])
    ws.append([17, 'ИП Петров', 12345678.0, 42, 'ip@petrov.ru', 'Орлова', '01.02.2025', 'x', 12345678])
    ws.append([None] * 9)
    ws.append(['018', 'ООО Б', int(inn0), 'Д-18', 'a@b.ru', 'Орлова', 45000, '', 12345678])
    wb.create_sheet('НАЧИСЛЕНИЯ').append(['Код клиента', 'Период', 'Сумма '])
    wb['НАЧИСЛЕНИЯ'].append([17.0, '02.2025', '1 500,50'])
    wb['НАЧИСЛЕНИЯ'].append(['018', '02.2025', '1 500,50'])
    wb.create_sheet('Оплаты').append(['код клиента', 'дата', 'сумма'])
    wb.save(tmp_path / operator_folder.REGISTER_FILE)
    reg = read_register(tmp_path)
    p = by_place(reg)
    # 8 digits in a number cell: not an ИНН even with one lost zero restored; the row is named
    assert 'ИНН' in p[(' клиенты', 3, 'ИНН')].message
    assert 'начисления (1)' in p[(' клиенты', 3, 'Код клиента')].message
    c = reg.clients['018']
    assert (c.inn, c.kpp, c.connected) == (inn0, '012345678', datetime.date(2023, 3, 15))
    assert reg.charges == [('018', '2025-02', '', Decimal('1500.50'), datetime.date(2025, 2, 28))]


def test_monthly_files_and_csv_register(tmp_path):
    data = demo_data.generate(30, 6, TODAY, seed=5)
    demo_data.write_csv(tmp_path / operator_folder.CLIENTS_CSV, schema.CLIENTS, data.clients,
                        encoding='cp1251', delimiter=';')
    (tmp_path / operator_folder.CHARGES_DIR).mkdir()
    (tmp_path / operator_folder.PAYMENTS_DIR).mkdir()
    months = sorted({r[1] for r in data.charges})
    for i, m in enumerate(months):
        rows = [r for r in data.charges if r[1] == m]
        if i % 2:
            demo_data.write_csv(tmp_path / operator_folder.CHARGES_DIR / ('%s.csv' % m), schema.CHARGES, rows,
                                encoding='utf-8', delimiter=',')
        else:
            book = tmp_path / operator_folder.CHARGES_DIR / ('%s.xlsx' % m)
            demo_data.write_register_xlsx(book, (), rows, ())
    demo_data.write_csv(tmp_path / operator_folder.PAYMENTS_DIR / 'all.csv', schema.PAYMENTS, data.payments,
                        encoding='utf-8-sig', delimiter=';')
    (tmp_path / operator_folder.CHARGES_DIR / '~$lock.xlsx').write_bytes(b'lock')
    reg = read_register(tmp_path)
    assert reg.problems == []
    assert sorted((c.code, c.period, c.amount) for c in reg.charges) == \
        sorted((r[0], r[1], r[3]) for r in data.charges)
    assert len(reg.payments) == len(data.payments)
    assert reg.clients[data.clients[0][0]].name == data.clients[0][1]


@pytest.mark.parametrize('encoding', ['utf-8', 'utf-8-sig', 'cp1251'])
@pytest.mark.parametrize('delimiter', [';', ','])
def test_csv_encodings_and_delimiters(tmp_path, encoding, delimiter):
    rows = [client('00001'), client('00002', inn='7707083894')]
    demo_data.write_csv(tmp_path / operator_folder.CLIENTS_CSV, schema.CLIENTS, rows,
                        encoding=encoding, delimiter=delimiter)
    charges = [('00001', '2026-03', 'ТВ', Decimal('12345.5'), datetime.date(2026, 3, 31)),
               ('00001', '2026-04', '', 'двести', None)]
    demo_data.write_csv(tmp_path / operator_folder.CHARGES_CSV, schema.CHARGES, charges,
                        encoding=encoding, delimiter=delimiter)
    reg = read_register(tmp_path)
    p = by_place(reg)
    assert (None, 3, 'ИНН') in p and p[(None, 3, 'ИНН')].file == operator_folder.CLIENTS_CSV
    assert (None, 3, 'Сумма') in p and p[(None, 3, 'Сумма')].file == operator_folder.CHARGES_CSV
    assert str(p[(None, 3, 'Сумма')]).startswith('Начисления.csv, строка 3, столбец «Сумма»: «двести»')
    assert reg.charges == [('00001', '2026-03', 'ТВ', Decimal('12345.50'), datetime.date(2026, 3, 31))]
    assert reg.clients['00001'].name == 'ООО «Ромашка»'


def test_csv_with_broken_encoding_stops(tmp_path):
    (tmp_path / operator_folder.CLIENTS_CSV).write_bytes(
        ';'.join(C).encode('utf-8') + b'\r\n' + b'x' * 70000 + b'\xff\xfe\r\n')
    with pytest.raises(UserError, match='кодировке'):
        read_register(tmp_path)


# --- never drop a valid row: generated rows → file → read back --------------------

_code = st.text('0123456789АБВabc-/', min_size=1, max_size=8).filter(lambda s: s.strip() == s)
_amount = st.decimals(min_value=Decimal('-99999999.99'), max_value=Decimal('99999999.99'), places=2)
_period = st.tuples(st.integers(2000, 2099), st.integers(1, 12)).map(lambda t: '%04d-%02d' % t)
_date = st.dates(datetime.date(1990, 1, 1), datetime.date(2027, 12, 31))   # plausible: see reader.EARLIEST
_service = st.sampled_from(['', 'ТВ', 'Интернет', '=HYPERLINK("x")', '+плюс', ' пробел '])


@hsettings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(codes=st.lists(_code, min_size=1, max_size=5, unique=True), data=st.data(),
       fmt=st.sampled_from(['xlsx', 'csv;utf-8-sig', 'csv,cp1251', 'csv;utf-8']))
def test_reading_never_drops_a_valid_row(tmp_path_factory, codes, data, fmt):
    folder = tmp_path_factory.mktemp('prop')
    clients = [client(c, contract=c) for c in codes]
    charges = data.draw(st.lists(st.tuples(st.sampled_from(codes), _period, _service, _amount,
                                           st.one_of(st.none(), _date)), max_size=40))
    if fmt == 'xlsx':
        write(folder, clients, charges)
    else:
        delim, enc = fmt[3], fmt[4:]
        demo_data.write_csv(folder / operator_folder.CLIENTS_CSV, schema.CLIENTS, clients, enc, delim)
        demo_data.write_csv(folder / operator_folder.CHARGES_CSV, schema.CHARGES, charges, enc, delim)
    reg = read_register(folder)
    assert reg.problems == []
    assert list(reg.clients) == codes
    expected = [(c, p, s.strip() or 'Интернет', a, d or values.month_end(p)) for c, p, s, a, d in charges]
    assert [tuple(x) for x in reg.charges] == expected


# --- issue 15.4: a CSV row is never silently misread -------------------------------

def _csv_register(folder, charges_text, encoding='utf-8'):
    demo_data.write_csv(folder / operator_folder.CLIENTS_CSV, schema.CLIENTS, [client('00001')],
                        encoding=encoding, delimiter=',')
    (folder / operator_folder.CHARGES_CSV).write_bytes(charges_text.encode(encoding))
    return folder


def test_unquoted_decimal_comma_in_a_comma_csv_is_a_row_problem(tmp_path):
    # «1234,50» unquoted in a «,»-file splits into 1234 and a stray 50 (which once became 18.02.1900)
    text = ('Код клиента,Период,Услуга,Сумма,Дата начисления\r\n'
            '00001,2026-03,Интернет,3000.00,31.03.2026\r\n'
            '00001,2026-04,Интернет,1234,50,30.04.2026\r\n'
            '00001,2026-05,Интернет,"1234,50",31.05.2026\r\n')
    reg = read_register(_csv_register(tmp_path, text))
    assert [(p.row, p.column) for p in reg.problems] == [(3, None)]
    assert 'больше ячеек' in reg.problems[0].message and reg.problems[0].value == '30.04.2026'
    assert str(reg.problems[0]).startswith('Начисления.csv, строка 3: «30.04.2026» — в строке больше ячеек')
    assert [(c.period, c.amount) for c in reg.charges] == [('2026-03', Decimal('3000.00')),
                                                           ('2026-05', Decimal('1234.50'))]


def test_two_surplus_cells_and_a_blank_line_keep_row_numbers(tmp_path):
    text = ('Код клиента,Период,Услуга,Сумма,Дата начисления\n'
            '\n'
            '00001,2026-04,Интернет,1,234,50,30.04.2026\n'
            '00001,2026-05,Интернет,100,31.05.2026\n')
    reg = read_register(_csv_register(tmp_path, text, 'cp1251'))
    assert [(p.row, p.column) for p in reg.problems] == [(3, None)]
    assert [(c.period, c.amount) for c in reg.charges] == [('2026-05', Decimal('100.00'))]


def test_a_number_in_a_text_cell_is_not_an_excel_date(tmp_path):
    text = ('Код клиента;Период;Сумма;Дата начисления\n'
            '00001;2026-03;100;46054\n'
            '00001;2026-04;100;30.04.2026\n')
    reg = read_register(_csv_register(tmp_path, text))
    p = by_place(reg)
    assert 'не дата' in p[(None, 2, 'Дата начисления')].message
    assert [c.date for c in reg.charges] == [datetime.date(2026, 4, 30)]


def test_a_true_or_false_cell_is_the_text_excel_shows_not_a_number(tmp_path):
    # A boolean cell shows as ИСТИНА / ЛОЖЬ in a Russian Excel; taken for the number 1 it would be a
    # charge of 1 ₽ nobody typed, so it is that text: a problem in «Сумма», a name in «Наименование»
    folder = write(tmp_path, [client('00001')], [('00001', '2026-03', None, Decimal('3000'), None),
                                                 ('00001', '2026-04', None, Decimal('1'), None)])
    wb = openpyxl.load_workbook(folder / operator_folder.REGISTER_FILE)
    wb['Начисления'].cell(3, schema.CHARGES.headers.index('Сумма') + 1).value = True
    wb['Клиенты'].cell(2, C.index('Наименование') + 1).value = False
    wb.save(folder / operator_folder.REGISTER_FILE)
    reg = read_register(folder)
    problem = by_place(reg)[('Начисления', 3, 'Сумма')]
    assert problem.value == 'ИСТИНА' and 'сумма' in problem.message
    assert [(c.period, c.amount) for c in reg.charges] == [('2026-03', Decimal('3000.00'))]
    assert reg.clients['00001'].name == 'ЛОЖЬ'


def test_implausible_dates_are_problems(tmp_path):
    # before 01.01.1990, or later than today + 2 years (settings' today: the schedule's clock)
    text = ('Код клиента;Период;Сумма;Дата начисления\n'
            '00001;2026-03;100;18.02.1900\n'
            '00001;2026-03;100;31.12.1989\n'
            '00001;2026-03;100;01.01.1990\n'
            '00001;2026-04;100;30.04.2031\n'
            '00001;2026-04;100;30.04.2026\n')
    reg = read_register(_csv_register(tmp_path, text))
    p = by_place(reg)
    assert sorted(p) == [(None, 2, 'Дата начисления'), (None, 3, 'Дата начисления'), (None, 5, 'Дата начисления')]
    assert 'раньше 01.01.1990' in p[(None, 2, 'Дата начисления')].message
    assert 'слишком далеко' in p[(None, 5, 'Дата начисления')].message
    assert [c.date for c in reg.charges] == [datetime.date(1990, 1, 1), datetime.date(2026, 4, 30)]


@pytest.mark.parametrize('kind, cells', [
    ('inn', ['7707083893', ' 7707083893 ', '7707083894', '770708389', '７７０７０８３８９３', '500100732259', '']),
    ('kpp', ['770701001', '7707AB001', '77070100a', ' 770701001', '77070100', '']),
    ('ogrn', ['1027700132195', '1027700132196', '0027700132195', '304500116000157', '30450011600015']),
    ('emails', ['a@b.ru', 'a@b.ru; c@d.рф', 'bad@', 'x.y@пример.рф', ' ok@mail.ru ', 'a..b@mail.ru', 'a@b.c',
                'a@b-.ru', 'A+b@x-y.com', 'a@b.ru ']),
    ('phone', ['+7 (912) 345-67-89', '8 912 3456789', '9123456789', '+1 912 345 67 89', '12345',
               '７９１２３４５６７８９', '+7-912-345-67-8', '79123456789']),
])
def test_vectorised_column_rules_give_what_the_cell_rules_give(kind, cells):
    # a whole column is first checked by array kernels; a cell they pass must parse to the same value
    import pandas as pd
    from jobs.registers import columns, reader
    column = pd.Series(cells, dtype='str')
    vectorised = columns.by_value(column, reader._CLIENT_PARSERS[kind], ok=reader._CLIENT_OK[kind])
    per_cell = columns.by_value(column, reader._CLIENT_PARSERS[kind])
    assert vectorised.values.tolist() == per_cell.values.tolist()
    assert vectorised.error.tolist() == per_cell.error.tolist()
    assert vectorised.empty.tolist() == per_cell.empty.tolist()


def test_purposes_can_be_left_out_without_changing_what_is_checked(tmp_path):
    # check, debtors and report never show a payment's purpose: read without it, every problem and every
    # other value stays — a row holding only a purpose is still a row with its required cells empty, and
    # a stray cell right of the header still a row problem
    _csv_register(tmp_path, 'Код клиента;Период;Сумма\n00001;2026-04;3000\n')
    (tmp_path / operator_folder.PAYMENTS_CSV).write_text(
        'Код клиента;Дата;Сумма;Документ;Назначение платежа\n'
        '00001;05.04.2026;3000;17;Оплата по договору Д-00001\n'
        ';;;;только назначение\n'
        '00001;06.04.2026;100;18;сдача;лишнее\n', encoding='utf-8')
    full, lean = read_register(tmp_path), read_register(tmp_path, purposes=False)
    assert [str(p) for p in lean.problems] == [str(p) for p in full.problems]
    assert [(p.row, p.column) for p in lean.problems] == [(3, 'Код клиента'), (4, None)]
    assert [p.purpose for p in full.payments] == ['Оплата по договору Д-00001']
    assert [p.purpose for p in lean.payments] == ['']
    assert [p._replace(purpose='') for p in full.payments] == lean.payments


# --- a small CSV register is parsed ahead while pandas is imported (csv_files.prefetch) ----

@pytest.mark.parametrize('encoding', ['utf-8-sig', 'cp1251'])
def test_a_csv_register_parsed_ahead_reads_the_same(operator_dir, encoding, capsys):
    """`b2bkit check` starts parsing a small CSV register on a thread before it imports pandas: the
    same clients, charges, payments and problems as when each file is read in its turn — also for
    a charges file whose 14th row has a surplus cell (pyarrow refuses the file, pandas' C engine reads it)."""
    from jobs.cli import main
    from jobs.registers import csv_files
    rows = [client('00001'), client('00002', inn='7736207543')]
    demo_data.write_csv(operator_dir / operator_folder.CLIENTS_CSV, schema.CLIENTS, rows, encoding, ';')
    charges = ''.join('00001;2025-%02d;Интернет;3 000,00;\r\n' % m for m in range(1, 13))
    (operator_dir / operator_folder.CHARGES_CSV).write_bytes(
        ('Код клиента;Период;Услуга;Сумма;Дата начисления\r\n' + charges + '00002;2026-01;ТВ;1234;50;31.01.2026\r\n'
         '00009;2026-02;ТВ;100;\r\n').encode(encoding))
    demo_data.write_csv(operator_dir / operator_folder.PAYMENTS_CSV, schema.PAYMENTS,
                        [('00001', '', datetime.date(2025, 2, 5), Decimal('3000'), '17', ''),
                         ('', '7736207543', datetime.date(2025, 3, 5), Decimal('1500'), '18', ''),
                         ('', '7702070139', datetime.date(2025, 3, 6), Decimal('100'), '19', '')], encoding, ';')
    expected = read_register(operator_dir)
    assert [(p.file, p.row, p.column) for p in expected.problems] == [
        (operator_folder.CHARGES_CSV, 14, None), (operator_folder.CHARGES_CSV, 15, 'Код клиента'),
        (operator_folder.PAYMENTS_CSV, 4, 'ИНН плательщика')]
    csv_files.prefetch(operator_dir)
    assert len(csv_files._ahead) == 3
    ahead = read_register(operator_dir)
    assert csv_files._ahead == {}           # each file's parse was taken, none left behind
    assert ahead.problems == expected.problems
    assert list(ahead.clients.values()) == list(expected.clients.values())
    assert (ahead.charges, ahead.payments) == (expected.charges, expected.payments)
    assert len(ahead.charges) == 12 and [(p.code, p.amount) for p in ahead.payments] == [
        ('00001', Decimal('3000.00')), ('00002', Decimal('1500.00'))]      # the second one by its payer's ИНН
    assert main(['check', '--dir', str(operator_dir)]) == 1
    out = capsys.readouterr().out
    assert 'Прочитано: клиентов 2, начислений 12, оплат 2 (файлов: 3).' in out
    assert 'Начисления.csv, строка 14: «31.01.2026» — в строке больше ячеек' in out
