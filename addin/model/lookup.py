"""The fact lookup (показатель на дату): one answer to "what was X on date D" for every fact the kit
uses: the yearly facts of :mod:`.yearly` (by the year of the date), the dated
facts of :mod:`.dated` (key rate, general VAT rate), the derived sick-pay limits,
and which of them are provisional. This is what ``B2B_FACT`` returns.

Names are the data keys (``mrot``) or their Russian names, in any case, with
spaces or underscores (``"МРОТ"``, ``"предельная база взносов"``, ``"ключевая ставка"``).

>>> import datetime
>>> fact('мрот', datetime.date(2026, 5, 1))
Decimal('27093')
>>> fact('Ключевая ставка', datetime.date(2025, 11, 1))
Decimal('0.165')
>>> fact('ставка НДС', datetime.date(2026, 1, 1))
Decimal('0.22')
>>> fact('предварительные', datetime.date(2026, 3, 1))
''
>>> fact('предварительные', datetime.date(2027, 1, 1))
'предельная база взносов, МРОТ, порог МСП, ключевая ставка Банка России, производственный календарь'
"""

from . import calendar, dated, yearly
from .dates import as_date
from .errors import ArgumentError

PROVISIONAL = 'provisional'
WARNING = 'warning'
SICK_CAP = 'sick_pay_daily_cap'
SICK_FLOOR = 'sick_pay_daily_floor'

#: Extra Russian names (besides the Russian names of :data:`yearly.KEYS` and :data:`dated.SERIES`).
ALIASES = {
    'предельная база': 'contributions_limit_base',
    'тариф взносов': 'contributions_rate_under_limit',
    'шкала ндфл север': 'ndfl_north_scale',
    'ставка ндс': 'vat_general_rate',
    'ндс': 'vat_general_rate',
    'ключевая ставка': 'key_rate',
    'порог усн ндс': 'usn_vat_exemption_threshold',
    'больничный максимум': SICK_CAP,
    'максимальный дневной заработок': SICK_CAP,
    'больничный минимум': SICK_FLOOR,
    'минимальный дневной заработок': SICK_FLOOR,
    'предварительные': PROVISIONAL,
    'предупреждение': WARNING,
}
RUSSIAN = dict(yearly.RUSSIAN, **dated.SERIES)
RUSSIAN.update({SICK_CAP: 'максимальный средний дневной заработок для больничного',
                SICK_FLOOR: 'минимальный средний дневной заработок для больничного',
                PROVISIONAL: 'какие показатели на дату предварительные',
                WARNING: 'предупреждение о предварительных показателях года'})


def _norm(name):
    return ' '.join(str(name).strip().lower().replace('ё', 'е').replace('_', ' ').replace('-', ' ').split())


_NAMES = {_norm(k): k for k in RUSSIAN}
_NAMES.update({_norm(ru): k for k, ru in RUSSIAN.items()})
_NAMES.update({_norm(a): k for a, k in ALIASES.items()})


def key_of(name):
    """The data key of fact *name* (a key or a Russian name); unknown is an
    :class:`ArgumentError` listing the Russian names."""
    key = _NAMES.get(_norm(name))
    if key is None:
        raise ArgumentError('name', 'неизвестный показатель; известны: %s'
                            % ', '.join(sorted(set(ALIASES) | {'мрот', 'шкала ндфл', 'порог мсп'})), name)
    return key


def provisional_names(day):
    """Russian names of the facts that are provisional on *day* (carried over, not
    published), in one line; ``''`` when none."""
    d = as_date('date', day)
    names = [yearly.RUSSIAN[k] for k in yearly.facts(d.year).provisional]
    names += [dated.SERIES[s] for s in dated.SERIES if dated.is_provisional(s, d)]
    if calendar.is_provisional(d.year):
        names.append('производственный календарь')
    return ', '.join(names)


def fact(name, day):
    """The value of fact *name* on *day*: ``Decimal`` for amounts and rates, a tuple
    for scales and rate lists, text for ``предварительные`` / ``предупреждение``,
    ``None`` where the fact does not apply that year."""
    key = key_of(name)
    d = as_date('date', day)
    if key == PROVISIONAL:
        return provisional_names(d)
    if key == WARNING:
        return yearly.provisional_warning(d.year)
    if key == SICK_CAP:
        return yearly.sick_pay_daily_cap(d.year)
    if key == SICK_FLOOR:
        return yearly.sick_pay_daily_floor(d.year)
    if key in dated.SERIES:
        return dated.value_on(key, d)
    return getattr(yearly.facts(d.year), key)
