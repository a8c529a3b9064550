"""``b2bkit init ПАПКА [--demo]``: create an operator folder (SPEC 6)."""

import argparse

from .. import operator_folder
from ..home import operator_dir
from .options import HELP


def register(sub, common):
    p = sub.add_parser('init', parents=[common], help=HELP['init']['help'], description=HELP['init']['description'])
    p.add_argument('folder', nargs='?', metavar='ПАПКА', help=HELP['init']['folder'])
    p.add_argument('--demo', action='store_true', help=HELP['init']['--demo'])
    p.add_argument('--seed', type=int, default=1, help=argparse.SUPPRESS)
    p.set_defaults(func=run)


def run(args):
    target = operator_dir(args.folder or args.dir)
    for line in operator_folder.init(target, demo=args.demo, seed=args.seed):
        print(line)
    print('Дальше: проверьте реестр — b2bkit check --dir "%s"' % target)
    return 0
