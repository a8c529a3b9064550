"""The monthly documents job end to end: register → numbered PDFs → outbox → real SMTP / .eml, reruns, a crash."""

import datetime
import email
import io
import json
import os
import random
import signal
import subprocess
import sys
from decimal import Decimal as D
from email import policy
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from jobs import cli, demo_data, operator_folder, state
from jobs.documents.job import month_dir, run_job
from jobs.mail.message import DUPLICATE_HEADER
from readback import db_rows

ROOT = Path(__file__).resolve().parents[1]
NOV = datetime.date(2026, 11, 2)      # the 1st working day of November 2026


def _inn(seed):
    return demo_data.make_inn(random.Random(seed))


def client_row(code, name, inn, emails, fee, connected=datetime.date(2024, 1, 15)):
    # column order of jobs.registers.schema.CLIENTS
    return (code, name, inn, inn[:4] + '01001', None, 'Д-' + code, datetime.date(2024, 1, 10), emails, None,
            'Иванова Анна Сергеевна', 'малый', 'Интернет', fee, connected, None, None, None,
            '123456, г. Энск, ул. Мира, д. %s' % code[-1])


A_INN, B_INN, C_INN = _inn(1), _inn(2), _inn(3)
CLIENTS = [
    client_row('A001', 'ООО «Альфа»', A_INN, 'buh@alfa.ru; director@alfa.ru', D('10000')),
    client_row('B002', '=Бета', B_INN, 'buh@beta.ru', D('5000')),      # a name that looks like a formula
    client_row('C003', 'ООО «Пусто»', C_INN, 'buh@empty.ru', D('3000')),  # no charges at all: gets nothing
]
CHARGES = [
    ('A001', '2026-08', None, D('10000'), None), ('A001', '2026-09', None, D('10000'), None),
    ('A001', '2026-10', None, D('10000'), None), ('A001', '2026-10', 'ТВ', D('450.50'), None),
    ('B002', '2026-09', None, D('5000'), None), ('B002', '2026-10', None, D('5000'), None),
]
PAYMENTS = [('A001', None, datetime.date(2026, 9, 5), D('10000'), '12', 'Оплата по договору Д-A001'),
            ('B002', None, datetime.date(2026, 10, 6), D('5000'), '77', '')]


@pytest.fixture
def folder(operator_dir, write_settings):
    # the act + invoice set dated the run day (the УПД, advances and service-month dates: tests/test_upd.py)
    write_settings(r'^set = ""', 'set = "акт"')
    write_settings(r'^date = "конец месяца"', 'date = "день выпуска"')
    for name in (operator_folder.OUTPUT_DIR,):
        (operator_dir / name).mkdir(exist_ok=True)
    demo_data.write_register_xlsx(operator_dir / operator_folder.REGISTER_FILE, CLIENTS, CHARGES, PAYMENTS)
    return operator_dir


def documents(folder):
    return db_rows(folder, 'SELECT doc_type, year, number, client_code, period, file, message_id '
                           'FROM documents ORDER BY id')


def outbox(folder):
    return db_rows(folder, 'SELECT * FROM outbox ORDER BY id')


def emls(folder):
    return sorted((folder / 'Почта').glob('*.eml'))


def pdf_text(data):
    return ' '.join(' '.join(p.extract_text().split()) for p in PdfReader(io.BytesIO(data)).pages)


def test_run_sends_one_message_per_client_and_a_rerun_adds_nothing(folder):
    summary = run_job(folder, NOV)
    assert 'выпущено 4: актов 2, счетов 2' in summary
    docs = documents(folder)
    assert [(d['doc_type'], d['number'], d['client_code'], d['period']) for d in docs] == [
        ('act', 1, 'A001', '2026-10'), ('invoice', 1, 'A001', '2026-11'),
        ('act', 2, 'B002', '2026-10'), ('invoice', 2, 'B002', '2026-11')]
    assert all((folder / d['file']).exists() for d in docs)
    assert not any(d['client_code'] == 'C003' for d in docs)          # no charges → nothing

    files = emls(folder)
    assert len(files) == 2
    msgs = {m['client_code']: m for m in outbox(folder)}
    assert set(msgs) == {'A001', 'B002'}
    assert json.loads(msgs['A001']['recipients']) == ['buh@alfa.ru', 'director@alfa.ru']
    a = email.message_from_bytes(next(f for f in files if 'A001' in f.name).read_bytes(), policy=policy.default)
    assert 'buh@alfa.ru' in a['To'] and 'director@alfa.ru' in a['To']
    names = [part.get_filename() for part in a.iter_attachments()]
    assert names == ['Акт № 1 от 02.11.2026 A001 ООО «Альфа».pdf', 'Счет № 1 от 02.11.2026 A001 ООО «Альфа».pdf']
    act_text = pdf_text(next(a.iter_attachments()).get_content())
    assert A_INN in act_text and '10 450,50' in act_text and 'Десять тысяч четыреста пятьдесят рублей 50 копеек' in act_text
    # the subject names the service month of the closing documents (the October act), not the run month
    assert 'Закрывающие документы за октябрь 2026 г.' in a['Subject']

    # the accountant's register: every document, its file, where it went, sent
    book = month_dir(folder, '2026-11') / 'Документооборот 2026-11.xlsx'
    ws = openpyxl.load_workbook(book).active
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True)]
    assert len(rows) == 4
    assert {r[10] for r in rows} == {'отправлено'}
    beta = next(r for r in rows if r[0] == 'B002')
    assert beta[1] == '=Бета' and ws.cell(row=4 + rows.index(beta), column=2).data_type == 's'   # text, not a formula
    before = {p.name: p.read_bytes() for p in month_dir(folder, '2026-11').glob('*.pdf')}

    # the rerun: nothing numbered, nothing queued, nothing sent, files untouched
    again = run_job(folder, NOV)
    assert 'новых документов нет' in again and 'писем поставлено в очередь: 0' in again
    assert documents(folder) == docs
    assert len(emls(folder)) == 2 and len(outbox(folder)) == 2
    assert {p.name: p.read_bytes() for p in month_dir(folder, '2026-11').glob('*.pdf')} == before

    # a file deleted by hand is made again, byte for byte
    victim = folder / docs[0]['file']
    victim.unlink()
    assert 'восстановлено пропавших файлов: 1' in run_job(folder, NOV)
    assert victim.read_bytes() == before[victim.name]


def test_quarter_start_adds_reconciliation_in_the_same_message(folder, write_settings):
    write_settings(r'^invoice = .*$', 'invoice = "постоплата"')
    run_job(folder, datetime.date(2026, 10, 1))
    docs = documents(folder)
    assert [(d['doc_type'], d['client_code'], d['period']) for d in docs] == [
        ('act', 'A001', '2026-09'), ('invoice', 'A001', '2026-09'), ('reconciliation', 'A001', '2026-Q3'),
        ('act', 'B002', '2026-09'), ('invoice', 'B002', '2026-09'), ('reconciliation', 'B002', '2026-Q3')]
    a = next(m for m in outbox(folder) if m['client_code'] == 'A001')
    assert len(json.loads(a['attachments'])) == 3
    recon = (folder / docs[2]['file']).read_bytes()
    text = pdf_text(recon)
    # Aug + Sep 10 000 each, 10 000 paid on 05.09 → 10 000 owed; the September act cited by number
    assert 'Акт сверки № 1 от 01.10.2026' in text and 'Акт № 1 от 01.10.2026' in text
    assert 'Десять тысяч рублей 00 копеек' in text and A_INN in text


def test_dry_run_lists_and_writes_nothing(folder, capsys):
    db_file = folder / state.STATE_FILE
    summary = run_job(folder, NOV, dry_run=True)
    out = capsys.readouterr().out
    assert 'A001 ООО «Альфа» → buh@alfa.ru, director@alfa.ru' in out
    assert 'Акт № 1 от 02.11.2026 за октябрь 2026 г., 10 450,50 ₽' in out
    assert 'Счёт на оплату № 2 от 02.11.2026 за ноябрь 2026 г., 5 000,00 ₽' in out
    assert 'C003' not in out
    assert 'документов: 4' in summary and 'писем: 2' in summary
    assert not db_file.exists() and not (folder / 'Почта').exists()
    assert not any((folder / operator_folder.OUTPUT_DIR).rglob('*'))


def test_real_smtp_server_gets_pdfs_with_cyrillic_names(folder, smtp_server, smtp_env):
    server = smtp_server()
    smtp_env(server.port)
    summary = run_job(folder, NOV)
    assert 'отправлено 2' in summary
    server.handler.wait_for(2)
    by_rcpt = {tuple(sorted(m.rcpt_tos)): m for m in server.handler.messages}
    assert set(by_rcpt) == {('buh@alfa.ru', 'director@alfa.ru'), ('buh@beta.ru',)}   # ONE message to both
    msg = by_rcpt[('buh@alfa.ru', 'director@alfa.ru')].parse()
    parts = list(msg.iter_attachments())
    assert [p.get_filename() for p in parts] == ['Акт № 1 от 02.11.2026 A001 ООО «Альфа».pdf',
                                                 'Счет № 1 от 02.11.2026 A001 ООО «Альфа».pdf']
    assert all(p.get_content_type() == 'application/pdf' for p in parts)
    invoice_text = pdf_text(parts[1].get_content())
    assert 'Счёт на оплату № 1 от 02.11.2026' in invoice_text and '044525225' in invoice_text
    assert run_job(folder, NOV) and len(server.handler.messages) == 2            # a rerun sends nothing


def test_killed_while_sending_rerun_sends_the_rest_once_with_the_same_numbers(folder, smtp_server, smtp_env):
    slow = smtp_server()
    slow.handler.delay = 60                 # sits on the first message: the run is killed mid-send
    env = dict(os.environ, **smtp_env(slow.port))
    proc = subprocess.Popen([sys.executable, '-m', 'jobs.cli', 'documents', '--month', '2026-11', '--dir',
                             str(folder)], cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        slow.handler.wait_for(1, timeout=60)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    numbered = documents(folder)
    assert len(numbered) == 4 and all(d['message_id'] for d in numbered)     # committed before the send
    slow.stop()

    server = smtp_server()
    smtp_env(server.port)
    summary = run_job(folder, NOV)
    assert 'новых документов нет' in summary
    assert documents(folder) == numbered                                      # same numbers, nothing new
    got = {tuple(sorted(m.rcpt_tos)): m.parse() for m in server.handler.messages}
    assert len(server.handler.messages) == 2 and set(got) == {('buh@alfa.ru', 'director@alfa.ru'),
                                                              ('buh@beta.ru',)}
    # the message in flight at the kill went again, flagged; the other one only now, once
    assert got[('buh@alfa.ru', 'director@alfa.ru')][DUPLICATE_HEADER] == 'yes'
    assert got[('buh@beta.ru',)][DUPLICATE_HEADER] is None
    run_job(folder, NOV)
    assert len(server.handler.messages) == 2


def test_demo_folder_documents_command(demo_folder, capsys):
    folder = demo_folder(today=datetime.date(2026, 11, 24), clients=30)
    assert cli.main(['documents', '--month', '2026-11', '--dir', str(folder)]) == 0
    first = capsys.readouterr().out
    assert 'выпущено' in first
    docs = documents(folder)
    clients_with_docs = {d['client_code'] for d in docs}
    assert docs and len(emls(folder)) == len(clients_with_docs)
    from jobs import settings as settings_mod
    from jobs.registers.reader import read_register
    reg = read_register(folder, settings_mod.load(folder))
    for m in outbox(folder):                                               # one message per client, to its addresses
        assert json.loads(m['recipients']) == list(reg.clients[m['client_code']].emails)
    act = next(d for d in docs if d['doc_type'] == 'upd')          # the demo operator pays VAT: УПД
    text = pdf_text((folder / act['file']).read_bytes())
    db = state.connect(folder)
    amount = D(db.execute('SELECT amount FROM documents WHERE file = ?', (act['file'],)).fetchone()[0])
    db.close()
    from jobs.documents.amounts import amount_in_words, money_text
    assert reg.clients[act['client_code']].inn in text
    assert money_text(amount) in text and amount_in_words(amount) in text

    assert cli.main(['documents', '--month', '2026-11', '--dir', str(folder)]) == 0
    assert 'новых документов нет' in capsys.readouterr().out
    assert documents(folder) == docs and len(emls(folder)) == len(clients_with_docs)


def test_a_locked_journal_does_not_stop_the_documents(folder):
    # a folder where «Документооборот 2026-11.xlsx» goes fails its save as a file open in Excel does
    (month_dir(folder, '2026-11') / 'Документооборот 2026-11.xlsx').mkdir(parents=True)
    summary = run_job(folder, NOV)
    assert 'выпущено 4: актов 2, счетов 2' in summary and len(emls(folder)) == 2
    assert 'реестр документов не записан: не удалось записать книгу' in summary
    assert 'Документооборот 2026-11.xlsx' in summary
