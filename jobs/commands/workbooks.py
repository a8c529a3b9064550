"""``b2bkit workbooks [--out DIR]``: build the ready workbooks (готовые книги).

The default folder is ``workbooks`` in the current directory — run from the
repository (``make workbooks`` does) it rewrites the committed files.
"""

from pathlib import Path

from ..errors import UserError
from .options import HELP


def register(sub, common):
    p = sub.add_parser('workbooks', parents=[common], help=HELP['workbooks']['help'])
    p.add_argument('--out', metavar='ПАПКА', default='workbooks', help=HELP['workbooks']['--out'])
    p.set_defaults(func=run)


def run(args):
    from ..workbooks import build_all

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UserError('«%s» — это файл, а нужна папка для книг (--out)' % out)
    paths = build_all(out)      # a book that cannot be saved is a UserError naming it (jobs.xlsx_writer)
    print('Собраны готовые книги (%d) в папке %s:' % (len(paths), out.resolve()))
    for p in paths:
        print('  %s' % p.name)
    _print_provisional()
    return 0


def _print_provisional():
    """The payroll book's year is a setting: say which figures of this and next year
    are carried over, before someone types that year in."""
    import datetime

    from addin.model.yearly import provisional_warning
    this = datetime.date.today().year
    for year in (this, this + 1):
        if provisional_warning(year):
            print('Зарплата за %d год: %s' % (year, provisional_warning(year)))
