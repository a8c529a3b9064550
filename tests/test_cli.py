"""The command line's shared options: wrong dates and months get Russian usage errors."""

import pytest

from jobs.cli import main


@pytest.mark.parametrize('argv, expected', [
    (['debtors', '--date', '31.02.2026'], 'аргумент --date: ожидается дата ГГГГ-ММ-ДД'),
    (['documents', '--month', '2026-13'], 'аргумент --month: ожидается месяц ГГГГ-ММ'),
    (['report', '--month', 'март'], 'аргумент --month: ожидается месяц ГГГГ-ММ'),
])
def test_bad_date_or_month_is_a_usage_error_naming_the_option(argv, expected, tmp_path, capsys):
    assert main(argv + ['--dir', str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert 'Traceback' not in err


def test_documents_for_a_month_without_working_days_names_the_month(tmp_path, capsys):
    from jobs import operator_folder
    operator_folder.init(tmp_path)
    settings = (tmp_path / 'settings.toml').read_text(encoding='utf-8')
    (tmp_path / 'settings.toml').write_text(settings.replace('weekends = [6, 7]', 'weekends = [1, 2, 3, 4, 5, 6, 7]'),
                                            encoding='utf-8')
    assert main(['documents', '--dir', str(tmp_path), '--month', '2026-10', '--dry-run']) == 2
    assert 'в месяце 2026-10 нет ни одного рабочего дня' in capsys.readouterr().err
