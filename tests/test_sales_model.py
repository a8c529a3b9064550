"""B2B_FUNNEL_NEED and B2B_PLAN_FORECAST: hand-worked cases, the rounding rule, errors in Russian."""

from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from addin import model
from addin.catalogue import call, call_for_cell
from addin.model import ArgumentError


def test_funnel_need_by_hand():
    # 10 contracts at 0,25 → 40 meetings; 40 / 0,15 = 266,67 → 267 calls
    assert call('B2B_FUNNEL_NEED', [10]) == [[40, 267]]
    # 3 contracts at 0,3 → 10 meetings (3 / 0,3 = 10 exactly, no rounding up past it); 10 / 0,2 = 50 calls
    assert call('B2B_FUNNEL_NEED', [3, 0.2, 0.3]) == [[10, 50]]
    # 1 contract at 0,25 → 4 meetings; 4 / 0,15 = 26,67 → 27 calls
    assert call('B2B_FUNNEL_NEED', [1, None, None]) == [[4, 27]]
    assert call('B2B_FUNNEL_NEED', [0]) == [[0, 0]]


def test_plan_forecast_by_hand():
    # 7 connections in 10 of 21 working days: 7 / 10 × 21 = 14,7
    assert call('B2B_PLAN_FORECAST', [7, 10, 21]) == 14.7
    # 1 in 9 of 22: 2,444… → 2,4; 2 in 9 of 22: 4,888… → 4,9; half-up: 1 in 8 of 21 = 2,625 → 2,6
    assert model.plan_forecast(1, 9, 22) == Decimal('2.4')
    assert model.plan_forecast(2, 9, 22) == Decimal('4.9')
    assert model.plan_forecast(1, 8, 21) == Decimal('2.6')
    # 3 in 4 of 20 = 15,0 exactly; the whole month passed: the fact itself
    assert model.plan_forecast(3, 4, 20) == Decimal('15.0')
    assert model.plan_forecast(9, 21, 21) == Decimal('9.0')


def test_errors_name_the_argument_in_russian():
    # the cell's short form: the argument's Russian name, the value the Russian way (issue 18)
    assert call_for_cell('B2B_PLAN_FORECAST', [3, 0, 21]) == '#ОШИБКА: «прошло рабочих дней»: должно быть больше 0 (0)'
    assert call_for_cell('B2B_PLAN_FORECAST', [3, 22, 21]).startswith('#ОШИБКА: «прошло рабочих дней»: не может быть')
    assert call_for_cell('B2B_FUNNEL_NEED', [5, 0]) == '#ОШИБКА: «конверсия звонка во встречу»: доля больше 0, до 1'
    assert call_for_cell('B2B_FUNNEL_NEED', [-1]) == '#ОШИБКА: «договоров»: не может быть отрицательным (−1)'
    with pytest.raises(ArgumentError, match=r'не может быть больше рабочих дней месяца \(21\)'):
        call('B2B_PLAN_FORECAST', [3, 22, 21])


@given(st.integers(0, 500), st.integers(1, 100), st.integers(1, 100))
def test_funnel_need_is_the_least_that_suffices(contracts, c2m_pct, m2c_pct):
    c2m, m2c = Decimal(c2m_pct) / 100, Decimal(m2c_pct) / 100
    meetings, calls = model.funnel_need(contracts, c2m, m2c)
    assert meetings * m2c >= contracts and (meetings == 0 or (meetings - 1) * m2c < contracts)
    assert calls * c2m >= meetings and (calls == 0 or (calls - 1) * c2m < meetings)
