r"""Convergence-region heatmaps: the rate over the :math:`\alpha`-:math:`\beta` plane."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from momentum_theory.plotting._grid import grid_image
from momentum_theory.plotting._style import print_figure
from momentum_theory.spectral import RateGrid, critical_beta, optimal_parameters

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_rate_heatmap", "plot_rate_heatmap_figure"]

# Drawn near the size the paper prints it (0.82 of a 6.3 in text width), so that its text
# stays legible there.
_FIGURE_SIZE = (5.6, 4.3)
# Thin contour levels that help read the rate off the picture.
_RATE_LEVELS = (0.5, 0.8, 0.9, 0.95, 0.99)


def plot_rate_heatmap(
    grid: RateGrid,
    ax: Axes | None = None,
    *,
    cmap: str = "viridis",
    show_optimum: bool = True,
    colorbar: bool = True,
) -> Axes:
    r"""Draw the rate of a :class:`~momentum_theory.RateGrid` as a heatmap.

    Colour is the spectral radius :math:`\rho` (or its worst case over
    :math:`[\mu, L]`) on :math:`[0, 1]` with a perceptually uniform colormap; cells with
    :math:`\rho \ge 1` (no convergence) are grey. Drawn on top, all from closed forms
    rather than from the sampled grid:

    - the stability boundary :math:`\rho = 1`, :math:`\alpha = 2(1 + \beta)/L`;
    - the critical-damping curves :math:`\beta = (1 - \sqrt{\alpha h})^2` for
      :math:`h = \mu` and :math:`h = L` (one curve for a single curvature);
    - for a spectrum, Polyak's optimal point :math:`(\alpha^*, \beta^*)`, which lies where
      the two critical curves cross;
    - thin contours of :math:`\rho` at 0.5, 0.8, 0.9, 0.95 and 0.99.

    Parameters
    ----------
    grid : RateGrid
        From :func:`momentum_theory.rate_grid`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    cmap : str, default "viridis"
        A perceptually uniform colormap.
    show_optimum : bool, default True
        Mark :math:`(\alpha^*, \beta^*)` when the grid is for a spectrum with
        :math:`\mu > 0`.
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
    >>> from momentum_theory import rate_grid
    >>> from momentum_theory.plotting import plot_rate_heatmap
    >>> grid = rate_grid(np.linspace(0.01, 0.4, 50), np.linspace(0, 0.99, 50), mu=1, L=10)
    >>> ax = plot_rate_heatmap(grid)
    >>> ax.get_xlabel()
    'step size $\\alpha$'
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.8), layout="constrained")
    alpha, beta, rate = grid.alpha, grid.beta, grid.rate
    colormap = plt.get_cmap(cmap).with_extremes(over="0.78", bad="0.78")
    image = grid_image(
        ax, np.ma.masked_invalid(rate), alpha, beta, cmap=colormap, vmin=0.0, vmax=1.0
    )
    extent = image.get_extent()
    if colorbar:
        label = (
            r"spectral radius $\rho(A)$"
            if grid.is_single_curvature
            else (r"worst-case rate $\max_{h\in[\mu,L]}\rho(A)$")
        )
        bar = ax.figure.colorbar(image, ax=ax, extend="max")
        bar.set_label(label + r"  (grey: $\rho \geq 1$)")
    stable = np.isfinite(rate) & (rate < 1)
    if stable.sum() > 3:
        contours = ax.contour(
            alpha,
            beta,
            np.where(stable, rate, np.nan),
            levels=_RATE_LEVELS,
            colors="white",
            linewidths=0.5,
            alpha=0.7,
        )
        ax.clabel(contours, fontsize="small", fmt="%.2f")

    beta_line = np.linspace(extent[2], extent[3], 200)
    ax.plot(
        2 * (1 + beta_line) / grid.L,
        beta_line,
        color="black",
        lw=1.5,
        label=r"$\rho = 1$: $\alpha = 2(1+\beta)/L$"
        if not grid.is_single_curvature
        else r"$\rho = 1$: $\alpha = 2(1+\beta)/h$",
    )
    alpha_line = np.linspace(max(extent[0], 0.0), extent[1], 400)
    curvatures = [grid.L] if grid.is_single_curvature else [grid.mu, grid.L]
    for curvature, style in zip(curvatures, ("--", ":")):
        name = "h" if grid.is_single_curvature else ("\\mu" if curvature == grid.mu else "L")
        ax.plot(
            alpha_line,
            critical_beta(alpha_line, curvature),
            color="white",
            ls=style,
            lw=1.4,
            label=rf"critical damping $\beta = (1-\sqrt{{\alpha {name}}})^2$",
        )
    if show_optimum and not grid.is_single_curvature and grid.mu > 0:
        optimum = optimal_parameters(grid.mu, grid.L)
        ax.plot(
            optimum.alpha,
            optimum.beta,
            marker="*",
            ms=13,
            color="#d62728",
            markeredgecolor="white",
            ls="none",
            label=rf"optimum $\alpha^*={float(optimum.alpha):.3g}$, "
            rf"$\beta^*={float(optimum.beta):.3g}$, $\rho^*={float(optimum.rate):.3g}$",
        )
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel(r"step size $\alpha$")
    ax.set_ylabel(r"momentum $\beta$")
    if grid.is_single_curvature:
        ax.set_title(rf"Heavy ball on $f(x) = h x^2/2$, $h = {grid.L:g}$")
    else:
        ax.set_title(rf"Heavy ball, Hessian spectrum $[\mu, L] = [{grid.mu:g}, {grid.L:g}]$")
    ax.legend(loc="lower right", fontsize="small", framealpha=0.85)
    return ax


def plot_rate_heatmap_figure(grid: RateGrid) -> Figure:
    r"""The paper's heatmap figure: :func:`plot_rate_heatmap` at the size it is printed.

    Drawn under :data:`~momentum_theory.plotting._style.PRINT_STYLE` at 5.6 x 4.3 inches
    (0.82 of the text width), so that its text stays legible in print. The paper's
    ``heatmap`` (one curvature, :math:`h = 1`) and ``heatmap_spectrum``
    (:math:`[\mu, L] = [1, 10]`) figures are this function of their grids.

    Parameters
    ----------
    grid : RateGrid
        From :func:`momentum_theory.rate_grid`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, with the heatmap's axes and its colorbar.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from momentum_theory import rate_grid
    >>> from momentum_theory.plotting import plot_rate_heatmap_figure
    >>> grid = rate_grid(np.linspace(0.01, 0.4, 50), np.linspace(0, 0.99, 50), mu=1, L=10)
    >>> figure = plot_rate_heatmap_figure(grid)
    >>> [float(inches) for inches in figure.get_size_inches()], len(figure.axes)
    ([5.6, 4.3], 2)
    """
    with print_figure(_FIGURE_SIZE) as figure:
        plot_rate_heatmap(grid, ax=figure.subplots())
    return figure
