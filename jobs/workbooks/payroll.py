"""«Зарплата отдела продаж»: the department's payroll the accountant runs (issue 19).

Sheets:

* «Настройки» — year, month, working days and the norm of hours, tariff, НС и ПЗ,
  районный коэффициент and северная надбавка, regional МРОТ, the advance rule,
  overtime / night / holiday multipliers, the plan ladder;
* «Сотрудники» — one row per employee: personnel number, name, e-mail and the
  payslip password, salary account, salary, children, insurance record, the
  year-to-date figures and the earnings for vacation and sick pay;
* «Расчёт» — the month: the inputs (days, plan, hours, vacation and sick days,
  material aid, writs) and every figure of the chain of
  :mod:`addin.model.month_pay` as a formula, totals at the bottom;
* «Свод» — the month's totals; «Аванс» and «Окончательный расчёт» — one sheet
  per payment with its date, for the bank.

Rows of «Расчёт» follow the rows of «Сотрудники» one to one. The year is an
explicit input, never «the current year», so cached values stay right whenever
the file is opened. The payslips job (:mod:`jobs.payslips`) reads this workbook
by the headers and defined names below and recomputes every figure through the
model.

Working days of the month come from the kit's production calendar (the
settings template's ``[calendar]``) through :func:`working_days` — the one place
to switch to ``B2B_WORKING_DAYS`` (issue 13) once it exists.
"""

import datetime
import secrets
from collections import namedtuple
from decimal import Decimal

from addin.model.deductions import child_deduction
from addin.model.motivation import DEFAULT_LADDER
from addin.model.rounding import round_half_up
from addin.model.vacation import vacation_pay

from .. import data_files
from ..xlsx_writer import Book, dec, validation
from .provisional import warning_cell

FILE_NAME = 'Зарплата отдела продаж.xlsx'
SETTINGS = 'Настройки'
EMPLOYEES = 'Сотрудники'
MONTH = 'Расчёт'
TOTALS = 'Свод'
ADVANCE = 'Аванс'
FINAL = 'Окончательный расчёт'

YEAR = 2026
MONTH_NUMBER = 11
#: Months of pay before this one (January–October) for the «с 1 января» samples.
MONTHS_BEFORE = 10
LADDER_ROWS = 8
MONTHS = ('январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь',
          'октябрь', 'ноябрь', 'декабрь')
#: Payment dates of the sample month: the advance on the 20th, the final payment on
#: the 5th of the next month — 5 December 2026 is a Saturday, so the Friday before
#: (ст. 136 ТК, ч. 8).
ADVANCE_DATE = datetime.date(2026, 11, 20)
FINAL_DATE = datetime.date(2026, 12, 4)
HEADER_ROW = 3          # 0-based row of the column headers on «Сотрудники» and «Расчёт»
FIRST_ROW = HEADER_ROW + 1

HEAD = 'руководитель отдела продаж'
SALES = 'менеджер по продажам'
SUPPORT = 'менеджер сопровождения'
DIRECTOR = 'генеральный директор'
ROLES = (HEAD, SALES, SUPPORT, DIRECTOR)

_WORDS_OF = data_files.load('demo_words')['payroll']     # jobs/data/demo_words.toml
_SURNAMES = tuple(_WORDS_OF['surnames'])
_LATIN = tuple(_WORDS_OF['latin'])
_FIRST = tuple(map(tuple, _WORDS_OF['first']))          # (first name, sex м / ж)
_PATRONYMIC = tuple(map(tuple, _WORDS_OF['patronymics']))  # (male, female)

#: Sample size of the committed workbook.
DEFAULT_EMPLOYEES = 6

Col = namedtuple('Col', 'key header width style check hint')

_LAYOUT = data_files.load('payroll_layout')     # jobs/data/payroll_layout.toml: headers, widths, hints


def _columns(table):
    return tuple(Col(c['key'], c['header'], c['width'], c['style'], c.get('check'), c['hint']) for c in table)


#: «Сотрудники»: the key is the name the payslips job and the model use.
EMPLOYEE_COLUMNS = _columns(_LAYOUT['employee_columns'])
#: «Расчёт»: the month's inputs of each employee.
MONTH_INPUTS = _columns(_LAYOUT['month_inputs'])
#: «Расчёт»: the computed columns — key (a field of MonthPay or sick pay), header, width.
MONTH_RESULTS = tuple(tuple(r) for r in _LAYOUT['month_results'])
#: Columns of «Расчёт» summed in the totals row.
MONTH_SUMMED = tuple(_LAYOUT['month_summed'])
MONTH_LEAD = ('№', 'Таб. №', 'Сотрудник')
#: 0-based column of each key on «Расчёт».
MONTH_COL = {c.key: len(MONTH_LEAD) + i for i, c in enumerate(MONTH_INPUTS)}
MONTH_COL.update({k: len(MONTH_LEAD) + len(MONTH_INPUTS) + i for i, (k, _, _) in enumerate(MONTH_RESULTS)})

#: Defined names of the settings rows.
SETTING_NAMES = _LAYOUT['setting_names']
#: Labels of the settings rows (column A of «Настройки»), also named in the payslips' errors.
SETTING_LABELS = _LAYOUT['setting_labels']


def working_days(year, month):
    """(working days of the month, of its 1st–15th, norm of hours at 40 h a week) from the
    shipped production calendar (``addin.model.calendar``, as ``B2B_WORKING_DAYS``). A working day
    right before a non-working holiday of ст. 112 ТК is one hour shorter (ст. 95 ТК) — also when
    the holiday falls on a Saturday (8 May 2026 before 9 May).

    >>> working_days(2026, 11)
    (20, 9, 159)
    >>> working_days(2026, 1)       # New Year holidays up to the 11th
    (15, 4, 120)
    """
    from addin.model import calendar
    start = datetime.date(year, month, 1)
    days = [start + datetime.timedelta(days=i) for i in range(31)
            if (start + datetime.timedelta(days=i)).month == month
            and calendar.is_working_day(start + datetime.timedelta(days=i))]
    first_half = [d for d in days if d.day <= 15]
    holidays = set(calendar.HOLIDAYS)
    short = sum(1 for d in days if ((d + datetime.timedelta(days=1)).month, (d + datetime.timedelta(days=1)).day)
                in holidays)
    return len(days), len(first_half), len(days) * 8 - short


def sample_employees(count=None):
    """Deterministic sample rows: a list of dicts keyed like :data:`EMPLOYEE_COLUMNS`
    and :data:`MONTH_INPUTS` (money in rubles).

    Six kinds in turn: the head of sales (150 000, year-to-date pay above 2.4 M, two
    children), a sales manager on vacation, a sales manager off sick with overtime,
    a support manager with holiday and night hours, material aid and a writ, a sales
    manager with three children (one disabled) and unpaid days, the director paid
    below МРОТ.
    """
    count = DEFAULT_EMPLOYEES if count is None else int(count)
    month_days, half_days, _ = working_days(YEAR, MONTH_NUMBER)
    rows = []
    for i in range(count):
        kind = i % 6
        surname, latin = _SURNAMES[i % len(_SURNAMES)], _LATIN[i % len(_LATIN)]
        first, sex = _FIRST[(i * 3) % len(_FIRST)]
        patronymic = _PATRONYMIC[(i * 2 + i // 5) % len(_PATRONYMIC)][0 if sex == 'м' else 1]
        if sex == 'ж':
            surname, latin = surname + 'а', latin + 'a'
        name = '%s %s %s' % (surname, first, patronymic)
        suffix = ''
        if i // len(_SURNAMES):
            name += ' (%d)' % (i // len(_SURNAMES) + 1)
            suffix = str(i // len(_SURNAMES) + 1)
        role, salary, plan = {0: (HEAD, 150000, 40), 3: (SUPPORT, 55000, 6),
                              5: (DIRECTOR, 20000, 1)}.get(kind, (SALES, 60000 + (i * 5000) % 20000,
                                                                   8 + i % 5))
        fact = plan * (60 + (i * 17) % 75) // 100 if kind != 5 else 0
        paid = Decimal(fact * (4000 + (i * 700) % 3000))
        row = dict(
            number='%04d' % (i + 1), name=name, role=role,
            email='%s%s@example.ru' % (latin, suffix), password=None,
            account='40817810%012d' % (5500000 + i * 7919), salary=salary,
            director='да' if kind == 5 else 'нет',
            children={0: 2, 4: 3, 5: 2}.get(kind, 0), disabled_children=1 if kind == 4 else 0,
            insurance_years=(12, 6, 3.5, 9, 15, 25)[kind],
            worked_first_half=half_days, worked_days=month_days, plan=plan, fact=fact,
            paid_new_revenue=paid, clawback=Decimal(4500) if kind == 2 else Decimal(0),
            overtime_first=0, overtime_rest=0, night_hours=0, holiday_hours=0, vacation_days=0,
            sick_days=0, material_aid=0, paid_separately=0, writ_requested=0, writ_limit=Decimal('0.5'),
            full_months=12, partial_month_days=0,
        )
        if kind == 1:       # on vacation the last 7 calendar days (5 working days)
            row.update(worked_days=month_days - 5, vacation_days=7)
        elif kind == 2:     # ill 6 days (4 working days), two overtime evenings of 3 hours
            row.update(worked_days=month_days - 4, sick_days=6, overtime_first=4, overtime_rest=2)
        elif kind == 3:     # a night of network repairs on a Saturday; aid; alimony
            row.update(night_hours=4, holiday_hours=8, material_aid=Decimal(5000),
                       writ_requested=Decimal(12000), writ_limit=Decimal('0.7'))
        elif kind == 4:     # 3 days of unpaid leave in the first half
            row.update(worked_first_half=half_days - 3, worked_days=month_days - 3)
        monthly = (Decimal(salary) + paid / 2).quantize(Decimal('0.01'))
        main = monthly * MONTHS_BEFORE + (1200000 if kind == 0 else 0)
        north = (main * Decimal('0.15')).quantize(Decimal('0.01'))
        deductions = sum((child_deduction(row['children'], row['disabled_children'],
                                          monthly * (m + 1) + (1200000 if kind == 0 else 0), YEAR)
                          for m in range(MONTHS_BEFORE)), Decimal(0))
        row.update(main_ytd_before=main, north_ytd_before=north, deductions_ytd_before=deductions,
                   contributions_ytd_before=main + north,
                   aid_ytd_before=Decimal(2000) if kind == 3 else Decimal(0),
                   earnings_12m=(monthly * Decimal('1.15') * 12).quantize(Decimal('0.01')),
                   earnings_2y=(monthly * Decimal('1.15') * 24 * Decimal('0.9')).quantize(Decimal('1')))
        if kind == 1:       # was ill for half of one month of the 12 (a 30-day month, 15 days worked)
            row.update(full_months=11, partial_month_days=Decimal('14.65'))
            # the vacation pay went out before the vacation, less its 13 % НДФЛ
            pay = vacation_pay(row['earnings_12m'], row['vacation_days'], 11, Decimal('14.65'))
            row['paid_separately'] = pay - round_half_up(pay * Decimal('0.13'), 0)
        rows.append(row)
    return rows


def demo_passwords(count):
    """Random payslip passwords for a demo operator folder (never the committed workbook)."""
    alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'
    return [''.join(secrets.choice(alphabet) for _ in range(10)) for _ in range(count)]


def build_payroll(path, employees=None, passwords=None):
    """Build «Зарплата отдела продаж.xlsx» at *path* with *employees* sample rows
    (default 6; the LibreOffice benchmark uses 200). *passwords*: one payslip
    password per employee (the demo operator folder), else the column is left
    for the accountant to fill."""
    staff = sample_employees(employees)
    if passwords is not None:
        for row, password in zip(staff, passwords):
            row['password'] = password
    book = Book(path, 'Зарплата отдела продаж',
                'Расчёт зарплаты отдела продаж: аванс, начисления, НДФЛ, взносы, выплаты')
    settings = book.sheet(SETTINGS)
    people = book.sheet(EMPLOYEES)
    month = book.sheet(MONTH)
    totals = book.sheet(TOTALS)
    advance_sheet = book.sheet(ADVANCE)
    final_sheet = book.sheet(FINAL)
    names = _settings(settings)
    emp = _employees(people, staff)
    rows, total_row = _month(month, names, emp, staff)
    _totals(totals, month, total_row)
    _payment(advance_sheet, 'Аванс за первую половину месяца', ADVANCE_DATE, 'advance_date', names,
             emp, rows, 'advance', month,
             'НДФЛ с аванса не удерживается: доход в виде зарплаты получен в последний день месяца '
             '(п. 2 ст. 223 НК).')
    _payment(final_sheet, 'Окончательный расчёт за месяц', FINAL_DATE, 'final_date', names, emp, rows,
             'final_pay', month,
             'Начислено за месяц − НДФЛ − аванс − удержания − выплаченное отдельно. Если дата выплаты выпала на выходной, '
             'платят накануне (ст. 136 ТК).')
    for sheet in (settings, people, month, totals, advance_sheet, final_sheet):
        # Printable as it is: landscape, one page wide (the month sheet is wide).
        sheet.ws.set_landscape()
        sheet.ws.set_paper(9)
        sheet.ws.fit_to_pages(1, 0)
    month.ws.activate()
    book.close()
    return path


def write_demo_payroll(folder):
    """The demo operator's payroll workbook with payslip passwords; returns the line
    ``b2bkit init --demo`` prints."""
    from pathlib import Path
    path = Path(folder) / FILE_NAME
    build_payroll(path, passwords=demo_passwords(DEFAULT_EMPLOYEES))
    return '  %s — зарплата отдела за %s %d: %d сотрудников, e-mail и пароли листков' % (
        FILE_NAME, MONTHS[MONTH_NUMBER - 1], YEAR, DEFAULT_EMPLOYEES)


# -- «Настройки» ------------------------------------------------------------------------------

def _settings(s):
    s.widths([46, 16, 70])
    s.text('A1', 'Настройки расчёта зарплаты', 'title')
    s.legend(1)
    month_days, half_days, norm = working_days(YEAR, MONTH_NUMBER)
    n = {}
    # the rows whose sample value is computed; the others' is in the layout (none: left empty)
    computed = {'year': YEAR, 'month': MONTH_NUMBER, 'working_days': month_days,
                'working_days_first_half': half_days, 'norm_hours': norm}
    row = 3
    for r in _LAYOUT['settings_rows']:
        key, check, hint = r['key'], r['check'], r['hint']
        label = SETTING_LABELS[key]
        if check in EXTRA_CHECKS:
            check = validation(None, r.get('input_hint', hint), r.get('input_title', label),
                               **EXTRA_CHECKS[check])
        value = computed[key] if key in computed else r.get('value')
        n[key] = s.input_row(row, label, value, r['style'], check, hint, name=SETTING_NAMES[key])
        row += 1
    # the provisional-facts warning (issue 13) above the inputs: empty while the year's figures are
    # published, a red sentence naming the carried-over ones when they are not
    warning_cell(s, (2, 0), n['year'])
    allowance = dec(n['regional_coef'].value()) - 1 + dec(n['north_share'].value())
    s.text((row, 0), 'Надбавка к оплате (РК − 1 + северная)', 'label')
    n['allowance'] = s.calc((row, 1), '=Районный_коэф-1+Северная_надбавка', allowance, 'out_share',
                            name=SETTING_NAMES['allowance'])
    s.text((row, 2), 'считается: на неё умножается оплата за месяц и аванс', 'hint')
    row += 2
    s.text((row, 0), 'Шкала выполнения плана', 'subtitle')
    s.text((row, 2), 'коэффициент премии берётся из последней строки, где «от» ≤ выполнения плана; '
                     'пустые строки не учитываются', 'hint')
    row += 1
    s.headers(row, 0, ['Выполнение плана от', 'Коэффициент'])
    first = row + 1
    for i in range(LADDER_ROWS):
        start, coef = DEFAULT_LADDER[i] if i < len(DEFAULT_LADDER) else (None, None)
        s.input((first + i, 0), None if start is None else float(start), 'in_percent')
        s.input((first + i, 1), None if coef is None else float(coef), 'in_coef')
    ladder = s.ref((first, 0), (first + LADDER_ROWS - 1, 1))
    s.validate(ladder.column(0), 'number', 'Доля плана: 80 % = 0,8. Сверху вниз по возрастанию.',
               'Выполнение плана от')
    s.validate(ladder.column(1), 'number', 'Коэффициент премии: 1 — полная премия.', 'Коэффициент')
    n['ladder'] = s.book.define(SETTING_NAMES['ladder'], ladder)
    s.ws.freeze_panes(3, 0)
    return n


#: Validations beyond :data:`jobs.xlsx_writer.VALIDATIONS` (``jobs/data/payroll_layout.toml``).
EXTRA_CHECKS = dict(_LAYOUT['checks'], role=dict(validate='list', source=list(ROLES), error_type='warning',
                                                 error_message='Выберите должность из списка.'))


def _check(col):
    """Validation options of an input column (with its hint)."""
    if col.check is None:
        return validation(None, col.hint, col.header[:32], validate='any')
    if col.check in EXTRA_CHECKS:
        return validation(None, col.hint, col.header[:32], **EXTRA_CHECKS[col.check])
    return validation(col.check, col.hint, col.header[:32])


# -- «Сотрудники» -----------------------------------------------------------------------------

def _employees(s, staff):
    s.widths([c.width for c in EMPLOYEE_COLUMNS])
    s.text('A1', 'Сотрудники', 'title')
    s.text('D1', 'пароли листков держите только здесь; сотруднику сообщите лично', 'hint')
    s.legend(1, 1, notice=False)
    s.headers(HEADER_ROW, 0, [c.header for c in EMPLOYEE_COLUMNS])
    s.ws.set_row(HEADER_ROW, 76)
    refs = []
    for i, person in enumerate(staff):
        r = FIRST_ROW + i
        refs.append({c.key: s.input((r, j), _cell(person.get(c.key)), c.style)
                     for j, c in enumerate(EMPLOYEE_COLUMNS)})
    last = FIRST_ROW + len(staff) - 1
    block = s.ref((FIRST_ROW, 0), (last, 0))
    for j, c in enumerate(EMPLOYEE_COLUMNS):
        s.validate(block.column(j), _check(c))
    s.ws.freeze_panes(FIRST_ROW, 2)
    s.ws.autofilter(HEADER_ROW, 0, last, len(EMPLOYEE_COLUMNS) - 1)
    return refs


def _cell(value):
    return float(value) if isinstance(value, Decimal) else value


# -- «Расчёт» ---------------------------------------------------------------------------------

def _month(s, n, emp, staff):
    widths = [5, 8, 30] + [c.width for c in MONTH_INPUTS] + [w for _, _, w in MONTH_RESULTS]
    s.widths(widths)
    s.text('A1', 'Расчёт зарплаты за месяц', 'title')
    s.text('D1', 'год, месяц, календарь, тариф и шкала — на листе «Настройки»; сотрудники — на листе '
                 '«Сотрудники» (строки в том же порядке)', 'hint')
    s.legend(1, 2)
    s.headers(HEADER_ROW, 0, list(MONTH_LEAD) + [c.header for c in MONTH_INPUTS]
              + [h for _, h, _ in MONTH_RESULTS])
    s.ws.set_row(HEADER_ROW, 90)
    rows = []
    for i, person in enumerate(staff):
        r = FIRST_ROW + i
        e = emp[i]
        s.number((r, 0), i + 1, 'plain_int')
        s.calc((r, 1), '=%s' % e['number'].text(s), e['number'].value(), 'out_text')
        s.calc((r, 2), '=%s' % e['name'].text(s), e['name'].value(), 'out_text')
        m = {c.key: s.input((r, MONTH_COL[c.key]), _cell(person.get(c.key)), c.style)
             for c in MONTH_INPUTS}
        rows.append(_month_row(s, r, n, e, m))
    first, last = FIRST_ROW, FIRST_ROW + len(staff) - 1
    block = s.ref((first, 0), (last, 0))
    for c in MONTH_INPUTS:
        s.validate(block.column(MONTH_COL[c.key]), _check(c))
    shortfall = block.column(MONTH_COL['mrot_shortfall'])
    s.ws.conditional_format(shortfall.r1, shortfall.c1, shortfall.r2, shortfall.c2, {
        'type': 'cell', 'criteria': '>', 'value': 0,
        'format': s.book.wb.add_format({'bg_color': '#F8CBAD', 'font_color': '#9C0006', 'bold': True})})
    total = last + 1
    s.text((total, 2), 'Итого', 'total_label')
    for key in MONTH_SUMMED:
        c = MONTH_COL[key]
        s.sum((total, c), s.ref((first, c), (last, c)), 'total_money')
    s.text((total + 2, 2), 'Красным в столбце «Не хватает до МРОТ» — оплата полного месяца ниже МРОТ '
                           '(ст. 133 ТК): доплатите или проверьте оклад.', 'hint')
    s.text((total + 3, 2), 'Больничный за счёт СФР фонд платит сотруднику сам; в «Начислено» входит '
                           'только часть работодателя (первые 3 дня).', 'hint')
    s.ws.freeze_panes(FIRST_ROW, 3)
    s.ws.autofilter(HEADER_ROW, 0, last, len(widths) - 1)
    return rows, total


def _month_row(s, r, n, e, m):
    """The computed cells of one employee's row; returns them by key."""
    out = {}

    def at(key):
        return (r, MONTH_COL[key])

    def calc(key, formula, refs, value):
        out[key] = s.calc(at(key), formula % tuple(x.text(s) for x in refs), value, 'out_money')
        return out[key]

    def v(ref):
        return dec(ref.value())

    out['advance'] = s.udf(at('advance'), 'B2B_ADVANCE', [
        e['salary'], m['worked_first_half'], n['working_days_first_half'], n['working_days'],
        n['advance_share'], n['allowance']], 'out_money')
    calc('salary_pay', '=ROUND(%s*%s/%s,2)', [e['salary'], m['worked_days'], n['working_days']],
         round_half_up(v(e['salary']) * v(m['worked_days']) / v(n['working_days']), 2))
    out['bonus'] = s.udf(at('bonus'), 'B2B_BONUS', [
        m['plan'], m['fact'], m['paid_new_revenue'], n['bonus_rate'], m['clawback'], n['ladder']],
        'out_money')
    calc('salary_and_bonus', '=%s+%s', [out['salary_pay'], out['bonus']],
         v(out['salary_pay']) + v(out['bonus']))
    out['hours_pay'] = s.udf(at('hours_pay'), 'B2B_HOURS_PAY', [
        e['salary'], n['norm_hours'], m['overtime_first'], m['overtime_rest'], m['night_hours'],
        m['holiday_hours'], n['overtime_first_rate'], n['overtime_rest_rate'], n['night_extra'],
        n['holiday_rate']], 'out_money')
    out['mrot_shortfall'] = s.udf(at('mrot_shortfall'), 'B2B_MROT_SHORTFALL', [
        out['salary_and_bonus'], m['worked_days'], n['working_days'], n['mrot'], n['year']],
        'out_money')
    calc('north', '=ROUND((%s+%s)*%s,2)', [out['salary_and_bonus'], out['hours_pay'], n['allowance']],
         round_half_up((v(out['salary_and_bonus']) + v(out['hours_pay'])) * v(n['allowance']), 2))
    out['vacation'] = s.udf(at('vacation'), 'B2B_VACATION_PAY', [
        e['earnings_12m'], m['vacation_days'], e['full_months'], e['partial_month_days']], 'out_money')
    # One ordinary formula per column (not an array formula): without the add-in
    # each cell keeps its saved value.
    for key, column in (('sick_daily', 'в день'), ('sick_employer', 'работодатель'), ('sick_sfr', 'СФР'),
                        ('sick_total', 'всего')):
        out[key] = s.udf(at(key), 'B2B_SICK_PAY', [
            e['earnings_2y'], m['sick_days'], e['insurance_years'], n['year'], column], 'out_money')
    out['aid_exempt'] = s.udf(at('aid_exempt'), 'B2B_AID_EXEMPT', [m['material_aid'], e['aid_ytd_before']],
                              'out_money')
    parts = [out['salary_and_bonus'], out['hours_pay'], out['north'], out['vacation'],
             out['sick_employer'], m['material_aid']]
    calc('accrued', '=' + '+'.join(['%s'] * len(parts)), parts, sum(v(x) for x in parts))
    calc('ndfl_base', '=%s-%s-%s', [out['accrued'], out['north'], out['aid_exempt']],
         v(out['accrued']) - v(out['north']) - v(out['aid_exempt']))
    calc('income_ytd', '=%s+%s', [e['main_ytd_before'], out['ndfl_base']],
         v(e['main_ytd_before']) + v(out['ndfl_base']))
    out['child_deduction'] = s.udf(at('child_deduction'), 'B2B_CHILD_DEDUCTION', [
        e['children'], e['disabled_children'], out['income_ytd'], n['year']], 'out_money')
    out['ndfl_main'] = s.udf(at('ndfl_main'), 'B2B_NDFL', [
        out['ndfl_base'], e['main_ytd_before'], n['year'], out['child_deduction'],
        e['deductions_ytd_before']], 'out_money')
    out['ndfl_north'] = s.udf(at('ndfl_north'), 'B2B_NDFL_NORTH', [
        out['north'], e['north_ytd_before'], n['year']], 'out_money')
    calc('ndfl', '=%s+%s', [out['ndfl_main'], out['ndfl_north']],
         v(out['ndfl_main']) + v(out['ndfl_north']))
    out['writ'] = s.udf(at('writ'), 'B2B_WRIT_DEDUCTION', [
        out['accrued'], out['ndfl'], m['writ_requested'], m['writ_limit']], 'out_money')
    calc('final_pay', '=%s-%s-%s-%s-%s', [out['accrued'], out['ndfl'], out['advance'], out['writ'],
                                          m['paid_separately']],
         v(out['accrued']) - v(out['ndfl']) - v(out['advance']) - v(out['writ'])
         - v(m['paid_separately']))
    calc('contributions_base', '=%s-%s-%s', [out['accrued'], out['sick_employer'], out['aid_exempt']],
         v(out['accrued']) - v(out['sick_employer']) - v(out['aid_exempt']))
    out['contributions'] = s.udf(at('contributions'), 'B2B_CONTRIBUTIONS', [
        out['contributions_base'], e['contributions_ytd_before'], n['year'], n['tariff'],
        e['director']], 'out_money')
    calc('ns', '=ROUND(%s*%s,2)', [out['contributions_base'], n['ns_rate']],
         round_half_up(v(out['contributions_base']) * v(n['ns_rate']), 2))
    calc('cost', '=%s+%s+%s', [out['accrued'], out['contributions'], out['ns']],
         v(out['accrued']) + v(out['contributions']) + v(out['ns']))
    return out


# -- «Свод» -----------------------------------------------------------------------------------

#: «Свод»: (key of the «Расчёт» total, label).
TOTAL_LINES = tuple(tuple(r) for r in _LAYOUT['total_lines'])


def _totals(s, month, total_row):
    s.widths([52, 18, 60])
    s.text('A1', 'Свод по отделу за месяц', 'title')
    s.text('A2', 'итоги листа «Расчёт»', 'hint')
    s.headers(3, 0, ['Показатель', 'Сумма, руб.'])
    for i, (key, label) in enumerate(TOTAL_LINES):
        r = 4 + i
        src = month.ref((total_row, MONTH_COL[key]))
        s.text((r, 0), label, 'label')
        s.calc((r, 1), '=%s' % src.text(s), src.value(), 'out_money')
    s.ws.freeze_panes(4, 0)


# -- «Аванс», «Окончательный расчёт» ----------------------------------------------------------

def _payment(s, title, date, date_key, n, emp, rows, key, month, note):
    s.widths([5, 9, 36, 26, 16])
    s.text('A1', title, 'title')
    s.legend(1, 2, notice=False)
    s.text((2, 2), 'Дата выплаты', 'label')
    n[date_key] = s.input((2, 3), date, 'in_date',
                          validation(None, 'Дата перечисления в банк.', 'Дата выплаты',
                                     **EXTRA_CHECKS['date']),
                          name=SETTING_NAMES[date_key])
    s.headers(HEADER_ROW, 0, ['№', 'Таб. №', 'Сотрудник', 'Счёт', 'Сумма, руб.'])
    for i, (e, out) in enumerate(zip(emp, rows)):
        r = FIRST_ROW + i
        s.number((r, 0), i + 1, 'plain_int')
        for c, field in ((1, 'number'), (2, 'name'), (3, 'account')):
            s.calc((r, c), '=%s' % e[field].text(s), e[field].value(), 'out_text')
        s.calc((r, 4), '=%s' % out[key].text(s), out[key].value(), 'out_money')
    last = FIRST_ROW + len(emp) - 1
    s.text((last + 1, 2), 'Итого', 'total_label')
    s.sum((last + 1, 4), s.ref((FIRST_ROW, 4), (last, 4)), 'total_money')
    s.text((last + 3, 2), note, 'hint')
    s.ws.freeze_panes(FIRST_ROW, 0)
