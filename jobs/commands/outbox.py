"""``b2bkit outbox``: what waits in the outbox; ``b2bkit outbox retry``: send it now."""

import datetime
import json
from contextlib import closing
from zoneinfo import ZoneInfo

from .. import home, logs, settings as settings_mod, state
from ..errors import UserError
from .options import HELP


def register(sub, common):
    import argparse
    p = sub.add_parser('outbox', parents=[common], help=HELP['outbox']['help'],
                       description=HELP['outbox']['description'], epilog=HELP['outbox']['epilog'],
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('action', nargs='?', choices=('list', 'retry', 'test'), default='list', metavar='ДЕЙСТВИЕ',
                   help=HELP['outbox']['action'])
    p.add_argument('--failed', action='store_true', help=HELP['outbox']['--failed'])
    p.add_argument('--all', action='store_true', help=HELP['outbox']['--all'])
    p.add_argument('--limit', type=int, default=50, metavar='N', help=HELP['outbox']['--limit'])
    p.add_argument('--to', metavar='АДРЕС', help=HELP['outbox']['--to'])
    p.set_defaults(func=run)


def _local(value, tz):
    if not value:
        return ''
    return datetime.datetime.fromisoformat(value).astimezone(tz).strftime('%d.%m.%Y %H:%M')


def _cut(text, width):
    text = ' '.join(str(text or '').split())
    return text if len(text) <= width else text[:width - 1] + '…'


def show(db, settings, include_sent=False, limit=50, out=print):
    from ..mail import outbox
    tz = ZoneInfo(settings.schedule.timezone)
    counts = outbox.counts(db)
    if not counts:
        out('Исходящих писем нет.')
        return
    out('Всего: ' + ', '.join('%s — %d' % (outbox.STATUS_RU.get(k, k), v) for k, v in sorted(counts.items())))
    waiting, oldest = outbox.waiting(db)
    if oldest is not None:
        waited = datetime.datetime.now(datetime.timezone.utc) - oldest
        if waited >= outbox.LONG_WAIT:
            out('Внимание: писем ждут отправки %d, самое давнее — %s (с %s). Если почтовый сервер недоступен, '
                'письма уйдут сами, когда он заработает; проверить сейчас: b2bkit outbox retry.'
                % (waiting, outbox.wait_text(waited), _local(oldest.isoformat(), tz)))
    rows = outbox.pending(db, include_sent, limit)
    if not rows:
        out('Ожидающих и недоставленных писем нет.')
        return
    out('%-5s %-13s %-7s %-16s %-28s %-40s %s' % ('№', 'Статус', 'Попыток', 'Следующая попытка',
                                                 'Кому', 'Тема', 'Ошибка / примечание'))
    for r in rows:
        note = r['last_error'] or ''
        if r['possibly_duplicate']:
            note = 'возможный дубль (повтор после сбоя). ' + note
        out('%-5d %-13s %-7d %-16s %-28s %-40s %s' % (
            r['id'], outbox.STATUS_RU.get(r['status'], r['status']), r['attempts'],
            _local(r['next_try_at'], tz) if r['status'] == 'retry' else '',
            _cut(', '.join(json.loads(r['recipients'])), 28), _cut(r['subject'], 40), _cut(note, 200)))


def run(args):
    from .. import mail
    from ..mail import outbox
    operator_dir = home.operator_dir(args.dir)
    settings = settings_mod.load(operator_dir)
    logs.setup(operator_dir)
    with closing(state.connect(operator_dir)) as db:
        if args.action == 'list':
            show(db, settings, args.all, args.limit)
            return 0
        if args.action == 'test':
            if not args.to:
                raise UserError('укажите адрес для проверочного письма: b2bkit outbox test --to name@example.ru')
            now = datetime.datetime.now(datetime.timezone.utc)
            r = mail.render('check', {'company': settings.company, 'sent_at': now.astimezone(
                ZoneInfo(settings.schedule.timezone))}, operator_dir)
            test_key = now.strftime('%Y%m%dT%H%M%S.%f')
            mail.enqueue(db, settings, job='check', key=test_key, recipients=[args.to],
                         subject=r.subject, text=r.text, html=r.html)
        if args.failed:
            n = outbox.requeue_failed(db)
            print('Возвращено в очередь недоставленных писем: %d' % n)
        config = mail.load_config(operator_dir, settings)
        print('Отправка %s…' % config.describe())
        try:
            result = mail.deliver(operator_dir, settings, db, force=True)
        finally:
            if args.action == 'test' and outbox.discard_unsent(db, 'check', test_key):
                # a test message is worth nothing later: never leave it to go out hours afterwards
                print('Проверочное письмо не отправлено и удалено из очереди.')
        print(result.summary()[0].upper() + result.summary()[1:] + '.')
        for message_id, recipients, subject, reason in result.failed:
            print('  Не доставлено: %s, «%s»: %s' % (', '.join(recipients), subject, reason))
        return 1 if (result.failed or result.retry or result.busy) else 0
