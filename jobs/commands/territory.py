"""``b2bkit territory [split|accept]``: prospects per building and manager, the split of the territory."""

from .. import home
from .sales import SUB_COMMON


def register(sub, common):
    p = sub.add_parser('territory', parents=[common], help='территория: перспективные организации, распределение '
                                                           'домов между менеджерами',
                       description='Без подкоманды — перспективные организации (в покрытии, ещё не клиенты) по '
                                   'домам и менеджерам: список организаций из справочника сопоставляется с реестром '
                                   'юрлиц по ИНН, иначе по наименованию и адресу; без списка — оценка 20 000 : 1 000. '
                                   'Книга «Выгрузка/Продажи/Территория — перспективные.xlsx».')
    p.set_defaults(func=run)
    actions = p.add_subparsers(dest='action', metavar='ДЕЙСТВИЕ', title='действия')
    s = actions.add_parser('split', parents=[SUB_COMMON], help='предложить менеджеров для нераспределённых домов',
                           description='Распределяет нераспределённые дома (покрытие «есть» или «строится») между '
                                       'менеджерами поровну по перспективным организациям, район — целиком одному '
                                       'менеджеру, где это возможно; допуск — 15 % от среднего или один дом. '
                                       'Пишет «Выгрузка/Продажи/Распределение территории.xlsx».')
    s.add_argument('--dry-run', action='store_true', help='только показать итоги, книгу не писать')
    s.set_defaults(func=run_split)
    a = actions.add_parser('accept', parents=[SUB_COMMON], help='записать предложение в реестр территории')
    a.add_argument('file', nargs='?', metavar='ФАЙЛ', help='книга предложения (по умолчанию из «Выгрузка/Продажи»)')
    a.set_defaults(func=run_accept)


def _print(lines):
    for line in lines:
        print(line)
    return 0


def run(args):
    from ..sales.territory import prospects_command
    return _print(prospects_command(home.operator_dir(args.dir)))


def run_split(args):
    from ..sales.territory import split_command
    return _print(split_command(home.operator_dir(args.dir), dry_run=args.dry_run))


def run_accept(args):
    from ..sales.territory import accept_command
    return _print(accept_command(home.operator_dir(args.dir), args.file))
