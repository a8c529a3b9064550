"""``b2bkit sales``: the manager-performance report, the «оперативка», registers and the CRM import.

::

    b2bkit sales [--date ГГГГ-ММ-ДД] [--dry-run]      отчёт за неделю и месяц владельцу (xlsx и письмо)
    b2bkit sales daily [--date ГГГГ-ММ-ДД]            оперативка на утро (один лист)
    b2bkit sales templates                            пустые реестры в папке «Продажи»
    b2bkit sales import ФАЙЛ.csv [--crm amocrm] [--dry-run]   выгрузка сделок CRM → воронка
"""

import argparse

from .. import home, settings as settings_mod
from .options import HELP, add_job_options, iso_date

# Options repeated after an action («b2bkit sales daily --dir X») default to SUPPRESS, so that a
# value given before the action («b2bkit sales --dir X daily») is not reset by the action's default.
SUB_COMMON = argparse.ArgumentParser(add_help=False)
SUB_COMMON.add_argument('--dir', metavar='ПАПКА', default=argparse.SUPPRESS, help=HELP['common']['--dir'])


def register(sub, common):
    p = sub.add_parser('sales', parents=[common], help=HELP['sales']['help'], description=HELP['sales']['description'])
    add_job_options(p, '--date', HELP['sales']['--date'], HELP['sales']['--dry-run'])
    p.set_defaults(func=run)
    actions = p.add_subparsers(dest='action', metavar='ДЕЙСТВИЕ', title='действия')
    d = actions.add_parser('daily', parents=[SUB_COMMON], help=HELP['sales daily']['help'])
    d.add_argument('--date', metavar='ГГГГ-ММ-ДД', type=iso_date, default=argparse.SUPPRESS,
                   help=HELP['sales daily']['--date'])
    d.set_defaults(func=run_daily)
    t = actions.add_parser('templates', parents=[SUB_COMMON], help=HELP['sales templates']['help'])
    t.set_defaults(func=run_templates)
    i = actions.add_parser('import', parents=[SUB_COMMON], help=HELP['sales import']['help'])
    i.add_argument('file', metavar='ФАЙЛ', help=HELP['sales import']['file'])
    i.add_argument('--crm', choices=('bitrix24', 'amocrm'), help=HELP['sales import']['--crm'])
    i.add_argument('--dry-run', action='store_true', default=argparse.SUPPRESS, help=HELP['sales import']['--dry-run'])
    i.set_defaults(func=run_import)


def _today(folder, date):
    return date or settings_mod.load(folder).schedule.today()


def run(args):
    from ..sales.job import run_job
    folder = home.operator_dir(args.dir)
    print(run_job(folder, _today(folder, args.date), dry_run=args.dry_run, require=True))
    return 0


def run_daily(args):
    from ..sales.job import run_daily as daily
    folder = home.operator_dir(args.dir)
    print(daily(folder, _today(folder, args.date), require=True))
    return 0


def run_templates(args):
    from ..sales import registers, workbook
    folder = home.operator_dir(args.dir)
    target = registers.sales_dir(folder)
    for schema in registers.REGISTERS:
        if registers.find(folder, schema) is not None:
            print('  %s — уже есть, не тронут' % schema.name)
            continue
        path = workbook.write_register(target / (schema.name + '.xlsx'), schema)
        print('  %s/%s — %s' % (registers.SALES_DIR, path.name, schema.title))
    return 0


def run_import(args):
    from ..sales import config, crm
    folder = home.operator_dir(args.dir)
    cfg = config.from_settings(settings_mod.load(folder))
    lines = crm.import_export(folder, args.file, cfg, args.crm, dry_run=args.dry_run)
    for line in lines:
        print(line)
    return 0
