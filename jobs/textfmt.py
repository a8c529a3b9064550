"""Numbers and dates as Russian users read them: ``12 345,50 ₽``, ``24.11.2026``.

>>> money(Decimal('1234567.5'))
'1 234 567,50 ₽'
>>> number(Decimal('-1500'))
'−1 500'
>>> date_ru(datetime.date(2026, 3, 1))
'01.03.2026'
"""

import datetime
from decimal import Decimal

from addin.model.rounding import round_half_up

NBSP = '\u00a0'
#: Month names, nominative («октябрь 2026 г.») and genitive («1 ноября 2026 г.»).
MONTHS = ('январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь',
          'ноябрь', 'декабрь')
MONTHS_GENITIVE = ('января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября',
                   'октября', 'ноября', 'декабря')


def number(value, digits=0, sep=' '):
    """*value* with a space between thousands and a decimal comma."""
    d = round_half_up(Decimal(value), digits)
    sign = '−' if d < 0 else ''
    whole, _, frac = ('%.*f' % (digits, abs(d))).partition('.')
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sep.join(groups)
    return sign + text + (',' + frac if frac else '')


def money(value, sep=' '):
    """Rubles and kopecks: ``1 234,50 ₽``."""
    return number(value, 2, sep) + ' ₽'


def date_ru(value):
    """``ДД.ММ.ГГГГ``."""
    return value.strftime('%d.%m.%Y')


__all__ = ['number', 'money', 'date_ru', 'datetime', 'Decimal']
