"""Unposted bank payments (неразнесённые оплаты) and the debtors they may belong to.

The worst thing a dunning system can do is warn or claim against a client who
paid. A bank payment the kit could not match to a client (or held because of its
date) may be exactly that client's money, so until the accountant posts it (types
it into «Оплаты» with the client's code) no notice goes to any debtor it may belong
to:

* a client with the payer's ИНН;
* the client a held payment seems to be of (``matched_by`` ``held:<code>:…``);
* a debtor whose overdue debt, or one of whose charges, equals the payment's amount.

Pure: no I/O; the job passes the register's ``unmatched_bank`` rows.
"""

from decimal import Decimal

from ..registers.bank import held_reason
from ..textfmt import date_ru, money


def describe(payment):
    """«п/п № 77 от 03.05.2026 на 15 000,00 ₽ (ИНН 7736207543)» for a bank payment row."""
    import datetime
    day = datetime.date.fromisoformat(payment['received'])
    inn = payment.get('payer_inn') or ''
    return 'п/п № %s от %s на %s%s' % (payment['doc_number'], date_ru(day), money(Decimal(payment['amount'])),
                                       ' (ИНН %s)' % inn if inn else '')


def possible_owners(unposted, clients, debts, charge_amounts):
    """``{client code: [payment row, …]}`` for the debtors an unposted payment may belong to.

    *clients*: code → client (``.inn``); *debts*: code → overdue debt (Decimal) of the
    debtors considered; *charge_amounts*: code → iterable of the client's charge amounts.
    """
    by_inn = {}
    for code, client in clients.items():
        by_inn.setdefault(client.inn, []).append(code)
    out = {}
    for payment in unposted:
        amount = Decimal(payment['amount'])
        owners = set(by_inn.get(payment.get('payer_inn') or '', ()))
        held = held_reason(payment.get('matched_by'))
        if held and held[0]:
            owners.add(held[0])
        for code, debt in debts.items():
            if debt == amount or amount in set(charge_amounts.get(code, ())):
                owners.add(code)
        for code in owners:
            if code in debts:
                out.setdefault(code, []).append(payment)
    return out
