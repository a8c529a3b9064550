"""Paperwork from the register (бумаги): contracts, agreements, acts, applications, commercial proposals.

``b2bkit paper`` (:mod:`jobs.commands.paper`; user docs ``docs/paper.md``)::

    catalogue   the starter templates and the operator's «Шаблоны/Документы», families (КП, Договор)
    clients     the ONE adapter from the register's clients to plain records; batch selection
    where       --where conditions
    tariffs     the tariff grid «Тарифы.xlsx»: the client's tariff, the upsell
    context     the fields of a document as plain text (fields.FIELDS documents them)
    fields      how a template sees the fields: unknown → error, empty → error when printed
    render      docxtpl filling with Russian errors naming the template and the line
    job         numbering (jobs.state.paper), DOCX + PDF in one LibreOffice launch per chunk, mail
    builder     builds the starter DOCX files from their sources jobs/templates/paper/starter/*.j2

The pipeline register hooks in with :func:`jobs.paper.job.proposal_for_prospect`.
"""
