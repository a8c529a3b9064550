"""``b2bkit debtors [--date ГГГГ-ММ-ДД] [--dry-run]``: the debtors job now (SPEC 7.2, 8)."""

import datetime

from .. import home
from ..errors import UserError


def _date(text):
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise UserError('--date: ожидается дата ГГГГ-ММ-ДД, например 2026-11-24 (указано: %r)' % text)


def register(sub, common):
    p = sub.add_parser('debtors', parents=[common], help='должники: уведомления по лестнице, SMS, отчёт',
                       description='Считает просроченную задолженность всех клиентов, отправляет уведомления '
                                   'по лестнице (напоминание, предупреждение, претензия, передача в суд), пишет '
                                   'файл SMS и «Отчет по должникам» и отправляет его бухгалтеру. Уведомления '
                                   'уходят только в рабочий день в окне отправки из настроек.')
    p.add_argument('--date', metavar='ГГГГ-ММ-ДД',
                   help='дата расчёта (по умолчанию — сегодня в часовом поясе оператора)')
    p.add_argument('--dry-run', action='store_true',
                   help='показать, что и кому было бы отправлено и почему; ничего не отправлять и не записывать')
    p.set_defaults(func=run)


def run(args):
    from ..debtors.job import run_job
    folder = home.operator_dir(args.dir)
    when = _date(args.date) if args.date else None
    summary = run_job(folder, when, dry_run=args.dry_run)
    if not args.dry_run:
        print(summary)
    return 0
