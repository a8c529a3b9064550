"""The court stage needs a debt worth a suit (issue 16 point 9): ``court_min_debt`` (default
10 000 ₽ — the smallest court fee of a money claim in the arbitration court, пп. 1 п. 1
ст. 333.21 НК РФ in force since 08.09.2024); below it the ladder stops at the claim and the
report says so. The court package names the procedure the sum fits (АПК РФ)."""

import datetime
from decimal import Decimal

import pytest

from addin.model import court
from jobs.debtors import job as job_mod
import test_debtors
from test_debtors import delivered, month_end, report_rows

folder = test_debtors.folder         # test_debtors' fixture, used here by name

D = Decimal
AS_OF = datetime.date(2026, 4, 15)        # December 2025 charge due 10.01.2026 → 95 days overdue


def test_a_debt_under_the_court_threshold_stops_at_the_claim(folder):
    folder.add('S1', 'ООО «Мелкий долг»', [(month_end(2025, 12), D('9999.99'))])
    folder.add('S2', 'ООО «Ровно порог»', [(month_end(2025, 12), D('10000.00'))])
    folder.run(AS_OF)
    subjects = sorted(s for _, s, _ in delivered(folder.server))
    assert 'В суд: ООО «Ровно порог», договор № Д-S2, долг 10 000,00 ₽' in subjects
    assert not [s for s in subjects if s.startswith('В суд: ООО «Мелкий долг»')]
    assert 'Претензия по договору № Д-S1 — ООО «Связь-Регион»' in subjects     # the claim still goes
    stages = {(n[0], n[2]) for n in folder.notices() if n[3] == 'sent'}
    assert ('S1', 'court') not in stages and ('S2', 'court') in stages
    rows = {r['Код']: r for r in report_rows(job_mod.report_path(folder.path, AS_OF))}
    assert rows['S1']['Стадия'] == 'претензия' and rows['S2']['Стадия'] == 'суд'
    assert 'суд: долг меньше порога 10 000,00 ₽ — лестница остановлена' in rows['S1']['Примечание']
    assert [r['Код'] for r in report_rows(job_mod.report_path(folder.path, AS_OF), 'В суд')] == ['S2']


def test_the_threshold_is_a_setting(folder, write_settings):
    write_settings(r'^court_min_debt = .*$', 'court_min_debt = 5000')
    folder.add('S3', 'ООО «Пять тысяч»', [(month_end(2025, 12), D('5000.00'))])
    folder.run(AS_OF)
    assert ('S3', 'court', 'sent') in {(n[0], n[2], n[3]) for n in folder.notices()}


def test_dry_run_says_why_there_is_no_court(folder):
    folder.add('S4', 'ООО «Мелкий долг»', [(month_end(2025, 12), D('3000.00'))])
    lines = []
    folder.run(AS_OF, dry_run=True, out=lines.append)
    text = '\n'.join(lines)
    assert 'суд не наступает: долг меньше порога 10 000,00 ₽' in text


def test_the_court_package_names_the_procedure_by_the_sum(folder):
    # 700 000 ₽ against an organisation: over 500 000 (судебный приказ, ст. 229.2 АПК), under
    # 800 000 (упрощённое производство, п. 1 ч. 1 ст. 227 АПК) even with ~3 months of interest
    # (700 000 × 16 % × 95 / 365 ≈ 29 000 ₽ at most).
    folder.add('P1', 'ООО «Крупный долг»', [(month_end(2025, 12), D('700000.00'))])
    folder.run(AS_OF)
    (msg,) = [m for _, s, m in delivered(folder.server) if s.startswith('В суд')]
    text = msg.get_body(('plain',)).get_content()
    assert 'упрощённое производство (п. 1 ч. 1 ст. 227 АПК РФ — до 800 000,00 ₽)' in text
    assert 'Госпошлина по иску — не меньше 10 000,00 ₽' in text


# --- the limits, each from the rule -------------------------------------------------------

@pytest.mark.parametrize('debt, entrepreneur, expected', [
    ('500000.00', False, 'судебный приказ'),          # ст. 229.2 АПК: «не превышает 500 000»
    ('500000.01', False, 'упрощённое производство'),  # ст. 227: организация — до 800 000
    ('800000.00', False, 'упрощённое производство'),
    ('800000.01', False, 'общий порядок'),
    ('500000.00', True, 'судебный приказ'),           # the приказ limit is the same for an ИП
    ('500000.01', True, 'общий порядок'),             # ст. 227: ИП — до 400 000, under the приказ limit
])
def test_procedure_limits(debt, entrepreneur, expected):
    assert court.procedure(D(debt), datetime.date(2026, 12, 2), entrepreneur).name == expected


def test_the_limits_and_fee_are_dated():
    # before 01.10.2019 (ФЗ № 451-ФЗ) the судебный приказ limit was 400 000 ₽; the smallest
    # court fee was 2 000 ₽ until 08.09.2024 (ФЗ № 259-ФЗ), 10 000 ₽ since
    assert court.procedure(D('450000'), datetime.date(2019, 9, 30)).name == 'упрощённое производство'
    assert court.procedure(D('450000'), datetime.date(2019, 10, 1)).name == 'судебный приказ'
    assert court.min_fee(datetime.date(2024, 9, 7)) == D(2000)
    assert court.min_fee(datetime.date(2024, 9, 8)) == D(10000)
