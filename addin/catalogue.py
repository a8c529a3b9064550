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
"""

import datetime
import os
from collections import namedtuple
from decimal import Decimal

from . import model
from .model.errors import ArgumentError

ERROR_PREFIX = '#ОШИБКА: '

# Argument kinds: how a spreadsheet value becomes a model argument.
NUMBER = 'number'    # one number (a float from the sheet, or text like «12 345,50»)
TEXT = 'text'        # one text value
YEAR = 'year'        # a year; empty → the current year
COLUMN = 'column'    # a one-column (or one-row) range → flat list, blanks kept as None
TABLE = 'table'      # a two-column range → list of rows

# Result shapes: how a model result becomes cell values.
SCALAR = 'scalar'    # one cell
ARRAY = 'array'      # rows × columns, entered as an array formula

_REQUIRED = object()
CURRENT_YEAR = object()

Arg = namedtuple('Arg', 'name kind help default')
Function = namedtuple('Function', 'name impl args help result columns example category')


def arg(name, kind, help, default=_REQUIRED):
    """An argument; one with a *default* is optional (may be omitted or left empty)."""
    return Arg(name, kind, help, default)


def is_optional(a):
    """True when the argument may be omitted."""
    return a.default is not _REQUIRED


def _plain(value):
    """A model value as a cell value: Decimal → float, whole Decimal counts stay exact."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _payroll(*args):
    return [[_plain(v) for v in model.payroll_row(*args)]]


def _cashflow(*args):
    return [[r.month, _plain(r.clients), _plain(r.revenue), _plain(r.cumulative)]
            for r in model.cashflow(*args)]


def _personal_plan(total, weights):
    return [[n] for n in model.personal_plan(total, weights)]


def _funnel_need(*args):
    return [list(model.funnel_need(*args))]


_HOUSEHOLDS = arg('households', NUMBER, 'квартир (домохозяйств) в зоне покрытия')
_MONEY_YTD = arg('gross_ytd_before', NUMBER,
                 'начислено с 1 января до этого месяца, руб. (облагаемая база нарастающим итогом)')
_YEAR = arg('year', YEAR, 'год расчёта; по умолчанию — текущий', CURRENT_YEAR)
_TARIFF = arg('tariff', TEXT, 'тариф взносов: «общий» или «МСП»', 'общий')
_LADDER = arg('ladder', TABLE,
              'шкала: диапазон из двух столбцов «от» (доля плана) и «коэффициент»; '
              'по умолчанию 0→0; 0,5→0,5; 0,8→0,8; 1→1; 1,2→1,2', None)
_CASH_ARGS = (
    arg('monthly_cost', NUMBER, 'расходы отдела продаж в месяц, руб.'),
    arg('new_clients_per_month', NUMBER, 'новых подключений в месяц'),
    arg('arpu', NUMBER, 'средний платёж клиента в месяц (ARPU), руб.'),
    arg('monthly_churn', NUMBER, 'доля клиентов, уходящих за месяц (0,02 = 2 %)', 0),
    arg('horizon', NUMBER, 'горизонт расчёта, месяцев', 36),
)

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
    ), 'Личные планы: общий план делится по весам на целые числа, сумма равна плану '
       '(метод наибольших остатков). Вводится формулой массива на столбец.',
        ARRAY, ('план',), (20, [0.5, 0.3, 0.2]), 'Потенциал и штат'),
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
    ), 'НДФЛ за месяц нарастающим итогом по прогрессивной шкале года, целые рубли.',
        SCALAR, None, (300000, 2400000, 2025), 'Зарплата'),
    Function('B2B_CONTRIBUTIONS', model.contributions, (
        arg('gross', NUMBER, 'начислено за месяц, руб.'),
        _MONEY_YTD,
        _YEAR,
        _TARIFF,
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
    ), 'Строка ведомости: начислено, НДФЛ, к выплате, взносы, стоимость для работодателя. '
       'Вводится формулой массива на строку из 5 ячеек.',
        ARRAY, ('начислено', 'НДФЛ', 'к выплате', 'взносы', 'стоимость'),
        (60000, 21, 21, 20000, 0, 2026), 'Зарплата'),
    Function('B2B_CASHFLOW', _cashflow, _CASH_ARGS,
             'Денежный поток отдела продаж по месяцам: месяц, клиентов, выручка, накопленно. '
             'Вводится формулой массива на horizon строк × 4 столбца.',
             ARRAY, ('месяц', 'клиентов', 'выручка', 'накопленно'),
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
    Function('B2B_FUNNEL_NEED', _funnel_need, (
        arg('contracts', NUMBER, 'нужно договоров (подключений)'),
        arg('call_to_meeting', NUMBER, 'конверсия звонка во встречу', 0.15),
        arg('meeting_to_contract', NUMBER, 'конверсия встречи в договор', 0.25),
    ), 'Сколько нужно встреч и звонков для плана договоров (воронка назад, с округлением вверх). '
       'Вводится формулой массива на строку из 2 ячеек.',
        ARRAY, ('встреч', 'звонков'), (10,), 'Продажи'),
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
            raise ArgumentError(a.name, 'обязательный аргумент не задан')
        if a.default is CURRENT_YEAR:
            return datetime.date.today().year
        return a.default
    if a.kind == COLUMN:
        rows = _rows(value)
        if len(rows) == 1 and len(rows[0]) > 1:
            return rows[0]          # a one-row range is fine too
        if any(len(r) != 1 for r in rows):
            raise ArgumentError(a.name, 'ожидается диапазон в один столбец')
        return [r[0] for r in rows]
    if a.kind == TABLE:
        return _rows(value)
    if isinstance(value, (list, tuple)):
        rows = _rows(value)
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]
        raise ArgumentError(a.name, 'ожидается одно значение, а не диапазон')
    if a.kind == TEXT:
        return str(value).strip()
    return value


def call(name, values):
    """Call catalogue function *name* with spreadsheet *values* (omitted trailing
    optional arguments may be missing) and return cell value(s).

    Raises :class:`ArgumentError` with a Russian message on bad input.
    """
    f = BY_NAME[name]
    if len(values) > len(f.args):
        raise ArgumentError(f.args[-1].name, 'лишние аргументы: функция принимает %d' % len(f.args))
    padded = list(values) + [None] * (len(f.args) - len(values))
    result = f.impl(*[coerce(a, v) for a, v in zip(f.args, padded)])
    if f.result == ARRAY:
        return result
    return _plain(result)


def call_for_cell(name, values):
    """Like :func:`call`, but an error becomes the cell text «#ОШИБКА: …»
    (what LibreOffice shows instead of a Basic runtime dialog)."""
    try:
        return call(name, values)
    except ArgumentError as exc:
        return ERROR_PREFIX + str(exc)
    except (ArithmeticError, ValueError, TypeError) as exc:
        return ERROR_PREFIX + 'не удалось вычислить: %s' % (exc,)
