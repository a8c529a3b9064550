"""«Потенциал и штат»: households → legal entities → potential → monthly plan →
sales and support managers → personal plans per manager (territory weights) with
connections, revenue, calls and meetings a day (SPEC 4.1)."""

from addin.model.rounding import round_half_up

from .. import data_files
from ..xlsx_writer import Book, Expr, dec

FILE_NAME = 'Потенциал и штат.xlsx'
SHEET = 'Потенциал и штат'

_SAMPLE = data_files.load('workbook_samples')['potential']     # jobs/data/workbook_samples.toml
#: (label, value, style, validation, defined name, hint)
INPUTS = tuple(map(tuple, _SAMPLE['inputs']))
#: Sample sales managers: name, territory, weight. Extra rows stay empty (weight 0).
MANAGERS = tuple(map(tuple, _SAMPLE['managers']))
MANAGER_ROWS = 8

#: Support managers are planned for the clients after the potential is taken
#: (today's clients + potential); `b2bkit demo` prints them under the same words.
CLIENTS_AFTER_LABEL = 'Клиентов-юрлиц после выбора потенциала'
SUPPORT_LABEL = 'Менеджеров сопровождения'


def build_potential(path):
    """Build «Потенциал и штат.xlsx» at *path*."""
    book = Book(path, 'Потенциал и штат', 'Потенциал подключений юрлиц и штат отдела продаж')
    s = book.sheet(SHEET)
    s.widths([44, 20, 20, 18, 20, 14, 14, 4, 30, 16])
    s.text('A1', 'Потенциал подключений юрлиц и штат отдела продаж', 'title')
    s.legend(1)
    s.text('A4', 'Исходные данные', 'subtitle')
    n = {}
    row = 4
    for label, value, style, check, name, hint in INPUTS:
        n[name] = s.input_row(row, label, value, style, check, hint, name=name)
        row += 1

    row += 1
    s.text((row, 0), 'Расчёт', 'subtitle')
    row += 1
    results = {}

    def result(label, function, args, style, name, hint):
        nonlocal row
        s.text((row, 0), label, 'label')
        results[name] = s.udf((row, 1), function, args, style, name=name)
        s.text((row, 2), hint, 'hint')
        row += 1

    result('Юрлиц в зоне покрытия', 'B2B_LEGAL_ENTITIES', [n['Квартир'], n['Юрлиц_на_20000']],
           'out_int', 'Юрлиц', 'B2B_LEGAL_ENTITIES')
    result('Дополнительный потенциал, подключений', 'B2B_POTENTIAL',
           [results['Юрлиц'], n['Наших_клиентов'], n['Конкурентов'], n['Доля_досягаемых'],
            n['Сила_предложения']], 'out_int', 'Потенциал', 'B2B_POTENTIAL')
    result('План подключений в месяц', 'B2B_MONTHLY_PLAN', [results['Потенциал'], n['Месяцев']],
           'out_int', 'План_в_месяц', 'B2B_MONTHLY_PLAN')
    result('Менеджеров по продажам', 'B2B_MANAGERS',
           [results['План_в_месяц'], n['Звонков_в_день'], n['Встреч_в_день'], n['Звонок_встреча'],
            n['Встреча_договор'], n['Рабочих_дней'], n['Доля_продаж']], 'out_int', 'Менеджеров',
           'B2B_MANAGERS: воронка звонки → встречи → договоры')
    s.text((row, 0), CLIENTS_AFTER_LABEL, 'label')
    clients = dec(n['Наших_клиентов'].value()) + dec(results['Потенциал'].value())
    results['Клиентов_после'] = s.calc((row, 1), '=Наших_клиентов+Потенциал', clients, 'out_int',
                                       name='Клиентов_после')
    s.text((row, 2), 'уже наши + потенциал', 'hint')
    row += 1
    # The planning figure: support for the client base the sales plan leads to,
    # not for today's clients (the demo prints the same figure under the same label).
    result(SUPPORT_LABEL, 'B2B_SUPPORT_MANAGERS',
           [results['Клиентов_после'], n['Клиентов_на_менеджера']], 'out_int', 'Менеджеров_сопровождения',
           'B2B_SUPPORT_MANAGERS на клиентов после выбора потенциала')
    s.text((row, 0), 'Прирост абонплаты за месяц плана, руб.', 'label')
    growth = dec(results['План_в_месяц'].value()) * dec(n['Средний_платёж'].value())
    s.calc((row, 1), '=План_в_месяц*Средний_платёж', growth, 'out_money')
    s.text((row, 2), 'план в месяц × ARPU', 'hint')
    row += 2

    # Personal plans: one row per manager, weights by territory.
    s.text((row, 0), 'Личные планы менеджеров по продажам', 'subtitle')
    row += 1
    s.text((row, 0), 'Заполните строку на каждого менеджера (нужно — см. «Менеджеров по продажам»); '
                     'пустой вес = 0. План делится по весам территорий целыми числами.', 'hint')
    row += 1
    header = row
    s.headers(header, 0, ['Менеджер', 'Территория', 'Вес территории', 'План подключений в месяц',
                          'Прирост абонплаты в месяц, руб.', 'Встреч в день', 'Звонков в день'], height=32)
    first = header + 1
    last = first + MANAGER_ROWS - 1
    for i in range(MANAGER_ROWS):
        name, territory, weight = MANAGERS[i] if i < len(MANAGERS) else (None, None, None)
        s.input((first + i, 0), name, 'in_text')
        s.input((first + i, 1), territory, 'in_text')
        s.input((first + i, 2), weight, 'in_coef')
    weights = s.ref((first, 2), (last, 2))
    s.validate(weights, 'number', 'Больше вес — больше план (размер территории, опыт). Пусто — 0.',
               'Вес территории')
    # One ordinary formula per manager, its row's position by ROWS($C$first:Cr) (stays right
    # when rows are inserted or copied): without the add-in each keeps its saved value.
    anchor = weights.cell().a1(absolute=True)
    for i in range(MANAGER_ROWS):
        position = Expr('ROWS(%s:%s)' % (anchor, weights.cell(i).a1()), i + 1)
        s.udf((first + i, 3), 'B2B_PERSONAL_PLAN', [results['План_в_месяц'], weights, position],
              'out_int', blank_if=weights.cell(i))
    plans = s.ref((first, 3), (last, 3))
    days_selling = dec(n['Рабочих_дней'].value()) * dec(n['Доля_продаж'].value())
    m2c, c2m = dec(n['Встреча_договор'].value()), dec(n['Звонок_встреча'].value())
    for i in range(MANAGER_ROWS):
        r = first + i
        plan_cell = plans.cell(i).text(s)
        # A row without a weight is empty, not «0» (nor a «0» bar in the chart).
        empty = weights.cell(i).value() in (None, '')
        plan = dec(plans.cell(i).value())

        def unless_empty(formula, value):
            return ('=IF(ISBLANK(%s),"",%s)' % (weights.cell(i).text(s), formula),
                    '' if empty else value)
        s.calc((r, 4), *unless_empty('%s*Средний_платёж' % plan_cell,
                                     plan * dec(n['Средний_платёж'].value())), 'out_money')
        s.calc((r, 5), *unless_empty('ROUND(%s/Встреча_договор/(Рабочих_дней*Доля_продаж),1)' % plan_cell,
                                     round_half_up(plan / m2c / days_selling, 1)), 'out_dec1')
        s.calc((r, 6), *unless_empty('ROUND(%s/Встреча_договор/Звонок_встреча/(Рабочих_дней*Доля_продаж),1)'
                                     % plan_cell, round_half_up(plan / m2c / c2m / days_selling, 1)),
               'out_dec1')
    total = last + 1
    s.text((total, 0), 'Итого', 'total_label')
    s.sum((total, 3), plans, 'total_int')
    s.sum((total, 4), s.ref((first, 4), (last, 4)), 'total_money')
    s.ws.freeze_panes(4, 1)
    s.print_wide()          # inputs, plans and charts on one page width

    # The picture: the market and the plan per manager.
    s.text('I4', 'Для диаграммы', 'subtitle')
    market = (('Юрлиц в зоне покрытия', 'Юрлиц'), ('Уже наши клиенты', 'Наших_клиентов'),
              ('Дополнительный потенциал', 'Потенциал'))
    for i, (label, name) in enumerate(market):
        s.text((4 + i, 8), label, 'label')
        s.calc((4 + i, 9), '=' + name, dec(book.names[name].value()), 'out_int')
    chart = book.wb.add_chart({'type': 'column'})
    chart.add_series({
        'name': 'Юрлиц',
        'categories': "='%s'!$I$5:$I$7" % SHEET, 'values': "='%s'!$J$5:$J$7" % SHEET,
        'data_labels': {'value': True}, 'fill': {'color': '#4472C4'},
    })
    chart.set_title({'name': 'Рынок юрлиц в зоне покрытия'})
    chart.set_legend({'none': True})
    chart.set_y_axis({'num_format': '#,##0', 'major_gridlines': {'visible': True}, 'min': 0})
    s.ws.insert_chart('I10', chart, {'x_scale': 1.1, 'y_scale': 1.0})

    chart2 = book.wb.add_chart({'type': 'bar'})
    chart2.add_series({
        'name': 'План подключений в месяц',
        'categories': "='%s'!%s" % (SHEET, s.ref((first, 0), (last, 0)).a1(True)),
        'values': "='%s'!%s" % (SHEET, plans.a1(True)),
        'data_labels': {'value': True}, 'fill': {'color': '#70AD47'},
    })
    chart2.set_title({'name': 'Личные планы менеджеров, подключений в месяц'})
    chart2.set_legend({'none': True})
    chart2.set_y_axis({'reverse': True})
    chart2.set_x_axis({'min': 0})
    s.ws.insert_chart('I26', chart2, {'x_scale': 1.1, 'y_scale': 1.0})
    book.close()
    return path
