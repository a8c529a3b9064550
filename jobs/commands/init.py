"""``b2bkit init ПАПКА [--demo]``: create an operator folder (SPEC 6)."""

import argparse

from .. import operator_folder
from ..home import operator_dir


def register(sub, common):
    p = sub.add_parser('init', parents=[common], help='создать папку оператора (настройки, реестр, папки)',
                       description='Создаёт папку оператора: settings.toml, пустой «Реестр юрлиц.xlsx», '
                                   'папки для выписок и выгрузки, базу состояния. С --demo — с примером '
                                   'данных (около 200 клиентов-юрлиц).')
    p.add_argument('folder', nargs='?', metavar='ПАПКА', help='новая папка (иначе --dir, $B2BKIT_HOME или текущая)')
    p.add_argument('--demo', action='store_true', help='заполнить примером данных')
    p.add_argument('--seed', type=int, default=1, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args):
    target = operator_dir(args.folder or args.dir)
    for line in operator_folder.init(target, demo=args.demo, seed=args.seed):
        print(line)
    print('Дальше: проверьте реестр — b2bkit check --dir "%s"' % target)
    return 0
