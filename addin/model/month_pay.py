"""One employee's pay for a month (расчёт зарплаты за месяц): the whole chain of
the payroll workbook's row, for the jobs that must recompute it (payslips).

The order and rounding are exactly those of the sheet «Расчёт» of
«Зарплата отдела продаж» (each step is one cell there):

1. advance (аванс) for the first half — :func:`~addin.model.advance.advance`;
2. salary for the days worked = ROUND(salary × worked / working days; 2);
3. plan bonus — :func:`~addin.model.motivation.bonus`;
4. overtime, night and holiday pay — :func:`~addin.model.overtime.hours_pay`;
5. МРОТ check on salary + bonus — :func:`~addin.model.mrot.mrot_shortfall`;
6. районный коэффициент and северная надбавка =
   ROUND((salary + bonus + hours pay) × (РК − 1 + надбавка); 2);
7. vacation pay, sick pay (the employer's 3 days are accrued here; the СФР pays the rest itself);
8. material aid and its exempt part;
9. accrued = 2 + 3 + 4 + 6 + vacation + employer's sick pay + aid;
10. the ordinary НДФЛ base = accrued − northern allowances − exempt aid; the
    child deduction on the income of the year so far; НДФЛ on both bases;
11. writs; the final payment = accrued − НДФЛ − advance − writs − paid separately
    (vacation pay is due 3 days before the vacation, ст. 136 ТК);
12. contributions on accrued − sick pay − exempt aid, НС и ПЗ, the cost.

>>> rules = MonthRules(year=2026, working_days=20, working_days_first_half=9, norm_hours=159)
>>> pay = month_pay(MonthInput(salary=60000, worked_first_half=9, worked_days=20, plan=10), rules)
>>> pay.advance, pay.accrued, pay.ndfl, pay.final_pay, pay.contributions
(Decimal('27000.00'), Decimal('60000.00'), Decimal('7800'), Decimal('25200.00'), Decimal('18000.00'))
"""

from collections import namedtuple
from decimal import Decimal

from .advance import advance
from .checks import non_negative, number, positive
from .contributions import GENERAL, contributions
from .deductions import child_deduction
from .material_aid import aid_exempt
from .motivation import bonus
from .mrot import mrot_shortfall
from .ndfl import ndfl, ndfl_north
from .overtime import HOLIDAY, NIGHT_EXTRA, OVERTIME_FIRST, OVERTIME_REST, hours_pay
from .rounding import round_half_up
from .sick_pay import sick_pay
from .vacation import vacation_pay
from .writs import GENERAL_LIMIT, writ_deduction

_RULE_FIELDS = (
    ('year', None), ('working_days', None), ('working_days_first_half', None), ('norm_hours', None),
    ('tariff', GENERAL), ('ns_rate', Decimal('0.002')), ('bonus_rate', Decimal(1)),
    ('regional_coef', Decimal(1)), ('north_share', Decimal(0)), ('mrot', None),
    ('advance_share', None), ('ladder', None), ('overtime_first_rate', OVERTIME_FIRST),
    ('overtime_rest_rate', OVERTIME_REST), ('night_extra', NIGHT_EXTRA), ('holiday_rate', HOLIDAY),
)
MonthRules = namedtuple('MonthRules', [n for n, _ in _RULE_FIELDS],
                        defaults=[d for _, d in _RULE_FIELDS[4:]])
MonthRules.__doc__ = ('The settings of the month: year, working days (month, 1st–15th), norm of '
                      'hours, tariff, НС и ПЗ rate, bonus rate, РК (1.15), северная надбавка '
                      '(share), regional МРОТ (None → federal), advance share (None → by days), '
                      'plan ladder, overtime / night / holiday multipliers.')

_INPUT_FIELDS = (
    'salary', 'worked_first_half', 'worked_days', 'plan', 'fact', 'paid_new_revenue', 'clawback',
    'overtime_first', 'overtime_rest', 'night_hours', 'holiday_hours', 'vacation_days', 'sick_days',
    'material_aid', 'paid_separately', 'writ_requested', 'writ_limit', 'children', 'disabled_children', 'director',
    'insurance_years', 'main_ytd_before', 'north_ytd_before', 'deductions_ytd_before',
    'contributions_ytd_before', 'aid_ytd_before', 'earnings_12m', 'full_months',
    'partial_month_days', 'earnings_2y',
)
_INPUT_DEFAULTS = dict.fromkeys(_INPUT_FIELDS, 0)
_INPUT_DEFAULTS.update(plan=None, writ_limit=GENERAL_LIMIT, director=False, insurance_years=8,
                       full_months=12)
MonthInput = namedtuple('MonthInput', _INPUT_FIELDS,
                        defaults=[_INPUT_DEFAULTS[n] for n in _INPUT_FIELDS[1:]])
MonthInput.__doc__ = 'One employee\'s inputs of the month (the yellow cells of the row), rubles, days, hours.'

MonthPay = namedtuple('MonthPay', [
    'advance', 'salary_pay', 'bonus', 'salary_and_bonus', 'hours_pay', 'mrot_shortfall', 'north',
    'vacation', 'sick', 'material_aid', 'aid_exempt', 'accrued', 'ndfl_base', 'income_ytd',
    'child_deduction', 'ndfl_main', 'ndfl_north', 'ndfl', 'writ', 'final_pay',
    'contributions_base', 'contributions', 'ns', 'cost',
])
MonthPay.__doc__ = 'The month\'s figures of one employee, rubles (``sick`` is a SickPay row).'


def allowance(rules):
    """РК − 1 + северная надбавка: the share added on top of pay (0,15 = +15 %)."""
    return (positive('regional_coef', rules.regional_coef) - 1
            + non_negative('north_share', rules.north_share))


def month_pay(e, rules):
    """The :class:`MonthPay` of employee inputs *e* (:class:`MonthInput`) under *rules*."""
    r, year = rules, rules.year
    extra = allowance(r)
    salary = non_negative('salary', e.salary)
    days = positive('working_days', r.working_days)
    adv = advance(salary, e.worked_first_half, r.working_days_first_half, days, r.advance_share,
                  extra)
    salary_pay = round_half_up(salary * non_negative('worked_days', e.worked_days) / days, 2)
    plan_bonus = bonus(e.plan, e.fact, e.paid_new_revenue, r.bonus_rate, e.clawback, r.ladder)
    salary_and_bonus = salary_pay + plan_bonus
    hours = hours_pay(salary, r.norm_hours, e.overtime_first, e.overtime_rest, e.night_hours,
                      e.holiday_hours, r.overtime_first_rate, r.overtime_rest_rate, r.night_extra,
                      r.holiday_rate)
    shortfall = mrot_shortfall(salary_and_bonus, e.worked_days, days, r.mrot, year)
    north = round_half_up((salary_and_bonus + hours) * extra, 2)
    vacation = vacation_pay(e.earnings_12m, e.vacation_days, e.full_months, e.partial_month_days)
    sick = sick_pay(e.earnings_2y, e.sick_days, e.insurance_years, year)
    aid = number('material_aid', e.material_aid)
    exempt = aid_exempt(aid, e.aid_ytd_before)
    accrued = salary_and_bonus + hours + north + vacation + sick.employer + aid
    base = accrued - north - exempt
    income = non_negative('main_ytd_before', e.main_ytd_before) + base
    deduction = child_deduction(e.children, e.disabled_children, income, year)
    tax_main = ndfl(base, e.main_ytd_before, year, deduction, e.deductions_ytd_before)
    tax_north = ndfl_north(north, e.north_ytd_before, year)
    tax = tax_main + tax_north
    writ = writ_deduction(accrued, tax, e.writ_requested, e.writ_limit)
    final = accrued - tax - adv - writ - non_negative('paid_separately', e.paid_separately)
    contrib_base = accrued - sick.employer - exempt
    contrib = contributions(contrib_base, e.contributions_ytd_before, year, r.tariff, e.director)
    ns = round_half_up(contrib_base * non_negative('ns_rate', r.ns_rate), 2)
    return MonthPay(adv, salary_pay, plan_bonus, salary_and_bonus, hours, shortfall, north, vacation,
                    sick, aid, exempt, accrued, base, income, deduction, tax_main, tax_north, tax, writ,
                    final, contrib_base, contrib, ns, accrued + contrib + ns)
