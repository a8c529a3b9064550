"""``b2bkit init`` and ``b2bkit check`` end to end, through the CLI's ``main`` and real files."""

import datetime
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from jobs import cli, operator_folder, state
from jobs.registers import schema

ROOT = Path(__file__).resolve().parents[1]
#: The small demo folder other modules check too (30 clients, built once a session): `check`'s
#: problems and its marked copy of the register don't need the 200 clients of `init --demo`.
SMALL_DEMO = dict(today=datetime.date(2026, 11, 24), clients=30)


class Run:
    """What ``b2bkit ARGS`` returned and printed, run in this process (``main`` is the entry point)."""

    def __init__(self, returncode, captured):
        self.returncode, self.stdout, self.stderr = returncode, captured.out, captured.err


@pytest.fixture
def b2bkit(capsys, monkeypatch):
    """``b2bkit(*args, env={...})``: ``jobs.cli.main(args)`` with those environment variables set."""
    def run(*args, env=None):
        for name, value in (env or {}).items():
            monkeypatch.setenv(name, value)
        capsys.readouterr()
        return Run(cli.main(list(args)), capsys.readouterr())
    return run


def test_init_demo_then_check_is_clean(tmp_path, b2bkit):
    d = tmp_path / 'Оператор'
    r = b2bkit('init', '--demo', str(d))
    assert r.returncode == 0, r.stderr
    for name in (operator_folder.SETTINGS_FILE, operator_folder.REGISTER_FILE, operator_folder.STATEMENTS_DIR,
                 operator_folder.OUTPUT_DIR, state.STATE_FILE):
        assert (d / name).exists(), name
    r = b2bkit('check', '--dir', str(d))
    assert r.returncode == 0, r.stdout + r.stderr
    assert 'Ошибок нет' in r.stdout and 'клиентов 200' in r.stdout
    report = d / operator_folder.OUTPUT_DIR / operator_folder.CHECK_REPORT
    assert 'Ошибок нет' in python_calamine.CalamineWorkbook.from_path(str(report)) \
        .get_sheet_by_name('Ошибки').to_python()[1][0]


def test_home_from_environment_and_refusal_to_overwrite(tmp_path, b2bkit):
    d = tmp_path / 'op'
    assert b2bkit('init', env={'B2BKIT_HOME': str(d)}).returncode == 0
    wb = openpyxl.load_workbook(d / operator_folder.REGISTER_FILE)
    assert [ws.title for ws in wb][:3] == ['Клиенты', 'Начисления', 'Оплаты']
    assert [c.value for c in wb['Клиенты'][1]][:3] == schema.CLIENTS.headers[:3]
    r = b2bkit('init', str(d))
    assert r.returncode == 2 and 'уже есть' in r.stderr and 'settings.toml' in r.stderr
    r = b2bkit('check', env={'B2BKIT_HOME': str(d)})
    # a fresh folder is an empty register and empty requisites: check says what to fill in (issue 15)
    assert r.returncode == 1 and 'клиентов 0' in r.stdout, r.stdout + r.stderr
    assert 'раздел [company], ключ «inn»: не заполнено' in r.stdout


def test_planted_errors_make_check_fail_and_name_rows(demo_folder, capsys):
    d = demo_folder(**SMALL_DEMO)
    path = d / operator_folder.REGISTER_FILE
    wb = openpyxl.load_workbook(path)
    clients, charges, payments = wb['Клиенты'], wb['Начисления'], wb['Оплаты']
    clients['C5'] = '7707083894'                      # ИНН with a wrong checksum
    clients['H9'] = 'buh(at)example.ru'               # not an e-mail
    charges['D12'] = 'двести'                         # text amount
    payments['C20'] = '31.02.2026'                    # impossible date
    payments['D21'] = '=1+1'                          # a formula-looking text stays text in the report
    payments['D21'].data_type = 's'
    wb.save(path)
    capsys.readouterr()
    assert cli.main(['check', '--dir', str(d)]) == 1
    out = capsys.readouterr().out
    assert 'лист «Клиенты», строка 5, столбец «ИНН»: «7707083894» — неверная контрольная сумма ИНН' in out
    assert 'лист «Клиенты», строка 9, столбец «E-mail для документов»' in out
    assert 'лист «Начисления», строка 12, столбец «Сумма»: «двести»' in out
    assert 'лист «Оплаты», строка 20, столбец «Дата»: «31.02.2026» — такой даты нет' in out
    report = openpyxl.load_workbook(d / operator_folder.OUTPUT_DIR / operator_folder.CHECK_REPORT)['Ошибки']
    rows = [[c.value for c in r] for r in report.iter_rows(min_row=5)]
    places = {(r[1], r[2], r[3]) for r in rows}
    assert {('Клиенты', 5, 'ИНН'), ('Клиенты', 9, 'E-mail для документов'), ('Начисления', 12, 'Сумма'),
            ('Оплаты', 20, 'Дата'), ('Оплаты', 21, 'Сумма')} <= places
    formula_row = next(r for r in rows if r[1] == 'Оплаты' and r[2] == 21)
    assert formula_row[4] == '=1+1'
    cell = next(c for r in report.iter_rows(min_row=5) for c in r if c.value == '=1+1')
    assert cell.data_type == 's'


def test_check_reports_bad_settings(demo_folder, capsys):
    d = demo_folder(**SMALL_DEMO)
    text = (d / 'settings.toml').read_text(encoding='utf-8')
    (d / 'settings.toml').write_text(text.replace('account = "40702810938000000001"',
                                                  'account = "40702810938000000002"'), encoding='utf-8')
    capsys.readouterr()
    assert cli.main(['check', '--dir', str(d)]) == 1
    assert 'раздел [company], ключ «account»: «40702810938000000002» — неверный контрольный ключ счёта' in capsys.readouterr().out


def test_check_with_its_report_locked_says_so_in_russian(demo_folder, b2bkit):
    # A folder in the report's place fails the save as an open-in-Excel file does (root ignores a
    # read-only bit, a folder it cannot replace): the check still prints its result, in Russian.
    d = demo_folder(**SMALL_DEMO)
    (d / operator_folder.OUTPUT_DIR / operator_folder.CHECK_REPORT).mkdir(parents=True)
    r = b2bkit('check', '--dir', str(d))
    assert r.returncode == 0, r.stdout + r.stderr
    assert 'Ошибок нет' in r.stdout and 'Traceback' not in r.stderr
    assert 'Отчёт не записан: не удалось записать книгу' in r.stderr and operator_folder.CHECK_REPORT in r.stderr
