"""The register reader's column-wise fast path gives what the row-by-row reading gives.

``_read_charges``/``_read_payments`` map whole columns through caches and send
only unusual rows (empty or bad values, unknown clients, blank rows, rows paid by
ИНН) through the row-by-row reading; with ``fast=False`` every row goes that way.
Both must give the same rows, the same problems (rows, columns, texts) and the
same counts — from CSV text (split without the csv module where there are no
quotes) and from sheets of typed cells as python-calamine delivers them.
"""

import datetime
from decimal import Decimal

from hypothesis import HealthCheck, given, settings, strategies as st

from jobs.registers import csv_files, reader, table
from jobs.registers.table import RawSheet


def _client(code, service='Интернет'):
    return reader.Client(code=code, name='ООО «Тест»', inn='7707083893', kpp='770701001', ogrn='',
                         contract='Д-' + code, contract_date=None, emails=('a@b.ru',), phone='',
                         manager='', segment='', service=service, fee=None,
                         connected=datetime.date(2024, 1, 1), disconnected=None, payment_days=None,
                         no_dunning_until=None, address='', legal_address='', source='test')


def _register():
    reg = reader.Register()
    for code in ('00001', '00002', '00003'):
        reg.clients[code] = _client(code, 'ТВ' if code == '00002' else 'Интернет')
    reg.excluded['00009'] = reader.Problem('Клиенты.csv', 'Клиенты', 5, 'ИНН', '1', 'плохо')
    return reg


CODES = st.sampled_from(['00001', '00002', ' 00003 ', '00009', '00404', '', ' ', '1.5'])
PERIODS = st.sampled_from(['2024-03', '03.2024', '2024-3', '2024-13', '31.02.2024', 'март', '', '2024-12'])
AMOUNTS = st.sampled_from(['5 400,00', '1500', '0', '-10,00', '12345.50 ₽', 'много', '', '1 234 руб.'])
DATES = st.sampled_from(['31.03.2024', '2024-03-31', '', '31.02.2024', 'вчера', '46053', '01.04.2024'])
TEXTS = st.sampled_from(['', 'ТВ', ' Интернет ', 'Оплата по договору № Д-1; в т.ч. НДС', '12'])
INNS = st.sampled_from(['', '7707083893', '7707083894', '500100732259', '123'])


def _charge_row():
    return st.lists(st.one_of(CODES, PERIODS, TEXTS, AMOUNTS, DATES), min_size=0, max_size=6) | \
        st.tuples(CODES, PERIODS, TEXTS, AMOUNTS, DATES).map(list)


def _payment_row():
    return st.lists(st.one_of(CODES, INNS, DATES, AMOUNTS, TEXTS), min_size=0, max_size=7) | \
        st.tuples(CODES, INNS, DATES, AMOUNTS, TEXTS, TEXTS).map(list)


def _outcome(read, raw_factory, fast):
    reg = _register()
    counts = {}
    if read is reader._read_payments:
        read(raw_factory(), reg, {'7707083893': ['00001'], '500100732259': ['00002', '00003']}, counts,
             fast=fast)
    else:
        read(raw_factory(), reg, counts, fast=fast)
    return reg.charges, reg.payments, [tuple(p) for p in reg.problems], [str(p) for p in reg.problems], counts


def _csv_text(header, rows, crlf):
    end = '\r\n' if crlf else '\n'
    return end.join(';'.join(r) for r in [header] + rows) + end


def _check_csv(tmp_path, monkeypatch, read, header, rows, crlf, chunk, block):
    path = tmp_path / 'data.csv'
    path.write_text(_csv_text(header, rows, crlf), encoding='utf-8-sig')
    monkeypatch.setattr(csv_files, '_CHUNK', chunk)
    monkeypatch.setattr(csv_files, 'BLOCK', block)
    slow = _outcome(read, lambda: csv_files.read_csv(path, header[0] and 'Лист'), False)
    fast = _outcome(read, lambda: csv_files.read_csv(path, header[0] and 'Лист'), True)
    assert fast == slow
    return fast


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(rows=st.lists(_charge_row(), max_size=40), crlf=st.booleans(),
       chunk=st.sampled_from([16, 64, 1 << 16]), block=st.sampled_from([3, 4096]))
def test_charges_csv_fast_path_same_as_row_by_row(tmp_path, monkeypatch, rows, crlf, chunk, block):
    header = ['Код клиента', 'Период', 'Услуга', 'Сумма', 'Дата начисления']
    _check_csv(tmp_path, monkeypatch, reader._read_charges, header, rows, crlf, chunk, block)


@SETTINGS
@given(rows=st.lists(_payment_row(), max_size=40), crlf=st.booleans(),
       chunk=st.sampled_from([16, 64, 1 << 16]), block=st.sampled_from([3, 4096]))
def test_payments_csv_fast_path_same_as_row_by_row(tmp_path, monkeypatch, rows, crlf, chunk, block):
    header = ['Код клиента', 'ИНН плательщика', 'Дата', 'Сумма', 'Документ', 'Назначение платежа']
    _check_csv(tmp_path, monkeypatch, reader._read_payments, header, rows, crlf, chunk, block)


@SETTINGS
@given(rows=st.lists(st.tuples(CODES, PERIODS, AMOUNTS).map(list), min_size=10, max_size=30),
       quoted=st.integers(0, 29))
def test_quotes_switch_to_the_csv_module_mid_file(tmp_path, monkeypatch, rows, quoted):
    """A quoted value with a line break and a delimiter, anywhere in the file."""
    header = ['Код клиента', 'Период', 'Сумма', 'Услуга']
    rows = [r + ['"ТВ;\nи ""кино"""' if i == quoted else 'ТВ'] for i, r in enumerate(rows)]
    _check_csv(tmp_path, monkeypatch, reader._read_charges, header, rows, False, 32, 4096)


CELLS = st.one_of(CODES, PERIODS, AMOUNTS, DATES, TEXTS, st.sampled_from(
    [1.0, 2.0, 7707083893.0, 1500.5, 0.0, -3.0, 45382.0, 2.5, datetime.date(2024, 3, 31),
     datetime.datetime(2024, 4, 1, 10, 30), Decimal('10.005'), None]))


@SETTINGS
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=7), max_size=40),
       help_row=st.booleans(), block=st.sampled_from([2, 5, 4096]))
def test_typed_cells_fast_path_same_as_row_by_row(monkeypatch, rows, help_row, block):
    """Sheets of typed cells (the xlsx reader's lists), with or without the template's hint row."""
    monkeypatch.setattr(table, 'BLOCK_ROWS', block)
    for read, header, sheet in (
            (reader._read_charges, ['Код клиента', 'Период', 'Услуга', 'Сумма', 'Дата начисления'],
             reader.schema.CHARGES),
            (reader._read_payments, ['Код клиента', 'ИНН плательщика', 'Дата', 'Сумма', 'Документ',
                                     'Назначение платежа'], reader.schema.PAYMENTS)):
        hints = [c.help for c in sheet.columns][:len(header)]
        data = [['Реестр'], header] + ([hints] if help_row else []) + rows
        outcomes = [_outcome(read, lambda: RawSheet('Реестр юрлиц.xlsx', sheet.name, [list(r) for r in data]),
                             fast) for fast in (False, True)]
        assert outcomes[1] == outcomes[0]


def test_fast_path_reads_a_clean_block_column_wise(tmp_path, monkeypatch):
    """The common case really takes the fast path: no row goes row by row."""
    rows = [['00001', '2024-%02d' % m, '', '5 400,00', ''] for m in range(1, 13)] * 5
    path = tmp_path / 'Начисления.csv'
    path.write_text(_csv_text(['Код клиента', 'Период', 'Услуга', 'Сумма', 'Дата начисления'], rows, True),
                    encoding='utf-8')
    # a block of text lines hands a row to the row-by-row reading only through _line_row's function
    one_by_one, line_row = [], table._line_row

    def recording(lines, delimiter):
        row = line_row(lines, delimiter)
        return lambda j: one_by_one.append(j) or row(j)
    monkeypatch.setattr(table, '_line_row', recording)
    reg = _register()
    reader._read_charges(csv_files.read_csv(path, 'Начисления'), reg, {})
    assert one_by_one == []
    assert reg.problems == []
    assert len(reg.charges) == 60
    assert reg.charges[0] == ('00001', '2024-01', 'Интернет', Decimal('5400.00'), datetime.date(2024, 1, 31))


CLIENT_CELLS = {
    'code': st.sampled_from(['00001', '00002', ' 00003', '', '00001', 7.0]),
    'name': st.sampled_from(['ООО «Тест»', '', '  ', 'ИП Иванов']),
    'inn': st.sampled_from(['7707083893', '7707083894', '500100732259', '123', '', 7707083893.0]),
    'kpp': st.sampled_from(['770701001', '', '77070100', 'abc']),
    'ogrn': st.sampled_from(['1027700132195', '1027700132196', '', '304500116000157']),
    'contract': st.sampled_from(['Д-1', '', 12.0]),
    'contract_date': st.sampled_from(['01.02.2024', '', '31.02.2024', datetime.date(2024, 1, 5)]),
    'emails': st.sampled_from(['a@b.ru', 'a@b.ru; c@d.рф', 'плохой', '']),
    'phone': st.sampled_from(['+7 912 345-67-89', '', '123']),
    'manager': st.sampled_from(['Иванов', '', 'Петрова']),
    'segment': st.sampled_from(['малый', 'Крупный', 'огромный', '']),
    'service': st.sampled_from(['ТВ', '', ' Интернет ']),
    'fee': st.sampled_from(['5 400,00', '-1', 'много', '', 1500.0]),
    'connected': st.sampled_from(['01.03.2024', '2024-01-01', '', 'вчера', 45382.0]),
    'disconnected': st.sampled_from(['', '', '01.01.2023', '01.06.2025']),
    'payment_days': st.sampled_from(['', '5', '400', '10,0']),
    'no_dunning_until': st.sampled_from(['', '01.06.2026']),
    'address': st.sampled_from(['г. Энск', '', 'ул. «Заводская»; д. 1']),
    'legal_address': st.sampled_from(['', 'г. Энск, пр. Ленина, д. 2']),
    'edo_id': st.sampled_from(['', '2BM-7707083893-770701001', ' 2AE-1 ']),
}
GOOD_CLIENT = {'code': '00001', 'name': 'ООО «Тест»', 'inn': '7707083893', 'kpp': '770701001',
               'ogrn': '1027700132195', 'contract': 'Д-1', 'contract_date': '01.02.2024', 'emails': 'a@b.ru',
               'phone': '+7 912 345-67-89', 'manager': 'Иванов', 'segment': 'малый', 'service': 'ТВ',
               'fee': '5 400,00', 'connected': '01.03.2024', 'disconnected': '', 'payment_days': '',
               'no_dunning_until': '', 'address': 'г. Энск', 'legal_address': '',
               'edo_id': ''}


def _with(changes):
    row = dict(GOOD_CLIENT, **dict(changes))
    return [row[c.key] for c in reader.schema.CLIENTS.columns]


# mostly valid rows (so most go the fast way, with repeated codes), each with a
# few cells drawn from all kinds of values; and rows drawn cell by cell
CLIENT_ROW = st.lists(st.sampled_from(sorted(CLIENT_CELLS)).flatmap(
    lambda key: st.tuples(st.just(key), CLIENT_CELLS[key])), max_size=3).flatmap(
    lambda changes: st.sampled_from(['%05d' % i for i in range(1, 30)]).map(
        lambda code: _with([('code', code)] + changes))) | \
    st.fixed_dictionaries(CLIENT_CELLS).map(lambda d: [d[c.key] for c in reader.schema.CLIENTS.columns])


def _clients_outcome(raw_factory, fast):
    reg = reader.Register()
    reader._read_clients(raw_factory(), reg, fast=fast)
    return reg.clients, [str(p) for p in reg.problems], list(reg.problems), reg.excluded


@SETTINGS
@given(rows=st.lists(CLIENT_ROW | st.just([]), max_size=25), block=st.sampled_from([2, 3, 4096]),
       as_csv=st.booleans())
def test_clients_fast_path_same_as_row_by_row(tmp_path, monkeypatch, rows, block, as_csv):
    header = [c.header for c in reader.schema.CLIENTS.columns]
    monkeypatch.setattr(table, 'BLOCK_ROWS', block)
    monkeypatch.setattr(csv_files, 'BLOCK', block)
    if as_csv:
        rows = [[reader.values.text(v) for v in r] for r in rows]
        path = tmp_path / 'Клиенты.csv'
        path.write_text(_csv_text(header, [[v.replace(';', ',') for v in r] for r in rows], False),
                        encoding='utf-8')
        outcomes = [_clients_outcome(lambda: csv_files.read_csv(path, 'Клиенты'), fast) for fast in (False, True)]
    else:
        data = [header] + rows
        outcomes = [_clients_outcome(lambda: RawSheet('Реестр юрлиц.xlsx', 'Клиенты', [list(r) for r in data]),
                                     fast) for fast in (False, True)]
    assert outcomes[1] == outcomes[0]
