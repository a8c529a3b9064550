"""Payment terms (срок оплаты) of clients and the due dates of their charges.

A client pays either *N days* after the charge date (its «Срок оплаты (дней)»
in the register, else ``[billing] payment_days``) or, when the settings say
``pay_by_day = N`` and the client has no days of its own, by day N of the
month after the charge's month («оплата до N-го числа месяца, следующего за
расчётным»). The last day moves to the next working day (ст. 193 ГК) by the
settings' production calendar (default: the shipped one): :func:`addin.model.terms.due_date`.
A charge is overdue from the day after its due date.
"""

from collections import namedtuple

import numpy as np
import pandas as pd

from addin.model.calendar import SHIPPED
from addin.model.terms import due_date

Terms = namedtuple('Terms', 'days pay_by_day')
Terms.__doc__ = """One client's term: *days* after the charge (int) or *pay_by_day* of the next month (int); the other None."""


def of_client(client, settings_days=10, settings_pay_by=None):
    """The :class:`Terms` of *client* (a register ``Client``; its ``payment_days`` wins)."""
    days = getattr(client, 'payment_days', None)
    if days is not None:
        return Terms(days, None)
    if settings_pay_by:
        return Terms(None, settings_pay_by)
    return Terms(settings_days, None)


def due(charge_date, terms, is_working_day=None):
    """The due date of one charge (a ``datetime.date``); *is_working_day* defaults to the shipped
    production calendar (the settings' one adds the operator's own days)."""
    return due_date(charge_date, terms.days, terms.pay_by_day, is_working_day or SHIPPED.is_working_day)


def due_dates(days, term_codes, terms, is_working_day=None):
    """Due dates (``datetime64[D]``) of charges dated *days* whose client's term is
    ``terms[term_codes[i]]``; each distinct (date, term) is worked out once."""
    days = np.asarray(days, 'datetime64[D]')
    if not len(days):
        return days
    term_codes = np.asarray(term_codes, np.int64)
    codes, uniques = pd.factorize(days.astype(np.int64) * len(terms) + term_codes)   # one int per (date, term)
    out = np.array([np.datetime64(due(day.item(), terms[t], is_working_day), 'D') for day, t in
                    zip((uniques // len(terms)).astype('datetime64[D]'), (uniques % len(terms)).tolist())],
                   'datetime64[D]')
    return out[codes]
