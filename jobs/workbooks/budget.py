"""«Бюджет отдела продаж»: department costs, new clients, ARPU, churn → monthly
cash flow (B2B_CASHFLOW), payback month (B2B_PAYBACK) and a chart of cumulative
cash (SPEC 4.3).

The sample is SPEC 3.6's public check: 200 000 ₽ a month, 10 new clients a month,
ARPU 5 000 ₽, no churn → the department pays back in month 9.
"""

from .. import data_files
from ..xlsx_writer import Book

FILE_NAME = 'Бюджет отдела продаж.xlsx'
SHEET = 'Бюджет'
#: Rows of the cash-flow table and the horizon's starting value; a shorter horizon
#: leaves the rows past it empty.
HORIZON = 36
#: Cash-flow columns after «Месяц»: B2B_CASHFLOW's column heading, style.
FLOW_COLUMNS = (('клиентов', 'out_int'), ('выручка', 'out_money'), ('накоплено', 'out_money'))

_SAMPLE = data_files.load('workbook_samples')['budget']     # jobs/data/workbook_samples.toml
#: The department's costs a month: label, sample rubles, hint.
COSTS = tuple(map(tuple, _SAMPLE['costs']))


def build_budget(path):
    """Build «Бюджет отдела продаж.xlsx» at *path*."""
    book = Book(path, 'Бюджет отдела продаж', 'Денежный поток и окупаемость отдела продаж')
    s = book.sheet(SHEET)
    s.widths([40, 18, 18, 24, 4, 60])
    s.text('A1', 'Бюджет и окупаемость отдела продаж', 'title')
    s.legend(1)
    s.text('A4', 'Расходы отдела в месяц', 'subtitle')
    row = 4
    first = row
    for label, value, hint in COSTS:
        s.input_row(row, label, value, 'in_money', 'money', hint)
        row += 1
    s.text((row, 0), 'Итого расходов в месяц', 'total_label')
    cost = s.sum((row, 1), s.ref((first, 1), (row - 1, 1)), 'total_money', name='Расходы')
    row += 2

    s.text((row, 0), 'Продажи', 'subtitle')
    row += 1
    n = {}
    for label, value, style, check, name, hint in _SAMPLE['inputs']:
        n[name] = s.input_row(row, label, value, style, check, hint, name=name)
        row += 1
    n['Горизонт'] = s.input_row(row, 'Горизонт расчёта, мес.', HORIZON, 'in_int',
                                 dict(validate='integer', criteria='between', minimum=1, maximum=600,
                                      error_message='Введите число месяцев от 1 до 600.'),
                                 'месяцев; в таблице %d строк — для большего горизонта скопируйте '
                                 'последнюю строку вниз' % HORIZON, name='Горизонт')
    row += 2
    args = [cost, n['Новых_в_месяц'], n['Средний_платёж'], n['Отток'], n['Горизонт']]
    s.text((row, 0), 'Окупаемость, месяц', 'subtitle')
    s.udf((row, 1), 'B2B_PAYBACK', args, 'total_int', name='Окупаемость')
    s.text((row, 2), 'первый месяц, когда накопленный поток ≥ 0', 'hint')
    row += 2

    s.text((row, 0), 'Денежный поток по месяцам', 'subtitle')
    row += 1
    header = row
    s.headers(header, 0, ['Месяц', 'Клиентов на конец месяца', 'Выручка, руб.',
                          'Накопленный денежный поток, руб.'], height=48)
    # One ordinary formula per cell (month and column given): without the add-in each
    # cell keeps its saved value, where an array formula would turn into #NAME?.
    first = header + 1
    for i in range(HORIZON):
        r = first + i
        month = s.number((r, 0), i + 1, 'out_int')
        for j, (column, style) in enumerate(FLOW_COLUMNS):
            s.udf((r, 1 + j), 'B2B_CASHFLOW', args + [month, column], style)
    table = s.ref((first, 0), (first + HORIZON - 1, 3))
    s.ws.freeze_panes(header + 1, 0)
    s.print_wide()          # table and chart on one page width, not cut into six pages

    chart = book.wb.add_chart({'type': 'line'})
    chart.add_series({
        'name': 'Накопленный денежный поток',
        'categories': "='%s'!%s" % (SHEET, table.column(0).a1(True)),
        'values': "='%s'!%s" % (SHEET, table.column(3).a1(True)),
        'line': {'color': '#C00000', 'width': 2.25},
        'marker': {'type': 'circle', 'size': 4},
    })
    chart.set_title({'name': 'Накопленный денежный поток отдела продаж'})
    chart.set_x_axis({'name': 'месяц', 'label_position': 'low', 'interval_unit': 3})
    chart.set_y_axis({'name': 'руб.', 'num_format': '#,##0', 'major_gridlines': {'visible': True}})
    chart.set_legend({'none': True})
    chart.set_size({'width': 720, 'height': 360})
    s.ws.insert_chart(header, 5, chart)
    book.close()
    return path
