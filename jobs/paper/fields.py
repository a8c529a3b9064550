"""The fields a paper template prints (поля шаблонов) and how the template sees them.

A template reads plain data — a dict of groups (``company``, ``client``,
``doc``, ``tariff``, …) holding text — through :class:`Group`: a field the kit
does not know raises :class:`UnknownField`, and a field that is *empty* for
this client is a :class:`Blank`. A blank is false in ``{% if client.kpp %}``
(so a template can leave out a line an ИП has no value for) but printing it
raises :class:`MissingField`: no document goes out with an empty requisite.

Every value is already formatted text (``12 345,50``, ``02.12.2026``), so
register text is data only: Jinja2 never parses it, and the template's
autoescape makes it XML-safe (``<``, ``&`` print as they are).

>>> g = wrap({'client': {'name': 'ООО «Альфа»', 'kpp': ''}})
>>> str(g['client'].name), bool(g['client'].kpp)
('ООО «Альфа»', False)
>>> str(g['client'].kpp)
Traceback (most recent call last):
...
jobs.paper.fields.MissingField: client.kpp
>>> g['client'].nmae
Traceback (most recent call last):
...
jobs.paper.fields.UnknownField: client.nmae
"""

from .. import data_files

#: Every field with its Russian meaning, in the order docs/paper.md lists them (``jobs/data/paper.toml``).
#: A test checks each one is documented there and given by the context.
FIELDS = data_files.load('paper')['fields']
#: Where the user fills an empty field (for the Russian error).
SOURCES = data_files.load('paper')['sources']


def describe(path):
    """``client.kpp`` → «client.kpp» (КПП клиента (у ИП пусто))."""
    generic = path.split('.')[0].rstrip('0123456789[]')
    key = path if path in FIELDS else generic + '[].' + path.split('.', 1)[-1]
    meaning = FIELDS.get(key)
    return '«%s»%s' % (path, ' (%s)' % meaning if meaning else '')


class MissingField(Exception):
    """A field the template prints is empty for this document (args[0]: the field path)."""


class UnknownField(Exception):
    """The template asks for a field the kit does not have (args[0]: the field path)."""


class Blank:
    """An empty value: false in ``{% if %}``, an error when printed."""
    __slots__ = ('path',)

    def __init__(self, path):
        self.path = path

    def __bool__(self):
        return False

    def _missing(self, *args):
        raise MissingField(self.path)

    __str__ = __html__ = __iter__ = __len__ = _missing

    def __repr__(self):
        return 'Blank(%r)' % self.path


class Group:
    """A group of fields (``client``, ``doc``…) as the template sees it."""
    __slots__ = ('_path', '_values')

    def __init__(self, path, values):
        self._path, self._values = path, values

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        try:
            value = self._values[name]
        except KeyError:
            raise UnknownField('%s.%s' % (self._path, name)) from None
        return _wrap('%s.%s' % (self._path, name), value)

    __getitem__ = __getattr__

    def __str__(self):
        raise UnknownField(self._path)

    __html__ = __str__


def _wrap(path, value):
    if isinstance(value, dict):
        return Group(path, value)
    if isinstance(value, list):
        return [_wrap('%s%d' % (path, i + 1), v) for i, v in enumerate(value)]
    return Blank(path) if value is None or value == '' else value


def wrap(data):
    """The template context of plain *data* (groups of text, lists of groups, booleans)."""
    return {name: _wrap(name, value) for name, value in data.items()}
