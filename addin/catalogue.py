"""The worksheet-function catalogue (каталог функций листа).

One entry per function of SPEC section 3: its name, arguments in order with
defaults and Russian help, and how to turn spreadsheet values into model
arguments and the model's result back into cell values. The xlwings module
(:mod:`addin.udfs`), the LibreOffice Basic module and bridge (``macros/``) and the
function reference (``docs/functions.md``) are all generated from it.

Standard library only: LibreOffice's own Python imports this module.

>>> call('B2B_LEGAL_ENTITIES', [20000])
1000
>>> call('B2B_CONTRIBUTIONS', [100000.0, 0.0, 2025.0, 'МСП'])
20049.0
>>> call('B2B_PERSONAL_PLAN', [10, ((1.0,), (1.0,), (None,), (2.0,))])
[[3], [2], [0], [5]]
>>> call('B2B_WORKDAY_ADD', ['30.12.2025', 1]) == 46034    # 12.01.2026 as a date serial
True
"""

import datetime
import os
from collections import namedtuple
from decimal import Decimal

from . import model
from .model.errors import CELL_LIMIT, ERROR_PREFIX, ArgumentError

# Argument kinds: how a spreadsheet value becomes a model argument.
NUMBER = 'number'    # one number (a float from the sheet, or text like «12 345,50»)
TEXT = 'text'        # one text value
YEAR = 'year'        # a year; empty → the current year
COLUMN = 'column'    # a one-column (or one-row) range → flat list, blanks kept as None
TABLE = 'table'      # a two-column range → list of rows
INDEX = 'index'      # a column of a table result: its number or its heading
DATE = 'date'        # a date: a date cell (xlwings: datetime; LibreOffice: a serial number)
                     # or text ДД.ММ.ГГГГ / ГГГГ-ММ-ДД; empty → today when the default is TODAY

# Result shapes: how a model result becomes cell values.
SCALAR = 'scalar'    # one cell
ARRAY = 'array'      # rows × columns, entered as an array formula; with its row / column
                     # arguments one cell, an ordinary formula

_REQUIRED = object()
CURRENT_YEAR = object()
TODAY = object()

Arg = namedtuple('Arg', 'name kind help default')
Function = namedtuple('Function', 'name impl args help result columns example category')


def arg(name, kind, help, default=_REQUIRED):
    """An argument; one with a *default* is optional (may be omitted or left empty)."""
    return Arg(name, kind, help, default)


def is_optional(a):
    """True when the argument may be omitted."""
    return a.default is not _REQUIRED


def _plain(value):
    """A model value as a cell value: Decimal → float, whole Decimal counts stay exact,
    a date → its serial number (format the cell as a date)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date):
        return model.dates.serial(value)
    return value


def _percent(rate):
    text = format(rate * 100, 'f')
    if '.' in text:
        text = text.rstrip('0').rstrip('.')
    return '%s %%' % text.replace('.', ',')


def _fact(name, day):
    """B2B_FACT: a fact as one cell — numbers as numbers, scales and rate lists as text."""
    value = model.lookup.fact(name, day)
    if value is None:
        return 'не применяется'
    if isinstance(value, tuple):
        if value and isinstance(value[0], tuple):      # a scale: ((from, rate), …)
            return '; '.join('от %s ₽ — %s' % ('{:,}'.format(int(a)).replace(',', ' '), _percent(r))
                             for a, r in value)
        return '; '.join(_percent(r) for r in value)
    return value


PAYROLL_COLUMNS = ('начислено', 'НДФЛ', 'к выплате', 'взносы', 'стоимость')
CASHFLOW_COLUMNS = ('месяц', 'клиентов', 'выручка', 'накоплено')
PERSONAL_PLAN_COLUMNS = ('план',)
SICK_PAY_COLUMNS = ('в день', 'работодатель', 'СФР', 'всего')
FUNNEL_COLUMNS = ('встреч', 'звонков')


def _payroll(*args):
    *args, column = args
    return model.table.pick([[_plain(v) for v in model.payroll_row(*args)]], PAYROLL_COLUMNS,
                            None, column)


def _cashflow(*args):
    *args, row, column = args
    return model.table.pick([[r.month, _plain(r.clients), _plain(r.revenue), _plain(r.cumulative)]
                             for r in model.cashflow(*args)], CASHFLOW_COLUMNS, row, column)


def _personal_plan(total, weights, row):
    return model.table.pick([[n] for n in model.personal_plan(total, weights)], PERSONAL_PLAN_COLUMNS,
                            row)


def _sick_pay(*args):
    *args, column = args
    return model.table.pick([[_plain(v) for v in model.sick_pay(*args)]], SICK_PAY_COLUMNS, None, column)


def _funnel_need(*args):
    *args, column = args
    return model.table.pick([list(model.funnel_need(*args))], FUNNEL_COLUMNS, None, column)


_HOUSEHOLDS = arg('households', NUMBER, 'квартир (домохозяйств) в зоне покрытия')
_MONEY_YTD = arg('gross_ytd_before', NUMBER,
                 'начислено с 1 января до этого месяца, руб. (облагаемая база нарастающим итогом)')
_YEAR = arg('year', YEAR, 'год расчёта; по умолчанию — текущий', CURRENT_YEAR)
_TARIFF = arg('tariff', TEXT, 'тариф взносов: «общий» или «МСП»', 'общий')
_LADDER = arg('ladder', TABLE,
              'шкала: диапазон из двух столбцов «от» (доля плана) и «коэффициент»; '
              'по умолчанию 0→0; 0,5→0,5; 0,8→0,8; 1→1; 1,2→1,2', None)
_DATE = arg('date', DATE, 'дата (ячейка с датой, ДАТА(2027;1;1) или текст «ДД.ММ.ГГГГ»); '
                        'по умолчанию — сегодня', TODAY)
_COLUMN = arg('column', INDEX, 'столбец результата: номер (1, 2, …) или заголовок; задан — функция '
                               'возвращает одно значение, обычной формулой, без формулы массива', None)
_ROW = arg('row', NUMBER, 'строка результата, с 1; задана — функция возвращает одно значение '
                         '(за концом таблицы — пусто)', None)
_CASH_ARGS = (
    arg('monthly_cost', NUMBER, 'расходы отдела продаж в месяц, руб.'),
    arg('new_clients_per_month', NUMBER, 'новых подключений в месяц'),
    arg('arpu', NUMBER, 'средний платёж клиента в месяц (ARPU), руб.'),
    arg('monthly_churn', NUMBER, 'доля клиентов, уходящих за месяц (0,02 = 2 %)', 0),
    arg('horizon', NUMBER, 'горизонт расчёта, месяцев', 36),
)


def _due_date(charge_date, payment_days, pay_by_day):
    if payment_days is None and pay_by_day is None:
        payment_days = 10              # the kit's default term (settings [billing] payment_days)
    return model.terms.due_date(charge_date, payment_days, pay_by_day, model.calendar.is_working_day)


def _interest_395(debt, due_date, until, payment_dates, payment_amounts):
    dates = [d for d in (payment_dates or []) if not _is_empty(d)]
    amounts = [a for a in (payment_amounts or []) if not _is_empty(a)]
    if len(dates) != len(amounts):
        raise ArgumentError('payment_amounts', 'дат оплат и сумм оплат должно быть поровну (%d и %d)'
                            % (len(dates), len(amounts)), short='дат и сумм оплат не поровну')
    pays = [(model.dates.as_date('payment_dates', d), a) for d, a in zip(dates, amounts)]
    return model.interest.interest_395(debt, due_date, until, pays)

FUNCTIONS = (
    Function('B2B_LEGAL_ENTITIES', model.legal_entities, (
        _HOUSEHOLDS,
        arg('per_20000', NUMBER, 'юрлиц на 20 000 квартир (правило методики)', 1000),
    ), 'Оценка числа юрлиц в зоне покрытия: 20 000 квартир ≈ 1 000 юрлиц.',
        SCALAR, None, (20000,), 'Потенциал и штат'),
    Function('B2B_POTENTIAL', model.potential, (
        arg('legal_entities', NUMBER, 'юрлиц в зоне покрытия'),
        arg('own_clients', NUMBER, 'уже наших клиентов-юрлиц'),
        arg('competitors', NUMBER, 'конкурентов в зоне'),
        arg('reachable_share', NUMBER, 'доля юрлиц, до которых можно дотянуть сеть', 0.9),
        arg('strength', NUMBER, 'сила нашего предложения против среднего конкурента (1 — равная)', 1),
    ), 'Сколько ещё юрлиц можно подключить (дополнительный потенциал).',
        SCALAR, None, (1000, 150, 2), 'Потенциал и штат'),
    Function('B2B_MONTHLY_PLAN', model.monthly_plan, (
        arg('potential', NUMBER, 'потенциал подключений'),
        arg('months', NUMBER, 'за сколько месяцев его выбрать'),
    ), 'План новых подключений в месяц: потенциал / месяцы, с округлением вверх.',
        SCALAR, None, (150, 12), 'Потенциал и штат'),
    Function('B2B_MANAGERS', model.managers, (
        arg('plan_per_month', NUMBER, 'план подключений в месяц'),
        arg('calls_per_day', NUMBER, 'звонков в день на менеджера', 40),
        arg('meetings_per_day', NUMBER, 'встреч в день на менеджера', 3),
        arg('call_to_meeting', NUMBER, 'конверсия звонка во встречу', 0.15),
        arg('meeting_to_contract', NUMBER, 'конверсия встречи в договор', 0.25),
        arg('working_days', NUMBER, 'рабочих дней в месяце', 21),
        arg('sales_time_share', NUMBER, 'доля рабочего времени на продажи', 0.7),
    ), 'Сколько менеджеров по продажам нужно для плана (воронка звонки → встречи → договоры).',
        SCALAR, None, (20,), 'Потенциал и штат'),
    Function('B2B_SUPPORT_MANAGERS', model.support_managers, (
        arg('active_clients', NUMBER, 'активных клиентов-юрлиц'),
        arg('clients_per_manager', NUMBER, 'клиентов на одного менеджера сопровождения', 250),
    ), 'Сколько менеджеров сопровождения нужно для клиентской базы.',
        SCALAR, None, (600,), 'Потенциал и штат'),
    Function('B2B_PERSONAL_PLAN', _personal_plan, (
        arg('total', NUMBER, 'общий план (целое число)'),
        arg('weights', COLUMN, 'веса менеджеров (столбец): территория, опыт…'),
        _ROW,
    ), 'Личные планы: общий план делится по весам на целые числа, сумма равна плану '
       '(метод наибольших остатков). С номером строки — план одного менеджера, обычной формулой '
       'в каждой строке (=B2B_PERSONAL_PLAN(План; $C$2:$C$9; СТРОКИ($C$2:C2))); без него — '
       'формула массива на столбец.',
        ARRAY, PERSONAL_PLAN_COLUMNS, (20, [0.5, 0.3, 0.2]), 'Потенциал и штат'),
    Function('B2B_PLAN_COEF', model.plan_coef, (
        arg('fulfilment', NUMBER, 'выполнение плана (1 = 100 %)'),
        _LADDER,
    ), 'Коэффициент премии по шкале выполнения плана.',
        SCALAR, None, (0.95,), 'Зарплата'),
    Function('B2B_BONUS', model.bonus, (
        arg('plan', NUMBER, 'план подключений'),
        arg('fact', NUMBER, 'факт подключений'),
        arg('paid_new_revenue', NUMBER, 'оплачено новыми клиентами, руб.'),
        arg('rate', NUMBER, 'ставка премии от оплат новых клиентов', 1),
        arg('clawback', NUMBER, 'удержание за ушедших / неоплативших в гарантийный срок, руб.', 0),
        _LADDER,
    ), 'Премия за план: оплаты новых клиентов × ставка × коэффициент шкалы − удержание.',
        SCALAR, None, (10, 12, 60000), 'Зарплата'),
    Function('B2B_NDFL', model.ndfl, (
        arg('gross', NUMBER, 'начислено за месяц, руб.'),
        _MONEY_YTD,
        _YEAR,
        arg('deduction', NUMBER, 'стандартные вычеты за месяц (на детей), руб.', 0),
        arg('deductions_ytd_before', NUMBER, 'вычеты с 1 января до этого месяца, руб.', 0),
    ), 'НДФЛ за месяц нарастающим итогом по прогрессивной шкале года, целые рубли; '
       'вычеты уменьшают базу (ст. 218 НК).',
        SCALAR, None, (300000, 2400000, 2025), 'Зарплата'),
    Function('B2B_CONTRIBUTIONS', model.contributions, (
        arg('gross', NUMBER, 'начислено за месяц, руб.'),
        _MONEY_YTD,
        _YEAR,
        _TARIFF,
        arg('director', TEXT, '«да» — руководитель организации: с 2026 г. база не меньше МРОТ '
                              'в месяц (ст. 421 НК)', 'нет'),
    ), 'Страховые взносы работодателя за месяц (общий тариф или МСП), руб. и коп.',
        SCALAR, None, (100000, 0, 2025, 'МСП'), 'Зарплата'),
    Function('B2B_PAYROLL', _payroll, (
        arg('base_salary', NUMBER, 'оклад за полный месяц, руб.'),
        arg('worked_days', NUMBER, 'отработано дней'),
        arg('working_days', NUMBER, 'рабочих дней в месяце'),
        arg('bonus', NUMBER, 'премия за месяц, руб.'),
        _MONEY_YTD,
        _YEAR,
        _TARIFF,
        _COLUMN,
    ), 'Строка ведомости: начислено, НДФЛ, к выплате, взносы, стоимость для работодателя. '
       'Со столбцом («НДФЛ» или 2) — одно значение, обычной формулой; без него — формула массива '
       'на строку из 5 ячеек.',
        ARRAY, PAYROLL_COLUMNS,
        (60000, 21, 21, 20000, 0, 2026), 'Зарплата'),
    Function('B2B_CASHFLOW', _cashflow, _CASH_ARGS + (_ROW, _COLUMN),
             'Денежный поток отдела продаж по месяцам: месяц, клиентов, выручка, накоплено. '
             'Со строкой (номер месяца) и столбцом («выручка» или 3) — одно значение, обычной '
             'формулой в каждой ячейке; без них — формула массива на horizon строк × 4 столбца.',
             ARRAY, CASHFLOW_COLUMNS,
             (200000, 10, 5000, 0, 12), 'Бюджет'),
    Function('B2B_PAYBACK', model.payback, _CASH_ARGS,
             'Месяц окупаемости: первый месяц, когда накопленный поток ≥ 0.',
             SCALAR, None, (200000, 10, 5000), 'Бюджет'),
    Function('B2B_AGING_BUCKET', model.aging_bucket, (
        arg('days_overdue', NUMBER, 'дней просрочки'),
    ), 'Корзина старения долга: «не просрочено», «1–30», «31–60», «61–90», «91–180», «более 180».',
        SCALAR, None, (45,), 'Должники'),
    Function('B2B_DUNNING_STAGE', model.dunning_stage, (
        arg('days_overdue', NUMBER, 'дней просрочки'),
        arg('debt', NUMBER, 'сумма долга, руб.'),
        arg('min_debt', NUMBER, 'порог долга, ниже которого не напоминаем, руб.', 100),
    ), 'Стадия взыскания: «напоминание» (5 дн.), «предупреждение» (15), «претензия» (30), '
       '«суд» (60) или «нет».',
        SCALAR, None, (35, 12000), 'Должники'),
    Function('B2B_FACT', _fact, (
        arg('name', TEXT, 'показатель: «МРОТ», «предельная база», «порог МСП», «шкала НДФЛ», '
                          '«ставка НДС», «ключевая ставка», «больничный максимум», '
                          '«больничный минимум», «вычет на второго ребёнка», «предварительные», '
                          '«предупреждение» и др. (см. docs/yearly-facts.md)'),
        _DATE,
    ), 'Показатель, действующий на дату: МРОТ, предельная база, ставки, вычеты, ключевая ставка… '
       '«предварительные» — какие показатели на эту дату ещё не опубликованы и взяты из прошлого '
       'года (пусто, если все опубликованы).',
        SCALAR, None, ('МРОТ', '01.01.2026'), 'Показатели и календарь'),
    Function('B2B_KEY_RATE', model.dated.key_rate, (
        _DATE,
    ), 'Ключевая ставка Банка России на дату, доля годовых (0,16 = 16 %): для процентов по ст. 395 ГК РФ '
       'и пеней.',
        SCALAR, None, ('01.11.2025',), 'Показатели и календарь'),
    Function('B2B_AMOUNT_IN_WORDS', model.words.amount_in_words, (
        arg('amount', NUMBER, 'сумма, руб.'),
    ), 'Сумма прописью, как в счёте и акте: «Две тысячи сто рублей 00 копеек» (округление до копеек '
       'по правилам арифметики).',
        SCALAR, None, (2100,), 'Документы'),
    Function('B2B_VAT', model.words.vat, (
        arg('amount', NUMBER, 'сумма, руб.'),
        arg('rate', NUMBER, 'ставка НДС долей: 0,22; 0,1; 0,07; 0,05; 0', 0.22),
        arg('included', NUMBER, 'ИСТИНА — НДС в сумме (сумма × ставка / (1 + ставка)), ЛОЖЬ — сверх суммы '
                                '(сумма × ставка)', True),
    ), 'НДС в сумме или сверх суммы, округлённый до копеек: 12 200 с НДС 22 % → 2 200,00.',
        SCALAR, None, (12200,), 'Документы'),
    Function('B2B_IS_WORKING_DAY', model.calendar.is_working_day, (
        arg('date', DATE, 'дата (ячейка с датой или текст «ДД.ММ.ГГГГ»)'),
    ), 'Рабочий ли день по производственному календарю РФ (пятидневка): ИСТИНА или ЛОЖЬ.',
        SCALAR, None, ('09.01.2026',), 'Показатели и календарь'),
    Function('B2B_WORKING_DAYS', model.calendar.working_days, (
        arg('year', YEAR, 'год; по умолчанию — текущий', CURRENT_YEAR),
        arg('month', NUMBER, 'месяц 1–12; пусто — за весь год', None),
    ), 'Норма рабочих дней месяца (или года) по производственному календарю РФ — для табеля и '
       'оклада за отработанные дни.',
        SCALAR, None, (2025, 1), 'Показатели и календарь'),
    Function('B2B_WORKDAY_ADD', model.calendar.workday_add, (
        arg('date', DATE, 'с какой даты считать'),
        arg('days', NUMBER, 'сколько рабочих дней прибавить (отрицательное — отнять; 0 — эта дата '
                            'или ближайший следующий рабочий день)'),
    ), 'Дата через N рабочих дней по производственному календарю РФ (срок оплаты, ответа). '
       'Результат — дата: задайте ячейке формат даты.',
        SCALAR, None, ('30.12.2025', 1), 'Показатели и календарь'),
    Function('B2B_DUE_DATE', _due_date, (
        arg('charge_date', DATE, 'дата начисления (счёта, акта)'),
        arg('payment_days', NUMBER, 'срок оплаты, дней от начисления; пусто — 10 (или задайте pay_by_day)', None),
        arg('pay_by_day', NUMBER, 'или: оплата до этого числа месяца, следующего за расчётным', None),
    ), 'Срок оплаты: через N дней или до N-го числа следующего месяца; если он выпал на выходной или '
       'праздник — следующий рабочий день (ст. 193 ГК РФ). Результат — дата.',
        SCALAR, None, ('18.11.2026', 10), 'Должники'),
    Function('B2B_INTEREST_395', _interest_395, (
        arg('debt', NUMBER, 'сумма долга, руб.'),
        arg('due_date', DATE, 'срок оплаты (проценты — со следующего дня)'),
        arg('until', DATE, 'по какой день считать (день оплаты включительно)'),
        arg('payment_dates', COLUMN, 'даты частичных оплат (столбец)', None),
        arg('payment_amounts', COLUMN, 'суммы частичных оплат, руб. (столбец той же длины)', None),
    ), 'Проценты за пользование чужими денежными средствами (ст. 395 ГК РФ) по ключевой ставке Банка '
       'России в каждом периоде, дни / 365 (366), с частичными оплатами; руб. и коп.',
        SCALAR, None, (100000, '10.07.2025', '20.08.2025'), 'Должники'),
    Function('B2B_VACATION_PAY', model.vacation_pay, (
        arg('earnings_12m', NUMBER, 'заработок за 12 месяцев до отпуска, руб. (без отпускных, '
                                    'больничных, материальной помощи)'),
        arg('vacation_days', NUMBER, 'календарных дней отпуска'),
        arg('full_months', NUMBER, 'полностью отработанных месяцев из 12', 12),
        arg('partial_month_days', NUMBER, 'дней неполных месяцев: сумма 29,3 / дней месяца × '
                                          'отработанные календарные дни', 0),
    ), 'Отпускные: заработок за 12 месяцев / (29,3 × полные месяцы + дни неполных) × дни '
       'отпуска (ст. 139 ТК, ПП № 922).',
        SCALAR, None, (720000, 28), 'Зарплата'),
    Function('B2B_SICK_PAY', _sick_pay, (
        arg('earnings_2y', NUMBER, 'заработок за два предыдущих календарных года, руб.'),
        arg('days', NUMBER, 'календарных дней болезни'),
        arg('insurance_years', NUMBER, 'страховой стаж, лет: до 5 — 60 %, 5–8 — 80 %, от 8 — 100 %', 8),
        _YEAR,
        _COLUMN,
    ), 'Больничный: заработок за 2 года / 730 (не больше предельных баз / 730 и не меньше '
       'МРОТ × 24 / 730) × доля по стажу; первые 3 дня — работодатель, остальные — СФР. '
       'Со столбцом («СФР» или 3) — одно значение, обычной формулой; без него — формула массива '
       'на строку из 4 ячеек.',
        ARRAY, SICK_PAY_COLUMNS, (1500000, 10, 8, 2026), 'Зарплата'),
    Function('B2B_CHILD_DEDUCTION', model.child_deduction, (
        arg('children', NUMBER, 'детей (всего, с детьми-инвалидами)'),
        arg('disabled_children', NUMBER, 'из них детей-инвалидов', 0),
        arg('income_ytd', NUMBER, 'доход по ставке 13 % с 1 января, включая этот месяц, руб.'),
        _YEAR,
    ), 'Стандартный вычет на детей за месяц (ст. 218 НК): 1 400 / 2 800 / 6 000 ₽ на первого, '
       'второго, третьего и следующих, + 12 000 ₽ на ребёнка-инвалида; 0, когда доход с начала '
       'года больше 450 000 ₽.',
        SCALAR, None, (2, 0, 90000, 2026), 'Зарплата'),
    Function('B2B_NDFL_NORTH', model.ndfl_north, (
        arg('north_gross', NUMBER, 'районный коэффициент и северная надбавка за месяц, руб.'),
        arg('north_ytd_before', NUMBER, 'они же с 1 января до этого месяца, руб.'),
        _YEAR,
    ), 'НДФЛ с районного коэффициента и северной надбавки — отдельная база с 2025 г.: 13 % до '
       '5 млн ₽, 15 % сверх (п. 6.2 ст. 210, п. 1.2 ст. 224 НК), целые рубли.',
        SCALAR, None, (100000, 4950000, 2026), 'Зарплата'),
    Function('B2B_ADVANCE', model.advance, (
        arg('base_salary', NUMBER, 'оклад за полный месяц, руб.'),
        arg('worked_first_half', NUMBER, 'отработано дней с 1 по 15 число'),
        arg('working_days_first_half', NUMBER, 'рабочих дней с 1 по 15 число'),
        arg('working_days', NUMBER, 'рабочих дней в месяце'),
        arg('share_of_salary', NUMBER, 'аванс — доля оклада (0,4 = 40 %); пусто — по отработанным дням',
            None),
        arg('allowance', NUMBER, 'районный коэффициент − 1 + северная надбавка (0,15 = +15 %)', 0),
    ), 'Аванс за первую половину месяца (ст. 136 ТК) без удержания НДФЛ: по отработанным дням '
       'или долей оклада.',
        SCALAR, None, (60000, 9, 9, 20), 'Зарплата'),
    Function('B2B_HOURS_PAY', model.hours_pay, (
        arg('base_salary', NUMBER, 'оклад за полный месяц, руб.'),
        arg('norm_hours', NUMBER, 'норма часов месяца по календарю'),
        arg('overtime_first', NUMBER, 'сверхурочных часов — первые 2 часа', 0),
        arg('overtime_rest', NUMBER, 'сверхурочных часов — далее', 0),
        arg('night_hours', NUMBER, 'часов ночной работы (22:00–6:00)', 0),
        arg('holiday_hours', NUMBER, 'часов работы в выходные и праздники', 0),
        arg('overtime_first_rate', NUMBER, 'множитель первых 2 сверхурочных часов (ст. 152 ТК)', 1.5),
        arg('overtime_rest_rate', NUMBER, 'множитель следующих сверхурочных часов', 2),
        arg('night_extra', NUMBER, 'доплата за ночной час (0,2 = +20 %, ст. 154 ТК)', 0.2),
        arg('holiday_rate', NUMBER, 'множитель часа в выходной или праздник (ст. 153 ТК)', 2),
    ), 'Доплата за сверхурочные, ночные часы, работу в выходные и праздники: '
       'оклад / норма часов × часы × множители.',
        SCALAR, None, (60000, 160, 2, 1, 8, 8), 'Зарплата'),
    Function('B2B_MROT_SHORTFALL', model.mrot_shortfall, (
        arg('pay', NUMBER, 'оклад и премии за месяц без районного коэффициента, северных, '
                           'сверхурочных и праздничных, руб.'),
        arg('worked_days', NUMBER, 'отработано дней'),
        arg('working_days', NUMBER, 'рабочих дней в месяце'),
        arg('mrot', NUMBER, 'МРОТ региона, руб.; пусто — федеральный МРОТ года', None),
        _YEAR,
    ), 'Сколько не хватает до МРОТ за отработанное время (ст. 133 ТК); 0 — зарплата не ниже МРОТ.',
        SCALAR, None, (20000, 20, 20), 'Зарплата'),
    Function('B2B_AID_EXEMPT', model.aid_exempt, (
        arg('aid', NUMBER, 'материальная помощь за месяц, руб.'),
        arg('aid_ytd_before', NUMBER, 'материальная помощь с 1 января до этого месяца, руб.', 0),
    ), 'Необлагаемая часть материальной помощи: до 4 000 ₽ в год (п. 28 ст. 217, ст. 422 НК).',
        SCALAR, None, (3000, 2000), 'Зарплата'),
    Function('B2B_WRIT_DEDUCTION', model.writ_deduction, (
        arg('accrued', NUMBER, 'начислено за месяц, руб.'),
        arg('ndfl', NUMBER, 'НДФЛ за месяц, руб.'),
        arg('requested', NUMBER, 'удержать по исполнительным листам за месяц, руб.'),
        arg('limit', NUMBER, 'предел удержания: 0,5, а по алиментам на детей и возмещению вреда 0,7', 0.5),
    ), 'Удержание по исполнительным листам: не больше 50 % (70 %) заработка после НДФЛ '
       '(ст. 99 229-ФЗ, ст. 138 ТК).',
        SCALAR, None, (50000, 6500, 30000), 'Зарплата'),
    Function('B2B_FUNNEL_NEED', _funnel_need, (
        arg('contracts', NUMBER, 'нужно договоров (подключений)'),
        arg('call_to_meeting', NUMBER, 'конверсия звонка во встречу', 0.15),
        arg('meeting_to_contract', NUMBER, 'конверсия встречи в договор', 0.25),
        _COLUMN,
    ), 'Сколько нужно встреч и звонков для плана договоров (воронка назад, с округлением вверх). '
       'Со столбцом («звонков» или 2) — одно значение; без него — формула массива на строку из 2 ячеек.',
        ARRAY, FUNNEL_COLUMNS, (10,), 'Продажи'),
    Function('B2B_PLAN_FORECAST', model.plan_forecast, (
        arg('fact_to_date', NUMBER, 'факт с начала месяца (договоров, подключений…)'),
        arg('working_days_passed', NUMBER, 'прошло рабочих дней месяца, включая день факта'),
        arg('working_days_in_month', NUMBER, 'рабочих дней в месяце'),
    ), 'Прогноз на конец месяца при текущем темпе: факт / прошло рабочих дней × рабочих дней в месяце.',
        SCALAR, None, (7, 10, 21), 'Продажи'),
)

BY_NAME = {f.name: f for f in FUNCTIONS}

#: Environment variable naming a JSON file with extra yearly facts (see docs/yearly-facts.md).
YEARLY_FACTS_ENV = 'B2BKIT_YEARLY_FACTS'


def load_user_facts(path=None):
    """Add the years of the user's facts file (*path*, else ``$B2BKIT_YEARLY_FACTS``).

    Returns the path read, or ``None`` when there is none. A broken file is an
    error naming the file — better than silently using last year's rates.
    """
    path = path or os.environ.get(YEARLY_FACTS_ENV)
    if not path:
        return None
    try:
        with open(path, encoding='utf-8-sig') as fh:
            model.yearly.add_years_from_json(fh.read())
    except (OSError, ValueError) as exc:
        raise ValueError('файл годовых показателей %s: %s' % (path, exc))
    return path


load_user_facts()


def _is_empty(value):
    return value is None or (isinstance(value, str) and value.strip() == '')


def _rows(value):
    """A range value (tuple/list of tuples/lists, or a scalar) as a list of rows."""
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(r, (list, tuple)) for r in value):
            return [list(r) for r in value]
        return [[v] for v in value]
    return [[value]]


def coerce(a, value):
    """Turn one spreadsheet value into the model argument for *a*."""
    if _is_empty(value):
        if not is_optional(a):
            raise ArgumentError(a.name, 'обязательный аргумент не задан', short='не задан')
        if a.default is CURRENT_YEAR:
            return datetime.date.today().year
        if a.default is TODAY:
            return datetime.date.today()
        return a.default
    if a.kind == COLUMN:
        rows = _rows(value)
        if len(rows) == 1 and len(rows[0]) > 1:
            return rows[0]          # a one-row range is fine too
        if any(len(r) != 1 for r in rows):
            raise ArgumentError(a.name, 'ожидается диапазон в один столбец', short='нужен один столбец')
        return [r[0] for r in rows]
    if a.kind == TABLE:
        return _rows(value)
    if isinstance(value, (list, tuple)):
        rows = _rows(value)
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        raise ArgumentError(a.name, 'ожидается одно значение, а не диапазон', short='нужно одно значение')
    if a.kind == TEXT:
        return str(value).strip()
    if a.kind == DATE:
        return model.dates.as_date(a.name, value)
    return value


def call(name, values):
    """Call catalogue function *name* with spreadsheet *values* (omitted trailing
    optional arguments may be missing) and return cell value(s).

    Raises :class:`ArgumentError` with a Russian message on bad input.
    """
    f = BY_NAME[name]
    if len(values) > len(f.args):
        raise ArgumentError(f.args[-1].name, 'лишние аргументы: функция принимает %d' % len(f.args),
                            short='лишние аргументы (всего %d)' % len(f.args))
    padded = list(values) + [None] * (len(f.args) - len(values))
    result = f.impl(*[coerce(a, v) for a, v in zip(f.args, padded)])
    if f.result == ARRAY and isinstance(result, list):
        return result
    return _plain(result)      # a scalar function, or one cell of a table (row / column given)


def call_for_cell(name, values):
    """Like :func:`call`, but an error becomes the cell text «#ОШИБКА: …»
    (what LibreOffice shows instead of a Basic runtime dialog): the short form
    of :meth:`ArgumentError.cell_text`, at most ``CELL_LIMIT`` characters, which
    names the argument in Russian; the full text is ``str(error)`` (the
    reference, docs/functions.md, lists both).

    >>> call_for_cell('B2B_POTENTIAL', [1000, 150, -1])
    '#ОШИБКА: «конкурентов»: не может быть отрицательным (−1)'
    """
    try:
        return call(name, values)
    except ArgumentError as exc:
        return ERROR_PREFIX + exc.cell_text()
    except (ArithmeticError, ValueError, TypeError) as exc:
        text = ERROR_PREFIX + 'не удалось вычислить: %s' % (exc,)
        return text if len(text) <= CELL_LIMIT else text[:CELL_LIMIT - 1] + '…'
