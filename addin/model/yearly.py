"""Yearly facts (годовые показатели): НДФЛ scale, contribution limit base, МРОТ,
SME threshold, VAT rates.

They are data, not code: the kit ships ``data/yearly.json`` and a user adds a new
year with :func:`add_year` (the add-in and the jobs call it for the file named by
the ``B2BKIT_YEARLY_FACTS`` environment variable, or ``yearly.json`` in the
operator folder).

>>> facts(2026).mrot
Decimal('27093')
>>> facts(2026).ndfl_scale[1]
(Decimal('2400000'), Decimal('0.15'))
"""

import json
import pkgutil
from collections import namedtuple
from decimal import Decimal

from .checks import whole
from .errors import YearError

YearFacts = namedtuple('YearFacts', [
    'year',
    'ndfl_scale',                       # ((from_ytd_base, rate), ...) ascending
    'contributions_limit_base',         # предельная база, rubles
    'contributions_rate_under_limit',   # 0.30
    'contributions_rate_over_limit',    # 0.151
    'mrot',                             # МРОТ, rubles a month
    'sme_threshold',                    # pay per month taxed at the full rate under the SME tariff
    'sme_rate_over_threshold',          # 0.15
    'vat_rates',                        # admissible VAT rates, fractions
    # Standard child deductions (ст. 218 НК), rubles a month, and the year's income limit.
    'child_deduction_first',
    'child_deduction_second',
    'child_deduction_third_plus',
    'child_deduction_disabled',
    'child_deduction_income_limit',
    'ndfl_north_scale',                 # scale of the northern base (п. 1.2 ст. 224), None before 2025
    'director_min_base_mrot',           # True: a director's contributions base is at least МРОТ
])

_FACTS = {}


def _optional(raw, key):
    """A money fact a user's older facts file may lack: ``Decimal`` or ``None``."""
    value = raw.get(key)
    return None if value is None else Decimal(value)


def _parse(year, raw):
    try:
        scale = tuple((Decimal(a), Decimal(r)) for a, r in raw['ndfl_scale'])
        if not scale or scale[0][0] != 0 or list(scale) != sorted(scale):
            raise ValueError('ndfl_scale must start at 0 and ascend')
        return YearFacts(
            year=year,
            ndfl_scale=scale,
            contributions_limit_base=Decimal(raw['contributions_limit_base']),
            contributions_rate_under_limit=Decimal(raw['contributions_rate_under_limit']),
            contributions_rate_over_limit=Decimal(raw['contributions_rate_over_limit']),
            mrot=Decimal(raw['mrot']),
            sme_threshold=Decimal(raw['sme_threshold']),
            sme_rate_over_threshold=Decimal(raw['sme_rate_over_threshold']),
            vat_rates=tuple(Decimal(v) for v in raw['vat_rates']),
            child_deduction_first=_optional(raw, 'child_deduction_first'),
            child_deduction_second=_optional(raw, 'child_deduction_second'),
            child_deduction_third_plus=_optional(raw, 'child_deduction_third_plus'),
            child_deduction_disabled=_optional(raw, 'child_deduction_disabled'),
            child_deduction_income_limit=_optional(raw, 'child_deduction_income_limit'),
            ndfl_north_scale=(tuple((Decimal(a), Decimal(r)) for a, r in raw['ndfl_north_scale'])
                              if raw.get('ndfl_north_scale') else None),
            director_min_base_mrot=str(raw.get('director_min_base_mrot', '0')).strip() == '1',
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise ValueError('годовые показатели за %s год заданы неверно: %s' % (year, exc))


def add_year(year, raw):
    """Register (or replace) the facts of *year* given as a dict like a block of
    ``data/yearly.json``."""
    _FACTS[int(year)] = _parse(int(year), raw)


def add_years_from_json(text):
    """Register every year block of a JSON document (keys are years)."""
    for key, raw in json.loads(text).items():
        if not key.startswith('_'):
            add_year(int(key), raw)


def known_years():
    """Years with facts, ascending."""
    return sorted(_FACTS)


def facts(year):
    """The :class:`YearFacts` of *year*; an unknown year is a :class:`YearError`."""
    y = whole('year', year, minimum=1)
    try:
        return _FACTS[y]
    except KeyError:
        raise YearError(y, known_years())


add_years_from_json(pkgutil.get_data(__name__.rpartition('.')[0], 'data/yearly.json').decode('utf-8'))
