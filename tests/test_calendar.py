"""The production calendar: the official 2024, 2025 and 2026 calendars as the
Government's decrees state them, the ст. 112 rule for a year without a decree, the
worksheet functions, and the operator's own days from settings.toml.

Every expected date below is typed from the decree's text (quoted in the comments),
not read from ``addin/model/data/calendar.json``.
"""

import datetime

import pytest

from addin.catalogue import call, call_for_cell
from addin.model import calendar
from addin.model.errors import ArgumentError
from jobs import settings as settings_mod
from jobs.scheduler import nth_working_day

D = datetime.date


def _dates(year, pairs):
    return {D(year, m, d) for m, d in pairs}


def _off_weekdays(year):
    """Mon–Fri dates of *year* that are days off, by the kit's calendar."""
    day, out = D(year, 1, 1), set()
    while day.year == year:
        if day.isoweekday() < 6 and not calendar.is_working_day(day):
            out.add(day)
        day += datetime.timedelta(days=1)
    return out


def _working_weekends(year):
    day, out = D(year, 1, 1), set()
    while day.year == year:
        if day.isoweekday() >= 6 and calendar.is_working_day(day):
            out.add(day)
        day += datetime.timedelta(days=1)
    return out


# --- 2025: Постановление Правительства РФ от 04.10.2024 № 1335 -------------------------
# ТК РФ ст. 112: 1–8 января, 23 февраля, 8 марта, 1 мая, 9 мая, 12 июня, 4 ноября.
# «Перенести в 2025 году следующие выходные дни: с субботы 4 января на пятницу 2 мая;
# с воскресенья 5 января на среду 31 декабря; с воскресенья 23 февраля на четверг 8 мая;
# с субботы 8 марта на пятницу 13 июня; с субботы 1 ноября на понедельник 3 ноября.»
HOLIDAYS_2025_ON_WEEKDAYS = [(1, 1), (1, 2), (1, 3), (1, 6), (1, 7), (1, 8),   # 4, 5 Jan — Sat, Sun
                             (5, 1), (5, 9), (6, 12), (11, 4)]                 # 23 Feb Sun, 8 Mar Sat
TRANSFERRED_2025 = [(5, 2), (12, 31), (5, 8), (6, 13), (11, 3)]
# Норма рабочего времени 2025 (пятидневка, 40 ч): 17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22 = 247 дней.
NORM_2025 = [17, 20, 21, 22, 18, 19, 23, 21, 22, 23, 19, 22]

# --- 2026: Постановление Правительства РФ от 24.09.2025 № 1466 -------------------------
# «Перенести в 2026 году следующие выходные дни: с субботы 3 января на пятницу 9 января;
# с воскресенья 4 января на четверг 31 декабря.» 8 марта (вс) и 9 мая (сб) переносятся
# на понедельники 9 марта и 11 мая по ст. 112 ч. 2 ТК РФ без постановления.
HOLIDAYS_2026_ON_WEEKDAYS = [(1, 1), (1, 2), (1, 5), (1, 6), (1, 7), (1, 8),   # 3, 4 Jan — Sat, Sun
                             (2, 23), (5, 1), (6, 12), (11, 4)]
TRANSFERRED_2026 = [(1, 9), (12, 31), (3, 9), (5, 11)]
# Норма 2026: 15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22 = 247 дней.
NORM_2026 = [15, 19, 21, 22, 19, 21, 23, 21, 22, 22, 20, 22]

# --- 2024: Постановление Правительства РФ от 10.08.2023 № 1314 -------------------------
# «с субботы 6 января на пятницу 10 мая; с воскресенья 7 января на вторник 31 декабря;
# с субботы 27 апреля на понедельник 29 апреля; с субботы 2 ноября на вторник 30 апреля;
# с субботы 28 декабря на понедельник 30 декабря.»
HOLIDAYS_2024_ON_WEEKDAYS = [(1, 1), (1, 2), (1, 3), (1, 4), (1, 5), (1, 8),
                             (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)]
TRANSFERRED_2024 = [(5, 10), (12, 31), (4, 29), (4, 30), (12, 30)]
WORKING_SATURDAYS_2024 = [(4, 27), (11, 2), (12, 28)]
# Норма 2024: 17, 20, 20, 21, 20, 19, 23, 22, 21, 23, 21, 21 = 248 дней.
NORM_2024 = [17, 20, 20, 21, 20, 19, 23, 22, 21, 23, 21, 21]


@pytest.mark.parametrize('year, holidays, transferred, saturdays', [
    (2024, HOLIDAYS_2024_ON_WEEKDAYS, TRANSFERRED_2024, WORKING_SATURDAYS_2024),
    (2025, HOLIDAYS_2025_ON_WEEKDAYS, TRANSFERRED_2025, [(11, 1)]),
    (2026, HOLIDAYS_2026_ON_WEEKDAYS, TRANSFERRED_2026, []),
])
def test_every_holiday_and_transfer_of_the_decree(year, holidays, transferred, saturdays):
    assert _off_weekdays(year) == _dates(year, holidays) | _dates(year, transferred)
    assert _working_weekends(year) == _dates(year, saturdays)
    assert not calendar.is_provisional(year)


@pytest.mark.parametrize('year, norm, total', [(2024, NORM_2024, 248), (2025, NORM_2025, 247),
                                               (2026, NORM_2026, 247)])
def test_month_norms_of_working_days(year, norm, total):
    assert [call('B2B_WORKING_DAYS', [year, m]) for m in range(1, 13)] == norm
    assert sum(norm) == total
    assert call('B2B_WORKING_DAYS', [year]) == total


def test_worksheet_functions_on_dates_as_each_program_passes_them():
    # LibreOffice passes a date cell as a serial number: 46031 = 09.01.2026 (day 0 = 30.12.1899).
    assert call('B2B_IS_WORKING_DAY', [46031.0]) is False
    # xlwings passes datetime; text dates in both Russian and ISO form.
    assert call('B2B_IS_WORKING_DAY', [datetime.datetime(2026, 1, 12, 0, 0)]) is True
    assert call('B2B_IS_WORKING_DAY', ['01.11.2025']) is True     # рабочая суббота (ПП № 1335)
    assert call('B2B_IS_WORKING_DAY', ['2025-11-03']) is False    # перенесённый выходной
    assert call('B2B_IS_WORKING_DAY', ['2026-02-21']) is False    # обычная суббота


def test_workday_add_skips_holidays_and_transfers():
    serial = lambda d: (d - D(1899, 12, 30)).days   # noqa: E731 — the cell's date number
    # 30.12.2025 (вт) + 1: 31.12 — перенесённый выходной, 1–11 января — каникулы → 12.01.2026.
    assert call('B2B_WORKDAY_ADD', ['30.12.2025', 1]) == serial(D(2026, 1, 12))
    # 12.01.2026 − 2: 09.01, 31.12.2025 выходные → 30.12.2025, 29.12.2025.
    assert call('B2B_WORKDAY_ADD', ['12.01.2026', -2]) == serial(D(2025, 12, 29))
    # 0: a term falling on a day off moves to the next working day (ГК РФ ст. 193).
    assert call('B2B_WORKDAY_ADD', ['08.03.2026', 0]) == serial(D(2026, 3, 10))
    assert call('B2B_WORKDAY_ADD', ['10.03.2026', 0]) == serial(D(2026, 3, 10))
    # 29.04.2024 and 30.04.2024 are days off, 27.04.2024 (сб) is working (ПП № 1314).
    assert call('B2B_WORKDAY_ADD', ['26.04.2024', 1]) == serial(D(2024, 4, 27))
    assert call('B2B_WORKDAY_ADD', ['27.04.2024', 1]) == serial(D(2024, 5, 2))


def test_bad_dates_and_months_are_russian_errors_naming_the_argument():
    assert call_for_cell('B2B_IS_WORKING_DAY', ['31.02.2026']) == '#ОШИБКА: «дата»: такой даты нет («31.02.2026»)'
    assert '«дата»: ожидается дата' in call_for_cell('B2B_IS_WORKING_DAY', ['завтра'])
    assert call_for_cell('B2B_IS_WORKING_DAY', [None]) == '#ОШИБКА: «дата»: не задан'
    assert '«месяц»: ожидается номер месяца от 1 до 12' in call_for_cell('B2B_WORKING_DAYS', [2026, 13])
    assert '«дней»: ожидается целое число' in call_for_cell('B2B_WORKDAY_ADD', ['01.03.2026', 1.5])
    with pytest.raises(ArgumentError):
        calendar.is_working_day(True)


def test_a_year_without_a_decree_follows_article_112():
    # 2028: 1 January is a Saturday. ст. 112 ч. 2: a holiday on a weekend moves the day off to
    # the next working day, except the January ones (only the decree moves those).
    # 4 ноября 2028 — суббота → понедельник 6 ноября. 23.02 ср, 08.03 ср, 01.05 пн, 09.05 вт, 12.06 пн.
    assert calendar.is_provisional(2028)
    assert _off_weekdays(2028) == _dates(2028, [(1, 3), (1, 4), (1, 5), (1, 6), (1, 7),
                                                (2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 6)])
    assert _working_weekends(2028) == set()


def test_2027_is_shipped_but_marked_provisional():
    assert calendar.is_provisional(2027)
    # The ст. 112 moves hold whatever the decree adds: 1 May (сб) → 3 May, 9 May (вс) → 10 May,
    # 12 June (сб) → 14 June; 1 and 4–8 January are holidays on weekdays.
    for day in (D(2027, 1, 1), D(2027, 1, 4), D(2027, 1, 8), D(2027, 5, 3), D(2027, 5, 10),
                D(2027, 6, 14), D(2027, 11, 4)):
        assert not calendar.is_working_day(day), day
    assert calendar.is_working_day(D(2027, 1, 11))


# --- the operator's settings on top of the shipped calendar ------------------------------

def _settings(calendar_section=''):
    text = settings_mod.template_text()
    if calendar_section:
        text = text[:text.index('[calendar]')] + calendar_section
    return settings_mod.load_text(text, 'settings.toml')


def test_template_settings_use_the_shipped_calendar_without_listing_days():
    cal = _settings().calendar
    assert cal.holidays == frozenset() and cal.workdays == frozenset()
    # 2027 was never typed into settings.toml: 1–8 January are still days off.
    assert nth_working_day(cal, 2027, 1, 1) == D(2027, 1, 11)
    assert nth_working_day(cal, 2025, 11, 1) == D(2025, 11, 1)       # рабочая суббота
    assert not cal.is_working_day(D(2026, 12, 31))


def test_settings_add_a_regional_holiday_and_a_working_saturday():
    cal = _settings('[calendar]\nweekends = [6, 7]\nholidays = ["2026-09-21"]\n'
                    'workdays = ["2026-12-26"]\n').calendar
    assert not cal.is_working_day(D(2026, 9, 21))        # Monday, the region's holiday
    assert cal.is_working_day(D(2026, 12, 26))           # the operator's working Saturday
    assert not cal.is_working_day(D(2026, 1, 9))         # the decree's transfer still holds
    # November 2026: 20 working days by the decree; a regional day off in it makes 19.
    cal2 = _settings('[calendar]\nweekends = [6, 7]\nholidays = ["2026-11-05"]\n').calendar
    assert len(cal2.working_days_of_month(2026, 11)) == 19


def test_old_settings_with_hand_typed_days_still_load():
    # What the template used to hold: the same days the decrees have, so nothing changes.
    cal = _settings('[calendar]\nweekends = [6, 7]\nholidays = ["2026-01-09", "2026-12-31"]\n'
                    'workdays = ["2025-11-01"]\n').calendar
    assert [len(cal.working_days_of_month(2026, m)) for m in range(1, 13)] == NORM_2026


def test_a_day_both_off_and_working_is_a_settings_error():
    with pytest.raises(settings_mod.UserError, match='и в holidays, и в workdays'):
        _settings('[calendar]\nweekends = [6, 7]\nholidays = ["2026-09-21"]\nworkdays = ["2026-09-21"]\n')


def test_debtor_notices_rest_on_holidays_nobody_typed_into_settings():
    from jobs.debtors.job import send_allowed
    s = _settings()
    # 05.01.2027 (вт): Новогодние каникулы by ст. 112 — never in the template's settings.toml.
    allowed, reason = send_allowed(s, datetime.datetime(2027, 1, 5, 11, 0))
    assert not allowed and '05.01.2027 — нерабочий день по производственному календарю' in reason
    assert send_allowed(s, datetime.datetime(2027, 1, 11, 11, 0)) == (True, '')
    # 01.11.2025, a Saturday, was a working day (ПП № 1335): notices go out.
    assert send_allowed(s, datetime.datetime(2025, 11, 1, 11, 0)) == (True, '')
