r"""What ``momentum-theory train`` draws: loss curves over seeds and the sweep's heatmaps.

Every function takes the frozen result of one experiment from
:mod:`momentum_theory.training` (so it never imports PyTorch) and draws it; single-panel
functions take ``ax=None`` and return the Axes, composite figures return the Figure. The
paper draws the same results (its ``training_*`` figures, in
``momentum_theory.paper.networks``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from momentum_theory.plotting._grid import cell_edges, grid_image
from momentum_theory.plotting._style import print_figure
from momentum_theory.plotting.heatmap import plot_method_heatmap

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from numpy.typing import ArrayLike, NDArray

    from momentum_theory.methods import MethodGrid
    from momentum_theory.training import (
        OptimizerComparison,
        RegionComparison,
        SweepResult,
    )

__all__ = [
    "plot_final_edge_fraction",
    "plot_loss_curves",
    "plot_network_heatmap",
    "plot_sweep",
]

_COLOURS = {"momentum": "#1f77b4", "sgd": "#d62728", "sgd_effective": "#2ca02c"}
_LINE_STYLES: dict[str, dict[str, Any]] = {
    "momentum": {"lw": 1.1, "zorder": 3},
    "sgd": {"lw": 1.1, "zorder": 2},
    "sgd_effective": {"lw": 2.2, "ls": (0, (4, 2)), "zorder": 1},
}
# The colour of "does not converge", shared with plot_method_heatmap's grey.
_DIVERGED_GREY = "0.78"
# Collapsed cells (every hidden ReLU dead): hatched over their colour, in both sweep panels;
# where a panel has no value for them (the final curvature is the bias's 2), on this face.
_COLLAPSED_HATCH = "////"
_COLLAPSED_HATCH_COLOUR = "white"
_COLLAPSED_FACE = "0.45"
# The chapter's (lr, momentum); any other marked point is labelled as a plain run.
_CHAPTER_POINT = (0.01, 0.8)


def _new_axes(ax: Axes | None, size: tuple[float, float] = (6.4, 4.4)) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size, layout="constrained")[1]


def plot_loss_curves(comparison: OptimizerComparison, ax: Axes | None = None) -> Axes:
    r"""Loss per step of momentum, SGD and SGD at :math:`\eta/(1-\beta)`, over seeds.

    Each line is the mean over seeds of the mini-batch loss at that step; the band around
    it spans the lowest to the highest seed. The legend gives each method's final
    full-data loss as mean :math:`\pm` standard deviation over the seeds that trained, and
    how many diverged (their curves end where their loss stopped being finite). The
    control :math:`\eta/(1-\beta)` is drawn wide and dashed beneath momentum, which it
    often follows closely, so that both stay visible.

    Parameters
    ----------
    comparison : OptimizerComparison
        From :func:`momentum_theory.training.compare_optimizers`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from types import MappingProxyType
    >>> from momentum_theory.training import OptimizerComparison
    >>> curves = {m: np.full((2, 4), 0.1) for m in ("momentum", "sgd", "sgd_effective")}
    >>> fake = OptimizerComparison((1, 2), 0.01, 0.8, 0.05, 1, curves, curves,
    ...                            {m: np.array([0.1, 0.1]) for m in curves},
    ...                            {m: np.array([-1, -1]) for m in curves})
    >>> plot_loss_curves(fake).get_ylabel()
    'mini-batch MSE loss'
    """
    ax = _new_axes(ax)
    beta, eta = comparison.momentum, comparison.lr
    labels = {
        "momentum": rf"momentum ($\eta={eta:g}$, $\beta={beta:g}$)",
        "sgd": rf"SGD ($\eta={eta:g}$)",
        "sgd_effective": rf"SGD ($\eta/(1-\beta)={comparison.effective_lr:g}$), control",
    }
    for method, losses in comparison.losses.items():
        steps = np.arange(1, losses.shape[1] + 1)
        summary = comparison.summary(method)
        diverged = comparison.diverged(method)
        parts = [] if summary is None else [f"final {summary.mean:.4f} $\\pm$ {summary.std:.4f}"]
        if diverged.any():
            parts.append(f"diverged on {int(diverged.sum())}/{diverged.size} seeds")
        label = f"{labels[method]}: {', '.join(parts)}"
        colour = _COLOURS[method]
        # Steps after a run diverged have no loss to average: mean and band over the rest.
        finite = np.where(np.isfinite(losses), losses, np.nan)
        drawn = np.isfinite(finite).any(axis=0)
        with np.errstate(invalid="ignore"):
            low, high = np.fmin.reduce(finite, axis=0), np.fmax.reduce(finite, axis=0)
            mean = np.nansum(finite, axis=0) / np.maximum(np.isfinite(finite).sum(axis=0), 1)
        ax.fill_between(
            steps[drawn], low[drawn], high[drawn], color=colour, alpha=0.18, linewidth=0
        )
        # The control often lies on top of momentum: dashed and drawn below, so both show.
        style = _LINE_STYLES[method]
        ax.plot(steps[drawn], mean[drawn], color=colour, label=label, **style)
    steps_per_epoch = comparison.losses["momentum"].shape[1] // comparison.epochs
    for epoch in range(1, comparison.epochs):
        ax.axvline(epoch * steps_per_epoch + 0.5, color="0.9", lw=0.6, zorder=0)
    ax.set_yscale("log")
    ax.set_xlim(1, comparison.losses["momentum"].shape[1])
    ax.set_xlabel(f"step ({steps_per_epoch} per epoch, faint lines mark epochs)")
    ax.set_ylabel("mini-batch MSE loss")
    ax.set_title(
        f"Chapter's network, {len(comparison.seeds)} seeds: line = mean, band = min to max",
        fontsize=10,
    )
    ax.legend(
        fontsize=8,
        loc="upper right",
        title="final full-data loss, mean $\\pm$ sd",
        title_fontsize=8,
    )
    return ax


def _hatch_cells(
    ax: Axes, mask: NDArray[np.bool_], x_centres: NDArray, y_centres: NDArray
) -> Patch:
    """Hatch the cells where ``mask`` holds (cells as in ``grid_image``); the legend handle.

    Hatches are drawn in device space, so the hatching of neighbouring cells joins into one
    hatched region.
    """
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch, Rectangle

    x_low, x_high = cell_edges(x_centres)
    y_low, y_high = cell_edges(y_centres)
    width = (x_high - x_low) / np.size(x_centres)
    height = (y_high - y_low) / np.size(y_centres)
    cells = [
        Rectangle((x_low + j * width, y_low + i * height), width, height)
        for i, j in np.argwhere(mask)
    ]
    ax.add_collection(
        PatchCollection(
            cells,
            facecolor="none",
            edgecolor=_COLLAPSED_HATCH_COLOUR,
            hatch=_COLLAPSED_HATCH,
            linewidth=0.0,
            zorder=2,
        )
    )
    return Patch(
        facecolor=_COLLAPSED_FACE,
        edgecolor=_COLLAPSED_HATCH_COLOUR,
        hatch=_COLLAPSED_HATCH,
        label=f"collapsed: every ReLU dead ({int(mask.sum())} cells)",
    )


def plot_network_heatmap(
    sweep: SweepResult,
    ax: Axes | None = None,
    *,
    curvatures: dict[str, float] | None = None,
    point: tuple[float, float] | None = None,
    collapsed: ArrayLike | None = None,
) -> Axes:
    r"""Final full-data loss of the network over the :math:`\eta \times \beta` grid.

    Colour is :math:`\log_{10}` of the final loss; diverged cells are solid grey (the grey
    of "no convergence" in :func:`~momentum_theory.plotting.plot_method_heatmap`) and named
    in the legend, never left blank. Collapsed cells, if given, keep their loss colour
    under white hatching and are named in the legend too. For each curvature given, the
    quadratic theory's stability edge :math:`\eta = 2(1 + \beta)/h` is drawn as a line.

    Parameters
    ----------
    sweep : SweepResult
        From :func:`momentum_theory.training.sweep_grid`.
    ax : matplotlib.axes.Axes, optional
        Where to draw.
    curvatures : dict of str to float, optional
        Label -> curvature :math:`h` whose edge to draw.
    point : (float, float), optional
        An :math:`(\eta, \beta)` to mark (the chapter's setting).
    collapsed : array_like of bool, shape (n_momentum, n_lr), optional
        Cells whose hidden units all died (:attr:`RegionComparison.collapsed`), hatched.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from momentum_theory.training import SweepResult
    >>> loss = np.array([[0.1, 0.2], [0.05, np.nan]])  # one diverged cell
    >>> fake = SweepResult(
    ...     lr=np.array([0.1, 0.2]), momentum=np.array([0.0, 0.5]), final_loss=loss,
    ...     diverged=np.isnan(loss), diverged_at_step=np.array([[-1, -1], [-1, 3]]),
    ...     losses=np.ones((4, 2, 2)), final_parameters={}, initial_loss=0.2,
    ...     divergence_threshold=2e3, epochs=1, seed=1, dtype="float32")
    >>> plot_network_heatmap(fake, curvatures={"h": 10.0}).get_xlabel()
    'learning rate $\\eta$'
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm
    from matplotlib.patches import Patch

    ax = _new_axes(ax)
    if not np.array_equal(np.isnan(sweep.final_loss), sweep.diverged):
        raise ValueError("sweep.final_loss must be NaN exactly where sweep.diverged")
    finite = sweep.final_loss[~sweep.diverged]
    colormap = plt.get_cmap("viridis").with_extremes(bad=_DIVERGED_GREY)
    norm = LogNorm(vmin=finite.min(), vmax=finite.max()) if finite.size else None
    image = grid_image(
        ax,
        np.ma.masked_array(sweep.final_loss, mask=sweep.diverged),
        sweep.lr,
        sweep.momentum,
        cmap=colormap,
        norm=norm,
    )
    extent = image.get_extent()
    bar = ax.figure.colorbar(image, ax=ax)
    bar.set_label(f"final full-data MSE after {sweep.epochs} epochs\n(log scale)")
    handles = [
        Patch(
            facecolor=_DIVERGED_GREY,
            edgecolor="0.5",
            label=f"diverged ({int(sweep.diverged.sum())} of {sweep.diverged.size} cells)",
        )
    ]
    if collapsed is not None:
        mask = np.asarray(collapsed, dtype=bool)
        if mask.shape != sweep.shape or np.any(mask & sweep.diverged):
            raise ValueError("collapsed must be a (n_momentum, n_lr) mask of non-diverged cells")
        handles.append(_hatch_cells(ax, mask, sweep.lr, sweep.momentum))
    beta_line = np.linspace(extent[2], extent[3], 100)
    for (label, h), style in zip((curvatures or {}).items(), ("-", "--", ":"), strict=False):
        (line,) = ax.plot(
            2 * (1 + beta_line) / h,
            beta_line,
            color="black",
            ls=style,
            lw=1.5,
            label=rf"$\eta = 2(1+\beta)/h$, {label} $h = {h:.4g}$",
        )
        handles.append(line)
    if point is not None:
        (marker,) = ax.plot(
            *point,
            marker="*",
            ms=12,
            color="#d62728",
            mec="white",
            ls="none",
            label=rf"{'chapter' if point == _CHAPTER_POINT else 'run'}: "
            rf"$\eta={point[0]:g}$, $\beta={point[1]:g}$",
        )
        handles.append(marker)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel(r"learning rate $\eta$")
    ax.set_ylabel(r"momentum $\beta$")
    ax.set_title(f"Network: {sweep.shape[0]} x {sweep.shape[1]} grid, one batched run")
    ax.legend(handles=handles, loc="upper right", framealpha=0.9)
    return ax


def plot_final_edge_fraction(region: RegionComparison, ax: Axes | None = None) -> Axes:
    r"""Each trained cell's :math:`\eta\lambda_{\max}/(2(1+\beta))` at its *final* weights.

    Values below 1 mean the cell ended inside the quadratic stability region for the
    curvature where it ended. Diverged cells are grey, as in :func:`plot_network_heatmap`;
    collapsed cells are hatched on dark grey and carry no value: their only curvature is
    the output bias's 2, so their ratio, :math:`\eta/(1+\beta)`, says nothing about the
    network. Cells that neither diverged nor collapsed but did not lower the loss
    (:attr:`RegionComparison.not_improved`) are coloured like trained ones; the title's
    largest value is over trained cells.

    Parameters
    ----------
    region : RegionComparison
        From :func:`momentum_theory.training.compare_regions`.
    ax : matplotlib.axes.Axes, optional
        Where to draw.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from types import SimpleNamespace
    >>> sweep = SimpleNamespace(lr=np.array([0.1, 0.2]), momentum=np.array([0.0, 0.5]),
    ...                         diverged=np.array([[False, False], [False, True]]))
    >>> fraction = np.array([[0.2, 0.5], [0.1, np.nan]])
    >>> collapsed = np.array([[False, True], [False, False]])
    >>> fake = SimpleNamespace(sweep=sweep, final_edge_fraction=fraction, collapsed=collapsed,
    ...                        trained=~sweep.diverged & ~collapsed)
    >>> plot_final_edge_fraction(fake).get_title()
    'Theory at the final curvature,\ntrained cells: largest value 0.200'
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    ax = _new_axes(ax)
    sweep = region.sweep
    fraction = region.final_edge_fraction
    collapsed = np.asarray(region.collapsed, dtype=bool)
    colormap = plt.get_cmap("magma").with_extremes(bad=_DIVERGED_GREY, over="#00bfff")
    image = grid_image(
        ax,
        np.ma.masked_array(fraction, mask=sweep.diverged | collapsed),
        sweep.lr,
        sweep.momentum,
        cmap=colormap,
        vmin=0.0,
        vmax=1.0,
    )
    grid_image(  # collapsed cells on their own face, over the grey "bad" of the first image
        ax,
        np.ma.masked_array(np.zeros(fraction.shape), mask=~collapsed),
        sweep.lr,
        sweep.momentum,
        cmap=ListedColormap([_COLLAPSED_FACE]),
    )
    collapsed_handle = _hatch_cells(ax, collapsed, sweep.lr, sweep.momentum)
    extent = image.get_extent()
    bar = ax.figure.colorbar(image, ax=ax, extend="max")
    bar.set_label(r"$\eta\,\lambda_{\max}^{end} / 2(1+\beta)$  (blue: above 1)")
    trained = np.asarray(region.trained, dtype=bool)
    largest = float(np.max(fraction[trained])) if trained.any() else float("nan")
    ax.legend(
        handles=[
            Patch(facecolor=_DIVERGED_GREY, edgecolor="0.5", label="diverged"),
            collapsed_handle,
        ],
        loc="upper right",
    )
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel(r"learning rate $\eta$")
    ax.set_ylabel(r"momentum $\beta$")
    ax.set_title(f"Theory at the final curvature,\ntrained cells: largest value {largest:.3f}")
    return ax


def _zoomed_theory(region: RegionComparison, points: int = 161) -> MethodGrid:
    r"""Heavy ball's rate at the start's curvature on a fine grid that ends a little past
    the stable region's widest point, :math:`\eta = 2(1 + \beta_{\max})/h`: on the network's
    learning-rate range the region is a sliver a few cells wide."""
    from momentum_theory.methods import method_grid

    sweep, h = region.sweep, region.report.initial.eigenvalue
    widest = 2.0 * (1.0 + float(sweep.momentum[-1])) / h
    alpha = np.linspace(0.0, 1.15 * widest, points)[1:]
    beta = np.linspace(float(sweep.momentum[0]), float(sweep.momentum[-1]), points)
    return method_grid("heavy_ball", ("alpha", alpha), ("beta", beta), h=h)


def plot_sweep(region: RegionComparison) -> Figure:
    r"""The network's heatmap beside the quadratic theory's, and the theory at the end.

    Drawn for print at text width (6.6 inches wide, text of 8 to 9.5 points), two panels to
    a row. Top left: :func:`plot_network_heatmap`, with the theory's edge for
    :math:`\lambda_{\max}` at the initial weights (shared by every cell) and at the end of
    the chapter's run, and collapsed cells (every hidden ReLU dead) hatched; its title
    counts the cells beyond the start's edge that trained and that collapsed (of all the
    collapsed cells, which the legend counts: a few collapse inside the edge). Top right:
    :func:`~momentum_theory.plotting.plot_method_heatmap` of
    :math:`\rho(A(\eta, \beta, h))` with :math:`h = \lambda_{\max}` at the start, on the
    same momenta with the learning rate zoomed to the stable region (a sliver a few cells
    wide on the network's range), on a finer grid. Bottom left:
    :func:`plot_final_edge_fraction`. Bottom right: the legends, where they hide no cell.

    Parameters
    ----------
    region : RegionComparison
        From :func:`momentum_theory.training.compare_regions`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, 6.6 x 6.2 inches.
    """
    sweep, report = region.sweep, region.report
    with print_figure((6.6, 6.2)) as figure:
        grid = figure.add_gridspec(2, 2)
        network, theory, final = (
            figure.add_subplot(grid[cell]) for cell in ((0, 0), (0, 1), (1, 0))
        )
        plot_network_heatmap(
            sweep,
            network,
            curvatures={
                "start": report.initial.eigenvalue,
                **(
                    {}  # the marked run diverged: no final weights
                    if report.final is None
                    else {
                        "end of chapter's run"
                        if (report.lr, report.momentum) == _CHAPTER_POINT
                        else "end of the run": report.final.eigenvalue
                    }
                ),
            },
            point=(report.lr, report.momentum),
            collapsed=region.collapsed,
        )
        network.set_title(
            f"Network beyond the start's edge: {region.trained_beyond_edge} trained,\n"
            f"{region.collapsed_beyond_edge} of the {int(region.collapsed.sum())} collapsed; "
            f"{region.stable_but_diverged} inside it diverged"
        )
        zoomed = _zoomed_theory(region)
        plot_method_heatmap(zoomed, theory, colour="rate")
        theory.plot(
            report.lr, report.momentum, marker="*", ms=12, color="#d62728", mec="white", ls="none"
        )
        theory.set_ylim(network.get_ylim())
        theory.set_xlabel(r"step size $\alpha$ = learning rate $\eta$")
        theory.set_title(
            rf"Heavy ball on $h x^2/2$, $h = \lambda_{{\max}}$ at the start"
            f" = {report.initial.eigenvalue:.4g}\n"
            rf"(zoomed: $\eta \leq {zoomed.x[-1]:.2g}$; the left panels reach {sweep.lr[-1]:.3g})"
        )
        plot_final_edge_fraction(region, final)
        final.get_legend().remove()  # its grey and hatching are in the network's legend
        key = figure.add_subfigure(grid[1, 1])  # the legends, where they hide no cell
        network_legend = network.get_legend()
        key.legend(
            network_legend.legend_handles,
            [text.get_text() for text in network_legend.get_texts()],
            title="Network (left column)",
            loc="upper center",
        )
        network_legend.remove()
        theory.get_legend().remove()
        # On grey, so that the theory's white critical-damping line shows.
        key.legend(
            *theory.get_legend_handles_labels(),
            title="Quadratic theory (top right)",
            loc="lower center",
            facecolor="0.6",
            edgecolor="0.6",
            framealpha=1.0,
        )
        figure.suptitle(
            f"Where the chapter's network trains ({sweep.shape[0]} x {sweep.shape[1]} cells in "
            f"one batched run, {sweep.epochs} epochs, seed {sweep.seed}, {sweep.dtype})\n"
            "vs where heavy ball on a quadratic converges"
        )
    return figure
