"""Legal terms computed by hand from the law (issue 16, points 6 and 8).

Rules: ст. 191 ГК — a term in days starts the day after the event; ст. 193 ГК — a
last day that is a day off moves to the next working day; ч. 5 ст. 4 АПК РФ — a suit
after 30 calendar days from the day a claim is sent. Days off are those of the
production calendar (here: weekends plus the official holidays of the cases).
"""

import datetime

import pytest

from addin.model import terms

D = datetime.date
# Days off of the cases below, from the Government's decrees: 2026 — ПП РФ от 24.09.2025 № 1466
# (1–11 January; 23 February; 9 March; 1, 11 May; 12 June; 4 November; 31 December);
# 2027 — 1–8 January are the New Year holidays (ст. 112 ТК) with the weekend of 9–10 January.
HOLIDAYS = {D(2026, 1, d) for d in range(1, 12)} | {D(2026, 2, 23), D(2026, 3, 9), D(2026, 5, 1), D(2026, 5, 11),
                                                    D(2026, 6, 12), D(2026, 11, 4), D(2026, 12, 31)} | \
    {D(2027, 1, d) for d in range(1, 11)}


def working(day):
    return day.isoweekday() < 6 and day not in HOLIDAYS


@pytest.mark.parametrize('charge, days, due, why', [
    (D(2026, 11, 18), 10, D(2026, 11, 30), '28.11 is a Saturday → Monday 30.11'),
    (D(2026, 11, 20), 10, D(2026, 11, 30), '30.11 is a Monday: no move'),
    (D(2026, 12, 21), 10, D(2027, 1, 11), '31.12 is a day off, 1–10.01 too → 11.01'),
    (D(2026, 10, 25), 10, D(2026, 11, 5), '04.11 is a holiday → 05.11'),
    (D(2026, 11, 18), 0, D(2026, 11, 18), 'payment on the charge day'),
])
def test_a_term_ending_on_a_day_off_ends_on_the_next_working_day(charge, days, due, why):
    assert terms.due_date(charge, days, is_working_day=working) == due, why


def test_the_issue_case_is_two_days_overdue_on_the_2nd_of_december():
    due = terms.due_date(D(2026, 11, 18), 10, is_working_day=working)
    assert (due, terms.days_overdue(due, D(2026, 12, 2))) == (D(2026, 11, 30), 2)
    assert terms.days_overdue(due, D(2026, 11, 30)) == 0          # the due day itself is not overdue


@pytest.mark.parametrize('charge, day, due', [
    (D(2026, 10, 31), 10, D(2026, 11, 10)),    # «до 10-го числа следующего месяца»: Tuesday 10.11
    (D(2026, 11, 30), 10, D(2026, 12, 10)),
    (D(2026, 12, 31), 10, D(2027, 1, 11)),     # 10.01.2027 is a Sunday within the holidays → 11.01
    (D(2026, 1, 31), 31, D(2026, 3, 2)),       # February has 28 days: 28.02 is a Saturday → 02.03
    (D(2026, 4, 30), 1, D(2026, 5, 4)),        # 01.05 holiday, 2–3.05 weekend → 04.05
])
def test_pay_by_day_of_the_next_month(charge, day, due):
    assert terms.due_date(charge, pay_by_day=day, is_working_day=working) == due


@pytest.mark.parametrize('sent, until, suit', [
    (D(2026, 4, 15), D(2026, 5, 15), D(2026, 5, 16)),    # 15.05 a Friday: the suit from the next day
    (D(2026, 12, 2), D(2027, 1, 11), D(2027, 1, 12)),    # 01.01.2027 a holiday → the term ends 11.01
    (D(2026, 10, 5), D(2026, 11, 5), D(2026, 11, 6)),    # 04.11 a holiday → 05.11
])
def test_a_suit_may_be_filed_after_30_days_from_the_sending_of_the_claim(sent, until, suit):
    assert terms.claim_answer_until(sent, 30, working) == until
    assert terms.suit_earliest(sent, 30, working) == suit


def test_exactly_one_of_the_two_contract_terms():
    with pytest.raises(ValueError):
        terms.due_date(D(2026, 1, 1))
    with pytest.raises(ValueError):
        terms.due_date(D(2026, 1, 1), 10, 10)
