"""Money on the closing documents: VAT per the company's mode and the amount in words.

Amounts are VAT-inclusive
-------------------------
The register's «Сумма» of a charge and the «Абонплата» are the price the client
pays, VAT included (the register column says «руб., с НДС»; small operators
bill monthly fees that way). So a document's total is the sum of its lines and
the VAT is *extracted* from it — «В том числе НДС»::

    VAT = ROUND(amount × rate / (1 + rate); 2)        (half-up, per line)

computed per line and summed, as 1C does for a document in «сумма включает НДС»
mode, so the VAT of a line and of the total never disagree by a kopeck. Without
VAT (УСН, ст. 145/149 НК РФ) the documents say «Без налога (НДС)».

>>> vat_included(Decimal('15500'), Decimal('0.22'))
Decimal('2795.08')
>>> vat_line(Vat('без НДС', None))
'Без налога (НДС)'
>>> amount_in_words(Decimal('21345.5'))
'Двадцать одна тысяча триста сорок пять рублей 50 копеек'
"""

from decimal import Decimal

from addin.model.rounding import round_half_up

from ..settings import Vat
from ..textfmt import number

__all__ = ['vat_included', 'vat_of_lines', 'vat_line', 'vat_rate_text', 'amount_in_words',
           'rubles_word', 'kopecks_word', 'money_text', 'Vat']


def vat_included(amount, rate):
    """The VAT inside a VAT-inclusive *amount* at *rate* (a fraction); ``0`` without VAT."""
    if rate is None:
        return Decimal('0.00')
    amount = Decimal(amount)
    return round_half_up(amount * rate / (1 + rate), 2)


def vat_of_lines(amounts, rate):
    """Total VAT of a document: the per-line VAT summed (see the module docstring)."""
    return sum((vat_included(a, rate) for a in amounts), Decimal('0.00'))


def vat_rate_text(vat):
    """``22 %`` / ``без НДС`` — for the VAT column of a line."""
    if vat.rate is None:
        return 'без НДС'
    return '%s %%' % number(vat.rate * 100, 0)


def vat_line(vat):
    """The VAT line under a document's table: label text (the amount goes in its own cell)."""
    if vat.rate is None:
        return 'Без налога (НДС)'
    return 'В том числе НДС (%s):' % vat_rate_text(vat)


def money_text(value):
    """``12 345,50`` — the amount as printed in document tables (no currency sign)."""
    return number(value, 2)


def _plural(n, one, few, many):
    n = abs(n)
    if n % 100 in (11, 12, 13, 14):
        return many
    return {1: one, 2: few, 3: few, 4: few}.get(n % 10, many)


def rubles_word(n):
    """``рубль`` / ``рубля`` / ``рублей`` for *n* whole rubles."""
    return _plural(n, 'рубль', 'рубля', 'рублей')


def kopecks_word(n):
    """``копейка`` / ``копейки`` / ``копеек`` for *n* kopecks."""
    return _plural(n, 'копейка', 'копейки', 'копеек')


def amount_in_words(amount):
    """«Двадцать одна тысяча триста сорок пять рублей 50 копеек».

    Rubles in words, kopecks as two digits — the form accountants write on
    invoices and acts; rounded half-up to kopecks first. The words are the
    worksheet function's (``B2B_AMOUNT_IN_WORDS``, :mod:`addin.model.words`): one
    implementation for the documents and the sheets.

    >>> amount_in_words(Decimal('1'))
    'Один рубль 00 копеек'
    >>> amount_in_words(Decimal('2002.01'))
    'Две тысячи два рубля 01 копейка'
    >>> amount_in_words(Decimal('-11.12'))
    'Минус одиннадцать рублей 12 копеек'
    """
    from addin.model.words import amount_in_words as words
    return words(Decimal(amount))
