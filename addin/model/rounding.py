"""Money arithmetic: ``Decimal`` values and Excel-style half-up rounding.

A value is first rounded to 15 significant digits (what a spreadsheet cell holds),
then rounded half-up ("как ОКРУГЛ в Excel"), so ``2.675`` rounds to ``2.68`` and
a computed ``0.125`` to ``0.13``.
"""

import math
from decimal import ROUND_CEILING, ROUND_HALF_UP, Context, Decimal

KOPECK = Decimal('0.01')
RUBLE = Decimal('1')
_SIGNIFICANT = 15
# Explicit contexts: faster than localcontext() and immune to a caller's context.
_CELL = Context(prec=_SIGNIFICANT, rounding=ROUND_HALF_UP)
_WIDE = Context(prec=60, rounding=ROUND_HALF_UP)
_QUANTUM = {0: Decimal(1), 2: Decimal('0.01')}


def to_decimal(value):
    """Return *value* (int, float, str or Decimal) as a ``Decimal``.

    Floats go through their shortest ``repr``, which is what the user typed:

    >>> to_decimal(0.1)
    Decimal('0.1')
    >>> to_decimal(' 12 345,50 ')
    Decimal('12345.50')
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return Decimal(int(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError('не число: %r' % (value,))
        return Decimal(repr(value))
    if isinstance(value, str):
        text = value.replace('\u00a0', '').replace(' ', '').replace(',', '.').strip()
        return Decimal(text)
    raise TypeError('не число: %r' % (value,))


def round_half_up(value, digits=2):
    """Round like Excel's ROUND: to 15 significant digits, then half-up.

    *digits* is the number of decimal places (0 — whole rubles, 2 — kopecks).

    >>> round_half_up(Decimal('2.675'))
    Decimal('2.68')
    >>> round_half_up(Decimal('-0.5'), 0)
    Decimal('-1')
    >>> round_half_up(Decimal(1) / Decimal(3) * 3, 0)
    Decimal('1')
    """
    d = to_decimal(value)
    if not d.is_finite():
        raise ValueError('не число: %r' % (value,))
    d = _CELL.plus(d)
    return d.quantize(_QUANTUM.get(digits) or Decimal(1).scaleb(-digits), context=_WIDE)


def ceiling(value, tolerance=Decimal(0)):
    """Smallest whole number ≥ *value* − *tolerance*, as ``int``.

    >>> ceiling(Decimal('2.0000000001'), Decimal('1e-9'))
    2
    >>> ceiling(Decimal('2.1'))
    3
    """
    d = to_decimal(value) - tolerance
    return int(d.to_integral_value(rounding=ROUND_CEILING))
