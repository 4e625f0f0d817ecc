r"""The noise figure: each method's rate--excess-loss frontier beside gradient descent's.

The frontiers are those of :func:`momentum_theory.paper.noise.frontiers.frontiers`: at each
rate level :math:`r`, the least stationary excess loss (per :math:`\sigma^2`) over the
method's parameters with worst-case rate at most :math:`r`. The horizontal axis is
:math:`1 - r`, so faster convergence is to the right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from momentum_theory.paper.noise.frontiers import FrontierStudy, slow_limit
from momentum_theory.plotting._style import PRINT_STYLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["noise_figure", "plot_frontier", "plot_frontier_figure", "plot_frontier_ratios"]

_COLOURS = {
    "gradient descent": "black",
    "heavy ball": "#1f77b4",
    "Nesterov": "#d62728",
    "two-step": "#9467bd",
    "QHM": "#2ca02c",
    "PyTorch SGD": "#8c564b",
    "PyTorch SGD, Nesterov": "#ff7f0e",
}
# The panels of the figure, one per method besides gradient descent; PyTorch's two step
# rules share one.
_PANELS = (
    ("heavy ball",),
    ("Nesterov",),
    ("two-step",),
    ("QHM",),
    ("PyTorch SGD, Nesterov", "PyTorch SGD"),
)


def _draw(ax: Axes, study: FrontierStudy, method: str, **style: object) -> None:
    frontier = study.frontiers[method]
    reached = frontier.reached
    scale = study.sigma**2
    gap = 1 - frontier.rates[reached]
    ax.loglog(gap, frontier.excess_loss[reached] / scale, color=_COLOURS[method], **style)
    rate, excess, _ = study.optima[method]
    ax.plot(1 - rate, excess / scale, marker="*", ms=7, color=_COLOURS[method], ls="none")


def plot_frontier(
    study: FrontierStudy,
    labels: tuple[str, ...] = ("heavy ball",),
    ax: Axes | None = None,
    *,
    fixed_momentum: bool | None = None,
) -> Axes:
    r"""Draw the frontiers of ``labels`` with gradient descent's beside them.

    Solid: each method's frontier (the first of ``labels``; dashed for the others), with
    a star at its rate-optimal parameters; black: gradient descent's frontier, which ends
    at its optimal rate :math:`(\kappa - 1)/(\kappa + 1)` (star). With ``fixed_momentum``
    (default: for heavy ball) a dotted grey curve adds heavy ball at the study's fixed
    momentum swept over its step, which meets gradient descent's frontier as the step
    shrinks (the small-step equivalence).

    Parameters
    ----------
    study : FrontierStudy
        From :func:`momentum_theory.paper.noise.frontiers.frontiers`.
    labels : tuple of str, default ("heavy ball",)
        Keys of ``study.frontiers``.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    fixed_momentum : bool, optional
        Whether to add the fixed-momentum curve.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.paper.noise.frontiers import frontiers
    >>> from momentum_theory.paper.noise.figures import plot_frontier
    >>> study = frontiers(dimension=4, level_gaps=(1e-2, 0.1, 3), monotonicity_samples=20)
    >>> ax = plot_frontier(study)
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(3.3, 2.6), layout="constrained")
    if fixed_momentum is None:
        fixed_momentum = labels[0] == "heavy ball"
    _draw(ax, study, "gradient descent", lw=1.2, label="gradient descent")
    low, high = 0.8 * (1 - study.rates[-1]), 1.25 * (1 - study.rates[0])
    if fixed_momentum:
        curve = study.fixed_momentum
        shown = (1 - curve.rates >= low) & (1 - curve.rates <= high)
        ax.loglog(
            1 - curve.rates[shown],
            curve.excess_loss[shown] / study.sigma**2,
            color="0.55",
            ls=":",
            lw=1.3,
            label=rf"heavy ball, $\beta = {curve.beta:g}$ fixed",
        )
    for index, label in enumerate(labels):
        _draw(ax, study, label, lw=1.6, ls="-" if index == 0 else "--", label=label)
    ax.set_xlabel(r"$1 - \rho$ (worst-case rate $\rho$)")
    ax.set_ylabel(r"excess loss $/\ \sigma^2$")
    ax.set_xlim(low, high)
    ax.grid(True, which="major", color="0.9", lw=0.6)
    ax.legend(loc="lower right", framealpha=0.85, handlelength=1.8, fontsize=7)
    return ax


def plot_frontier_ratios(study: FrontierStudy, ax: Axes | None = None) -> Axes:
    r"""Each method's frontier over gradient descent's, where gradient descent reaches the
    rate, with the slow-rate limit :math:`1/(1 + r)` of heavy ball's (dashed).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.paper.noise.frontiers import frontiers
    >>> from momentum_theory.paper.noise.figures import plot_frontier_ratios
    >>> study = frontiers(dimension=4, level_gaps=(1e-2, 0.1, 3), monotonicity_samples=20)
    >>> len(plot_frontier_ratios(study).get_lines()) >= 6
    True
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(3.3, 2.6), layout="constrained")
    gap = 1 - study.rates
    for label in study.frontiers:
        if label == "gradient descent":
            continue
        ratio = study.ratio(label)
        ls = "--" if label == "PyTorch SGD" else "-"
        ax.semilogx(gap, ratio, color=_COLOURS[label], lw=1.4, ls=ls, label=label)
    ax.semilogx(gap, slow_limit(study.rates), color="0.4", ls=":", lw=1.0, label=r"$1/(1 + \rho)$")
    ax.axhline(1.0, color="black", lw=0.8)
    ax.set_yscale("log")
    ax.set_ylim(2e-3, 2.0)
    reached = np.isfinite(study.ratio("heavy ball"))
    ax.set_xlim(0.8 * gap[reached].min(), 1.25 * gap[reached].max())
    ax.set_xlabel(r"$1 - \rho$")
    ax.set_ylabel("excess loss over gradient descent's")
    ax.grid(True, which="major", color="0.9", lw=0.6)
    return ax


def plot_frontier_figure(study: FrontierStudy, figure: Figure | None = None) -> Figure:
    r"""Five panels, one per momentum method beside gradient descent, and their ratios.

    Drawn for print at text width (6.6 inches). The sixth panel
    (:func:`plot_frontier_ratios`) sets every frontier against gradient descent's.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.paper.noise.frontiers import frontiers
    >>> from momentum_theory.paper.noise.figures import plot_frontier_figure
    >>> study = frontiers(dimension=4, level_gaps=(1e-2, 0.1, 3), monotonicity_samples=20)
    >>> len(plot_frontier_figure(study).axes)
    6
    """
    import matplotlib
    import matplotlib.pyplot as plt

    with matplotlib.rc_context(PRINT_STYLE):
        if figure is None:
            figure = plt.figure(figsize=(6.6, 7.4), layout="constrained")
        axes = figure.subplots(3, 2).ravel()
        for ax, labels in zip(axes, _PANELS):
            plot_frontier(study, labels, ax)
        ratios = plot_frontier_ratios(study, axes[-1])
        ratios.legend(loc="lower left", fontsize=6.5, framealpha=0.85, ncol=2)
        figure.suptitle(
            rf"Rate against stationary excess loss on $f = \frac{{1}}{{2}} x^\top Q x$ with "
            rf"gradients $Qx + \sigma\xi$:"
            "\n"
            rf"{study.eigenvalues.size} eigenvalues of $Q$ evenly spaced in "
            rf"$[{study.mu:g}, {study.L:g}]$; stars: the rate-optimal parameters"
        )
    return figure


def noise_figure() -> Figure:
    """The ``noise`` figure: :func:`plot_frontier_figure` of the subject's frontiers."""
    from momentum_theory.paper.noise.frontiers import frontiers

    return plot_frontier_figure(frontiers())
