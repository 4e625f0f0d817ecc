r"""The 2-D comparison: trajectories of gradient descent and heavy ball on :math:`x^2 + 10y^2`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from momentum_theory.paper.comparison2d.experiments import Comparison2D, comparisons, objective
from momentum_theory.plotting._style import PRINT_STYLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["comparison2d_figure", "plot_comparison_2d", "plot_comparisons_2d"]

_COLOURS = {"gradient descent": "#d62728", "heavy ball": "#1f77b4"}
_MARKERS = ("o", "s", "^", "D")


def plot_comparison_2d(result: Comparison2D, ax: Axes | None = None) -> Axes:
    r"""Contours of :math:`f` with every run's trajectory; the legend gives the final distances.

    The title names the setting and each method's parameters; the legend, below the axes
    so that it hides no iterate, gives each run's distance to the minimiser after the last
    step.

    Parameters
    ----------
    result : Comparison2D
        From :func:`momentum_theory.paper.comparison2d.experiments.compare_2d`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.paper.comparison2d.experiments import compare_2d
    >>> from momentum_theory.paper.comparison2d.figures import plot_comparison_2d
    >>> ax = plot_comparison_2d(compare_2d())
    >>> len(ax.get_legend().get_texts())
    4
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(5.6, 3.2), layout="constrained")
    reach = max(float(np.abs(run.trajectory).max()) for run in result.runs)
    x = np.linspace(-1.1 * reach, 1.1 * reach, 401)
    y_reach = max(float(np.abs(run.trajectory[:, 1]).max()) for run in result.runs) * 1.3
    y = np.linspace(-y_reach, y_reach, 301)
    grid_x, grid_y = np.meshgrid(x, y)
    levels = np.geomspace(0.05, float(objective(x[-1], y[-1])), 12)
    ax.contour(
        grid_x, grid_y, objective(grid_x, grid_y), levels=levels, colors="0.75", linewidths=0.6
    )
    starts = sorted({run.start for run in result.runs}, reverse=True)
    parameters = {}
    for run in result.runs:
        marker = _MARKERS[starts.index(run.start) % len(_MARKERS)]
        parameters[run.method] = (
            rf"$\alpha = {run.alpha:.4g}$"
            if run.beta == 0
            else rf"$\alpha = {run.alpha:.4g}$, $\beta = {run.beta:.4g}$"
        )
        ax.plot(
            *run.trajectory.T,
            color=_COLOURS.get(run.method, "black"),
            marker=marker,
            ms=3.5,
            lw=1.1,
            label=f"{run.method} from ({run.start[0]:g}, {run.start[1]:g}): {run.measured:.3g}",
        )
    ax.plot(0, 0, marker="*", ms=10, color="black", ls="none")
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(y[0], y[-1])
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_title(
        rf"$f(x, y) = x^2 + 10y^2$, {result.setting.name} parameters:"
        "\n" + "; ".join(f"{method} {values}" for method, values in parameters.items())
    )
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        borderaxespad=3.5,  # in font sizes: clear of the tick labels and the x label
        ncol=2,
        title=f"distance to the minimiser after {result.steps} steps",
        frameon=False,
        columnspacing=1.0,
        handlelength=1.8,
    )
    return ax


def plot_comparisons_2d(results: Sequence[Comparison2D], figure: Figure | None = None) -> Figure:
    r"""One panel per setting (:func:`plot_comparison_2d`), stacked.

    Drawn for print at 85% of the text width (5.6 inches wide, text of 8 to 9 points).

    Parameters
    ----------
    results : sequence of Comparison2D
        Usually :func:`momentum_theory.paper.comparison2d.experiments.compare_2d_settings`.
    figure : matplotlib.figure.Figure, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.paper.comparison2d.experiments import compare_2d_settings
    >>> from momentum_theory.paper.comparison2d.figures import plot_comparisons_2d
    >>> len(plot_comparisons_2d(compare_2d_settings()).axes)
    2
    """
    import matplotlib
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(PRINT_STYLE):
        if figure is None:
            figure = plt.figure(figsize=(5.6, 3.1 * len(results)), layout="constrained")
        axes = figure.subplots(len(results), 1, squeeze=False)[:, 0]
        for result, ax in zip(results, axes):
            plot_comparison_2d(result, ax)
        figure.align_ylabels(axes)
    return figure


def comparison2d_figure() -> Figure:
    """The ``comparison2d`` figure: both settings of :func:`comparisons`."""
    return plot_comparisons_2d(comparisons())
