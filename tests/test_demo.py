"""``make demo``'s command end to end: the model, a demo operator folder and every job."""

import email
import email.header
from pathlib import Path
from types import SimpleNamespace

import openpyxl
from conftest import STALE_DEMO_LETTER

from jobs import cli
from jobs.commands import demo

ROOT = Path(__file__).resolve().parents[1]


def _letter(path):
    """A letter's decoded subject and recipients and its attachments' file names, in order. Parsed with
    the compat32 policy: the default policy's header objects cost about twice the time over the demo's
    hundreds of letters, for the same decoded texts."""
    m = email.message_from_bytes(path.read_bytes())

    def header(name):
        return str(email.header.make_header(email.header.decode_header(m[name] or '')))
    return SimpleNamespace(subject=header('subject'), to=header('to'),
                           files=[part.get_filename() for part in m.walk() if part.get_filename()])


def test_demo_runs_every_job_and_leaves_letters_documents_and_reports(demo_command):
    # `b2bkit demo --dir folder` as a process of its own, run once for the suite (tests/conftest.py)
    folder, returncode, stdout, stderr = demo_command
    assert returncode == 0, stderr
    assert 'Окупаемость отдела:' in stdout
    assert 'Проверка реестра: ошибок нет' in stdout
    # stderr is a pipe here, as in cron: no progress bar redrawn into it
    assert '\r' not in stderr and '%|' not in stderr, stderr[-300:]

    letters = [_letter(p) for p in (folder / 'Почта').glob('*.eml')]
    subjects = [m.subject for m in letters]
    # notices at more than one stage of the ladder, the closing documents and the owner's report
    assert any('Напоминание' in s or 'напоминание' in s for s in subjects), subjects[:5]
    assert any('Претензия' in s or 'претензия' in s for s in subjects), subjects[:5]
    document_letters = [m for m in letters if any(name.endswith('.pdf') for name in m.files)]
    assert len(document_letters) > 100
    owner = [m for m in letters if 'director@svyaz-region.ru' in m.to]
    assert len(owner) == 2, [m.subject for m in owner]
    report, sales = sorted(owner, key=lambda m: not m.subject.startswith('Общий отчет'))
    assert 'Общий отчет' in report.subject and sales.subject.startswith('Продажи юрлицам')
    assert sales.files[0].startswith('Отчет по продажам')
    assert '— продажи: Отчёт по продажам за неделю' in stdout
    # one password-protected payslip per employee of the demo payroll
    assert sum('Расчётный листок' in s for s in subjects) == 6, stdout

    output = folder / 'Выгрузка'
    assert list(output.rglob('Отчет по должникам *.xlsx'))
    assert list(output.rglob('SMS должникам *.csv'))
    register = next(output.rglob('Документооборот *.xlsx'))
    rows = list(openpyxl.load_workbook(register, read_only=True).worksheets[0].values)
    kinds = [r[2] for r in rows if r and len(r) > 2]
    # the demo operator pays VAT (22 %): the УПД instead of the act, the ЭДО XML, the книга продаж
    assert kinds.count('Универсальный передаточный документ') > 100
    assert kinds.count('Счёт на оплату') > 100
    xml = list((output / 'ЭДО').rglob('ON_NSCHFDOPPR_*.xml'))
    assert len(xml) >= kinds.count('Универсальный передаточный документ')
    from lxml import etree
    schema = etree.XMLSchema(etree.parse(str(ROOT / 'tests' / 'data' / 'ON_NSCHFDOPPR_1_997_01_05_03_05.xsd')))
    for path in xml[:25]:
        assert schema.validate(etree.parse(str(path))), (path.name, schema.error_log)
    assert list(output.rglob('Книга продаж *.xlsx')) and list(output.rglob('Книга продаж *.csv'))

    # the run went over a folder an earlier demo run had left (its marker and a stale letter, see
    # tests/conftest.py): the demo recreated it instead of refusing or piling letters up
    assert not (folder / 'Почта' / STALE_DEMO_LETTER).exists()
    assert (folder / demo.MARKER).exists()


def test_demo_never_deletes_a_folder_it_did_not_create(tmp_path, capsys):
    (tmp_path / 'settings.toml').write_text('# an operator folder\n', encoding='utf-8')
    assert cli.main(['demo', '--dir', str(tmp_path)]) == 2
    assert 'создана не демо-режимом' in capsys.readouterr().err
    assert (tmp_path / 'settings.toml').exists()
