"""The workbook «Общий отчет — юридические лица» (XlsxWriter).

Sheets:

- «Сводка» — the 12 months of the company, one row a month (oldest first) and
  a 12-month total row, with three charts: active clients and MRR, new vs
  churned, overdue debt by aging bucket;
- «По менеджерам», «По сегментам», «По услугам» — the report month per group
  (with the personal plan for managers when plans are given), then per group
  and month: new connections, MRR, overdue debt;
- «Должники» — the largest overdue debts at the end of the report month;
- «Пояснения» — how every figure is defined, in Russian.

Values are written, not formulas, so the file shows the same numbers in every
program. Formats, the atomic save and its Russian error are the kit's one
xlsx writer's (:mod:`jobs.xlsx_writer`); every text stays text, so a client
named «=HYPERLINK(…)» is never a formula.

The layout constants (:data:`SUMMARY_HEADER_ROW`, :data:`SUMMARY_COLUMNS`, …)
are public so that tests and other tools can find the cells.
"""

import datetime
from pathlib import Path

from .. import data_files
from ..textfmt import date_ru
from ..xlsx_writer import STYLES, Book
from ..ledger import figures
from ..ledger.figures import BUCKETS, CUTS, WINDOW, month_name

TITLE = 'Общий отчет — юридические лица'
SUMMARY = 'Сводка'
CUT_SHEETS = {'manager': 'По менеджерам', 'segment': 'По сегментам', 'service': 'По услугам'}
DEBTORS = 'Должники'
NOTES = 'Пояснения'

#: Row (0-based) of the header of the table on «Сводка» and of the first table on the cut sheets.
SUMMARY_HEADER_ROW = 4
CUT_HEADER_ROW = 4
DEBTORS_HEADER_ROW = 3

# (header, kind, getter(figures, month)) — kind: int | money | share
_BASE_COLUMNS = [
    ('Активных на начало', 'int', lambda f, m: f.start[m]),
    ('Новых', 'int', lambda f, m: f.new[m]),
    ('Отключено', 'int', lambda f, m: f.churned[m]),
    ('Активных на конец', 'int', lambda f, m: f.end[m]),
    ('Отток, %', 'share', lambda f, m: f.churn(m)),
    ('MRR, ₽', 'money', lambda f, m: f.mrr[m]),
    ('ARPU, ₽', 'money', lambda f, m: f.arpu(m)),
    ('Начислено, ₽', 'money', lambda f, m: f.billed[m]),
    ('Оплачено, ₽', 'money', lambda f, m: f.paid[m]),
    ('Собираемость, %', 'share', lambda f, m: f.collection(m)),
]
_OVERDUE_COLUMNS = [('Просрочено %s дн., ₽' % b, 'money', (lambda i: lambda f, m: f.overdue[m][i])(i))
                    for i, b in enumerate(BUCKETS)] + [
    ('Просрочено всего, ₽', 'money', lambda f, m: f.overdue_total(m)),
    ('Должников (договоров)', 'int', lambda f, m: f.debtors[m]),
]
#: Column headers of «Сводка» after «Месяц», in order.
SUMMARY_COLUMNS = [c[0] for c in _BASE_COLUMNS + _OVERDUE_COLUMNS]
PLAN_COLUMNS = ['План новых', 'Выполнение плана, %']
DEBTOR_COLUMNS = ['№', 'Код клиента', 'Наименование', 'ИНН', 'Менеджер', 'Сегмент', 'Услуга',
                  'Просрочено, ₽', 'Дней просрочки', 'Срок просрочки', 'Месяцем ранее, ₽',
                  'Изменение, ₽']


def _cut_columns(with_plan):
    cols = list(_BASE_COLUMNS)
    if with_plan:
        cols[2:2] = [('План новых', 'int', lambda f, m: f.plan[m] if f.plan else None),
                     ('Выполнение плана, %', 'share', lambda f, m: f.plan_done(m))]
    return cols + _OVERDUE_COLUMNS


def _put(ws, row, col, value, kind, total=False):
    """A figure of *kind* (int | money | share); ``None`` leaves the bordered cell empty."""
    style = ('total_' if total else 'plain_') + kind
    ws.blank((row, col), style) if value is None else ws.number((row, col), value, style)


def write(report, path, company='', generated=None):
    """Write *report* (:class:`jobs.ledger.figures.Report`) to *path*; returns the path.

    Written to a temporary file next to it and renamed, so a crash never
    leaves a half-written workbook under the real name.
    """
    generated = generated or datetime.date.today()
    book = Book(path, '%s, %s' % (TITLE, month_name(report.month_index)),
                created=datetime.datetime.combine(generated, datetime.time(9, 0)), comments='')
    _summary(book, report, company, generated)
    for cut, _ in CUTS:
        _cut(book, report, cut)
    _debtors(book, report)
    _notes(book, report)
    book.close()
    return Path(path)


def _heading(ws, report, title, company, generated=None):
    first, last = figures.parse_month(report.months[0]), report.month_index
    ws.text((0, 0), title, 'title')
    line = 'Отчётный месяц: %s (12 месяцев: %s — %s)' % (month_name(last), month_name(first), month_name(last))
    if company:
        line = '%s. %s' % (company, line)
    ws.text((1, 0), line, 'hint')
    if generated is not None:
        ws.text((2, 0), 'Сформировано %s программой isp-b2b-kit. Определения показателей — на листе «%s».'
                % (date_ru(generated), NOTES), 'hint')


def _summary(book, report, company, generated):
    ws = book.sheet(SUMMARY)
    ws.ws.activate()
    _heading(ws, report, TITLE, company, generated)
    cols = _BASE_COLUMNS + _OVERDUE_COLUMNS
    hr = SUMMARY_HEADER_ROW
    ws.headers(hr, 0, ['Месяц'] + [c[0] for c in cols], height=45)
    first = figures.parse_month(report.months[0])
    t = report.total
    for m in range(WINDOW):
        row = hr + 1 + m
        ws.text((row, 0), month_name(first + m), 'cell')
        for j, (_, kind, get) in enumerate(cols):
            _put(ws, row, 1 + j, get(t, m), kind)
    # 12-month totals where a sum means something; counts at the start/end are the window's ends
    row = hr + 1 + WINDOW
    ws.text((row, 0), 'За 12 месяцев', 'total_label')
    mrr, billed, paid = sum(t.mrr), sum(t.billed), sum(t.paid)
    totals = {'Активных на начало': t.start[0], 'Новых': sum(t.new), 'Отключено': sum(t.churned),
              'Активных на конец': t.end[-1], 'MRR, ₽': mrr, 'Начислено, ₽': billed, 'Оплачено, ₽': paid,
              'Собираемость, %': figures._share(paid, billed)}
    for j, (label, kind, _) in enumerate(cols):
        _put(ws, row, 1 + j, totals.get(label), kind, total=True)
    ws.ws.set_column(0, 0, 16)
    ws.ws.set_column(1, len(cols), 14)
    ws.ws.freeze_panes(hr + 1, 1)
    ws.print_wide()
    _charts(book.wb, ws, report, cols, hr + WINDOW + 3)


def _charts(wb, ws, report, cols, at_row):
    """Three charts under the table, data from the table itself."""
    hr = SUMMARY_HEADER_ROW
    r1, r2 = hr + 1, hr + WINDOW
    names = [c[0] for c in cols]

    def series(label):
        col = 1 + names.index(label)
        return dict(name=[SUMMARY, hr, col], categories=[SUMMARY, r1, 0, r2, 0],
                    values=[SUMMARY, r1, col, r2, col])

    active = wb.add_chart({'type': 'column'})
    active.add_series(dict(series('Активных на конец'), fill={'color': '#4472C4'}))
    line = wb.add_chart({'type': 'line'})
    line.add_series(dict(series('MRR, ₽'), y2_axis=True, line={'color': '#ED7D31', 'width': 2.25},
                         marker={'type': 'circle', 'size': 5}))
    active.combine(line)
    active.set_title({'name': 'Активные клиенты и MRR'})
    # Every axis from zero: an automatic minimum turns a flat month into a cliff.
    active.set_y_axis({'name': 'клиентов', 'num_format': '#,##0', 'min': 0})
    line.set_y2_axis({'name': 'MRR, ₽', 'num_format': '#,##0', 'min': 0})
    active.set_legend({'position': 'bottom'})
    active.set_size({'width': 720, 'height': 320})
    ws.ws.insert_chart(at_row, 0, active)

    flow = wb.add_chart({'type': 'column'})
    flow.add_series(dict(series('Новых'), fill={'color': '#70AD47'}))
    flow.add_series(dict(series('Отключено'), fill={'color': '#C00000'}))
    flow.set_title({'name': 'Новые и отключённые клиенты'})
    flow.set_y_axis({'name': 'клиентов', 'num_format': '0', 'min': 0})
    flow.set_legend({'position': 'bottom'})
    flow.set_size({'width': 720, 'height': 320})
    ws.ws.insert_chart(at_row, 9, flow)

    debt = wb.add_chart({'type': 'column', 'subtype': 'stacked'})
    # Older debt darker, each step a clearly different hue and lightness (two oranges side
    # by side could not be told apart): yellow, orange, red, maroon, near-black.
    colors = ('#FFD966', '#F4A261', '#D62828', '#7B1E1E', '#3D3D3D')
    for i, label in enumerate(names[len(_BASE_COLUMNS):len(_BASE_COLUMNS) + len(BUCKETS)]):
        debt.add_series(dict(series(label), fill={'color': colors[i % len(colors)]}))
    debt.set_title({'name': 'Просроченная задолженность по срокам'})
    debt.set_y_axis({'name': '₽', 'num_format': '#,##0', 'min': 0})
    debt.set_legend({'position': 'bottom'})
    debt.set_size({'width': 720, 'height': 320})
    ws.ws.insert_chart(at_row + 17, 0, debt)


def _cut(book, report, cut):
    title = dict(CUTS)[cut]
    groups = report.cuts[cut]
    with_plan = cut == 'manager' and any(g.plan is not None for g in groups.values())
    cols = _cut_columns(with_plan)
    ws = book.sheet(CUT_SHEETS[cut])
    last = WINDOW - 1
    _heading(ws, report, '%s — %s' % (TITLE, CUT_SHEETS[cut].lower()), '')
    ws.text((2, 0), 'Показатели за %s. Клиент с договорами в нескольких группах учитывается в каждой из них, '
            'поэтому сумма по группам может быть больше итога.' % month_name(report.month_index), 'hint')
    hr = CUT_HEADER_ROW
    ws.headers(hr, 0, [title] + [c[0] for c in cols], height=45)
    row = hr
    for name, f in groups.items():
        row += 1
        ws.text((row, 0), name, 'cell')
        for j, (_, kind, get) in enumerate(cols):
            _put(ws, row, 1 + j, get(f, last), kind)
    row += 1
    ws.text((row, 0), 'Всего по компании', 'total_label')
    for j, (label, kind, get) in enumerate(cols):
        _put(ws, row, 1 + j, None if label in PLAN_COLUMNS else get(report.total, last), kind, total=True)
    ws.ws.set_column(0, 0, 30)
    ws.ws.set_column(1, len(cols), 14)
    ws.ws.freeze_panes(hr + 1, 1)
    ws.print_wide()

    # by month: a table per figure, groups × months
    first = figures.parse_month(report.months[0])
    tables = [('Новые подключения по месяцам', 'int', lambda f: f.new)]
    if with_plan:
        tables.append(('План новых подключений по месяцам', 'int',
                       lambda f: f.plan or [None] * WINDOW))
    tables += [('Активных клиентов на конец месяца', 'int', lambda f: f.end),
               ('MRR по месяцам, ₽', 'money', lambda f: f.mrr),
               ('Просроченная задолженность на конец месяца, ₽', 'money',
                lambda f: [f.overdue_total(m) for m in range(WINDOW)])]
    for caption, kind, get in tables:
        row += 3
        ws.text((row, 0), caption, 'subtitle')
        row += 1
        ws.headers(row, 0, [title] + [month_name(first + m) for m in range(WINDOW)], height=30)
        for name, f in groups.items():
            row += 1
            ws.text((row, 0), name, 'cell')
            for m, v in enumerate(get(f)):
                _put(ws, row, 1 + m, v, kind)


def _debtors(book, report):
    ws = book.sheet(DEBTORS)
    _heading(ws, report, 'Крупнейшие должники на %s' % date_ru(report.month_ends[-1]), '')
    shown = len(report.top_debtors)
    ws.text((2, 0), 'Договоров с просроченной задолженностью: %d; показаны %d с наибольшим долгом. '
            'Полный список — в «Отчете по должникам».' % (report.debtors_count, shown), 'hint')
    hr = DEBTORS_HEADER_ROW
    ws.headers(hr, 0, DEBTOR_COLUMNS, height=45)
    for i, d in enumerate(report.top_debtors):
        row = hr + 1 + i
        # centred: a right-aligned number ran into the left-aligned code («100025» for 1, 00025)
        ws.number((row, 0), i + 1, dict(STYLES['cell'], align='center'))
        for j, v in enumerate((d.code, d.name, d.inn, d.manager, d.segment, d.service)):
            ws.text((row, 1 + j), '' if v is None else v, 'cell')
        _put(ws, row, 7, d.debt, 'money')
        _put(ws, row, 8, d.days, 'int')
        ws.text((row, 9), d.bucket + ' дн.', 'cell')
        _put(ws, row, 10, d.debt_before, 'money')
        _put(ws, row, 11, d.debt - d.debt_before, 'money')
    for col, width in enumerate((5, 12, 36, 14, 28, 10, 16, 16, 10, 14, 16, 16)):
        ws.ws.set_column(col, col, width)
    ws.ws.freeze_panes(hr + 1, 0)
    if shown:
        ws.ws.autofilter(hr, 0, hr + shown, len(DEBTOR_COLUMNS) - 1)


#: «Как считаются показатели»: (figure, how it is counted), ``jobs/data/report_notes.toml``.
NOTES_TEXT = tuple(data_files.load('report_notes')['notes'].items())


def _notes(book, report):
    ws = book.sheet(NOTES)
    ws.text((0, 0), 'Как считаются показатели', 'title')
    ws.ws.set_column(0, 0, 28)
    ws.ws.set_column(1, 1, 110)
    for i, (name, text) in enumerate(NOTES_TEXT):
        ws.text((2 + i, 0), name, 'subtitle')
        ws.text((2 + i, 1), text, 'wrap')
    if report.skipped:
        ws.text((3 + len(NOTES_TEXT), 0), 'Не учтено строк начислений и оплат с неизвестным кодом клиента: %d'
                % report.skipped, 'hint')
