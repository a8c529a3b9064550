"""The polars anchor of the command benchmarks (tests/bench.py, ``bench_commands_*``).

``python tests/bench_anchor.py check|debtors|report FOLDER [DATE]`` does, as one
process, the reading and computing the kit's command does on the same CSV
register, written in polars: every column parsed and validated (identifiers,
ИНН, КПП, ОГРН checksum, e-mail, phone, the client dates, amounts to kopecks, unknown
and repeated codes),
then for ``debtors`` the FIFO position of every client at DATE (due dates moved
to working days, overdue debt, days overdue) and the debt episode of debtors,
for ``report`` the 12 month-end positions and the money by month and
manager / segment / service. It writes no files; it prints a line of totals so
that the work cannot be skipped. Needs the ``bench`` extra (polars).
"""

import datetime
import sys
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from addin.model.calendar import SHIPPED  # noqa: E402  (the same production calendar as the kit)

AMOUNT = r'^-?\d{1,13}(?:[.,]\d{1,2})?$'
EMAIL = r'^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+$'


def read(path):
    return pl.read_csv(path, separator=';', infer_schema=False, encoding='utf8')


def strip(col):
    return pl.col(col).str.strip_chars()


def day(col):
    return strip(col).str.strptime(pl.Date, '%d.%m.%Y', strict=False)


def kopecks(col):
    bare = pl.col(col).str.strip_chars().str.replace_all(' ', '', literal=True).str.replace_all(
        '\u00a0', '', literal=True).str.replace(',', '.', literal=True)
    return pl.when(bare.str.contains(AMOUNT)).then((bare.cast(pl.Float64) * 100).round().cast(pl.Int64))


def inn_ok(col):
    d = [strip(col).str.slice(i, 1).cast(pl.Int64, strict=False) for i in range(12)]
    w10 = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    ten = sum(w * x for w, x in zip(w10, d)) % 11 % 10 == d[9]
    return (strip(col).str.len_chars() == 10) & ten | (strip(col).str.len_chars() == 12)


def ogrn_ok(col):
    text = strip(col).fill_null('')
    n, width = text.cast(pl.Int64, strict=False), text.str.len_chars()
    body = n // 10
    return ((width == 0) | (width == 13) & (body % 11 % 10 == n % 10) |
            (width == 15) & (body % 13 % 10 == n % 10)).fill_null(False)


def phone_ok(col):
    text = strip(col).fill_null('')
    digits = text.str.replace_all(r'\D', '')
    return (text == '') | (digits.str.len_chars() == 10) | digits.str.contains(r'^[78]\d{10}$')


def registers(folder):
    clients = read(folder / 'Клиенты.csv').with_columns(
        code=strip('Код клиента'), inn_ok=inn_ok('ИНН'), mail_ok=strip('E-mail для документов').str.split(';').list.eval(
            pl.element().str.strip_chars().str.contains(EMAIL)).list.all(),
        connected=day('Дата подключения'), disconnected=day('Дата отключения'),
        days=strip('Срок оплаты (дней)').cast(pl.Int64, strict=False), fee=kopecks('Абонплата'),
        kpp_ok=strip('КПП').fill_null('').str.contains(r'^(\d{4}[0-9A-Z]{2}\d{3})?$'), ogrn_ok=ogrn_ok('ОГРН'),
        phone_ok=phone_ok('Телефон для SMS'), contract_date=day('Дата договора'), promised=day('Не напоминать до'))
    clients = clients.with_columns(repeated=pl.col('code').is_duplicated())
    bad = ~pl.col('inn_ok') | ~pl.col('mail_ok') | pl.col('connected').is_null() | pl.col('repeated') | \
        ~pl.col('kpp_ok') | ~pl.col('ogrn_ok') | ~pl.col('phone_ok')
    problems = clients.filter(bad).height
    clients = clients.filter(~bad)
    codes = clients.select('code')
    charges = read(folder / 'Начисления.csv').with_columns(
        code=strip('Код клиента'), period=strip('Период'), amount=kopecks('Сумма'), date=day('Дата начисления'))
    payments = read(folder / 'Оплаты.csv').with_columns(
        code=strip('Код клиента'), inn=strip('ИНН плательщика'), date=day('Дата'), amount=kopecks('Сумма'),
        document=strip('Документ'), purpose=strip('Назначение платежа'))
    # no client code: the one client with the payer's ИНН
    by_inn = clients.select(inn=strip('ИНН'), by_inn='code').filter(pl.col('inn').is_unique())
    payments = payments.join(by_inn, on='inn', how='left').with_columns(
        code=pl.when(pl.col('code').fill_null('') == '').then(pl.col('by_inn')).otherwise(pl.col('code')))
    out = []
    for frame in (charges, payments):
        ok = pl.col('amount').is_not_null() & pl.col('date').is_not_null()
        problems += frame.filter(~ok).height
        frame = frame.filter(ok).join(codes, on='code', how='semi')
        out.append(frame)
    return clients, out[0], out[1], problems


def with_due(clients, charges, default_days=10):
    terms = clients.select('code', days=pl.col('days').fill_null(default_days))
    charges = charges.join(terms, on='code')
    naive = charges.select((pl.col('date') + pl.duration(days=pl.col('days'))).alias('naive')).unique()
    moved = [(d, _working(d)) for d in naive['naive'].to_list()]
    table = pl.DataFrame({'naive': [a for a, _ in moved], 'due': [b for _, b in moved]})
    return charges.with_columns(naive=pl.col('date') + pl.duration(days=pl.col('days'))).join(
        table, on='naive').sort('code', 'date', maintain_order=True)     # sorted once for every FIFO below


def _working(d):
    while not SHIPPED.is_working_day(d):
        d += datetime.timedelta(days=1)
    return d


def position(charges, payments, as_of):
    paid = payments.filter(pl.col('date') <= as_of).group_by('code').agg(paid=pl.col('amount').sum())
    c = charges.filter(pl.col('date') <= as_of).join(paid, on='code', how='left', maintain_order='left').with_columns(
        paid=pl.col('paid').fill_null(0), cum=pl.col('amount').cum_sum().over('code'))
    per = c.group_by('code').agg(
        due_total=pl.col('amount').filter(pl.col('due') < as_of).sum(), paid=pl.col('paid').first(),
        oldest=pl.col('due').filter(pl.col('cum') > pl.col('paid')).first())
    return per.with_columns(overdue=(pl.col('due_total') - pl.col('paid')).clip(lower_bound=0),
                            days=(pl.lit(as_of) - pl.col('oldest')).dt.total_days())


def episodes(charges, payments, debtors, as_of, min_debt):
    ev = pl.concat([
        charges.join(debtors, on='code', how='semi').select('code', day=pl.col('due') + pl.duration(days=1),
                                                            amount='amount'),
        payments.join(debtors, on='code', how='semi').select('code', day='date', amount=-pl.col('amount'))])
    ev = ev.filter(pl.col('day') <= as_of).group_by('code', 'day').agg(pl.col('amount').sum()).sort('code', 'day')
    ev = ev.with_columns(level=pl.col('amount').cum_sum().over('code')).with_columns(
        gap=(pl.col('level') < min_debt).cast(pl.Int64).cum_sum().over('code'))
    last = ev.group_by('code').agg(pl.col('gap').last())
    return ev.join(last, on=['code', 'gap']).filter(pl.col('level') >= min_debt).group_by('code').agg(
        start=pl.col('day').min())


def main(argv):
    command, folder = argv[0], Path(argv[1])
    clients, charges, payments, problems = registers(folder)
    line = 'clients %d charges %d payments %d problems %d' % (clients.height, charges.height, payments.height,
                                                              problems)
    if command in ('debtors', 'report'):
        charges = with_due(clients, charges)
    if command == 'debtors':
        as_of = datetime.date.fromisoformat(argv[2])
        pos = position(charges, payments, as_of)
        debtors = pos.filter(pl.col('overdue') >= 10000).select('code')
        ep = episodes(charges, payments, debtors, as_of, 10000)
        line += ' debtors %d overdue %d episodes %d' % (debtors.height, pos['overdue'].sum(), ep.height)
    elif command == 'report':
        year, month = map(int, argv[2].split('-'))
        ends = []
        for m in range(12):
            k = year * 12 + month - 1 - 11 + m
            nxt = datetime.date((k + 1) // 12, (k + 1) % 12 + 1, 1)
            ends.append(nxt - datetime.timedelta(days=1))
        groups = clients.select('code', 'Менеджер', 'Сегмент', 'Услуга')
        total = 0
        for end in ends:
            pos = position(charges, payments, end).join(groups, on='code')
            total += pos.group_by('Менеджер', 'Сегмент', 'Услуга').agg(pl.col('overdue').sum())['overdue'].sum()
        month_of = pl.col('date').dt.strftime('%Y-%m')
        money = [frame.with_columns(m=month_of).join(groups, on='code').group_by('m', 'Менеджер', 'Сегмент', 'Услуга')
                 .agg(pl.col('amount').sum()) for frame in (charges, payments)]
        mrr = charges.join(groups, on='code').group_by('period', 'Менеджер').agg(pl.col('amount').sum())
        line += ' overdue %d cells %d %d %d' % (total, money[0].height, money[1].height, mrr.height)
    print(line)


if __name__ == '__main__':
    main(sys.argv[1:])
