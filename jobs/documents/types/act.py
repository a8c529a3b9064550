"""Акт оказанных услуг (act of services rendered), PDF.

Title with number and date; the executor (Исполнитель) and the customer
(Заказчик) with ИНН/КПП and addresses; the contract; the lines (service,
period, quantity, unit, price, amount); totals with VAT per the company's
mode; the total in words; the customary sentence that the services were
rendered in full; signature blocks for both parties (the customer's signer is
left blank: the register does not know who signs for the client).

Made by the run of month M for M−1, for every client whose charges in M−1 sum
to a positive amount; one line per service — unless the document set is «упд»
(``[documents] set``: the УПД replaces the act). Dated the last day of M−1 or the
run day (``[documents] date``). The tacit-acceptance sentence («считается
согласованным…») is printed only when the settings say the contract has one.
"""

import datetime

from ...pdf import Document, Signature
from ...textfmt import date_ru
from .. import content
from . import DocumentType
from .invoice import body


def title(number, doc_date):
    return 'Акт № %s от %s' % (number, date_ru(doc_date))


def render(data, number):
    """The act PDF (bytes) for stored *data* with *number*."""
    doc_date = datetime.date.fromisoformat(data['date'])
    s = data['supplier']
    doc = Document('Акт оказанных услуг № %s' % number, author=s['name'])
    doc.heading(title(number, doc_date), size=13)
    doc.paragraph('об оказании услуг связи за %s' % content.month_text(data['period']), space_after=1)
    doc.rule()
    body(doc, data, content.vat_obj(data), ('Исполнитель:', 'Заказчик:'), 'Всего оказано услуг')
    doc.paragraph('Вышеперечисленные услуги оказаны полностью и в срок. Заказчик претензий по объёму, '
                  'качеству и срокам оказания услуг не имеет.', space_after=0)
    if data.get('acceptance'):
        doc.paragraph('Если в течение %d дней с даты получения акта Заказчик не направит Исполнителю '
                      'подписанный акт или мотивированный отказ от его подписания, акт считается '
                      'согласованным, а услуги — принятыми Заказчиком в полном объёме.' % data['acceptance'],
                      size=doc.base_size - 1, space_after=0)
    doc.rule(width=0.3, space=0)
    # the customer's signer is not known to the register: a blank position line for them to fill in
    doc.signatures([Signature(s['director_title'] or 'Руководитель', s['director'], 'Исполнитель'),
                    Signature('______________________________ (должность)', '', 'Заказчик')])
    return doc.to_bytes()


def make(settings, client, charges, when, period_key):
    """The act's data for *period_key*, or ``None`` when nothing positive was charged (or the УПД
    replaces the act)."""
    if settings.documents.set == 'упд':
        return None
    services = content.services_of(charges, period_key, client)
    if sum(services.values(), content.ZERO) <= 0:
        return None
    data = content.base('act', settings, client, content.closing_date(settings, period_key, when), period_key)
    data['lines'] = content.lines(services, period_key)
    return content.with_totals(data, settings.vat)


TYPE = DocumentType(
    code='act', title='Акт оказанных услуг', file_title='Акт', plural='актов', order=1,
    period=content.previous_month_of, period_text=content.month_text, heading=title, render=render,
    build=lambda case, client, period: make(case.settings, client, case.charges(client.code), case.when, period))
