"""The ``[sales]`` section of ``settings.toml`` (настройки продаж).

Missing keys take the template's values (``jobs/data/settings.toml``): the same
funnel norms as ``B2B_MANAGERS`` (40 calls and 3 meetings a day, call → meeting
0,15, meeting → contract 0,25), stuck after 10 working days, the weekly report
on the first working day from Monday at 08:30.

>>> from jobs import settings
>>> c = from_settings(settings.load_text(settings.template_text(), 'settings.toml'))
>>> c.calls_per_day, c.call_to_meeting, c.stuck_days, c.weekly_day, c.weekly_at
(Decimal('40'), Decimal('0.15'), 10, 1, datetime.time(8, 30))
>>> c.crm_columns('amocrm')['fee'], c.crm_stages['сделка успешна']
('Бюджет', 'подключение')
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib

from .. import settings as settings_mod
from . import stages

SECTION = 'sales'
CRM_SYSTEMS = ('bitrix24', 'amocrm')
#: Pipeline fields a CRM export can fill (keys of ``[sales.crm_…]``).
CRM_FIELDS = ('deal', 'organisation', 'inn', 'segment', 'manager', 'source', 'stage', 'created',
              'changed', 'fee', 'reason', 'next_action', 'next_date')


@dataclass(frozen=True)
class SalesConfig:
    calls_per_day: Decimal
    meetings_per_day: Decimal
    call_to_meeting: Decimal
    meeting_to_contract: Decimal
    stuck_days: int
    bonus_rate: Decimal
    managers: tuple
    weekly_day: int             # ISO weekday 1..7
    weekly_at: datetime.time
    crm: str                    # default CRM system
    crm_mappings: dict          # system → {field: header}
    crm_stages: dict            # CRM stage (lower case, ё→е) → pipeline stage
    source: str                 # settings file, for messages

    def crm_columns(self, system):
        return self.crm_mappings[system]


def _number(r, key, minimum, maximum=None, share=False):
    v = r.get(key)
    ok = not isinstance(v, bool) and isinstance(v, (int, float))
    d = Decimal(str(v)) if ok else None
    if not ok or d < minimum or (maximum is not None and d > maximum) or (share and d == 0):
        r.fail(key, 'ожидается доля больше 0 и не больше 1 (0,15 = 15 %)' if share
               else 'ожидается число не меньше %s' % minimum, v)
    return d


def _defaults():
    return tomllib.loads(settings_mod.template_text())


def from_settings(settings):
    """The sales settings of *settings* (a :class:`jobs.settings.Settings`); UserError naming the key."""
    r = settings_mod._Reader(settings.path, settings.raw or {}, _defaults(), SECTION)
    managers = r.get('managers') or []
    if not isinstance(managers, list) or not all(isinstance(m, str) for m in managers):
        r.fail('managers', 'ожидается список имён, например ["Иванова А. С.", "Петров Д. Н."]', managers)
    crm = r.text('crm').lower()
    if crm not in CRM_SYSTEMS:
        r.fail('crm', 'ожидается "bitrix24" или "amocrm"', crm)
    mappings = {}
    for system in CRM_SYSTEMS:
        key = 'crm_' + system
        table = r.get(key)
        default = r.defaults.get(key, {})
        if not isinstance(table, dict):
            r.fail(key, 'ожидается таблица [sales.%s] «поле = "заголовок столбца"»' % key, table)
        columns = {}
        for field in CRM_FIELDS:
            header = table.get(field, default.get(field, ''))
            if not isinstance(header, str):
                r.fail('%s.%s' % (key, field), 'ожидается заголовок столбца в кавычках', header)
            columns[field] = header.strip()
        for field in ('organisation', 'stage'):
            if not columns[field]:
                r.fail('%s.%s' % (key, field), 'это поле обязательно: укажите заголовок столбца выгрузки')
        mappings[system] = columns
    stage_table = r.get('crm_stages')
    if not isinstance(stage_table, dict):
        r.fail('crm_stages', 'ожидается таблица [sales.crm_stages] «"стадия CRM" = "стадия воронки"»',
               stage_table)
    crm_stages = {}
    for name, ours in stage_table.items():
        try:
            crm_stages[stages.key(name)] = stages.parse(ours)
        except ValueError as exc:
            r.fail('crm_stages.%s' % name, str(exc), ours)
    return SalesConfig(
        _number(r, 'calls_per_day', 0), _number(r, 'meetings_per_day', 0),
        _number(r, 'call_to_meeting', 0, 1, share=True), _number(r, 'meeting_to_contract', 0, 1, share=True),
        r.integer('stuck_days', 1, 365), _number(r, 'bonus_rate', 0), tuple(m.strip() for m in managers),
        r.integer('weekly_day', 1, 7), r.time('weekly_at'), crm, mappings, crm_stages, settings.path)


def weekly_slot(settings):
    """``(ISO weekday, time)`` of the weekly report from ``[sales] weekly_day`` / ``weekly_at``."""
    r = settings_mod._Reader(settings.path, settings.raw or {}, _defaults(), SECTION)
    return r.integer('weekly_day', 1, 7), r.time('weekly_at')


def weekly_day(calendar, day, weekday):
    """The working day of *day*'s ISO week on which the weekly report runs: the first working
    day on or after *weekday* in that week, or None (a week off from *weekday* on).

    >>> from jobs import settings
    >>> cal = settings.load_text(settings.template_text(), 's').calendar
    >>> weekly_day(cal, datetime.date(2026, 11, 5), 3)     # Wednesday 04.11 is a holiday
    datetime.date(2026, 11, 5)
    """
    monday = day - datetime.timedelta(days=day.weekday())
    candidate = monday + datetime.timedelta(days=weekday - 1)
    while candidate.isocalendar()[1] == monday.isocalendar()[1]:
        if calendar.is_working_day(candidate):
            return candidate
        candidate += datetime.timedelta(days=1)
    return None
