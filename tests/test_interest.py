"""ст. 395 ГК interest and the contractual penalty, computed by hand from the rule (issue 16, point 7).

Rule (п. 1 ст. 395 ГК, Пленум ВС РФ от 24.03.2016 № 7, п. 48): from the day after the due date to the
payment day inclusive; periods of constant debt and key rate; each period debt × rate × days / days in
that year (365, 366 in 2024), rounded to kopecks; a partial payment lowers the debt from the next day.
Key rates (Bank of Russia): 16 % from 18.12.2023, 18 % from 29.07.2024, 20 % from 09.06.2025, 18 % from
28.07.2025.
"""

import datetime
from decimal import Decimal

from addin.catalogue import call, call_for_cell
from addin.model import interest

D = datetime.date


def test_a_key_rate_change_inside_the_period():
    # 11.07–27.07.2025: 17 days at 20 %: 100 000 × 0,20 × 17 / 365 = 931,506… → 931,51
    # 28.07–20.08.2025: 24 days at 18 %: 100 000 × 0,18 × 24 / 365 = 1 183,561… → 1 183,56
    periods = interest.periods_395(100000, D(2025, 7, 10), D(2025, 8, 20))
    assert [(p.start, p.end, p.days, p.rate, p.amount) for p in periods] == [
        (D(2025, 7, 11), D(2025, 7, 27), 17, Decimal('0.20'), Decimal('931.51')),
        (D(2025, 7, 28), D(2025, 8, 20), 24, Decimal('0.18'), Decimal('1183.56'))]
    assert call('B2B_INTEREST_395', [100000, '10.07.2025', '20.08.2025']) == 2115.07


def test_a_year_boundary_changes_the_days_of_the_year():
    # 21.12–31.12.2023: 11 days / 365: 50 000 × 0,16 × 11 / 365 = 241,095… → 241,10
    # 01.01–10.01.2024: 10 days / 366: 50 000 × 0,16 × 10 / 366 = 218,579… → 218,58   → 459,68
    assert interest.interest_395(50000, D(2023, 12, 20), D(2024, 1, 10)) == Decimal('459.68')


def test_a_partial_payment_lowers_the_debt_from_the_next_day():
    # 11.07–15.07.2025 (the payment day included): 5 days on 100 000 at 20 %: 273,972… → 273,97
    # 16.07–20.07.2025: 5 days on 60 000 at 20 %: 164,383… → 164,38                    → 438,35
    assert call('B2B_INTEREST_395', [100000, '10.07.2025', '20.07.2025', [['15.07.2025']], [[40000]]]) == 438.35
    # paid in full on 15.07: nothing after it
    assert interest.interest_395(100000, D(2025, 7, 10), D(2025, 8, 20), [(D(2025, 7, 15), 100000)]) == \
        Decimal('273.97')


def test_paid_on_time_or_before_the_due_date_gives_nothing():
    assert interest.interest_395(100000, D(2025, 7, 10), D(2025, 7, 10)) == Decimal('0.00')
    assert interest.interest_395(100000, D(2025, 7, 10), D(2025, 8, 1), [(D(2025, 7, 9), 100000)]) == Decimal('0.00')


def test_the_contractual_penalty_instead_of_interest():
    # 0,1 % a day on 100 000 for 11.07–20.07.2025 (10 days) = 1 000,00; after a 40 000 payment on 15.07:
    # 5 days × 100 = 500,00 + 5 days × 60 = 300,00 → 800,00
    assert interest.penalty(100000, D(2025, 7, 10), D(2025, 7, 20), 0.001) == Decimal('1000.00')
    assert interest.penalty(100000, D(2025, 7, 10), D(2025, 7, 20), 0.001, [(D(2025, 7, 15), 40000)]) == \
        Decimal('800.00')


def test_due_date_worksheet_function_moves_off_days_off():
    # 18.11.2026 + 10 days = 28.11.2026, a Saturday → Monday 30.11.2026 (ст. 193 ГК); as a date serial
    assert call('B2B_DUE_DATE', ['18.11.2026', 10]) == (D(2026, 11, 30) - D(1899, 12, 30)).days
    # «до 10-го числа следующего месяца» for a December charge: 10.01.2027 is in the New Year holidays
    assert call('B2B_DUE_DATE', ['31.12.2026', None, 10]) == (D(2027, 1, 11) - D(1899, 12, 30)).days


def test_mismatched_payment_columns_are_a_russian_error():
    text = call_for_cell('B2B_INTEREST_395', [1000, '01.07.2025', '01.08.2025', [['10.07.2025'], ['11.07.2025']],
                                              [[100]]])
    assert text.startswith('#ОШИБКА') and 'не поровну' in text and len(text) <= 60
