"""Where the operator folder is: ``--dir``, else ``$B2BKIT_HOME``, else the current folder."""

import os
from pathlib import Path

ENV_HOME = 'B2BKIT_HOME'


def operator_dir(explicit=None):
    """The operator folder as an absolute :class:`Path` (not checked to exist)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_HOME)
    return Path(env).expanduser().resolve() if env else Path.cwd()
