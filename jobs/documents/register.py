"""«Документооборот ГГГГ-ММ.xlsx»: the accountant's record of what left the building.

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

from .. import files
from ..mail.outbox import STATUS_RU
from . import model

REGISTER_NAME = 'Документооборот %s.xlsx'
COLUMNS = (('Код клиента', 12), ('Клиент', 36), ('Документ', 20), ('Номер', 8), ('Дата', 11),
           ('Период', 16), ('Сумма, руб.', 14), ('Файл', 50), ('Адреса', 30), ('Отправлено', 17),
           ('Статус', 22))


def rows(db, batch, timezone='Europe/Moscow'):
    """The register's rows for run month *batch* (dicts), in numbering order per type."""
    tz = ZoneInfo(timezone)
    out = []
    for r in db.execute(
            'SELECT d.*, o.status AS mail_status, o.sent_at AS mail_sent_at, o.recipients AS mail_to, '
            'o.possibly_duplicate AS mail_dup FROM documents d LEFT JOIN outbox o ON o.message_id = d.message_id '
            'WHERE d.batch = ? ORDER BY d.client_code, d.id', (batch,)):
        if r['message_id'] is None:
            status = 'не поставлено в очередь'
        else:
            status = STATUS_RU.get(r['mail_status'], r['mail_status'] or '')
            if r['mail_dup']:
                status += ' (возможен повтор)'
        sent = None
        if r['mail_sent_at']:
            sent = datetime.datetime.fromisoformat(r['mail_sent_at']).astimezone(tz).replace(tzinfo=None)
        out.append({'code': r['client_code'], 'client': r['client_name'], 'type': model.TITLES[r['doc_type']],
                    'number': r['number'], 'date': datetime.date.fromisoformat(r['doc_date']),
                    'period': model.period_text(r['doc_type'], r['period']), 'amount': Decimal(r['amount']),
                    'file': r['file'] or '',
                    'to': ', '.join(json.loads(r['mail_to'])) if r['mail_to'] else '',
                    'sent': sent, 'status': status})
    return out


def write(operator_dir, db, batch, settings=None):
    """Write the register of *batch* into its documents folder; returns the path (``None``: nothing to list)."""
    import xlsxwriter
    from .job import month_dir

    data = rows(db, batch, settings.schedule.timezone if settings is not None else 'Europe/Moscow')
    if not data:
        return None
    path = month_dir(operator_dir, batch) / (REGISTER_NAME % batch)
    with files.replacing(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {'strings_to_formulas': False, 'strings_to_urls': False})
        ws = wb.add_worksheet('Документооборот')
        head = wb.add_format({'bold': True, 'bg_color': '#E8E8E8', 'border': 1, 'text_wrap': True,
                              'valign': 'top'})
        date_f = wb.add_format({'num_format': 'dd.mm.yyyy'})
        time_f = wb.add_format({'num_format': 'dd.mm.yyyy hh:mm'})
        money_f = wb.add_format({'num_format': '# ##0.00'})
        title = wb.add_format({'bold': True, 'font_size': 13})
        ws.write_string(0, 0, 'Документооборот за %s' % model.month_text(batch), title)
        for col, (name, width) in enumerate(COLUMNS):
            ws.write_string(2, col, name, head)
            ws.set_column(col, col, width)
        for i, r in enumerate(data, start=3):
            # write_string for every text: «=…», «+…», «-…», «@…» stay text, never formulas
            ws.write_string(i, 0, r['code'])
            ws.write_string(i, 1, r['client'])
            ws.write_string(i, 2, r['type'])
            ws.write_number(i, 3, r['number'])
            ws.write_datetime(i, 4, datetime.datetime.combine(r['date'], datetime.time()), date_f)
            ws.write_string(i, 5, r['period'])
            ws.write_number(i, 6, float(r['amount']), money_f)
            ws.write_string(i, 7, r['file'])
            ws.write_string(i, 8, r['to'])
            if r['sent'] is not None:
                ws.write_datetime(i, 9, r['sent'], time_f)
            else:
                ws.write_blank(i, 9, None)
            ws.write_string(i, 10, r['status'])
        ws.freeze_panes(3, 0)
        ws.autofilter(2, 0, 2 + len(data), len(COLUMNS) - 1)
        wb.close()
    return path

