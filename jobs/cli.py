"""The ``b2bkit`` command line.

Each command lives in its own module under :mod:`jobs.commands` with a
``register(subparsers, common)`` function that adds its parser and sets
``func``; this module only assembles them and turns a :class:`UserError` into a
Russian message and exit code 2.
"""

import argparse
import importlib
import sys

from .errors import UserError

#: Command modules, in the order ``b2bkit --help`` lists them.
COMMAND_MODULES = (
    'jobs.commands.demo',
)


def build_parser():
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument('--dir', metavar='ПАПКА',
                        help='папка оператора (иначе $B2BKIT_HOME, иначе текущая папка)')
    parser = argparse.ArgumentParser(
        prog='b2bkit',
        description='isp-b2b-kit: продажи юрлицам и работа с должниками для регионального оператора связи.')
    sub = parser.add_subparsers(dest='command', metavar='КОМАНДА', title='команды')
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, 'func', None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except UserError as exc:
        print('Ошибка: %s' % exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print('Прервано.', file=sys.stderr)
        return 130


if __name__ == '__main__':
    sys.exit(main())
