"""The ``b2bkit`` command line.

Each command lives in its own module under :mod:`jobs.commands` with a
``register(subparsers, common)`` function that adds its parser and sets
``func``; this module only assembles them and turns a :class:`UserError` into a
Russian message and exit code 2.
"""

import argparse
import importlib
import sys

from . import data_files
from .commands.options import HELP
from .errors import UserError, environment_problem

#: The modules of :mod:`jobs.commands`, in the order ``b2bkit --help`` lists them.
COMMAND_MODULES = ('init', 'check', 'import_bank', 'debtors', 'posted', 'documents', 'paper', 'report', 'payslips',
                   'sales', 'territory', 'outbox', 'run', 'workbooks', 'excel', 'libreoffice', 'demo')


#: argparse's own messages in Russian (the CLI is user-facing; argparse reads its
#: texts through gettext at call time, so mapping them is enough): ``jobs/data/messages_ru.toml``.
_ARGPARSE_RU = data_files.load('messages_ru')['argparse']


def _russian_argparse():
    original = argparse._
    if getattr(original, 'b2bkit_russian', False):
        return

    def translate(text):
        return _ARGPARSE_RU.get(text) or original(text)

    translate.b2bkit_russian = True
    argparse._ = translate


def build_parser(command=None):
    """The parser of every command, or of *command* alone when it is one: a run imports only its own
    command's modules (pandas, xlsxwriter, jinja2… load only where used)."""
    module = str(command).replace('-', '_')
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument('--dir', metavar='ПАПКА', help=HELP['common']['--dir'])
    parser = argparse.ArgumentParser(prog='b2bkit', description=HELP['b2bkit']['description'])
    sub = parser.add_subparsers(dest='command', metavar='КОМАНДА', title='команды')
    for name in [module] if module in COMMAND_MODULES else COMMAND_MODULES:
        importlib.import_module('jobs.commands.' + name).register(sub, common)
    return parser


def _sweep(args):
    """Remove what a killed earlier run left half-written in the operator folder; start reading its register."""
    from . import files, home, settings
    if getattr(args, 'command', None) in ('init', 'demo', None):
        return
    folder = home.operator_dir(getattr(args, 'dir', None))
    if (folder / settings.SETTINGS_FILE).exists():
        files.remove_leftovers(folder)
        if args.command in ('check', 'import_bank', 'debtors', 'documents', 'paper', 'report', 'sales'):
            from .registers import csv_files    # the whole register is read: parse a small CSV one meanwhile
            csv_files.prefetch(folder)


def main(argv=None):
    _russian_argparse()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(next((a for a in argv if not a.startswith('-')), None))
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:      # --help, or a usage error already printed in Russian
        return exc.code
    if not getattr(args, 'func', None):
        parser.print_help()
        return 2
    try:
        _sweep(args)
        return args.func(args) or 0
    except UserError as exc:
        print('Ошибка: %s' % exc, file=sys.stderr)
        return 2
    except Exception as exc:
        problem = environment_problem(exc)
        if problem is None:
            raise
        print('Ошибка: %s' % problem, file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print('Прервано.', file=sys.stderr)
        return 130


if __name__ == '__main__':
    sys.exit(main())
