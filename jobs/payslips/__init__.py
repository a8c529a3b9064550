"""Payslips (расчётные листки, ст. 136 ТК РФ): ``b2bkit payslips`` and the monthly schedule.

:mod:`.workbook` reads the operator's «Зарплата отдела продаж.xlsx» and recomputes
every employee's month through :func:`addin.model.month_pay`; :mod:`.document`
renders one password-protected PDF per employee; :mod:`.job` writes them and
mails each employee theirs through the outbox.
"""

from .job import run_job

__all__ = ['run_job']
