"""The public checks of SPEC section 3, and boundary cases a payroll accountant would try."""

from decimal import Decimal

import pytest

from addin import model
from addin.model import ArgumentError, YearError

D = Decimal


def test_households_rule_of_thumb():
    assert model.legal_entities(20000) == 1000
    assert model.legal_entities(50000) == 2500
    assert model.legal_entities(30) == 2          # 1.5 rounds half-up
    assert model.legal_entities(20000, 800) == 800


def test_ndfl_2025_300k_a_month_through_the_year():
    taxes, ytd = [], D(0)
    for _ in range(12):
        taxes.append(model.ndfl(300000, ytd, 2025))
        ytd += 300000
    assert taxes[:8] == [D(39000)] * 8
    assert taxes[8:] == [D(45000)] * 4
    assert sum(taxes) == D(492000)


def test_ndfl_2024_flat_until_five_million():
    assert model.ndfl(500000, 0, 2024) == D(65000)
    # 4.9 M before, 200 000 this month: 100 000 at 13 %, 100 000 at 15 %
    assert model.ndfl(200000, 4900000, 2024) == D(28000)


def test_ndfl_threshold_crossed_inside_a_month_2026():
    # 2 300 000 before, 200 000 now: 100 000 at 13 % + 100 000 at 15 %
    assert model.ndfl(200000, 2300000, 2026) == D(28000)
    # crossing 5 000 000: 100 000 at 15 % + 100 000 at 18 %
    assert model.ndfl(200000, 4900000, 2026) == D(33000)


def test_ndfl_rounds_to_whole_rubles_half_up():
    # 13 % of 1 234.50 = 160.485 → 160 (tax(ytd+gross) is rounded, not the month's raw tax)
    assert model.ndfl(D('1234.50'), 0, 2026) == D(160)
    # 13 % of 50.00 = 6.5 → 7 (half-up, not banker's)
    assert model.ndfl(50, 0, 2026) == D(7)


def test_contributions_public_checks():
    assert model.contributions(100000, 0, 2026) == D('30000.00')
    assert model.contributions(100000, 0, 2025, 'МСП') == D('20049.00')
    assert model.contributions(100000, 0, 2025, 'sme') == D('20049.00')
    assert model.contributions(100000, 0, 2025, 'общий') == D('30000.00')


def test_contributions_limit_base_crossed_inside_a_month_2026():
    # 2 929 000 before, 100 000 now: 50 000 under the limit at 30 %, 50 000 over at 15.1 %
    assert model.contributions(100000, 2929000, 2026) == D('22550.00')
    # entirely over the limit
    assert model.contributions(100000, 3000000, 2026) == D('15100.00')


def test_contributions_sme_over_the_limit_2026():
    # SME 2026: threshold 40 639.50; all pay above the limit base already
    expected = D('40639.50') * D('0.151') + (D(100000) - D('40639.50')) * D('0.15')
    assert model.contributions(100000, 3000000, 2026, 'МСП') == model.round_half_up(expected, 2)


def test_half_kopeck_rounds_up():
    assert model.round_half_up(D('0.005'), 2) == D('0.01')
    assert model.round_half_up(D('2.675'), 2) == D('2.68')
    assert model.round_half_up(2.675, 2) == D('2.68')      # the float the user typed
    assert model.round_half_up(D('-2.675'), 2) == D('-2.68')
    # 15 significant digits first: 1.0049999999999999 is 1.005 in a cell
    assert model.round_half_up(D('1.00499999999999999'), 2) == D('1.01')
    # contributions of 0.05 ₽ in 2026: 0.015 → 0.02
    assert model.contributions(D('0.05'), 0, 2026) == D('0.02')


def test_payback_public_check_and_no_payback():
    assert model.payback(200000, 10, 5000) == 9
    with pytest.raises(ArgumentError, match='не окупается за 8 мес.'):
        model.payback(200000, 10, 5000, 0, 8)


def test_cashflow_rows():
    rows = model.cashflow(200000, 10, 5000, 0, 9)
    assert [r.clients for r in rows[:3]] == [D(10), D(20), D(30)]
    assert [r.revenue for r in rows[:3]] == [D(0), D(50000), D(100000)]
    assert rows[7].cumulative == D(-200000)
    assert rows[8].cumulative == D(0)
    churned = model.cashflow(0, 100, 1, D('0.1'), 2)
    assert churned[1].clients == D(190)


def test_potential_and_plan():
    assert model.potential(1000, 150, 2) == 150                 # 1000 × 0.9 × 1/3 = 300 − 150
    assert model.potential(1000, 900, 0) == 0                   # never negative
    assert model.potential(1000, 0, 0, 1, 2) == 1000            # strength capped at 100 %
    assert model.monthly_plan(150, 12) == 13
    assert model.monthly_plan(0, 12) == 0
    with pytest.raises(ArgumentError, match='«месяцев» \\(months\\)'):
        model.monthly_plan(150, 0)


def test_managers_funnel():
    assert model.managers(0) == 0
    # 20 contracts: 80 meetings / (3 × 21 × 0.7 = 44.1) = 1.81 → 2
    assert model.managers(20) == 2
    # exactly one manager's capacity stays one manager (tolerance before the ceiling)
    assert model.managers(D('44.1') * D('0.25'), calls_per_day=1000) == 1
    with pytest.raises(ArgumentError, match='«конверсия звонка во встречу» \\(call_to_meeting\\)'):
        model.managers(10, call_to_meeting=0)


def test_support_managers():
    assert model.support_managers(0) == 0
    assert model.support_managers(250) == 1
    assert model.support_managers(251) == 2


def test_personal_plan_largest_remainder_and_ties():
    assert model.personal_plan(10, [1, 1, 1]) == [4, 3, 3]   # tie → earlier row
    assert model.personal_plan(7, [2, 1, 1]) == [3, 2, 2]   # 3.5, 1.75, 1.75
    assert model.personal_plan(5, [0, 1, None]) == [0, 5, 0]
    assert model.personal_plan(0, [0, 0]) == [0, 0]
    with pytest.raises(ArgumentError, match='«веса территорий» \\(weights\\)'):
        model.personal_plan(10, [])
    with pytest.raises(ArgumentError, match='«веса территорий» \\(weights\\)'):
        model.personal_plan(10, [0, 0])
    with pytest.raises(ArgumentError, match='«общий план» \\(total\\)'):
        model.personal_plan(2.5, [1])


def test_plan_ladder():
    assert model.plan_coef(0.49) == D(0)
    assert model.plan_coef(0.5) == D('0.5')
    assert model.plan_coef(D('0.7999999999999')) == D('0.8')   # within the 1e-9 tolerance
    assert model.plan_coef(1.5) == D('1.2')
    own = [[0, 0], [0.9, 1], [1.1, 1.5]]
    assert model.plan_coef(1.0, own) == D(1)
    with pytest.raises(ArgumentError, match='«шкала выполнения плана» \\(ladder\\)'):
        model.plan_coef(1, [[1, 1], [0.5, 0.5]])


def test_bonus():
    assert model.bonus(10, 12, 60000) == D('72000.00')
    assert model.bonus(10, 4, 60000) == D('0.00')
    assert model.bonus(10, 10, 50000, D('0.1'), 1000) == D('4000.00')
    assert model.bonus(10, 10, 5000, D('0.1'), 1000) == D('0.00')   # never below zero
    with pytest.raises(ArgumentError, match='«план подключений» \\(plan\\)'):
        model.bonus(0, 1, 1000)


def test_payroll_row():
    row = model.payroll_row(60000, 10, 21, 0, 0, 2026)
    assert row.gross == D('28571.43')
    assert row.ndfl == D(3714)
    assert row.net == D('24857.43')
    assert row.contributions == D('8571.43')
    assert row.total_cost == D('37142.86')
    with pytest.raises(ArgumentError, match='«отработано дней» \\(worked_days\\)'):
        model.payroll_row(60000, 22, 21, 0, 0, 2026)


def test_aging_bucket_and_stage():
    assert [model.aging_bucket(d) for d in (-3, 0, 1, 30, 31, 60, 61, 90, 91, 180, 181)] == [
        'не просрочено', 'не просрочено', '1–30', '1–30', '31–60', '31–60', '61–90', '61–90',
        '91–180', '91–180', 'более 180']
    assert model.dunning_stage(4, 5000) == 'нет'
    assert model.dunning_stage(5, 5000) == 'напоминание'
    assert model.dunning_stage(15, 5000) == 'предупреждение'
    assert model.dunning_stage(30, 5000) == 'претензия'
    assert model.dunning_stage(95, 5000) == 'суд'
    assert model.dunning_stage(95, 99.99) == 'нет'
    assert model.dunning_stage(95, 50, 10) == 'суд'


def test_a_year_before_the_first_block_is_a_clear_error():
    with pytest.raises(YearError, match='нет данных за 2023 год; известны: 2024, 2025, 2026, 2027'):
        model.ndfl(1000, 0, 2023)


def test_a_year_added_as_data():
    block = {
        'ndfl_scale': [['0', '0.13'], ['2400000', '0.15']],
        'contributions_limit_base': '3200000', 'contributions_rate_under_limit': '0.30',
        'contributions_rate_over_limit': '0.151', 'mrot': '30000', 'sme_threshold': '45000',
        'sme_rate_over_threshold': '0.15', 'vat_rates': ['0.22', '0'],
    }
    model.add_year(2090, block)
    try:
        assert model.contributions(100000, 3150000, 2090) == D('22550.00')
    finally:
        from addin.model import yearly
        yearly.remove_year(2090)


def test_argument_errors_name_the_argument():
    cases = [
        (lambda: model.potential(-1, 0, 0), 'legal_entities'),
        (lambda: model.potential(100, 0, 0, 1.5), 'reachable_share'),
        (lambda: model.ndfl('двести', 0, 2026), 'gross'),
        (lambda: model.contributions(100, 0, 2026, 'упрощёнка'), 'tariff'),
        (lambda: model.cashflow(1, 1, 1, -0.1), 'monthly_churn'),
        (lambda: model.cashflow(1, 1, 1, 0, 0), 'horizon'),
    ]
    from addin.model.labels import LABELS
    for call, name in cases:
        with pytest.raises(ArgumentError) as info:
            call()
        # The Russian name first, the signature's name after it, in the full text and the cell.
        assert '«%s» (%s)' % (LABELS[name], name) in str(info.value)
        assert info.value.cell_text().startswith('«%s»: ' % LABELS[name])
