"""Facts that change on a date (показатели по дате): the Bank of Russia key rate
(ключевая ставка, for ГК РФ ст. 395 interest and penalties) and the general VAT
rate (основная ставка НДС, applied by the date of the service).

Shipped as dated rows in ``data/dated.json``: ``[from_date, value, source]``. The
value on a date is the one of the latest row on or before it. A table is known to
be right up to its ``confirmed_through`` date; after it the last value is carried
forward and :func:`is_provisional` says so. A user's facts file may add or correct
rows (same date replaces) and move ``confirmed_through`` forward.

>>> import datetime
>>> key_rate(datetime.date(2025, 7, 27)), key_rate(datetime.date(2025, 7, 28))
(Decimal('0.20'), Decimal('0.18'))
>>> vat_general_rate(datetime.date(2025, 12, 31)), vat_general_rate(datetime.date(2026, 1, 1))
(Decimal('0.20'), Decimal('0.22'))
>>> is_provisional('key_rate', datetime.date(2026, 3, 22)), is_provisional('key_rate', datetime.date(2026, 3, 23))
(False, True)
"""

import bisect
import datetime
import json
import pkgutil
from decimal import Decimal

from .dates import as_date
from .errors import ArgumentError

#: Series name → Russian name.
SERIES = {
    'key_rate': 'ключевая ставка Банка России',
    'vat_general_rate': 'основная ставка НДС',
    'court_order_limit': 'предел требований для судебного приказа (ст. 229.2 АПК РФ)',
    'simplified_limit_company': 'предел иска к организации для упрощённого производства (ст. 227 АПК РФ)',
    'simplified_limit_entrepreneur': 'предел иска к ИП для упрощённого производства (ст. 227 АПК РФ)',
    'arbitration_min_fee': 'наименьшая госпошлина по иску в арбитражный суд (ст. 333.21 НК РФ)',
}

# name → {'rows': {date: (value, source)}, 'confirmed_through': date or None}
_SERIES = {}


def _date(text, where):
    try:
        return datetime.date.fromisoformat(str(text))
    except ValueError:
        raise ValueError('%s: ожидается дата ГГГГ-ММ-ДД, указано %r' % (where, text))


def add_series(name, raw):
    """Add or correct rows of series *name*: ``{"rows": [[date, value, source], …],
    "confirmed_through": date}`` or just the list of rows."""
    if name not in SERIES:
        raise ValueError('неизвестный показатель «%s»: годы пишутся числом ("2027"), показатели по '
                         'дате — %s' % (name, ', '.join(sorted(SERIES))))
    if isinstance(raw, list):
        raw = {'rows': raw}
    if not isinstance(raw, dict) or not isinstance(raw.get('rows', []), list):
        raise ValueError('показатель «%s»: ожидается {"rows": [["ГГГГ-ММ-ДД", "0.16", "источник"], …]}'
                         % name)
    series = _SERIES.setdefault(name, {'rows': {}, 'confirmed_through': None})
    rows = {}
    for i, row in enumerate(raw.get('rows', []), 1):
        where = 'показатель «%s», строка %d' % (name, i)
        if not isinstance(row, list) or len(row) not in (2, 3):
            raise ValueError('%s: ожидается ["ГГГГ-ММ-ДД", "значение", "источник"]' % where)
        try:
            value = Decimal(str(row[1]).replace(',', '.'))
        except ArithmeticError:
            raise ValueError('%s: значение %r — не число' % (where, row[1]))
        rows[_date(row[0], where)] = (value, str(row[2]) if len(row) > 2 else '')
    series['rows'].update(rows)
    if raw.get('confirmed_through'):
        through = _date(raw['confirmed_through'], 'показатель «%s», confirmed_through' % name)
        current = series['confirmed_through']
        series['confirmed_through'] = through if current is None else max(current, through)


def rows(name):
    """The rows of series *name* as ``(from_date, value, source)``, ascending."""
    return [(d,) + v for d, v in sorted(_SERIES[name]['rows'].items())]


def confirmed_through(name):
    """The last date the series is known to be right (``None`` — until changed by law).
    A row dated later than the stated date confirms the series up to that row's date."""
    s = _SERIES[name]
    if s['confirmed_through'] is None:
        return None
    return max(s['confirmed_through'], max(s['rows']))


def value_on(name, day, argument='date'):
    """The value of series *name* on *day* (any date a sheet gives, see :mod:`.dates`)."""
    d = as_date(argument, day)
    table = rows(name)
    i = bisect.bisect_right([r[0] for r in table], d)
    if i == 0:
        raise ArgumentError(argument, '%s известна с %s' % (SERIES[name], table[0][0].strftime('%d.%m.%Y')),
                            d.strftime('%d.%m.%Y'))
    return table[i - 1][1]


def is_provisional(name, day):
    """True when *day* is after the date the series is confirmed through (the value
    is the last known one carried forward)."""
    through = confirmed_through(name)
    return through is not None and as_date('date', day) > through


def key_rate(day):
    """The Bank of Russia key rate on *day*, a fraction (0.16 = 16 % годовых)."""
    return value_on('key_rate', day)


def vat_general_rate(day):
    """The general VAT rate on *day* (the date of the service), a fraction."""
    return value_on('vat_general_rate', day)


for _name, _raw in json.loads(pkgutil.get_data(__name__.rpartition('.')[0],
                                               'data/dated.json').decode('utf-8')).items():
    if not _name.startswith('_'):
        add_series(_name, {k: v for k, v in _raw.items() if not k.startswith('_')})
