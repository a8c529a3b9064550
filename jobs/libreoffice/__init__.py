"""LibreOffice Calc face of the kit: the generated Basic module, the Python bridge
and their installation into a LibreOffice user profile.

- :mod:`.basic` generates ``macros/B2BKit.xba`` (one Basic function per catalogue
  entry) and ``macros/b2bkit_bridge.py`` (from :mod:`.bridge`).
- :mod:`.install` puts both into a profile (``b2bkit libreoffice install``) and
  takes them out again (``b2bkit libreoffice uninstall``).
"""
