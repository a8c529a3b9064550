"""Argument types shared by the job commands (``--date``, ``--month``).

Bad values become argparse errors with a Russian text naming the option, e.g.
«аргумент --date: ожидается дата ГГГГ-ММ-ДД, например 2026-11-24 (указано: '16.03.2026')».

>>> iso_date('2026-11-24')
datetime.date(2026, 11, 24)
>>> month('2026-03')
(2026, 3)
"""

import argparse
import datetime
import re

from .. import data_files

#: The Russian help of every command and option, by command then option (``jobs/data/commands_ru.toml``).
HELP = data_files.load('commands_ru')


def iso_date(text):
    """``ГГГГ-ММ-ДД`` → :class:`datetime.date`."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError('ожидается дата ГГГГ-ММ-ДД, например 2026-11-24 (указано: %r)' % text)


def month(text):
    """``ГГГГ-ММ`` → ``(year, month)``."""
    m = re.fullmatch(r'(\d{4})-(\d{2})', (text or '').strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise argparse.ArgumentTypeError('ожидается месяц ГГГГ-ММ, например 2026-11 (указано: %r)' % text)
    return int(m.group(1)), int(m.group(2))


def add_job_options(parser, when_option, when_help, dry_run_help):
    """``--date`` or ``--month`` (as *when_option*) and ``--dry-run`` of a job command."""
    if when_option == '--date':
        parser.add_argument('--date', metavar='ГГГГ-ММ-ДД', type=iso_date, help=when_help)
    else:
        parser.add_argument('--month', metavar='ГГГГ-ММ', type=month, help=when_help)
    parser.add_argument('--dry-run', action='store_true', help=dry_run_help)
