r"""The methods figure, the named methods side by side: each one's rate over its
parameters, and the optimal rate of each against the condition number."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from momentum_theory.plotting._style import print_figure
from momentum_theory.plotting.heatmap import plot_method_heatmap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from momentum_theory.paper.methods.experiments import KappaSweep, MethodComparison

__all__ = ["methods_figure", "plot_methods_comparison", "plot_optimal_rates"]

# Printed at the text width (6.3 in).
_FIGURE_SIZE = (6.5, 7.6)
# What the heatmaps' colour shows: the gap 1 - rho on a logarithmic scale, the quantity of
# the rate panel below them.
_COLOUR = "log-gap"
# One colour scale for every panel: from 1e-3 (slower cells take the end colour) to 0.2,
# just above the fastest cell of any panel (heavy ball's optimum, 1 - rho = 0.18).
_GAP_LIMITS = (1e-3, 0.2)
# The closed-form optima's lines, in the legend's order, and how each is drawn (its colour
# is the method's own); heavy ball's, wide and pale, lies under the lower bound it attains.
_CLOSED_FORM_LINES = {
    "heavy_ball": {"ls": "-", "lw": 2.6, "alpha": 0.45},
    "nesterov": {"ls": "-"},
    "gradient_descent": {"ls": "-"},
}
_GREY_NOTE = r"(grey: $\rho \geq 1$)"
# White curves in the heatmaps are drawn in the key on a patch of this colour.
_KEY_BACKGROUND = "#31688e"  # viridis at 0.3, a colour they cross in the panels


def _panel_title(grid: Any) -> str:
    """The method and the numbers it holds fixed away from their defaults, if any."""
    from momentum_theory import methods

    method = methods.get(grid.method)
    shown = [
        (method.parameter(k).latex, v)
        for k, v in grid.fixed.items()
        if not isinstance(v, bool) and v != method.parameter(k).default
    ]
    if not shown:
        return method.title
    return method.title + ", " + ", ".join(f"${symbol} = {float(v):.3g}$" for symbol, v in shown)


def _mark(ax: Axes, grid: Any, parameters: dict[str, Any], **style: Any) -> None:
    """A marker at the grid's two parameters taken from ``parameters`` (scaled axes)."""
    x = float(parameters[grid.x_name]) * grid.L
    y = -np.log10(1.0 - float(parameters[grid.y_name]))
    ax.plot(x, y, ls="none", markeredgecolor="white", **style)


def _cells(ax: Axes) -> Any:
    """The heatmap's colour cells: an image, or a mesh where the samples are not even."""
    from matplotlib.collections import QuadMesh

    return next(iter(ax.images), None) or next(
        artist for artist in ax.collections if isinstance(artist, QuadMesh)
    )


def _best_cell(grid: Any) -> dict[str, float]:
    """The grid's fastest cell, as parameters."""
    row, column = np.unravel_index(np.nanargmin(grid.rate), grid.rate.shape)
    return {grid.x_name: float(grid.x[column]), grid.y_name: float(grid.y[row])}


def plot_optimal_rates(sweep: KappaSweep, ax: Axes | None = None) -> Axes:
    r"""Each method's optimal worst-case rate against :math:`\kappa`, with the lower bound.

    The vertical axis is the gap :math:`1 - \rho^*` on a logarithmic scale (larger is
    faster; :math:`-1/\log_{10}\rho^* \approx 0.43/(1 - \rho^*)` iterations per decimal
    digit when :math:`\rho^*` is near 1). Lines: the closed-form optima of gradient
    descent (slope :math:`-1`), Nesterov's method and heavy ball (slope :math:`-1/2`),
    the lower bound :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)` on the rate (which heavy
    ball attains), and the triple-momentum tuning's exact rate on quadratics; markers:
    the numerical optima of the two-step family, QHM and PyTorch's SGD.

    Parameters
    ----------
    sweep : KappaSweep
        From :func:`momentum_theory.paper.methods.experiments.rates_against_kappa`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.paper.methods.experiments import rates_against_kappa
    >>> from momentum_theory.paper.methods.figures import plot_optimal_rates
    >>> ax = plot_optimal_rates(rates_against_kappa(numerical_kappas=(10.0,)))
    >>> ax.get_xscale(), ax.get_yscale()
    ('log', 'log')
    """
    import matplotlib.pyplot as plt

    from momentum_theory import methods

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
    kappa = sweep.kappa
    ax.plot(
        kappa,
        1.0 - sweep.lower_bound,
        color="black",
        lw=1.0,
        ls="--",
        label=r"lower bound: $\rho \geq \frac{\sqrt{\kappa} - 1}{\sqrt{\kappa} + 1}$",
        zorder=3,
    )
    for name, style in _CLOSED_FORM_LINES.items():
        method = methods.get(name)
        ax.plot(
            kappa,
            1.0 - sweep.closed_form[name],
            label=method.display,
            color=method.colour,
            **style,
        )
    ax.plot(
        kappa,
        1.0 - sweep.triple_momentum,
        color="C2",
        ls=":",
        lw=1.4,
        label="triple momentum (tuning)",
    )
    for name, rates in sweep.numerical.items():
        ax.plot(
            sweep.numerical_kappa,
            1.0 - rates,
            ls="none",
            marker=methods.get(name).marker,
            ms=6,
            mfc="none",
            mew=1.2,
            color="0.15",
            label=f"{methods.get(name).display} (numerical)",
            zorder=4,
        )
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(kappa[0], kappa[-1])
    ax.set_xlabel(r"condition number $\kappa = L/\mu$")
    ax.set_ylabel(r"$1 - \rho^*$ (larger is faster)")
    ax.set_title("Optimal worst-case rate on quadratics")
    ax.grid(True, which="major", lw=0.4, alpha=0.5)
    ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5))
    return ax


def plot_methods_comparison(comparison: MethodComparison, sweep: KappaSweep) -> Figure:
    r"""The methods figure: each method's rate over its parameters, and the optimal rates.

    Top, one heatmap per method (:func:`~momentum_theory.plotting.plot_method_heatmap`)
    over its two natural parameters for the spectrum of ``comparison``, on scaled axes
    (step sizes times :math:`L`, momenta logarithmic in :math:`1 - \beta`), all coloured
    by :math:`1 - \rho` on one logarithmic scale (from :math:`10^{-3}` to 0.2); each with
    its stability boundary, critical-damping curves, its optimum where it lies on the panel
    (a star), the fastest cell of a slice that does not hold the optimum (a hollow star)
    and the published tunings of the method (see the legend). Bottom,
    :func:`plot_optimal_rates`. Drawn at the text width under
    :data:`~momentum_theory.plotting._style.PRINT_STYLE`.

    Parameters
    ----------
    comparison : MethodComparison
        From :func:`momentum_theory.paper.methods.experiments.spectrum_comparison`.
    sweep : KappaSweep
        From :func:`momentum_theory.paper.methods.experiments.rates_against_kappa`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.lines as mlines
    from matplotlib.legend_handler import HandlerLine2D
    from matplotlib.patches import Rectangle

    from momentum_theory import methods

    # The published tunings that have a marker, in registry order: (method, tuning) -> spec.
    tunings = {
        (name, tuning): methods.get(name).tuning_spec(tuning)
        for name in methods.names()
        for tuning in methods.get(name).tunings
        if methods.get(name).tuning_spec(tuning).marker is not None
    }

    class OnDark(HandlerLine2D):
        """A legend line drawn on a dark patch, as the white curves appear in the panels."""

        def create_artists(self, legend: Any, orig_handle: Any, *geometry: Any) -> list:
            xdescent, ydescent, width, height, _, trans = geometry
            patch = Rectangle(
                (-xdescent, -ydescent), width, height, color=_KEY_BACKGROUND, transform=trans
            )
            lines = super().create_artists(legend, orig_handle, *geometry)
            return [patch, *lines]

    with print_figure(_FIGURE_SIZE) as figure:
        top, bottom = figure.subfigures(2, 1, height_ratios=(2.15, 1.0))
        axes = top.subplots(2, 3).ravel()
        images = []
        for ax, grid in zip(axes, comparison.grids):
            plot_method_heatmap(
                grid,
                ax,
                colour=_COLOUR,
                limits=_GAP_LIMITS,
                legend="none",
                axes="scaled",
                colorbar=False,
                show_optimum=False,
                title=_panel_title(grid),
            )
            images.append(_cells(ax))
            ax.set_ylabel(f"momentum ${methods.get(grid.method).parameter(grid.y_name).latex}$")
            optimum = comparison.optima[grid.method]
            on_slice = all(
                np.isclose(float(optimum.parameters[k]), float(v), rtol=1e-6, atol=1e-6)
                for k, v in grid.fixed.items()
                if k in optimum.parameters and not isinstance(v, bool)
            )
            if on_slice:
                _mark(ax, grid, optimum.parameters, marker="*", ms=12, color="#d62728")
            else:
                _mark(ax, grid, _best_cell(grid), marker="*", ms=12, mfc="none", color="#d62728")
            for tuning in comparison.tunings:
                spec = tunings.get((tuning.method, tuning.name))
                if tuning.method == grid.method and spec is not None:
                    _mark(ax, grid, tuning.parameters, marker=spec.marker, ms=7, color="C1")
        for ax in axes[len(comparison.grids) :]:
            ax.set_axis_off()
        key = axes[-1]
        # One colour scale for every panel (the scales agree; the first's is shown).
        bar_axes = key.inset_axes((0.02, 0.86, 0.96, 0.09))
        bar = top.colorbar(images[0], cax=bar_axes, orientation="horizontal", extend="both")
        norm = images[0].norm
        decades = range(round(np.log10(norm.vmin)), round(np.log10(norm.vmax)) + 1)
        # Every decade ticked; beyond three, every other one labelled (more would touch).
        every = 1 if len(decades) <= 3 else 2
        bar.set_ticks(
            [10.0**k for k in decades],
            labels=[f"$10^{{{k}}}$" if (k - decades[-1]) % every == 0 else "" for k in decades],
        )
        bar.set_label(r"gap $1 - \rho$ of the worst case over $[\mu, L]$" + "\n" + _GREY_NOTE)
        handles = [
            mlines.Line2D([], [], color="black", lw=1.5, label=r"$\rho = 1$"),
            *(
                mlines.Line2D([], [], color="white", ls=style, lw=1.4, label=label)
                for style, label in (("--", r"critical at $\mu$"), (":", r"critical at $L$"))
            ),
            mlines.Line2D([], [], ls="none", marker="*", ms=11, color="#d62728", label="optimum"),
            mlines.Line2D(
                [],
                [],
                ls="none",
                marker="*",
                ms=11,
                mfc="none",
                color="#d62728",
                label="fastest on the slice",
            ),
        ]
        handles += [
            mlines.Line2D(
                [], [], ls="none", marker=spec.marker, ms=7, color="C1", label=spec.display
            )
            for spec in tunings.values()
        ]
        key.legend(
            handles=handles,
            handler_map={handle: OnDark() for handle in handles[1:3]},
            loc="lower center",
            ncols=2,
            frameon=False,
        )
        top.suptitle(
            rf"Worst-case rate over the spectrum $[\mu, L] = [{comparison.mu:g}, "
            rf"{comparison.L:g}]$"
        )
        plot_optimal_rates(sweep, bottom.subplots())
    return figure


def methods_figure() -> Figure:
    """The ``methods`` figure: :func:`plot_methods_comparison` of the subject's experiments."""
    from momentum_theory.paper.methods.experiments import rates_against_kappa, spectrum_comparison

    return plot_methods_comparison(spectrum_comparison(), rates_against_kappa())
