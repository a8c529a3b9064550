"""The счёт-фактура form (ПП РФ от 26.12.2011 № 1137, приложение 1) and the УПД built on it, PDF.

Landscape A4, as the ФНС recommends the УПД (letter of 21.10.2013 № ММВ-20-3/96@):
the form of the счёт-фактура — lines 1–8 (number and date, исправление, продавец
and покупатель with address and ИНН/КПП, грузоотправитель / грузополучатель,
the payment document, the shipment document, the currency, the contract id) and
the table with its columns 1–11 (код вида товара, единица по ОКЕИ, количество,
цена, стоимость без налога, акциз, ставка, сумма налога, стоимость с налогом,
страна, декларация), «Всего к оплате», the amount in words and the signatures —
and, for the УПД, the status box on the left and the transfer part under it
(lines 8–19: основание, передал / получил with position and surname, dates,
ответственный, составитель).

One renderer for three documents (*kind* in the stored data's ``type``):
``upd`` (status 1 — счёт-фактура and передаточный документ; 2 — передаточный
документ only), ``vat_invoice`` (the счёт-фактура to an act) and
``advance_invoice`` (the счёт-фактура on a prepayment: no unit, quantity or cost
without tax, the rate 22/122).
"""

import datetime
from decimal import Decimal

from ..pdf import Document
from ..textfmt import MONTHS_GENITIVE, date_ru
from . import amounts, content

DASH = '—'
FORM_NOTE = ('Приложение № 1 к постановлению Правительства Российской Федерации от 26 декабря 2011 г. № 1137 '
             '(в действующей редакции)')

#: (title, width mm or None, alignment, УПД column number, счёт-фактура column number)
COLUMNS = (
    ('№ п/п', 7, 'C', 'А', '1'),
    ('Код товара/ работ, услуг', 13, 'C', 'Б', ''),
    ('Наименование товара (описание выполненных работ, оказанных услуг), имущественного права', None, 'L',
     '1', '1а'),
    ('Код вида товара', 11, 'C', '1а', '1б'),
    ('Единица измерения: код', 11, 'C', '2', '2'),
    ('условное обозначение (национальное)', 14, 'C', '2а', '2а'),
    ('Количество (объём)', 13, 'R', '3', '3'),
    ('Цена (тариф) за единицу измерения', 19, 'R', '4', '4'),
    ('Стоимость товаров (работ, услуг), имущественных прав без налога — всего', 22, 'R', '5', '5'),
    ('В том числе сумма акциза', 13, 'C', '6', '6'),
    ('Налоговая ставка', 13, 'C', '7', '7'),
    ('Сумма налога, предъявляемая покупателю', 19, 'R', '8', '8'),
    ('Стоимость товаров (работ, услуг), имущественных прав с налогом — всего', 22, 'R', '9', '9'),
    ('Страна происхождения: цифровой код', 12, 'C', '10', '10'),
    ('краткое наименование', 13, 'C', '10а', '10а'),
    ('Регистрационный номер декларации на товары или партии товара', 17, 'C', '11', '11'),
)

STATUS_TEXT = ('1 — счет-фактура и передаточный документ (акт)', '2 — передаточный документ (акт)')


def m(value):
    return amounts.money_text(Decimal(value))


def long_date(value):
    """«31» октября 2026 г."""
    return '«%02d» %s %d г.' % (value.day, MONTHS_GENITIVE[value.month - 1], value.year)


def title(kind, number, doc_date, correction=None):
    """«Счет-фактура № 5 от 31.10.2026» (with «, исправление № 1 от …» for a correction)."""
    text = 'Счет-фактура № %s от %s' % (number, date_ru(doc_date))
    if kind == 'upd' and correction is None:
        text = 'УПД № %s от %s' % (number, date_ru(doc_date))
    if correction:
        text += ', исправление № %s от %s' % (correction['number'],
                                               date_ru(datetime.date.fromisoformat(correction['date'])))
    return text


def inn_kpp(p):
    return '%s/%s' % (p['inn'], p['kpp']) if p.get('kpp') else p['inn']


def render(data, number):
    """The PDF (bytes) of a stored УПД / счёт-фактура / advance счёт-фактура *data* with *number*."""
    kind = data['type']
    upd = kind == 'upd'
    doc_date = datetime.date.fromisoformat(data['date'])
    s, b = data['supplier'], data['buyer']
    correction = data.get('correction')
    doc = Document(title(kind, number, doc_date, correction), author=s['name'], margins=(8, 8, 8), font_size=7,
                   orientation='L')
    doc.set_auto_page_break(True, 8)
    x0, y0 = doc.l_margin, doc.get_y()
    left = 36 if upd else 0
    doc.set_font('dejavu', '', 5.5)
    doc.text_at(doc.w - doc.r_margin - 95, y0, 95, doc.wrap(FORM_NOTE, 95, 5.5), 2.4, 5.5)
    if upd:
        _status_box(doc, x0, y0, left, data.get('status', 1))
    x = x0 + left + (2 if upd else 0)
    y = y0 + 6
    # line 1 and 1а: the number and date, the correction
    doc.set_font('dejavu', 'B', 9)
    doc.put(x, y, 120, 4.5, 'Счет-фактура № %s от %s' % (number, date_ru(doc_date)))
    doc.set_font('dejavu', '', 6)
    doc.put(x + 150, y, 10, 4.5, '(1)')
    y += 4.5
    fix = ('№ %s от %s' % (correction['number'], date_ru(datetime.date.fromisoformat(correction['date'])))
           if correction else '№ %s от %s' % (DASH, DASH))
    doc.set_font('dejavu', '', 7.5)
    doc.put(x, y, 120, 4, 'Исправление %s' % fix)
    doc.set_font('dejavu', '', 6)
    doc.put(x + 150, y, 10, 4, '(1а)')
    y += 5
    payments = data.get('payments') or []
    payment_text = ', '.join('№ %s от %s' % (p['number'] or DASH, date_ru(datetime.date.fromisoformat(p['date'])))
                             for p in payments) or '№ %s от %s' % (DASH, DASH)
    ship = data.get('shipment')
    ship_text = ('№ п/п 1–%d № %s от %s' % (len(data['lines']), ship['number'],
                                            date_ru(datetime.date.fromisoformat(ship['date'])))
                 if ship else DASH)
    if upd and not ship:
        ship_text = '№ п/п 1–%d № %s от %s' % (len(data['lines']), number, date_ru(doc_date))
    rows = [
        ('Продавец:', s['name'], '(2)'),
        ('Адрес:', s['address'], '(2а)'),
        ('ИНН/КПП продавца:', inn_kpp(s), '(2б)'),
        ('Грузоотправитель и его адрес:', DASH, '(3)'),
        ('Грузополучатель и его адрес:', DASH, '(4)'),
        ('К платежно-расчетному документу', payment_text, '(5)'),
        ('Документ об отгрузке', ship_text if kind != 'advance_invoice' else DASH, '(5а)'),
        ('Покупатель:', b['name'], '(6)'),
        ('Адрес:', b['address'] or DASH, '(6а)'),
        ('ИНН/КПП покупателя:', inn_kpp(b), '(6б)'),
        ('Валюта: наименование, код', 'Российский рубль, 643', '(7)'),
        ('Идентификатор государственного контракта, договора (соглашения) (при наличии):', DASH, '(8)'),
    ]
    label_w = 62
    value_w = 150 - label_w
    for label, value, ref in rows:
        lines = doc.wrap(value, value_w, 7)
        doc.text_at(x, y, label_w, [label] if len(label) < 45 else doc.wrap(label, label_w, 7), 3.1, 7)
        doc.text_at(x + label_w, y, value_w, lines, 3.1, 7)
        h = max(len(lines), 1 if len(label) < 45 else len(doc.wrap(label, label_w, 7))) * 3.1
        doc.set_line_width(0.1)
        doc.line(x + label_w, y + h - 0.2, x + 148, y + h - 0.2)
        doc.set_font('dejavu', '', 6)
        doc.put(x + 150, y, 10, 3.1, ref)
        y += h + 0.3
    if upd:
        doc.set_line_width(0.3)
        doc.line(x0 + left, y0, x0 + left, y)
    doc.set_xy(doc.l_margin, y + 1.5)
    _table(doc, data, upd)
    _total_in_words(doc, data)
    _signatures(doc, data, upd, left)
    if upd:
        _transfer(doc, data, doc_date)
    return doc.to_bytes()


def _status_box(doc, x, y, width, status):
    doc.set_font('dejavu', 'B', 8)
    doc.text_at(x, y + 6, width, doc.wrap('Универсальный передаточный документ', width, 8, True), 3.5, 8, bold=True)
    doc.set_font('dejavu', '', 7)
    doc.text_at(x, y + 19, 14, ['Статус:'], 3.5, 7)
    doc.set_line_width(0.3)
    doc.rect(x + 14, y + 18.5, 8, 5)
    doc.set_font('dejavu', 'B', 9)
    doc.put(x + 14, y + 18.5, 8, 5, str(status), 'C')
    doc.text_at(x, y + 26, width, doc.wrap(STATUS_TEXT[0], width, 6) + doc.wrap(STATUS_TEXT[1], width, 6), 2.8, 6)


def _widths(doc):
    fixed = sum(c[1] for c in COLUMNS if c[1])
    return [c[1] or doc.content_width - fixed for c in COLUMNS]


def _row(doc, cells, widths, aligns, size, bold=False, fill=False, min_h=0):
    lines = [doc.wrap(t, w, size, bold) for t, w in zip(cells, widths)]
    line_h = size * 0.42
    height = max(max(len(x) for x in lines) * line_h + 1.2, min_h)
    doc.ensure_room(height)
    x, y = doc.l_margin, doc.get_y()
    doc.set_line_width(0.15)
    if fill:
        doc.set_fill_color(240, 240, 240)
    doc.set_font('dejavu', 'B' if bold else '', size)
    for cell, w, align in zip(lines, widths, aligns):
        doc.rect(x, y, w, height, style='DF' if fill else 'D')
        top = y + (height - len(cell) * line_h) / 2
        for n, text in enumerate(cell):
            doc.put(x, top + n * line_h, w, line_h, text, align)
        x += w
    doc.set_xy(doc.l_margin, y + height)


def _table(doc, data, upd):
    widths = _widths(doc)
    header = [c[0] for c in COLUMNS]
    numbers = [c[3] if upd else c[4] for c in COLUMNS]
    if not upd:      # the счёт-фактура has no «Код товара» column: merge it into «№ п/п»
        widths = [widths[0] + widths[1]] + widths[2:]
        header = header[:1] + header[2:]
        numbers = numbers[:1] + numbers[2:]
    center = ['C'] * len(header)
    _row(doc, header, widths, center, 5, fill=True)
    _row(doc, numbers, widths, center, 5, fill=True)
    advance = data['type'] == 'advance_invoice'
    aligns = [c[2] for c in COLUMNS]
    if not upd:
        aligns = aligns[:1] + aligns[2:]
    for i, line in enumerate(data['lines'], 1):
        if advance:
            unit = [DASH, DASH, DASH, DASH, DASH]
        else:
            unit = [DASH, line['okei'], line['unit'], line['quantity'], m(line['price'])]
        rate = line['rate']
        vat = m(line['vat']) if rate != 'без НДС' else 'без НДС'
        net = DASH if advance else m(line['net'])
        cells = ([str(i), DASH] if upd else [str(i)]) + [line['name']] + unit + [net, 'без акциза', rate, vat,
                                                                               m(line['amount']), DASH, DASH, DASH]
        _row(doc, cells, widths, aligns, 6.5)
    # «Всего к оплате»: columns 5, 8, 9 (6 and 7 crossed out)
    span = sum(widths[:8 if upd else 7])
    rest = widths[8 if upd else 7:]
    total_vat = m(data['vat_total']) if data['lines'] and data['lines'][0]['rate'] != 'без НДС' else 'без НДС'
    cells = ['Всего к оплате (9)', DASH if advance else m(data['net_total']), 'X', 'X', total_vat,
             m(data['total']), '', '', '']
    _row(doc, cells, [span] + rest, ['L', 'R', 'C', 'C', 'R', 'R', 'C', 'C', 'C'], 6.5, bold=True)
    doc.ln(1)


def _total_in_words(doc, data):
    total = Decimal(data['total'])
    text = 'Всего к оплате: %s руб. (%s)' % (m(total), amounts.amount_in_words(total))
    if data['lines'] and data['lines'][0]['rate'] != 'без НДС':
        text += ', в том числе НДС %s руб.' % m(data['vat_total'])
    else:
        text += ', без налога (НДС)'
    doc.paragraph(text, size=7, bold=True, space_after=1)


def _sign_line(doc, x, y, caption, name, width):
    """«caption ________ name» with «(подпись)» and «(ф. и. о.)» under the lines."""
    cap_lines = doc.wrap(caption, 48, 6.5)
    doc.text_at(x, y, 48, cap_lines, 2.8, 6.5)
    ly = y + max(len(cap_lines), 1) * 2.8
    doc.set_line_width(0.15)
    doc.line(x + 50, ly, x + 74, ly)
    doc.line(x + 77, ly, x + width - 2, ly)
    doc.set_font('dejavu', '', 7)
    doc.put(x + 77, ly - 3.4, width - 79, 3.4, name, 'C')
    doc.set_font('dejavu', '', 5)
    doc.put(x + 50, ly, 24, 2.4, '(подпись)', 'C')
    doc.put(x + 77, ly, width - 79, 2.4, '(ф. и. о.)', 'C')
    return ly + 3


def _signatures(doc, data, upd, left):
    s = data['supplier']
    doc.ensure_room(16)
    y = doc.get_y() + 1
    x = doc.l_margin
    half = doc.content_width / 2
    if upd:
        doc.set_font('dejavu', '', 6)
        doc.text_at(x, y, left, doc.wrap('Документ составлен на 1 листе', left, 6), 2.6, 6)
        x += left + 2
        half = (doc.content_width - left - 2) / 2
    bottom = _sign_line(doc, x, y, 'Руководитель организации или иное уполномоченное лицо', s['director'], half)
    bottom = max(bottom, _sign_line(doc, x + half, y, 'Главный бухгалтер или иное уполномоченное лицо',
                                    s['accountant'], half))
    doc.set_line_width(0.3)
    doc.line(doc.l_margin, bottom + 1, doc.w - doc.r_margin, bottom + 1)
    doc.set_xy(doc.l_margin, bottom + 2)


def _transfer(doc, data, doc_date):
    """The transfer part of the УПД (lines 8–19)."""
    s, b = data['supplier'], data['buyer']
    basis = content.contract_text(data) or 'Без документа-основания'
    doc.ensure_room(46)
    x, y = doc.l_margin, doc.get_y()
    full = doc.content_width
    half = full / 2

    def line(xx, yy, width, label, value, ref, size=6.5):
        lines = doc.wrap('%s %s' % (label, value) if value else label, width - 8, size)
        doc.text_at(xx, yy, width - 8, lines, 2.8, size)
        doc.set_font('dejavu', '', 5.5)
        doc.put(xx + width - 8, yy, 8, 2.8, ref, 'C')
        return yy + len(lines) * 2.8 + 0.6

    y = line(x, y, full, 'Основание передачи (сдачи) / получения (приемки):', basis, '[8]')
    y = line(x, y, full, 'Данные о транспортировке и грузе:', DASH, '[9]')
    top = y
    yl = line(x, y, half, 'Товар (груз) передал / услуги, результаты работ, права сдал', '', '[10]')
    yl = _sign_line(doc, x, yl, s['director_title'] or 'Руководитель', s['director'], half - 8)
    yr = line(x + half, y, half, 'Товар (груз) получил / услуги, результаты работ, права принял', '', '[15]')
    yr = _sign_line(doc, x + half, yr, '______________ (должность)', '', half - 8)
    y = max(yl, yr) + 0.5
    yl = line(x, y, half, 'Дата отгрузки, передачи (сдачи)', long_date(doc_date), '[11]')
    yr = line(x + half, y, half, 'Дата получения (приемки)', '«___» ____________ 20__ г.', '[16]')
    y = max(yl, yr)
    period = content.month_text(data['period']) if '-Q' not in data['period'] else data['period']
    yl = line(x, y, half, 'Иные сведения об отгрузке, передаче:', 'услуги связи за %s оказаны в полном объёме'
              % period, '[12]')
    yr = line(x + half, y, half, 'Иные сведения о получении, приемке:', DASH, '[17]')
    y = max(yl, yr)
    yl = line(x, y, half, 'Ответственный за правильность оформления факта хозяйственной жизни', '', '[13]')
    yl = _sign_line(doc, x, yl, s['director_title'] or 'Руководитель', s['director'], half - 8)
    yr = line(x + half, y, half, 'Ответственный за правильность оформления факта хозяйственной жизни', '', '[18]')
    yr = _sign_line(doc, x + half, yr, '______________ (должность)', '', half - 8)
    y = max(yl, yr) + 0.5
    yl = line(x, y, half, 'Наименование экономического субъекта — составителя документа (в т. ч. комиссионера / '
              'агента):', '%s, ИНН/КПП %s' % (s['name'], inn_kpp(s)), '[14]')
    yr = line(x + half, y, half, 'Наименование экономического субъекта — составителя документа:',
              '%s, ИНН/КПП %s' % (b['name'], inn_kpp(b)), '[19]')
    y = max(yl, yr)
    doc.set_font('dejavu', '', 6.5)
    doc.put(x, y, 20, 3, 'М. П.')
    doc.put(x + half, y, 20, 3, 'М. П.')
    doc.set_line_width(0.3)
    doc.line(x + half - 1, top, x + half - 1, y)
    doc.set_xy(doc.l_margin, y + 4)
