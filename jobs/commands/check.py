"""``b2bkit check``: validate settings and all registers (SPEC 6, 8).

Prints the Russian problem list, writes it to «Выгрузка/Проверка реестра.xlsx»
for the accountant and exits 1 when anything is wrong, 0 when clean.
Unmatched bank payments are listed as a warning; they do not fail the check.
"""

import sys

from .. import operator_folder, settings as settings_mod
from ..errors import UserError
from ..home import operator_dir
from ..registers.reader import read_register
from ..registers.problems_workbook import write_problems
from ..registers.validate import Problem, company_problems
from ..textfmt import money

#: More problems than this are only in the xlsx, not on the screen.
PRINT_LIMIT = 200


def register(sub, common):
    p = sub.add_parser('check', parents=[common], help='проверить настройки и реестр, список ошибок',
                       description='Проверяет settings.toml, реестр клиентов, начисления, оплаты и '
                                   'загруженные выписки. Код выхода 0 — ошибок нет, 1 — есть ошибки.')
    p.set_defaults(func=run)


def check(folder):
    """(problems, register or None, settings or None) of the operator folder *folder*."""
    problems = []
    settings = None
    if not folder.is_dir():
        raise UserError('нет папки оператора %s; создайте её командой «b2bkit init ПАПКА»' % folder)
    try:
        settings = settings_mod.load(folder)
        problems += company_problems(settings)
    except UserError as exc:
        problems.append(Problem(settings_mod.SETTINGS_FILE, None, None, None, None, str(exc)))
    reg = None
    try:
        reg = read_register(folder, settings)
        problems += reg.problems
    except UserError as exc:
        problems.append(Problem(operator_folder.REGISTER_FILE, None, None, None, None,
                                'файл не прочитан, работа остановлена бы до отправки: %s' % exc))
    return problems, reg, settings


def run(args):
    folder = operator_dir(args.dir)
    problems, reg, settings = check(folder)
    unmatched = reg.unmatched_bank if reg else []
    if reg:
        print('Прочитано: клиентов %d, начислений %d, оплат %d (файлов: %d).'
              % (len(reg.clients), len(reg.charges), len(reg.payments), len(reg.files)))
    for p in problems[:PRINT_LIMIT]:
        print('  ' + str(p))
    if len(problems) > PRINT_LIMIT:
        print('  … и ещё %d — все ошибки в файле отчёта.' % (len(problems) - PRINT_LIMIT))
    if unmatched:
        print('Внимание: %d оплат из выписок не сопоставлены клиентам (на сумму %s) — см. лист '
              '«Неопознанные оплаты» в отчёте.' % (len(unmatched), money(sum(
                  __import__('decimal').Decimal(u['amount']) for u in unmatched))))
    report = operator_folder.output_dir(folder) / operator_folder.CHECK_REPORT
    try:
        write_problems(report, problems, unmatched)
        print('Отчёт: %s' % report)
    except UserError as exc:
        print('Отчёт не записан: %s' % exc, file=sys.stderr)
    if problems:
        print('Ошибок: %d. Строки с ошибками не будут учтены, пока их не исправят.' % len(problems))
        return 1
    print('Ошибок нет.')
    return 0
