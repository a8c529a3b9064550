"""Settings file and state database: what an operator's typo or an old kit runs into."""

import datetime
import sqlite3
from decimal import Decimal

import pytest

from jobs import settings, state
from jobs.errors import UserError


def write(tmp_path, text):
    (tmp_path / 'settings.toml').write_text(text, encoding='utf-8')
    return tmp_path


def test_template_loads_with_its_own_values(tmp_path):
    s = settings.load(write(tmp_path, settings.template_text()))
    assert s.company.inn == '7707083893'
    assert s.vat.rate == Decimal('0.22')
    assert s.billing.prepayment is True and s.billing.payment_days == 10
    assert s.mail.transport == 'folder' and s.mail.per_minute == 60
    assert s.schedule.send_window == (datetime.time(9), datetime.time(18))
    assert s.dunning.stages == (('reminder', 5), ('warning', 15), ('claim', 30), ('court', 60))
    assert s.dunning.min_debt == Decimal(100)


def test_missing_keys_take_the_template_values(tmp_path):
    s = settings.load(write(tmp_path, '[vat]\nmode = "без НДС"\n'))
    assert s.vat.rate is None and s.vat.mode == 'без НДС'
    assert s.schedule.timezone == 'Europe/Moscow'


@pytest.mark.parametrize('text, where', [
    ('[vat]\nmode = "18"\n', 'раздел [vat], ключ «mode»'),
    ('[mail]\ntransport = "pigeon"\n', 'раздел [mail], ключ «transport»'),
    ('[mail]\npassword = "secret"\n', 'ключ «password»'),
    ('[mail]\nowner = ["not-an-address"]\n', 'ключ «owner»'),
    ('[schedule]\ndebtors_at = "25:00"\n', 'ключ «debtors_at»'),
    ('[schedule]\ntimezone = "Mars/Olympus"\n', 'ключ «timezone»'),
    ('[dunning]\nwarning = 3\n', 'раздел [dunning]'),
    ('[calendar]\nholidays = ["2026-02-30"]\n', 'ключ «holidays»'),
    ('[billing\n', 'ошибка в записи настроек'),
])
def test_errors_name_the_file_section_and_key(tmp_path, text, where):
    with pytest.raises(UserError) as info:
        settings.load(write(tmp_path, text))
    message = str(info.value)
    assert where in message
    assert 'settings.toml' in message


def test_password_is_never_echoed(tmp_path):
    with pytest.raises(UserError) as info:
        settings.load(write(tmp_path, '[mail]\npassword = "Sup3rSecret"\n'))
    assert 'Sup3rSecret' not in str(info.value)


def test_missing_settings_file_says_how_to_create_it(tmp_path):
    with pytest.raises(UserError, match='b2bkit init'):
        settings.load(tmp_path)


def test_working_day_calendar(tmp_path):
    s = settings.load(write(tmp_path, settings.template_text()))
    cal = s.calendar
    assert not cal.is_working_day(datetime.date(2026, 11, 4))     # Unity Day
    assert not cal.is_working_day(datetime.date(2026, 11, 7))     # Saturday
    assert cal.is_working_day(datetime.date(2025, 11, 1))         # a working Saturday
    assert cal.working_days_of_month(2026, 1)[0] == datetime.date(2026, 1, 12)


def test_state_migrates_once_and_refuses_a_newer_schema(tmp_path):
    db = state.connect(tmp_path)
    assert db.execute('PRAGMA user_version').fetchone()[0] == len(state.MIGRATIONS)
    db.execute("INSERT INTO job_runs (job, slot, started_at, status) VALUES ('x', '2026-11', 'now', 'ok')")
    db.close()
    again = state.connect(tmp_path)           # no second migration, data kept
    assert again.execute('SELECT COUNT(*) FROM job_runs').fetchone()[0] == 1
    again.execute('PRAGMA user_version = 999')
    again.close()
    with pytest.raises(UserError, match='более новой версией'):
        state.connect(tmp_path)


def test_transaction_rolls_back_on_error(tmp_path):
    db = state.connect(tmp_path)
    with pytest.raises(sqlite3.IntegrityError):
        with state.transaction(db):
            db.execute("INSERT INTO document_counters VALUES ('act', 2026, 1)")
            db.execute("INSERT INTO document_counters VALUES ('act', 2026, 2)")
    assert db.execute('SELECT COUNT(*) FROM document_counters').fetchone()[0] == 0
