"""Writing tables into the kit's workbooks (:class:`jobs.xlsx_writer.Book`) for the sales books.

One helper, :func:`table`, writes a header row and records with a Russian
number format per column kind: whole numbers, shares as percents, money
(kopecks in, rubles shown as ``1 234,50 ₽``), dates ДД.ММ.ГГГГ, text always as text.

The money format is ``#,##0.00" ₽"`` — the space inside the quotes: an
unquoted space after ``0.00`` is a thousands separator to a Russian
LibreOffice, which then shows the amount divided by 1 000.
"""

from decimal import Decimal

import pandas as pd

MONEY_FORMAT = '#,##0.00" ₽"'
_BASE = {'font_name': 'Calibri', 'font_size': 11, 'valign': 'vcenter', 'border': 1, 'border_color': '#BFBFBF'}
FORMATS = {'int': '#,##0', 'share': '0.0%', 'money': MONEY_FORMAT, 'date': 'dd.mm.yyyy', 'dec1': '#,##0.0',
           'text': '@'}


def style(kind, **extra):
    """The cell format dict of a column *kind* (see :data:`FORMATS`)."""
    s = dict(_BASE, num_format=FORMATS[kind])
    s.update(extra)
    return s


def cell(sheet, r, c, value, kind, **extra):
    """Write one value of *kind*; ``None`` / NA leaves a bordered blank."""
    fmt = style(kind, **extra)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        sheet.blank((r, c), fmt)
        return
    if kind == 'text':
        sheet.text((r, c), str(value), fmt)
    elif kind == 'date':
        sheet.input((r, c), value, fmt)
    elif kind == 'money':
        sheet.number((r, c), Decimal(int(value)) / 100, fmt)
    else:
        sheet.number((r, c), value if isinstance(value, (int, Decimal)) else Decimal(str(value)), fmt)


def table(sheet, row, columns, records, widths=True, total_last=False):
    """Header at *row*, then one row per record; *columns*: ``(header, key or callable, kind[, width])``.

    Returns the row after the table. With *total_last*, the last record is bold.
    """
    header = dict(_BASE, bold=True, bg_color='#D9E1F2', text_wrap=True, align='center')
    sheet.ws.set_row(row, 45)
    for c, spec in enumerate(columns):
        sheet.text((row, c), spec[0], header)
    records = list(records)
    for i, rec in enumerate(records):
        bold = {'bold': True} if total_last and i == len(records) - 1 else {}
        for c, (_, get, kind, *_) in enumerate(columns):
            cell(sheet, row + 1 + i, c, get(rec) if callable(get) else rec.get(get), kind, **bold)
    if widths:
        # the configured width is the least; a typed-in text (a refusal reason) widens its column, a
        # longer one wraps where the next cell would cut it off
        sheet.fit(first_row=row, minimum={c: spec[3] for c, spec in enumerate(columns) if len(spec) > 3})
    return row + 1 + len(records)


def print_wide(sheet):
    """Printed as people print these tables: landscape A4, the whole width on one page."""
    sheet.ws.set_landscape()
    sheet.ws.set_paper(9)
    sheet.ws.fit_to_pages(1, 0)
