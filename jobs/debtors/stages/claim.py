"""Претензия: the pre-trial claim letter (PDF) by e-mail; its original goes by registered post to
the client's legal address, listed on the report's sheet «Заказные письма» (SPEC 7.2)."""

from . import CLAIM, DEFAULT_DAYS, Attachment, Stage


def write_claim(*args):
    """The PDF writer of :mod:`..claim_pdfs`, imported when a PDF is written (fpdf2 is not needed
    by a dry run or a run without this stage)."""
    from ..claim_pdfs import write_claim as write
    return write(*args)


STAGE = Stage(code=CLAIM, name='претензия', days=DEFAULT_DAYS[CLAIM], by_post=True,
              attachments=(Attachment('Претензия {code} {as_of}.pdf', 'Претензия по договору {contract}.pdf',
                                      'претензия PDF', write_claim),))
