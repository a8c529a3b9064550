"""A job never prints or sends bad or placeholder requisites (issue 15, point 3); TOML errors in Russian."""

import datetime

import pytest

from jobs import cli, operator_folder, settings as settings_mod, state

TODAY = datetime.date(2026, 5, 14)


@pytest.fixture
def demo(demo_folder):
    """A copy of a demo folder built once per session (tests/conftest.py)."""
    return demo_folder('op', today=TODAY, seed=3, clients=40)


def edit(folder, old, new):
    path = folder / settings_mod.SETTINGS_FILE
    text = path.read_text(encoding='utf-8')
    assert old in text
    path.write_text(text.replace(old, new), encoding='utf-8')


def nothing_issued(folder):
    db = state.connect(folder)
    try:
        return [db.execute('SELECT COUNT(*) FROM %s' % t).fetchone()[0] for t in ('documents', 'notices', 'outbox')]
    finally:
        db.close()


def test_a_fresh_folder_has_no_demo_requisites_and_nothing_goes_out(tmp_path, capsys):
    folder = tmp_path / 'новый'
    assert cli.main(['init', str(folder)]) == 0
    text = (folder / settings_mod.SETTINGS_FILE).read_text(encoding='utf-8')
    assert 'Связь-Регион' not in text and '7707083893' not in text and '@svyaz-region.ru' not in text
    capsys.readouterr()
    assert cli.main(['check', '--dir', str(folder)]) == 1
    out = capsys.readouterr().out
    for key in ('name', 'inn', 'bik', 'account', 'director'):
        assert 'раздел [company], ключ «%s»: не заполнено' % key in out
    assert 'Ошибок нет' not in out
    for job in (['documents', '--month', '2026-05'], ['debtors', '--date', '2026-05-14']):
        assert cli.main(job + ['--dir', str(folder)]) == 2
        err = capsys.readouterr().err
        assert 'реквизиты в' in err and 'inn = «»: не заполнено' in err and 'b2bkit check' in err
    assert nothing_issued(folder) == [0, 0, 0]


@pytest.mark.parametrize('old, new, key', [
    ('inn = "7707083893"', 'inn = "7707083894"', 'inn'),              # checksum digit wrong
    ('bik = "044525225"', 'bik = "04452522"', 'bik'),                  # 8 digits
    ('account = "40702810938000000001"', 'account = "40702810938000000002"', 'account'),  # key of БИК + account
])
def test_bad_company_requisites_stop_documents_and_notices(demo, capsys, old, new, key):
    edit(demo, old, new)
    assert cli.main(['check', '--dir', str(demo)]) == 1
    assert 'ключ «%s»' % key in capsys.readouterr().out
    assert cli.main(['documents', '--month', '2026-05', '--dir', str(demo)]) == 2
    err = capsys.readouterr().err
    assert 'документы не сформированы, номера не заняты' in err and '%s = «%s»' % (key, new.split('"')[1]) in err
    assert cli.main(['debtors', '--date', '2026-05-14', '--dir', str(demo)]) == 2
    assert 'уведомления должникам не отправлены' in capsys.readouterr().err
    assert nothing_issued(demo) == [0, 0, 0]
    assert not (demo / operator_folder.OUTPUT_DIR / 'Документы').exists() or \
        not any((demo / operator_folder.OUTPUT_DIR / 'Документы').rglob('*.pdf'))


def test_placeholder_addresses_are_refused_for_real_sending(demo, smtp_env, capsys):
    from smtp_server import free_port
    edit(demo, 'owner = ["director@svyaz-region.ru"]', 'owner = ["director@example.ru"]')
    # with the demo's folder transport nothing leaves the machine: the check passes
    assert cli.main(['check', '--dir', str(demo)]) == 0
    capsys.readouterr()
    smtp_env(free_port())                 # real sending: the placeholder is a mistake
    assert cli.main(['check', '--dir', str(demo)]) == 1
    assert 'ключ «owner»: «director@example.ru» — адрес-заглушка' in capsys.readouterr().out
    assert cli.main(['debtors', '--date', '2026-05-14', '--dir', str(demo)]) == 2
    assert 'director@example.ru' in capsys.readouterr().err
    assert nothing_issued(demo) == [0, 0, 0]


def test_a_settings_syntax_error_is_told_in_russian_with_its_place(demo, capsys):
    edit(demo, 'payment_days = 10', 'payment_days 10')
    assert cli.main(['check', '--dir', str(demo)]) == 1
    out = capsys.readouterr().out
    assert 'settings.toml' in out and 'после имени параметра ожидается знак «=»' in out
    line = next(i for i, l in enumerate((demo / 'settings.toml').read_text(encoding='utf-8').splitlines(), 1)
                if l.startswith('payment_days 10'))
    assert 'строка %d' % line in out and 'Expected' not in out
