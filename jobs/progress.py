"""Progress bars (индикатор выполнения): on a terminal, never in cron or logs.

Long work — sending the outbox, a month's closing documents, the demo, reading
a big register — shows a tqdm bar on stderr when stderr is a terminal, so a
person at the console sees it move. Under cron, systemd, Task Scheduler or with
output redirected to a log, stderr is not a terminal and nothing is drawn: a
log full of ``\\r``-redrawn bars is unreadable. Every bar of the kit goes
through :func:`bar`, so the rule lives in one place.

>>> import io
>>> log = io.StringIO()                       # a log file: not a terminal
>>> with bar(100, 'Документы', 'клиент', stream=log) as b:
...     b.update(100)
>>> log.getvalue()
''
"""

import sys

#: Below this many steps a bar only flickers; it is not shown.
MINIMUM = 20


def wanted(total=None, *, show=None, minimum=MINIMUM, stream=None):
    """Whether to draw a bar of *total* steps on *stream* (default stderr).

    *show* forces the answer (``True``/``False``); otherwise a bar is drawn
    when the stream is a terminal and there are more than *minimum* steps
    (any number when *total* is unknown).
    """
    if show is not None:
        return bool(show)
    stream = stream if stream is not None else sys.stderr
    try:
        terminal = stream is not None and stream.isatty()
    except (AttributeError, ValueError):       # closed or replaced streams
        terminal = False
    return terminal and (total is None or total > minimum)


class Quiet:
    """What :func:`bar` returns when no bar is drawn: the same calls, no output."""

    def update(self, n=1):
        pass

    def set_description(self, text, refresh=True):
        pass

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def bar(total, desc, unit='шт', *, show=None, minimum=MINIMUM, stream=None, leave=True):
    """A progress bar of *total* steps titled *desc* (Russian), or a :class:`Quiet`
    stand-in when :func:`wanted` says no. Use it as a context manager and call
    ``update(n)``; ``set_description`` renames the current stage."""
    stream = stream if stream is not None else sys.stderr
    if not wanted(total, show=show, minimum=minimum, stream=stream):
        return Quiet()
    from tqdm import tqdm
    return tqdm(total=total, desc=desc, unit=unit, file=stream, leave=leave, dynamic_ncols=True)
