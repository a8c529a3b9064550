"""Счёт на оплату (invoice for payment), PDF.

Layout as Russian accountants know it (the 1C form): the bank box with the
supplier's payment requisites (bank, БИК, к/с, р/с, ИНН/КПП, recipient), the
title with number and date, supplier and buyer with ИНН/КПП and addresses,
the contract it is issued under, the lines (service, period, quantity, unit,
price, amount), the totals with VAT per the company's mode, the total in
words, the payment due date and the signatures of the director and the chief
accountant.

Which invoice the run of month M makes — prepayment: for M, from the client's
charges for M when the register already has them, else from the «Абонплата»
(only for clients billed before — a client with no charges at all gets
nothing: the first invoice goes out with the contract — and active in M:
connected by the end of M, not disconnected before M); postpayment: for M−1,
from its charges.
"""

import datetime
from decimal import Decimal

from ...pdf import Column, Document, Signature
from ...textfmt import date_ru
from .. import amounts, content
from . import DocumentType


def title(number, doc_date):
    return 'Счёт на оплату № %s от %s' % (number, date_ru(doc_date))


def render(data, number):
    """The invoice PDF (bytes) for stored *data* with *number*."""
    doc_date = datetime.date.fromisoformat(data['date'])
    s = data['supplier']
    vat = content.vat_obj(data)
    doc = Document(title(number, doc_date), author=s['name'])
    bank = s['bank'] + (', %s' % s['bank_city'] if s.get('bank_city') else '')
    doc.bank_grid(bank, s['bik'], s['corr_account'], s['account'], s['inn'], s['kpp'], s['name'])
    doc.heading(title(number, doc_date), size=13)
    doc.rule()
    body(doc, data, vat, ('Поставщик:', 'Покупатель:'), 'Всего наименований',
         supplier_extra='тел. %s' % s['phone'] if s['phone'] else '')
    due = date_ru(datetime.date.fromisoformat(data['due']))
    purpose = payment_purpose(data, number)
    doc.paragraph('Оплатить не позднее %s. В назначении платежа укажите: «%s».' % (due, purpose), space_after=0)
    if data.get('qr'):
        _qr_block(doc, data, purpose)
    doc.ln(1)
    doc.signatures([Signature(s['director_title'] or 'Руководитель', s['director'], 'Руководитель'),
                    Signature('Главный бухгалтер', s['accountant'], 'Бухгалтер')])
    return doc.to_bytes()


def payment_purpose(data, number):
    """«Оплата по счёту № 5 от 02.11.2026 по договору № 15/2024 от 01.02.2024, в т. ч. НДС (22 %) …»:
    the kit matches a payment by the invoice's number, and by the contract when the number is lost."""
    doc_date = datetime.date.fromisoformat(data['date'])
    contract = data.get('contract') or {}
    by_contract = ''
    if contract.get('number'):
        by_contract = ' по договору № %s' % contract['number']
        if contract.get('date'):
            by_contract += ' от %s' % date_ru(datetime.date.fromisoformat(contract['date']))
    return 'Оплата по счёту № %s от %s%s%s' % (number, date_ru(doc_date), by_contract,
                                             _vat_purpose(data, content.vat_obj(data)))


def qr_payload(data, purpose):
    """The payment QR text of ГОСТ Р 56042-2014: ``ST00012`` (format 0001, UTF-8 = 2), the required
    fields Name, PersonalAcc, BankName, BIC, CorrespAcc, then PayeeINN, KPP, Purpose and Sum in
    kopecks; «|» separates the fields, so it is taken out of the values."""
    s = data['supplier']

    def clean(text):
        return ' '.join(str(text).replace('|', ' ').split())
    kopecks = int((Decimal(data['total']) * 100).to_integral_value())
    fields = [('Name', s['name']), ('PersonalAcc', s['account']), ('BankName', s['bank']), ('BIC', s['bik']),
              ('CorrespAcc', s['corr_account']), ('PayeeINN', s['inn']), ('KPP', s['kpp']),
              ('Purpose', purpose), ('Sum', kopecks)]
    return 'ST00012|' + '|'.join('%s=%s' % (k, clean(v)) for k, v in fields if str(v) != '')


def _qr_block(doc, data, purpose, size=28):
    """The QR code (segno, error correction M) with a caption, left-aligned under the purpose."""
    import io
    import segno
    qr = segno.make(qr_payload(data, purpose), error='m', micro=False)
    buffer = io.BytesIO()
    qr.save(buffer, kind='png', scale=4, border=2)
    buffer.seek(0)
    doc.ensure_room(size + 4)
    y = doc.get_y() + 2
    doc.image(buffer, x=doc.l_margin, y=y, w=size, h=size)
    doc.text_at(doc.l_margin + size + 3, y + size / 2 - 3, doc.content_width - size - 3,
                ['QR-код для оплаты (ГОСТ Р 56042-2014):', 'отсканируйте в приложении банка'], 4, doc.base_size - 1)
    doc.set_xy(doc.l_margin, y + size + 1)


def _vat_purpose(data, vat):
    if vat.rate is None:
        return ', НДС не облагается'
    return ', в т. ч. НДС (%s) %s руб.' % (amounts.vat_rate_text(vat), amounts.money_text(Decimal(data['vat_total'])))


def body(doc, data, vat, labels, count_label, supplier_extra=''):
    """What the invoice and the act share: both parties (*labels*: supplier's, buyer's), the
    contract, the lines with their totals, «<count_label> N, на сумму …» and the total in words."""
    s, b = data['supplier'], data['buyer']
    doc.party(labels[0], s['name'], s['inn'], s['kpp'], s['address'], extra=supplier_extra)
    doc.party(labels[1], b['name'], b['inn'], b['kpp'], b['address'])
    basis = content.contract_text(data)
    if basis:
        doc.key_values([('Основание:', basis)], label_width=28, space_after=1)
    doc.ln(1)
    _lines_table(doc, data, vat)
    total = Decimal(data['total'])
    doc.paragraph('%s %d, на сумму %s руб.' % (count_label, len(data['lines']), amounts.money_text(total)),
                  space_after=0.5)
    doc.paragraph(amounts.amount_in_words(total), bold=True)


def _lines_table(doc, data, vat):
    """The lines table and the totals under it."""
    columns = [Column('№', 8, 'C'), Column('Наименование работ, услуг'), Column('Кол-во', 14, 'R'),
               Column('Ед.', 11, 'C'), Column('Цена, руб.', 24, 'R'), Column('Сумма, руб.', 26, 'R')]
    rows = [[i, line['name'], line['quantity'], line['unit'], amounts.money_text(Decimal(line['price'])),
             amounts.money_text(Decimal(line['amount']))] for i, line in enumerate(data['lines'], 1)]
    doc.table(columns, rows)
    total = Decimal(data['total'])
    vat_amount = '' if vat.rate is None else amounts.money_text(Decimal(data['vat_total']))
    doc.totals([('Итого:', amounts.money_text(total)),
                (amounts.vat_line(vat), vat_amount or '—'),
                ('Всего к оплате:' if data['type'] == 'invoice' else 'Всего:', amounts.money_text(total))],
               value_width=26)


def make(settings, client, charges, doc_date, period_key, due_days):
    """The invoice's data for *period_key*, or ``None`` (the rules: the module docstring)."""
    services = content.services_of(charges, period_key, client)
    basis = 'charges'
    if sum(services.values(), content.ZERO) <= 0:
        if not settings.billing.prepayment or not charges or not client.fee or client.fee <= 0:
            return None
        first, last = content.month_bounds(*content.parse_month(period_key))
        if client.connected and client.connected > last:
            return None
        if client.disconnected and client.disconnected < first:
            return None
        services, basis = {client.service or '': client.fee}, 'fee'
    data = content.base('invoice', settings, client, doc_date, period_key)
    data['lines'] = content.lines(services, period_key, fee=basis == 'fee')
    data['basis'] = basis
    data['due'] = (doc_date + datetime.timedelta(days=due_days)).isoformat()
    data['qr'] = settings.documents.qr
    return content.with_totals(data, settings.vat)


def _period(settings, when):
    if settings.billing.prepayment:
        return content.month_key(when.year, when.month)
    return content.month_key(*content.previous_month(when.year, when.month))


TYPE = DocumentType(
    code='invoice', title='Счёт на оплату', file_title='Счет', plural='счетов', order=5,
    period=_period, period_text=content.month_text, heading=title, render=render,
    build=lambda case, client, period: make(case.settings, client, case.charges(client.code), case.when, period,
                                            case.due_days(client)))
