"""«Общий отчет — юридические лица»: the owner's monthly report (SPEC 7.4).

- the figures for the trailing 12 months, overall and by manager, segment and
  service, are :mod:`jobs.ledger.figures` (definitions in its docstring);
- :mod:`.workbook` — the xlsx (XlsxWriter) with a summary, one sheet per cut,
  top debtors and charts;
- :mod:`.email` — the HTML and plain-text summary for the owner;
- :mod:`.job` — :func:`run_job`, what the scheduler and ``b2bkit report`` call.
"""


def run_job(operator_dir, when, dry_run=False):
    """See :func:`jobs.report.job.run_job` (imported lazily: the scheduler
    addresses the job as ``jobs.report:run_job``)."""
    from .job import run_job as run
    return run(operator_dir, when, dry_run=dry_run)
