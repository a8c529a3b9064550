"""The registry of document types (виды документов): each module of this package declares one.

A module here defines ``TYPE = DocumentType(...)``; :data:`ALL` holds them in
their ``order`` (numbering order within a client, attachment order in the
letter). The documents job, the «Документооборот» journal and the dry run read
only the declaration, so a new type is one module here (its builder and its
renderer) — see «Add a document type» in docs/developers.md.
"""

import importlib
import pkgutil
from dataclasses import dataclass
from decimal import Decimal
from typing import Callable


#: The one numbering series of счета-фактуры: УПД (status 1), счёт-фактура, счёт-фактура на аванс.
VAT_INVOICE_SERIES = 'sf'


@dataclass(frozen=True)
class DocumentType:
    """One kind of closing document.

    *period(settings, when)* — the period key the run of *when* makes it for
    (``2026-10``, ``2026-Q3``), or ``None`` when this month's run makes none;
    *build(case, client, period)* — the stored data (a JSON-able dict; *case*
    is the run's :class:`jobs.documents.job.Case`) or ``None`` when the client
    gets none; *render(data, number)* — the PDF bytes; *heading(number, date)* —
    «Акт № 5 от 02.11.2026»; *amount(data)* — what ``documents.amount`` records
    (rubles); *series* — the numbering sequence (gapless per year): the счета-фактуры,
    УПД and advance invoices share :data:`VAT_INVOICE_SERIES`, as the law wants one
    chronological sequence of счета-фактуры (ПП РФ № 1137, п. 1 «а» Правил заполнения).
    """
    code: str                 # documents.doc_type: act | invoice | reconciliation
    title: str                # «Акт оказанных услуг» (the journal's «Документ» column)
    file_title: str           # «Акт» — the start of the file name
    plural: str               # «актов» — in the summaries: «выпущено 12: актов 5, …»
    order: int
    period: Callable
    period_text: Callable     # period key → «октябрь 2026 г.»
    build: Callable
    render: Callable
    heading: Callable
    amount: Callable = lambda data: Decimal(data['total'])
    series: str = ''          # '' — the type's own code
    series_for: Callable = None   # data → series, when it depends on the document (УПД status 2)
    edo: Callable = None      # (data, number) → (file id, XML bytes) or None: the ЭДО file (:mod:`..edo`)
    vat_invoice: bool = False  # a счёт-фактура (УПД status 1, advance): listed in the книга продаж

    @property
    def numbering(self):
        return self.series or self.code

    def series_of(self, data):
        """The numbering series of the document *data*."""
        return self.series_for(data) if self.series_for else self.numbering


def _discover():
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module('%s.%s' % (__name__, info.name))
        if isinstance(getattr(module, 'TYPE', None), DocumentType):
            found.append(module.TYPE)
    return tuple(sorted(found, key=lambda t: t.order))


#: Every document type, in order.
ALL = _discover()
BY_CODE = {t.code: t for t in ALL}
