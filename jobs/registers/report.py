"""The problem list as an xlsx for the accountant («Проверка реестра»).

Every text cell is written with ``write_string`` and the workbook refuses to
turn strings into formulas, so a value like ``=HYPERLINK(…)`` from a register
stays text (SPEC 10).
"""

import datetime

import xlsxwriter

from . import values

HEADERS = (('Файл', 28), ('Лист', 14), ('Строка', 8), ('Столбец', 22), ('Значение', 26),
           ('Что не так / что ожидается', 70))


def write_problems(path, problems, unmatched=(), checked=None, summary=''):
    """Write *problems* (and unmatched bank payments, if any) to *path*."""
    checked = checked or datetime.datetime.now()
    wb = xlsxwriter.Workbook(str(path), {'strings_to_formulas': False, 'strings_to_numbers': False,
                                         'strings_to_urls': False})
    bold = wb.add_format({'bold': True})
    head = wb.add_format({'bold': True, 'bg_color': '#D9E1F2', 'border': 1, 'text_wrap': True,
                          'valign': 'top'})
    wrap = wb.add_format({'text_wrap': True, 'valign': 'top'})
    ws = wb.add_worksheet('Ошибки')
    ws.write_string(0, 0, 'Проверка реестра от %s' % checked.strftime('%d.%m.%Y %H:%M'), bold)
    ws.write_string(1, 0, summary or ('Ошибок нет.' if not problems else 'Ошибок: %d. Строки с ошибками '
                                      'не учтены — исправьте их и запустите проверку снова.' % len(problems)))
    for c, (h, w) in enumerate(HEADERS):
        ws.set_column(c, c, w)
        ws.write_string(3, c, h, head)
    for r, p in enumerate(problems, 4):
        ws.write_string(r, 0, str(p.file or ''), wrap)
        ws.write_string(r, 1, str(p.sheet or ''), wrap)
        if p.row:
            ws.write_number(r, 2, p.row, wrap)
        ws.write_string(r, 3, str(p.column or ''), wrap)
        ws.write_string(r, 4, values.text(p.value) if p.value not in (None, '') else '', wrap)
        ws.write_string(r, 5, p.message, wrap)
    ws.freeze_panes(4, 0)
    if problems:
        ws.autofilter(3, 0, 3 + len(problems), len(HEADERS) - 1)
    if unmatched:
        us = wb.add_worksheet('Неопознанные оплаты')
        cols = (('Выписка', 24), ('Дата поступления', 12), ('№ п/п', 8), ('Сумма, руб.', 14),
                ('ИНН плательщика', 14), ('Плательщик', 32), ('Назначение платежа', 60))
        money = wb.add_format({'num_format': '#,##0.00', 'valign': 'top'})
        us.write_string(0, 0, 'Оплаты из выписок, не сопоставленные ни одному клиенту: укажите в «Оплаты» '
                              'код клиента или добавьте договор в назначение.', bold)
        for c, (h, w) in enumerate(cols):
            us.set_column(c, c, w)
            us.write_string(2, c, h, head)
        for r, u in enumerate(unmatched, 3):
            us.write_string(r, 0, str(u['file_name']), wrap)
            us.write_string(r, 1, values.text(datetime.date.fromisoformat(u['received'])), wrap)
            us.write_string(r, 2, str(u['doc_number']), wrap)
            us.write_number(r, 3, float(u['amount']), money)
            us.write_string(r, 4, str(u['payer_inn'] or ''), wrap)
            us.write_string(r, 5, str(u['payer_name'] or ''), wrap)
            us.write_string(r, 6, str(u['purpose'] or ''), wrap)
    wb.close()
