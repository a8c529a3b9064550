"""``b2bkit debtors [--date ГГГГ-ММ-ДД] [--dry-run]``: the debtors job now (SPEC 7.2, 8)."""

from .. import home
from .options import add_job_options


def register(sub, common):
    p = sub.add_parser('debtors', parents=[common], help='должники: уведомления по лестнице, SMS, отчёт',
                       description='Считает просроченную задолженность всех клиентов, отправляет уведомления '
                                   'по лестнице (напоминание, предупреждение, претензия, передача в суд), пишет '
                                   'файл SMS и «Отчет по должникам» и отправляет его бухгалтеру. Уведомления '
                                   'уходят только в рабочий день в окне отправки из настроек.')
    add_job_options(p, '--date', 'дата расчёта (по умолчанию — сегодня в часовом поясе оператора)',
                    'показать, что и кому было бы отправлено и почему; ничего не отправлять и не записывать')
    p.set_defaults(func=run)


def run(args):
    from ..debtors.job import run_job
    folder = home.operator_dir(args.dir)
    summary = run_job(folder, args.date, dry_run=args.dry_run)
    if not args.dry_run:
        print(summary)
    return 0
