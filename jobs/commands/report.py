"""``b2bkit report [--month ГГГГ-ММ] [--dry-run]``: «Общий отчет — юридические лица» now (SPEC 7.4, 8)."""

from .. import home, settings as settings_mod
from .options import add_job_options


def register(sub, common):
    p = sub.add_parser('report', parents=[common], help='общий отчёт по юрлицам владельцу (xlsx и письмо)',
                       description='Считает показатели за 12 месяцев (клиенты, подключения, отток, MRR, ARPU, '
                                   'начислено, оплачено, собираемость, просроченная задолженность) по компании, '
                                   'менеджерам, сегментам и услугам, пишет книгу «Общий отчет — юридические лица» '
                                   'в папку «Выгрузка/Общий отчет» и отправляет её владельцу (настройка [mail] owner). '
                                   'Повторный запуск за тот же месяц письмо второй раз не отправляет.')
    add_job_options(p, '--month', 'месяц отчёта (по умолчанию — прошлый месяц)',
                    'посчитать и записать книгу, показать, кому ушло бы письмо; ничего не отправлять')
    p.set_defaults(func=run)


def run(args):
    from ..report.job import run_job
    folder = home.operator_dir(args.dir)
    month = '%04d-%02d' % args.month if args.month else None
    today = settings_mod.load(folder).schedule.today()
    print(run_job(folder, today, dry_run=args.dry_run, month=month))
    return 0
