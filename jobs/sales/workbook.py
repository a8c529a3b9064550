"""The workbooks of active sales: the weekly report, the «оперативка», the territory proposal,
the empty register templates. All written with :class:`jobs.xlsx_writer.Book` (atomic save).

Report sheets: «Сводка» (per manager: week, month, plan, forecast, bonus), «Нормы»
(per day and conversions against the funnel norms, what the plan needs), «Графики»
(the month's funnel, plan vs fact and forecast), «Зависшие сделки», «Отказы»,
«Сегменты», «Договоры месяца» (linked to the client register by ИНН), «Оперативка».
"""

import pandas as pd

from .. import data_files
from ..xlsx_writer import Book
from . import figures as fig
from .sheets import print_wide, table

SUMMARY, NORMS, CHARTS, STUCK, LOST, SEGMENTS, CONTRACTS, DAILY, PROBLEMS = (
    'Сводка', 'Нормы', 'Графики', 'Зависшие сделки', 'Отказы', 'Сегменты', 'Договоры месяца', 'Оперативка',
    'Ошибки')
HEADER_ROW = 4          # 0-based row of every table's header (Excel row 5)
TITLE = {'bold': True, 'font_size': 14, 'font_name': 'Calibri'}
HINT = {'italic': True, 'font_color': '#595959', 'font_name': 'Calibri'}
#: The report's tables: (header, record key, kind, width) per column (``jobs/data/sales_report.toml``).
COLUMNS = {name: [tuple(c) for c in columns] for name, columns in data_files.load('sales_report').items()}


def _records(frame):
    return [dict(manager=name, **row) for name, row in frame.to_dict('index').items()]


def _title(sheet, text, hint):
    sheet.text((0, 0), text, TITLE)
    sheet.text((1, 0), hint, HINT)
    print_wide(sheet)     # printed for the meeting


def write_report(path, f, daily, company, problems=()):
    """The weekly report workbook for figures *f* (:class:`.figures.Figures`) and *daily*;
    *problems* (rows of the registers left out) go to a last sheet «Ошибки»."""
    p = f.period
    book = Book(path, 'Отчет по продажам %s' % p.week, 'Активные продажи юрлицам')
    period_text = 'неделя с %s по %s; месяц с %s; рабочих дней прошло %d из %d' % (
        p.week_start.strftime('%d.%m.%Y'), p.as_of.strftime('%d.%m.%Y'), p.month_start.strftime('%d.%m.%Y'),
        p.working_days_passed, p.working_days_in_month)

    rows = _records(f.managers)
    s = book.sheet(SUMMARY)
    _title(s, '%s — продажи юрлицам на %s' % (company, p.as_of.strftime('%d.%m.%Y')), period_text)
    s.text((2, 0), 'Звонки и встречи — из: %s. Прогноз — подключения месяца при текущем темпе (B2B_PLAN_FORECAST), '
                   'премия — по шкале плана (B2B_BONUS).' % f.calls_source, HINT)
    table(s, HEADER_ROW, COLUMNS['summary'], rows, total_last=True)
    s.ws.freeze_panes(HEADER_ROW + 1, 1)
    s.ws.set_row(HEADER_ROW, 45)

    n = book.sheet(NORMS)
    _title(n, 'Нормы воронки и выполнение', period_text)
    norms = f.norms
    for r in rows:
        r.update(norm_calls=norms['calls_per_day'], norm_meetings=norms['meetings_per_day'],
                 norm_c2m=norms['call_to_meeting'], norm_m2c=norms['meeting_to_contract'])
    n.text((2, 0), 'В строке «Всего» — в среднем на менеджера. Нужно встреч и звонков на план — B2B_FUNNEL_NEED.', HINT)
    table(n, HEADER_ROW, COLUMNS['norms'], rows, total_last=True)
    n.ws.set_row(HEADER_ROW, 45)
    n.ws.freeze_panes(HEADER_ROW + 1, 1)

    _charts(book, f, rows, period_text)

    st = book.sheet(STUCK)
    _title(st, 'Зависшие сделки: нет действий больше %d рабочих дней' % norms['stuck_days'], period_text)
    table(st, HEADER_ROW, COLUMNS['stuck'], f.stuck.to_dict('records'))

    lo = book.sheet(LOST)
    _title(lo, 'Отказы по причинам', period_text)
    table(lo, HEADER_ROW, COLUMNS['lost'], f.lost.to_dict('records'))

    sg = book.sheet(SEGMENTS)
    _title(sg, 'Конверсия по сегментам (все сделки с контактом по %s)' % p.as_of.strftime('%d.%m.%Y'), period_text)
    table(sg, HEADER_ROW, COLUMNS['segments'], f.segments.to_dict('records'), total_last=True)

    co = book.sheet(CONTRACTS)
    _title(co, 'Договоры месяца и клиенты реестра', 'договор связан с клиентом реестра юрлиц по ИНН')
    table(co, HEADER_ROW, COLUMNS['contracts'], f.contracts.to_dict('records'))

    write_daily_sheet(book, daily, company)
    if problems:
        e = book.sheet(PROBLEMS)
        _title(e, 'Строки реестров продаж с ошибками — не учтены в отчёте', 'исправьте их в реестрах; '
               'следующий отчёт учтёт исправленные строки')
        table(e, HEADER_ROW, COLUMNS['problems'],
              [dict(p._asdict(), value='' if p.value is None else _text(p.value)) for p in problems])
    book.close()
    return path


def _text(value):
    from ..registers import values
    return values.text(value)


def _charts(book, f, rows, period_text):
    c = book.sheet(CHARTS)
    _title(c, 'Воронка месяца и план / факт', period_text)
    funnel = f.funnel.to_dict('records')
    end = table(c, HEADER_ROW, COLUMNS['funnel'], funnel)
    wb = book.wb
    chart = wb.add_chart({'type': 'bar'})
    chart.add_series({'name': 'За месяц', 'categories': [CHARTS, HEADER_ROW + 1, 0, end - 1, 0],
                      'values': [CHARTS, HEADER_ROW + 1, 1, end - 1, 1], 'fill': {'color': '#4472C4'},
                      'data_labels': {'value': True}})
    chart.set_title({'name': 'Воронка месяца'})
    chart.set_y_axis({'reverse': True})
    chart.set_legend({'none': True})
    c.ws.insert_chart(HEADER_ROW, 3, chart, {'x_scale': 1.2, 'y_scale': 1.0})

    people = [r for r in rows if r['manager'] != fig.TOTAL]
    start = HEADER_ROW + 18
    c.text((start - 1, 0), 'План и факт подключений по менеджерам', {'bold': True, 'font_name': 'Calibri'})
    end = table(c, start, COLUMNS['plan_fact'], people)
    if people:
        chart = wb.add_chart({'type': 'column'})
        for col, name, color in ((1, 'План', '#A5A5A5'), (2, 'Факт', '#4472C4'), (3, 'Прогноз', '#ED7D31')):
            chart.add_series({'name': name, 'categories': [CHARTS, start + 1, 0, end - 1, 0],
                              'values': [CHARTS, start + 1, col, end - 1, col], 'fill': {'color': color}})
        chart.set_title({'name': 'План и факт подключений за месяц'})
        chart.set_legend({'position': 'bottom'})
        c.ws.insert_chart(start, 5, chart, {'x_scale': 1.3, 'y_scale': 1.0})


def write_daily_sheet(book, daily, company):
    d = book.sheet(DAILY)
    _title(d, 'Оперативка %s — %s' % (daily.day.strftime('%d.%m.%Y'), company),
           'вчера — %s (прошлый рабочий день); план на сегодня — следующие действия воронки с датой %s'
           % (daily.yesterday.strftime('%d.%m.%Y'), daily.day.strftime('%d.%m.%Y')))
    rows = _records(daily.managers)
    end = table(d, HEADER_ROW, COLUMNS['daily'], rows, total_last=True)
    d.text((end + 1, 0), 'План на сегодня (%s)' % daily.day.strftime('%d.%m.%Y'),
           {'bold': True, 'font_size': 12, 'font_name': 'Calibri'})
    planned = daily.planned.to_dict('records')
    # under the activity table: the organisation and the action each over three merged columns
    spans = (('Менеджер', 'manager', 0, 0), ('Организация', 'organisation', 1, 3), ('Стадия', 'stage', 4, 4),
             ('Действие', 'next_action', 5, 7))
    base = {'font_name': 'Calibri', 'font_size': 11, 'border': 1, 'border_color': '#BFBFBF', 'valign': 'vcenter'}
    head = d.book.fmt(dict(base, bold=True, bg_color='#D9E1F2', align='center'))
    body = d.book.fmt(dict(base, num_format='@'))
    r0 = end + 2
    for i, rec in enumerate([None] + planned):
        for title, key, c1, c2 in spans:
            text = title if rec is None else str(rec[key] or '')
            fmt = head if rec is None else body
            if c1 == c2:
                d.ws.write_string(r0 + i, c1, text, fmt)
            else:
                d.ws.merge_range(r0 + i, c1, r0 + i, c2, text, fmt)
    if not planned:
        d.text((r0 + 1, 0), 'на сегодня в воронке ничего не запланировано', HINT)
    d.ws.fit_to_pages(1, 1)
    return d


def write_daily(path, daily, company):
    """The one-sheet «оперативка» workbook."""
    book = Book(path, 'Оперативка %s' % daily.day.strftime('%d.%m.%Y'), 'Активные продажи юрлицам')
    write_daily_sheet(book, daily, company)
    book.close()
    return path


def write_register(path, schema, records=(), extra=()):
    """Register *schema* (:mod:`.registers`) with *records* (dicts by column key, typed as the
    reader returns them: money in kopecks): header row (required columns orange, a note with
    the hint on each header), formats per column, frozen header. Without records — the empty
    template. *extra*: more ``(schema, records)`` sheets of the same workbook (the pipeline's «Планы»)."""
    book = Book(path, schema.title, 'Реестр продаж isp-b2b-kit')
    for sch, recs in ((schema, records),) + tuple(extra):
        _register_sheet(book, sch, recs)
    book.close()
    return path


def _register_sheet(book, schema, records):
    from decimal import Decimal
    from .table import DATE, INT, MONEY
    s = book.sheet(schema.name)
    base = {'font_name': 'Calibri', 'font_size': 11}
    header = dict(base, bold=True, bg_color='#D9E1F2', text_wrap=True, align='center', border=1)
    required = dict(header, bg_color='#F4B084')
    formats = {MONEY: dict(base, num_format='#,##0.00" ₽"'), DATE: dict(base, num_format='dd.mm.yyyy'),
               INT: dict(base, num_format='0')}
    for c, column in enumerate(schema.columns):
        s.text((0, c), column.header, required if column.required else header)
        s.ws.set_column(c, c, column.width, book.fmt(formats.get(column.kind, dict(base, num_format='@'))))
        if column.help:
            s.ws.write_comment(0, c, column.help)
    for r, rec in enumerate(records, 1):
        for c, column in enumerate(schema.columns):
            v = rec.get(column.key)
            if v is None or v is pd.NA or v == '':
                continue
            fmt = formats.get(column.kind, dict(base, num_format='@'))
            if column.kind == MONEY:
                s.number((r, c), Decimal(int(v)) / 100, fmt)
            elif column.kind == DATE:
                s.input((r, c), v, fmt)
            elif column.kind == INT:
                s.number((r, c), int(v), fmt)
            else:
                s.text((r, c), str(v), fmt)
    s.ws.freeze_panes(1, 0)
