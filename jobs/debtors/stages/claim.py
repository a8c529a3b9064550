"""Претензия: the pre-trial claim letter (PDF) by e-mail; its original goes by registered post to
the client's legal address, listed on the report's sheet «Заказные письма» (SPEC 7.2)."""

from . import CLAIM, DEFAULT_DAYS, Attachment, Stage


STAGE = Stage(code=CLAIM, name='претензия', days=DEFAULT_DAYS[CLAIM], by_post=True,
              attachments=(Attachment('Претензия {code} {as_of}.pdf', 'Претензия по договору {contract}.pdf',
                                      'претензия PDF', 'claim_pdfs:write_claim'),))
