"""Errors a user causes by passing a wrong argument to a worksheet function.

Every message is Russian and names the argument, so the cell that shows it tells
the user what to fix.
"""


class ArgumentError(ValueError):
    """A worksheet-function argument is missing, of the wrong kind or out of range.

    >>> str(ArgumentError('months', 'должно быть больше 0', 0))
    'аргумент «months»: должно быть больше 0 (получено: 0)'
    """

    def __init__(self, argument, expected, value=None):
        self.argument = argument
        self.expected = expected
        self.value = value
        text = 'аргумент «%s»: %s' % (argument, expected)
        if value is not None:
            text += ' (получено: %s)' % (value,)
        super().__init__(text)


class YearError(ArgumentError):
    """No yearly facts (tax scale, limits, МРОТ) are known for the year."""

    def __init__(self, year, known):
        super().__init__(
            'year',
            'нет данных за %s год; известны: %s. Добавьте год в файл годовых '
            'показателей (см. docs/yearly-facts.md)' % (year, ', '.join(str(y) for y in known)),
        )
        self.year = year
