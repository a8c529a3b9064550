"""Monthly closing documents (SPEC 7.3): invoices, acts, reconciliation statements.

Modules: :mod:`.types` (the registry of document types — :mod:`.types.act`,
:mod:`.types.invoice`, :mod:`.types.reconciliation`: each its period rule,
data, amount, numbering series and PDF), :mod:`.content` (what every document
shares: periods, parties, lines and totals), :mod:`.amounts` (VAT, amount in
words), :mod:`.journal` (the «Документооборот» workbook), :mod:`.job` (the
run). Numbers and records: :mod:`jobs.state.documents`.
"""


def run_job(operator_dir, when=None, dry_run=False, **options):
    """The scheduler's entry point; see :func:`jobs.documents.job.run_job`."""
    from .job import run_job as run
    return run(operator_dir, when, dry_run, **options)


__all__ = ['run_job']
