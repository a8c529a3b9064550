"""Debtor notices (работа с должниками), SPEC 7.2.

Modules (the accounts themselves — FIFO, overdue debt, debt episodes — are
:mod:`jobs.ledger.accounts`): :mod:`.stages` (the registry of dunning stages), :mod:`.ladder`
(which stage to send), :mod:`.texts` (templates in ``jobs/templates/debtors/``),
:mod:`.claim_pdfs` (the claim letter and debt calculation PDFs), :mod:`.sms`
(SMS CSV), :mod:`.debtors_workbook` («Отчет по должникам»), :mod:`.job` (the
run; ``b2bkit debtors``).
"""


def run_job(operator_dir, when=None, dry_run=False, **kwargs):
    """The scheduler's entry point; see :func:`jobs.debtors.job.run_job`."""
    from .job import run_job as run
    return run(operator_dir, when, dry_run, **kwargs)
