"""Which procedure of the arbitration court fits a debt (порядок рассмотрения в арбитражном суде).

A claim for money under a contract goes, by its sum (цена требования) on the day of filing:

* **судебный приказ** (ст. 229.2 АПК РФ) — up to ``court_order_limit``, when the debt
  rests on documents the debtor accepted (signed acts, an акт сверки) and is not disputed;
  no hearing, half the court fee;
* **упрощённое производство** (п. 1 ч. 1 ст. 227 АПК РФ) — up to
  ``simplified_limit_company`` against an organisation, ``simplified_limit_entrepreneur``
  against an ИП (a 12-digit ИНН);
* otherwise the general procedure (общий порядок).

The limits are dated facts (:mod:`.dated`, ``data/dated.json``, with their sources):
the operator corrects them there when the law changes.

>>> import datetime
>>> day = datetime.date(2026, 12, 2)
>>> procedure(Decimal('45000'), day).name
'судебный приказ'
>>> procedure(Decimal('600000'), day).name, procedure(Decimal('600000'), day, entrepreneur=True).name
('упрощённое производство', 'общий порядок')
>>> procedure(Decimal('500000.01'), day).limit
Decimal('800000')
>>> min_fee(day)
Decimal('10000')
"""

from collections import namedtuple
from decimal import Decimal

from . import dated
from .dates import as_date

#: *name*: Russian; *article*: the rule; *limit*: the sum up to which it applies (``None`` — any sum).
Procedure = namedtuple('Procedure', 'code name article limit')


def procedure(debt, day, entrepreneur=False):
    """The first procedure of the arbitration court whose limit *debt* (rubles) does not exceed on *day*."""
    day = as_date('date', day)
    debt = Decimal(debt)
    order = dated.value_on('court_order_limit', day)
    if debt <= order:
        return Procedure('order', 'судебный приказ', 'ст. 229.2 АПК РФ', order)
    simplified = dated.value_on('simplified_limit_entrepreneur' if entrepreneur else 'simplified_limit_company', day)
    if debt <= simplified:
        return Procedure('simplified', 'упрощённое производство', 'п. 1 ч. 1 ст. 227 АПК РФ', simplified)
    return Procedure('general', 'общий порядок', 'гл. 13–20 АПК РФ', None)


def min_fee(day):
    """The smallest court fee of a money claim in the arbitration court on *day*, rubles (пп. 1 п. 1 ст. 333.21 НК РФ).

    Suing for a debt below it costs more than the debt: the kit's default
    ``court_min_debt`` equals it.
    """
    return dated.value_on('arbitration_min_fee', as_date('date', day))
