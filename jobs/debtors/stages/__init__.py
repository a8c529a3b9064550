"""The registry of dunning stages (стадии взыскания): each module of this package declares one.

A module here defines ``STAGE = Stage(...)``: code, Russian name, default days
overdue, audience (the client, or ``internal`` — a hand-over to our lawyer),
SMS or not, the PDFs attached, the message templates
(``jobs/templates/debtors/<templates>.*``) and the extra sheet of «Отчет по
должникам». The ladder (:mod:`..ladder`), the job and the report read only
the declaration, so a new stage is one module here plus its templates — see
«Add a dunning stage» in docs/developers.md. The days come from ``[dunning]``
of the settings when it has the stage's key; the defaults are those of
:data:`addin.model.aging.DEFAULT_STAGES` (the model's ``B2B_DUNNING_STAGE``),
which a test keeps equal to this registry.
"""

import dataclasses
import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable, Optional

from addin.model.aging import DEFAULT_STAGES

from ...folder_names import CLAIMS_DIR

CLIENT, INTERNAL = 'client', 'internal'
#: The pre-trial claim (претензия): a suit may be filed ``answer_days`` after it (АПК РФ ст. 4 ч. 5).
CLAIM = 'claim'
DEFAULT_DAYS = {s.code: s.days for s in DEFAULT_STAGES}


@dataclass(frozen=True)
class Attachment:
    """A PDF sent with a stage's message, made by *writer* (``'module:function'`` under
    ``jobs.debtors``, called as ``function(path, settings, client, account, lines)``). The writer is
    imported only when a PDF is written: a dry run or a run without the stage needs no fpdf2."""
    file: str                 # the file's name in «Должники/Претензии»: 'Претензия {code} {as_of}.pdf'
    name: str                 # its name in the message: 'Претензия по договору {contract}.pdf'
    what: str                 # the dry run's words: 'претензия PDF'
    writer: str               # 'claim_pdfs:write_claim'
    folder: str = CLAIMS_DIR  # inside «Выгрузка/Должники»

    def write(self, path, settings, client, account, lines):
        module, _, function = self.writer.partition(':')
        return getattr(importlib.import_module('jobs.debtors.' + module), function)(
            path, settings, client, account, lines)


@dataclass(frozen=True)
class Stage:
    """One step of the ladder. *days*: days overdue ≥ which it is reached."""
    code: str                 # notices.stage
    name: str                 # Russian: «претензия»
    days: int
    audience: str = CLIENT
    sms: bool = False         # an SMS text (templates + '.sms.txt') goes to the client's phone
    attachments: tuple = ()
    templates: str = ''       # '' — 'debtors_' + code
    report_sheet: Optional[Callable] = None   # sheet(book, data, used_names) → rows written
    by_post: bool = False     # its letter also goes by registered post / ЭДО (sheet «Заказные письма», b2bkit posted)
    min_debt_setting: str = ''  # a ``[dunning]`` key: below that overdue debt the stage is not reached
    min_debt: object = None     # its value, set by :func:`from_settings`

    @property
    def template(self):
        return self.templates or 'debtors_' + self.code

    @property
    def internal(self):
        return self.audience == INTERNAL


def _discover():
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module('%s.%s' % (__name__, info.name))
        if isinstance(getattr(module, 'STAGE', None), Stage):
            found.append(module.STAGE)
    return tuple(sorted(found, key=lambda s: (s.days, s.code)))


#: Every stage, in ladder order (ascending default days).
ALL = _discover()
NAMES = {s.code: s.name for s in ALL}


def from_settings(dunning):
    """The ladder with the days of ``settings.dunning`` (``[dunning]``: ``reminder = 5`` …), in ladder order."""
    days = dict(dunning.stages)
    ladder = [dataclasses.replace(s, days=days.get(s.code, s.days),
                                  min_debt=getattr(dunning, s.min_debt_setting) if s.min_debt_setting else None)
              for s in ALL]
    return tuple(sorted(ladder, key=lambda s: s.days))
