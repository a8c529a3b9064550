"""«Документооборот ГГГГ-ММ.xlsx»: the accountant's journal of what left the building.

One workbook per run month in its documents folder, rewritten from the state
database at the end of every run (so it always shows the latest delivery
status): client, document, number, date, period, amount, file, addresses,
sent at (operator's local time), status. Every text cell is written as text —
a client name starting with «=» never becomes a formula.
"""

import datetime
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

from .. import state
from ..mail.outbox import STATUS_RU
from ..xlsx_writer import Book
from . import content, types

FILE_NAME = 'Документооборот %s.xlsx'
COLUMNS = ('Код клиента', 'Клиент', 'Документ', 'Номер', 'Дата', 'Период', 'Сумма, руб.', 'Файл', 'Адреса',
           'Отправлено', 'Статус')
STYLES = ('label', 'label', 'label', 'label', 'date', 'label', 'number2', 'label', 'label', 'datetime', 'label')


def rows(db, batch, timezone='Europe/Moscow'):
    """The journal's rows for run month *batch* (dicts), in numbering order per type."""
    tz = ZoneInfo(timezone)
    out = []
    for r in state.documents.with_delivery(db, batch):
        if r['message_id'] is None:
            status = 'не поставлено в очередь'
        else:
            status = STATUS_RU.get(r['mail_status'], r['mail_status'] or '')
            if r['mail_dup']:
                status += ' (возможен повтор)'
        sent = None
        if r['mail_sent_at']:
            sent = datetime.datetime.fromisoformat(r['mail_sent_at']).astimezone(tz).replace(tzinfo=None)
        t = types.BY_CODE[r['doc_type']]
        out.append({'code': r['client_code'], 'client': r['client_name'], 'type': t.title,
                    'number': r['number'], 'date': datetime.date.fromisoformat(r['doc_date']),
                    'period': t.period_text(r['period']), 'amount': Decimal(r['amount']),
                    'file': r['file'] or '',
                    'to': ', '.join(json.loads(r['mail_to'])) if r['mail_to'] else '',
                    'sent': sent, 'status': status})
    return out


def write(path, db, batch, settings=None):
    """Write the journal of *batch* to *path*; returns the path (``None``: nothing to list)."""
    data = rows(db, batch, settings.schedule.timezone if settings is not None else 'Europe/Moscow')
    if not data:
        return None
    book = Book(path, 'Документооборот', created=None, comments='')
    ws = book.sheet('Документооборот')
    ws.text((0, 0), 'Документооборот за %s' % content.month_text(batch), 'subtitle')
    ws.headers(2, 0, COLUMNS, height=30)
    for i, r in enumerate(data, start=3):
        ws.row(i, (r['code'], r['client'], r['type'], r['number'], r['date'], r['period'], r['amount'], r['file'],
                   r['to'], r['sent'], r['status']), STYLES)
    ws.fit(first_row=2)
    ws.print_wide()
    ws.ws.freeze_panes(3, 0)
    ws.ws.autofilter(2, 0, 2 + len(data), len(COLUMNS) - 1)
    return book.close()
