"""Предупреждение: the debt and the date from which the service may be suspended, by e-mail and SMS,
with the written warning (PDF) that also goes by registered post: п. 3 ст. 44 ФЗ «О связи» counts
the six months before termination from its receipt."""

from ...folder_names import WARNINGS_DIR
from . import DEFAULT_DAYS, Attachment, Stage


STAGE = Stage(code='warning', name='предупреждение', days=DEFAULT_DAYS['warning'], sms=True, by_post=True,
              attachments=(Attachment('Предупреждение {code} {as_of}.pdf', 'Предупреждение по договору {contract}.pdf',
                                      'предупреждение PDF', 'warning_pdf:write_warning',
                                      WARNINGS_DIR),))
