"""The Russian function reference (справочник функций), generated from the catalogue.

``python -m addin.reference > docs/functions.md`` rewrites the committed file; a
test checks the committed file is current. Every example's result is computed
by the model, so the reference cannot drift from the code.
"""

import sys

from . import catalogue
from .catalogue import ARRAY, CURRENT_YEAR, TODAY, is_optional


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


def render():
    """The whole reference as Markdown."""
    out = [
        '# Справочник функций isp-b2b-kit',
        '',
        'Файл создан автоматически из каталога функций (`addin/catalogue.py`): '
        '`make docs`. Функции одинаковы в Excel (надстройка xlwings) и LibreOffice Calc '
        '(макросы Basic). Необязательные аргументы в квадратных скобках можно опустить '
        'или оставить пустыми. Доли задаются дробью: 0,15 = 15 %. Ошибка в аргументе '
        'показывается в ячейке текстом «#ОШИБКА: …» с именем аргумента.',
        '',
    ]
    for f in catalogue.FUNCTIONS:
        out += ['## %s' % f.name, '', '`%s`' % signature(f), '', f.help, '',
                '| аргумент | что это |', '|---|---|']
        for a in f.args:
            name = a.name + (' (необязательный, %s)' % _default(a) if is_optional(a) else '')
            out.append('| %s | %s |' % (name, a.help))
        out += ['', 'Пример:', '', '```', _example(f), '```', '']
    return '\n'.join(out)


if __name__ == '__main__':
    sys.stdout.write(render())
