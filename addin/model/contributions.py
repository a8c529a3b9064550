"""Employer insurance contributions (страховые взносы), НК РФ гл. 34.

Two tariffs: «общий» (30 % up to the year's limit base, 15.1 % above) and «МСП»
(small and medium businesses: the general tariff on pay up to the SME threshold
per month, 15 % above it).

>>> contributions(100000, 0, 2026)
Decimal('30000.00')
>>> contributions(100000, 0, 2025, 'МСП')
Decimal('20049.00')

From 2026 the sole executive body (директор) is charged on at least МРОТ a month
whatever is paid (ст. 421 НК as amended by 425-ФЗ):

>>> contributions(10000, 0, 2026, 'общий', 'да')
Decimal('8127.90')
"""

from .checks import flag, non_negative
from .errors import ArgumentError
from .rounding import round_half_up
from .yearly import facts

GENERAL = 'general'
SME = 'sme'
_TARIFFS = {'общий': GENERAL, 'general': GENERAL, 'мсп': SME, 'sme': SME}


def tariff_code(tariff):
    """Normalise a tariff name: «общий»/general → ``'general'``, «МСП»/sme → ``'sme'``."""
    if tariff is None or tariff == '':
        return GENERAL
    code = _TARIFFS.get(str(tariff).strip().lower())
    if code is None:
        raise ArgumentError('tariff', 'ожидается «общий» или «МСП»', tariff, short='«общий» или «МСП»')
    return code


def contributions(gross, gross_ytd_before, year, tariff=GENERAL, director=False):
    """Contributions for the month, rubles and kopecks.

    *director*: the employee is the sole executive body; in years whose facts
    say so (``director_min_base_mrot``) the month's base is MAX(gross; МРОТ).

    U = MAX(0; MIN(gross; limit − ytd)) is the part of the month's pay under the
    limit base. «общий»: ROUND(U × 30 % + (gross − U) × 15.1 %; 2).
    «МСП»: part1 = MIN(gross; T), part2 = gross − part1, p1_low = MIN(part1; U);
    ROUND(p1_low × 30 % + (part1 − p1_low) × 15.1 % + part2 × 15 %; 2).
    """
    g = non_negative('gross', gross)
    ytd = non_negative('gross_ytd_before', gross_ytd_before)
    code = tariff_code(tariff)
    f = facts(year)
    if flag('director', director) and str(f.director_min_base_mrot).strip() in ('1', 'True', 'true'):
        g = max(g, f.mrot)
    under = max(0, min(g, f.contributions_limit_base - ytd))
    if code == GENERAL:
        value = under * f.contributions_rate_under_limit + (g - under) * f.contributions_rate_over_limit
    else:
        part1 = min(g, f.sme_threshold)
        part2 = g - part1
        p1_low = min(part1, under)
        value = (p1_low * f.contributions_rate_under_limit
                 + (part1 - p1_low) * f.contributions_rate_over_limit
                 + part2 * f.sme_rate_over_threshold)
    return round_half_up(value, 2)
