"""Акт сверки взаимных расчётов (reconciliation statement) for a quarter, PDF.

The usual two-sided form: «По данным <supplier>» (filled: opening balance,
the quarter's services and payments, turnover, closing balance) and «По данным
<buyer>» (left blank for the client's accountant to fill in and sign), and
the closing sentence «задолженность в пользу … составляет …» with the amount in
words. Debit = services we rendered (the client owes), credit = payments.

Made by the runs of January, April, July and October for the quarter just
ended, for every client with an opening balance or any charge or payment in it.
"""

import datetime
from decimal import Decimal

from ... import state
from ...pdf import Column, Document, Signature
from ...textfmt import date_ru
from .. import amounts, content
from . import DocumentType


def title(number, doc_date):
    return 'Акт сверки № %s от %s' % (number, date_ru(doc_date))


def _m(value):
    return amounts.money_text(Decimal(value)) if value not in ('', None) else ''


def _split(balance):
    """A balance as (debit, credit) cells: positive — the client owes (debit)."""
    balance = Decimal(balance)
    if balance > 0:
        return _m(balance), ''
    if balance < 0:
        return '', _m(-balance)
    return '', ''


def render(data, number):
    """The reconciliation statement PDF (bytes) for stored *data* with *number*."""
    doc_date = datetime.date.fromisoformat(data['date'])
    start, end = (datetime.date.fromisoformat(data[k]) for k in ('start', 'end'))
    s, b = data['supplier'], data['buyer']
    doc = Document('Акт сверки № %s' % number, author=s['name'])
    doc.heading(title(number, doc_date), size=13, align='C', space_after=0.5)
    doc.paragraph('взаимных расчётов за %s (с %s по %s)' % (content.quarter_text(data['period']), date_ru(start),
                                                           date_ru(end)), align='C', space_after=0.5)
    doc.paragraph('между %s (ИНН %s%s) и %s (ИНН %s%s)' % (
        s['name'], s['inn'], ', КПП %s' % s['kpp'] if s['kpp'] else '',
        b['name'], b['inn'], ', КПП %s' % b['kpp'] if b['kpp'] else ''), align='C', space_after=0.5)
    basis = content.contract_text(data)
    if basis:
        doc.paragraph('по договору: %s' % basis[0].lower() + basis[1:], align='C', space_after=1)
    doc.paragraph('Мы, нижеподписавшиеся, %s %s (%s) и представитель %s, составили настоящий акт сверки '
                  'о том, что состояние взаимных расчётов по данным учёта следующее:'
                  % ((s['director_title'] or 'руководитель').lower(), s['name'], s['director'], b['name']), size=8)
    half = doc.content_width / 2
    w_date, w_sum = 18, 19
    w_text = half - w_date - 2 * w_sum
    _sides_header(doc, s['name'], b['name'], half)
    columns = [Column('Дата', w_date, 'C'), Column('Документ', w_text), Column('Дебет', w_sum, 'R'),
               Column('Кредит', w_sum, 'R'),
               Column('Дата', w_date, 'C'), Column('Документ', w_text), Column('Дебет', w_sum, 'R'),
               Column('Кредит', w_sum, 'R')]
    opening_d, opening_c = _split(data['opening'])
    closing_d, closing_c = _split(data['closing'])
    rows = [['', 'Сальдо начальное', opening_d, opening_c, '', 'Сальдо начальное', '', '']]
    for r in data['rows']:
        rows.append([date_ru(datetime.date.fromisoformat(r['date'])), r['text'], _m(r['debit']), _m(r['credit']),
                     '', '', '', ''])
    rows.append(['', 'Обороты за период', _m(data['debit_total']), _m(data['credit_total']),
                 '', 'Обороты за период', '', ''])
    rows.append(['', 'Сальдо конечное', closing_d, closing_c, '', 'Сальдо конечное', '', ''])
    doc.table(columns, rows, size=7, bold_rows={0, len(rows) - 2, len(rows) - 1})
    closing = Decimal(data['closing'])
    if closing > 0:
        result = 'задолженность в пользу %s составляет %s руб. (%s)' % (
            s['name'], amounts.money_text(closing), amounts.amount_in_words(closing))
    elif closing < 0:
        result = 'задолженность в пользу %s составляет %s руб. (%s)' % (
            b['name'], amounts.money_text(-closing), amounts.amount_in_words(-closing))
    else:
        result = 'задолженность отсутствует'
    doc.paragraph('По данным %s на %s %s.' % (s['name'], content.long_date(end), result), bold=True)
    if data.get('acceptance'):
        doc.paragraph('Просим в течение %d дней подписать акт и вернуть один экземпляр или сообщить о '
                      'расхождениях; по истечении этого срока акт считается согласованным.'
                      % data['acceptance'], size=8)
    else:
        doc.paragraph('Просим подписать акт и вернуть один экземпляр или сообщить о расхождениях.', size=8)
    doc.signatures([Signature(s['director_title'] or 'Руководитель', s['director'], 'От %s' % s['name']),
                    Signature('______________________________ (должность)', '', 'От %s' % b['name']),
                    Signature('Главный бухгалтер', s['accountant'], ''),
                    Signature('Главный бухгалтер', '', '')], space_before=3)
    return doc.to_bytes()


def _sides_header(doc, ours, theirs, half):
    """The row above the table: «По данным <ours>» | «По данным <theirs>», wrapped in bordered cells."""
    size = doc.base_size - 2
    left = doc.wrap('По данным %s, руб.' % ours, half, size, True)
    right = doc.wrap('По данным %s, руб.' % theirs, half, size, True)
    line_h = size * 0.45
    height = max(len(left), len(right)) * line_h + 1.2
    doc.ensure_room(height + 20)
    x, y = doc.l_margin, doc.get_y()
    doc.set_fill_color(235, 235, 235)
    for i, lines in enumerate((left, right)):
        doc.rect(x + i * half, y, half, height, style='DF')
        doc.text_at(x + i * half, y + 0.6, half, lines, line_h, size, bold=True)
    doc.set_xy(doc.l_margin, y + height)


def make(settings, client, charges, payments, doc_date, year, q, acts=None):
    """The reconciliation statement's data for quarter *q* of *year*, or ``None`` when there is nothing to reconcile.

    Balance convention: positive = the client owes us (our debit). Charges are
    taken by their charge date, one row per month (referring to our act for
    that month when *acts* ``{period: (number, date)}`` has one), payments by
    the date received.
    """
    start, end = content.quarter_bounds(year, q)
    opening = sum((c.amount for c in charges if c.date < start), content.ZERO) \
        - sum((p.amount for p in payments if p.date < start), content.ZERO)
    per_month = {}
    for c in charges:
        if start <= c.date <= end:
            day, total = per_month.get(c.period, (c.date, content.ZERO))
            per_month[c.period] = (max(day, c.date), total + c.amount)
    rows = []
    for period, (day, total) in per_month.items():
        if total == 0:
            continue
        ref = (acts or {}).get(period)
        if ref and len(ref) == 2:
            ref = ('Акт',) + tuple(ref)
        if ref:
            text = '%s № %s от %s (услуги за %s)' % (ref[0], ref[1], date_ru(ref[2]), content.month_text(period))
        else:
            text = 'Услуги за %s' % content.month_text(period)
        rows.append({'date': day.isoformat(), 'text': text, 'debit': str(total) if total > 0 else '',
                     'credit': str(-total) if total < 0 else '', 'order': 0})
    for p in payments:
        if start <= p.date <= end:
            text = 'Оплата' + (' (п/п № %s)' % p.document if p.document else '')
            rows.append({'date': p.date.isoformat(), 'text': text, 'debit': '', 'credit': str(p.amount),
                         'order': 1})
    if not rows and opening == 0:
        return None
    rows.sort(key=lambda r: (r['date'], r['order']))     # a day's services before its payments
    for r in rows:
        del r['order']
    debit = sum((Decimal(r['debit']) for r in rows if r['debit']), content.ZERO)
    credit = sum((Decimal(r['credit']) for r in rows if r['credit']), content.ZERO)
    data = content.base('reconciliation', settings, client, doc_date, content.quarter_key(year, q))
    data.update(start=start.isoformat(), end=end.isoformat(), opening=str(opening), rows=rows,
                debit_total=str(debit), credit_total=str(credit), closing=str(opening + debit - credit))
    return data


def _quarter(settings, when):
    quarter = content.quarter_ended(when.year, when.month)
    return content.quarter_key(*quarter) if quarter else None


def _build(case, client, period):
    year, q = (int(x) for x in period.split('-Q'))
    start = content.quarter_bounds(year, q)[0]
    months = [content.month_key(start.year, start.month + i) for i in range(3)]
    # the closing document of each month: the act, or the УПД that replaces it
    acts = {p: ('УПД', n, datetime.date.fromisoformat(d))
            for p, (n, d) in state.documents.numbers_of(case.db, 'upd', client.code, months).items()}
    acts.update({p: ('Акт', n, datetime.date.fromisoformat(d))
                 for p, (n, d) in state.documents.numbers_of(case.db, 'act', client.code, months).items()})
    return make(case.settings, client, case.charges(client.code), case.payments(client.code), case.when,
                year, q, acts)


TYPE = DocumentType(
    code='reconciliation', title='Акт сверки', file_title='Акт сверки', plural='актов сверки', order=6,
    period=_quarter, period_text=content.quarter_text, heading=title, render=render, build=_build,
    amount=lambda data: Decimal(data['closing']))    # a statement records its closing balance
