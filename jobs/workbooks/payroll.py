"""«Зарплата отдела продаж»: settings (year, tariff, НС и ПЗ rate, plan ladder) and
one row per employee → bonus, gross, НДФЛ, net, contributions, НС и ПЗ, cost;
totals (SPEC 4.2).

The year is an explicit input (2026), never «the current year», so the cached
values stay right whenever the file is opened.
"""

from decimal import Decimal

from addin.model.motivation import DEFAULT_LADDER
from addin.model.rounding import round_half_up

from ..textfmt import MONTHS
from ..xlsx_writer import Book, dec, validation
from .provisional import warning_cell

FILE_NAME = 'Зарплата отдела продаж.xlsx'
SETTINGS = 'Настройки'
SHEET = 'Ведомость'

YEAR = 2026
MONTH = 'ноябрь'
#: Working days of November 2026 (4 November is a holiday).
WORKING_DAYS = 20
#: Months of pay before this one (January–October) for the «ytd before» samples.
MONTHS_BEFORE = 10
LADDER_ROWS = 8

HEAD = 'руководитель отдела продаж'
SALES = 'менеджер по продажам'
SUPPORT = 'менеджер сопровождения'
ROLES = (HEAD, SALES, SUPPORT)

_SURNAMES = ('Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Соколов', 'Михайлов', 'Новиков',
             'Фёдоров', 'Морозов', 'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров')
_FIRST = (('Андрей', 'м'), ('Елена', 'ж'), ('Сергей', 'м'), ('Ольга', 'ж'), ('Дмитрий', 'м'),
          ('Наталья', 'ж'), ('Алексей', 'м'), ('Ирина', 'ж'), ('Павел', 'м'), ('Татьяна', 'ж'),
          ('Михаил', 'м'))
_PATRONYMIC = (('Викторович', 'Викторовна'), ('Игоревич', 'Игоревна'), ('Петрович', 'Петровна'),
               ('Александрович', 'Александровна'), ('Николаевич', 'Николаевна'))

#: Sample size of the committed workbook.
DEFAULT_EMPLOYEES = 6

COLUMNS = (
    # header, width, style
    ('№', 5), ('Сотрудник', 34), ('Должность', 26), ('Оклад, руб.', 14), ('Отработано дней', 10),
    ('Рабочих дней в месяце', 10), ('План подключений', 10), ('Факт подключений', 10),
    ('Оплачено новыми клиентами, руб.', 15), ('Удержание (ушедшие / неоплатившие), руб.', 15),
    ('Начислено с 1 января до этого месяца, руб.', 17), ('Выполнение плана', 11),
    ('Коэффициент премии', 11), ('Премия, руб.', 14), ('Начислено, руб.', 15), ('НДФЛ, руб.', 13),
    ('К выплате, руб.', 15), ('Страховые взносы, руб.', 14),
    ('Начислено + взносы, руб.', 15), ('НС и ПЗ, руб.', 12), ('Стоимость для компании, руб.', 16),
)


def sample_employees(count=None):
    """Deterministic sample rows: (name, role, salary, worked days, working days,
    plan, fact, paid new revenue, clawback, gross before this month). Money in rubles.

    The first row is the head of sales, every fourth a support manager, the rest
    sales managers; some were on leave, some missed or beat the plan; the head's
    year-to-date pay crosses the 2 400 000 НДФЛ threshold.
    """
    count = DEFAULT_EMPLOYEES if count is None else int(count)
    rows = []
    for i in range(count):
        surname = _SURNAMES[i % len(_SURNAMES)]
        first, sex = _FIRST[(i * 3) % len(_FIRST)]
        patronymic = _PATRONYMIC[(i * 2 + i // 5) % len(_PATRONYMIC)][0 if sex == 'м' else 1]
        if sex == 'ж':
            surname = surname + 'а'
        name = '%s %s %s' % (surname, first, patronymic)
        if i // len(_SURNAMES):
            name += ' (%d)' % (i // len(_SURNAMES) + 1)
        if i == 0:
            role, salary, plan = HEAD, 150000, 40
        elif i % 4 == 3:
            role, salary, plan = SUPPORT, 55000, 6
        else:
            role, salary, plan = SALES, 60000 + (i * 5000) % 20000, 8 + i % 5
        worked = WORKING_DAYS - (6 if i % 5 == 4 else 0)
        fact = plan * (60 + (i * 17) % 75) // 100          # 60 %…134 % of plan
        paid = Decimal(fact * (4000 + (i * 700) % 3000))      # first payments of new clients
        clawback = Decimal(4500) if i % 6 == 5 else Decimal(0)
        monthly = Decimal(salary) + paid / 2
        ytd = (monthly * MONTHS_BEFORE + (1200000 if i == 0 else 0)).quantize(Decimal('0.01'))
        rows.append((name, role, salary, worked, WORKING_DAYS, plan, fact, paid, clawback, ytd))
    return rows


def build_payroll(path, employees=None):
    """Build «Зарплата отдела продаж.xlsx» at *path* with *employees* sample rows
    (default 6; the LibreOffice benchmark uses 200)."""
    staff = sample_employees(employees)
    book = Book(path, 'Зарплата отдела продаж', 'Ведомость отдела продаж: премия, НДФЛ, взносы')
    settings = book.sheet(SETTINGS)
    sheet = book.sheet(SHEET)
    names = _settings(settings)
    _payroll(sheet, names, staff)
    sheet.ws.activate()
    book.close()
    return path


def _settings(s):
    s.widths([44, 16, 60])
    s.text('A1', 'Настройки расчёта зарплаты', 'title')
    s.legend(1)
    n = {}
    rows = (
        # Not «Год» / «Месяц»: those are ГОД() and МЕСЯЦ() in a Russian Excel.
        ('Год расчёта', YEAR, 'in_year', 'year', 'Год_расчёта',
         'год выплаты: от него зависят шкала НДФЛ, предельная база взносов и МРОТ'),
        ('Месяц', MONTH, 'in_text',
         validation(None, 'Месяц ведомости (для заголовка; на расчёт не влияет).', 'Месяц',
                    validate='list', source=list(MONTHS), error_message='Выберите месяц из списка.'),
         'Месяц_ведомости', 'для чего ведомость; на расчёт не влияет — влияет «начислено с 1 января»'),
        ('Тариф страховых взносов', 'общий', 'in_text',
         validation(None, '«общий» или «МСП» (с 2026 г. МСП — только приоритетные ОКВЭД).', 'Тариф',
                    validate='list', source=['общий', 'МСП'],
                    error_message='Выберите «общий» или «МСП».'),
         'Тариф', '«общий» или «МСП» (с 2026 г. МСП — только для приоритетных ОКВЭД)'),
        ('Ставка взносов на травматизм (НС и ПЗ)', 0.002, 'in_share', 'share', 'Ставка_НС',
         '0,2 % — I класс профессионального риска'),
        ('Ставка премии от оплат новых клиентов', 0.5, 'in_share', 'share', 'Ставка_премии',
         'доля первых оплат новых клиентов, идущая в премию (50 %)'),
    )
    row = 3
    for label, value, style, check, name, hint in rows:
        # A validation dict carries its own entry hint; input_row passes *hint* only with a key.
        n[name] = s.input_row(row, label, value, style, check, hint, name=name)
        row += 1
    row += 1
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
    n['Шкала'] = s.book.define('Шкала', ladder)
    s.ws.freeze_panes(3, 0)
    return n


def _payroll(s, n, staff):
    s.widths([w for _, w in COLUMNS])
    s.text('A1', 'Ведомость отдела продаж', 'title')
    s.text('D1', 'месяц, год, тариф и шкала — на листе «Настройки»', 'hint')
    s.legend(1, 1)
    warning_cell(s, (2, 1), n['Год_расчёта'])
    header = 3
    s.headers(header, 0, [h for h, _ in COLUMNS], height=62)
    first = header + 1
    last = first + len(staff) - 1
    for i, (name, role, salary, worked, days, plan, fact, paid, clawback, ytd) in enumerate(staff):
        r = first + i
        s.number((r, 0), i + 1, 'plain_int')
        s.input((r, 1), name, 'in_text')
        s.input((r, 2), role, 'in_text')
        salary_ref = s.input((r, 3), salary, 'in_money')
        worked_ref = s.input((r, 4), worked, 'in_int')
        days_ref = s.input((r, 5), days, 'in_int')
        plan_ref = s.input((r, 6), plan, 'in_int')
        fact_ref = s.input((r, 7), fact, 'in_int')
        paid_ref = s.input((r, 8), paid, 'in_money')
        claw_ref = s.input((r, 9), clawback, 'in_money')
        ytd_ref = s.input((r, 10), ytd, 'in_money')
        fulfil = dec(fact_ref.value()) / dec(plan_ref.value())
        fulfil_ref = s.calc((r, 11), '=%s/%s' % (fact_ref.text(s), plan_ref.text(s)), fulfil, 'out_percent')
        s.udf((r, 12), 'B2B_PLAN_COEF', [fulfil_ref, n['Шкала']], 'out_coef')
        bonus_ref = s.udf((r, 13), 'B2B_BONUS', [plan_ref, fact_ref, paid_ref, n['Ставка_премии'],
                                                 claw_ref, n['Шкала']], 'out_money')
        pay = s.array((r, 14), 'B2B_PAYROLL', [salary_ref, worked_ref, days_ref, bonus_ref, ytd_ref,
                                               n['Год_расчёта'], n['Тариф']], 'out_money', expect=(1, 5))
        gross = pay.cell(0, 0)
        ns = round_half_up(dec(gross.value()) * dec(n['Ставка_НС'].value()), 2)
        ns_ref = s.calc((r, 19), '=ROUND(%s*Ставка_НС,2)' % gross.text(s), ns, 'out_money')
        cost = pay.cell(0, 4)
        s.calc((r, 20), '=%s+%s' % (cost.text(s), ns_ref.text(s)),
               dec(cost.value()) + dec(ns_ref.value()), 'out_money')

    block = s.ref((first, 0), (last, 0))
    s.validate(block.column(1), dict(validate='length', criteria='>', value=0,
                                     input_title='Сотрудник', input_message='Фамилия, имя, отчество.'))
    s.validate(block.column(2), validation(None, 'Роль сотрудника (на расчёт не влияет).', 'Должность',
                                           validate='list', source=list(ROLES),
                                           error_type='warning',
                                           error_message='Выберите должность из списка.'))
    s.validate(block.column(3), 'money', 'Оклад за полный месяц, руб.', 'Оклад')
    s.validate(block.column(4), 'days', 'Отработано рабочих дней (не больше рабочих дней месяца).',
               'Отработано дней')
    s.validate(block.column(5), 'working_days', 'Рабочих дней в месяце по календарю.', 'Рабочих дней')
    s.validate(block.column(6), 'positive_int', 'План подключений на месяц, больше 0.', 'План')
    s.validate(block.column(7), 'int', 'Подключено за месяц.', 'Факт')
    s.validate(block.column(8), 'money', 'Сколько заплатили новые клиенты менеджера, руб.',
               'Оплачено новыми')
    s.validate(block.column(9), 'money', 'Снижение премии за клиентов, ушедших или не оплативших '
                                         'в гарантийный срок, руб.', 'Удержание')
    s.validate(block.column(10), 'money', 'Облагаемые начисления с 1 января до этого месяца, руб. '
                                          '(для НДФЛ и предельной базы взносов).', 'С начала года')

    total = last + 1
    s.text((total, 1), 'Итого', 'total_label')
    for c in (3, 8, 9, 13, 14, 15, 16, 17, 18, 19, 20):
        s.sum((total, c), s.ref((first, c), (last, c)), 'total_money')
    s.ws.freeze_panes(first, 2)
    s.ws.autofilter(header, 0, last, len(COLUMNS) - 1)
