"""Счёт-фактура to the act (``[documents] set = "акт+сф"``), PDF and ЭДО XML.

The form of ПП РФ № 1137 (:mod:`..upd_pdf`, without the УПД's status box and
transfer part); line 5а names the act of the same month as the shipment
document. Numbered in the one series of счета-фактуры; dated like the act (the
last day of the service month, or the run day).
"""


from ... import state
from ...textfmt import date_ru
from .. import content, edo, upd_pdf
from . import VAT_INVOICE_SERIES, DocumentType


def title(number, doc_date):
    return 'Счёт-фактура № %s от %s' % (number, date_ru(doc_date))


def make(settings, client, charges, when, period_key, act=None):
    """The счёт-фактура's data, or ``None`` (another set, no VAT, nothing positive charged).
    *act*: ``(number, date ISO)`` of the act it accompanies, when recorded."""
    if settings.documents.set != 'акт+сф' or settings.vat.rate is None:
        return None
    services = content.services_of(charges, period_key, client)
    if sum(services.values(), content.ZERO) <= 0:
        return None
    data = content.base('vat_invoice', settings, client, content.closing_date(settings, period_key, when),
                        period_key)
    data['lines'] = content.invoice_lines(services, period_key, content.rate_of(data))
    data['shipment'] = {'title': 'Акт', 'number': str(act[0]), 'date': act[1]} if act else None
    data['formed'] = when.isoformat()
    return content.invoice_totals(data)


def _build(case, client, period):
    acts = state.documents.numbers_of(case.db, 'act', client.code, [period])
    return make(case.settings, client, case.charges(client.code), case.when, period, acts.get(period))


TYPE = DocumentType(
    code='vat_invoice', title='Счёт-фактура', file_title='Счет-фактура', plural='счетов-фактур', order=3,
    period=content.previous_month_of, period_text=content.month_text, heading=title, render=upd_pdf.render,
    build=_build, series=VAT_INVOICE_SERIES, edo=edo.render, vat_invoice=True)
