"""The Russian function reference (справочник функций), generated from the catalogue.

``python -m addin.reference > docs/functions.md`` rewrites the committed file; a
test checks the committed file is current. Every example's result is computed
by the model, so the reference cannot drift from the code.
"""

import sys

from . import catalogue
from .catalogue import ARRAY, CURRENT_YEAR, TODAY, is_optional
from .model.errors import CELL_LIMIT, ERROR_PREFIX, ArgumentError
from .model.labels import label

#: Wrong calls whose cell text and full text the reference shows: one per kind of
#: check, so a user who sees a short text in a cell finds what it means.
ERROR_EXAMPLES = (
    ('B2B_POTENTIAL', [1000, 150, -1]),
    ('B2B_MONTHLY_PLAN', [150, 0]),
    ('B2B_POTENTIAL', [1000, 150, 2, 1.5]),
    ('B2B_MANAGERS', [20, 40, 3, 0]),
    ('B2B_PERSONAL_PLAN', [2.5, [1, 1]]),
    ('B2B_NDFL', ['', 0, 2026]),
    ('B2B_NDFL', [100000, 0, 1990]),
    ('B2B_CONTRIBUTIONS', [100000, 0, 2026, 'УСН']),
    ('B2B_PAYROLL', [60000, 22, 21, 0, 0, 2026]),
    ('B2B_PLAN_COEF', [1, [[0.5, 1], [0.2, 1]]]),
    ('B2B_PAYBACK', [500000, 1, 100, 0, 12]),
)


def _cell(value):
    """A value as a spreadsheet user would type or see it."""
    if isinstance(value, str):
        return '"%s"' % value
    if isinstance(value, float):
        if value == int(value):
            return str(int(value))
        return str(value).replace('.', ',')
    if isinstance(value, (list, tuple)):
        return '{' + ';'.join(_cell(v) for v in value) + '}'
    return str(value)


def _default(a):
    if a.default is CURRENT_YEAR:
        return 'текущий год'
    if a.default is TODAY:
        return 'сегодня'
    if a.default is None:
        return 'по умолчанию'
    return _cell(a.default)


def signature(f):
    """``B2B_X(a; [b=1])`` — the form users see in the reference."""
    parts = []
    for a in f.args:
        parts.append('[%s=%s]' % (a.name, _default(a)) if is_optional(a) else a.name)
    return '%s(%s)' % (f.name, '; '.join(parts))


def _example(f):
    formula = '=%s(%s)' % (f.name, '; '.join(_cell(v) for v in f.example))
    result = catalogue.call(f.name, [list(v) if isinstance(v, list) else v for v in f.example])
    if f.result == ARRAY:
        lines = [formula, '', '| ' + ' | '.join(f.columns) + ' |',
                 '|' + '---|' * len(f.columns)]
        for row in result:
            lines.append('| ' + ' | '.join(_cell(v) for v in row) + ' |')
        return '\n'.join(lines)
    return '%s → %s' % (formula, _cell(result))


def _full_error(name, values):
    try:
        catalogue.call(name, values)
    except ArgumentError as exc:
        return str(exc)
    raise AssertionError('%s%r is not an error' % (name, values))


def _errors_section():
    out = ['## Ошибки в ячейке', '',
           'Неверный аргумент не даёт «тихий» 0: в ячейке появляется короткий текст '
           '(не длиннее %d знаков, чтобы поместиться в ячейку) — русское название аргумента, '
           'что с ним не так и полученное значение. Полный текст ниже; его же показывает '
           'Excel в сообщении об ошибке функции. Названия аргументов — в таблицах функций, '
           'столбец «в сообщении».' % CELL_LIMIT, '',
           '| формула | в ячейке | полностью |', '|---|---|---|']
    for name, values in ERROR_EXAMPLES:
        formula = '=%s(%s)' % (name, '; '.join(_cell(v) for v in values))
        out.append('| `%s` | %s | %s |' % (formula, catalogue.call_for_cell(name, values),
                                           _full_error(name, values)))
    return out + ['']


def render():
    """The whole reference as Markdown."""
    out = [
        '# Справочник функций isp-b2b-kit',
        '',
        'Файл создан автоматически из каталога функций (`addin/catalogue.py`): '
        '`make docs`. Функции одинаковы в Excel (надстройка xlwings) и LibreOffice Calc '
        '(макросы Basic). Необязательные аргументы в квадратных скобках можно опустить '
        'или оставить пустыми. Доли задаются дробью: 0,15 = 15 %. Ошибка в аргументе '
        'показывается в ячейке текстом «' + ERROR_PREFIX + '…» с русским названием аргумента '
        '(см. «Ошибки в ячейке» в конце).',
        '',
    ]
    for f in catalogue.FUNCTIONS:
        out += ['## %s' % f.name, '', '`%s`' % signature(f), '', f.help, '',
                '| аргумент | в сообщении | что это |', '|---|---|---|']
        for a in f.args:
            name = a.name + (' (необязательный, %s)' % _default(a) if is_optional(a) else '')
            out.append('| %s | «%s» | %s |' % (name, label(a.name), a.help))
        out += ['', 'Пример:', '', '```', _example(f), '```', '']
    out += _errors_section()
    return '\n'.join(out)


if __name__ == '__main__':
    sys.stdout.write(render())
