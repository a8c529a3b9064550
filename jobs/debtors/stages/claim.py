"""Претензия: the pre-trial claim letter (PDF) by e-mail; its original goes by registered post,
listed on the report's sheet «Претензии почтой» (SPEC 7.2)."""

from . import CLAIM, DEFAULT_DAYS, Attachment, Stage


def write_claim(*args):
    """The PDF writer of :mod:`..claim_pdfs`, imported when a PDF is written (fpdf2 is not needed
    by a dry run or a run without this stage)."""
    from ..claim_pdfs import write_claim as write
    return write(*args)


def post_sheet(book, used, data):
    """«Претензии почтой»: the claims e-mailed today, for sending the originals by registered post."""
    from ..debtors_workbook import table
    rows = []
    for code, _, as_of in data.sent.get(CLAIM, ()):
        c, a = data.clients.get(code), data.accounts.get(code)
        if c is not None and as_of == data.as_of.isoformat():
            rows.append((code, c.name, c.inn, c.contract, c.address, a.overdue_debt if a else None))
    return table(book, used, 'Претензии почтой', 'Претензии %s: отправить оригиналы заказным письмом с описью '
                 'вложения' % data.as_of.strftime('%d.%m.%Y'),
                 ('Код', 'Наименование', 'ИНН', 'Договор №', 'Адрес', 'Долг', 'Трек-номер'), rows,
                 ('label',) * 5 + ('money',), 'Сегодня претензий нет.')


STAGE = Stage(code=CLAIM, name='претензия', days=DEFAULT_DAYS[CLAIM], report_sheet=post_sheet,
              attachments=(Attachment('Претензия {code} {as_of}.pdf', 'Претензия по договору {contract}.pdf',
                                      'претензия PDF', write_claim),))
