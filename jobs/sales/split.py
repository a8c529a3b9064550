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
    t['proposed'] = t['manager']
    open_rows = (t['manager'] == '') & t['coverage'].isin(ASSIGNABLE)
    t['new'] = open_rows
    loads = {m: 0 for m in managers}
    for m, p in zip(t['manager'], t['prospects']):
        if m in loads:
            loads[m] += int(p)
    counted = t[t['coverage'].isin(ASSIGNABLE) & ((t['manager'] == '') | t['manager'].isin(managers))]
    total = int(counted['prospects'].sum())
    mean = Decimal(total) / len(managers)
    biggest = int(counted['prospects'].max()) if len(counted) else 0
    allowed = max(mean * TOLERANCE, Decimal(biggest))
    upper = mean + allowed
    order = {m: i for i, m in enumerate(managers)}

    def least():
        return min(managers, key=lambda m: (loads[m], order[m]))

    pending = t[open_rows]
    districts = []
    for name, group in pending.groupby('district', sort=False):
        districts.append((int(group['prospects'].sum()), name, group))
    districts.sort(key=lambda d: (-d[0], d[1]))
    assignment = {}
    split_districts = []
    for weight, name, group in districts:
        holders = t[(t['district'] == name) & t['manager'].isin(managers)]['manager']
        home = holders.value_counts().index[0] if len(holders) else None
        if home is not None and loads[home] + weight <= upper:
            target = home
        else:
            target = least()
        if loads[target] + weight <= upper or len(group) == 1:
            for idx in group.index:
                assignment[idx] = target
            loads[target] += weight
            continue
        # no one takes the district whole: split it, largest buildings first
        split_districts.append(name)
        rest = sorted(group.index, key=lambda i: (-int(group.at[i, 'prospects']), i))
        while rest:
            m = least()
            left = sum(int(group.at[i, 'prospects']) for i in rest)
            if loads[m] + left <= upper:
                take = rest
            else:
                take, room = [], mean - loads[m]
                for i in rest:
                    p = int(group.at[i, 'prospects'])
                    if p <= room:
                        take.append(i)
                        room -= p
                take = take or rest[:1]
            for i in take:
                assignment[i] = m
                loads[m] += int(group.at[i, 'prospects'])
            rest = [i for i in rest if i not in take]
    for idx, m in assignment.items():
        t.at[idx, 'proposed'] = m
    return Split(t, loads, mean, allowed, split_districts)
