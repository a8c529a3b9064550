"""«Проверка реестра.xlsx»: the register's problems (and unmatched bank payments) for the accountant.

Written by the kit's one xlsx writer (:mod:`jobs.xlsx_writer`): every text stays
text, so a value like ``=HYPERLINK(…)`` from a register is never a formula (SPEC 10).
"""

import datetime
from decimal import Decimal

from ..xlsx_writer import STYLES, Book
from . import values

HEADERS = ('Файл', 'Лист', 'Строка', 'Столбец', 'Значение', 'Что не так / что ожидается')
#: The row number centred: right-aligned it read as part of the next column («2 ИНН»).
CENTERED = dict(STYLES['wrap'], align='center')
UNMATCHED_HEADERS = ('Выписка', 'Дата поступления', '№ п/п', 'Сумма, руб.', 'ИНН плательщика', 'Плательщик',
                     'Назначение платежа')


def write_problems(path, problems, unmatched=(), checked=None, summary=''):
    """Write *problems* (and unmatched bank payments, if any) to *path*; a failure is a UserError."""
    checked = checked or datetime.datetime.now()
    book = Book(path, 'Проверка реестра', created=None, comments='')
    ws = book.sheet('Ошибки')
    ws.text((0, 0), 'Проверка реестра от %s' % checked.strftime('%d.%m.%Y %H:%M'), 'bold')
    ws.text((1, 0), summary or ('Ошибок нет.' if not problems else 'Ошибок: %d. Строки с ошибками не учтены — '
                                'исправьте их и запустите проверку снова.' % len(problems)))
    ws.headers(3, 0, HEADERS, height=30)
    for r, p in enumerate(problems, 4):
        ws.row(r, (str(p.file or ''), str(p.sheet or ''), p.row or None, str(p.column or ''),
                   values.text(p.value) if p.value not in (None, '') else '', p.message),
               ['wrap', 'wrap', CENTERED, 'wrap', 'wrap', 'wrap'])
    ws.fit(first_row=3, maximum=70)
    ws.print_wide()
    ws.ws.freeze_panes(4, 0)
    if problems:
        ws.ws.autofilter(3, 0, 3 + len(problems), len(HEADERS) - 1)
    if unmatched:
        us = book.sheet('Неопознанные оплаты')
        us.text((0, 0), 'Оплаты из выписок, не сопоставленные ни одному клиенту: укажите в «Оплаты» код клиента '
                        'или добавьте договор в назначение.', 'bold')
        us.headers(2, 0, UNMATCHED_HEADERS, height=30)
        for r, u in enumerate(unmatched, 3):
            us.row(r, (str(u['file_name']), values.text(datetime.date.fromisoformat(u['received'])),
                       str(u['doc_number']), Decimal(u['amount']), str(u['payer_inn'] or ''),
                       str(u['payer_name'] or ''), str(u['purpose'] or '')),
                   ['wrap', 'wrap', 'wrap', 'number2', 'wrap', 'wrap', 'wrap'])
        us.fit(first_row=2, maximum=60)
    return book.close()
