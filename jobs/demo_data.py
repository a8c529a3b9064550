"""Sample operator data (демо-данные): legal-entity clients, charges, payments and a bank statement.

``generate(clients=200, months=14, today=None, seed=1)`` is deterministic for a
given seed and *today*; everything is dated relative to *today*, so every job
has work whenever it runs. The same function makes the benchmark data
(``generate(20000, 24)``) and test fixtures.

What the sample holds (for 200 clients; counts scale with *clients*):

- three segments (малый / средний / крупный) and five managers; some ИП
  (12-digit ИНН, ОГРНИП, no КПП); two contracts of one company (same ИНН);
  a few clients with two e-mails; valid ИНН / ОГРН checksums;
- *months* months of charges ending last month, dated the last day of the
  month; new clients connected inside the window, some disconnected
  (a few of them still owing);
- payment behaviour along the debtor ladder: the oldest unpaid charge
  ~9, ~21, ~44, ~75, ~130 and ~250 days overdue (each client's own «срок
  оплаты» puts it there whatever day *today* is), a debt just under 100 ₽,
  partial payers, quarterly advance payers, late payers who caught up,
  a bill not yet due; a few debtors with «не напоминать до» in the future;
- :func:`statement_text`: a 1CClientBankExchange statement (cp1251, CRLF) of
  the last days with payments matched by ИНН + contract, by ИНН only, by the
  contract only (a third party paid), one payment that matches nobody and one
  outgoing payment.

Rows are tuples in the column order of :mod:`jobs.registers.schema`
(``CLIENTS``, ``CHARGES``, ``PAYMENTS``) holding cell values: ``str``,
:class:`datetime.date`, :class:`~decimal.Decimal`, ``int`` or ``None`` (empty).
:func:`write_register_xlsx` and :func:`write_csv` write them.
"""

import csv
import datetime
import random
from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from stdnum.ru import inn as _inn

from . import data_files, files, textfmt
from .folder_names import STATEMENTS_DIR
from .registers import schema

DemoData = namedtuple('DemoData', 'today clients charges payments statement managers')

_WORDS_OF = data_files.load('demo_words')['clients']     # jobs/data/demo_words.toml
MANAGERS = tuple(_WORDS_OF['managers'])
_FORMS = tuple(_WORDS_OF['forms'])
_WORDS = tuple(_WORDS_OF['words'])
_LATIN = tuple(_WORDS_OF['latin'])      # _WORDS in Latin letters, for the e-mail domains
_SURNAMES = tuple(_WORDS_OF['surnames'])
_STREETS = tuple(_WORDS_OF['streets'])
_SERVICES = (('Интернет', 70), ('ТВ', 10), ('Телефония', 10), ('Видеонаблюдение', 10))
_SEGMENTS = (('малый', 70, (1500, 6000)), ('средний', 22, (8000, 25000)), ('крупный', 8, (40000, 150000)))

#: Debtor profiles: (name, target days overdue or None, count per 200 clients).
PROFILES = (
    ('overdue', 9, 4), ('overdue', 21, 4), ('overdue', 44, 4), ('overdue', 75, 3),
    ('overdue', 130, 3), ('overdue', 250, 2), ('under_min', 40, 2), ('partial', 35, 4),
    ('advance', None, 6), ('caught_up', None, 6), ('not_due', None, 3),
)
_TERMS = (0, 3, 5, 7, 10, 14, 15, 20, 21, 25, 30, 35, 40, 45)
_KOPECK = Decimal('0.01')


def last_day(year, month):
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def month_list(today, months):
    """*months* months 'ГГГГ-ММ' ending with the month before *today*'s."""
    y, m = today.year, today.month
    out = []
    for _ in range(months):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        out.append((y, m))
    return out[::-1]


def make_inn(rng, person=False):
    region = '%02d' % rng.choice((1, 2, 16, 23, 50, 52, 54, 59, 61, 63, 66, 74, 77, 78))
    if person:
        body = region + '%08d' % rng.randrange(10 ** 8)
        return body + _inn.calc_personal_check_digits(body)
    body = region + '%07d' % rng.randrange(10 ** 7)
    return body + _inn.calc_company_check_digit(body)


def make_ogrn(rng, inn, person=False):
    year = '%02d' % rng.randrange(3, 24)
    if person:
        body = '3' + year + inn[:2] + '%09d' % rng.randrange(10 ** 9)
        return body + str(int(body) % 13 % 10)
    body = '1' + year + inn[:2] + '%07d' % rng.randrange(10 ** 7)
    return body + str(int(body) % 11 % 10)


def _weighted(rng, items):
    total = sum(i[1] for i in items)
    x = rng.uniform(0, total)
    for item in items:
        x -= item[1]
        if x <= 0:
            return item
    return items[-1]


def generate(clients=200, months=14, today=None, seed=1):
    """Sample data for *clients* clients and *months* months of charges ending last month."""
    today = today or datetime.date.today()
    rng = random.Random('%s|%s|%d|%d' % (seed, today.isoformat(), clients, months))
    yesterday = today - datetime.timedelta(days=1)
    window = month_list(today, months)
    window_start = datetime.date(*window[0], 1)
    scale = max(1, clients // 200)
    profiles = []
    for name, target, count in PROFILES:
        profiles += [(name, target)] * (count * scale)
    profiles += [('good', None)] * max(0, clients - len(profiles))
    profiles = profiles[:clients]
    rng.shuffle(profiles)

    client_rows, charge_rows, payment_rows = [], [], []
    used_inns = set()
    info = []   # per client: dict used by the statement
    doc_no = rng.randrange(100, 900)
    for i in range(clients):
        profile, target = profiles[i]
        code = '%05d' % (i + 1)
        seg, _, (lo, hi) = _weighted(rng, _SEGMENTS)
        person = seg == 'малый' and rng.random() < 0.15
        shared = i == 1 and info  # the second client is a second contract of the first company
        if shared:
            inn, ogrn, name = info[0]['inn'], info[0]['ogrn'], info[0]['name']
        else:
            inn = make_inn(rng, person)
            while inn in used_inns:
                inn = make_inn(rng, person)
            used_inns.add(inn)
            ogrn = make_ogrn(rng, inn, person)
            w = rng.randrange(len(_WORDS))
            name = ('ИП %s %s. %s.' % (rng.choice(_SURNAMES), rng.choice('АВДЕИКМНОС'), rng.choice('АВГДИМНП'))
                    if person else '%s «%s»' % (rng.choice(_FORMS), _WORDS[w]))
        kpp = '' if len(inn) == 12 else inn[:4] + '01001'
        domain = '%s%d.ru' % (_LATIN[rng.randrange(len(_LATIN))], i + 1)
        emails = 'buh@' + domain
        if rng.random() < 0.05:
            emails += '; director@' + domain
        fee = Decimal(rng.randrange(lo, hi) // 100 * 100)
        if rng.random() < 0.2:
            fee -= Decimal('10.00')   # «2 490,00 ₽» prices
        fee = fee.quantize(_KOPECK)
        if rng.random() < 0.15:
            connected = window_start + datetime.timedelta(days=rng.randrange(0, months * 30 - 20))
        else:
            connected = window_start - datetime.timedelta(days=rng.randrange(30, 2000))
        disconnected = None
        if profile == 'good' and rng.random() < 0.06:
            disconnected = connected + datetime.timedelta(days=rng.randrange(60, 400))
            if disconnected >= yesterday or disconnected < window_start:
                disconnected = None
        if profile == 'overdue' and target >= 130 and rng.random() < 0.5:
            disconnected = today - datetime.timedelta(days=target - 40)   # cut off, still owing
            if disconnected < connected + datetime.timedelta(days=60):
                disconnected = None
        service = _weighted(rng, _SERVICES)[0]
        # charges: the month's fee, prorated in the first and the last month
        charges = []
        for y, m in window:
            start, end = datetime.date(y, m, 1), last_day(y, m)
            if connected > end or (disconnected and disconnected < start):
                continue
            first = max(start, connected)
            last = min(end, disconnected) if disconnected else end
            amount = fee
            if first != start or last != end:
                amount = (fee * ((last - first).days + 1) / end.day).quantize(_KOPECK, ROUND_HALF_UP)
            charges.append(('%04d-%02d' % (y, m), amount, end))
        # payment term: the client's own term places its oldest unpaid charge at the target
        term = None
        first_unpaid = len(charges)
        if target is not None and charges:
            best = None
            for j, (_, _, day) in enumerate(charges):
                age = (today - day).days
                for t in _TERMS:
                    over = age - t
                    if over < 5:
                        continue
                    score = (abs(over - target), -j)
                    if best is None or score < best[0]:
                        best = (score, j, t)
            if best:
                _, first_unpaid, term = best
        elif profile == 'not_due':
            term = 30
        due_days = 10 if term is None else term
        pays = []

        def pay(day, amount, what):
            nonlocal doc_no
            doc_no += 1
            pays.append((day, amount, str(doc_no), 'Оплата по договору № %s за услуги связи %s. '
                                                  'В т.ч. НДС' % (contract, what)))

        contract = 'Д-%04d' % (i + 1)
        if profile == 'advance':
            for j in range(0, len(charges), 3):
                per, _, day = charges[j]
                start = datetime.date(int(per[:4]), int(per[5:]), 1)
                if start <= yesterday:
                    pay(start, sum((c[1] for c in charges[j:j + 3]), Decimal(0)) + (
                        fee * (3 - len(charges[j:j + 3]))), 'за 3 месяца с %s (аванс)' % per)
        else:
            for j, (per, amount, day) in enumerate(charges):
                if j >= first_unpaid:
                    if profile == 'partial' and j == first_unpaid:   # paid half, then stopped
                        part = (amount / 2).quantize(_KOPECK)
                        d = day + datetime.timedelta(days=rng.randrange(1, 10))
                        if d <= yesterday:
                            pay(d, part, 'за %s (частично)' % per)
                    elif profile == 'under_min' and j == first_unpaid:
                        d = day + datetime.timedelta(days=rng.randrange(0, due_days + 1))
                        if d <= yesterday and amount > 100:
                            pay(d, amount - Decimal('99.50'), 'за %s' % per)
                    elif profile == 'under_min':
                        d = day + datetime.timedelta(days=rng.randrange(0, due_days + 1))
                        if d <= yesterday:
                            pay(d, amount, 'за %s' % per)
                    continue
                late = rng.randrange(11, 30) if profile == 'caught_up' and j == len(charges) - 3 else 0
                d = day + datetime.timedelta(days=rng.randrange(0, due_days + 1) + late)
                if d <= yesterday:
                    pay(d, amount, 'за %s' % per)
        no_dunning = None
        if profile == 'overdue' and target in (21, 44) and i % 3 == 0:
            no_dunning = today + datetime.timedelta(days=rng.randrange(7, 21))
        phone = None
        if rng.random() < 0.8:
            phone = '+7 9%02d %03d-%02d-%02d' % (rng.randrange(100), rng.randrange(1000),
                                                 rng.randrange(100), rng.randrange(100))
        client_rows.append((
            code, name, inn, kpp or None, ogrn, contract,
            connected - datetime.timedelta(days=rng.randrange(0, 10)), emails, phone,
            MANAGERS[rng.randrange(len(MANAGERS))], seg, service, fee, connected, disconnected,
            term, no_dunning, '%06d, г. Энск, ул. %s, д. %d' % (
                rng.randrange(100000, 999999), rng.choice(_STREETS), rng.randrange(1, 120)),
            # every fourth client is registered elsewhere than served (no rng draw: the
            # demo's other figures stay as they were)
            '%06d, г. Энск, пр. Ленина, д. %d, оф. %d' % (101000 + i, i % 90 + 1, i % 7 + 1) if i % 4 == 1
            else None,
            # an ЭДО participant id (Диадок-style), from the ИНН: no draw from rng, the rest stays as it was
            '2BM-%s-%s' % (inn, kpp or '0')))
        for per, amount, day in charges:
            charge_rows.append((code, per, service, amount, day))
        by_inn = rng.random() < 0.05 and not shared and i != 0
        for day, amount, doc, purpose in pays:
            payment_rows.append((None if by_inn else code, inn if by_inn else None, day, amount, doc, purpose))
        info.append(dict(code=code, inn=inn, kpp=kpp, ogrn=ogrn, name=name, contract=contract, fee=fee,
                         profile=profile, disconnected=disconnected))
    payment_rows.sort(key=lambda r: r[2])
    statement = _statement_payments(rng, info, today)
    return DemoData(today, client_rows, charge_rows, payment_rows, statement, MANAGERS)


def _statement_payments(rng, info, today):
    """Payments of a statement for the last days (dicts of 1C fields, ours as the recipient)."""
    good = [c for c in info if c['profile'] == 'good' and not c['disconnected'] and c['code'] not in
            (info[0]['code'], info[1]['code'] if len(info) > 1 else None)]
    out = []
    day = today - datetime.timedelta(days=2)
    month = today.strftime('%m.%Y')

    def payment(client, purpose, payer_inn=None, payer_name=None, amount=None):
        out.append(dict(
            number=str(rng.randrange(100, 9999)), date=day - datetime.timedelta(days=1), received=day,
            amount=amount or client['fee'], payer_inn=payer_inn or client['inn'],
            payer_kpp='' if payer_inn else client['kpp'], payer_name=payer_name or client['name'],
            payer_account='40702810%012d' % rng.randrange(10 ** 12), purpose=purpose, incoming=True))

    for c in good[:3]:
        payment(c, 'Оплата по договору № %s за услуги связи за %s. В т.ч. НДС 22%%' % (c['contract'], month))
    if len(good) > 3:
        c = good[3]
        payment(c, 'Оплата за услуги интернета за %s (аванс). НДС не облагается' % month)
    if len(info) > 1:   # two contracts of one company: the contract decides
        c = info[1]
        payment(c, 'Оплата по дог. %s за %s' % (c['contract'], month))
    if len(good) > 4:   # a third party (the parent company) pays for our client
        c = good[4]
        payment(c, 'Оплата за %s по договору № %s за услуги связи за %s' % (c['name'], c['contract'], month),
                payer_inn='7736207543', payer_name='ООО «Головная компания»')
    out.append(dict(  # matches nobody: an unknown payer, no contract
        number='77', date=day - datetime.timedelta(days=1), received=day, amount=Decimal('15000.00'),
        payer_inn='5408131553', payer_kpp='540801001', payer_name='ООО «Неизвестный плательщик»',
        payer_account='40702810%012d' % rng.randrange(10 ** 12),
        purpose='Оплата по счету 1234 от %s. Без НДС' % day.strftime('%d.%m.%Y'), incoming=True))
    out.append(dict(  # outgoing: our rent; not a client payment
        number='318', date=day, received=None, amount=Decimal('45000.00'), payer_inn=None,
        payer_kpp='', payer_name='', payer_account='',
        purpose='Арендная плата за %s по договору аренды № 5-А' % month, incoming=False,
        recipient_inn='7702070139', recipient_name='АО «Арендодатель»',
        recipient_account='40702810%012d' % rng.randrange(10 ** 12)))
    return out


def statement_text(payments, company, today):
    """1CClientBankExchange text of *payments* (from :func:`generate`) for *company* (settings.Company)."""
    d = lambda x: x.strftime('%d.%m.%Y')
    start = min(p['date'] for p in payments)
    # the account section's totals agree with the documents, as a bank's own export does
    opening = Decimal('1250000.00')
    received = sum((p['amount'] for p in payments if p['incoming']), Decimal(0))
    spent = sum((p['amount'] for p in payments if not p['incoming']), Decimal(0))
    lines = ['1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=Windows',
             'Отправитель=Бухгалтерия предприятия', 'Получатель=Банк-клиент',
             'ДатаСоздания=%s' % d(today), 'ВремяСоздания=08:15:00',
             'ДатаНачала=%s' % d(start), 'ДатаКонца=%s' % d(today - datetime.timedelta(days=1)),
             'РасчСчет=%s' % company.account, 'Документ=Платежное поручение',
             'СекцияРасчСчет', 'ДатаНачала=%s' % d(start), 'ДатаКонца=%s' % d(today - datetime.timedelta(days=1)),
             'РасчСчет=%s' % company.account, 'НачальныйОстаток=%s' % opening,
             'ВсегоПоступило=%s' % received, 'ВсегоСписано=%s' % spent,
             'КонечныйОстаток=%s' % (opening + received - spent), 'КонецРасчСчет']
    for p in payments:
        lines += ['СекцияДокумент=Платежное поручение', 'Номер=%s' % p['number'], 'Дата=%s' % d(p['date']),
                  'Сумма=%s' % p['amount']]
        if p['incoming']:
            lines += ['ПлательщикСчет=%s' % p['payer_account'], 'Плательщик=ИНН %s %s' % (p['payer_inn'], p['payer_name']),
                      'ПлательщикИНН=%s' % p['payer_inn'], 'Плательщик1=%s' % p['payer_name'],
                      'ПлательщикКПП=%s' % p['payer_kpp'],
                      'ПолучательСчет=%s' % company.account, 'ДатаПоступило=%s' % d(p['received']),
                      'Получатель=ИНН %s %s' % (company.inn, company.name), 'ПолучательИНН=%s' % company.inn,
                      'Получатель1=%s' % company.name, 'ПолучательКПП=%s' % company.kpp,
                      'ПолучательБИК=%s' % company.bik, 'ПолучательКорсчет=%s' % company.corr_account]
        else:
            lines += ['ПлательщикСчет=%s' % company.account, 'ДатаСписано=%s' % d(p['date']),
                      'Плательщик=ИНН %s %s' % (company.inn, company.name), 'ПлательщикИНН=%s' % company.inn,
                      'Плательщик1=%s' % company.name, 'ПлательщикКПП=%s' % company.kpp,
                      'ПолучательСчет=%s' % p['recipient_account'],
                      'Получатель=ИНН %s %s' % (p['recipient_inn'], p['recipient_name']),
                      'ПолучательИНН=%s' % p['recipient_inn'], 'Получатель1=%s' % p['recipient_name']]
        lines += ['ВидОплаты=01', 'Очередность=5', 'НазначениеПлатежа=%s' % p['purpose'], 'КонецДокумента']
    lines.append('КонецФайла')
    return '\r\n'.join(lines) + '\r\n'


# --- writers -------------------------------------------------------------------

def write_register_xlsx(path, clients=(), charges=(), payments=()):
    """A plain register workbook (header row 1, data from row 2) with *rows* as given.

    Text is always written as text (an ``=…`` name never becomes a formula),
    dates with the ДД.ММ.ГГГГ format, money as numbers.
    """
    import xlsxwriter
    wb = xlsxwriter.Workbook(str(path), {'constant_memory': True, 'strings_to_numbers': False,
                                         'strings_to_formulas': False, 'strings_to_urls': False})
    head = wb.add_format({'bold': True, 'bg_color': '#D9E1F2', 'text_wrap': True})
    date_f = wb.add_format({'num_format': 'dd.mm.yyyy'})
    money_f = wb.add_format({'num_format': '#,##0.00'})
    text_f = wb.add_format({'num_format': '@'})
    for sheet, rows in zip(schema.SHEETS, (clients, charges, payments)):
        ws = wb.add_worksheet(sheet.name)
        for c, col in enumerate(sheet.columns):
            fmt = text_f if col.kind in (schema.CODE, schema.INN, schema.KPP, schema.OGRN, schema.PHONE,
                                         schema.EMAILS, schema.TEXT) else None
            ws.set_column(c, c, col.width, fmt)
            ws.write_string(0, c, col.header, head)
        ws.freeze_panes(1, 0)
        write_rows(ws, rows, date_f, money_f)
    wb.close()


def write_rows(ws, rows, date_f, money_f, first_row=1):
    ws_string, ws_number, ws_date = ws.write_string, ws.write_number, ws.write_datetime
    dec, date = Decimal, datetime.date
    for r, row in enumerate(rows, first_row):
        for c, v in enumerate(row):
            if v is None or v == '':
                continue
            cls = v.__class__
            if cls is str:
                ws_string(r, c, v)
            elif cls is dec:
                ws_number(r, c, float(v), money_f)
            elif cls is date:
                ws_date(r, c, datetime.datetime(v.year, v.month, v.day), date_f)
            else:
                ws_number(r, c, v)


def csv_cell(v, decimal_comma=True):
    """A cell as the Russian CSV holds it: ДД.ММ.ГГГГ, «12 345,50»."""
    if v is None:
        return ''
    cls = v.__class__
    if cls is Decimal:
        if not decimal_comma:
            return str(v)
        # an ASCII minus: textfmt's typographic «−» is for people, not for CSV readers
        return ('-' if v < 0 else '') + textfmt.number(abs(v), 2)
    if cls is datetime.date:
        return v.strftime('%d.%m.%Y')
    return str(v)


def write_csv(path, sheet, rows, encoding='utf-8-sig', delimiter=';', decimal_comma=True):
    """Write *rows* of schema *sheet* as a CSV (header + rows) — for tests, benchmarks, samples."""
    with open(path, 'w', encoding=encoding, newline='') as f:
        w = csv.writer(f, delimiter=delimiter, lineterminator='\r\n')
        w.writerow(sheet.headers)
        cell = csv_cell
        for row in rows:
            w.writerow([cell(v, decimal_comma) for v in row])


def write_demo_folder(directory, data, company):
    """Write *data* into an operator folder: register workbook + sample statement."""
    directory = Path(directory)
    write_register_xlsx(directory / schema.REGISTER_FILE, data.clients, data.charges, data.payments)
    text = statement_text(data.statement, company, data.today)
    name = 'Выписка %s.txt' % data.today.strftime('%Y-%m-%d')
    return files.write_bytes(directory / STATEMENTS_DIR / name, text.encode('cp1251'))
