"""The claim letter (претензия) and the debt calculation (расчёт задолженности), PDF.

The claim: both parties' requisites, the contract, the debt calculation per
charge (period, amount, due date, paid, unpaid, days overdue), the demand to pay
within ``answer_days`` calendar days (АПК РФ ст. 4 ч. 5 — the pre-trial claim
procedure), the payment requisites and a signature block. The calculation is the
same table with the parties, for the court package.

PDF base: the documents' shared :class:`jobs.pdf.Document` (A4, embedded DejaVu,
fixed creation date — identical input gives identical bytes, which the outbox's
attachment hash check relies on).
"""

import datetime
from decimal import Decimal

from addin.model import interest, terms

from ..pdf import Column, Document, Signature
from ..textfmt import date_ru, money

CALC_COLUMNS = (Column('Период', 22), Column('Начислено', 30, 'R'), Column('Срок оплаты', 26, 'C'),
                Column('Оплачено', 30, 'R'), Column('Не оплачено', 30, 'R'), Column('Дней просрочки', None, 'R'))


def dated(client):
    """« от 10.01.2024» after the contract number, or nothing when the register has no date."""
    return ' от %s' % date_ru(client.contract_date) if client.contract_date else ''


def parties(doc, settings, client):
    co = settings.company
    # the legal address first (ЕГРЮЛ: where a letter counts as received, ст. 165.1 ГК), the other one too
    addresses = client.letter_addresses
    doc.party('Кому:', client.name, client.inn, client.kpp, addresses[0] if addresses else '',
              ', '.join(filter(None, ('также: %s' % addresses[1] if len(addresses) > 1 else '',
                                      'ОГРН %s' % client.ogrn if client.ogrn else '',
                                      'e-mail: %s' % ', '.join(client.emails) if client.emails else ''))))
    doc.party('От:', co.name, co.inn, co.kpp, co.address,
              'ОГРН %s, тел. %s, e-mail: %s' % (co.ogrn, co.phone, co.email))
    doc.ln(3)


def letter(settings, client, title, heading, subheading, number=None):
    """A new letter to *client*: both parties, «Исх. № *number*» when given, the centred *heading*
    and *subheading*."""
    doc = Document(title, author=settings.company.name, font_size=10)
    parties(doc, settings, client)
    if number:
        doc.paragraph(number, space_after=3)
    doc.heading(heading, size=14, align='C', space_after=0)
    doc.paragraph(subheading, align='C', space_after=4)
    return doc


def debt_table(doc, lines, as_of, debt):
    rows = [(l.period, money(l.amount), date_ru(l.due), money(l.paid), money(l.unpaid), str(l.days_overdue))
            for l in lines]
    total = sum((l.unpaid for l in lines), Decimal(0))
    rows.append(('Итого', '', '', '', money(total), ''))
    doc.table(CALC_COLUMNS, rows, bold_rows=(len(rows) - 1,))
    doc.paragraph('Расчёт на %s. Оплаты зачтены в погашение начислений в порядке их возникновения (сначала '
                  'более ранние). Просроченная задолженность (срок оплаты наступил): %s.'
                  % (date_ru(as_of), money(debt)), size=doc.base_size - 1)


INTEREST_COLUMNS = (Column('Период', 20), Column('Долг', 26, 'R'), Column('С', 22, 'C'), Column('По', 22, 'C'),
                    Column('Дней', 14, 'R'), Column('Ставка', 18, 'R'), Column('Дней в году', 20, 'R'),
                    Column('Сумма', None, 'R'))


def charge_interest(settings, lines, as_of):
    """``(kind, rows, total)`` of the interest on the unpaid charges to *as_of*.

    *kind* is «проценты по ст. 395 ГК РФ», or «неустойка по договору» when ``[dunning]
    penalty_per_day`` is set (п. 4 ст. 395: never both). Each row: charge period and the
    calculation period (:class:`addin.model.interest.Period`) with its amount. The interest is
    counted on each charge's part still unpaid, from the day after its due date — what was paid
    late earlier is not charged, so the claim never asks for more than is owed.
    """
    per_day = settings.dunning.penalty_per_day
    rows, total = [], Decimal('0.00')
    for l in lines:
        if l.unpaid <= 0 or l.due >= as_of:
            continue
        if per_day:
            days = (as_of - l.due).days
            amount = interest.penalty(l.unpaid, l.due, as_of, per_day)
            rows.append((l.period, interest.Period(l.due + datetime.timedelta(days=1), as_of, days, l.unpaid,
                                                   per_day, None, amount)))
            total += amount
            continue
        for p in interest.periods_395(l.unpaid, l.due, as_of):
            rows.append((l.period, p))
            total += p.amount
    kind = 'неустойка по договору (%s %% в день)' % _percent(per_day) if per_day else 'проценты по ст. 395 ГК РФ'
    return kind, rows, total


def _percent(rate):
    return ('%s' % (Decimal(rate) * 100).normalize()).replace('.', ',')


def _interest_table(doc, kind, rows, total, as_of):
    if not rows:
        return
    doc.paragraph('Расчёт: %s на %s' % (kind, date_ru(as_of)), bold=True)
    out = [(period, money(p.debt), date_ru(p.start), date_ru(p.end), str(p.days), _percent(p.rate) + ' %',
            str(p.year_days) if p.year_days else '—', money(p.amount)) for period, p in rows]
    out.append(('Итого', '', '', '', '', '', '', money(total)))
    doc.table(INTEREST_COLUMNS, out, bold_rows=(len(out) - 1,))
    if rows[0][1].year_days:
        doc.paragraph('По каждому периоду: долг × ключевая ставка Банка России × дней / дней в году, с '
                      'округлением до копейки; с дня, следующего за сроком оплаты, по %s включительно.'
                      % date_ru(as_of), size=doc.base_size - 1)


def signatures(doc, settings):
    co = settings.company
    blocks = [Signature(co.director_title or 'Руководитель', co.director)]
    if co.accountant:
        blocks.append(Signature('Главный бухгалтер', co.accountant))
    doc.signatures(blocks)
    doc.paragraph('М. П.')


def payment_requisites(doc, settings, client):
    """Where to pay: our name, account, bank and the payment purpose naming the contract."""
    co = settings.company
    doc.key_values([
        ('Получатель', '%s, ИНН %s%s' % (co.name, co.inn, ', КПП %s' % co.kpp if co.kpp else '')),
        ('Расчётный счёт', co.account), ('Банк', '%s, БИК %s, к/с %s' % (co.bank, co.bik, co.corr_account)),
        ('Назначение', 'Оплата по договору № %s за услуги связи' % client.contract)], label_width=40)


def claim_number(client, as_of):
    return 'П-%s-%s' % (client.code, as_of.strftime('%Y%m%d'))


def write_claim(path, settings, client, account, lines):
    """Write the claim letter PDF for *client* to *path* (folders created, atomically)."""
    d = settings.dunning
    co = settings.company
    as_of = account.as_of
    doc = letter(settings, client, 'Претензия по договору № %s' % client.contract, 'ПРЕТЕНЗИЯ',
                 'об оплате задолженности по договору № %s%s' % (client.contract, dated(client)),
                 'Исх. № %s от %s' % (claim_number(client, as_of), date_ru(as_of)))
    disconnected = client.disconnected and client.disconnected <= as_of
    doc.paragraph(
        'Между %s (Исполнитель) и %s (Заказчик) заключён %s об оказании услуг связи%s. Исполнитель оказал '
        'услуги в полном объёме; Заказчик обязан оплачивать их %s. Обязательство '
        'по оплате Заказчиком не исполнено: на %s просроченная задолженность составляет %s, просрочка — %d дн.'
        % (co.name, client.name, 'договор № %s%s' % (client.contract, dated(client)),
           ' (оказание услуг прекращено %s)' % date_ru(client.disconnected) if disconnected else '',
           'в срок %d дн. с даты начисления' % account.payment_days if account.pay_by_day is None else
           'до %d-го числа месяца, следующего за расчётным' % account.pay_by_day,
           date_ru(as_of), money(account.overdue_debt), account.days_overdue),
        space_after=3)
    doc.paragraph('Расчёт задолженности:', bold=True)
    debt_table(doc, lines, as_of, account.overdue_debt)
    kind, rows, accrued = charge_interest(settings, lines, as_of)
    _interest_table(doc, kind, rows, accrued, as_of)
    if accrued:
        doc.paragraph('Кроме долга, на %s начислены %s: %s; они начисляются до дня оплаты включительно.'
                      % (date_ru(as_of), kind, money(accrued)), space_after=3)
    doc.ln(2)
    doc.paragraph(
        'На основании статей 309, 310 и 781 Гражданского кодекса РФ требуем в течение %d календарных дней '
        'со дня направления настоящей претензии, то есть по %s включительно, погасить задолженность в сумме %s '
        'и сообщить о принятом решении.' % (
            d.answer_days, date_ru(terms.claim_answer_until(as_of, d.answer_days, settings.calendar.is_working_day)),
            money(account.overdue_debt)), space_after=3)
    doc.paragraph(
        'Претензия направляется в порядке досудебного урегулирования спора (ч. 5 ст. 4 АПК РФ). Если '
        'задолженность не будет погашена в указанный срок, Исполнитель обратится в арбитражный суд с иском о '
        'взыскании долга, процентов за пользование чужими денежными средствами (ст. 395 ГК РФ) и судебных '
        'расходов, в том числе государственной пошлины.', space_after=3)
    payment_requisites(doc, settings, client)
    signatures(doc, settings)
    doc.save(path)
    return path


def write_calculation(path, settings, client, account, lines):
    """Write the debt calculation PDF (for the court package) to *path*."""
    doc = letter(settings, client, 'Расчёт задолженности — %s' % client.name, 'РАСЧЁТ ЗАДОЛЖЕННОСТИ',
                 'по договору № %s%s на %s' % (client.contract, dated(client), date_ru(account.as_of)))
    debt_table(doc, lines, account.as_of, account.overdue_debt)
    kind, rows, accrued = charge_interest(settings, lines, account.as_of)
    _interest_table(doc, kind, rows, accrued, account.as_of)
    if accrued:
        doc.paragraph('Всего к взысканию: долг %s + %s %s = %s.' % (
            money(account.overdue_debt), kind, money(accrued), money(account.overdue_debt + accrued)), bold=True)
    signatures(doc, settings)
    doc.save(path)
    return path
