"""Territory split (распределение территории): unassigned buildings to managers.

Pure function of the territory frame (with ``prospects`` per building, see
:func:`.matching.prospects`). Goal: every manager's prospects — the buildings
already assigned plus the new ones — close to the mean, districts kept whole.

Tolerance (допуск): a manager is balanced when his prospects differ from the
mean by at most :data:`TOLERANCE` (15 %) of the mean **or** by at most the
prospects of the largest single building (a building cannot be cut).

Method: districts (their unassigned buildings) go largest first. A district
goes whole to the manager who already works in it when that keeps him within
the upper bound (mean + tolerance), else whole to the least-loaded manager when
it fits under that bound; only a district that fits nobody whole is split: the
least-loaded manager takes its largest buildings up to the mean, the rest goes
on to the next least-loaded one, and so on. Ties go to the earlier manager, so
the proposal is the same on every run.

>>> import pandas as pd
>>> t = pd.DataFrame({'address': list('abcdef'), 'district': ['Север'] * 3 + ['Юг'] * 3,
...                   'manager': [''] * 6, 'prospects': [10, 10, 10, 10, 10, 10],
...                   'coverage': ['есть'] * 6})
>>> r = split(t, ['Иванова', 'Петров'])
>>> sorted(set(zip(r.frame['district'], r.frame['proposed'])))
[('Север', 'Иванова'), ('Юг', 'Петров')]
>>> r.loads, r.split_districts
({'Иванова': 30, 'Петров': 30}, [])
"""

from dataclasses import dataclass
from decimal import Decimal

TOLERANCE = Decimal('0.15')
ASSIGNABLE = ('есть', 'строится')
NO_DISTRICT = '(без района)'


@dataclass
class Split:
    frame: object               # the territory with ``proposed`` (manager) and ``new`` (bool)
    loads: dict                 # manager → prospects after the split
    mean: Decimal
    allowed: Decimal            # the tolerance in prospects: max(15 % of the mean, largest building)
    split_districts: list       # districts given to more than one manager by this proposal

    def deviation(self, manager):
        """The manager's prospects less the mean."""
        return Decimal(self.loads[manager]) - self.mean

    def within(self, manager):
        return abs(self.deviation(manager)) <= self.allowed

    @property
    def balanced(self):
        return all(self.within(m) for m in self.loads)


def split(territory, managers):
    """Propose managers for the unassigned buildings in (or being built into) coverage."""
    managers = list(dict.fromkeys(m for m in managers if m))
    if not managers:
        raise ValueError('нет менеджеров для распределения')
    t = territory.copy()
    t['district'] = t['district'].where(t['district'] != '', NO_DISTRICT)
    # plain lists: the search below touches buildings many times, pandas per cell would be slow
    district = list(t['district'])
    held = list(t['manager'])
    weight = [int(p) for p in t['prospects']]
    assignable = [c in ASSIGNABLE for c in t['coverage']]
    new = [a and not m for a, m in zip(assignable, held)]
    loads = {m: 0 for m in managers}
    counted = []
    for i in range(len(weight)):
        if held[i] in loads:
            loads[held[i]] += weight[i]
        if assignable[i] and (new[i] or held[i] in loads):
            counted.append(weight[i])
    mean = Decimal(sum(counted)) / len(managers)
    allowed = max(mean * TOLERANCE, Decimal(max(counted, default=0)))
    upper = mean + allowed
    order = {m: i for i, m in enumerate(managers)}

    def least():
        return min(managers, key=lambda m: (loads[m], order[m]))

    groups = {}
    for i in range(len(weight)):
        if new[i]:
            groups.setdefault(district[i], []).append(i)
    holders = {}
    for i in range(len(weight)):
        if held[i] in loads:
            holders.setdefault(district[i], {}).setdefault(held[i], 0)
            holders[district[i]][held[i]] += 1
    proposed = list(held)
    for name in sorted(groups, key=lambda d: (-sum(weight[i] for i in groups[d]), d)):
        members = groups[name]
        total = sum(weight[i] for i in members)
        home = None
        if name in holders:
            home = max(holders[name], key=lambda m: (holders[name][m], -order[m]))
        target = home if home is not None and loads[home] + total <= upper else least()
        if loads[target] + total <= upper or len(members) == 1:
            for i in members:
                proposed[i] = target
            loads[target] += total
            continue
        # no one takes the district whole: split it, largest buildings first
        rest = sorted(members, key=lambda i: (-weight[i], i))
        while rest:
            m = least()
            if loads[m] + sum(weight[i] for i in rest) <= upper:
                take = rest
            else:
                take, room = [], mean - loads[m]
                for i in rest:
                    if weight[i] <= room:
                        take.append(i)
                        room -= weight[i]
                take = take or rest[:1]
            for i in take:
                proposed[i] = m
                loads[m] += weight[i]
            rest = [i for i in rest if i not in take]
    _repair(proposed, new, weight, district, loads, mean, allowed, order)
    t['proposed'] = proposed
    t['new'] = new
    split_districts = sorted(d for d, members in groups.items() if len({proposed[i] for i in members}) > 1)
    return Split(t, loads, mean, allowed, split_districts)


def _repair(proposed, new, weight, district, loads, mean, allowed, order):
    """Whole districts may leave a manager short (two districts, three managers): move single new
    buildings from the heaviest to the lightest manager while that narrows their gap, buildings of a
    district the light one already works in first."""
    for _ in range(len(weight) * 2):
        low = min(loads, key=lambda m: (loads[m], order[m]))
        high = max(loads, key=lambda m: (loads[m], -order[m]))
        if abs(loads[low] - mean) <= allowed and abs(loads[high] - mean) <= allowed:
            return
        gap = max(abs(loads[high] - mean), abs(loads[low] - mean))
        at_low = {district[i] for i in range(len(weight)) if proposed[i] == low}
        best = None
        for i in range(len(weight)):
            if not new[i] or proposed[i] != high or weight[i] == 0:
                continue
            after = max(abs(loads[high] - weight[i] - mean), abs(loads[low] + weight[i] - mean))
            if after < gap:
                key = (district[i] not in at_low, after, i)
                if best is None or key < best[0]:
                    best = (key, i)
        if best is None:
            return
        i = best[1]
        proposed[i] = low
        loads[high] -= weight[i]
        loads[low] += weight[i]
