"""The written suspension warning (предупреждение о приостановлении оказания услуг связи), PDF.

п. 3 ст. 44 ФЗ «О связи»: the operator may suspend the service until the debt is paid after
a *written* notice, and may terminate the contract when the breach is not cured within six
months of the day the client *received* it. An e-mail alone is hard to prove in court, so the
warning also goes as this letter by registered post (or ЭДО): listed with the claims on the
report's sheet «Заказные письма», its sending recorded with ``b2bkit posted``.
"""

import datetime

from .claim_pdfs import dated, debt_table, letter, payment_requisites, signatures
from ..textfmt import date_ru, money


def warning_number(client, as_of):
    return 'У-%s-%s' % (client.code, as_of.strftime('%Y%m%d'))


def write_warning(path, settings, client, account, lines):
    """Write the warning letter PDF for *client* to *path* (folders created, atomically)."""
    d, as_of = settings.dunning, account.as_of
    suspension = as_of + datetime.timedelta(days=d.suspension_days)
    doc = letter(settings, client, 'Предупреждение по договору № %s' % client.contract, 'ПРЕДУПРЕЖДЕНИЕ',
                 'о приостановлении оказания услуг связи по договору № %s%s' % (client.contract, dated(client)),
                 'Исх. № %s от %s' % (warning_number(client, as_of), date_ru(as_of)))
    doc.paragraph('На %s по договору № %s%s у %s просрочена оплата услуг связи: задолженность %s, просрочка — '
                  '%d дн.' % (date_ru(as_of), client.contract, dated(client), client.name,
                              money(account.overdue_debt), account.days_overdue), space_after=3)
    doc.paragraph('Расчёт задолженности:', bold=True)
    debt_table(doc, lines, as_of, account.overdue_debt)
    doc.ln(2)
    doc.paragraph(
        'В соответствии с пунктом 3 статьи 44 Федерального закона от 07.07.2003 № 126-ФЗ «О связи», положениями '
        '%s и условиями договора уведомляем: если задолженность не будет погашена, оказание услуг связи будет '
        'приостановлено с %s до её полного погашения.' % (settings.rules_of(client.service), date_ru(suspension)),
        space_after=3)
    doc.paragraph(
        'После поступления оплаты на наш расчётный счёт оказание услуг возобновляется %s. Если нарушение не '
        'будет устранено в течение шести месяцев со дня получения настоящего предупреждения, оператор вправе '
        'расторгнуть договор в одностороннем порядке (п. 3 ст. 44 ФЗ «О связи»).'
        % ('не позднее %d-го рабочего дня' % d.resume_days if d.resume_days else 'в день поступления оплаты'),
        space_after=3)
    payment_requisites(doc, settings, client)
    signatures(doc, settings)
    doc.save(path)
    return path
