"""Active sales to legal entities (активные продажи): territory, pipeline, call log, the weekly report.

Jobs for :mod:`jobs.scheduler`: :func:`run_job` (weekly report) and :func:`run_daily`
(the morning «оперативка»). See docs/sales.md for the registers and the figures.
"""

from .job import run_daily, run_job

__all__ = ['run_job', 'run_daily']
