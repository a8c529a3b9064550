"""The catalogue matches SPEC section 3, and its faces (xlwings module, reference) follow it."""

import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

from addin import catalogue, udfs
from addin.catalogue import call, call_for_cell
from addin.model import ArgumentError

ROOT = Path(__file__).resolve().parents[1]

#: SPEC section 3, copied by hand: name → argument order (optional ones in brackets).
SPEC_SIGNATURES = {
    'B2B_LEGAL_ENTITIES': 'households [per_20000]',
    'B2B_POTENTIAL': 'legal_entities own_clients competitors [reachable_share] [strength]',
    'B2B_MONTHLY_PLAN': 'potential months',
    'B2B_MANAGERS': 'plan_per_month [calls_per_day] [meetings_per_day] [call_to_meeting] '
                    '[meeting_to_contract] [working_days] [sales_time_share]',
    'B2B_SUPPORT_MANAGERS': 'active_clients [clients_per_manager]',
    'B2B_PERSONAL_PLAN': 'total weights [row]',
    'B2B_PLAN_COEF': 'fulfilment [ladder]',
    'B2B_BONUS': 'plan fact paid_new_revenue [rate] [clawback] [ladder]',
    'B2B_NDFL': 'gross gross_ytd_before [year] [deduction] [deductions_ytd_before]',
    'B2B_CONTRIBUTIONS': 'gross gross_ytd_before [year] [tariff] [director]',
    'B2B_PAYROLL': 'base_salary worked_days working_days bonus gross_ytd_before [year] [tariff] [column]',
    'B2B_CASHFLOW': 'monthly_cost new_clients_per_month arpu [monthly_churn] [horizon] [row] [column]',
    'B2B_PAYBACK': 'monthly_cost new_clients_per_month arpu [monthly_churn] [horizon]',
    'B2B_AGING_BUCKET': 'days_overdue',
    'B2B_DUNNING_STAGE': 'days_overdue debt [min_debt]',
    # Issue 13: dated facts and the production calendar.
    'B2B_FACT': 'name [date]',
    'B2B_KEY_RATE': '[date]',
    'B2B_IS_WORKING_DAY': 'date',
    'B2B_WORKING_DAYS': '[year] [month]',
    'B2B_WORKDAY_ADD': 'date days',
    # Issue 16: due dates and ст. 395 interest.
    'B2B_DUE_DATE': 'charge_date [payment_days] [pay_by_day]',
    'B2B_INTEREST_395': 'debt due_date until [payment_dates] [payment_amounts]',
    # issue 19: the payroll functions
    'B2B_VACATION_PAY': 'earnings_12m vacation_days [full_months] [partial_month_days]',
    'B2B_SICK_PAY': 'earnings_2y days [insurance_years] [year] [column]',
    'B2B_CHILD_DEDUCTION': 'children [disabled_children] income_ytd [year]',
    'B2B_NDFL_NORTH': 'north_gross north_ytd_before [year]',
    'B2B_ADVANCE': 'base_salary worked_first_half working_days_first_half working_days '
                   '[share_of_salary] [allowance]',
    'B2B_HOURS_PAY': 'base_salary norm_hours [overtime_first] [overtime_rest] [night_hours] '
                     '[holiday_hours] [overtime_first_rate] [overtime_rest_rate] [night_extra] '
                     '[holiday_rate]',
    'B2B_MROT_SHORTFALL': 'pay worked_days working_days [mrot] [year]',
    'B2B_AID_EXEMPT': 'aid [aid_ytd_before]',
    'B2B_WRIT_DEDUCTION': 'accrued ndfl requested [limit]',
    'B2B_FUNNEL_NEED': 'contracts [call_to_meeting] [meeting_to_contract] [column]',
    'B2B_PLAN_FORECAST': 'fact_to_date working_days_passed working_days_in_month',
    # issue 17: amounts in words and VAT
    'B2B_AMOUNT_IN_WORDS': 'amount',
    'B2B_VAT': 'amount [rate] [included]',
}

SPEC_DEFAULTS = {
    ('B2B_LEGAL_ENTITIES', 'per_20000'): 1000, ('B2B_POTENTIAL', 'reachable_share'): 0.9,
    ('B2B_POTENTIAL', 'strength'): 1, ('B2B_MANAGERS', 'calls_per_day'): 40,
    ('B2B_MANAGERS', 'meetings_per_day'): 3, ('B2B_MANAGERS', 'call_to_meeting'): 0.15,
    ('B2B_MANAGERS', 'meeting_to_contract'): 0.25, ('B2B_MANAGERS', 'working_days'): 21,
    ('B2B_MANAGERS', 'sales_time_share'): 0.7, ('B2B_SUPPORT_MANAGERS', 'clients_per_manager'): 250,
    ('B2B_BONUS', 'rate'): 1, ('B2B_BONUS', 'clawback'): 0, ('B2B_CASHFLOW', 'monthly_churn'): 0,
    ('B2B_CASHFLOW', 'horizon'): 36, ('B2B_DUNNING_STAGE', 'min_debt'): 100,
    ('B2B_CONTRIBUTIONS', 'tariff'): 'общий',
    ('B2B_FUNNEL_NEED', 'call_to_meeting'): 0.15, ('B2B_FUNNEL_NEED', 'meeting_to_contract'): 0.25,
}


def _shape(f):
    return ' '.join('[%s]' % a.name if catalogue.is_optional(a) else a.name for a in f.args)


def test_catalogue_has_exactly_the_spec_functions_in_spec_order():
    assert {f.name: _shape(f) for f in catalogue.FUNCTIONS} == SPEC_SIGNATURES


def test_spec_defaults():
    for (name, argname), value in SPEC_DEFAULTS.items():
        a = next(a for a in catalogue.BY_NAME[name].args if a.name == argname)
        assert a.default == value, (name, argname)


def test_every_function_and_argument_has_russian_help():
    for f in catalogue.FUNCTIONS:
        assert any('а' <= ch <= 'я' for ch in f.help.lower()), f.name
        for a in f.args:
            assert any('а' <= ch <= 'я' for ch in a.help.lower()), (f.name, a.name)


def test_udfs_module_exposes_the_catalogue_with_signatures():
    for f in catalogue.FUNCTIONS:
        udf = getattr(udfs, f.name)
        params = inspect.signature(udf).parameters
        assert list(params) == [a.name for a in f.args]
        for i, a in enumerate(f.args):
            optional = params[a.name].default is not inspect.Parameter.empty
            # Python needs a default after an optional argument; the catalogue still requires it.
            assert optional == any(catalogue.is_optional(b) for b in f.args[:i + 1])


def test_a_required_argument_after_an_optional_one_is_still_required():
    with pytest.raises(ArgumentError, match='income_ytd.*обязательный'):
        udfs.B2B_CHILD_DEDUCTION(2.0, None, None, 2026.0)
    assert udfs.B2B_CHILD_DEDUCTION(2.0, None, 90000.0, 2026.0) == 4200.0   # 1 400 + 2 800


def test_udfs_public_checks_as_excel_passes_values():
    # Excel hands numbers over as floats and empty optional cells as None.
    assert udfs.B2B_LEGAL_ENTITIES(20000.0) == 1000
    assert udfs.B2B_NDFL(300000.0, 2400000.0, 2025.0) == 45000.0
    assert udfs.B2B_CONTRIBUTIONS(100000.0, 0.0, 2026.0, None) == 30000.0
    assert udfs.B2B_CONTRIBUTIONS(100000.0, 0.0, 2025.0, 'МСП') == 20049.0
    assert udfs.B2B_PAYBACK(200000.0, 10.0, 5000.0, None, None) == 9
    assert udfs.B2B_PERSONAL_PLAN(10.0, [[1.0], [1.0], [1.0]]) == [[4], [3], [3]]
    assert udfs.B2B_PAYROLL(60000.0, 21.0, 21.0, 20000.0, 0.0, 2026.0) == [
        [80000.0, 10400.0, 69600.0, 24000.0, 104000.0]]
    rows = udfs.B2B_CASHFLOW(200000.0, 10.0, 5000.0, None, 9.0)
    assert len(rows) == 9 and rows[-1] == [9, 90.0, 400000.0, 0.0]
    assert udfs.B2B_PLAN_COEF(1.0, [[0.0, 0.0], [0.9, 1.1], [None, None]]) == 1.1
    assert udfs.B2B_DUNNING_STAGE(35.0, 12000.0) == 'претензия'


def test_year_defaults_to_the_current_year():
    import datetime
    this_year = datetime.date.today().year
    if this_year < 2024:
        pytest.skip('no yearly facts before 2024')
    from addin import model
    assert call('B2B_NDFL', [100000, 0]) == float(model.ndfl(100000, 0, this_year))


def test_errors_become_russian_cell_text_naming_the_argument():
    assert call_for_cell('B2B_MONTHLY_PLAN', [100, 0]) == \
        '#ОШИБКА: «месяцев»: должно быть больше 0 (0)'
    # The example: the Russian name of the argument, the value the Russian way.
    assert call_for_cell('B2B_POTENTIAL', [1000, 150, -1.0]) == \
        '#ОШИБКА: «конкурентов»: не может быть отрицательным (−1)'
    assert call_for_cell('B2B_POTENTIAL', [1000, 150, 2, 1.5]) == \
        '#ОШИБКА: «доля досягаемых юрлиц»: нужна доля от 0 до 1 (1,5)'
    assert call_for_cell('B2B_NDFL', [None, 0, 2026]).startswith('#ОШИБКА: «начислено за месяц»')
    assert 'нет данных за 2023 год' in call_for_cell('B2B_NDFL', [1000, 0, 2023])
    assert '«тариф взносов»' in call_for_cell('B2B_CONTRIBUTIONS', [1000, 0, 2026, 'УСН'])
    assert 'не окупается за 36 мес.' in call_for_cell('B2B_PAYBACK', [1e9, 1, 1])
    assert '«потенциал»' in call_for_cell('B2B_MONTHLY_PLAN', [[[1, 2], [3, 4]], 5])


def test_full_error_text_names_the_argument_both_ways_and_keeps_the_detail():
    from addin.model import ArgumentError
    with pytest.raises(ArgumentError) as info:
        call('B2B_POTENTIAL', [1000, 150, 2, 1.5])
    # Russian name for the reader, the signature's name to find it in the function wizard.
    assert str(info.value) == ('аргумент «доля досягаемых юрлиц» (reachable_share): '
                               'ожидается доля от 0 до 1 (0,15 = 15 %) (получено: 1,5)')
    with pytest.raises(ArgumentError, match='известны: 2024'):
        call('B2B_NDFL', [1000, 0, 1990])


def test_every_catalogue_argument_has_a_russian_name():
    from addin.model.labels import LABELS
    missing = sorted({'%s.%s' % (f.name, a.name) for f in catalogue.FUNCTIONS for a in f.args
                      if not LABELS.get(a.name, '').strip()})
    assert not missing, 'нет русского названия в addin/model/labels.py: %s' % ', '.join(missing)
    for name, text in LABELS.items():
        assert not any('a' <= ch.lower() <= 'z' for ch in text.replace('ARPU', '')), (name, text)


BAD_VALUES = (-1.0, -123456.75, 1.5, 'abc', 'очень длинный текст вместо числа в ячейке', 1e300, 0.0)


def test_every_cell_error_fits_the_cell_and_names_the_argument_in_russian():
    from addin.model.errors import CELL_LIMIT
    from addin.model.labels import label
    seen = 0
    for f in catalogue.FUNCTIONS:
        example = [list(v) if isinstance(v, list) else v for v in f.example]
        example += [None] * (len(f.args) - len(example))
        for i, a in enumerate(f.args):
            if a.kind != catalogue.NUMBER:
                continue
            for bad in BAD_VALUES:
                values = list(example)
                values[i] = bad
                text = call_for_cell(f.name, values)
                if not (isinstance(text, str) and text.startswith('#ОШИБКА: ')):
                    continue
                seen += 1
                assert len(text) <= CELL_LIMIT, text
                # no «-1.0»: the minus sign and the decimal comma the Russian way (a hyphen in a word is fine)
                assert '«' in text and '.0)' not in text and not re.search(r'-\d', text), text
                if 'горизонт' not in text:          # «не окупается» names the horizon
                    assert label(a.name) in text or any(label(b.name) in text for b in f.args), text
    assert seen > 50


def test_model_imports_on_python_3_8():
    """vermin: the model and the catalogue (what LibreOffice's Python loads) need ≤ 3.8."""
    files = sorted(str(p) for p in (ROOT / 'addin' / 'model').glob('*.py'))
    files.append(str(ROOT / 'addin' / 'catalogue.py'))
    vermin = Path(sys.executable).with_name('vermin')
    out = subprocess.run([str(vermin), '--no-tips', '--violations',
                          '-t=3.8-', '--eval-annotations', *files],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


def test_model_imports_nothing_outside_the_standard_library():
    import ast
    allowed_prefixes = ('.',)
    stdlib = sys.stdlib_module_names
    for path in list((ROOT / 'addin' / 'model').glob('*.py')) + [ROOT / 'addin' / 'catalogue.py']:
        tree = ast.parse(path.read_text(encoding='utf-8'))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert alias.name.split('.')[0] in stdlib, (path.name, alias.name)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                assert node.module.split('.')[0] in stdlib or node.module.startswith(allowed_prefixes), \
                    (path.name, node.module)


def test_function_reference_is_current():
    from addin import reference
    committed = (ROOT / 'docs' / 'functions.md').read_text(encoding='utf-8')
    assert committed == reference.render(), 'docs/functions.md is stale: run `make docs`'
    for f in catalogue.FUNCTIONS:
        assert '## %s' % f.name in committed


def test_demo_prints_the_sample_operator(capsys):
    from jobs import cli
    assert cli.main(['demo', '--model-only']) == 0
    out = capsys.readouterr().out
    assert 'Юрлиц в зоне покрытия: 3 000' in out
    assert 'Дополнительный потенциал: 480 подключений' in out
    # Same basis and label as «Потенциал и штат» (tests/test_workbooks.py): support for
    # the 420 + 480 = 900 clients after the potential, ⌈900 / 250⌉ = 4, not ⌈420 / 250⌉ = 2.
    assert 'Клиентов-юрлиц после выбора потенциала: 900' in out
    assert 'Менеджеров сопровождения: 4 (на клиентов после выбора потенциала)' in out
    assert 'Окупаемость отдела:' in out


def test_user_yearly_facts_file_adds_a_year(tmp_path):
    import json
    block = json.loads((ROOT / 'addin' / 'model' / 'data' / 'yearly.json').read_text(encoding='utf-8'))['2026']
    block['mrot'] = '30000'
    block['sme_threshold'] = '45000'
    path = tmp_path / 'yearly.json'
    path.write_text(json.dumps({'2091': block}), encoding='utf-8')
    code = ('from addin.catalogue import call; '
            'print(call("B2B_CONTRIBUTIONS", [100000, 0, 2091, "МСП"]))')
    import os
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, cwd=ROOT,
                         env=dict(os.environ, B2BKIT_YEARLY_FACTS=str(path)))
    assert out.returncode == 0, out.stderr
    # 45 000 × 30 % + 55 000 × 15 % = 13 500 + 8 250
    assert out.stdout.strip() == '21750.0'


def test_cli_speaks_russian_even_in_argparse_messages(capsys):
    from jobs import cli
    assert cli.main(['debtors', '--bogus']) == 2
    assert 'ошибка: лишние или неизвестные аргументы: --bogus' in capsys.readouterr().err
    assert cli.main(['--help']) == 0
    helptext = capsys.readouterr().out
    assert 'использование: b2bkit' in helptext and 'показать эту справку' in helptext
    for command in ('init', 'check', 'import-bank', 'debtors', 'documents', 'report', 'outbox', 'run',
                    'workbooks', 'excel', 'libreoffice', 'demo'):
        assert command in helptext
