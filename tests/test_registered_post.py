"""Warnings and claims go by registered post to the legal address, and their sending is recorded
(issue 16 points 10, 11): п. 3 ст. 44 ФЗ «О связи» counts the six months before termination from
the receipt of a *written* notice; a court asks for the claim's proof of sending (ч. 5 ст. 4 АПК)."""

import datetime
import io
from decimal import Decimal

from pypdf import PdfReader

from jobs.cli import main
from jobs.debtors import job as job_mod
import test_debtors
from test_debtors import delivered, month_end, report_rows

folder = test_debtors.folder         # test_debtors' fixture, used here by name

D = Decimal
LEGAL = '101000, г. Энск, пр. Ленина, д. 5, оф. 3'
SERVICE = '123456, г. Энск, ул. Мира, д. 1'


def pdf_text(part):
    return ' '.join(''.join(p.extract_text() for p in PdfReader(io.BytesIO(part.get_content())).pages).split())


def test_the_warning_letter_goes_as_a_pdf_to_the_legal_address(folder):
    folder.add('W1', 'ООО «Предупреждённое»', [(month_end(2026, 1), D('3000.00'))], legal_address=LEGAL)
    day = datetime.date(2026, 2, 26)                      # due 10.02.2026 (Tue) → 16 days: the warning
    folder.run(day)
    (msg,) = [m for _, s, m in delivered(folder.server) if s.startswith('Предупреждение')]
    (att,) = list(msg.iter_attachments())
    assert att.get_filename() == 'Предупреждение по договору Д-W1.pdf'
    text = pdf_text(att)
    assert 'ПРЕДУПРЕЖДЕНИЕ' in text and 'ООО «Предупреждённое»' in text
    assert LEGAL in text and 'также: ' + SERVICE in text
    # suspension_days = 10 after the warning: 26.02.2026 + 10 = 08.03.2026
    assert 'приостановлено с 08.03.2026' in text
    assert 'пунктом 3 статьи 44' in text and 'шести месяцев со дня получения' in text
    assert '3 000,00' in text
    saved = folder.path / 'Выгрузка' / 'Должники' / 'Предупреждения' / ('Предупреждение W1 %s.pdf' % day.isoformat())
    assert saved.is_file()


def test_the_claim_is_addressed_to_the_legal_address(folder):
    folder.add('C1', 'ООО «Претензия»', [(month_end(2025, 12), D('20000.00'))], legal_address=LEGAL)
    folder.run(datetime.date(2026, 2, 16))                # due 10.01.2026 → 37 days: the claim
    (msg,) = [m for _, s, m in delivered(folder.server) if s.startswith('Претензия')]
    text = pdf_text(next(msg.iter_attachments()))
    assert LEGAL in text and 'также: ' + SERVICE in text


def test_letters_to_post_are_listed_until_their_track_is_recorded(folder, capsys):
    folder.add('P1', 'ООО «Почта-1»', [(month_end(2026, 1), D('3000.00'))], legal_address=LEGAL)
    folder.add('P2', 'ООО «Почта-2»', [(month_end(2025, 12), D('20000.00'))])
    first = datetime.date(2026, 2, 26)                    # P1 16 days → warning, P2 47 days → claim
    folder.run(first)
    rows = report_rows(job_mod.report_path(folder.path, first), 'Заказные письма')
    assert [(r['Код'], r['Письмо'], r['Юридический адрес'], r['Трек-номер']) for r in rows] == [
        ('P1', 'предупреждение', LEGAL, None), ('P2', 'претензия', SERVICE, None)]
    report = [m for _, s, m in delivered(folder.server) if s.startswith('Отчет по должникам')][0]
    assert 'отправить заказным письмом с описью (или через ЭДО): 2' in report.get_body(('plain',)).get_content()

    assert main(['posted', '--dir', str(folder.path), 'P1', 'предупреждение', '80080012345678',
                 '--date', '2026-02-27']) == 0
    assert 'Предупреждение клиенту P1 от 26.02.2026 — отправка 27.02.2026, трек 80080012345678' \
        in capsys.readouterr().out
    nxt = datetime.date(2026, 3, 2)
    folder.run(nxt)
    rows = report_rows(job_mod.report_path(folder.path, nxt), 'Заказные письма')
    # still to post first, then the posted ones with their track and date
    assert [(r['Код'], r['Трек-номер'], r['Отправлено почтой']) for r in rows] == [
        ('P2', None, None), ('P1', '80080012345678', datetime.datetime(2026, 2, 27))]


def test_posted_refuses_what_was_not_sent(folder, capsys):
    folder.add('N1', 'ООО «Без писем»', [(month_end(2026, 1), D('3000.00'))])
    folder.run(datetime.date(2026, 2, 16))                # 6 days: only a reminder
    assert main(['posted', '--dir', str(folder.path), 'N1', 'претензия', '123']) == 2
    assert 'клиенту N1 претензия не отправлялась' in capsys.readouterr().err
    assert main(['posted', '--dir', str(folder.path), 'N1', 'напоминание', '123']) == 2
    assert 'заказным отправляются предупреждение и претензия' in capsys.readouterr().err
