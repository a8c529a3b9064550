"""isp-b2b-kit add-in: the calculation core and its spreadsheet faces.

``addin.model`` holds the pure calculation core (standard library only).
``addin.catalogue`` describes every worksheet function once; the xlwings module
(``addin.udfs``), the LibreOffice Basic wrappers and the function reference are
produced from it.
"""

__version__ = "0.1.0"
