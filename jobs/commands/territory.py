"""``b2bkit territory [split|accept]``: prospects per building and manager, the split of the territory."""

from .. import home
from .sales import SUB_COMMON
from .options import HELP


def register(sub, common):
    p = sub.add_parser('territory', parents=[common], help=HELP['territory']['help'],
                       description=HELP['territory']['description'])
    p.set_defaults(func=run)
    actions = p.add_subparsers(dest='action', metavar='ДЕЙСТВИЕ', title='действия')
    s = actions.add_parser('split', parents=[SUB_COMMON], help=HELP['territory split']['help'],
                           description=HELP['territory split']['description'])
    s.add_argument('--dry-run', action='store_true', help=HELP['territory split']['--dry-run'])
    s.set_defaults(func=run_split)
    a = actions.add_parser('accept', parents=[SUB_COMMON], help=HELP['territory accept']['help'])
    a.add_argument('file', nargs='?', metavar='ФАЙЛ', help=HELP['territory accept']['file'])
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
