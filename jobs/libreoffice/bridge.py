"""isp-b2b-kit bridge: LibreOffice Basic → the worksheet-function catalogue.

LibreOffice runs this file through its Python script provider
(``vnd.sun.star.script:b2bkit_bridge.py$b2b_call?language=Python&location=user``);
the Basic module ``B2BKit`` (Standard library of "My Macros") calls
:func:`b2b_call` for every worksheet function. ``b2bkit libreoffice install``
copies this file into ``<profile>/user/Scripts/python/`` with ``KIT_PATH`` set
to the folder that holds the installed ``addin`` package (a checkout or a venv's
site-packages), so LibreOffice's own Python finds the model wherever the kit is.

It needs no ``uno`` module: the script provider hands over plain Python values
(ranges as tuples of tuples, empty cells as None) and converts the result back.

>>> b2b_call('B2B_NDFL', (300000, 0, 2025))
39000.0
>>> b2b_call('B2B_PERSONAL_PLAN', (10.0, ((1.0,), (1.0,), (2.0,))))
((3,), (2,), (5,))
>>> b2b_call('B2B_MONTHLY_PLAN', (150.0, 0.0))[:9]
'#ОШИБКА: '
"""

import importlib
import importlib.util
import os
import sys

#: The folder that contains the ``addin`` package; written by the installer.
#: None: import ``addin`` from ``sys.path`` (a development checkout).
KIT_PATH = None

ERROR_PREFIX = '#ОШИБКА: '

_catalogue = None


def _load_catalogue():
    """Import ``addin.catalogue`` once per LibreOffice session.

    The package is loaded from KIT_PATH by file location rather than by putting
    KIT_PATH on ``sys.path``: a venv's site-packages holds packages built for
    another Python, which must not shadow LibreOffice's own.
    """
    global _catalogue
    if _catalogue is None:
        if KIT_PATH and 'addin' not in sys.modules:
            package_dir = os.path.join(KIT_PATH, 'addin')
            spec = importlib.util.spec_from_file_location(
                'addin', os.path.join(package_dir, '__init__.py'),
                submodule_search_locations=[package_dir])
            if spec is None:
                raise ImportError(package_dir)
            module = importlib.util.module_from_spec(spec)
            sys.modules['addin'] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules['addin']
                raise
        _catalogue = importlib.import_module('addin.catalogue')
    return _catalogue


def _from_cell(value):
    """A value from Basic as the catalogue gets it from Excel (xlwings): numbers as
    float. Basic hands whole numbers to UNO as integers, depending on the other
    values in the argument array, so without this an error text would say «-1»
    in one formula and «-1.0» in the next."""
    if isinstance(value, (list, tuple)):
        return tuple(_from_cell(v) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _to_cell(value):
    """A catalogue result as something the script provider hands back to Basic:
    arrays as tuples of row tuples (Basic turns them into a 2-D array)."""
    if isinstance(value, (list, tuple)):
        return tuple(_to_cell(v) for v in value)
    if value is None:
        return ''
    if isinstance(value, (bool, int, float, str)):
        return value
    try:
        return float(value)         # Decimal and other numbers
    except (TypeError, ValueError):
        return str(value)


def b2b_call(name, args=()):
    """Worksheet function *name* applied to the cell values *args*.

    Never raises: whatever goes wrong becomes «#ОШИБКА: …» text for the cell,
    because an exception would surface in Basic as a runtime dialog, which
    blocks a headless LibreOffice.
    """
    try:
        catalogue = _load_catalogue()
    except Exception as exc:  # noqa: BLE001 — any import failure is reported in the cell
        return (ERROR_PREFIX + 'не найден пакет isp-b2b-kit (%s: %s); выполните '
                '«b2bkit libreoffice install»' % (type(exc).__name__, exc))
    try:
        return _to_cell(catalogue.call_for_cell(str(name), [_from_cell(v) for v in args or ()]))
    except Exception as exc:  # noqa: BLE001 — see the docstring
        return ERROR_PREFIX + 'сбой функции %s: %s: %s' % (name, type(exc).__name__, exc)


# Only b2b_call is offered in Tools ▸ Macros (the helpers are private).
g_exportedScripts = (b2b_call,)
