"""Счёт-фактура на аванс (advance счёт-фактура): one a month on the net prepayment at month end.

Money received before the service is an advance, and a VAT payer issues a
счёт-фактура on it within 5 days (п. 3 ст. 168 НК РФ). For services rendered
continuously to one client the seller may issue one a month, by the 5th of the
next month, on the advance left at the month's end (letter of the Минфин of
28.04.2022 № 03-07-09/39200) — the kit does that (``[documents] advances``)::

    advance(M) = payments received up to the end of M − charges for the months up to M
    VAT        = ROUND(advance × 22 / 122; 2)       (the calculated rate, п. 4 ст. 164 НК РФ;
                                                     5/105, 7/107 at the УСН rates)

made by the run of month M+1 for M, dated the last day of M (the advance is the
month's), only when the advance is positive; numbered in the one series of
счета-фактуры. Line 5 names the month's payment documents.
"""

from ...textfmt import date_ru
from .. import amounts, content, edo, upd_pdf
from . import VAT_INVOICE_SERIES, DocumentType


def title(number, doc_date):
    return 'Счёт-фактура на аванс № %s от %s' % (number, date_ru(doc_date))


def calculated_rate(rate):
    """«22/122» — the calculated rate of an advance for the general *rate* 0.22."""
    percent = format((rate * 100).normalize(), 'f')
    return '%s/%s' % (percent, format((100 + rate * 100).normalize(), 'f'))


def make(settings, client, charges, payments, when, period_key):
    """The advance счёт-фактура's data for month *period_key*, or ``None`` (see the module docstring)."""
    if settings.vat.rate is None or not settings.documents.advances or settings.documents.set == 'акт':
        return None
    first, last = content.month_bounds(*content.parse_month(period_key))
    paid = sum((p.amount for p in payments if p.date <= last), content.ZERO)
    rendered = sum((c.amount for c in charges if c.period <= period_key), content.ZERO)
    advance = paid - rendered
    if advance <= 0:
        return None
    data = content.base('advance_invoice', settings, client, last, period_key)
    rate = content.rate_of(data)
    vat = amounts.vat_included(advance, rate)
    contract = content.contract_text(data)
    name = 'Предварительная оплата (аванс) за услуги связи%s' % (
        ' по договору № %s' % data['contract']['number'] if data['contract']['number'] else '')
    data['lines'] = [{'name': name, 'period': period_key, 'okei': '', 'unit': '', 'quantity': '', 'price': '',
                      'net': str(advance - vat), 'rate': calculated_rate(rate), 'vat': str(vat),
                      'amount': str(advance)}]
    data['payments'] = [{'number': p.document or '', 'date': p.date.isoformat(), 'amount': str(p.amount)}
                        for p in sorted(payments, key=lambda p: p.date) if first <= p.date <= last]
    data['shipment'] = None
    data['basis'] = contract
    data['formed'] = when.isoformat()
    return content.invoice_totals(data)


TYPE = DocumentType(
    code='advance_invoice', title='Счёт-фактура на аванс', file_title='Счет-фактура на аванс',
    plural='счетов-фактур на аванс', order=4, period=content.previous_month_of, period_text=content.month_text,
    heading=title, render=upd_pdf.render,
    build=lambda case, client, period: make(case.settings, client, case.charges(client.code),
                                            case.payments(client.code), case.when, period),
    series=VAT_INVOICE_SERIES, edo=edo.render, vat_invoice=True)
