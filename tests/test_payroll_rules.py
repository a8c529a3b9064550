"""The payroll rules of issue 19, each against cases worked out by hand from the rule.

Every expected figure is computed in the comment next to it from the article of
law, never by calling the code under test.
"""

from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin import catalogue
from addin.model import (ArgumentError, MonthInput, MonthRules, advance, aid_exempt, child_deduction,
                         contributions, hours_pay, month_pay, mrot_shortfall, ndfl, ndfl_north,
                         sick_pay, vacation_pay, writ_deduction)
from addin.model.ndfl import north_scale, tax_on_base
from addin.model.rounding import round_half_up
from addin.model.sick_pay import daily_cap, daily_floor


# -- vacation pay: ст. 139 ТК, ПП № 922 п. 10 ---------------------------------------------

def test_vacation_pay_for_twelve_full_months():
    # 720 000 / (29.3 × 12 = 351.6) = 2 047.7815… → 2 047.78 a day; × 28 days = 57 337.84
    assert vacation_pay(720000, 28) == D('57337.84')
    assert catalogue.call('B2B_VACATION_PAY', [720000.0, 28.0]) == 57337.84


def test_vacation_pay_with_a_partial_month():
    # 11 full months and a 30-day month worked 15 days: 29.3 / 30 × 15 = 14.65 days;
    # 600 000 / (29.3 × 11 + 14.65 = 336.95) = 1 780.6796… → 1 780.68; × 14 = 24 929.52
    assert vacation_pay(600000, 14, 11, 14.65) == D('24929.52')


def test_vacation_pay_refuses_an_empty_period_and_13_months():
    with pytest.raises(ArgumentError, match='full_months'):
        vacation_pay(100000, 14, 0, 0)
    with pytest.raises(ArgumentError, match='full_months'):
        vacation_pay(100000, 14, 13)
    assert vacation_pay(100000, 0) == 0


# -- sick pay: 255-ФЗ ст. 7, 14 -----------------------------------------------------------

def test_sick_pay_cap_and_floor_of_2026():
    # cap = (limit base 2025 2 759 000 + limit base 2024 2 225 000) / 730 = 4 984 000 / 730
    #     = 6 827.397… → 6 827.40;  floor = МРОТ 2026 27 093 × 24 / 730 = 890.728… → 890.73
    assert daily_cap(2026) == D('6827.40')
    assert daily_floor(2026) == D('890.73')


def test_sick_pay_eight_years_ten_days():
    # 1 500 000 / 730 = 2 054.794… → 2 054.79 a day, ≥ 8 years → 100 %;
    # employer 3 × 2 054.79 = 6 164.37, СФР 7 × 2 054.79 = 14 383.53, total 20 547.90
    assert tuple(sick_pay(1500000, 10, 8, 2026)) == (D('2054.79'), D('6164.37'), D('14383.53'),
                                                     D('20547.90'))
    assert catalogue.call('B2B_SICK_PAY', [1500000.0, 10.0, 8.0, 2026.0]) == \
        [[2054.79, 6164.37, 14383.53, 20547.9]]


def test_sick_pay_capped_at_80_percent():
    # 6 000 000 / 730 = 8 219.18 > cap 6 827.40; 6 years → 80 %: 6 827.40 × 0.8 = 5 461.92;
    # 5 days: employer 3 × 5 461.92 = 16 385.76, СФР 2 × 5 461.92 = 10 923.84
    assert tuple(sick_pay(6000000, 5, 6, 2026)) == (D('5461.92'), D('16385.76'), D('10923.84'),
                                                    D('27309.60'))


def test_sick_pay_floored_at_60_percent_and_short_illness():
    # 100 000 / 730 = 136.99 < floor 890.73; 3 years → 60 %: 890.73 × 0.6 = 534.438 → 534.44;
    # 2 days, all of them the employer's: 1 068.88, СФР 0
    assert tuple(sick_pay(100000, 2, 3, 2026)) == (D('534.44'), D('1068.88'), D('0.00'),
                                                   D('1068.88'))


def test_sick_pay_needs_the_two_previous_years():
    with pytest.raises(ArgumentError, match='2023'):
        sick_pay(100000, 2, 3, 2024)        # limit bases of 2022 and 2023 are not shipped


# -- child deductions: ст. 218 п. 1 пп. 4 НК ----------------------------------------------

def test_child_deduction_amounts_2026_and_2024():
    # 2026: 1st 1 400, 2nd 2 800, 3rd 6 000; a disabled child + 12 000 on top
    assert child_deduction(1, 0, 50000, 2026) == 1400
    assert child_deduction(2, 0, 50000, 2026) == 4200            # 1 400 + 2 800
    assert child_deduction(4, 1, 50000, 2026) == 28200           # 1 400 + 2 800 + 2 × 6 000 + 12 000
    # 2024: 1 400 / 1 400 / 3 000 + 12 000, limit 350 000
    assert child_deduction(3, 1, 50000, 2024) == 17800           # 1 400 + 1 400 + 3 000 + 12 000
    assert child_deduction(2, 0, 360000, 2024) == 0              # over 350 000 in 2024
    assert child_deduction(2, 0, 360000, 2026) == 4200           # under 450 000 in 2026
    assert catalogue.call('B2B_CHILD_DEDUCTION', [2.0, None, 90000.0, 2026.0]) == 4200


def test_child_deduction_stops_in_the_month_income_passes_450000():
    # 2 children, pay 100 000 a month in 2026. Income so far: Jan 100 000 … Apr 400 000 ≤ 450 000
    # → 4 200 each month; May 500 000 > 450 000 → 0 from May on.
    # НДФЛ: Jan–Apr (100 000 − 4 200) × 13 % = 12 454 each; May 100 000 × 13 % = 13 000;
    # the five months = 13 % × (500 000 − 4 × 4 200) = 13 % × 483 200 = 62 816.
    ytd, ded_before, taxes, deductions = D(0), D(0), [], []
    for month in range(1, 6):
        d = child_deduction(2, 0, ytd + 100000, 2026)
        taxes.append(ndfl(100000, ytd, 2026, d, ded_before))
        deductions.append(d)
        ytd += 100000
        ded_before += d
    assert deductions == [4200, 4200, 4200, 4200, 0]
    assert taxes == [12454, 12454, 12454, 12454, 13000]
    assert sum(taxes) == 62816


def test_a_deduction_larger_than_the_months_pay_carries_over():
    # January: pay 1 000, deduction 4 200 → base below 0 → tax 0.
    # February: pay 100 000; base from 1 January = 101 000 − 8 400 = 92 600 → 12 038.
    assert ndfl(1000, 0, 2026, 4200) == 0
    assert ndfl(100000, 1000, 2026, 4200, 4200) == 12038


def test_child_deduction_arguments():
    with pytest.raises(ArgumentError, match='disabled_children'):
        child_deduction(1, 2, 0, 2026)
    with pytest.raises(ArgumentError, match='children'):
        child_deduction(1.5, 0, 0, 2026)


# -- the northern base: п. 6.2 ст. 210, п. 1.2 ст. 224 НК ---------------------------------

def test_north_base_taxed_apart():
    # 2.4 M ordinary + 1.2 M РК/надбавки a year in 2026.
    # One scale: 2 400 000 × 13 % + 1 200 000 × 15 % = 312 000 + 180 000 = 492 000.
    # Two bases: 2 400 000 × 13 % = 312 000 and 1 200 000 × 13 % = 156 000 → 468 000: 24 000 less.
    single = ndfl(3600000, 0, 2026)
    split = ndfl(2400000, 0, 2026) + ndfl_north(1200000, 0, 2026)
    assert (single, split, single - split) == (492000, 468000, 24000)


def test_north_base_crosses_5_million():
    # 4 950 000 before; 100 000 this month: 50 000 × 13 % + 50 000 × 15 % = 6 500 + 7 500 = 14 000
    assert ndfl_north(100000, 4950000, 2026) == 14000
    assert catalogue.call('B2B_NDFL_NORTH', [100000.0, 4950000.0, 2026.0]) == 14000


def test_no_separate_north_base_before_2025():
    with pytest.raises(ArgumentError, match='B2B_NDFL'):
        ndfl_north(10000, 0, 2024)
    assert ndfl_north(0, 0, 2024) == 0


# -- the director's minimum base: ст. 421 НК (425-ФЗ) --------------------------------------

def test_director_paid_below_mrot():
    # 2026, pay 10 000: an ordinary employee 10 000 × 30 % = 3 000.00;
    # the director on at least МРОТ 27 093 × 30 % = 8 127.90 (МСП: 27 093 ≤ 1.5 МРОТ → 30 % too).
    assert contributions(10000, 0, 2026) == D('3000.00')
    assert contributions(10000, 0, 2026, 'общий', 'да') == D('8127.90')
    assert contributions(10000, 0, 2026, 'МСП', True) == D('8127.90')
    # above МРОТ nothing changes: 50 000 × 30 % = 15 000
    assert contributions(50000, 0, 2026, 'общий', 'да') == D('15000.00')
    # 2025: no such rule yet → 3 000
    assert contributions(10000, 0, 2025, 'общий', 'да') == D('3000.00')
    assert catalogue.call('B2B_CONTRIBUTIONS', [10000.0, 0.0, 2026.0, None, 'да']) == 8127.9
    with pytest.raises(ArgumentError, match='director'):
        contributions(10000, 0, 2026, 'общий', 'может быть')


# -- the advance: ст. 136 ТК ------------------------------------------------------------------

def test_advance_by_days_and_by_share():
    # 60 000 × 9 days worked / 20 working days of the month = 27 000.00
    assert advance(60000, 9, 9, 20) == D('27000.00')
    # 40 % with РК 1.15: 60 000 × 1.15 × 0.4 = 27 600 for the full first half (9 of 9)
    assert advance(60000, 9, 9, 20, 0.4, 0.15) == D('27600.00')
    # 40 %, 6 of 9 days: 24 000 × 6 / 9 = 16 000.00
    assert advance(60000, 6, 9, 20, 0.4) == D('16000.00')
    with pytest.raises(ArgumentError, match='worked_first_half'):
        advance(60000, 10, 9, 20)


# -- МРОТ: ст. 133 ТК -------------------------------------------------------------------------

def test_mrot_shortfall():
    # federal МРОТ 2026 = 27 093; full month at 20 000 → 7 093.00 short
    assert mrot_shortfall(20000, 20, 20, None, 2026) == D('7093.00')
    # half a month (10 of 20 days) at 13 000: 27 093 × 10 / 20 = 13 546.50 → 546.50 short
    assert mrot_shortfall(13000, 10, 20, None, 2026) == D('546.50')
    # regional МРОТ 30 000, pay 28 000 → 2 000.00; pay 31 000 → 0
    assert mrot_shortfall(28000, 20, 20, 30000, 2026) == D('2000.00')
    assert mrot_shortfall(31000, 20, 20, 30000, 2026) == 0


# -- overtime, night, holidays: ст. 152–154 ТК -----------------------------------------------

def test_hours_pay_at_the_legal_minimums():
    # 60 000 / 160 h = 375 an hour; 2 h × 1.5 + 1 h × 2 + 8 night h × 0.2 + 8 holiday h × 2
    # = 3 + 2 + 1.6 + 16 = 22.6 → 375 × 22.6 = 8 475.00
    assert hours_pay(60000, 160, 2, 1, 8, 8) == D('8475.00')
    # a higher night extra of 40 %: 375 × 8 × 0.4 = 1 200.00
    assert hours_pay(60000, 160, 0, 0, 8, 0, night_extra=0.4) == D('1200.00')
    with pytest.raises(ArgumentError, match='overtime_first_rate'):
        hours_pay(60000, 160, 2, overtime_first_rate=1.2)


# -- material aid: п. 28 ст. 217 НК; writs: ст. 99 229-ФЗ -------------------------------------

def test_material_aid_exempt_up_to_4000_a_year():
    assert aid_exempt(3000, 2000) == 2000        # 4 000 − 2 000 left of the year's allowance
    assert aid_exempt(5000) == 4000
    assert aid_exempt(1000, 4000) == 0


def test_writ_deduction_limits():
    # accrued 50 000, НДФЛ 6 500 → 43 500 after tax; 50 % = 21 750 < 30 000 asked
    assert writ_deduction(50000, 6500, 30000) == D('21750.00')
    # alimony 70 %: 30 450 ≥ 30 000 asked → 30 000
    assert writ_deduction(50000, 6500, 30000, 0.7) == D('30000.00')
    with pytest.raises(ArgumentError, match='limit'):
        writ_deduction(50000, 6500, 30000, 0.8)


# -- the whole month of one employee ---------------------------------------------------------

def test_month_pay_of_a_northern_sales_manager_by_hand():
    # 2026, 20 working days (9 in the 1st–15th), РК 1.15, bonus rate 0.5, default ladder.
    # Salary 100 000, all days worked → 100 000.00; plan 10, fact 10 → coef 1;
    # bonus 40 000 × 0.5 × 1 = 20 000; РК (100 000 + 20 000) × 0.15 = 18 000;
    # accrued 138 000; ordinary base 120 000; one child, income 120 000 ≤ 450 000 → 1 400;
    # НДФЛ (120 000 − 1 400) × 13 % = 15 418 + northern 18 000 × 13 % = 2 340 → 17 758;
    # advance 100 000 × 1.15 × 9 / 20 = 51 750; final 138 000 − 17 758 − 51 750 = 68 492;
    # contributions 138 000 × 30 % = 41 400; НС и ПЗ 0.2 % = 276; cost 179 676.
    rules = MonthRules(year=2026, working_days=20, working_days_first_half=9, norm_hours=159,
                       bonus_rate=D('0.5'), regional_coef=D('1.15'))
    e = MonthInput(salary=100000, worked_first_half=9, worked_days=20, plan=10, fact=10,
                   paid_new_revenue=40000, children=1)
    p = month_pay(e, rules)
    assert (p.salary_pay, p.bonus, p.north, p.accrued, p.ndfl_base) == (100000, 20000, 18000, 138000,
                                                                         120000)
    assert (p.child_deduction, p.ndfl_main, p.ndfl_north, p.ndfl) == (1400, 15418, 2340, 17758)
    assert (p.advance, p.final_pay) == (D('51750.00'), D('68492.00'))
    assert (p.contributions, p.ns, p.cost) == (D('41400.00'), D('276.00'), D('179676.00'))


def test_month_pay_with_vacation_sick_leave_and_aid_by_hand():
    # 2026, 20 working days; salary 60 000, 10 days worked → 30 000.00; plan 5, fact 0 → bonus 0.
    # Vacation 5 days on 720 000 / 351.6 = 2 047.78 → 10 238.90. Sick 4 days on 1 500 000:
    # 2 054.79 a day, employer 3 days 6 164.37 (the СФР pays 2 054.79 itself).
    # Aid 5 000, none before → 4 000 exempt. Accrued 30 000 + 10 238.90 + 6 164.37 + 5 000
    # = 51 403.27; НДФЛ base 51 403.27 − 4 000 = 47 403.27 → 13 % = 6 162.4251 → 6 162;
    # contributions base 51 403.27 − 6 164.37 − 4 000 = 41 238.90 → 30 % = 12 371.67.
    rules = MonthRules(year=2026, working_days=20, working_days_first_half=9, norm_hours=159)
    e = MonthInput(salary=60000, worked_first_half=9, worked_days=10, plan=5, fact=0,
                   vacation_days=5, earnings_12m=720000, sick_days=4, earnings_2y=1500000,
                   material_aid=5000)
    p = month_pay(e, rules)
    assert (p.vacation, p.sick.employer, p.sick.sfr) == (D('10238.90'), D('6164.37'), D('2054.79'))
    assert (p.accrued, p.ndfl_base, p.ndfl) == (D('51403.27'), D('47403.27'), 6162)
    assert (p.contributions_base, p.contributions) == (D('41238.90'), D('12371.67'))
    assert p.mrot_shortfall == 0          # 30 000 ≥ 27 093 × 10 / 20 = 13 546.50
    # advance 60 000 × 9 / 20 = 27 000; final 51 403.27 − 6 162 − 27 000 = 18 241.27
    assert (p.advance, p.final_pay) == (D('27000.00'), D('18241.27'))
    # the vacation pay went out before the vacation less its НДФЛ: 10 238.90 − 1 331 = 8 907.90
    early = month_pay(e._replace(paid_separately=D('8907.90')), rules)
    assert early.final_pay == D('9333.37')     # 18 241.27 − 8 907.90


def test_a_users_year_without_deduction_facts_carries_them_over_as_provisional():
    # issue 13: a key a user's year leaves out comes from the latest year that has it, marked provisional
    from addin.model import add_year, yearly
    add_year(2091, {'ndfl_scale': [['0', '0.13']], 'contributions_limit_base': '3200000',
                    'contributions_rate_under_limit': '0.30', 'contributions_rate_over_limit': '0.151',
                    'mrot': '30000', 'sme_threshold': '45000', 'sme_rate_over_threshold': '0.15',
                    'vat_rates': ['0.22', '0']})
    try:
        assert 'child_deduction_first' in yearly.facts(2091).provisional
        assert child_deduction(1, 0, 0, 2091) == D('1400')            # 1 400 ₽ on the first child (2025+)
        # the director's minimum base (from 2026) carries over too: 30 000 × 30 % = 9 000,00
        assert contributions(10000, 0, 2091, 'общий', 'да') == D('9000.00')
    finally:
        yearly.remove_year(2091)


# -- properties over a whole year ------------------------------------------------------------

_money = st.decimals(min_value=0, max_value=1_500_000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=150, deadline=None)
@given(st.lists(_money, min_size=12, max_size=12), st.lists(_money, min_size=12, max_size=12),
       st.integers(0, 4))
def test_a_years_monthly_taxes_add_up_to_the_tax_on_the_year(pays, norths, children):
    # Cumulative withholding (ст. 225 НК): whatever the months, the twelve monthly taxes add up
    # to the tax on the year's base minus the year's deductions, and the northern base apart.
    ytd, north_ytd, ded_ytd, total, north_total = D(0), D(0), D(0), D(0), D(0)
    for pay, north in zip(pays, norths):
        d = child_deduction(children, 0, ytd + pay, 2026)
        total += ndfl(pay, ytd, 2026, d, ded_ytd)
        north_total += ndfl_north(north, north_ytd, 2026)
        ytd, north_ytd, ded_ytd = ytd + pay, north_ytd + north, ded_ytd + d
    assert total == round_half_up(tax_on_base(max(D(0), ytd - ded_ytd), 2026), 0)
    assert north_total == round_half_up(tax_on_base(north_ytd, 2026, north_scale(2026)), 0)
    assert ded_ytd <= 12 * child_deduction(children, 0, 0, 2026)


@settings(max_examples=150, deadline=None)
@given(_money, st.integers(0, 180), st.decimals(0, 40, places=1, allow_nan=False, allow_infinity=False))
def test_sick_pay_stays_between_the_floor_and_the_cap(earnings, days, years):
    # ч. 1.1 and 3.2 ст. 14 255-ФЗ: 890.73 × share ≤ daily ≤ 6 827.40 × share (2026); the parts add up
    row = sick_pay(earnings * 4, days, years, 2026)
    share = D(1) if years >= 8 else D('0.8') if years >= 5 else D('0.6')
    assert round_half_up(D('890.73') * share, 2) <= row.daily <= round_half_up(D('6827.40') * share, 2)
    assert row.employer == row.daily * min(days, 3)
    assert row.total == row.employer + row.sfr == row.daily * days
