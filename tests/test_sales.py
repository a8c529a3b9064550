"""Active sales: the weekly report's figures on a pipeline and call log built by hand, the e-mail
over real SMTP, reruns, the «оперативка», the registers' Russian row problems.

Calendar: the template's (weekends Sat/Sun, 31.12.2026 a holiday). December 2026 has 22 working
days: 01–04 (4), 07–11, 14–18, 21–25 (15), 28–30 (3). The run on Monday 14.12.2026 counts up to
Sunday 13.12: the week 07.12–13.12, the month 01.12–13.12, 9 working days passed (01–04, 07–11).
"""

import datetime
import email
import io
from decimal import Decimal
from email import policy

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from jobs import cli, operator_folder
from jobs.demo_data import write_register_xlsx
from jobs.sales import job as sales_job
from jobs.sales import registers, workbook as wbmod

D = datetime.date
WHEN = D(2026, 12, 14)
IVANOVA, PETROV = 'Иванова А. С.', 'Петров Д. Н.'
INN_A, INN_E = '7707083893', '7736207543'

PIPELINE_HEADERS = [c.header for c in registers.PIPELINE.columns]


def deal(organisation, manager, stage, segment='', inn='', fee=None, reason='', next_action='', next_date=None,
         **dates):
    """A pipeline row in the register's column order; *dates*: contact, meeting, proposal, survey,
    contract, connected, lost."""
    row = {'№ сделки': '', 'Организация': organisation, 'ИНН': inn, 'Сегмент': segment, 'Менеджер': manager,
           'Источник': 'обход', 'Стадия': stage, 'Причина отказа': reason, 'Ожидаемая абонплата': fee,
           'Следующее действие': next_action, 'Дата следующего действия': next_date}
    names = {'contact': 'Дата контакта', 'meeting': 'Дата встречи', 'proposal': 'Дата КП',
             'survey': 'Дата обследования', 'contract': 'Дата договора', 'connected': 'Дата подключения',
             'lost': 'Дата отказа'}
    for k, v in dates.items():
        row[names[k]] = v
    return [row.get(h) for h in PIPELINE_HEADERS]


# The pipeline (rows 2–10 of «Воронка»):
#  2 Альфа    Иванова малый   подключение: contact 10.11, meeting 17.11, КП 20.11, survey 24.11,
#             contract 02.12 (month), connected 08.12 (week, month), fee 3 000 ₽, ИНН of client K1
#  3 Бета     Иванова средний договор: contact 16.11, meeting 25.11, contract 10.12 (week, month), fee 12 000 ₽
#  4 Гамма    Петров  малый   КП: contact 01.10, meeting 05.10, КП 07.10 — stuck: working days after 07.10 up to
#             13.12: Oct 8–9 (2), Oct 12–30 (15), Nov 2–3 (2), Nov 5–6 (2, 04.11 a holiday), Nov 9–27 (15),
#             Nov 30 (1), Dec 1–4 (4), Dec 7–11 (5) = 46 > 10
#  5 Дельта   Петров  малый   отказ «дорого»: contact 20.11, lost 03.12 (month)
#  6 Эпсилон  Петров  крупный подключение: contact 02.11, meeting 06.11, contract 20.11, connected 01.12 (month),
#             fee 50 000 ₽
#  7 Зета     Иванова (no segment) встреча: contact 01.12, meeting 11.12; next action «встреча» on 14.12
#  8 Эта      Иванова малый   отказ «есть провайдер»: contact 05.11, lost 10.11 (not this month)
#  9 Тета     Петров  встреча without «Дата встречи» → problem, row left out
# 10 Йота     Петров  КП 05.12 before the meeting 08.12 → problem, row left out
PIPELINE = [
    deal('ООО «Альфа»', IVANOVA, 'подключение', 'малый', INN_A, 3000, contact=D(2026, 11, 10),
         meeting=D(2026, 11, 17), proposal=D(2026, 11, 20), survey=D(2026, 11, 24), contract=D(2026, 12, 2),
         connected=D(2026, 12, 8)),
    deal('ООО «Бета»', IVANOVA, 'договор', 'средний', fee=12000, contact=D(2026, 11, 16), meeting=D(2026, 11, 25),
         contract=D(2026, 12, 10)),
    deal('ООО «Гамма»', PETROV, 'КП', 'малый', contact=D(2026, 10, 1), meeting=D(2026, 10, 5),
         proposal=D(2026, 10, 7)),
    deal('ООО «Дельта»', PETROV, 'отказ', 'малый', reason='дорого', contact=D(2026, 11, 20), lost=D(2026, 12, 3)),
    deal('АО «Эпсилон»', PETROV, 'подключение', 'крупный', INN_E, 50000, contact=D(2026, 11, 2),
         meeting=D(2026, 11, 6), contract=D(2026, 11, 20), connected=D(2026, 12, 1)),
    deal('ООО «Зета»', IVANOVA, 'встреча', next_action='встреча у клиента', next_date=D(2026, 12, 14),
         contact=D(2026, 12, 1), meeting=D(2026, 12, 11)),
    deal('ООО «Эта»', IVANOVA, 'отказ', 'малый', reason='есть провайдер', contact=D(2026, 11, 5),
         lost=D(2026, 11, 10)),
    deal('ООО «Тета»', PETROV, 'встреча', contact=D(2026, 12, 1)),
    deal('ООО «Йота»', PETROV, 'КП', contact=D(2026, 12, 1), meeting=D(2026, 12, 8), proposal=D(2026, 12, 5)),
]

# The call log (Звонки.csv, cp1251): date; manager; calls; reached; meetings set; held; КП
#   30.11 Иванова 50 — before the week and the month, not counted
#   03.12 Иванова 40/20/3/2/1 — month
#   08.12 Иванова 30/15/2/2/1 — week and month
#   09.12 Петров  20/8/1/1/0  — week and month
#   11.12 Петров  12/6/1/1/1  — week and month (and «yesterday» for the оперативка of 14.12)
#   14.12 Петров  10 — after 13.12, not counted
CALLS_CSV = ('Дата;Менеджер;Звонков;Дозвонов;Назначено встреч;Проведено встреч;Отправлено КП\r\n'
             '30.11.2026;%(i)s;50;25;2;2;1\r\n03.12.2026;%(i)s;40;20;3;2;1\r\n08.12.2026;%(i)s;30;15;2;2;1\r\n'
             '09.12.2026;%(p)s;20;8;1;1;0\r\n11.12.2026;%(p)s;12;6;1;1;1\r\n14.12.2026;%(p)s;10;5;0;0;0\r\n'
             % {'i': IVANOVA, 'p': PETROV})

# Hand-worked figures (norms: the template's 40 calls and 3 meetings a day, 0,15 and 0,25):
# Иванова: week calls 30, meetings 2, КП 1, contracts 1 (Бета), connections 1 (Альфа);
#          month calls 70, reached 35, meetings 4, КП 2, contracts 2 (Альфа, Бета), connections 1.
#          Calls a day 70 / 9 = 7,8; meetings a day 4 / 9 = 0,4; call → meeting 4/70; meeting → contract 2/4 = 50 %.
#          Plan 4 ([plans]) → meetings CEILING(4 / 0,25) = 16, calls CEILING(16 / 0,15 = 106,7) = 107.
#          Forecast ROUND(1 / 9 × 22; 1) = 2,4; done 2,4 / 4 = 60 % → ladder 0,5;
#          revenue 3 000 × 2,4 / 1 = 7 200 → bonus 7 200 × 1 × 0,5 = 3 600,00 ₽.
# Петров:  week calls 32, meetings 2, КП 1, contracts 0, connections 0;
#          month calls 32, reached 14, meetings 2, КП 1, contracts 0, connections 1 (Эпсилон, 01.12).
#          Plan 2 → meetings 8, calls CEILING(8 / 0,15 = 53,3) = 54. Forecast 1 / 9 × 22 = 2,4; 120 % → 1,2;
#          revenue 50 000 × 2,4 = 120 000 → bonus 144 000,00 ₽.
# Всего:   month calls 102, meetings 6, contracts 2, connections 2; plan 6; forecast ROUND(2 / 9 × 22; 1) = 4,9;
#          calls a day per manager 102 / (9 × 2) = 5,7; bonus 3 600 + 144 000 = 147 600,00 ₽.
PLANS = '\n[plans]\n"%s" = 4\n"%s" = { "2026-12" = 2 }\n' % (IVANOVA, PETROV)


def client_row(code, name, inn, manager, connected):
    return (code, name, inn, None, None, 'Д-' + code, None, 'buh@%s.ru' % code.lower(), None,
            manager, 'малый', 'Интернет', None, connected, None, None, None, None)


def write_pipeline(path, rows, plans=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = 'Воронка'
    ws.append(PIPELINE_HEADERS)
    for r in rows:
        ws.append(r)
    if plans:
        ps = wb.create_sheet('Планы')
        ps.append(['Менеджер', 'Месяц', 'План подключений'])
        for p in plans:
            ps.append(list(p))
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)


@pytest.fixture
def folder(operator_dir):
    write_register_xlsx(operator_dir / operator_folder.REGISTER_FILE,
                        [client_row('K1', 'ООО «Альфа»', INN_A, IVANOVA, D(2026, 12, 8))])
    sales = operator_dir / registers.SALES_DIR
    write_pipeline(sales / 'Воронка.xlsx', PIPELINE)
    (sales / 'Звонки.csv').write_bytes(CALLS_CSV.encode('cp1251'))
    path = operator_dir / 'settings.toml'
    path.write_text(path.read_text(encoding='utf-8') + PLANS, encoding='utf-8')
    return operator_dir


def rows_of(path, sheet):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def table(path, sheet, header_row=wbmod.HEADER_ROW):
    rows = rows_of(path, sheet)
    header = rows[header_row]
    out = {}
    for row in rows[header_row + 1:]:
        if not row or row[0] == '':
            break
        out[row[0]] = dict(zip(header[1:], row[1:]))
    return out


def check(row, expected):
    for header, value in expected.items():
        got = row[header]
        if value == '':
            assert got == '', (header, got)
        else:
            assert got == pytest.approx(float(value), abs=1e-9), (header, got, value)


def test_hand_built_pipeline_and_call_log_figures(folder):
    summary = sales_job.run_job(folder, WHEN, dry_run=True)
    assert 'неделю 2026-W50 (по 13.12.2026)' in summary
    assert 'строк с ошибками не учтено: 2' in summary
    path = sales_job.workbook_path(folder, '2026-W50')
    s = table(path, wbmod.SUMMARY)
    assert list(s) == [IVANOVA, PETROV, 'Всего']
    check(s[IVANOVA], {'Неделя: звонков': 30, 'Неделя: встреч': 2, 'Неделя: КП': 1, 'Неделя: договоров': 1,
                       'Неделя: подключений': 1, 'Месяц: звонков': 70, 'Месяц: дозвонов': 35, 'Месяц: встреч': 4,
                       'Месяц: КП': 2, 'Месяц: договоров': 2, 'Месяц: подключений': 1, 'План подключений': 4,
                       'Прогноз на месяц': Decimal('2.4'), 'Выполнение по прогнозу': Decimal('0.6'),
                       'Абонплата подключений месяца': 3000, 'Премия по прогнозу': 3600})
    check(s[PETROV], {'Неделя: звонков': 32, 'Неделя: встреч': 2, 'Неделя: КП': 1, 'Неделя: договоров': 0,
                      'Неделя: подключений': 0, 'Месяц: звонков': 32, 'Месяц: дозвонов': 14, 'Месяц: встреч': 2,
                      'Месяц: договоров': 0, 'Месяц: подключений': 1, 'План подключений': 2,
                      'Прогноз на месяц': Decimal('2.4'), 'Выполнение по прогнозу': Decimal('1.2'),
                      'Премия по прогнозу': 144000})
    check(s['Всего'], {'Месяц: звонков': 102, 'Месяц: встреч': 6, 'Месяц: договоров': 2, 'Месяц: подключений': 2,
                       'План подключений': 6, 'Прогноз на месяц': Decimal('4.9'), 'Премия по прогнозу': 147600})

    n = table(path, wbmod.NORMS)
    check(n[IVANOVA], {'Звонков в день': Decimal(70) / 9, 'Норма звонков в день': 40, 'Встреч в день': Decimal(4) / 9,
                       'Звонок → встреча': Decimal(4) / 70, 'Встреча → договор': Decimal('0.5'),
                       'Нужно встреч на план': 16, 'Нужно звонков на план': 107})
    check(n[PETROV], {'Нужно встреч на план': 8, 'Нужно звонков на план': 54, 'Встреча → договор': 0})
    check(n['Всего'], {'Звонков в день': Decimal(102) / 18})

    stuck = table(path, wbmod.STUCK)
    assert list(stuck) == [PETROV]
    assert stuck[PETROV]['Организация'] == 'ООО «Гамма»'
    check(stuck[PETROV], {'Рабочих дней без действий': 46, 'Строка воронки': 4})

    lost = table(path, wbmod.LOST)
    check(lost['дорого'], {'За месяц': 1, 'Всего': 1})
    check(lost['есть провайдер'], {'За месяц': 0, 'Всего': 1})

    # segments: малый — Альфа, Гамма, Дельта, Эта: 4 deals, 2 meetings, 1 contract
    seg = table(path, wbmod.SEGMENTS)
    check(seg['малый'], {'Сделок': 4, 'Дошли до встречи': 2, 'Дошли до договора': 1,
                         'Контакт → встреча': Decimal('0.5'), 'Встреча → договор': Decimal('0.5'),
                         'Контакт → договор': Decimal('0.25')})
    check(seg['средний'], {'Сделок': 1, 'Дошли до договора': 1})
    check(seg['(не указан)'], {'Сделок': 1, 'Дошли до встречи': 1, 'Дошли до договора': 0})
    check(seg['Всего'], {'Сделок': 7, 'Дошли до встречи': 5, 'Дошли до договора': 3})

    # contracts of the month linked to the client register by ИНН
    contracts = rows_of(path, wbmod.CONTRACTS)[wbmod.HEADER_ROW + 1:]
    linked = {r[1]: r[6] for r in contracts if r and r[0]}
    assert linked == {'ООО «Альфа»': 'K1', 'ООО «Бета»': ''}

    # the оперативка of Monday 14.12: yesterday is Friday 11.12, Зета's meeting is planned for today
    daily = rows_of(path, wbmod.DAILY)
    assert 'вчера — 11.12.2026' in daily[1][0]
    by_name = {r[0]: r for r in daily[wbmod.HEADER_ROW + 1:wbmod.HEADER_ROW + 4]}
    assert by_name[PETROV][1:6] == [12, 6, 1, 1, 1] and by_name[IVANOVA][1] == 0
    planned = [r for r in daily if r and r[0] == IVANOVA and 'Зета' in str(r[1])]
    assert planned and planned[0][5] == 'встреча у клиента'

    # money is shown in rubles with the escaped space: never the ÷1000 «#,##0.00 "₽"» form
    ws = openpyxl.load_workbook(path)[wbmod.SUMMARY]
    header = [c.value for c in ws[wbmod.HEADER_ROW + 1]]
    cell = ws.cell(wbmod.HEADER_ROW + 2, header.index('Премия по прогнозу') + 1)
    assert cell.number_format == '#,##0.00" ₽"' and cell.value == 3600


def test_bad_rows_are_named_in_russian(folder):
    t = registers.load(folder, registers.PIPELINE)
    assert [str(p) for p in t.problems] == [
        'Воронка.xlsx, лист «Воронка», строка 9, столбец «Дата встречи»: не заполнено: сделка на стадии '
        '«встреча», нужна «Дата встречи»',
        'Воронка.xlsx, лист «Воронка», строка 10, столбец «Дата КП»: «05.12.2026» — дата раньше, чем '
        '«Дата встречи» (08.12.2026); стадии идут по порядку: контакт → встреча → КП → обследование → '
        'договор → подключение',
    ]
    assert len(t.frame) == 7
    (folder / registers.SALES_DIR / 'Звонки.csv').write_bytes(
        'Дата;Менеджер;Звонков;Дозвонов\r\n31.11.2026;Иванова;10;2\r\n01.12.2026;Иванова;пять;2\r\n'
        '02.12.2026;Иванова;5;7\r\n'.encode('cp1251'))
    calls = registers.load(folder, registers.CALLS)
    assert [str(p) for p in calls.problems] == [
        'Звонки.csv, строка 2, столбец «Дата»: «31.11.2026» — такой даты нет; ожидается дата ДД.ММ.ГГГГ',
        'Звонки.csv, строка 3, столбец «Звонков»: «пять» — ожидается целое число от 0 до 10000000',
        'Звонки.csv, строка 4, столбец «Дозвонов»: «7» — дозвонов больше, чем звонков (5)',
    ]
    assert calls.frame.empty


def test_owner_gets_the_report_over_real_smtp_and_a_rerun_sends_nothing(folder, smtp_server, smtp_env):
    srv = smtp_server()
    smtp_env(srv.port)
    summary = sales_job.run_job(folder, WHEN)
    assert 'почта: отправлено 1' in summary, summary
    srv.handler.wait_for(1)
    (got,) = srv.handler.messages
    assert got.rcpt_tos == ['director@svyaz-region.ru']
    msg = email.message_from_bytes(got.data, policy=policy.default)
    assert msg['Subject'] == 'Продажи юрлицам: неделя 07.12.2026 — 13.12.2026'
    html = msg.get_body(('html',)).get_content()
    text = msg.get_body(('plain',)).get_content()
    for body in (html, text):
        assert IVANOVA in body and PETROV in body
        assert '30 / 2 / 1 / 1' in body           # Иванова's week: calls / meetings / contracts / connections
        assert '102 / 6 / 2 / 2' in body          # the month in total
        assert '3 600,00 ₽' in body and '147 600,00 ₽' in body
        assert 'ООО «Гамма»' in body              # the stuck deal
        assert 'дорого' in body
    assert 'color: #C00000;">60,0 %' in html     # Иванова's forecast below the plan is red
    (attachment,) = list(msg.iter_attachments())
    assert attachment.get_filename() == 'Отчет по продажам 2026-W50.xlsx'
    book = openpyxl.load_workbook(io.BytesIO(attachment.get_content()))
    assert book.sheetnames == [wbmod.SUMMARY, wbmod.NORMS, wbmod.CHARTS, wbmod.STUCK, wbmod.LOST, wbmod.SEGMENTS,
                               wbmod.CONTRACTS, wbmod.DAILY, wbmod.PROBLEMS]
    # the two bad pipeline rows are listed for the owner, with the Excel row
    assert [(r[2].value, r[3].value) for r in book[wbmod.PROBLEMS].iter_rows(min_row=wbmod.HEADER_ROW + 2)] == [
        (9, 'Дата встречи'), (10, 'Дата КП')]
    assert 'В реестрах продаж 2 строк с ошибками' in text
    assert book[wbmod.CHARTS]._charts, 'the funnel and plan/fact charts'

    # the same week again — by the scheduler or by hand — sends nothing
    again = sales_job.run_job(folder, WHEN)
    assert 'письмо за неделю 2026-W50 уже отправлено' in again
    assert len(srv.handler.messages) == 1
    # a report by hand on Friday 11.12 covers the week up to Thursday: its own letter, once
    assert 'почта: отправлено 1' in sales_job.run_job(folder, D(2026, 12, 11))
    assert 'письмо за неделю 2026-W50 по 2026-12-10 уже отправлено' in sales_job.run_job(folder, D(2026, 12, 11))
    srv.handler.wait_for(2)
    partial = email.message_from_bytes(srv.handler.messages[1].data, policy=policy.default)
    assert partial['Subject'] == 'Продажи юрлицам: неделя 07.12.2026 — 10.12.2026'
    assert [a.get_filename() for a in partial.iter_attachments()] == ['Отчет по продажам 2026-W50 по 10.12.2026.xlsx']
    assert len(srv.handler.messages) == 2
    assert sales_job.workbook_path(folder, '2026-W50').exists()     # the whole week's book is still there


def test_without_a_call_log_the_pipeline_actions_count(folder):
    (folder / registers.SALES_DIR / 'Звонки.csv').unlink()
    sales_job.run_job(folder, WHEN, dry_run=True)
    s = table(sales_job.workbook_path(folder, '2026-W50'), wbmod.SUMMARY)
    # month: contacts Зета 01.12 → 1 call (Иванова); meetings Зета 11.12 → 1; Петров: none
    check(s[IVANOVA], {'Месяц: звонков': 1, 'Месяц: встреч': 1, 'Неделя: встреч': 1, 'Месяц: договоров': 2})
    check(s[PETROV], {'Месяц: звонков': 0, 'Месяц: подключений': 1})


def test_plans_from_the_pipeline_sheet_when_settings_have_none(operator_dir):
    write_pipeline(operator_dir / registers.SALES_DIR / 'Воронка.xlsx', PIPELINE[:2],
                   plans=[(IVANOVA, '2026-12', 5), (IVANOVA, '2026-11', 9)])
    sales_job.run_job(operator_dir, WHEN, dry_run=True)
    s = table(sales_job.workbook_path(operator_dir, '2026-W50'), wbmod.SUMMARY)
    check(s[IVANOVA], {'План подключений': 5})


def test_no_pipeline_is_a_russian_error(operator_dir, capsys):
    assert cli.main(['sales', '--dir', str(operator_dir), '--date', '2026-12-14']) == 2
    assert 'нет реестра «Воронка»' in capsys.readouterr().err


def test_daily_command_and_templates(folder, capsys):
    assert cli.main(['sales', 'daily', '--dir', str(folder), '--date', '2026-12-14']) == 0
    out = capsys.readouterr().out
    assert 'вчера (11.12.2026) звонков 12, встреч 1, договоров 0; на сегодня запланировано 1' in out
    path = sales_job.daily_path(folder, WHEN)
    assert CalamineWorkbook.from_path(str(path)).sheet_names == [wbmod.DAILY]
    assert cli.main(['sales', 'templates', '--dir', str(folder)]) == 0
    out = capsys.readouterr().out
    assert 'Воронка — уже есть' in out and 'Территория.xlsx' in out
    header = rows_of(folder / registers.SALES_DIR / 'Территория.xlsx', 'Территория')[0]
    assert header == [c.header for c in registers.TERRITORY.columns]


def test_empty_templates_give_a_report_of_zeros(operator_dir, capsys):
    """A new operator: «b2bkit sales templates», nothing typed yet — every command works and says so."""
    assert cli.main(['sales', 'templates', '--dir', str(operator_dir)]) == 0
    capsys.readouterr()
    assert cli.main(['sales', '--dir', str(operator_dir), '--date', '2026-12-14', '--dry-run']) == 0
    out = capsys.readouterr().out
    assert 'за неделю звонков 0, встреч 0, договоров 0, подключений 0' in out
    assert 'личных планов нет' in out
    assert cli.main(['sales', 'daily', '--dir', str(operator_dir), '--date', '2026-12-14']) == 0
    assert 'на сегодня запланировано 0' in capsys.readouterr().out
    assert cli.main(['territory', '--dir', str(operator_dir)]) == 0
    assert 'Территория: домов 0' in capsys.readouterr().out
    assert cli.main(['territory', 'split', '--dir', str(operator_dir)]) == 2
    assert 'некому распределять дома' in capsys.readouterr().err


def test_pipeline_as_a_sheet_of_the_operators_workbook(operator_dir):
    """«Воронка» may be a sheet of «Реестр юрлиц.xlsx»; the client register reads on beside it."""
    book = operator_dir / operator_folder.REGISTER_FILE
    write_register_xlsx(book, [client_row('K1', 'ООО «Альфа»', INN_A, IVANOVA, D(2026, 12, 8))])
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet('Воронка')
    ws.append(PIPELINE_HEADERS)
    ws.append(PIPELINE[0])
    wb.save(book)
    assert registers.find(operator_dir, registers.PIPELINE) == (book, 'Воронка')
    sales_job.run_job(operator_dir, WHEN, dry_run=True)
    path = sales_job.workbook_path(operator_dir, '2026-W50')
    linked = [r for r in rows_of(path, wbmod.CONTRACTS)[wbmod.HEADER_ROW + 1:] if r and r[0]]
    assert [(r[1], r[6]) for r in linked] == [('ООО «Альфа»', 'K1')]


@pytest.mark.parametrize('line, message', [
    ('call_to_meeting = 1.5', 'раздел [sales], ключ «call_to_meeting»: ожидается доля больше 0 и не больше 1'),
    ('weekly_at = "25:00"', 'раздел [sales], ключ «weekly_at»: ожидается время ЧЧ:ММ'),
    ('crm = "1c"', 'раздел [sales], ключ «crm»: ожидается "bitrix24" или "amocrm"'),
])
def test_bad_sales_settings_name_the_key(folder, line, message):
    from jobs.errors import UserError
    path = folder / 'settings.toml'
    key = line.split(' =')[0]
    text = path.read_text(encoding='utf-8')
    import re
    text = re.sub(r'^%s = .*$' % key, line, text, count=1, flags=re.M)
    path.write_text(text, encoding='utf-8')
    with pytest.raises(UserError, match=re.escape(message)):
        sales_job.run_job(folder, WHEN, dry_run=True)
