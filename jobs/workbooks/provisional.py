"""The provisional-facts warning of a ready workbook (предупреждение о
предварительных показателях).

One cell with ``=IFERROR(B2B_FACT("предупреждение";DATE(year;1;1));"")``: empty while every
figure of the sheet's year is published, a visible Russian sentence naming the
carried-over figures (МРОТ, предельная база…) when the year is not — and it
disappears by itself once the kit (or the user's ``yearly.json``) has the year.
The numbers of the sheet stay numbers either way.
"""

import datetime

from addin import catalogue

#: Bold dark red: meant to be seen, not mistaken for a result.
STYLE = {'font_name': 'Calibri', 'font_size': 11, 'valign': 'vcenter', 'bold': True,
         'font_color': '#9C0006'}
#: The pale red fill, only while the cell is not empty (an empty pink bar would alarm).
FILLED = {'bg_color': '#FFC7CE'}


def warning_cell(sheet, cell, year_ref):
    """Write the warning formula for the year in *year_ref* at *cell* of *sheet*
    (a :class:`jobs.xlsx_writer.Sheet`), with its cached value; returns the
    cell's reference."""
    year = int(year_ref.value())
    value = catalogue.call('B2B_FACT', ['предупреждение', datetime.date(year, 1, 1)])
    # IFERROR: an empty saved value is recalculated by LibreOffice on load, and without
    # the macros that is #NAME? — the sheet's functions notice says what is missing.
    formula = '=IFERROR(B2B_FACT("предупреждение",DATE(%s,1,1)),"")' % year_ref.text(sheet)
    ref = sheet.calc(cell, formula, value, STYLE)
    sheet.ws.conditional_format(ref.r1, ref.c1, ref.r1, ref.c1,
                                {'type': 'no_blanks', 'format': sheet.book.fmt(FILLED)})
    return ref
