"""Progress bars: shown on a terminal, never written into a log.

Every progress bar of the package comes from :func:`progress`, so one rule decides when one
is drawn: when asked for, and when its stream is an interactive terminal (or Jupyter, where
tqdm draws a widget instead of text). A bar redraws itself with carriage returns and
escape codes; written to a file or a pipe (``momentum-theory verify 2> log``) it is
kilobytes of noise and no progress.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import IO, Any, TypeVar

__all__ = ["is_terminal", "progress"]

Item = TypeVar("Item")


def is_terminal(stream: IO[str] | None = None) -> bool:
    """Whether ``stream`` (default ``sys.stderr``) is an interactive terminal.

    Examples
    --------
    >>> import io
    >>> is_terminal(io.StringIO())
    False
    """
    stream = sys.stderr if stream is None else stream
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # no isatty, or a closed stream
        return False


def progress(
    iterable: Iterable[Item], *, enabled: bool = True, file: IO[str] | None = None, **options: Any
) -> Iterable[Item]:
    """``iterable`` with a tqdm bar when ``enabled`` and ``file`` is a terminal.

    Parameters
    ----------
    iterable : iterable
        What to iterate over.
    enabled : bool, default True
        Whether the caller wants a bar at all (a function's ``progress=`` argument).
    file : text stream, optional
        Where the bar is drawn; default ``sys.stderr`` (as tqdm's own default).
    **options
        Passed to ``tqdm`` (``unit``, ``desc``, ``leave``, ...).

    Examples
    --------
    >>> import io
    >>> log = io.StringIO()
    >>> sum(progress(range(4), file=log, desc="adding"))
    6
    >>> log.getvalue()
    ''
    """
    from tqdm.auto import tqdm

    file = sys.stderr if file is None else file
    # tqdm.auto is the notebook widget under Jupyter, whose stderr is not a TTY.
    widget = tqdm.__module__ == "tqdm.notebook"
    shown = enabled and (widget or is_terminal(file))
    return tqdm(iterable, disable=not shown, file=file, **options)
