"""Monthly closing documents (SPEC 7.3): invoices, acts, reconciliation statements.

Modules: :mod:`.amounts` (VAT, amount in words), :mod:`.numbering` (gapless
numbers in SQLite), :mod:`.model` (what each document says, from the
register), :mod:`.invoice`, :mod:`.act`, :mod:`.reconciliation` (the PDFs),
:mod:`.register` (the «Документооборот» workbook), :mod:`.job` (the run).
"""


def run_job(operator_dir, when=None, dry_run=False, **options):
    """The scheduler's entry point; see :func:`jobs.documents.job.run_job`."""
    from .job import run_job as run
    return run(operator_dir, when, dry_run, **options)


__all__ = ['run_job']
