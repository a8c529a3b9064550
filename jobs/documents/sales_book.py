"""Книга продаж (sales ledger) of a month: xlsx and a CSV an accountant can load.

Every счёт-фактура, УПД status 1 and advance счёт-фактура dated in the month,
one row each, in the columns of the книга продаж (ПП РФ от 26.12.2011 № 1137,
приложение 5, as amended for the 5 %, 7 % and 22 % rates): № п/п, код вида
операции (01 — реализация, 02 — оплата, частичная оплата: an advance), номер и
дата счёта-фактуры, исправление, покупатель, ИНН/КПП, документ об оплате, валюта,
стоимость продаж с налогом (13б), стоимость без налога и налог by rate (14, 14.1,
14.2, 14.3, 15, 17, 17.1, 17.2, 17.3, 18), освобождённые (19); then «Всего»,
the column sums.

An advance is entered with its amount in 13б and its VAT in 17–18, the cost
without tax left empty (the advance includes the tax). The totals are the sums
of the documents' own amounts (the VAT of each document is the sum of its lines,
:func:`.content.invoice_totals`), so the book ties out to the documents.

Written by the documents job for each month its run's счета-фактуры are dated
in (``Книга продаж ГГГГ-ММ.xlsx`` and ``.csv`` in the run month's documents
folder), rebuilt from the database every time — a rerun writes the same book.
A corrected счёт-фактура (:mod:`.corrections`) is entered as corrected — its
number, column 4 «номер и дата исправления» and the corrected amounts — and the
month's book is written again by the correction (the declaration shows such a
change on an additional sheet of the original quarter: the accountant's 1С does
that from these rows).
"""

import csv
import datetime
import io
import json
from decimal import Decimal

from .. import data_files, state
from ..files import write_bytes
from ..textfmt import date_ru
from ..xlsx_writer import Book
from . import content, types

FILE_NAME = 'Книга продаж %s'

#: (column number, header) of the book; the rate columns are keyed by the rate text.
COLUMNS = tuple(map(tuple, data_files.load('sales_book')['columns']))     # jobs/data/sales_book.toml
MONEY_COLUMNS = [c for c, _ in COLUMNS[8:]]

#: rate (as on the document line) → (cost column, tax column)
RATE_COLUMNS = {
    '22%': ('14', '17'), '22/122': (None, '17'),
    '20%': ('14.1', '17.1'), '20/120': (None, '17.1'),
    '5%': ('14.2', '17.2'), '5/105': (None, '17.2'),
    '7%': ('14.3', '17.3'), '7/107': (None, '17.3'),
    '10%': ('15', '18'), '10/110': (None, '18'),
}

ZERO = Decimal('0.00')


def vat_invoice_types():
    return [t.code for t in types.ALL if t.vat_invoice]


def row_of(record):
    """One book row (dict column → value) for a recorded document (``sqlite3.Row``), or ``None``
    for a УПД status 2 (no счёт-фактура)."""
    data = json.loads(record['data'])
    if data['type'] == 'upd' and data.get('status', 1) != 1:
        return None
    doc_date = datetime.date.fromisoformat(data['date'])
    b = data['buyer']
    advance = data['type'] == 'advance_invoice'
    row = {c: '' for c, _ in COLUMNS}
    row.update({'2': '02' if advance else '01', '3': '№ %s от %s' % (record['number'], date_ru(doc_date)),
                '7': b['name'], '8': '%s/%s' % (b['inn'], b['kpp']) if b.get('kpp') else b['inn'],
                '12': 'Российский рубль, 643', '13б': Decimal(data['total'])})
    correction = data.get('correction')
    if correction:
        row['4'] = '№ %s от %s' % (correction['number'], date_ru(datetime.date.fromisoformat(correction['date'])))
    if advance:
        row['11'] = ', '.join('№ %s от %s' % (p['number'], date_ru(datetime.date.fromisoformat(p['date'])))
                              for p in data.get('payments') or [] if p.get('number'))
    for line in data['lines']:
        cost, tax = RATE_COLUMNS.get(line['rate'], (None, None))
        if line['rate'] == 'без НДС':
            row['19'] = (row['19'] or ZERO) + Decimal(line['amount'])
            continue
        if cost:
            row[cost] = (row[cost] or ZERO) + Decimal(line['net'])
        if tax:
            row[tax] = (row[tax] or ZERO) + Decimal(line['vat'])
    return row


def rows(db, month):
    """The book's rows of *month* (``ГГГГ-ММ``), numbered, and the «Всего» row."""
    out = []
    for record in state.documents.dated_in_month(db, month, vat_invoice_types()):
        fixed = state.documents.latest_correction(db, record['id'])
        if fixed is not None:
            # a corrected счёт-фактура is entered as corrected: same number, column 4 its исправление
            record = {'number': record['number'], 'data': fixed['data']}
        row = row_of(record)
        if row is not None:
            row['1'] = len(out) + 1
            out.append(row)
    total = {c: '' for c, _ in COLUMNS}
    total['3'] = 'Всего'
    for c in MONEY_COLUMNS:
        values = [r[c] for r in out if r[c] != '']
        total[c] = sum(values, ZERO) if values else ''
    return out, total


def write(folder, db, month):
    """Write «Книга продаж ГГГГ-ММ» as xlsx and CSV into *folder*; returns the xlsx path (``None``: empty)."""
    data, total = rows(db, month)
    if not data:
        return None
    name = FILE_NAME % month
    book = Book(folder / (name + '.xlsx'), 'Книга продаж', created=None, comments='')
    ws = book.sheet('Книга продаж')
    ws.text((0, 0), 'Книга продаж за %s' % content.month_text(month), 'subtitle')
    ws.text((1, 0), 'Счета-фактуры, УПД (статус 1) и счета-фактуры на аванс, выставленные в этом месяце', 'hint')
    ws.headers(3, 0, [h for _, h in COLUMNS], height=75)
    ws.headers(4, 0, [c for c, _ in COLUMNS])
    styles = ['label'] * 8 + ['number2'] * len(MONEY_COLUMNS)
    for i, r in enumerate(data, start=5):
        ws.row(i, [r[c] for c, _ in COLUMNS], styles)
    ws.row(5 + len(data), [total[c] for c, _ in COLUMNS], ['bold'] * 8 + ['bold_number2'] * len(MONEY_COLUMNS))
    ws.widths([6, 8, 22, 18, 32, 22, 22, 18] + [14] * len(MONEY_COLUMNS))
    ws.print_wide()
    ws.ws.freeze_panes(5, 0)
    path = book.close()
    write_bytes(folder / (name + '.csv'), csv_bytes(data, total))
    return path


def csv_bytes(data, total):
    """The book as CSV: «;»-separated, decimal comma, UTF-8 with BOM — what Excel and 1С open as is."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=';', lineterminator='\r\n')
    w.writerow(['%s (%s)' % (h, c) for c, h in COLUMNS])

    def cell(v):
        if isinstance(v, Decimal):
            return ('%.2f' % v).replace('.', ',')
        return '' if v is None else str(v)
    for r in data + [total]:
        w.writerow([cell(r[c]) for c, _ in COLUMNS])
    return ('\ufeff' + out.getvalue()).encode('utf-8')


def write_for_batch(folder, db, batch):
    """The books of every month the счета-фактуры of run month *batch* are dated in; their paths."""
    if db is None:
        return []
    paths = []
    months = set(state.documents.vat_invoice_months(db, batch, vat_invoice_types()))
    months |= set(state.documents.corrected_months(db, batch))
    for month in sorted(months):
        path = write(folder, db, month)
        if path is not None:
            paths.append(path)
    return paths
