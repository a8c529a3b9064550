"""Material aid (материальная помощь): the part free of НДФЛ (п. 28 ст. 217 НК)
and of contributions (пп. 11 п. 1 ст. 422 НК) — up to 4 000 ₽ a year per employee.

>>> aid_exempt(3000, 2000)
Decimal('2000')
"""

from decimal import Decimal

from .checks import non_negative

YEARLY_EXEMPT = Decimal(4000)


def aid_exempt(aid, aid_ytd_before=0):
    """The non-taxable part of this month's *aid*, rubles:
    MIN(aid; MAX(0; 4 000 − aid_ytd_before))."""
    a = non_negative('aid', aid)
    before = non_negative('aid_ytd_before', aid_ytd_before)
    return min(a, max(Decimal(0), YEARLY_EXEMPT - before))
