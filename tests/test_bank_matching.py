"""Payments reach the client who paid (issue 16, points 1–4): how real clients and banks write them."""

import datetime
from collections import namedtuple

import pytest

from jobs import cli, state
from jobs.registers import bank

C = namedtuple('C', 'code inn contract disconnected contract_date connected')
TWO_CONTRACTS = [C('00002', '2354275863', 'Д-0002', None, None, datetime.date(2025, 1, 10)),
                 C('00003', '2354275863', 'Д-0006', None, None, datetime.date(2025, 3, 1)),
                 C('00009', '7736207543', '15/2025', None, None, datetime.date(2025, 2, 1))]
INVOICES = [(1, datetime.date(2026, 12, 2), '00003'), (2, datetime.date(2026, 12, 2), '00002'),
            (3, datetime.date(2026, 12, 2), '00009')]


def test_the_kits_own_invoice_number_decides_between_two_contracts_of_one_payer():
    m = bank.Matcher(TWO_CONTRACTS, INVOICES)
    # exactly what the kit's invoice asks the client to write — no contract number in it
    assert m.match('2354275863', 'Оплата по счёту № 1 от 02.12.2026, в т. ч. НДС (22 %) 451,80 руб.') == \
        ('00003', 'invoice')
    assert m.match('2354275863', 'оплата по счету №2 от 02.12.2026') == ('00002', 'invoice')
    # another client's invoice named by this payer is no proof: fall back to the contract rules
    assert m.match('2354275863', 'Оплата по счёту № 3 от 02.12.2026') == (None, None)
    # without any invoice and with two open contracts, the ИНН alone cannot tell
    assert m.match('2354275863', 'за услуги связи') == (None, None)


@pytest.mark.parametrize('purpose', ['Оплата по договору №Д0006 за ноябрь', 'дог. д-6 за ноябрь',
                                     'по договору Д - 0006', 'Договор № Д–0006 (ноябрь)'])
def test_contract_numbers_are_compared_normalised(purpose):
    assert bank.Matcher(TWO_CONTRACTS).match('2354275863', purpose) == ('00003', 'inn+contract')


def test_a_single_open_contract_of_the_payer_takes_the_payment():
    clients = [TWO_CONTRACTS[0]._replace(disconnected=datetime.date(2025, 6, 30)), TWO_CONTRACTS[1]]
    assert bank.Matcher(clients).match('2354275863', 'за интернет') == ('00003', 'inn')


def test_the_payers_inn_is_read_from_the_payer_line_when_the_bank_leaves_its_field_empty():
    text = ('1CClientBankExchange\r\nВерсияФормата=1.02\r\nКодировка=Windows\r\nРасчСчет=40702810938000000001\r\n'
            'СекцияДокумент=Платежное поручение\r\nНомер=51\r\nДата=01.12.2026\r\nСумма=2500.00\r\n'
            'Плательщик=ИНН 2354275863 ООО «Кубань-Агро»\r\nПлательщикИНН=\r\nПлательщикСчет=40702810500000000077\r\n'
            'ПолучательСчет=40702810938000000001\r\nНазначениеПлатежа=Оплата по договору Д-0006\r\n'
            'КонецДокумента\r\nКонецФайла\r\n').encode('cp1251')
    doc = bank.parse(text, 'v102.txt').documents[0]
    assert doc.payer_inn == '2354275863' and doc.payer_name == 'ООО «Кубань-Агро»'


@pytest.fixture
def demo(demo_folder):
    """A copy of a demo folder built once per session (tests/conftest.py)."""
    return demo_folder('op', today=datetime.date(2026, 5, 14), seed=7)


OURS = '40702810938000000001'            # the demo company's account (settings.toml)


def statement_file(path, account, docs):
    """A 1CClientBankExchange file of *account* with *docs* ``(number, day, amount, payer_inn,
    payer_account, recipient_account, purpose)``; its totals add up as a bank's do."""
    incoming = sum(d[2] for d in docs if d[5] == account)
    outgoing = sum(d[2] for d in docs if d[4] == account)
    lines = ['1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows', 'РасчСчет=' + account,
             'СекцияРасчСчет', 'РасчСчет=' + account, 'НачальныйОстаток=100000.00',
             'ВсегоПоступило=%.2f' % incoming, 'ВсегоСписано=%.2f' % outgoing,
             'КонечныйОстаток=%.2f' % (100000 + incoming - outgoing), 'КонецРасчСчет']
    for number, day, amount, payer_inn, payer_account, recipient_account, purpose in docs:
        lines += ['СекцияДокумент=Платежное поручение', 'Номер=%s' % number, 'Дата=%s' % day,
                  'Сумма=%.2f' % amount, 'ПлательщикИНН=' + payer_inn, 'ПлательщикСчет=' + payer_account,
                  'Плательщик1=ООО «Плательщик»', 'ПолучательСчет=' + recipient_account,
                  'ДатаПоступило=%s' % day, 'НазначениеПлатежа=' + purpose, 'КонецДокумента']
    path.write_bytes('\r\n'.join(lines + ['КонецФайла', '']).encode('cp1251'))
    return path


def a_client(folder):
    from jobs.registers.reader import read_register
    return next(iter(read_register(folder).clients.values()))


def test_a_statement_of_another_account_is_refused(demo, capsys):
    other = '40702810700000000555'
    client = a_client(demo)
    path = statement_file(demo / 'другой счёт.txt', other, [
        # that account's own outgoing payment to a firm: never «our income»
        ('901', '03.05.2026', 25000, '7702070139', other, '40702810000000000999', 'Оплата по договору поставки'),
        # a client's payment credited to that account, not to ours
        ('902', '04.05.2026', 1500, client.inn, '40702810500000000077', other, 'Оплата по договору ' + client.contract),
        # a payment from that account to ours: the only one of ours in the file
        ('903', '05.05.2026', 3000, client.inn, other, OURS, 'Оплата по договору ' + client.contract)])
    assert cli.main(['import-bank', '--dir', str(demo), str(path)]) == 2
    assert 'выписка по счёту 40702810700000000555' in capsys.readouterr().err
    db = state.connect(demo)
    assert db.execute('SELECT COUNT(*) FROM bank_payments').fetchone()[0] == 0
    db.close()
    # asked explicitly: only the payment credited to our account is taken
    assert cli.main(['import-bank', '--foreign', '--dir', str(demo), str(path)]) == 0
    assert 'новых поступлений 1 (сопоставлено 1' in capsys.readouterr().out
    db = state.connect(demo)
    rows = db.execute('SELECT doc_number, amount, client_code FROM bank_payments').fetchall()
    db.close()
    assert [tuple(r) for r in rows] == [('903', '3000.00', client.code)]


def test_a_payment_dated_in_the_future_is_held_out_of_the_debts(demo, capsys):
    client = a_client(demo)
    path = statement_file(demo / 'будущее.txt', OURS, [
        ('77', '01.01.2099', 4321, client.inn, '40702810500000000077', OURS, 'Оплата по договору ' + client.contract)])
    assert cli.main(['import-bank', '--dir', str(demo), str(path)]) == 0
    out = capsys.readouterr().out
    assert 'ПОД СОМНЕНИЕМ' in out and 'позже сегодняшней' in out and 'не учтена' in out
    assert '(похоже, клиент %s)' % client.code in out
    db = state.connect(demo)
    held = db.execute("SELECT client_code, matched_by FROM bank_payments WHERE doc_number = '77'").fetchone()
    db.close()
    assert held[0] is None and held[1].startswith('held:%s:' % client.code)
    from jobs.registers.reader import read_register
    reg = read_register(demo)
    assert [u['doc_number'] for u in reg.unmatched_bank] == ['77']          # listed for the accountant
    assert not [p for p in reg.payments if p.document == '77']              # and out of the debts


def test_an_unposted_payment_holds_the_notices_of_the_debtor_it_may_belong_to(demo, capsys):
    import re
    from decimal import Decimal
    from jobs.debtors.job import run_job
    lines = []
    run_job(demo, datetime.date(2026, 5, 14), dry_run=True, out=lines.append)
    debtor = next(re.match(r'\s+(\S+) .*\(договор № ([^)]+)\): долг ([\d  ]+,\d\d) ₽', l) for l in lines
                  if re.match(r'\s+\S+ .*\(договор № [^)]+\): долг', l) and 'НЕ ОТПРАВЛЯЕТСЯ' not in l)
    code, debt = debtor.group(1), Decimal(debtor.group(3).replace('\u00a0', '').replace(' ', '').replace(',', '.'))
    # somebody pays exactly that debt from an account the kit does not know, naming no contract
    path = statement_file(demo / 'оплата.txt', OURS, [
        ('615', '13.05.2026', float(debt), '5408131553', '40702810500000000088', OURS, 'Оплата задолженности')])
    assert cli.main(['import-bank', '--dir', str(demo), str(path)]) == 0
    capsys.readouterr()
    lines = []
    summary = run_job(demo, datetime.date(2026, 5, 14), dry_run=True, out=lines.append)
    held = [l for l in lines if l.strip().startswith('НЕ ОТПРАВЛЯЕТСЯ: %s ' % code)]
    assert held and 'возможно, уже оплатил: п/п № 615 от 13.05.2026' in held[0]
    assert 'не напоминаем из-за неразнесённых оплат: 1' in summary
    # a real run sends that debtor nothing, and the summary names it
    summary = run_job(demo, datetime.date(2026, 5, 14), now=datetime.datetime(2026, 5, 14, 11, 0,
                                                                              tzinfo=datetime.timezone.utc))
    assert 'не напоминаем, пока не разнесены оплаты' in summary and code in summary
    db = state.connect(demo)
    try:
        assert db.execute('SELECT COUNT(*) FROM notices WHERE client_code = ?', (code,)).fetchone()[0] == 0
        assert db.execute('SELECT COUNT(*) FROM notices').fetchone()[0] > 0          # the others were dunned
    finally:
        db.close()
