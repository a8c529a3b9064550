"""Sales potential among legal entities (потенциал подключений юрлиц).

Rule of thumb of the methodology: 20 000 households (квартир) in the coverage zone
≈ 1 000 legal entities.

>>> legal_entities(20000)
1000
>>> potential(1000, own_clients=150, competitors=2)
150
>>> monthly_plan(150, 12)
13
"""

from decimal import Decimal

from .checks import non_negative, positive, share
from .rounding import ceiling, round_half_up

HOUSEHOLDS_PER_RULE = Decimal(20000)


def legal_entities(households, per_20000=1000):
    """Estimated legal entities in coverage (юрлиц в зоне покрытия), whole number:
    ROUND(households × per_20000 / 20 000)."""
    h = non_negative('households', households)
    rate = non_negative('per_20000', per_20000)
    return int(round_half_up(h * rate / HOUSEHOLDS_PER_RULE, 0))


def potential(legal_entities, own_clients, competitors, reachable_share=Decimal('0.9'),
              strength=Decimal(1)):
    """Additional connectable clients (дополнительный потенциал подключений):
    MAX(0; ROUND(legal_entities × reachable_share × MIN(1; strength / (competitors + 1)))
    − own_clients).

    *strength* is our offer's strength against an average competitor (1 = equal):
    with two equal competitors we can expect a third of the reachable market.
    """
    le = non_negative('legal_entities', legal_entities)
    own = non_negative('own_clients', own_clients)
    comp = non_negative('competitors', competitors)
    reach = share('reachable_share', reachable_share)
    s = non_negative('strength', strength)
    our_share = min(Decimal(1), s / (comp + 1))
    return max(0, int(round_half_up(le * reach * our_share, 0) - own))


def monthly_plan(potential, months):
    """New connections a month (план подключений в месяц) to take the *potential*
    in *months*: CEILING(potential / months)."""
    p = non_negative('potential', potential)
    m = positive('months', months)
    return ceiling(p / m)
