r"""The rates figure, predicted against measured rates: drawing a
:class:`~momentum_theory.rate_comparison.RateComparison`."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from momentum_theory.family import critical_beta
from momentum_theory.paper.measured.experiments import rate_comparison
from momentum_theory.plotting._drawn import mark_rounding_level
from momentum_theory.plotting._grid import grid_image
from momentum_theory.plotting._style import print_figure
from momentum_theory.rate_comparison import RateComparison
from momentum_theory.rates import jordan_bias

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "plot_error_map",
    "plot_measured_vs_predicted",
    "plot_rate_comparison",
    "plot_rate_errors",
    "rates_figure",
]

# Relative errors are drawn on a log scale; exact agreement is shown at this floor.
_ERROR_FLOOR = 1e-16
_MARKERS = ("o", "s", "^", "D", "v")


def plot_measured_vs_predicted(comparison: RateComparison, ax: Axes | None = None) -> Axes:
    r"""Scatter of the measured rate against the predicted one, with the identity line.

    One colour per problem; points outside the claim's scope (predicted rate above
    ``max_rate`` or within ``critical_band`` of a critical curve) are drawn hollow.

    Parameters
    ----------
    comparison : RateComparison
        From :func:`~momentum_theory.rate_comparison.compare_rates`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.problems import scalar_problem
    >>> from momentum_theory.rate_comparison import compare_rates
    >>> from momentum_theory.paper.measured.figures import plot_measured_vs_predicted
    >>> result = compare_rates([0.05, 0.1], [0.2, 0.5], [scalar_problem(10.0)], steps=200)
    >>> plot_measured_vs_predicted(result).get_xlabel()
    'predicted rate $\\max_{h\\in\\{\\mu, L\\}} \\rho(A)$'
    """
    ax = _axes(ax)
    upper = float(np.nanmax(np.minimum(comparison.predicted, 1.2), initial=1.0))
    ax.plot([0, upper], [0, upper], color="black", lw=0.8, label="measured = predicted")
    scope = comparison.in_scope
    for index, name in enumerate(comparison.problems):
        marker = _MARKERS[index % len(_MARKERS)]
        colour = f"C{index}"
        inside = scope[index]
        ax.scatter(
            comparison.predicted[index][inside],
            comparison.measured[index][inside],
            s=9,
            marker=marker,
            color=colour,
            lw=0,
            label=name,
        )
        ax.scatter(
            comparison.predicted[index][~inside],
            comparison.measured[index][~inside],
            s=9,
            marker=marker,
            facecolors="none",
            edgecolors=colour,
            lw=0.5,
        )
    ax.set_xlim(0, upper)
    ax.set_ylim(0, upper)
    ax.set_aspect("equal")
    ax.set_xlabel(r"predicted rate $\max_{h\in\{\mu, L\}} \rho(A)$")
    ax.set_ylabel(rf"measured rate $\hat\rho$ ({comparison.steps} steps)")
    ax.set_title("Measured against predicted rate")
    # Below the axes (clear of the x label, in font sizes): inside, a legend this size
    # would hide part of the diagonal.
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        borderaxespad=4.5,
        title="hollow: outside the scope",
    )
    return ax


def plot_rate_errors(comparison: RateComparison, ax: Axes | None = None) -> Axes:
    r"""Relative error of the measured rate against the predicted rate, on a log scale.

    Drawn with it: the claim's targets (median :math:`10^{-3}`, maximum :math:`10^{-2}`),
    the observed median and maximum over the scope, and the Jordan-block overshoot
    :func:`~momentum_theory.rates.jordan_bias` that a finite horizon shows on a
    critical curve. Errors below :math:`10^{-16}` (exact agreement) sit at that floor.

    Parameters
    ----------
    comparison : RateComparison
        From :func:`~momentum_theory.rate_comparison.compare_rates`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.problems import scalar_problem
    >>> from momentum_theory.rate_comparison import compare_rates
    >>> from momentum_theory.paper.measured.figures import plot_rate_errors
    >>> result = compare_rates([0.05, 0.1], [0.2, 0.5], [scalar_problem(10.0)], steps=200)
    >>> plot_rate_errors(result).get_yscale()
    'log'
    """
    ax = _axes(ax)
    scope = comparison.in_scope
    errors = np.maximum(comparison.relative_error, _ERROR_FLOOR)
    for index, name in enumerate(comparison.problems):
        marker = _MARKERS[index % len(_MARKERS)]
        colour = f"C{index}"
        inside = scope[index]
        # Errors near the floor are rounding: they move with the platform's kernels.
        inner = ax.scatter(
            comparison.predicted[index][inside],
            errors[index][inside],
            s=9,
            marker=marker,
            color=colour,
            lw=0,
            label=name,
        )
        outer = ax.scatter(
            comparison.predicted[index][~inside],
            errors[index][~inside],
            s=9,
            marker=marker,
            facecolors="none",
            edgecolors=colour,
            lw=0.5,
        )
        mark_rounding_level(inner, f"errors-{index}-in-scope")
        mark_rounding_level(outer, f"errors-{index}-out-of-scope")
    bias = jordan_bias(1.0, comparison.steps) - 1.0
    ax.axhline(1e-2, color="#d62728", lw=1, ls="-", label="target: max $10^{-2}$")
    ax.axhline(1e-3, color="#d62728", lw=1, ls="--", label="target: median $10^{-3}$")
    ax.axhline(bias, color="#9467bd", lw=1.2, ls=":", label=f"Jordan-block overshoot {bias:.1e}")
    if np.any(scope):
        ax.axhline(
            max(comparison.max_error, _ERROR_FLOOR),
            color="black",
            lw=0.8,
            ls="-.",
            label=f"max in scope {comparison.max_error:.1e}",
        )
        ax.axhline(
            max(comparison.median_error, _ERROR_FLOOR),
            color="black",
            lw=0.8,
            ls=(0, (1, 3)),
            label=f"median in scope {comparison.median_error:.1e}",
        )
    ax.axvline(comparison.max_rate, color="0.5", lw=0.8)
    ax.set_yscale("log")
    ax.set_ylim(_ERROR_FLOOR / 3, 1.0)
    ax.set_xlim(0, float(np.nanmax(np.minimum(comparison.predicted, 1.2), initial=1.0)))
    ax.set_xlabel(r"predicted rate $\max_{h\in\{\mu, L\}} \rho(A)$")
    ax.set_ylabel(r"relative error $|\hat\rho - \rho| / \rho$")
    ax.set_title("Relative error (hollow: outside the scope)")
    # Beside the axes, where it hides no point.
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))
    return ax


def plot_error_map(
    comparison: RateComparison, problem: int = -1, ax: Axes | None = None, *, colorbar: bool = True
) -> Axes:
    r"""Heatmap of :math:`\log_{10}` relative error over the :math:`\alpha`-:math:`\beta` grid.

    With the critical-damping curves :math:`\beta = (1 - \sqrt{\alpha h})^2` for
    :math:`h = \mu, L` (where the Jordan overshoot lives), the stability boundary
    :math:`\alpha = 2(1 + \beta)/L`, and the contour ``predicted == max_rate``.

    Parameters
    ----------
    comparison : RateComparison
        From :func:`~momentum_theory.rate_comparison.compare_rates`.
    problem : int, default -1
        Which problem (index into ``comparison.problems``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    colorbar : bool, default True
        Add a labelled colorbar.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from momentum_theory.problems import scalar_problem
    >>> from momentum_theory.rate_comparison import compare_rates
    >>> from momentum_theory.paper.measured.figures import plot_error_map
    >>> result = compare_rates(np.linspace(0.01, 0.3, 4), [0.2, 0.5, 0.8],
    ...                        [scalar_problem(10.0)], steps=200)
    >>> plot_error_map(result, 0).get_ylabel()
    'momentum $\\beta$'
    """
    import matplotlib.pyplot as plt

    ax = _axes(ax)
    index = range(len(comparison.problems))[problem]
    alpha, beta = comparison.alpha, comparison.beta
    errors = np.log10(np.maximum(comparison.relative_error[index], _ERROR_FLOOR))
    colormap = plt.get_cmap("magma").with_extremes(bad="0.78")
    image = grid_image(
        ax, np.ma.masked_invalid(errors), alpha, beta, cmap=colormap, vmin=-16, vmax=-1
    )
    mark_rounding_level(image, f"error-map-{index}")  # its darkest cells are rounding
    extent = image.get_extent()
    if colorbar:
        bar = ax.figure.colorbar(image, ax=ax, ticks=np.arange(-16, 0, 2))
        bar.set_label(r"$\log_{10}$ relative error (floor $10^{-16}$)")
    mu, L = float(comparison.mu[index]), float(comparison.L[index])
    alpha_line = np.linspace(max(extent[0], 0.0), extent[1], 400)
    names = [("h", L)] if mu == L else [(r"\mu", mu), ("L", L)]
    for (name, h), style in zip(names, ("--", ":")):
        ax.plot(
            alpha_line,
            critical_beta(alpha_line, h),
            color="#00bfff",
            ls=style,
            lw=1.3,
            label=rf"critical $\beta = (1-\sqrt{{\alpha {name}}})^2$",
        )
    beta_line = np.linspace(extent[2], extent[3], 200)
    ax.plot(
        2 * (1 + beta_line) / L,
        beta_line,
        color="white",
        lw=1.3,
        label=rf"$\rho = 1$: $\alpha = 2(1+\beta)/{'h' if mu == L else 'L'}$",
    )
    if np.nanmin(comparison.predicted[index]) < comparison.max_rate:
        ax.contour(
            alpha,
            beta,
            comparison.predicted[index],
            levels=[comparison.max_rate],
            colors="#7fff00",
            linewidths=0.9,
        )
        ax.plot(
            [], [], color="#7fff00", lw=0.9, label=rf"predicted $\rho = {comparison.max_rate:g}$"
        )
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel(r"step size $\alpha$")
    ax.set_ylabel(r"momentum $\beta$")
    ax.set_title(f"Relative error, {comparison.problems[index]}")
    # Below the axes (clear of the x label, in font sizes), where it hides no cell; dark,
    # so that the white and light lines show.
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        borderaxespad=4.0,
        facecolor="0.3",
        edgecolor="0.3",
        labelcolor="white",
        framealpha=1.0,
        handlelength=2.5,
    )
    return ax


def plot_rate_comparison(comparison: RateComparison) -> Figure:
    r"""The three-panel figure: measured vs predicted and the error map above, errors below.

    Drawn for print at text width (6.6 inches wide, text of 8 to 9.5 points). The error map
    is for the last problem (the dense one in
    :func:`~momentum_theory.problems.standard_problems`).

    Parameters
    ----------
    comparison : RateComparison
        From :func:`~momentum_theory.rate_comparison.compare_rates`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, 6.6 x 7.0 inches.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.problems import scalar_problem
    >>> from momentum_theory.rate_comparison import compare_rates
    >>> from momentum_theory.paper.measured.figures import plot_rate_comparison
    >>> result = compare_rates([0.05, 0.1], [0.2, 0.5], [scalar_problem(10.0)], steps=200)
    >>> len(plot_rate_comparison(result).axes)  # three panels and a colorbar
    4
    """
    with print_figure((6.6, 7.0)) as figure:
        top, bottom = figure.subfigures(2, 1, height_ratios=[1.3, 1])
        scatter, error_map = top.subplots(1, 2, width_ratios=[1, 1.2])
        plot_measured_vs_predicted(comparison, scatter)
        plot_error_map(comparison, -1, error_map)
        plot_rate_errors(comparison, bottom.subplots())
        figure.suptitle(
            r"Heavy ball on quadratics: measured rate against predicted $\rho(A)$; scope "
            rf"$\rho \leq {comparison.max_rate:g}$, "
            rf"$|\beta - \beta_c| \geq {comparison.critical_band:g}$"
        )
    return figure


def rates_figure() -> Figure:
    """The ``rates`` figure: :func:`plot_rate_comparison` of :func:`rate_comparison`."""
    return plot_rate_comparison(rate_comparison())


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=(6.4, 4.8), layout="constrained")[1]
