"""Dated facts: yearly blocks carried forward as provisional, the user's override
file, the key rate and VAT rate by date, the sick-pay limits, B2B_FACT, and the
provisional warnings a person sees (cell, ``b2bkit check``).

Expected values are worked out by hand from the rule written next to each case.
A user's override file changes global state, so those cases run in a fresh
Python (as the add-in and the jobs load the file at start).
"""

import datetime
import json
import os
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from addin import model
from addin.catalogue import call, call_for_cell
from addin.model import dated, lookup, yearly
from addin.model.errors import ArgumentError, YearError

ROOT = Path(__file__).resolve().parents[1]
day = datetime.date


# --- a year not published yet --------------------------------------------------------------

def test_ndfl_2027_computes_with_the_statute_scale():
    # НДФЛ 2027 = the 2025–2026 scale (НК РФ ст. 224): 100 000 × 13 % = 13 000, no error.
    assert call('B2B_NDFL', [100000, 0, 2027]) == 13000
    # ytd 2 350 000 + 100 000: 50 000 × 13 % + 50 000 × 15 % = 6 500 + 7 500 = 14 000.
    assert call('B2B_NDFL', [100000, 2350000, 2027]) == 14000


def test_2027_carries_over_only_what_is_not_fixed_by_statute():
    f = yearly.facts(2027)
    # МРОТ and the limit base 2027 are not published; the SME threshold is 1.5 × МРОТ, so it follows.
    assert f.provisional == ('contributions_limit_base', 'mrot', 'sme_threshold')
    assert dict(f.carried_from) == {'contributions_limit_base': 2026, 'mrot': 2026, 'sme_threshold': 2026}
    assert (f.mrot, f.contributions_limit_base, f.sme_threshold) == (D('27093'), D('2979000'), D('40639.50'))
    # Statute facts are confirmed: 30 % / 15.1 %, МСП 15 %, VAT 22 %, УСН exemption 15 M (425-ФЗ).
    assert (f.contributions_rate_under_limit, f.contributions_rate_over_limit) == (D('0.30'), D('0.151'))
    assert f.sme_threshold_mrot_multiple == D('1.5') and f.sme_rate_over_threshold == D('0.15')
    assert f.vat_rates[0] == D('0.22') and f.usn_vat_exemption_threshold == D('15000000')


def test_contributions_2027_use_the_carried_figures():
    # общий: 100 000 × 30 % = 30 000.
    assert call('B2B_CONTRIBUTIONS', [100000, 0, 2027]) == 30000
    # МСП: 40 639,50 × 30 % + 59 360,50 × 15 % = 12 191,85 + 8 904,075 = 21 095,925 → 21 095,93.
    assert call('B2B_CONTRIBUTIONS', [100000, 0, 2027, 'МСП']) == 21095.93


def test_a_year_with_no_block_carries_everything_forward():
    f = yearly.facts(2029)
    assert set(f.provisional) == set(yearly.KEY_NAMES)
    assert f.ndfl_scale == yearly.facts(2027).ndfl_scale and f.mrot == D('27093')
    assert dict(f.carried_from)['mrot'] == 2026 and dict(f.carried_from)['ndfl_scale'] == 2027


def test_years_before_the_first_block_still_raise():
    with pytest.raises(YearError, match='нет данных за 2023 год'):
        yearly.facts(2023)


def test_published_years_are_not_provisional():
    for year in (2024, 2025, 2026):
        assert yearly.facts(year).provisional == ()
        assert yearly.provisional_warning(year) == ''


# --- the keys other engineers read -------------------------------------------------------------

@pytest.mark.parametrize('year, first, second, third, disabled, limit', [
    # НК РФ ст. 218 п. 1 пп. 4: до 2025 — 1 400 / 1 400 / 3 000, инвалид 12 000, предел 350 000;
    # с 2025 (176-ФЗ) — 1 400 / 2 800 / 6 000, инвалид 12 000, предел 450 000.
    (2024, 1400, 1400, 3000, 12000, 350000),
    (2025, 1400, 2800, 6000, 12000, 450000),
    (2026, 1400, 2800, 6000, 12000, 450000),
    (2027, 1400, 2800, 6000, 12000, 450000),
])
def test_child_deductions(year, first, second, third, disabled, limit):
    f = yearly.facts(year)
    assert (f.child_deduction_first, f.child_deduction_second, f.child_deduction_third_plus,
            f.child_deduction_disabled, f.child_deduction_income_limit) == (first, second, third,
                                                                           disabled, limit)


def test_north_scale_director_base_and_usn_threshold():
    # Северные надбавки: 13 % до 5 млн, 15 % сверх (НК РФ ст. 224 п. 1.1, с 2025); в 2024 отдельной базы
    # не было — надбавки облагались вместе с остальными доходами по общей шкале.
    assert yearly.facts(2025).ndfl_north_scale == ((0, D('0.13')), (5000000, D('0.15')))
    assert yearly.facts(2024).ndfl_north_scale == ()
    # База взносов директора — не ниже МРОТ с 2026 (425-ФЗ).
    assert [bool(yearly.facts(y).director_min_base_mrot) for y in (2024, 2025, 2026, 2027)] == \
        [False, False, True, True]
    # УСН: освобождение от НДС до 60 млн (2025), 20 млн (2026), 15 млн (2027); в 2024 — не было.
    assert [yearly.facts(y).usn_vat_exemption_threshold for y in (2025, 2026, 2027)] == \
        [60000000, 20000000, 15000000]
    assert yearly.facts(2024).usn_vat_exemption_threshold is None
    assert call('B2B_FACT', ['порог УСН НДС', '01.06.2024']) == 'не применяется'


def test_sick_pay_limits_are_derived():
    # Максимум 2026: (2 759 000 + 2 225 000) / 730 = 4 984 000 / 730 = 6 827,397… → 6 827,40.
    assert yearly.sick_pay_daily_cap(2026) == D('6827.40')
    # Минимум 2026: МРОТ 27 093 × 24 / 730 = 650 232 / 730 = 890,728… → 890,73.
    assert yearly.sick_pay_daily_floor(2026) == D('890.73')
    # 2027: (2 979 000 + 2 759 000) / 730 = 7 860,273… → 7 860,27 (both years published).
    assert yearly.sick_pay_daily_cap(2027) == D('7860.27')
    assert call('B2B_FACT', ['больничный максимум', '15.03.2026']) == 6827.40
    assert call('B2B_FACT', ['больничный минимум', '15.03.2026']) == 890.73


# --- dated facts --------------------------------------------------------------------------------

#: Bank of Russia decisions typed from the press releases: (first day in force, rate).
KEY_RATES = [
    (day(2023, 12, 18), '0.16'), (day(2024, 7, 29), '0.18'), (day(2024, 9, 16), '0.19'),
    (day(2024, 10, 28), '0.21'), (day(2025, 6, 9), '0.20'), (day(2025, 7, 28), '0.18'),
    (day(2025, 9, 15), '0.17'), (day(2025, 10, 27), '0.165'), (day(2025, 12, 22), '0.16'),
    (day(2026, 2, 16), '0.155'),
]


def test_key_rate_changes_on_the_first_day_of_each_decision():
    previous = None
    for start, rate in KEY_RATES:
        assert dated.key_rate(start) == D(rate), start
        if previous is not None:
            assert dated.key_rate(start - datetime.timedelta(days=1)) == D(previous), start
        previous = rate
    assert call('B2B_KEY_RATE', ['01.01.2024']) == 0.16
    assert call('B2B_KEY_RATE', [datetime.datetime(2025, 11, 1)]) == 0.165
    assert all(source.startswith('Банк России, решение Совета директоров от ')
               for _, _, source in dated.rows('key_rate'))


def test_key_rate_after_the_last_confirmed_decision_is_provisional():
    # The table is current up to the decision of 13.02.2026; the next meeting was 20.03.2026.
    assert not dated.is_provisional('key_rate', day(2026, 3, 22))
    assert dated.is_provisional('key_rate', day(2026, 3, 23))
    assert dated.key_rate(day(2026, 12, 1)) == D('0.155')
    assert 'ключевая ставка' in lookup.provisional_names(day(2026, 12, 1))
    assert call_for_cell('B2B_KEY_RATE', ['01.12.2023']).startswith(
        '#ОШИБКА: «дата»: ключевая ставка Банка России известна с')
    with pytest.raises(ArgumentError, match='известна с 18.12.2023'):
        call('B2B_KEY_RATE', ['01.12.2023'])


def test_vat_rate_by_the_date_of_the_service():
    # НК РФ ст. 164 п. 3: 20 % до 31.12.2025, 22 % с 01.01.2026 (425-ФЗ).
    assert dated.vat_general_rate(day(2025, 12, 31)) == D('0.20')
    assert dated.vat_general_rate(day(2026, 1, 1)) == D('0.22')
    assert call('B2B_FACT', ['ставка НДС', '31.12.2025']) == 0.20
    assert call('B2B_FACT', ['vat_general_rate', 46023.0]) == 0.22     # 46023 = 01.01.2026
    assert not dated.is_provisional('vat_general_rate', day(2030, 1, 1))


# --- B2B_FACT ---------------------------------------------------------------------------------------

def test_fact_by_russian_or_data_name():
    assert call('B2B_FACT', ['МРОТ', '01.01.2027']) == 27093
    assert call('B2B_FACT', ['mrot', '2025-06-30']) == 22440
    assert call('B2B_FACT', ['Предельная база', datetime.date(2024, 1, 1)]) == 2225000
    assert call('B2B_FACT', ['порог мсп', '01.02.2025']) == 33660        # 1,5 × 22 440
    assert call('B2B_FACT', ['вычет на второго ребёнка', '01.02.2025']) == 2800
    assert call('B2B_FACT', ['шкала НДФЛ', '01.02.2024']) == 'от 0 ₽ — 13 %; от 5 000 000 ₽ — 15 %'
    assert call('B2B_FACT', ['ставки НДС', '01.02.2026']) == '22 %; 10 %; 7 %; 5 %; 0 %'
    assert '«показатель»: неизвестный показатель' in call_for_cell('B2B_FACT', ['курс доллара', '01.01.2026'])


def test_fact_provisional_and_warning():
    assert call('B2B_FACT', ['предварительные', '01.03.2026']) == ''
    assert call('B2B_FACT', ['предупреждение', '01.01.2026']) == ''
    names = call('B2B_FACT', ['предварительные', '01.01.2027'])
    assert names.startswith('предельная база взносов, МРОТ, порог МСП')
    assert 'производственный календарь' in names
    warning = call('B2B_FACT', ['предупреждение', '01.01.2027'])
    assert warning.startswith('Внимание: показатели 2027 года предварительные: предельная база '
                              'взносов, МРОТ, порог МСП — из 2026 года')


def test_date_arguments_as_each_program_passes_them():
    from addin.model.dates import as_date
    assert as_date('date', 46023.0) == day(2026, 1, 1)                 # LibreOffice: serial
    assert as_date('date', 46023.75) == day(2026, 1, 1)                # with a time of day
    assert as_date('date', datetime.datetime(2026, 1, 1, 15, 30)) == day(2026, 1, 1)   # xlwings
    assert as_date('date', ' 1.1.2026 ') == day(2026, 1, 1)
    assert as_date('date', '2026-01-01') == day(2026, 1, 1)
    for bad in (True, '', 'вчера', -5, '2026-13-01'):
        with pytest.raises(ArgumentError, match=r'«дата» \(date\)'):
            as_date('date', bad)


# --- the user's override file ---------------------------------------------------------------------

def _run_with_override(tmp_path, data, code):
    path = tmp_path / 'yearly.json'
    path.write_text(json.dumps(data, ensure_ascii=False), encoding='utf-8')
    out = subprocess.run([sys.executable, '-c', 'import addin.catalogue\n' + code], capture_output=True,
                         text=True, cwd=ROOT, env=dict(os.environ, B2BKIT_YEARLY_FACTS=str(path)))
    return out


def test_an_override_with_one_key_changes_that_key_only(tmp_path):
    out = _run_with_override(tmp_path, {'2027': {'mrot': '30000'}}, (
        'from addin.model import yearly\n'
        'f = yearly.facts(2027)\n'
        'print(f.mrot, f.sme_threshold, f.contributions_limit_base, f.child_deduction_second)\n'
        'print(",".join(f.provisional))\n'
        'g = yearly.facts(2026)\n'
        'print(g.mrot)\n'))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    # МРОТ 30 000 → порог МСП 1,5 × 30 000 = 45 000, no longer provisional; the limit base is.
    assert lines[0] == '30000 45000.00 2979000 2800'
    assert lines[1] == 'contributions_limit_base'
    assert lines[2] == '27093'                  # 2026 untouched


def test_an_override_corrects_a_shipped_year_and_adds_a_key_rate_row(tmp_path):
    data = {
        '2026': {'contributions_limit_base': '3000000'},
        'key_rate': {'rows': [['2026-03-23', '0.15', 'решение от 20.03.2026']],
                     'confirmed_through': '2026-04-26'},
    }
    out = _run_with_override(tmp_path, data, (
        'import datetime\n'
        'from addin.model import yearly, dated\n'
        'print(yearly.facts(2026).contributions_limit_base, yearly.facts(2026).mrot)\n'
        'print(dated.key_rate(datetime.date(2026, 3, 22)), dated.key_rate(datetime.date(2026, 3, 23)))\n'
        'print(dated.is_provisional("key_rate", datetime.date(2026, 4, 26)),'
        ' dated.is_provisional("key_rate", datetime.date(2026, 4, 27)))\n'))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ['3000000 27093', '0.155 0.15', 'False True']


def test_an_override_written_before_new_keys_were_added_still_loads(tmp_path):
    # The 2026 block exactly as yearly.json shipped it before this version added the child
    # deductions, the northern scale, the УСН threshold and the director's base: 8 keys.
    old_block = {
        'ndfl_scale': [['0', '0.13'], ['2400000', '0.15'], ['5000000', '0.18'], ['20000000', '0.20'],
                       ['50000000', '0.22']],
        'contributions_limit_base': '2979000', 'contributions_rate_under_limit': '0.30',
        'contributions_rate_over_limit': '0.151', 'mrot': '27093', 'sme_threshold': '40639.50',
        'sme_rate_over_threshold': '0.15', 'vat_rates': ['0.22', '0.10', '0.07', '0.05', '0'],
    }
    out = _run_with_override(tmp_path, {'2026': old_block, '2027': dict(old_block, mrot='31000')}, (
        'from addin.catalogue import call\n'
        'from addin.model import yearly\n'
        'f = yearly.facts(2027)\n'
        'print(f.mrot, f.child_deduction_third_plus, f.usn_vat_exemption_threshold, f.director_min_base_mrot)\n'
        'print(f.provisional)\n'
        'print(call("B2B_NDFL", [100000, 0, 2027]))\n'))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    # The keys the old file does not know come from the shipped data; its explicit МСП threshold wins.
    assert lines[0] == '31000 6000 15000000 1'
    assert lines[1] == '()'
    assert lines[2] == '13000.0'


def test_operator_folder_override_through_settings(tmp_path, operator_dir):
    (operator_dir / 'yearly.json').write_text(json.dumps({'2027': {'mrot': '32000'}}), encoding='utf-8')
    code = ('from jobs import settings\n'
            'from addin.model import yearly\n'
            'settings.load(%r)\n'
            'print(yearly.facts(2027).mrot, yearly.facts(2027).sme_threshold)\n' % str(operator_dir))
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=ROOT,
                         env={k: v for k, v in os.environ.items() if k != 'B2BKIT_YEARLY_FACTS'})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ['32000', '48000.00']      # 1,5 × 32 000


@pytest.mark.parametrize('data, message', [
    ({'2027': {'mrott': '30000'}}, 'неизвестный ключ «mrott»'),
    ({'2027': {'mrot': 'тридцать тысяч'}}, 'ключ «mrot»: задан неверно'),
    ({'2023': {'mrot': '16242'}}, 'это первый известный год, в нём нужны все ключи'),
    ({'key_rate': [['23.03.2026', '0.15']]}, 'ожидается дата ГГГГ-ММ-ДД'),
    ({'курс': {}}, 'неизвестный показатель «курс»'),
])
def test_a_broken_override_is_an_error_naming_the_file_and_the_key(tmp_path, data, message):
    out = _run_with_override(tmp_path, data, 'print("не должно загрузиться")')
    assert out.returncode != 0
    assert 'файл годовых показателей %s' % (tmp_path / 'yearly.json') in out.stderr
    assert message in out.stderr


def test_add_year_merges_and_remove_year_forgets():
    model.add_year(2090, {'mrot': '50000'})
    try:
        assert yearly.facts(2090).mrot == 50000
        assert yearly.facts(2090).sme_threshold == 75000      # 1,5 × 50 000
        assert 'mrot' not in yearly.facts(2090).provisional
    finally:
        yearly.remove_year(2090)
    assert yearly.facts(2090).mrot == 27093


# --- what a person sees ---------------------------------------------------------------------------

def test_check_says_which_figures_are_carried_over(operator_dir, capsys, monkeypatch):
    from jobs import cli, settings
    monkeypatch.setattr(settings.Schedule, 'today', lambda self: datetime.date(2026, 12, 2))
    cli.main(['check', '--dir', str(operator_dir)])
    out = capsys.readouterr().out
    # December: today's key rate is past the last confirmed decision, and January's payroll
    # will use МРОТ and the limit base carried over from 2026.
    assert 'Внимание: на 02.12.2026 предварительные показатели' in out
    assert 'ключевая ставка Банка России' in out.split('на 02.12.2026')[1].splitlines()[0]
    line_2027 = [l for l in out.splitlines() if 'на 01.01.2027' in l]
    assert len(line_2027) == 1
    assert 'предельная база взносов, МРОТ, порог МСП' in line_2027[0]


def test_check_is_quiet_when_everything_is_published():
    from jobs.commands.check import provisional_lines
    assert provisional_lines(datetime.date(2026, 3, 1)) == []
    assert len(provisional_lines(datetime.date(2026, 12, 2))) == 2


def test_demo_payroll_lines_warn_in_a_provisional_year():
    from jobs.commands.demo import sample_report
    assert 'предварительные' not in sample_report(datetime.date(2026, 11, 2))
    report = sample_report(datetime.date(2027, 2, 1))
    assert 'НДФЛ' in report and 'Внимание: показатели 2027 года предварительные' in report
