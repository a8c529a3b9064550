"""«Должники»: debts with days overdue → aging bucket (B2B_AGING_BUCKET) and dunning
stage (B2B_DUNNING_STAGE); summary by bucket and by stage (COUNTIF / SUMIF) and a
chart of debt by bucket (SPEC 4.4)."""

from decimal import Decimal

from addin.model.aging import BUCKET_LABELS, DEFAULT_STAGES, NO_STAGE

from .. import data_files
from ..xlsx_writer import Book, dec, validation

FILE_NAME = 'Должники.xlsx'
SHEET = 'Должники'
SUMMARY = 'Сводка'

#: code, name, ИНН, manager, debt (rubles), days overdue (``jobs/data/workbook_samples.toml``)
DEBTS = tuple(map(tuple, data_files.load('workbook_samples')['debtors']['debts']))


def build_debtors(path):
    """Build «Должники.xlsx» at *path*."""
    book = Book(path, 'Должники', 'Должники: корзины просрочки и стадии взыскания')
    s = book.sheet(SHEET)
    summary = book.sheet(SUMMARY)
    s.widths([12, 34, 14, 18, 15, 11, 16, 18])
    s.text('A1', 'Должники: просрочка и стадии взыскания', 'title')
    s.legend(1, 1)
    s.text('B3', 'Порог долга, руб.', 'label')
    s.text('D3', 'долг меньше порога не взыскиваем (стадия «нет»)', 'hint')
    min_debt = s.input('C3', 100, 'in_money', 'money', 'Долг ниже порога не взыскивается.',
                       name='Порог_долга', title='Порог долга')
    header = 4
    s.headers(header, 0, ['Код клиента', 'Наименование', 'ИНН', 'Менеджер', 'Долг, руб.',
                          'Дней просрочки', 'Корзина просрочки', 'Стадия взыскания'], height=32)
    first = header + 1
    last = first + len(DEBTS) - 1
    for i, (code, name, inn, manager, debt, days) in enumerate(DEBTS):
        r = first + i
        s.input((r, 0), code, 'in_text')
        s.input((r, 1), name, 'in_text')
        s.input((r, 2), inn, 'in_text')
        s.input((r, 3), manager, 'in_text')
        debt_ref = s.input((r, 4), Decimal(debt), 'in_money')
        days_ref = s.input((r, 5), days, 'in_int')
        s.udf((r, 6), 'B2B_AGING_BUCKET', [days_ref], 'out_text')
        s.udf((r, 7), 'B2B_DUNNING_STAGE', [days_ref, debt_ref, min_debt], 'out_text')
    block = s.ref((first, 0), (last, 0))
    s.validate(block.column(2), validation(None, '10 цифр — организация, 12 — ИП; хранится как текст.',
                                           'ИНН', validate='length', criteria='between',
                                           minimum=10, maximum=12,
                                           error_message='ИНН — 10 или 12 цифр.'))
    s.validate(block.column(4), 'money', 'Просроченный долг, руб.', 'Долг')
    s.validate(block.column(5), validation(None, 'Дней с даты оплаты; 0 и меньше — не просрочено.',
                                           'Дней просрочки', validate='integer', criteria='>=',
                                           value=-36500, error_message='Введите целое число дней.'))
    s.ws.freeze_panes(first, 2)
    s.print_wide()
    s.ws.autofilter(header, 0, last, 7)

    buckets = s.ref((first, 6), (last, 6))
    stages = s.ref((first, 7), (last, 7))
    debts = s.ref((first, 4), (last, 4))
    _summary(summary, book, buckets, stages, debts)
    book.close()
    return path


def _matches(value, label):
    """COUNTIF/SUMIF's text criterion: equal text, case ignored."""
    return isinstance(value, str) and value.lower() == label.lower()


def _countif(criteria_range, label):
    return sum(1 for v in criteria_range.values() if _matches(v, label))


def _sumif(criteria_range, label, sum_range):
    return sum((dec(amount) for v, amount in zip(criteria_range.values(), sum_range.values())
                if _matches(v, label)), Decimal(0))


def _summary_table(s, row, title, labels, criteria, debts):
    s.text((row, 0), title, 'subtitle')
    row += 1
    s.headers(row, 0, ['', 'Должников', 'Долг, руб.'])
    first = row + 1
    for i, label in enumerate(labels):
        r = first + i
        label_ref = s.text((r, 0), label, 'plain_text')
        crit, lab, amt = criteria.text(s, absolute=True), label_ref.text(s), debts.text(s, absolute=True)
        s.calc((r, 1), '=COUNTIF(%s,%s)' % (crit, lab), _countif(criteria, label), 'out_int')
        s.calc((r, 2), '=SUMIF(%s,%s,%s)' % (crit, lab, amt), _sumif(criteria, label, debts), 'out_money')
    last = first + len(labels) - 1
    s.text((last + 1, 0), 'Итого', 'total_label')
    s.sum((last + 1, 1), s.ref((first, 1), (last, 1)), 'total_int')
    s.sum((last + 1, 2), s.ref((first, 2), (last, 2)), 'total_money')
    return first, last


def _summary(s, book, buckets, stages, debts):
    s.widths([22, 12, 18])
    s.text('A1', 'Сводка по должникам', 'title')
    s.text('A2', 'считается по листу «Должники»', 'hint')
    s.ws.freeze_panes(2, 0)
    s.print_wide()
    first, last = _summary_table(s, 3, 'По сроку просрочки', BUCKET_LABELS, buckets, debts)
    stage_labels = [st.name for st in DEFAULT_STAGES] + [NO_STAGE]
    _summary_table(s, last + 3, 'По стадии взыскания', stage_labels, stages, debts)

    chart = book.wb.add_chart({'type': 'column'})
    chart.add_series({
        'name': 'Долг, руб.',
        'categories': "='%s'!%s" % (SUMMARY, s.ref((first, 0), (last, 0)).a1(True)),
        'values': "='%s'!%s" % (SUMMARY, s.ref((first, 2), (last, 2)).a1(True)),
        'fill': {'color': '#C55A11'}, 'data_labels': {'value': True, 'num_format': '#,##0'},
    })
    chart.set_title({'name': 'Долг по срокам просрочки'})
    chart.set_legend({'none': True})
    chart.set_y_axis({'num_format': '#,##0', 'major_gridlines': {'visible': True}, 'min': 0})
    chart.set_size({'width': 640, 'height': 340})
    s.ws.insert_chart('E4', chart)
