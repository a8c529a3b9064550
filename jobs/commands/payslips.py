"""``b2bkit payslips [--month ГГГГ-ММ] [--dry-run]``: the month's payslips to every employee (issue 19)."""

from .. import home, settings as settings_mod
from .options import HELP, add_job_options


def register(sub, common):
    p = sub.add_parser('payslips', parents=[common], help=HELP['payslips']['help'],
                       description=HELP['payslips']['description'])
    add_job_options(p, '--month', HELP['payslips']['--month'], HELP['payslips']['--dry-run'])
    p.set_defaults(func=run)


def run(args):
    from ..payslips.job import run_job
    folder = home.operator_dir(args.dir)
    month = '%04d-%02d' % args.month if args.month else None
    today = settings_mod.load(folder).schedule.today()
    print(run_job(folder, today, dry_run=args.dry_run, month=month, missing_ok=False))
    return 0
