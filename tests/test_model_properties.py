"""Properties that must hold for every input, checked with hypothesis."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from addin import model

money = st.decimals(min_value=0, max_value=10_000_000, places=2, allow_nan=False, allow_infinity=False)
years = st.sampled_from([2024, 2025, 2026])


@given(st.integers(0, 10_000), st.lists(st.one_of(st.none(), st.decimals(0, 1000, places=3)),
                                        min_size=1, max_size=30))
def test_personal_plans_sum_to_the_total(total, weights):
    if sum(w or 0 for w in weights) == 0:
        return
    plans = model.personal_plan(total, weights)
    assert sum(plans) == total
    assert len(plans) == len(weights)
    assert all(p >= 0 for p in plans)
    # no one is more than one unit away from their exact share
    s = sum(w or 0 for w in weights)
    for p, w in zip(plans, weights):
        assert abs(p - total * (w or 0) / s) < 1


@settings(max_examples=200)
@given(st.lists(money, min_size=12, max_size=12), years)
def test_ndfl_over_twelve_months_equals_tax_on_the_year(months, year):
    ytd, paid = Decimal(0), Decimal(0)
    for gross in months:
        paid += model.ndfl(gross, ytd, year)
        ytd += gross
    assert paid == model.ndfl(ytd, 0, year)


@given(money, money, years, st.sampled_from(['общий', 'МСП']))
def test_contributions_never_negative_and_bounded(gross, ytd, year, tariff):
    c = model.contributions(gross, ytd, year, tariff)
    assert c >= 0
    assert c <= model.round_half_up(gross * Decimal('0.30'), 2)


@given(money, money, years)
def test_ndfl_is_monotone_in_pay(gross, ytd, year):
    assert model.ndfl(gross + 1000, ytd, year) >= model.ndfl(gross, ytd, year)


@given(st.integers(-1000, 5000))
def test_aging_bucket_is_one_of_the_labels(days):
    from addin.model.aging import BUCKET_LABELS
    assert model.aging_bucket(days) in BUCKET_LABELS


@given(st.decimals(0, 1_000_000, places=2), st.integers(0, 100), st.decimals(0, 20000, places=2),
       st.decimals(0, Decimal('0.2'), places=3))
def test_payback_month_is_the_first_non_negative_cumulative(cost, new, arpu, churn):
    rows = model.cashflow(cost, new, arpu, churn, 60)
    try:
        month = model.payback(cost, new, arpu, churn, 60)
    except model.ArgumentError:
        assert all(r.cumulative < 0 for r in rows)
        return
    assert rows[month - 1].cumulative >= 0
    assert all(r.cumulative < 0 for r in rows[:month - 1])
