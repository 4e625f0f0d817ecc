"""The look of the paper's figures: font sizes for print at text width, and new figures in it.

At the paper's text width (about 6.6 in) 8-9 pt text stays legible in print. The figure
functions of :mod:`momentum_theory.plotting` draw at the size the paper prints them, most
under :data:`PRINT_STYLE` through :func:`print_figure`; the amplification and loss figures
keep matplotlib's default font sizes, as they always have.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["PRINT_STYLE", "print_figure"]

PRINT_STYLE = {
    "font.size": 8.5,
    "axes.titlesize": 9,
    "axes.labelsize": 8.5,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.title_fontsize": 8,
    "figure.titlesize": 9.5,
}


@contextmanager
def print_figure(size: tuple[float, float]) -> Iterator[Figure]:
    """A new constrained-layout figure of ``size`` inches; the block draws under PRINT_STYLE.

    Font sizes are read when an artist is made, so everything drawn on the figure must be
    drawn inside the ``with`` block. If the block raises, the figure is closed.

    Parameters
    ----------
    size : (float, float)
        Width and height in inches, as printed.

    Yields
    ------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> with print_figure((5.6, 4.3)) as figure:
    ...     ax = figure.subplots()
    ...     _ = ax.set_title("title")
    ...     print(ax.title.get_fontsize())
    9.0
    >>> [float(inches) for inches in figure.get_size_inches()]
    [5.6, 4.3]
    """
    import matplotlib
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(PRINT_STYLE):
        figure = plt.figure(figsize=size, layout="constrained")
        try:
            yield figure
        except BaseException:
            plt.close(figure)
            raise
