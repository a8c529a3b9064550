"""The suspension warning cites the law and the service's rules and says how service resumes (issue 16, p. 11)."""

import datetime
import email
from email import policy

import pytest

from jobs.debtors.job import run_job
from jobs.registers.reader import read_register


@pytest.fixture(scope='module')
def warned(tmp_path_factory, demo_folders):
    folder = demo_folders(tmp_path_factory.mktemp('warn') / 'op', today=datetime.date(2026, 5, 14), seed=7)
    run_job(folder, datetime.date(2026, 5, 14),
            now=datetime.datetime(2026, 5, 14, 8, 0, tzinfo=datetime.timezone.utc))   # 11:00 Moscow
    letters = [email.message_from_bytes(p.read_bytes(), policy=policy.default)
               for p in (folder / 'Почта').glob('*.eml')]
    return folder, [m for m in letters if str(m['Subject']).startswith('Предупреждение о приостановлении')]


def text_of(msg):
    return msg.get_body(('plain',)).get_content().replace('\r\n', '\n')


def test_the_warning_cites_p3_art44_and_the_rules_of_the_clients_service(warned):
    folder, warnings = warned
    assert warnings
    clients = {c.contract: c for c in read_register(folder).clients.values()}
    rules = {'Интернет': '№ 2607', 'ТВ': 'телевизионного вещания'}
    for msg in warnings:
        body = ' '.join(text_of(msg).split())
        contract = body.split('По договору № ', 1)[1].split(' ', 1)[0]
        client = clients[contract]
        assert 'пунктом 3 статьи 44 Федерального закона от 07.07.2003 № 126-ФЗ «О связи»' in body
        assert rules.get(client.service, 'Правил') in body, (client.service, body)
        assert 'возобновляется не позднее 1-го рабочего дня' in body
        assert 'в течение шести месяцев со дня получения настоящего уведомления' in body
