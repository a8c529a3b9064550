"""Argument checks shared by the model's functions.

Each returns the value as ``Decimal`` (or ``int``) or raises
:class:`~addin.model.errors.ArgumentError` naming the argument in Russian.

>>> share('churn', 0.05)
Decimal('0.05')
>>> share('churn', 1.5)
Traceback (most recent call last):
...
addin.model.errors.ArgumentError: аргумент «отток» (churn): ожидается доля от 0 до 1 (0,15 = 15 %) (получено: 1,5)
"""

from decimal import Decimal, InvalidOperation

from .errors import ArgumentError
from .rounding import to_decimal

#: The smallest magnitude no argument may reach: 10^20 — far beyond any real count or
#: amount (the jobs pass 10^18 as «no threshold»), and within what Decimal's 28
#: digits can round to kopecks.
LARGEST = Decimal(10) ** 20


def number(name, value):
    """Any finite number."""
    if value is None or value == '':
        raise ArgumentError(name, 'ожидается число, ячейка пуста', short='пусто, нужно число')
    try:
        d = to_decimal(value)
    except (ValueError, TypeError, InvalidOperation):
        raise ArgumentError(name, 'ожидается число', value)
    if not d.is_finite():
        raise ArgumentError(name, 'ожидается число', value)
    if abs(d) >= LARGEST:
        # Decimal rounding of such a value to kopecks fails with InvalidOperation.
        raise ArgumentError(name, 'слишком большое число (не меньше 10^20)', value,
                            short='слишком большое число')
    return d


def non_negative(name, value):
    """A number ≥ 0 (counts, money amounts, days)."""
    d = number(name, value)
    if d < 0:
        raise ArgumentError(name, 'не может быть отрицательным', value)
    return d


def positive(name, value):
    """A number > 0."""
    d = number(name, value)
    if d <= 0:
        raise ArgumentError(name, 'должно быть больше 0', value)
    return d


def share(name, value):
    """A fraction from 0 to 1."""
    d = number(name, value)
    if d < 0 or d > 1:
        raise ArgumentError(name, 'ожидается доля от 0 до 1 (0,15 = 15 %)', value,
                            short='нужна доля от 0 до 1')
    return d


def positive_share(name, value):
    """A fraction above 0 and up to 1 (a conversion rate one divides by)."""
    d = share(name, value)
    if d == 0:
        raise ArgumentError(name, 'ожидается доля больше 0 и не больше 1', value,
                            short='доля больше 0, до 1')
    return d


def whole(name, value, minimum=0):
    """A whole number ≥ *minimum*, as ``int``."""
    d = number(name, value)
    if d != d.to_integral_value():
        raise ArgumentError(name, 'ожидается целое число', value)
    if d < minimum:
        if minimum == 0:
            raise ArgumentError(name, 'не может быть отрицательным', value)
        raise ArgumentError(name, 'должно быть не меньше %s' % minimum, value)
    return int(d)




_YES = ('1', '1.0', 'да', 'д', 'yes', 'y', 'true', 'истина', 'x', '+')
_NO = ('', '0', '0.0', 'нет', 'н', 'no', 'n', 'false', 'ложь', '-')


def flag(name, value):
    """A yes/no value: ``True``/``False``, 1/0, «да»/«нет» (empty → no).

    >>> flag('director', 'Да'), flag('director', 0.0), flag('director', None)
    (True, False, False)
    """
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ArgumentError(name, 'ожидается «да» или «нет»', value)
