"""``b2bkit demo``: the whole kit end to end on a sample operator.

1. the model on a sample operator: potential, headcount, personal plans,
   payroll, payback (what the owner's workbooks compute);
2. a demo operator folder (``b2bkit init --demo``), checked and with its bank
   statement imported;
3. the three jobs as the scheduler would run them today — debtor notices,
   closing documents, the owner's report — with the folder mail transport, so
   every message lands as an ``.eml`` file and nothing leaves the machine.

The demo folder is recreated on every run; a folder without the demo's marker
file is never deleted.
"""

import datetime
import shutil
from contextlib import closing
from decimal import Decimal
from pathlib import Path

from addin import model

from .. import operator_folder, progress
from ..errors import UserError
from ..workbooks import potential as potential_book
from ..textfmt import money, number
from .options import HELP

SAMPLE = {
    'households': 60000, 'own_clients': 420, 'competitors': 2, 'months': 18,
    'managers': (('Иванова А. С.', 1.2, 70000), ('Петров Д. Н.', 1.0, 65000),
                 ('Сидоров К. Л.', 0.8, 60000)),
    'arpu': 4500, 'churn': Decimal('0.01'),
}
DEFAULT_FOLDER = 'demo-operator'
MARKER = '.b2bkit-demo'
#: The jobs run as the scheduler runs them: on a working day, at this time.
RUN_AT = datetime.time(10, 0)


def register(sub, common):
    p = sub.add_parser('demo', parents=[common], help=HELP['demo']['help'],
                       description=HELP['demo']['description'] % DEFAULT_FOLDER)
    p.add_argument('--model-only', action='store_true', help=HELP['demo']['--model-only'])
    p.set_defaults(func=run)


def sample_report(today=None):
    """The model part of the demo, Russian text, for a sample operator."""
    today = today or datetime.date.today()
    year = today.year
    s = SAMPLE
    lines = ['Образец оператора: %s квартир в зоне покрытия, %d клиентов-юрлиц, %d конкурента.'
             % (number(s['households']), s['own_clients'], s['competitors'])]
    le = model.legal_entities(s['households'])
    pot = model.potential(le, s['own_clients'], s['competitors'])
    plan = model.monthly_plan(pot, s['months'])
    mgrs = model.managers(plan)
    # The planning basis of «Потенциал и штат»: support for the client base the
    # sales plan leads to (today's clients + the potential), not for today's clients.
    clients_after = s['own_clients'] + pot
    support = model.support_managers(clients_after)
    lines += [
        'Юрлиц в зоне покрытия: %s' % number(le),
        'Дополнительный потенциал: %s подключений' % number(pot),
        'План на %d мес.: %d подключений в месяц' % (s['months'], plan),
        'Менеджеров по продажам: %d' % mgrs,
        '%s: %s' % (potential_book.CLIENTS_AFTER_LABEL, number(clients_after)),
        '%s: %d (на клиентов после выбора потенциала)' % (potential_book.SUPPORT_LABEL, support),
        '',
        'Личные планы и зарплата за %s (тариф взносов «общий»):' % today.strftime('%m.%Y'),
    ]
    weights = [w for _, w, _ in s['managers']]
    plans = model.personal_plan(plan, weights)
    total_cost = Decimal(0)
    month_index = today.month - 1
    for (name, _, salary), personal in zip(s['managers'], plans):
        fact = personal  # the sample month: everyone hits the plan
        bonus = model.bonus(personal, fact, personal * s['arpu'])
        ytd = Decimal(salary) * month_index
        row = model.payroll_row(salary, 21, 21, bonus, ytd, year)
        total_cost += row.total_cost
        lines.append('  %-15s план %2d, премия %s, начислено %s, НДФЛ %s, к выплате %s, взносы %s'
                     % (name, personal, money(bonus), money(row.gross), money(row.ndfl),
                        money(row.net), money(row.contributions)))
    lines.append('Стоимость отдела в месяц: %s' % money(total_cost))
    if model.yearly.provisional_warning(year):
        lines.append(model.yearly.provisional_warning(year))
    try:
        month = model.payback(total_cost, plan, s['arpu'], s['churn'], 36)
        lines.append('Окупаемость отдела: %d-й месяц' % month)
    except model.ArgumentError as exc:
        lines.append('Окупаемость: %s' % exc.expected)
    return '\n'.join(lines)


def _fresh_folder(folder):
    if folder.exists():
        if not (folder / MARKER).exists() and any(folder.iterdir()):
            raise UserError('папка %s уже существует и создана не демо-режимом; укажите другую: '
                            'b2bkit demo --dir ПАПКА' % folder)
        shutil.rmtree(folder)
    return folder


def _run_day(settings, today):
    """The last working day up to *today* and the scheduler's moment on it."""
    day = today
    while not settings.calendar.is_working_day(day):
        day -= datetime.timedelta(days=1)
    moment = datetime.datetime.combine(day, RUN_AT, settings.schedule.now().tzinfo)
    return day, moment


def run_operator_demo(folder, today=None):
    """Create the demo folder and run every job in it; returns Russian lines."""
    today = today or datetime.date.today()
    folder = _fresh_folder(Path(folder).resolve())
    # A minute of work: a bar of its stages on a terminal (none when redirected).
    with progress.bar(len(DEMO_STAGES), 'Демо', 'этап', minimum=0, leave=False) as bar:
        return _operator_demo(folder, today, bar)


#: The stages of the operator demo, as its progress bar names them.
DEMO_STAGES = ('папка оператора', 'выписка', 'проверка реестра', 'должники', 'документы', 'общий отчёт')


def _operator_demo(folder, today, bar):
    from .. import settings as settings_mod, state
    from ..debtors.job import run_job as debtors_job
    from ..documents import run_job as documents_job
    from ..registers import bank
    from ..registers.reader import read_register
    from ..report import run_job as report_job
    from ..sales import run_job as sales_job
    from .check import check

    def stage(name):
        if name != DEMO_STAGES[0]:
            bar.update(1)
        bar.set_description('Демо: %s' % name)

    stage('папка оператора')
    lines = operator_folder.init(folder, demo=True, today=today)
    (folder / MARKER).write_text('b2bkit demo\n', encoding='utf-8')
    settings = settings_mod.load(folder)
    stage('выписка')
    reg = read_register(folder, settings)
    with closing(state.connect(folder)) as db:
        for path in sorted((folder / operator_folder.STATEMENTS_DIR).glob('*.txt')):
            result = bank.import_statement(db, path, settings.company, reg.clients.values())
            lines.append('Загружена выписка «%s»: поступлений %d, сопоставлено %d, не опознано %d'
                         % (path.name, len(result.added), result.matched, result.unmatched))
    stage('проверка реестра')
    problems, _, _ = check(folder)
    lines.append('Проверка реестра: %s' % ('ошибок нет' if not problems else 'замечаний: %d' % len(problems)))
    day, moment = _run_day(settings, today)
    lines.append('')
    lines.append('Задания за %s (как их запустил бы планировщик в %s):'
                 % (day.strftime('%d.%m.%Y'), RUN_AT.strftime('%H:%M')))
    stage('должники')
    lines.append('— должники: ' + debtors_job(folder, day, now=moment, out=lambda *_: None))
    stage('документы')
    lines.append('— документы: ' + documents_job(folder, day))
    stage('общий отчёт')
    lines.append('— общий отчёт: ' + report_job(folder, day))
    lines.append('— расчётные листки: ' + _payslips(folder, day))
    lines.append('— продажи: ' + sales_job(folder, day))
    bar.update(1)
    mail_dir = folder / settings.mail.folder
    letters = sorted(mail_dir.glob('*.eml')) if mail_dir.is_dir() else []
    lines += ['', 'Писем сохранено в %s: %d (почтовый транспорт «folder» — ничего не отправлено наружу).'
              % (mail_dir, len(letters)),
              'Отчёты и документы: %s' % operator_folder.output_dir(folder)]
    return lines


def _payslips(folder, day):
    """The demo payroll's month (fixed sample data), told in Russian even when it cannot run."""
    from ..errors import UserError
    from ..payslips import run_job as payslips_job
    from ..workbooks import payroll
    try:
        return payslips_job(folder, day, month='%04d-%02d' % (payroll.YEAR, payroll.MONTH_NUMBER))
    except UserError as exc:
        return 'не выполнено: %s' % exc


def run(args):
    print(sample_report())
    if args.model_only:
        return 0
    print()
    folder = Path(args.dir) if args.dir else Path.cwd() / DEFAULT_FOLDER
    for line in run_operator_demo(folder):
        print(line)
    return 0
