"""``b2bkit posted КОД СТАДИЯ ТРЕК [--date ГГГГ-ММ-ДД]``: record that a warning or a claim went by
registered post (or ЭДО) — the proof a court asks for (ч. 5 ст. 4 АПК РФ; п. 3 ст. 44 ФЗ «О связи»)."""

import datetime
from contextlib import closing

from .. import home, settings, state
from ..debtors import stages as stages_mod
from ..errors import UserError
from ..textfmt import date_ru
from .options import HELP


def register(sub, common):
    p = sub.add_parser('posted', parents=[common], help=HELP['posted']['help'],
                       description=HELP['posted']['description'])
    p.add_argument('client', metavar='КОД', help=HELP['posted']['client'])
    p.add_argument('stage', metavar='ПИСЬМО', help=HELP['posted']['stage'])
    p.add_argument('track', metavar='ТРЕК', help=HELP['posted']['track'])
    p.add_argument('--date', metavar='ГГГГ-ММ-ДД', help=HELP['posted']['--date'])
    p.set_defaults(func=run)


def run(args):
    folder = home.operator_dir(args.dir)
    by_post = {s.name: s for s in stages_mod.ALL if s.by_post}
    by_post.update({s.code: s for s in by_post.values()})
    stage = by_post.get(args.stage.strip().lower())
    if stage is None:
        raise UserError('письмо «%s»: заказным отправляются %s' % (
            args.stage, ' и '.join(s.name for s in stages_mod.ALL if s.by_post)))
    track = ' '.join(args.track.split())
    if not track:
        raise UserError('не указан трек-номер или номер документа ЭДО')
    try:
        day = datetime.date.fromisoformat(args.date) if args.date else settings.load(folder).schedule.today()
    except ValueError:
        raise UserError('дата отправки «%s»: ожидается дата ГГГГ-ММ-ДД' % args.date)
    with closing(state.connect(folder)) as db:
        with state.transaction(db):
            row = state.notices.latest_sent(db, args.client, stage.code)
            if row is None:
                raise UserError('клиенту %s %s не отправлялась — записывать нечего' % (args.client, stage.name))
            if day < datetime.date.fromisoformat(row['as_of']):
                raise UserError('дата отправки %s раньше даты письма %s' % (
                    date_ru(day), date_ru(datetime.date.fromisoformat(row['as_of']))))
            state.notices.record_post(db, row['id'], track, day.isoformat())
    was = ' (вместо %s)' % row['post_track'] if row['post_track'] and row['post_track'] != track else ''
    print('Записано: %s клиенту %s от %s — отправка %s, трек %s%s.' % (
        stage.name.capitalize(), args.client, date_ru(datetime.date.fromisoformat(row['as_of'])), date_ru(day),
        track, was))
    return 0
