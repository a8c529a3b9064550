"""The ledger (учёт расчётов): pure computation over the register's frames — no I/O, no SQL.

- :mod:`.terms` — payment terms (срок оплаты) and due dates, ст. 191/193 ГК;
- :mod:`.accounts` — client accounts: FIFO settlement, overdue debt, days
  overdue, debt episodes, the per-charge debt calculation;
- :mod:`.periods` — service periods of a legal entity (for new / churned clients);
- :mod:`.figures` — the figures of the owner's 12-month report.

``jobs.debtors`` and ``jobs.report`` both call this package; neither imports
the other, and nothing here imports either. Money is int64 kopecks inside,
``Decimal`` rubles on what leaves (:class:`.accounts.Account`, figures).
"""
