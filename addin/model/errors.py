"""Errors a user causes by passing a wrong argument to a worksheet function.

Every message is Russian and names the argument by its Russian name
(:mod:`addin.model.labels`), so the cell that shows it tells the user what to fix.
There are two forms: the full text (``str(error)``: the Russian name, the
signature's name in brackets, what is expected and the value received) for the
function help, Excel's error message and logs, and a short form for the cell
(:meth:`ArgumentError.cell_text`, at most :data:`CELL_LIMIT` characters with the
«#ОШИБКА: » prefix), because a long text in a cell is cut at the column's edge.
Values are shown the Russian way: «−1», «0,5», «12 000».

>>> e = ArgumentError('competitors', 'не может быть отрицательным', -1.0)
>>> str(e)
'аргумент «конкурентов» (competitors): не может быть отрицательным (получено: −1)'
>>> e.cell_text()
'«конкурентов»: не может быть отрицательным (−1)'
"""

from decimal import Decimal, InvalidOperation

from .labels import label

#: The longest error text a cell shows, «#ОШИБКА: » included.
CELL_LIMIT = 60
#: What a cell's error text starts with (LibreOffice cells, the bridge, the tests).
ERROR_PREFIX = '#ОШИБКА: '

_MINUS = '\u2212'
_NBSP = '\u00a0'


def shown(value):
    """*value* as a Russian user reads it in a message.

    >>> [shown(v) for v in (-1.0, 0.5, 12000, Decimal('1234.50'), 'УСН', None)]
    ['−1', '0,5', '12\xa0000', '1\xa0234,5', '«УСН»', 'пусто']
    """
    if value is None:
        return 'пусто'
    if isinstance(value, bool):
        return 'ИСТИНА' if value else 'ЛОЖЬ'
    if isinstance(value, (int, float, Decimal)):
        try:
            d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except (InvalidOperation, ValueError):
            return str(value)
        if not d.is_finite():
            return str(value)
        return _number(d)
    if isinstance(value, (list, tuple)):
        return 'диапазон'
    return '«%s»' % (value,)


def _number(d):
    sign = _MINUS if d < 0 else ''
    if abs(d) >= 10 ** 15:
        return sign + '%.3g' % abs(d)     # beyond 15 digits only the order tells anything
    # normalize() drops the float's «.0»; 'f' spells a positive exponent out (1E+1 → 10).
    d = abs(d).normalize()
    whole, _, frac = format(d, 'f').partition('.')
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    # A no-break space between thousands, as jobs/textfmt.py writes them, so a
    # cell never wraps inside a number.
    return sign + _NBSP.join(groups) + (',' + frac if frac else '')


class ArgumentError(ValueError):
    """A worksheet-function argument is missing, of the wrong kind or out of range.

    *argument* is the code's (English) name, *expected* says in Russian what is
    wanted, *value* is what was received (``None``: not shown), *short* is a
    shorter *expected* for the cell when the full one is long.

    >>> str(ArgumentError('months', 'должно быть больше 0', 0))
    'аргумент «месяцев» (months): должно быть больше 0 (получено: 0)'
    """

    def __init__(self, argument, expected, value=None, short=None):
        self.argument = argument
        self.label = label(argument)
        self.expected = expected
        self.value = value
        self.short = short or expected
        # The signature's name in brackets: Excel's function wizard and the
        # reference show the arguments by it.
        ref = '«%s»' % argument if self.label == argument else '«%s» (%s)' % (self.label, argument)
        text = 'аргумент %s: %s' % (ref, expected)
        if value is not None:
            text += ' (получено: %s)' % shown(value)
        super().__init__(text)

    def cell_text(self, limit=CELL_LIMIT - len(ERROR_PREFIX)):
        """The short form for a cell, at most *limit* characters: the Russian
        name, the short *expected* and the value when it still fits.

        >>> ArgumentError('tariff', 'ожидается «общий» или «МСП»', 'УСН', short='«общий» или «МСП»').cell_text()
        '«тариф взносов»: «общий» или «МСП» («УСН»)'
        >>> ArgumentError('tariff', 'ожидается «общий» или «МСП»', 'x' * 40).cell_text()
        '«тариф взносов»: ожидается «общий» или «МСП»'
        >>> ArgumentError('ladder', 'значения «от» должны возрастать сверху вниз').cell_text()
        '«шкала выполнения плана»: значения «от» должны…'
        """
        head = '«%s»: %s' % (self.label, self.short)
        if self.value is not None:
            full = '%s (%s)' % (head, shown(self.value))
            if len(full) <= limit:
                return full
        if len(head) <= limit:
            return head
        cut = head[:limit - 1]
        # Cut at a word boundary: a broken word reads as a typo.
        return (cut[:cut.rfind(' ')] if ' ' in cut else cut).rstrip(' ,:;') + '…'


class YearError(ArgumentError):
    """No yearly facts (tax scale, limits, МРОТ) are known for the year."""

    def __init__(self, year, known):
        super().__init__(
            'year',
            'нет данных за %s год; известны: %s. Добавьте год в файл годовых '
            'показателей (см. docs/yearly-facts.md)' % (year, ', '.join(str(y) for y in known)),
            short='нет данных за %s год' % (year,),
        )
        self.year = year
