"""``b2bkit documents [--month ГГГГ-ММ] [--dry-run]``: the monthly closing documents now (SPEC 7.3, 8)."""

from .. import home
from ..errors import UserError
from .options import add_job_options


def register(sub, common):
    p = sub.add_parser('documents', parents=[common], help='закрывающие документы: акты, счета, акты сверки',
                       description='Выпускает закрывающие документы за месяц: акты оказанных услуг за прошлый '
                                   'месяц, счета на оплату (предоплата — на текущий месяц, постоплата — за '
                                   'прошлый), после окончания квартала — акты сверки; нумерует их, сохраняет '
                                   'PDF в «Выгрузка/Документы/ГГГГ-ММ», отправляет каждому клиенту одно письмо '
                                   'со всеми документами и пишет реестр «Документооборот». Повторный запуск '
                                   'ничего не выпускает и не отправляет заново.')
    add_job_options(p, '--month', 'месяц запуска (по умолчанию — текущий); документы датируются рабочим днём '
                                  'месяца из настроек ([schedule] documents_workday)',
                    'показать, какие документы были бы выпущены и кому отправлены; ничего не записывать')
    p.set_defaults(func=run)


def run(args):
    from .. import settings as settings_mod
    from ..documents.job import run_job
    from ..scheduler import nth_working_day
    folder = home.operator_dir(args.dir)
    when = None
    if args.month:
        year, month = args.month
        s = settings_mod.load(folder)
        when = nth_working_day(s.calendar, year, month, s.schedule.documents_workday)
        if when is None:
            raise UserError('в месяце %04d-%02d нет ни одного рабочего дня по производственному календарю и настройкам [calendar]' % args.month)
        # a month not yet reached its documents day: date the documents today, never in the future
        now = s.schedule.today()
        if when > now and (year, month) == (now.year, now.month):
            when = now
    summary = run_job(folder, when, dry_run=args.dry_run)
    if not args.dry_run:
        print(summary)
    return 0
