"""НДФЛ of a tax resident (налог на доходы физических лиц), НК РФ ст. 224.

Tax is computed cumulatively from 1 January: the year's progressive scale is
applied to the year-to-date base, and the month's tax is the difference of the
rounded year-to-date taxes, so twelve months add up to the tax on the year.
Standard deductions (вычеты, ст. 218) lower the year-to-date base; a month's
deduction larger than its pay carries over to the next months by the same
arithmetic (п. 3 ст. 210).

Since 2025 the районный коэффициент and северная надбавка form a separate base
(п. 6.2 ст. 210) taxed at 13 % up to 5 000 000 ₽ and 15 % above (п. 1.2 ст. 224):
:func:`ndfl_north`.

>>> ndfl(300000, 0, 2025)
Decimal('39000')
>>> ndfl(300000, 2400000, 2025)
Decimal('45000')
>>> ndfl(50000, 0, 2026, 2800)
Decimal('6136')
>>> ndfl_north(100000, 4950000, 2026)
Decimal('14000')
"""

from decimal import Decimal

from .checks import non_negative
from .errors import ArgumentError
from .rounding import round_half_up
from .yearly import facts


def tax_on_base(base, year, scale=None):
    """Tax (unrounded) on a year-to-date base, rubles, by the *year*'s scale
    (or the given *scale*: ``((from, rate), …)`` ascending)."""
    if scale is None:
        scale = facts(year).ndfl_scale
    tax = Decimal(0)
    for i, (start, rate) in enumerate(scale):
        end = scale[i + 1][0] if i + 1 < len(scale) else None
        if base <= start:
            break
        top = base if end is None else min(base, end)
        tax += (top - start) * rate
    return tax


def _month_tax(before, after, year, scale=None):
    return (round_half_up(tax_on_base(max(after, Decimal(0)), year, scale), 0)
            - round_half_up(tax_on_base(max(before, Decimal(0)), year, scale), 0))


def ndfl(gross, gross_ytd_before, year, deduction=0, deductions_ytd_before=0):
    """НДФЛ for the month, whole rubles:
    ROUND(tax(ytd + gross − deductions_ytd_before − deduction)) − ROUND(tax(ytd − deductions_ytd_before)),
    each base floored at 0.

    *gross* — this month's taxable pay; *gross_ytd_before* — taxable pay from
    1 January up to this month; *deduction* — this month's standard deductions
    (e.g. :func:`~addin.model.deductions.child_deduction`), *deductions_ytd_before*
    — deductions given in the earlier months of the year.
    """
    g = non_negative('gross', gross)
    ytd = non_negative('gross_ytd_before', gross_ytd_before)
    ded = non_negative('deduction', deduction)
    ded_before = non_negative('deductions_ytd_before', deductions_ytd_before)
    return _month_tax(ytd - ded_before, ytd + g - ded_before - ded, year)


def north_scale(year):
    """The scale of the northern base for *year*, or an :class:`ArgumentError`
    before 2025 (the allowances were then part of the ordinary base)."""
    scale = facts(year).ndfl_north_scale
    if not scale:
        raise ArgumentError('year', 'до 2025 года районный коэффициент и северная надбавка '
                                    'облагаются вместе с остальными доходами — используйте B2B_NDFL',
                            year)
    return tuple(scale)


def ndfl_north(north_gross, north_ytd_before, year):
    """НДФЛ on the northern base for the month, whole rubles (п. 1.2 ст. 224):
    ROUND(tax_north(ytd + gross)) − ROUND(tax_north(ytd)) with 13 % up to
    5 000 000 ₽ a year and 15 % above.

    *north_gross* — this month's районный коэффициент and северная надбавка;
    *north_ytd_before* — the same allowances from 1 January up to this month.
    """
    g = non_negative('north_gross', north_gross)
    ytd = non_negative('north_ytd_before', north_ytd_before)
    if g == 0:
        return Decimal(0)       # nothing to tax, in any year
    return _month_tax(ytd, ytd + g, year, north_scale(year))
