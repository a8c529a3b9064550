"""Акт оказанных услуг (act of services rendered), PDF.

Title with number and date; the executor (Исполнитель) and the customer
(Заказчик) with ИНН/КПП and addresses; the contract; the lines (service,
period, quantity, unit, price, amount); totals with VAT per the company's
mode; the total in words; the customary sentence that the services were
rendered in full; signature blocks for both parties (the customer's signer is
left blank: the register does not know who signs for the client).
"""

import datetime

from ..pdf import Document, Signature
from ..textfmt import date_ru
from .invoice import body
from .model import month_text, vat_obj


def title(number, doc_date):
    return 'Акт № %s от %s' % (number, date_ru(doc_date))


def render(data, number):
    """The act PDF (bytes) for stored *data* with *number*."""
    doc_date = datetime.date.fromisoformat(data['date'])
    s = data['supplier']
    doc = Document('Акт оказанных услуг № %s' % number, author=s['name'])
    doc.heading(title(number, doc_date), size=13)
    doc.paragraph('об оказании услуг связи за %s' % month_text(data['period']), space_after=1)
    doc.rule()
    body(doc, data, vat_obj(data), ('Исполнитель:', 'Заказчик:'), 'Всего оказано услуг')
    doc.paragraph('Вышеперечисленные услуги оказаны полностью и в срок. Заказчик претензий по объёму, '
                  'качеству и срокам оказания услуг не имеет.', space_after=0)
    doc.rule(width=0.3, space=0)
    doc.signatures([Signature(s['director_title'] or 'Руководитель', s['director'], 'Исполнитель'),
                    Signature('', '', 'Заказчик')])
    return doc.to_bytes()
