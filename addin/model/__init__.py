"""The calculation core of isp-b2b-kit: pure functions, standard library only.

No I/O beyond reading the package's own yearly facts; imports on Python 3.8+ so
LibreOffice's bundled Python and Pyodide can load it. Money is ``Decimal``,
rounded half-up (see :mod:`.rounding`).
"""

from .aging import aging_bucket, dunning_stage, stage_reached
from .cashflow import cashflow, payback
from .contributions import contributions
from .errors import ArgumentError, YearError
from .funnel import funnel_need, plan_forecast
from .headcount import managers, support_managers
from .motivation import bonus, plan_coef
from .ndfl import ndfl
from .payroll import payroll_row
from .personal_plan import personal_plan
from .potential import legal_entities, monthly_plan, potential
from .rounding import round_half_up, to_decimal
from . import yearly
from .yearly import add_year, facts, known_years

__all__ = [
    'aging_bucket', 'dunning_stage', 'stage_reached', 'cashflow', 'payback', 'contributions',
    'ArgumentError', 'YearError', 'managers', 'support_managers', 'bonus', 'plan_coef', 'ndfl',
    'payroll_row', 'personal_plan', 'legal_entities', 'monthly_plan', 'potential',
    'round_half_up', 'to_decimal', 'add_year', 'facts', 'known_years', 'yearly',
    'funnel_need', 'plan_forecast',
]
