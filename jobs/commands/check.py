"""``b2bkit check``: validate settings and all registers (SPEC 6, 8).

Prints the Russian problem list, writes it to «Выгрузка/Проверка реестра.xlsx»
for the accountant, marks the bad cells in a copy of the register
(«Выгрузка/Реестр юрлиц — проверка.xlsx», :mod:`jobs.registers.annotated_copy`),
warns of misspelled column headers, and exits 1 when anything is wrong, 0 when
clean (warnings alone do not fail the check).
Unmatched bank payments are listed as a warning; they do not fail the check.
"""

import datetime
import sys

from .. import operator_folder, requisites, settings as settings_mod
from ..errors import UserError
from ..home import operator_dir
from ..registers.validate import Problem
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
        problems += requisites.problems(settings, smtp=requisites.sends_for_real(settings))
    except UserError as exc:
        problems.append(Problem(settings_mod.SETTINGS_FILE, None, None, None, None, str(exc)))
    reg = None
    # pandas is imported here, not with the module: meanwhile the CLI's prefetch parses the register
    from ..registers.reader import read_register
    try:
        reg = read_register(folder, settings, purposes=False)
        problems += reg.problems
    except UserError as exc:
        problems.append(Problem(operator_folder.REGISTER_FILE, None, None, None, None,
                                'файл не прочитан, работа остановлена бы до отправки: %s' % exc))
    return problems, reg, settings


def provisional_lines(today):
    """Russian warnings about facts carried over from an earlier period, for *today*
    and — in December, when January's payroll is prepared — for 1 January next."""
    from addin.model.lookup import provisional_names
    days = [today] + ([datetime.date(today.year + 1, 1, 1)] if today.month == 12 else [])
    lines = []
    for day in days:
        names = provisional_names(day)
        if names:
            lines.append('Внимание: на %s предварительные показатели (официальные ещё не опубликованы, '
                         'взяты последние известные): %s. См. docs/yearly-facts.md.'
                         % (day.strftime('%d.%m.%Y'), names))
    return lines


def run(args):
    from ..registers import annotated_copy
    from ..registers.problems_workbook import write_problems
    folder = operator_dir(args.dir)
    problems, reg, settings = check(folder)
    unmatched = reg.unmatched_bank if reg else []
    if reg:
        print('Прочитано: клиентов %d, начислений %d, оплат %d (файлов: %d).'
              % (len(reg.clients), len(reg.charge_frame), len(reg.payment_frame), len(reg.files)))
    for p in problems[:PRINT_LIMIT]:
        print('  ' + str(p))
    if len(problems) > PRINT_LIMIT:
        print('  … и ещё %d — все ошибки в файле отчёта.' % (len(problems) - PRINT_LIMIT))
    if unmatched:
        print('Внимание: %d оплат из выписок не сопоставлены клиентам (на сумму %s) — см. лист '
              '«Неопознанные оплаты» в отчёте.' % (len(unmatched), money(sum(
                  __import__('decimal').Decimal(u['amount']) for u in unmatched))))
    if not (folder / settings_mod.SETTINGS_FILE).exists():
        # not an operator folder (a mistyped --dir, the wrong current folder): leave nothing behind
        print('Это не папка оператора (нет %s) — отчёт не записан.' % settings_mod.SETTINGS_FILE)
        return 1
    report = operator_folder.output_dir(folder) / operator_folder.CHECK_REPORT
    try:
        # the operator's clock (settings timezone), as every other date the kit writes
        write_problems(report, problems, unmatched, checked=settings.schedule.now() if settings else None)
        print('Отчёт: %s' % report)
    except UserError as exc:
        print('Отчёт не записан: %s' % exc, file=sys.stderr)
    # The same problems marked in a copy of the register itself (and misspelled headers warned).
    sources = annotated_copy.register_sources(folder, reg)
    warnings = annotated_copy.header_warnings(sources)
    for w in warnings:
        print('Внимание: ' + str(w))
    for line in annotated_copy.write_copies(folder, sources, problems, warnings):
        print(line)
    for line in provisional_lines(settings.schedule.today() if settings else datetime.date.today()):
        print(line)
    if problems:
        print('Ошибок: %d. Строки с ошибками не будут учтены, пока их не исправят.' % len(problems))
        return 1
    print('Ошибок нет.')
    return 0
