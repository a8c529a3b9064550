"""``b2bkit documents [--month ГГГГ-ММ] [--dry-run]``: the monthly closing documents now (SPEC 7.3, 8)."""

from .. import home
from ..errors import UserError
from .options import HELP, add_job_options, month


def register(sub, common):
    p = sub.add_parser('documents', parents=[common],
                       help=HELP['documents']['help'],
                       description=HELP['documents']['description'])
    add_job_options(p, '--month', HELP['documents']['--month'], HELP['documents']['--dry-run'])
    p.add_argument('--correct', metavar='КОД', help=HELP['documents']['--correct'])
    p.add_argument('--period', metavar='ГГГГ-ММ', type=month, help=HELP['documents']['--period'])
    p.set_defaults(func=run)


def run(args):
    from .. import settings as settings_mod
    from ..documents.job import run_job
    from ..scheduler import nth_working_day
    folder = home.operator_dir(args.dir)
    if args.correct:
        if not args.period:
            raise UserError('для исправления укажите месяц документа: --period ГГГГ-ММ')
        from ..documents.corrections import correct
        print(correct(folder, args.correct.strip(), '%04d-%02d' % args.period))
        return 0
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
