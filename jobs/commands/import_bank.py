"""``b2bkit import-bank [ФАЙЛ…]``: load 1CClientBankExchange statements (SPEC 6).

Without files, every ``*.txt`` in «Выписки» is loaded (files already loaded are
recognised by their hash and add nothing).
"""

from contextlib import closing
from decimal import Decimal

from .. import operator_folder, settings as settings_mod, state
from ..errors import UserError
from ..home import operator_dir
from ..registers import bank
from ..registers.reader import read_register
from ..textfmt import date_ru, money
from .options import HELP


def register(sub, common):
    p = sub.add_parser('import-bank', parents=[common], help=HELP['import-bank']['help'],
                       description='Загружает поступления из выписки 1CClientBankExchange и сопоставляет их '
                                   'клиентам по ИНН и номеру договора в назначении платежа. Без ФАЙЛА — все '
                                   'выписки из папки «%s».' % operator_folder.STATEMENTS_DIR)
    p.add_argument('files', nargs='*', metavar='ФАЙЛ', help=HELP['import-bank']['files'])
    p.add_argument('--foreign', action='store_true', help=HELP['import-bank']['--foreign'])
    p.set_defaults(func=run)


def run(args):
    folder = operator_dir(args.dir)
    settings = settings_mod.load(folder)
    files = [operator_dir(f) for f in args.files]
    if not files:
        files = sorted(p for p in (folder / operator_folder.STATEMENTS_DIR).glob('*')
                       if p.is_file() and p.suffix.lower() in ('.txt', '.1c'))
        if not files:
            raise UserError('в папке %s нет выписок (*.txt)' % (folder / operator_folder.STATEMENTS_DIR))
    reg = read_register(folder, settings)
    with closing(state.connect(folder)) as db:
        for path in files:
            result = bank.import_statement(db, path, settings.company, reg.clients.values(),
                                           invoices=state.documents.issued_invoices(db), foreign=args.foreign)
            if result.duplicate_file:
                print('%s: эта выписка уже загружена, ничего не добавлено.' % path.name)
                continue
            print('%s: новых поступлений %d (сопоставлено %d, не опознано %d); уже были загружены %d; '
                  'исходящих и чужих платежей пропущено %d.' % (
                      path.name, len(result.added), result.matched, result.unmatched, result.already,
                      result.outgoing))
            for a in result.added:
                if a['client_code']:
                    continue
                held = bank.held_reason(a['matched_by'])
                print('  %s: п/п № %s от %s, %s, ИНН %s %s — «%s»%s' % (
                    'ПОД СОМНЕНИЕМ' if held else 'НЕ ОПОЗНАНА', a['number'], date_ru(a['date']),
                    money(a['amount']), a['payer_inn'] or '—', a['payer_name'], a['purpose'],
                    ' — %s%s; в долгах не учтена, пока вы её не подтвердите' % (
                        held[1], ' (похоже, клиент %s)' % held[0] if held[0] else '') if held else ''))
        left = state.bank.unmatched(db)
    if left:
        total = sum(Decimal(r['amount']) for r in left)
        print('Всего неразнесённых оплат: %d на %s. Внесите их в лист «Оплаты» с кодом клиента '
              '(тот же № п/п и сумма — оплата учтётся один раз). Пока оплата не разнесена, клиентам, которым '
              'она может принадлежать, уведомления о долге не отправляются.' % (len(left), money(total)))
    return 0
