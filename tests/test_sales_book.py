"""Книга продаж: one row per счёт-фактура / УПД / advance invoice of the month, the columns by rate, the
totals equal to the sums of the documents (computed by hand), the same book on a rerun, a CSV that
reads back."""

import csv
import io
import json
from decimal import Decimal as D

import openpyxl

from jobs import state
from jobs.documents import sales_book
from jobs.documents.job import month_dir, run_job

import test_upd
from test_upd import NOV

folder = test_upd.folder             # the fixture: test_upd's register of three clients


def test_book_rows_and_totals_by_hand(folder):
    summary = run_job(folder, NOV)
    xlsx = month_dir(folder, '2026-11') / 'Книга продаж 2026-10.xlsx'
    assert 'книга продаж: %s' % xlsx in summary
    ws = openpyxl.load_workbook(xlsx).active
    header = [c.value for c in ws[5]]
    assert header[:3] == ['1', '2', '3'] and '13б' in header and '17' in header and '19' in header
    col = {h: i for i, h in enumerate(header)}
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=6) if any(c.value is not None for c in r)]
    body, total = rows[:-1], rows[-1]
    assert [(r[col['1']], r[col['2']], r[col['3']], r[col['7']]) for r in body] == [
        (1, '01', '№ 1 от 31.10.2026', 'ООО «Альфа»'),                 # the УПД: a sale
        (2, '02', '№ 2 от 31.10.2026', 'ООО «Альфа»'),                 # the advance invoice: a payment
        (3, '01', '№ 3 от 31.10.2026', 'АО «Бета»'),
        (4, '01', '№ 4 от 31.10.2026', 'ИП Пример Олег Павлович')]
    assert body[0][col['8']] == '7736050003/773601001' and body[3][col['8']] == '500100732259'
    assert body[1][col['11']] == '№ 12 от 05.10.2026, № 15 от 25.10.2026'
    # A001's УПД 12 650,50: without VAT 10 000,00 + 369,26 = 10 369,26, VAT 2 200,00 + 81,24 = 2 281,24
    assert (body[0][col['13б']], body[0][col['14']], body[0][col['17']]) == (12650.50, 10369.26, 2281.24)
    # the advance 12 200,00: VAT 12 200 × 22/122 = 2 200,00 in column 17, nothing in 14 (the advance includes it)
    assert (body[1][col['13б']], body[1][col['14']], body[1][col['17']]) == (12200.00, None, 2200.00)
    # B002 5 000,00: VAT 5 000 × 22/122 = 901,64, without VAT 4 098,36; C003 1 000,00: VAT 180,33, 819,67
    assert (body[2][col['14']], body[2][col['17']]) == (4098.36, 901.64)
    assert (body[3][col['14']], body[3][col['17']]) == (819.67, 180.33)
    # the totals: 13б 12 650,50 + 12 200,00 + 5 000,00 + 1 000,00 = 30 850,50;
    # 14: 10 369,26 + 4 098,36 + 819,67 = 15 287,29; 17: 2 281,24 + 2 200,00 + 901,64 + 180,33 = 5 563,21
    assert total[col['3']] == 'Всего'
    assert (total[col['13б']], total[col['14']], total[col['17']]) == (30850.50, 15287.29, 5563.21)
    assert total[col['14.1']] is None and total[col['19']] is None

    # …and they equal the sums of the recorded documents
    db = state.connect(folder)
    try:
        docs = [json.loads(r['data']) for r in db.execute(
            "SELECT data FROM documents WHERE doc_type IN ('upd', 'advance_invoice', 'vat_invoice')")]
    finally:
        db.close()
    assert sum(D(d['total']) for d in docs) == D('30850.50')
    assert sum(D(d['vat_total']) for d in docs) == D('5563.21')

    # the CSV: the same rows, decimal comma, readable by the csv module (and Excel, 1С)
    text = (month_dir(folder, '2026-11') / 'Книга продаж 2026-10.csv').read_bytes().decode('utf-8-sig')
    lines = list(csv.reader(io.StringIO(text), delimiter=';'))
    assert lines[0][0] == '№ п/п (1)' and len(lines) == 1 + 4 + 1
    assert lines[-1][lines[0].index('Стоимость продаж по счету-фактуре (включая налог), в рублях и копейках (13б)')] \
        == '30850,50'

    before = (month_dir(folder, '2026-11') / 'Книга продаж 2026-10.csv').read_bytes()
    run_job(folder, NOV)
    assert (month_dir(folder, '2026-11') / 'Книга продаж 2026-10.csv').read_bytes() == before


def test_a_status_2_upd_is_no_vat_invoice_and_not_in_the_book():
    record = {'number': 1, 'data': json.dumps({'type': 'upd', 'status': 2, 'date': '2026-10-31'})}
    assert sales_book.row_of(record) is None


def test_rates_go_to_their_columns():
    def record(rate, net, vat, total, kind='vat_invoice'):
        data = {'type': kind, 'date': '2026-10-31', 'buyer': {'name': 'X', 'inn': '7707083893', 'kpp': ''},
                'total': total, 'lines': [{'rate': rate, 'net': net, 'vat': vat, 'amount': total}]}
        return {'number': 1, 'data': json.dumps(data)}
    assert sales_book.row_of(record('20%', '100.00', '20.00', '120.00'))['14.1'] == D('100.00')
    assert sales_book.row_of(record('5%', '100.00', '5.00', '105.00'))['17.2'] == D('5.00')
    assert sales_book.row_of(record('7/107', '100.00', '7.00', '107.00', 'advance_invoice'))['17.3'] == D('7.00')
    assert sales_book.row_of(record('без НДС', '0', '0', '100.00'))['19'] == D('100.00')
