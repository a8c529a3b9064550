"""НДФЛ of a tax resident (налог на доходы физических лиц), НК РФ ст. 224.

Tax is computed cumulatively from 1 January: the year's progressive scale is
applied to the year-to-date base, and the month's tax is the difference of the
rounded year-to-date taxes, so twelve months add up to the tax on the year.

>>> ndfl(300000, 0, 2025)
Decimal('39000')
>>> ndfl(300000, 2400000, 2025)
Decimal('45000')
"""

from decimal import Decimal

from .checks import non_negative
from .rounding import round_half_up
from .yearly import facts


def tax_on_base(base, year):
    """Tax (unrounded) on a year-to-date base, rubles, by the *year*'s scale."""
    scale = facts(year).ndfl_scale
    tax = Decimal(0)
    for i, (start, rate) in enumerate(scale):
        end = scale[i + 1][0] if i + 1 < len(scale) else None
        if base <= start:
            break
        top = base if end is None else min(base, end)
        tax += (top - start) * rate
    return tax


def ndfl(gross, gross_ytd_before, year):
    """НДФЛ for the month, whole rubles: ROUND(tax(ytd + gross)) − ROUND(tax(ytd)).

    *gross* — this month's taxable pay; *gross_ytd_before* — taxable pay from
    1 January up to this month.
    """
    g = non_negative('gross', gross)
    ytd = non_negative('gross_ytd_before', gross_ytd_before)
    return round_half_up(tax_on_base(ytd + g, year), 0) - round_half_up(tax_on_base(ytd, year), 0)
