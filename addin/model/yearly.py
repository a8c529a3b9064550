"""Yearly facts (годовые показатели): НДФЛ scales, contribution rates and limit
base, МРОТ, SME threshold, VAT rates, child deductions, УСН VAT threshold.

They are data, not code: the kit ships ``data/yearly.json`` (one block per year)
and a user adds or corrects a year with :func:`add_year` / :func:`add_years_from_json`
(the add-in and the jobs call it for the file named by ``B2BKIT_YEARLY_FACTS`` or
``yearly.json`` in the operator folder). A block may leave keys out; a given key
replaces only that key.

A year that is not published yet (no block, or a block without some keys) is
carried forward key by key from the latest year before it; the carried keys are
listed in :attr:`YearFacts.provisional` (предварительные показатели) so the sheet
and the CLI can say so. Only years before the first block are an error.

>>> facts(2026).mrot
Decimal('27093')
>>> facts(2026).ndfl_scale[1]
(Decimal('2400000'), Decimal('0.15'))
>>> facts(2026).provisional
()
>>> facts(2027).contributions_rate_under_limit, facts(2027).provisional
(Decimal('0.30'), ('contributions_limit_base', 'mrot', 'sme_threshold'))
>>> sick_pay_daily_cap(2026), sick_pay_daily_floor(2026)
(Decimal('6827.40'), Decimal('890.73'))
"""

import json
import pkgutil
from collections import namedtuple
from decimal import Decimal

from .checks import whole
from .errors import YearError
from .rounding import round_half_up


def _scale(value):
    scale = tuple((Decimal(a), Decimal(r)) for a, r in value)
    if not scale or scale[0][0] != 0 or list(scale) != sorted(scale):
        raise ValueError('шкала должна начинаться с 0 и возрастать')
    return scale


def _optional_scale(value):
    """A scale, or ``[]`` — none (before 2025 there was no separate base for the northern allowances)."""
    return _scale(value) if value else ()


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError('ожидается число строкой, например "27093"')
    return Decimal(str(value).replace(',', '.').replace(' ', ''))


def _optional_number(value):
    return None if value is None else _number(value)


def _rates(value):
    return tuple(_number(v) for v in value)


#: Every yearly key, its parser and its Russian name (what the sheet and the CLI show).
KEYS = (
    ('ndfl_scale', _scale, 'шкала НДФЛ'),                      # ((from_ytd_base, rate), ...) ascending
    ('ndfl_north_scale', _optional_scale, 'шкала НДФЛ для северных надбавок'),
    ('contributions_limit_base', _number, 'предельная база взносов'),   # rubles a year
    ('contributions_rate_under_limit', _number, 'тариф взносов до предельной базы'),
    ('contributions_rate_over_limit', _number, 'тариф взносов сверх предельной базы'),
    ('mrot', _number, 'МРОТ'),                                  # rubles a month
    ('sme_threshold', _number, 'порог МСП'),                    # pay a month at the full rate (МСП)
    ('sme_threshold_mrot_multiple', _number, 'порог МСП в МРОТ'),
    ('sme_rate_over_threshold', _number, 'тариф МСП сверх порога'),
    ('vat_rates', _rates, 'ставки НДС'),                        # admissible VAT rates, fractions
    ('usn_vat_exemption_threshold', _optional_number, 'порог освобождения от НДС на УСН'),
    ('child_deduction_first', _number, 'вычет на первого ребёнка'),
    ('child_deduction_second', _number, 'вычет на второго ребёнка'),
    ('child_deduction_third_plus', _number, 'вычет на третьего и следующих детей'),
    ('child_deduction_disabled', _number, 'вычет на ребёнка-инвалида'),
    ('child_deduction_income_limit', _number, 'предел дохода для детских вычетов'),
    ('director_min_base_mrot', _number, 'база взносов директора не ниже МРОТ'),   # 1 / 0
)
KEY_NAMES = tuple(k for k, _, _ in KEYS)
RUSSIAN = {k: ru for k, _, ru in KEYS}
_PARSERS = {k: p for k, p, _ in KEYS}

YearFacts = namedtuple('YearFacts', ('year',) + KEY_NAMES + ('provisional', 'carried_from'))
YearFacts.__doc__ = ("The facts of one year. *provisional* — the keys carried over from an earlier "
                     "year (empty when all are published); *carried_from* — ((key, year it is "
                     "taken from), …) for those keys.")

#: year → {key: parsed value}: the shipped blocks with the user's keys merged in.
_BLOCKS = {}
_CACHE = {}


def _parse_block(year, raw):
    if not isinstance(raw, dict):
        raise ValueError('годовые показатели за %s год: ожидается объект {"ключ": значение}' % year)
    out = {}
    for key, value in raw.items():
        if key.startswith('_'):
            continue
        if key not in _PARSERS:
            raise ValueError('годовые показатели за %s год: неизвестный ключ «%s»; известны: %s'
                             % (year, key, ', '.join(KEY_NAMES)))
        try:
            out[key] = _PARSERS[key](value)
        except (TypeError, ValueError, ArithmeticError) as exc:
            raise ValueError('годовые показатели за %s год, ключ «%s»: задан неверно (%s): %s'
                             % (year, key, value, exc))
    return out


def add_year(year, raw):
    """Add or correct the facts of *year* given as a dict like a block of
    ``data/yearly.json``. Only the keys given change; the rest stay as shipped
    (or are carried over from the year before)."""
    y = int(year)
    merged = dict(_BLOCKS.get(y, {}))
    merged.update(_parse_block(y, raw))
    if not _BLOCKS or y <= min(_BLOCKS):
        # Nothing earlier to carry a missing key from.
        missing = [k for k in KEY_NAMES if k not in merged and k != 'sme_threshold']
        if missing:
            raise ValueError('годовые показатели за %s год: это первый известный год, в нём нужны '
                             'все ключи; нет: %s' % (y, ', '.join(missing)))
    _BLOCKS[y] = merged
    _CACHE.clear()


def remove_year(year):
    """Forget the block of *year* (tests use it to undo :func:`add_year`)."""
    _BLOCKS.pop(int(year), None)
    _CACHE.clear()


def add_years_from_json(text):
    """Add every year block of a JSON document (keys are years; ``_…`` keys are
    comments; the other keys are dated facts, see :mod:`.dated`)."""
    from . import dated
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError('ожидается объект JSON с годами, например {"2027": {"mrot": "..."}}')
    for key, raw in data.items():
        if key.startswith('_'):
            continue
        if key.isdigit():
            add_year(int(key), raw)
        else:
            dated.add_series(key, raw)


def known_years():
    """Years with a block of facts, ascending."""
    return sorted(_BLOCKS)


def _resolve(year):
    years = known_years()
    state, origin, carried = {}, {}, set()
    for y in range(years[0], year + 1):
        block = _BLOCKS.get(y, {})
        carried = {k for k in KEY_NAMES if k not in block}
        state.update(block)
        origin.update((k, y) for k in block)
        if 'sme_threshold' not in block and 'sme_threshold_mrot_multiple' in state:
            # 1.5 × МРОТ from 2025 (НК РФ ст. 427 п. 2.1): it follows МРОТ, provisional with it.
            state['sme_threshold'] = round_half_up(state['sme_threshold_mrot_multiple'] * state['mrot'], 2)
            origin['sme_threshold'] = origin['mrot']
            if not carried & {'mrot', 'sme_threshold_mrot_multiple'}:
                carried.discard('sme_threshold')
    provisional = tuple(k for k in KEY_NAMES if k in carried)
    return YearFacts(year=year, provisional=provisional,
                     carried_from=tuple((k, origin[k]) for k in provisional),
                     **{k: state[k] for k in KEY_NAMES})


def facts(year):
    """The :class:`YearFacts` of *year*. A year after the last block is carried
    forward (see :attr:`YearFacts.provisional`); a year before the first block is a
    :class:`YearError`."""
    y = whole('year', year, minimum=1)
    if not _BLOCKS or y < min(_BLOCKS):
        raise YearError(y, known_years())
    if y not in _CACHE:
        _CACHE[y] = _resolve(y)
    return _CACHE[y]


def provisional_text(year):
    """The Russian names of the carried-over facts of *year*, ``''`` when none.

    >>> provisional_text(2026)
    ''
    >>> provisional_text(2027)
    'предельная база взносов, МРОТ, порог МСП'
    """
    return ', '.join(RUSSIAN[k] for k in facts(year).provisional)


def provisional_warning(year):
    """The visible warning of a sheet or a CLI run for *year*, ``''`` when every
    figure of that year is published.

    >>> provisional_warning(2026)
    ''
    >>> provisional_warning(2027)[:103]
    'Внимание: показатели 2027 года предварительные: предельная база взносов, МРОТ, порог МСП — из 2026 года'
    """
    f = facts(year)
    if not f.provisional:
        return ''
    by_year = {}
    for key, source in f.carried_from:
        by_year.setdefault(source, []).append(RUSSIAN[key])
    parts = '; '.join('%s — из %d года' % (', '.join(names), y) for y, names in sorted(by_year.items()))
    return ('Внимание: показатели %d года предварительные: %s (официальные значения ещё не '
            'опубликованы). Когда выйдут, обновите isp-b2b-kit или добавьте их в yearly.json '
            '(см. docs/yearly-facts.md).' % (year, parts))


def sick_pay_daily_cap(year):
    """Maximum average daily earnings for sick pay (максимальный средний дневной
    заработок), rubles: (limit base of year − 1 + limit base of year − 2) / 730,
    rounded to kopecks (ФЗ № 255-ФЗ ст. 14 ч. 3.3).

    >>> sick_pay_daily_cap(2026)
    Decimal('6827.40')
    """
    y = whole('year', year, minimum=1)
    base = facts(y - 1).contributions_limit_base + facts(y - 2).contributions_limit_base
    return round_half_up(base / Decimal(730), 2)


def sick_pay_daily_floor(year):
    """Minimum average daily earnings for sick pay: МРОТ × 24 / 730, rubles, rounded
    to kopecks (ФЗ № 255-ФЗ ст. 14 ч. 1.1).

    >>> sick_pay_daily_floor(2026)
    Decimal('890.73')
    """
    return round_half_up(facts(year).mrot * 24 / Decimal(730), 2)


add_years_from_json(pkgutil.get_data(__name__.rpartition('.')[0], 'data/yearly.json').decode('utf-8'))
