"""Bank statements (1CClientBankExchange): parsing, matching, state, never dropping a payment."""

import datetime
from decimal import Decimal

import pytest

from jobs import cli, demo_data, operator_folder, settings as settings_mod, state
from jobs.errors import UserError
from jobs.registers import bank
from jobs.registers.reader import read_register

TODAY = datetime.date(2026, 5, 14)


@pytest.fixture
def folder(demo_folder):
    return demo_folder('op', today=TODAY, seed=7)


def statement(folder):
    return next((folder / operator_folder.STATEMENTS_DIR).glob('*.txt'))


def test_demo_statement_is_cp1251_crlf_and_parses(folder):
    raw = statement(folder).read_bytes()
    assert b'\r\n' in raw and raw.startswith(b'1CClientBankExchange')
    st = bank.parse(raw, 'x.txt')
    assert len(st.documents) == 8 and st.account == '40702810938000000001'


def test_import_matches_lists_unmatched_and_twice_adds_nothing(folder, capsys):
    assert cli.main(['import-bank', '--dir', str(folder)]) == 0
    out = capsys.readouterr().out
    assert 'новых поступлений 7 (сопоставлено 6, не опознано 1)' in out
    assert 'исходящих и чужих платежей пропущено 1' in out
    assert 'НЕ ОПОЗНАНА: п/п № 77' in out and '15 000,00 ₽' in out
    db = state.connect(folder)
    how = sorted(r[0] or '-' for r in db.execute('SELECT matched_by FROM bank_payments'))
    assert how == ['-', 'contract', 'inn', 'inn+contract', 'inn+contract', 'inn+contract', 'inn+contract']
    # the two contracts of one company (same ИНН) are told apart by the contract number
    second = db.execute("SELECT client_code FROM bank_payments WHERE purpose LIKE 'Оплата по дог. Д-0002%'").fetchone()
    assert second[0] == '00002'
    count = db.execute('SELECT COUNT(*) FROM bank_payments').fetchone()[0]
    db.close()
    # twice: the same file, then the same payments in another file (overlapping statement)
    assert cli.main(['import-bank', '--dir', str(folder), str(statement(folder))]) == 0
    assert 'уже загружена' in capsys.readouterr().out
    copy = folder / 'другая.txt'
    copy.write_bytes(statement(folder).read_bytes().replace(b'\r\n', b'\n'))
    assert cli.main(['import-bank', '--dir', str(folder), str(copy)]) == 0
    assert 'новых поступлений 0' in capsys.readouterr().out
    db = state.connect(folder)
    assert db.execute('SELECT COUNT(*) FROM bank_payments').fetchone()[0] == count
    db.close()
    reg = read_register(folder)
    bank_pays = [p for p in reg.payments if p.source == 'банк']
    assert len(bank_pays) == 6 and len(reg.unmatched_bank) == 1
    assert reg.unmatched_bank[0]['amount'] == '15000.00'


def test_statement_with_bom_utf8_and_unknown_payer(tmp_path):
    s = settings_mod.load_text(settings_mod.template_text(), 'settings.toml')
    data = demo_data.generate(20, 3, TODAY, seed=2)
    text = demo_data.statement_text(data.statement, s.company, TODAY)
    path = tmp_path / 'bom.txt'
    path.write_bytes(b'\xef\xbb\xbf' + text.encode('utf-8'))
    db = state.connect(tmp_path)
    clients = read_register(_folder_with(tmp_path / 'reg', data)).clients.values()
    result = bank.import_statement(db, path, s.company, clients)
    assert result.outgoing == 1 and result.unmatched == 1
    lost = [a for a in result.added if not a['client_code']]
    assert lost[0]['payer_inn'] == '5408131553' and lost[0]['amount'] == Decimal('15000.00')
    assert [r['doc_number'] for r in state.bank.unmatched(db)] == ['77']


def _folder_with(d, data):
    d.mkdir()
    demo_data.write_register_xlsx(d / operator_folder.REGISTER_FILE, data.clients, data.charges, data.payments)
    return d


def test_broken_statements_are_user_errors(tmp_path):
    with pytest.raises(UserError, match='не выписка'):
        bank.parse(b'hello', 'a.txt')
    with pytest.raises(UserError, match='не закончен'):
        bank.parse('1CClientBankExchange\r\nСекцияДокумент=Платежное поручение\r\nСумма=1\r\n'.encode('cp1251'), 'b')
    with pytest.raises(UserError, match='Дата'):
        bank.parse('1CClientBankExchange\nСекцияДокумент=П\nСумма=1.00\nДата=32.01.2026\nКонецДокумента\n', 'c')
    # a BOM promises UTF-8: a byte that breaks it is the user's error, not a traceback
    with pytest.raises(UserError, match='не удалось прочитать текст выписки'):
        bank.parse(b'\xef\xbb\xbf1CClientBankExchange\r\n\xcf\xeb\xe0\xf2\xe5\xe6\r\n', 'd')


def test_matching_rules():
    from jobs.registers.reader import Client
    mk = lambda code, inn, contract: Client(code, 'x', inn, '', '', contract, None, ('a@b.ru',), '', 'm', '',
                                            '', None, TODAY, None, None, None, '', '', '')
    m = bank.Matcher([mk('1', '7707083893', '15'), mk('2', '7707083893', '16'), mk('3', '500100732259', 'А-7')])
    assert m.match('7707083893', 'по договору 16 от 01.01.2026') == ('2', 'inn+contract')
    assert m.match('7707083893', 'за услуги') == (None, None)        # two contracts, none named
    assert m.match('500100732259', 'за услуги') == ('3', 'inn')
    assert m.match('5408131553', 'Оплата за ИП по дог. № А-7.') == ('3', 'contract')
    assert m.match('5408131553', 'счет 15') == (None, None)           # a bare number is no contract
