"""«Реестр юрлиц»: the client register template the jobs read (SPEC 4.5, 6).

Built from :mod:`jobs.registers.schema` — the same definition the reader validates
against — so sheet names, headers and their order cannot drift. Headers stay in
row 1 (the reader looks there); the help goes into header comments, input
messages of the data validation and a «Справка» sheet placed last.
"""

import datetime
from decimal import Decimal

from jobs.registers import schema

from .. import data_files
from ..xlsx_writer import DATE, FORMULA_CHARS, INTEGER, MONEY, TEXT, Book, validation

FILE_NAME = schema.REGISTER_FILE
HELP_SHEET = 'Справка'
#: Rows covered by column formats and data validation.
ROWS = 10000

#: What each column kind expects, in Russian (``jobs/data/register_workbook.toml``).
KIND_RU = data_files.load('register_workbook')['kinds']

_FORMATS = {schema.CODE: TEXT, schema.INN: TEXT, schema.KPP: TEXT, schema.OGRN: TEXT,
            schema.PHONE: TEXT, schema.PERIOD: TEXT, schema.DATE: DATE, schema.MONEY: MONEY,
            schema.INTEGER: INTEGER}



def _sample_rows(sheet, rows):
    money = {c.key for c in sheet.columns if c.kind == schema.MONEY}
    return tuple({k: Decimal(v) if k in money else v for k, v in row.items()} for row in rows)


#: Sample rows, by column key (``jobs/data/register_workbook.toml``). Clearly sample companies; replace them with yours.
SAMPLES = {sheet.name: _sample_rows(sheet, data_files.load('register_workbook')[key])
           for key, sheet in (('clients', schema.CLIENTS), ('charges', schema.CHARGES), ('payments', schema.PAYMENTS))}


def _check(c):
    """Data validation for a column kind: what the reader would reject, stopped at entry."""
    hint = (c.help + '. ' if c.help else '') + KIND_RU[c.kind] + \
        ('. Обязательное поле.' if c.required else '.')
    title = c.header[:32]
    if c.kind == schema.INN:
        return validation(None, hint, title, validate='length', criteria='between', minimum=10,
                          maximum=12, error_message='ИНН — 10 цифр (организация) или 12 (ИП).')
    if c.kind == schema.KPP:
        return validation(None, hint, title, validate='length', criteria='==', value=9,
                          error_message='КПП — 9 символов.')
    if c.kind == schema.OGRN:
        return validation(None, hint, title, validate='length', criteria='between', minimum=13,
                          maximum=15, error_message='ОГРН — 13 цифр, ОГРНИП — 15.')
    if c.kind == schema.DATE:
        return validation(None, hint, title, validate='date', criteria='between',
                          minimum=datetime.date(1990, 1, 1), maximum=datetime.date(2100, 12, 31),
                          error_message='Введите дату ДД.ММ.ГГГГ.')
    if c.kind == schema.MONEY:
        return validation(None, hint, title, validate='decimal', criteria='between',
                          minimum=-1e12, maximum=1e12,
                          error_message='Введите сумму числом, например 12 345,50.')
    if c.kind == schema.INTEGER:
        return validation('int', hint, title)
    if c.kind == schema.CHOICE:
        return validation(None, hint, title, validate='list', source=list(c.choices),
                          error_message='Выберите значение из списка: %s.' % ', '.join(c.choices))
    # Text-like kinds: any value; the hint still shows on entry.
    return validation(None, hint, title, validate='any')


def build_register(path, samples=False):
    """Build «Реестр юрлиц.xlsx» at *path*: empty (what ``b2bkit init`` puts into an
    operator folder) or, with *samples*, with example rows (the file in ``workbooks/``)."""
    book = Book(path, 'Реестр юрлиц', 'Реестр клиентов-юрлиц: клиенты, начисления, оплаты')
    for sh in schema.SHEETS:
        s = book.sheet(sh.name)
        for i, c in enumerate(sh.columns):
            style = 'header_required' if c.required else 'header'
            s.text((0, i), c.header, style)
            s.ws.write_comment(0, i, '%s%s\n%s%s' % (
                c.header, ' — обязательный столбец' if c.required else '',
                (c.help + '\n') if c.help else '', 'Формат: ' + KIND_RU[c.kind]),
                {'x_scale': 2, 'y_scale': 1.5})
            numfmt = _FORMATS.get(c.kind)
            # wide enough for the example rows too (two e-mail addresses were cut off)
            width = max([c.width] + [len(str(row[c.key])) + 2 for row in SAMPLES[sh.name]
                                     if samples and row.get(c.key) is not None])
            s.ws.set_column(i, i, min(width, 60), book.fmt({'num_format': numfmt}) if numfmt else None)
            s.ws.data_validation(1, i, ROWS, i, _check(c))
        s.ws.set_row(0, 30)
        s.ws.freeze_panes(1, 1 if sh is not schema.PAYMENTS else 0)
        if samples:
            _samples(s, sh)
        s.ws.autofilter(0, 0, max(1, len(SAMPLES[sh.name]) if samples else 1), len(sh.columns) - 1)
    _help(book)
    book.close()
    return path


def _samples(s, sh):
    """The example rows of sheet *sh* from row 2 on, each value in its column's format."""
    for r, values in enumerate(SAMPLES[sh.name], start=1):
        for i, c in enumerate(sh.columns):
            v = values.get(c.key)
            if v is not None:
                style = {'num_format': _FORMATS[c.kind]} if c.kind in _FORMATS else 'label'
                s.input((r, i), v, style)


def _readable(text):
    """Help text that does not start like a formula («+7 …» → «например, +7 …»): it is
    stored as text anyway, but a copy pasted into another program stays harmless."""
    text = text or ''
    return 'например, ' + text if text.startswith(FORMULA_CHARS) else text


def _help(book):
    s = book.sheet(HELP_SHEET)
    s.widths([14, 26, 14, 58, 60])
    s.text('A1', 'Реестр юрлиц: как заполнять', 'title')
    lines = data_files.load('register_workbook')['help']
    for i, line in enumerate(lines):
        s.text((2 + i, 0), line, 'label')
    row = 3 + len(lines)
    s.headers(row, 0, ['Лист', 'Столбец', 'Обязательный', 'Формат', 'Что вписывать'])
    for sh in schema.SHEETS:
        for c in sh.columns:
            row += 1
            s.text((row, 0), sh.name, 'plain_text')
            s.text((row, 1), c.header, 'plain_text')
            s.text((row, 2), 'да' if c.required else 'нет', 'plain_text')
            s.text((row, 3), KIND_RU[c.kind], 'plain_text')
            s.text((row, 4), _readable(c.help), 'plain_text')
    s.ws.freeze_panes(4 + len(lines), 0)
