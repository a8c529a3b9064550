"""Install the kit's Basic module and bridge into a LibreOffice user profile.

A profile folder is what ``-env:UserInstallation=file:///DIR`` names: it holds
``user/``. The Basic module goes into the Standard library of "My Macros"
(``user/basic/Standard/``) because only Standard is loaded at start-up, and only
loaded libraries bind bare function names in an .xlsx. The bridge goes into
``user/Scripts/python/`` (the script provider's ``location=user``).

The user's own Standard modules and libraries are never touched: library
indexes are edited by inserting or deleting one line, not rewritten.
"""

import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import addin

from ..errors import UserError
from ..files import write_bytes
from . import basic

LIB_NS = 'http://openoffice.org/2000/library'
_DOCTYPE = '<!DOCTYPE library:%s PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "%s">\n'
_CONTAINER = ('<?xml version="1.0" encoding="UTF-8"?>\n' + _DOCTYPE % ('libraries', 'libraries.dtd')
              + '<library:libraries xmlns:library="http://openoffice.org/2000/library" '
                'xmlns:xlink="http://www.w3.org/1999/xlink">\n</library:libraries>\n')
_STANDARD_ENTRY = (' <library:library library:name="Standard" '
                   'xlink:href="$(USER)/basic/Standard/%s.xlb/" xlink:type="simple" '
                   'library:link="false"/>\n')
_INDEX = ('<?xml version="1.0" encoding="UTF-8"?>\n' + _DOCTYPE % ('library', 'library.dtd')
          + '<library:library xmlns:library="http://openoffice.org/2000/library" '
            'library:name="Standard" library:readonly="false" '
            'library:passwordprotected="false">\n</library:library>\n')
_ELEMENT = ' <library:element library:name="%s"/>\n' % basic.MODULE_NAME
_ELEMENT_RE = re.compile(r'[ \t]*<library:element\s+library:name="%s"\s*/>[ \t]*\r?\n?'
                         % re.escape(basic.MODULE_NAME))


def default_profile():
    """The current user's LibreOffice profile folder (the one holding ``user/``)."""
    home = Path.home()
    if sys.platform.startswith('win'):
        return Path(os.environ.get('APPDATA') or home / 'AppData' / 'Roaming') / 'LibreOffice' / '4'
    if sys.platform == 'darwin':
        return home / 'Library' / 'Application Support' / 'LibreOffice' / '4'
    config = os.environ.get('XDG_CONFIG_HOME') or home / '.config'
    return Path(config) / 'libreoffice' / '4'


def kit_path():
    """The folder that contains the installed ``addin`` package (checkout or site-packages)."""
    return Path(addin.__file__).resolve().parent.parent


def _paths(profile):
    user = Path(profile) / 'user'
    standard = user / 'basic' / 'Standard'
    return dict(basic=user / 'basic', standard=standard,
                module=standard / (basic.MODULE_NAME + '.xba'),
                index=standard / 'script.xlb',
                bridge=user / 'Scripts' / 'python' / basic.BRIDGE_NAME)


def _read(path):
    try:
        return path.read_text(encoding='utf-8')
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError('не удалось прочитать файл профиля LibreOffice %s: %s' % (path, exc))


def _write(path, text):
    """Write *text* only if it differs (a reinstall leaves files untouched); atomically,
    so a crash never leaves LibreOffice a half-written library index."""
    if path.exists() and _read(path) == text:
        return False
    try:
        write_bytes(path, text.encode('utf-8'))
    except OSError as exc:
        raise UserError('не удалось записать файл %s: %s' % (path, exc))
    return True


def _parse(path, text):
    try:
        return ET.fromstring(text.encode('utf-8'))
    except ET.ParseError as exc:
        raise UserError('файл профиля LibreOffice %s повреждён (%s); исправьте или удалите его'
                        % (path, exc))


def _attr(element, name):
    return element.get('{%s}%s' % (LIB_NS, name))


def _insert_before_close(text, tag, line, path):
    """*text* with *line* added as the last child of its root element *tag*."""
    closing = '</library:%s>' % tag
    pos = text.rfind(closing)
    if pos >= 0:
        return text[:pos] + line + text[pos:]
    # A root written as an empty element: <library:library ... />
    match = re.search(r'<library:%s\b[^>]*?/>' % tag, text)
    if not match:
        raise UserError('не удалось разобрать файл профиля LibreOffice %s' % path)
    opened = match.group(0)[:-2].rstrip() + '>\n'
    return text[:match.start()] + opened + line + closing + text[match.end():]


def _ensure_container(path, kind):
    """``script.xlc``/``dialog.xlc`` exist and list the Standard library."""
    text = _read(path) if path.exists() else _CONTAINER
    root = _parse(path, text)
    for lib in root:
        if _attr(lib, 'name') == 'Standard':
            if _attr(lib, 'link') == 'true':
                raise UserError('библиотека Standard в %s подключена ссылкой на другую папку; '
                                'установка в неё не поддерживается' % path)
            return False
    return _write(path, _insert_before_close(text, 'libraries', _STANDARD_ENTRY % kind, path))


def _index_text(path):
    """The text of Standard's ``script.xlb`` (a fresh index when missing), refused
    when the library is password-protected."""
    text = _read(path) if path.exists() else _INDEX
    root = _parse(path, text)
    if _attr(root, 'passwordprotected') == 'true':
        raise UserError('библиотека Standard в %s защищена паролем; снимите пароль '
                        '(Сервис ▸ Макросы ▸ Управление макросами) и повторите установку'
                        % path.parent)
    return text


_SETUP_DONE_RE = re.compile(r'oor:name="ooSetupInstCompleted"[^>]*>\s*<value>true</value>')


def is_initialised(profile):
    """True once LibreOffice has set the profile up.

    On its first start LibreOffice copies its presets over ``user/basic``,
    which would drop the module from Standard's index, so installing into a
    profile LibreOffice has not created yet is refused.
    """
    xcu = Path(profile) / 'user' / 'registrymodifications.xcu'
    try:
        return bool(_SETUP_DONE_RE.search(xcu.read_text(encoding='utf-8', errors='replace')))
    except OSError:
        return False


def is_running(profile):
    """True while a LibreOffice holds the profile's lock file."""
    return (Path(profile) / 'user' / '.lock').exists()


def install(profile=None):
    """Install (or refresh) the Basic module and the bridge in *profile*.

    Returns the list of files written or changed (empty on an idempotent reinstall).
    """
    profile = Path(profile) if profile else default_profile()
    if not is_initialised(profile):
        raise UserError('профиль LibreOffice %s ещё не создан: запустите LibreOffice один раз, '
                        'закройте его и повторите установку (или укажите другой профиль '
                        'параметром --profile)' % profile)
    p = _paths(profile)
    changed = []
    for kind in ('script', 'dialog'):
        container = p['basic'] / ('%s.xlc' % kind)
        if _ensure_container(container, kind):
            changed.append(container)
    # dialog.xlc lists Standard, so Standard needs a (here empty) dialog index too.
    dialogs = p['standard'] / 'dialog.xlb'
    if not dialogs.exists():
        _write(dialogs, _INDEX)
        changed.append(dialogs)
    text = _index_text(p['index'])
    names = [_attr(e, 'name') for e in _parse(p['index'], text)]
    if basic.MODULE_NAME not in names:
        text = _insert_before_close(text, 'library', _ELEMENT, p['index'])
    if _write(p['index'], text):
        changed.append(p['index'])
    if _write(p['module'], basic.module_xba()):
        changed.append(p['module'])
    if _write(p['bridge'], basic.bridge_source(kit_path())):
        changed.append(p['bridge'])
    return changed


def uninstall(profile=None):
    """Remove exactly what :func:`install` put in: the module, its line in
    Standard's index and the bridge. Returns the files removed or changed."""
    profile = Path(profile) if profile else default_profile()
    p = _paths(profile)
    changed = []
    if p['index'].exists():
        text = _read(p['index'])
        stripped = _ELEMENT_RE.sub('', text)
        if stripped != text:
            _parse(p['index'], stripped)    # never leave LibreOffice a broken index
            _write(p['index'], stripped)
            changed.append(p['index'])
    for key in ('module', 'bridge'):
        if p[key].exists():
            try:
                p[key].unlink()
            except OSError as exc:
                raise UserError('не удалось удалить файл %s: %s' % (p[key], exc))
            changed.append(p[key])
    return changed


def installed(profile=None):
    """True when the module, its index entry and the bridge are all in *profile*."""
    p = _paths(Path(profile) if profile else default_profile())
    return (p['module'].exists() and p['bridge'].exists() and p['index'].exists()
            and bool(_ELEMENT_RE.search(_read(p['index']))))
