"""A bank statement is imported whole or not at all (issue 15, point 6): real demo files, cut or edited."""

import datetime

import pytest

from jobs import cli, operator_folder, state
from jobs.errors import UserError
from jobs.registers import bank

TODAY = datetime.date(2026, 5, 14)


@pytest.fixture(scope='module')
def demo_statement(tmp_path_factory, demo_folders):
    folder = demo_folders(tmp_path_factory.mktemp('bank') / 'op', today=TODAY, seed=7)
    path = next((folder / operator_folder.STATEMENTS_DIR).glob('*.txt'))
    return folder, path.read_bytes()


def documents_in(raw):
    return raw.count('КонецДокумента'.encode('cp1251'))


def test_the_demo_statement_totals_agree_with_its_documents(demo_statement):
    _, raw = demo_statement
    st = bank.parse(raw, 'x.txt')
    text = raw.decode('cp1251')
    stated = {k: v for k, _, v in (line.partition('=') for line in text.splitlines()) if k.startswith(('Всего', 'Начальный', 'Конечный'))}
    incoming = sum(d.amount for d in st.documents if d.recipient_account == st.account)
    assert str(incoming) == stated['ВсегоПоступило']


def test_a_statement_cut_after_a_document_is_refused_and_imports_nothing(demo_statement, tmp_path, capsys):
    folder, raw = demo_statement
    end = 'КонецДокумента\r\n'.encode('cp1251')
    cut = raw[:[i for i in range(len(raw)) if raw.startswith(end, i)][3] + len(end)]   # 4 of 8 documents
    assert documents_in(cut) == 4
    path = tmp_path / 'обрезанная.txt'
    path.write_bytes(cut)
    with pytest.raises(UserError, match='нет строки «КонецФайла»'):
        bank.parse(cut, path.name)
    assert cli.main(['import-bank', '--dir', str(folder), str(path)]) == 2
    assert 'обрезанная.txt: нет строки «КонецФайла»' in capsys.readouterr().err
    db = state.connect(folder)
    assert db.execute('SELECT COUNT(*) FROM bank_payments').fetchone()[0] == 0
    db.close()


def test_a_statement_missing_documents_before_the_end_is_refused_by_its_totals(demo_statement):
    _, raw = demo_statement
    text = raw.decode('cp1251')
    first = text.index('СекцияДокумент=')
    second = text.index('СекцияДокумент=', first + 1)
    dropped = text[:first] + text[second:]            # one incoming payment gone, КонецФайла still there
    with pytest.raises(UserError, match='итоги выписки не сходятся') as err:
        bank.parse(dropped.encode('cp1251'), 'b.txt')
    assert 'поступило по выписке' in str(err.value)


def test_balances_that_do_not_add_up_are_refused(demo_statement):
    _, raw = demo_statement
    text = raw.decode('cp1251')
    line = next(l for l in text.splitlines() if l.startswith('КонечныйОстаток='))
    broken = text.replace(line, 'КонечныйОстаток=0.00')
    with pytest.raises(UserError, match='остаток на начало 1 250 000,00 ₽'):
        bank.parse(broken.encode('cp1251'), 'c.txt')
