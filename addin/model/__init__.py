"""The calculation core of isp-b2b-kit: pure functions, standard library only.

No I/O beyond reading the package's own data (yearly and dated facts, the
production calendar: ``data/*.json``); imports on Python 3.8+ so
LibreOffice's bundled Python and Pyodide can load it. Money is ``Decimal``,
rounded half-up (see :mod:`.rounding`).
"""

from .advance import advance
from .aging import aging_bucket, dunning_stage, stage_reached
from .cashflow import cashflow, payback
from .contributions import contributions
from .deductions import child_deduction
from .errors import ArgumentError, YearError
from .funnel import funnel_need, plan_forecast
from .headcount import managers, support_managers
from .material_aid import aid_exempt
from .month_pay import MonthInput, MonthPay, MonthRules, month_pay
from .motivation import bonus, plan_coef
from .mrot import mrot_shortfall
from .ndfl import ndfl, ndfl_north
from .overtime import hours_pay
from .payroll import payroll_row
from .personal_plan import personal_plan
from .potential import legal_entities, monthly_plan, potential
from .rounding import round_half_up, to_decimal
from .sick_pay import SickPay, sick_pay
from .vacation import vacation_pay
from .writs import writ_deduction
from . import calendar, dated, dates, interest, lookup, table, terms, words, yearly
from .yearly import add_year, facts, known_years

__all__ = [
    'aging_bucket', 'dunning_stage', 'stage_reached', 'cashflow', 'payback', 'contributions',
    'ArgumentError', 'YearError', 'managers', 'support_managers', 'bonus', 'plan_coef', 'ndfl',
    'payroll_row', 'personal_plan', 'legal_entities', 'monthly_plan', 'potential',
    'round_half_up', 'to_decimal', 'add_year', 'facts', 'known_years', 'yearly',
    'advance', 'child_deduction', 'aid_exempt', 'MonthInput', 'MonthPay', 'MonthRules', 'month_pay',
    'mrot_shortfall', 'ndfl_north', 'hours_pay', 'SickPay', 'sick_pay', 'vacation_pay',
    'writ_deduction',
    'funnel_need', 'plan_forecast',
]
