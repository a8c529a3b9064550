"""«Отчет по должникам» (xlsx, XlsxWriter): what the accountant gets after every run.

Sheets:

* «Должники» — every client with overdue debt (also under ``min_debt``, marked):
  debt, whole balance, days overdue, bucket, stage reached, the last notice sent
  and its date, manager, «не напоминать до», disconnection;
* one sheet per manager with the same columns (their own debtors);
* «Сводка» — count and sum per aging bucket, with a column chart;
* «В суд» — clients handed over to court, with the claim date, the earliest date
  a suit may be filed and a column per document of the court package to tick;
* «Претензии почтой» — claims e-mailed today, for sending the originals by
  registered post (SPEC 7.2);
* «Отложено» — debtors held by «не напоминать до».

Every text cell is written with ``write_string`` (never parsed as a formula: a
name starting with ``=`` stays text); money as numbers in the ruble format.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from addin.model import terms
from addin.model.aging import BUCKET_LABELS, NOT_OVERDUE

from .. import files
from ..textfmt import date_ru
from .ladder import STAGE_RU

MONEY_FMT = '#,##0.00 "₽"'
DATE_FMT = 'dd.mm.yyyy'
COURT_DOCS = ('Договор', 'Акты', 'Счета', 'Акт сверки', 'Претензия и доказательство отправки',
              'Расчёт задолженности')
COLUMNS = (
    ('Код', 10), ('Наименование', 34), ('ИНН', 13), ('Договор №', 11), ('Менеджер', 26),
    ('Просроченный долг', 16), ('Сальдо (всего к оплате)', 16), ('Дней просрочки', 10),
    ('Срок оплаты старейшего долга', 14), ('Корзина', 11), ('Стадия', 15), ('Начало эпизода', 12),
    ('Последнее уведомление', 16), ('Дата уведомления', 12), ('Не напоминать до', 12),
    ('Отключён', 12), ('Примечание', 30),
)


@dataclass
class ReportData:
    as_of: datetime.date
    company: object
    clients: dict                 # code → Client
    accounts: dict                # code → aging.Account
    last: dict                    # code → (stage, as_of iso) of the last notice sent
    held: dict                    # code → «не напоминать до» date (held today)
    court: dict                   # (code, episode iso) → (court as_of iso, claim as_of iso or None)
    claims_today: list            # client codes
    min_debt: Decimal
    stages: tuple
    answer_days: int = 30
    is_working_day: object = None   # the calendar: the suit date is moved off days off (ст. 193 ГК)

    def debtors(self):
        """Accounts with overdue debt, the largest days overdue first."""
        out = [a for a in self.accounts.values() if a.is_debtor]
        out.sort(key=lambda a: (-a.days_overdue, -a.overdue_debt, a.code))
        return out

    def stats(self):
        debtors = [a for a in self.accounts.values() if a.episode is not None]
        return dict(debtors=len(debtors), total=sum((a.overdue_debt for a in debtors), Decimal(0)))


def sheet_name(name, used):
    """A valid, unique Excel sheet name (≤ 31 characters, none of ``[]:*?/\\``)."""
    base = ' '.join(re.sub(r'[\[\]:*?/\\]', ' ', name).split()).strip("'") or 'Менеджер'
    base = base[:31]
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = ' (%d)' % n
        candidate = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _date(v):
    return datetime.datetime(v.year, v.month, v.day)


def write(path, data):
    """Write the report for *data* (:class:`ReportData`) to *path* (atomically: temp file, then rename)."""
    import xlsxwriter
    with files.replacing(path) as tmp:
        wb = xlsxwriter.Workbook(str(tmp), {'strings_to_formulas': False, 'strings_to_numbers': False,
                                            'strings_to_urls': False})
        f = dict(
            head=wb.add_format({'bold': True, 'bg_color': '#D9E1F2', 'text_wrap': True, 'valign': 'top',
                                'border': 1}),
            title=wb.add_format({'bold': True, 'font_size': 13}),
            money=wb.add_format({'num_format': MONEY_FMT}),
            money_b=wb.add_format({'num_format': MONEY_FMT, 'bold': True}),
            date=wb.add_format({'num_format': DATE_FMT}),
            bold=wb.add_format({'bold': True}),
            box=wb.add_format({'border': 1, 'align': 'center'}),
        )
        debtors = data.debtors()
        used = set()
        ws = wb.add_worksheet(sheet_name('Должники', used))
        _debtor_sheet(ws, f, data, debtors, 'Должники на %s — %s' % (date_ru(data.as_of), data.company.name))
        _summary(wb, wb.add_worksheet(sheet_name('Сводка', used)), f, data, debtors)
        _court(wb.add_worksheet(sheet_name('В суд', used)), f, data)
        _claims_post(wb.add_worksheet(sheet_name('Претензии почтой', used)), f, data)
        _held(wb.add_worksheet(sheet_name('Отложено', used)), f, data)
        by_manager = {}
        for a in debtors:
            by_manager.setdefault(data.clients[a.code].manager or '(без менеджера)', []).append(a)
        for manager in sorted(by_manager):
            ws = wb.add_worksheet(sheet_name(manager, used))
            _debtor_sheet(ws, f, data, by_manager[manager], 'Должники менеджера %s на %s' % (
                manager, date_ru(data.as_of)))
        wb.close()
    return path


def _header(ws, f, row, columns):
    for c, (title, width) in enumerate(columns):
        ws.set_column(c, c, width)
        ws.write_string(row, c, title, f['head'])


def _debtor_sheet(ws, f, data, debtors, title):
    ws.write_string(0, 0, title, f['title'])
    _header(ws, f, 2, COLUMNS)
    ws.freeze_panes(3, 2)
    r = 3
    for a in debtors:
        c = data.clients[a.code]
        last = data.last.get(a.code)
        notes = []
        if a.episode is None:
            notes.append('долг меньше порога %s ₽ — не напоминаем' % _num(data.min_debt))
        if a.code in data.held:
            notes.append('обещание оплаты')
        values = [
            (a.code, 's'), (c.name, 's'), (c.inn, 's'), (c.contract, 's'), (c.manager, 's'),
            (a.overdue_debt, 'm'), (a.balance, 'm'), (a.days_overdue, 'n'), (a.oldest_due, 'd'),
            (a.bucket, 's'), (a.stage.name if a.stage else 'нет', 's'), (a.episode, 'd'),
            (STAGE_RU.get(last[0], last[0]) if last else '', 's'),
            (datetime.date.fromisoformat(last[1]) if last else None, 'd'),
            (c.no_dunning_until, 'd'), (c.disconnected, 'd'), ('; '.join(notes), 's'),
        ]
        _row(ws, f, r, values)
        r += 1
    if debtors:
        ws.write_string(r, 1, 'Итого', f['bold'])
        ws.write_formula(r, 5, '=SUM(F4:F%d)' % r, f['money_b'],
                         float(sum((a.overdue_debt for a in debtors), Decimal(0))))
    ws.autofilter(2, 0, max(r - 1, 3), len(COLUMNS) - 1)


def _num(v):
    return ('%s' % v).replace('.', ',')


def _row(ws, f, r, values):
    for c, (v, kind) in enumerate(values):
        if v is None or v == '':
            continue
        if kind == 's':
            ws.write_string(r, c, str(v))
        elif kind == 'm':
            ws.write_number(r, c, float(v), f['money'])
        elif kind == 'd':
            ws.write_datetime(r, c, _date(v), f['date'])
        else:
            ws.write_number(r, c, v)


def _summary(wb, ws, f, data, debtors):
    ws.write_string(0, 0, 'Просроченная задолженность по срокам на %s' % date_ru(data.as_of),
                    f['title'])
    _header(ws, f, 2, (('Срок просрочки, дней', 22), ('Должников', 12), ('Сумма', 18), ('Доля', 10)))
    buckets = [b for b in BUCKET_LABELS if b != NOT_OVERDUE]
    count = {b: 0 for b in buckets}
    total = {b: Decimal(0) for b in buckets}
    for a in debtors:
        b = a.bucket
        if b in count:
            count[b] += 1
            total[b] += a.overdue_debt
    grand = sum(total.values(), Decimal(0))
    pct = wb.add_format({'num_format': '0.0%'})
    for i, b in enumerate(buckets):
        r = 3 + i
        ws.write_string(r, 0, b)
        ws.write_number(r, 1, count[b])
        ws.write_number(r, 2, float(total[b]), f['money'])
        ws.write_number(r, 3, float(total[b] / grand) if grand else 0.0, pct)
    end = 3 + len(buckets)
    ws.write_string(end, 0, 'Итого', f['bold'])
    ws.write_number(end, 1, sum(count.values()), f['bold'])
    ws.write_number(end, 2, float(grand), f['money_b'])
    chart = wb.add_chart({'type': 'column'})
    chart.add_series({'name': 'Сумма долга', 'categories': [ws.name, 3, 0, end - 1, 0],
                      'values': [ws.name, 3, 2, end - 1, 2], 'data_labels': {'value': False}})
    chart.set_title({'name': 'Просроченная задолженность по срокам'})
    chart.set_x_axis({'name': 'Дней просрочки'})
    chart.set_y_axis({'name': 'Рубли', 'num_format': '# ##0'})
    chart.set_legend({'none': True})
    ws.insert_chart(end + 2, 0, chart, {'x_scale': 1.3, 'y_scale': 1.1})


def _court(ws, f, data):
    ws.write_string(0, 0, 'Передать в суд: пакет документов', f['title'])
    cols = [('Код', 10), ('Наименование', 34), ('ИНН', 13), ('Договор №', 11), ('Менеджер', 24),
            ('Просроченный долг', 16), ('Дней просрочки', 10), ('Передано в суд', 12),
            ('Претензия отправлена', 12), ('Иск не ранее', 12)] + [(d, 13) for d in COURT_DOCS]
    _header(ws, f, 2, cols)
    ws.freeze_panes(3, 2)
    r = 3
    for (code, episode), (court_day, claim_day) in sorted(data.court.items(), key=lambda x: x[1][0]):
        a = data.accounts.get(code)
        c = data.clients.get(code)
        if a is None or c is None or a.episode is None or a.episode.isoformat() != episode:
            continue   # paid since, or a past episode: no longer for court
        claim = datetime.date.fromisoformat(claim_day) if claim_day else None
        values = [(code, 's'), (c.name, 's'), (c.inn, 's'), (c.contract, 's'), (c.manager, 's'),
                  (a.overdue_debt, 'm'), (a.days_overdue, 'n'), (datetime.date.fromisoformat(court_day), 'd'),
                  (claim, 'd'), (terms.suit_earliest(claim, data.answer_days, data.is_working_day) if claim else None, 'd')]
        _row(ws, f, r, values)
        for i in range(len(COURT_DOCS)):
            ws.write_string(r, len(values) + i, '☐', f['box'])
        r += 1
    if r == 3:
        ws.write_string(3, 0, 'Нет клиентов для передачи в суд.')


def _claims_post(ws, f, data):
    ws.write_string(0, 0, 'Претензии %s: отправить оригиналы заказным письмом с описью вложения'
                    % date_ru(data.as_of), f['title'])
    _header(ws, f, 2, (('Код', 10), ('Наименование', 34), ('ИНН', 13), ('Договор №', 11),
                       ('Адрес', 50), ('Долг', 16), ('Трек-номер', 18)))
    r = 3
    for code in data.claims_today:
        c, a = data.clients.get(code), data.accounts.get(code)
        if c is None:
            continue
        _row(ws, f, r, [(code, 's'), (c.name, 's'), (c.inn, 's'), (c.contract, 's'), (c.address, 's'),
                        (a.overdue_debt if a else None, 'm')])
        r += 1
    if r == 3:
        ws.write_string(3, 0, 'Сегодня претензий нет.')


def _held(ws, f, data):
    ws.write_string(0, 0, 'Уведомления отложены: «не напоминать до»', f['title'])
    _header(ws, f, 2, (('Код', 10), ('Наименование', 34), ('Менеджер', 26), ('Просроченный долг', 16),
                       ('Дней просрочки', 10), ('Стадия', 15), ('Не напоминать до', 14)))
    r = 3
    for code, until in sorted(data.held.items(), key=lambda x: (x[1], x[0])):
        c, a = data.clients[code], data.accounts[code]
        _row(ws, f, r, [(code, 's'), (c.name, 's'), (c.manager, 's'), (a.overdue_debt, 'm'),
                        (a.days_overdue, 'n'), (a.stage.name if a.stage else 'нет', 's'), (until, 'd')])
        r += 1
    if r == 3:
        ws.write_string(3, 0, 'Нет отложенных.')
