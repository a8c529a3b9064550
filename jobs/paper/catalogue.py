"""Which paper templates there are (каталог шаблонов) and how a name on the command line finds one.

The starter set lives in ``jobs/templates/paper/`` (built by :mod:`.builder`);
the operator's own DOCX files in ``Шаблоны/Документы/`` of the operator folder
override a starter template of the same name or add new ones. A template is
*numbered* when it prints ``{{ doc.number }}``: its number comes from the
series «договор» (``contract``), or «соглашение» (``agreement``) when the name
says «соглашение».

Families pick a template per client: ``КП`` by segment («КП малый бизнес»…),
``Договор`` and ``Наряд-заказ`` by the client's service.

>>> resolve_family('КП', {'segment': 'средний'}, {'КП средний бизнес': None})
'КП средний бизнес'
>>> series_for('Дополнительное соглашение')
'agreement'
"""

import zipfile
from collections import namedtuple
from importlib import resources
from pathlib import Path

from .. import data_files
from ..errors import UserError
from ..registers.schema import normalise_header
from .render import uses_field

OPERATOR_DIR = Path('Шаблоны') / 'Документы'
#: Printed number prefixes of the series.
PREFIX = {'contract': 'Д', 'agreement': 'ДС'}

Template = namedtuple('Template', 'name path numbered series own prospect service')
Template.__doc__ = """A template found: *own* — the operator's file; *prospect* — a commercial proposal
(can be made for typed-in details of a future client); *service* — the service its name names, or ''."""

#: Services a template's name may name (its documents then use that service's tariff).
SERVICES = ('Интернет', 'ТВ', 'Телефония', 'Видеонаблюдение', 'ЛВС')


def service_of(name):
    """«Договор ЛВС» → 'ЛВС'; '' when the name names no service.

    >>> service_of('Договор Интернет с неустойкой'), service_of('Памятка абонента')
    ('Интернет', '')
    """
    words = normalise_header(name).replace('-', ' ').split()
    return next((s for s in SERVICES if normalise_header(s) in words), '')

#: The starter set: name → what it is (the builder writes one DOCX per name; ``jobs/data/paper.toml``).
STARTER = data_files.load('paper')['starter']

FAMILIES = {
    'кп': lambda r: 'КП %s бизнес' % (r.get('segment') or 'малый'),
    'договор': lambda r: 'Договор %s' % (r.get('service') or ''),
    'наряд-заказ': lambda r: 'Наряд-заказ %s' % (r.get('service') or ''),
}


def starter_dir():
    return Path(str(resources.files('jobs').joinpath('templates/paper')))


def series_for(name):
    return 'agreement' if 'соглашени' in name.lower() else 'contract'


def discover(operator_dir=None):
    """``{name: Template}``: the starter set overridden / extended by ``Шаблоны/Документы/*.docx``."""
    found = {}
    dirs = [(starter_dir(), False)]
    if operator_dir is not None:
        dirs.append((Path(operator_dir) / OPERATOR_DIR, True))
    for folder, own in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob('*.docx')):
            if path.name.startswith(('~$', '.')):     # Word's lock files, temporary files
                continue
            found[path.stem] = (path, own)
    out = {}
    for name, (path, own) in found.items():
        try:
            numbered = uses_field(path, 'doc.number')
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            numbered = False        # not a DOCX: filling it says so, naming the file

        out[name] = Template(name, path, numbered, series_for(name) if numbered else None, own,
                             normalise_header(name).startswith('кп'), service_of(name))
    return out


def find(name, templates):
    """The template called *name* (case, «ё» and extra spaces ignored; a unique beginning is enough)."""
    wanted = normalise_header(name)
    by_key = {normalise_header(n): n for n in templates}
    if wanted in by_key:
        return templates[by_key[wanted]]
    starts = [n for k, n in by_key.items() if k.startswith(wanted)]
    if len(starts) == 1:
        return templates[starts[0]]
    raise UserError('нет шаблона «%s»%s; список шаблонов: b2bkit paper --list'
                    % (name, ' (подходят: %s)' % ', '.join('«%s»' % n for n in starts) if starts else ''))


def resolve_family(name, record, templates):
    """For a family name (``КП``, ``Договор``…) the template for *record*, else ``None``."""
    pick = FAMILIES.get(normalise_header(name))
    if pick is None:
        return None
    wanted = normalise_header(pick(record))
    for n in templates:
        if normalise_header(n) == wanted:
            return n
    raise UserError('для клиента %s %s нет шаблона «%s» (семейство «%s»: сегмент «%s», услуга «%s»)'
                    % (record.get('code') or '', record.get('name') or '', pick(record), name,
                       record.get('segment') or '', record.get('service') or ''))


def number_text(series, year, number):
    """Д-2026-0017 — the printed number (no «/», so it can be part of a file name)."""
    return '%s-%d-%04d' % (PREFIX[series], year, number)
