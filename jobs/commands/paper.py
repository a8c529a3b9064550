"""``b2bkit paper ШАБЛОН --client КОД | --all | --segment | --manager | --where``: documents from templates (SPEC 7.4c)."""

import argparse

from .. import home
from ..errors import UserError
from .options import HELP, iso_date


def _amount(text):
    from ..registers import values
    try:
        value = values.money(text)
    except values.BadValue as exc:
        raise argparse.ArgumentTypeError('%s (указано: %r)' % (exc.expected, text))
    if value <= 0:
        raise argparse.ArgumentTypeError('сумма должна быть больше нуля (указано: %r)' % text)
    return value


def register(sub, common):
    p = sub.add_parser('paper', parents=[common], help=HELP['paper']['help'], description=HELP['paper']['description'])
    p.add_argument('template', nargs='?', metavar='ШАБЛОН', help=HELP['paper']['template'])
    p.add_argument('--list', action='store_true', help=HELP['paper']['--list'])
    who = p.add_argument_group('для кого')
    who.add_argument('--client', action='append', default=[], metavar='КОД', help=HELP['paper']['--client'])
    who.add_argument('--all', action='store_true', help=HELP['paper']['--all'])
    who.add_argument('--segment', metavar='СЕГМЕНТ', help=HELP['paper']['--segment'])
    who.add_argument('--manager', metavar='МЕНЕДЖЕР', help=HELP['paper']['--manager'])
    who.add_argument('--where', metavar='УСЛОВИЕ', help=HELP['paper']['--where'])
    kp = p.add_argument_group('КП по введённым данным (потенциальный клиент)')
    kp.add_argument('--prospect-name', metavar='НАИМЕНОВАНИЕ', help=HELP['paper']['--prospect-name'])
    kp.add_argument('--inn', metavar='ИНН', help=HELP['paper']['--inn'])
    kp.add_argument('--contact', metavar='КОНТАКТ', help=HELP['paper']['--contact'])
    kp.add_argument('--to', dest='to_email', metavar='E-MAIL', help=HELP['paper']['--to'])
    req = p.add_argument_group('что просит заявление / соглашение')
    req.add_argument('--from', dest='start', type=iso_date, metavar='ГГГГ-ММ-ДД', help=HELP['paper']['--from'])
    req.add_argument('--until', dest='end', type=iso_date, metavar='ГГГГ-ММ-ДД', help=HELP['paper']['--until'])
    req.add_argument('--amount', type=_amount, metavar='СУММА', help=HELP['paper']['--amount'])
    req.add_argument('--tariff', metavar='ТАРИФ', help=HELP['paper']['--tariff'])
    req.add_argument('--occasion', default='', metavar='ПОВОД', help=HELP['paper']['--occasion'])
    p.add_argument('--date', type=iso_date, metavar='ГГГГ-ММ-ДД', help=HELP['paper']['--date'])
    p.add_argument('--email', action='store_true', help=HELP['paper']['--email'])
    p.add_argument('--no-pdf', action='store_true', help=HELP['paper']['--no-pdf'])
    p.add_argument('--dry-run', action='store_true', help=HELP['paper']['--dry-run'])
    p.set_defaults(func=run)


def run(args):
    from ..paper import catalogue, job
    folder = home.operator_dir(args.dir)
    if args.list or not args.template:
        templates = catalogue.discover(folder)
        print('Шаблоны документов (свои — в «%s»):' % catalogue.OPERATOR_DIR.as_posix())
        order = list(catalogue.STARTER)
        for name, t in sorted(templates.items(), key=lambda i: (order.index(i[0]) if i[0] in order else len(order),
                                                                 i[0])):
            what = catalogue.STARTER.get(name, 'шаблон оператора')
            marks = (['нумеруется: серия «%s»' % catalogue.PREFIX[t.series]] if t.numbered else []) + \
                    (['свой'] if t.own else [])
            print('  %s — %s%s' % (name, what, ' (%s)' % ', '.join(marks) if marks else ''))
        return 0
    request = {'start': args.start, 'end': args.end, 'amount': args.amount, 'tariff': args.tariff}
    options = dict(when=args.date, occasion=args.occasion, request=request, email=args.email, pdf=not args.no_pdf,
                   out=print, dry_run=args.dry_run)
    if args.prospect_name or args.inn:
        if args.client or args.all or args.where:
            raise UserError('КП по введённым данным: укажите --prospect-name, --inn и --segment без --client/--all')
        prospect = {'name': args.prospect_name or '', 'inn': args.inn or '', 'segment': args.segment or '',
                    'contact': args.contact or '', 'manager': args.manager or '',
                    'emails': (args.to_email,) if args.to_email else ()}
        result = job.proposal_for_prospect(folder, prospect, template=args.template, **options)
    else:
        result = job.for_clients(folder, args.template, codes=args.client, everyone=args.all, segment=args.segment,
                                 manager=args.manager, where=args.where, **options)
    for problem in result.problems:
        print('  ! %s' % problem)
    print('Готово: %s' % result.summary())
    return 1 if result.problems else 0
