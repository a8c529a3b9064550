"""Универсальный передаточный документ (УПД), PDF and ЭДО XML.

Status 1 (счёт-фактура and передаточный документ in one — with VAT) or 2
(передаточный документ only — without VAT), in place of the act (and the
счёт-фактура) when ``[documents] set = "упд"``. The form: :mod:`..upd_pdf`; the XML
of format 5.03: :mod:`..edo`. Status 1 takes its number from the one series of
счета-фактуры (:data:`.VAT_INVOICE_SERIES`); status 2 is no счёт-фактура and has a
series of its own.

Made by the run of month M for M−1 for every client whose charges in M−1 sum to
a positive amount, dated the last day of M−1 (or the run day, ``[documents]
date``), VAT at the rate of that day (by the facts, :func:`..content.vat_rate_on`).
"""


from ...textfmt import date_ru
from .. import content, edo, upd_pdf
from . import VAT_INVOICE_SERIES, DocumentType


def title(number, doc_date):
    return 'УПД № %s от %s' % (number, date_ru(doc_date))


def make(settings, client, charges, when, period_key):
    """The УПД's data for *period_key*, or ``None`` (another set chosen, nothing positive charged)."""
    if settings.documents.set != 'упд':
        return None
    services = content.services_of(charges, period_key, client)
    if sum(services.values(), content.ZERO) <= 0:
        return None
    data = content.base('upd', settings, client, content.closing_date(settings, period_key, when), period_key)
    rate = content.rate_of(data)
    data['status'] = 1 if rate is not None else 2
    data['lines'] = content.invoice_lines(services, period_key, rate)
    data['formed'] = when.isoformat()
    return content.invoice_totals(data)


TYPE = DocumentType(
    code='upd', title='Универсальный передаточный документ', file_title='УПД', plural='УПД', order=2,
    period=content.previous_month_of, period_text=content.month_text, heading=title, render=upd_pdf.render,
    build=lambda case, client, period: make(case.settings, client, case.charges(client.code), case.when, period),
    series=VAT_INVOICE_SERIES, series_for=lambda data: VAT_INVOICE_SERIES if data.get('status', 1) == 1 else 'upd2',
    edo=edo.render, vat_invoice=True)
