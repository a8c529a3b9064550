"""Debt aging (старение задолженности) and the dunning ladder (лестница взыскания).

>>> aging_bucket(45)
'31–60'
>>> dunning_stage(35, 12000)
'претензия'
>>> dunning_stage(35, 99)
'нет'
"""

from collections import namedtuple
from decimal import Decimal

from .checks import non_negative, number

NOT_OVERDUE = 'не просрочено'
#: (last day of the bucket, label); the last bucket is open-ended.
BUCKETS = ((30, '1–30'), (60, '31–60'), (90, '61–90'), (180, '91–180'))
OVER_180 = 'более 180'
BUCKET_LABELS = (NOT_OVERDUE,) + tuple(label for _, label in BUCKETS) + (OVER_180,)

Stage = namedtuple('Stage', 'code name days')
#: The default ladder of SPEC 7.2: stage code, Russian name, days overdue ≥.
DEFAULT_STAGES = (
    Stage('reminder', 'напоминание', 5),
    Stage('warning', 'предупреждение', 15),
    Stage('claim', 'претензия', 30),
    Stage('court', 'суд', 60),
)
NO_STAGE = 'нет'
DEFAULT_MIN_DEBT = Decimal(100)


def aging_bucket(days_overdue):
    """Aging bucket label for *days_overdue*: «не просрочено» (≤ 0), «1–30»,
    «31–60», «61–90», «91–180», «более 180»."""
    days = number('days_overdue', days_overdue)
    if days <= 0:
        return NOT_OVERDUE
    for last, label in BUCKETS:
        if days <= last:
            return label
    return OVER_180


def stage_reached(days_overdue, debt, min_debt=DEFAULT_MIN_DEBT, stages=DEFAULT_STAGES):
    """The highest :class:`Stage` the debt has reached, or ``None``.

    A debt under *min_debt* (rubles) reaches no stage.
    """
    days = number('days_overdue', days_overdue)
    amount = number('debt', debt)
    threshold = non_negative('min_debt', min_debt)
    if amount < threshold or amount <= 0:
        return None
    reached = None
    for stage in stages:
        if days >= stage.days:
            reached = stage
    return reached


def dunning_stage(days_overdue, debt, min_debt=DEFAULT_MIN_DEBT):
    """Name of the default-ladder stage reached, or «нет»."""
    stage = stage_reached(days_overdue, debt, min_debt)
    return NO_STAGE if stage is None else stage.name
