"""``b2bkit report [--month ГГГГ-ММ] [--dry-run]``: «Общий отчет — юридические лица» now (SPEC 7.4, 8)."""

import datetime

from .. import home


def register(sub, common):
    p = sub.add_parser('report', parents=[common], help='общий отчёт по юрлицам владельцу (xlsx и письмо)',
                       description='Считает показатели за 12 месяцев (клиенты, подключения, отток, MRR, ARPU, '
                                   'начислено, оплачено, собираемость, просроченная задолженность) по компании, '
                                   'менеджерам, сегментам и услугам, пишет книгу «Общий отчет — юридические лица» '
                                   'в папку «Выгрузка/Общий отчет» и отправляет её владельцу (настройка [mail] owner). '
                                   'Повторный запуск за тот же месяц письмо второй раз не отправляет.')
    p.add_argument('--month', metavar='ГГГГ-ММ',
                   help='месяц отчёта (по умолчанию — прошлый месяц)')
    p.add_argument('--dry-run', action='store_true',
                   help='посчитать и записать книгу, показать, кому ушло бы письмо; ничего не отправлять')
    p.set_defaults(func=run)


def _today(folder):
    """Today in the operator's time zone (Russia spans 11 of them)."""
    from zoneinfo import ZoneInfo
    from .. import settings as settings_mod
    tz = settings_mod.load(folder).schedule.timezone
    return datetime.datetime.now(ZoneInfo(tz)).date()


def run(args):
    from ..report.job import run_job
    folder = home.operator_dir(args.dir)
    print(run_job(folder, _today(folder), dry_run=args.dry_run, month=args.month))
    return 0
