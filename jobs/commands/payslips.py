"""``b2bkit payslips [--month ГГГГ-ММ] [--dry-run]``: the month's payslips to every employee (issue 19)."""

from .. import home, settings as settings_mod
from .options import add_job_options


def register(sub, common):
    p = sub.add_parser('payslips', parents=[common], help='расчётные листки сотрудникам (PDF с паролем по почте)',
                       description='Читает книгу «Зарплата отдела продаж.xlsx» из папки оператора, '
                                   'пересчитывает зарплату каждого сотрудника, делает расчётный листок '
                                   '(ст. 136 ТК) в PDF, защищённый паролем сотрудника из книги, кладёт его в '
                                   '«Выгрузка/Расчетные листки» и отправляет сотруднику на e-mail. Пароль в '
                                   'письмо не попадает. Повторный запуск за тот же месяц ничего не повторяет.')
    add_job_options(p, '--month', 'месяц расчёта (по умолчанию — прошлый месяц)',
                    'пересчитать и показать, кому ушли бы листки; ничего не записывать и не отправлять')
    p.set_defaults(func=run)


def run(args):
    from ..payslips.job import run_job
    folder = home.operator_dir(args.dir)
    month = '%04d-%02d' % args.month if args.month else None
    today = settings_mod.load(folder).schedule.today()
    print(run_job(folder, today, dry_run=args.dry_run, month=month, missing_ok=False))
    return 0
