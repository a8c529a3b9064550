"""Sick pay (пособие по временной нетрудоспособности), 255-ФЗ ст. 7, 14 and
the Regulation ПП РФ от 11.09.2021 № 1540.

Average daily earnings = earnings of the two calendar years before the year of
illness / 730 (ч. 3 ст. 14), rounded to kopecks, but

* at most (limit base of year−1 + limit base of year−2) / 730 — the
  contributions' предельная база (ч. 3.2 ст. 14): 2026 — 6 827,40 ₽;
* at least МРОТ × 24 / 730 (ч. 1.1 ст. 14): 2026 — 890,73 ₽.

The daily benefit is the average daily earnings × the insurance-record share
(ст. 7): 60 % under 5 years, 80 % from 5 to 8 years, 100 % from 8 years. The
employer pays the first 3 days, the Social Fund (СФР) the rest (ч. 2 ст. 3).
НДФЛ is withheld from it; contributions are not charged (пп. 1 п. 1 ст. 422 НК).

>>> sick_pay(1500000, 10, 8, 2026)
SickPay(daily=Decimal('2054.79'), employer=Decimal('6164.37'), sfr=Decimal('14383.53'), total=Decimal('20547.90'))
>>> daily_cap(2026), daily_floor(2026)
(Decimal('6827.40'), Decimal('890.73'))
"""

from collections import namedtuple
from decimal import Decimal

from .checks import non_negative, whole
from .errors import ArgumentError
from .rounding import round_half_up
from .yearly import facts

SickPay = namedtuple('SickPay', 'daily employer sfr total')
SickPay.__doc__ = ('Пособие в день, за счёт работодателя (первые 3 дня), за счёт СФР, всего — '
                   'rubles and kopecks.')

DAYS_IN_TWO_YEARS = Decimal(730)
EMPLOYER_DAYS = 3


def daily_cap(year):
    """The highest average daily earnings for sick pay in *year*, rubles:
    ROUND((limit base of year−1 + limit base of year−2) / 730; 2)."""
    y = whole('year', year, minimum=1)
    return round_half_up((facts(y - 1).contributions_limit_base
                          + facts(y - 2).contributions_limit_base) / DAYS_IN_TWO_YEARS, 2)


def daily_floor(year):
    """The lowest average daily earnings for sick pay in *year*, rubles:
    ROUND(МРОТ × 24 / 730; 2)."""
    return round_half_up(facts(year).mrot * 24 / DAYS_IN_TWO_YEARS, 2)


def insurance_share(insurance_years):
    """The share of average earnings paid for an insurance record of
    *insurance_years* (ст. 7 255-ФЗ): < 5 → 60 %, 5–8 → 80 %, ≥ 8 → 100 %."""
    years = non_negative('insurance_years', insurance_years)
    if years >= 8:
        return Decimal(1)
    if years >= 5:
        return Decimal('0.8')
    return Decimal('0.6')


def sick_pay(earnings_2y, days, insurance_years=8, year=None):
    """The sick-pay row for *days* calendar days of illness in *year*.

    daily = ROUND(MIN(cap; MAX(floor; ROUND(earnings_2y / 730; 2))) × share; 2);
    employer = daily × MIN(days; 3); СФР = daily × (days − employer's days);
    total = employer + СФР.
    """
    earned = non_negative('earnings_2y', earnings_2y)
    n = whole('days', days)
    if year is None:
        raise ArgumentError('year', 'обязательный аргумент не задан')
    average = round_half_up(earned / DAYS_IN_TWO_YEARS, 2)
    average = min(daily_cap(year), max(daily_floor(year), average))
    daily = round_half_up(average * insurance_share(insurance_years), 2)
    employer_days = min(n, EMPLOYER_DAYS)
    employer = round_half_up(daily * employer_days, 2)
    sfr = round_half_up(daily * (n - employer_days), 2)
    return SickPay(daily, employer, sfr, employer + sfr)
