"""``--where`` conditions (условие отбора) over the client register.

A condition is ``COLUMN OP VALUE``; several are joined with ``и`` / ``and``.
COLUMN is a header of the sheet «Клиенты» (``Дата договора``) or its key with
spaces (``contract date``); OP is ``<``, ``<=``, ``>``, ``>=``, ``=``, ``!=``
or ``~`` (contains); VALUE is read like the column's cells (a date as
``ГГГГ-ММ-ДД`` or ``ДД.ММ.ГГГГ``, money as ``12 345,50``). A client with the
column empty never matches ``<``/``>`` — a contract without a date is not
«older than 2024».

>>> from datetime import date
>>> test = parse('contract date < 2024-01-01 и Сегмент = крупный')
>>> test({'contract_date': date(2023, 5, 1), 'segment': 'крупный'})
True
>>> test({'contract_date': None, 'segment': 'крупный'})
False
>>> parse('Абонплата >= 10 000')({'fee': Decimal('12000')})
True
>>> parse('цвет = синий')
Traceback (most recent call last):
...
jobs.errors.UserError: --where «цвет = синий»: нет столбца «цвет» в листе «Клиенты»; есть: Код клиента, Наименование, ИНН, КПП, ОГРН, Договор №, Дата договора, E-mail для документов, Телефон для SMS, Менеджер, Сегмент, Услуга, Абонплата, Дата подключения, Дата отключения, Срок оплаты (дней), Не напоминать до, Адрес, Юридический адрес, Идентификатор ЭДО
"""

import operator
import re
from decimal import Decimal

from ..errors import UserError
from ..registers import schema, values

_OPS = {'<=': operator.le, '>=': operator.ge, '!=': operator.ne, '<>': operator.ne, '<': operator.lt,
        '>': operator.gt, '==': operator.eq, '=': operator.eq, '~': None}
_SPLIT = re.compile(r'\s+(?:и|and|AND|И)\s+')
_COND = re.compile(r'^\s*(.+?)\s*(<=|>=|!=|<>|==|<|>|=|~)\s*(.*?)\s*$')
_PARSERS = {schema.DATE: values.date, schema.MONEY: values.money, schema.INTEGER: values.integer}


def _column(name):
    wanted = schema.normalise_header(name)
    for c in schema.CLIENTS.columns:
        if wanted in (schema.normalise_header(c.header), c.key, c.key.replace('_', ' ')):
            return c
    return None


def _text(value):
    if isinstance(value, (tuple, list)):
        value = ', '.join(value)
    return schema.normalise_header('' if value is None else value)


def parse(text):
    """A function ``record → bool`` for the condition *text*; a bad condition is a Russian UserError."""
    tests = []
    for part in _SPLIT.split(text.strip()):
        m = _COND.match(part)
        if not m or not m.group(3):
            raise UserError('--where «%s»: ожидается условие «столбец знак значение», например '
                            '«Дата договора < 2024-01-01» (знаки: < <= > >= = != ~)' % text)
        name, op, raw = m.groups()
        column = _column(name)
        if column is None:
            raise UserError('--where «%s»: нет столбца «%s» в листе «Клиенты»; есть: %s'
                            % (text, name, ', '.join(schema.CLIENTS.headers)))
        parse_value = _PARSERS.get(column.kind)
        if parse_value and op != '~':
            try:
                value = parse_value(raw)
            except values.BadValue as exc:
                raise UserError('--where «%s»: значение «%s» для столбца «%s»: %s'
                                % (text, raw, column.header, exc.expected))
            tests.append(_typed(column.key, _OPS[op], value))
        else:
            tests.append(_textual(column.key, op, schema.normalise_header(raw)))
    return lambda record: all(t(record) for t in tests)


def _typed(key, op, value):
    def test(record):
        have = record.get(key)
        if have is None:
            return op is operator.ne
        return op(Decimal(have) if isinstance(value, Decimal) else have, value)
    return test


def _textual(key, op, value):
    def test(record):
        have = _text(record.get(key))
        if op == '~':
            return value in have
        return _OPS[op](have, value)
    return test
