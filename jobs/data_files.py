"""Data shipped with the kit in ``jobs/data/`` (word lists, column tables, field lists): texts and
tables live there rather than in Python, and are read through :func:`load`."""

import functools
from importlib import resources

try:
    import tomllib
except ImportError:  # Python 3.10
    import tomli as tomllib


@functools.lru_cache(maxsize=None)
def load(name):
    """The parsed TOML file ``jobs/data/<name>.toml`` (a dict, in file order; read once)."""
    return tomllib.loads(resources.files('jobs').joinpath('data/%s.toml' % name).read_text(encoding='utf-8'))
