"""Personal plans (личные планы менеджеров): a whole total split by weights.

Largest-remainder method: every manager gets the whole part of their share, the
units left over go to the largest fractional remainders; equal remainders go to
the earlier row, so the split is stable.

>>> personal_plan(10, [1, 1, 1])
[4, 3, 3]
>>> personal_plan(20, [0.5, 0.3, 0.2])
[10, 6, 4]
"""

from decimal import Decimal

from .checks import non_negative, whole
from .errors import ArgumentError


def personal_plan(total, weights):
    """Split the whole *total* (connections a month) into whole numbers, one per
    weight (territory size, experience, …), summing exactly to *total*.

    Empty cells among the weights count as 0 so the result stays aligned with
    the rows of the range.
    """
    n = whole('total', total)
    if weights is None or len(weights) == 0:
        raise ArgumentError('weights', 'нужен хотя бы один вес')
    ws = [Decimal(0) if w is None or w == '' else non_negative('weights', w) for w in weights]
    weight_sum = sum(ws)
    if weight_sum == 0:
        if n == 0:
            return [0] * len(ws)
        raise ArgumentError('weights', 'сумма весов должна быть больше 0')
    quotas = [n * w / weight_sum for w in ws]
    shares = [int(q) for q in quotas]  # quotas are ≥ 0, so int() is the floor
    left = n - sum(shares)
    by_remainder = sorted(range(len(ws)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in by_remainder[:left]:
        shares[i] += 1
    return shares
