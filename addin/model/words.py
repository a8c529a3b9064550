"""Amounts in words (сумма прописью) and VAT in or on an amount (НДС в сумме / сверх суммы).

Standard library only, so the words are written here rather than taken from
num2words (the test suite checks them against num2words as an independent oracle).

Amount in words — the form accountants write on invoices and acts: rubles in
words, kopecks as two digits, the first letter capital; rounded half-up to
kopecks first::

>>> amount_in_words(2100)
'Две тысячи сто рублей 00 копеек'
>>> amount_in_words('21345.5')
'Двадцать одна тысяча триста сорок пять рублей 50 копеек'
>>> amount_in_words(1001002.015)
'Один миллион одна тысяча два рубля 02 копейки'
>>> amount_in_words(-11.12)
'Минус одиннадцать рублей 12 копеек'

VAT, rounded half-up to kopecks (ст. 164 НК РФ; the calculated rate for an
amount that includes VAT, п. 4 ст. 164)::

    included: VAT = amount × rate / (1 + rate)       12 200 at 22 % → 2 200,00
    on top:   VAT = amount × rate                    10 000 at 22 % → 2 200,00

>>> vat(12200)
Decimal('2200.00')
>>> vat(10000, 0.22, False)
Decimal('2200.00')
>>> vat(10500, 0.05)
Decimal('500.00')
"""

from decimal import Decimal

from . import checks
from .errors import ArgumentError
from .rounding import KOPECK, round_half_up

_ONES_M = ('', 'один', 'два', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять')
_ONES_F = ('', 'одна', 'две', 'три', 'четыре', 'пять', 'шесть', 'семь', 'восемь', 'девять')
_TEENS = ('десять', 'одиннадцать', 'двенадцать', 'тринадцать', 'четырнадцать', 'пятнадцать',
          'шестнадцать', 'семнадцать', 'восемнадцать', 'девятнадцать')
_TENS = ('', '', 'двадцать', 'тридцать', 'сорок', 'пятьдесят', 'шестьдесят', 'семьдесят',
         'восемьдесят', 'девяносто')
_HUNDREDS = ('', 'сто', 'двести', 'триста', 'четыреста', 'пятьсот', 'шестьсот', 'семьсот',
             'восемьсот', 'девятьсот')
#: Scale words (one, few, many) and whether the scale word is feminine (тысяча).
_SCALES = ((('тысяча', 'тысячи', 'тысяч'), True), (('миллион', 'миллиона', 'миллионов'), False),
           (('миллиард', 'миллиарда', 'миллиардов'), False), (('триллион', 'триллиона', 'триллионов'), False),
           (('квадриллион', 'квадриллиона', 'квадриллионов'), False),
           (('квинтиллион', 'квинтиллиона', 'квинтиллионов'), False))


def plural(n, one, few, many):
    """The Russian plural form for *n*: 1 рубль, 2 рубля, 5 рублей, 11 рублей, 21 рубль.

    >>> [plural(n, 'рубль', 'рубля', 'рублей') for n in (1, 2, 5, 11, 21, 112)]
    ['рубль', 'рубля', 'рублей', 'рублей', 'рубль', 'рублей']
    """
    n = abs(n)
    if n % 100 in (11, 12, 13, 14):
        return many
    return {1: one, 2: few, 3: few, 4: few}.get(n % 10, many)


def _triple(n, feminine):
    """Words of 1 ≤ *n* ≤ 999."""
    words = [_HUNDREDS[n // 100]]
    rest = n % 100
    if 10 <= rest < 20:
        words.append(_TEENS[rest - 10])
    else:
        words.append(_TENS[rest // 10])
        words.append((_ONES_F if feminine else _ONES_M)[rest % 10])
    return [w for w in words if w]


def integer_words(n, feminine=False):
    """A whole number ≥ 0 in words (masculine: «один рубль»; *feminine*: «одна копейка»).

    >>> integer_words(0), integer_words(12), integer_words(2002, feminine=True)
    ('ноль', 'двенадцать', 'две тысячи две')
    >>> integer_words(1000000)
    'один миллион'
    """
    if n == 0:
        return 'ноль'
    words = []
    groups = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    if len(groups) > len(_SCALES) + 1:
        raise ValueError('слишком большое число для записи прописью')
    for power in range(len(groups) - 1, -1, -1):
        g = groups[power]
        if not g:
            continue
        if power == 0:
            words += _triple(g, feminine)
        else:
            forms, scale_feminine = _SCALES[power - 1]
            words += _triple(g, scale_feminine)
            words.append(plural(g, *forms))
    return ' '.join(words)


def amount_in_words(amount):
    """«Две тысячи сто рублей 00 копеек» for *amount* rubles (see the module docstring)."""
    value = round_half_up(checks.number('amount', amount), 2)
    negative = value < 0
    value = abs(value)
    rubles = int(value)
    kopecks = int((value - rubles) * 100)
    text = '%s %s %02d %s' % (integer_words(rubles), plural(rubles, 'рубль', 'рубля', 'рублей'), kopecks,
                              plural(kopecks, 'копейка', 'копейки', 'копеек'))
    if negative:
        text = 'минус ' + text
    return text[0].upper() + text[1:]


def vat(amount, rate=Decimal('0.22'), included=True):
    """VAT in *amount* (*included*, default) or on top of it, at *rate* (a fraction:
    0.22, 0.10, 0.07, 0.05, 0), rounded half-up to kopecks (see the module docstring).

    >>> vat(15500, 0.22)
    Decimal('2795.08')
    >>> vat(100, 1.22)
    Traceback (most recent call last):
    ...
    addin.model.errors.ArgumentError: аргумент «ставка» (rate): ожидается ставка НДС долей от 0 до 1 (0,22 = 22 %) (получено: 1,22)
    """
    amount = checks.number('amount', amount)
    rate = checks.number('rate', rate)
    if not 0 <= rate < 1:
        raise ArgumentError('rate', 'ожидается ставка НДС долей от 0 до 1 (0,22 = 22 %)', rate)
    if isinstance(included, str):
        text = included.strip().lower()
        if text not in ('истина', 'ложь', 'true', 'false', '1', '0', 'да', 'нет'):
            raise ArgumentError('included', 'ожидается ИСТИНА (НДС в сумме) или ЛОЖЬ (сверх суммы)', included)
        included = text in ('истина', 'true', '1', 'да')
    if included:
        tax = amount * rate / (1 + rate)
    else:
        tax = amount * rate
    return round_half_up(tax, 2).quantize(KOPECK)
