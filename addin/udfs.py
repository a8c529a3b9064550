"""The kit's worksheet functions for Excel through the open-source xlwings add-in.

Every function of :mod:`addin.catalogue` becomes a module attribute with the
catalogue's name and argument order, decorated with ``@xw.func``/``@xw.arg``/
``@xw.ret`` so xlwings' "Import Functions" registers it in Excel. On Linux and
macOS without Excel the decorators are inert and the functions are plain Python:

>>> B2B_NDFL(300000, 0, 2025)
39000.0
>>> B2B_PAYBACK(200000, 10, 5000)
9

A wrong argument raises :class:`addin.model.ArgumentError`; xlwings' VBA wrapper
puts its Russian message into the cell.
"""

import inspect

import xlwings as xw

from . import catalogue
from .catalogue import COLUMN, TABLE, is_optional


def _make_udf(f):
    def udf(*values):
        return catalogue.call(f.name, values)

    udf.__name__ = udf.__qualname__ = f.name
    udf.__module__ = __name__
    udf.__doc__ = f.help
    # xlwings reads argument names and optionality from the signature. A required
    # argument after an optional one (B2B_CHILD_DEDUCTION) gets a default too — Python
    # demands it; the catalogue still reports it missing in Russian.
    optional = [any(is_optional(b) for b in f.args[:i + 1]) for i in range(len(f.args))]
    udf.__signature__ = inspect.Signature([
        inspect.Parameter(a.name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                          default=None if opt else inspect.Parameter.empty)
        for a, opt in zip(f.args, optional)
    ])
    decorated = xw.func(category='isp-b2b-kit')(udf)
    for a in f.args:
        options = {'ndim': 2} if a.kind in (COLUMN, TABLE) else {}
        decorated = xw.arg(a.name, doc=a.help, **options)(decorated)
    # Array results (a list of rows) need no xw.ret: the ready workbooks ask table
    # functions for one cell (row / column given), a user's array formula gets the
    # rows, and dynamic-array Excel spills them.
    return decorated


for _f in catalogue.FUNCTIONS:
    globals()[_f.name] = _make_udf(_f)

__all__ = [f.name for f in catalogue.FUNCTIONS]
