r"""Convergence-region heatmaps: a method's rate over two of its parameters.

One drawing routine, :func:`plot_method_heatmap`, draws every heatmap: the rate of a named
method (:mod:`momentum_theory.methods`) over any two of its parameters, from a
:class:`~momentum_theory.methods.MethodGrid`, with its boundary, critical curves and
optimum. Everything it writes about a method or a parameter (title, labels, symbols, which
curves have closed forms, which parameters the optimum tunes) is read from the method
(:class:`~momentum_theory.methods.Method`, :class:`~momentum_theory.methods.Parameter`).
How the axes and colour read is :mod:`momentum_theory.plotting._axes`, where the contour
labels go :mod:`momentum_theory.plotting._labels`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import choice
from momentum_theory.methods import get
from momentum_theory.methods import grid as _grids
from momentum_theory.plotting._axes import PlotAxis, Shading, rate_text, tex_number
from momentum_theory.plotting._grid import cell_boundaries, cell_edges, grid_image
from momentum_theory.plotting._labels import label_inside
from momentum_theory.plotting._style import print_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from momentum_theory.methods import ClosedFormCurve, MethodGrid, Optimum

# The plot functions (the package exports them); optimum_off_slice and off_slice_text are
# for momentum-theory heatmap, which says on the terminal what the figure says.
__all__ = ["plot_method_heatmap", "plot_method_heatmap_figure"]

Array = NDArray[np.float64]

# Drawn near the size the paper prints it (0.82 of a 6.3 in text width), so that its text
# stays legible there.
_FIGURE_SIZE = (5.6, 4.3)
COLOURS = ("auto", "rate", "digits", "log-gap")
AXES = ("plain", "scaled")
# colour="auto" colours by iterations per digit from this condition number L/mu on: there
# Polyak's optimal rate is above 0.8, and a linear rate scale puts most cells in its top
# tenth.
AUTO_DIGITS_CONDITION = 1e2
LEGENDS = ("auto", "inside", "below", "none")

# Axis labels by parameter name, and the symbol of each (for titles and scaled axes).


def plot_method_heatmap(
    grid: MethodGrid,
    ax: Axes | None = None,
    *,
    colour: str = "auto",
    axes: str = "plain",
    colorbar: bool = True,
    show_optimum: bool = True,
    title: str | None = None,
    legend: str = "auto",
    limits: tuple[float, float] | None = None,
    cmap: str = "viridis",
) -> Axes:
    r"""Draw a method's rate over two of its parameters, with its boundary and critical curves.

    Grey cells do not converge (:math:`\rho \ge 1`); the others are coloured by the rate
    (``colour``). Drawn on top:

    - the stability boundary :math:`\rho = 1` (the contour :math:`\rho = 1` of the grid,
      or the method's closed form where it has one,
      :meth:`~momentum_theory.methods.Method.closed_form_curves`: for heavy ball
      :math:`\alpha = 2(1 + \beta)/L`);
    - the critical-damping curves, where the state matrix has a double eigenvalue,
      :math:`T^2 = 4D` (:meth:`~momentum_theory.methods.MethodGrid.discriminant`), for
      :math:`h = \mu` and :math:`h = L` (one curve for a single curvature); for heavy ball
      the closed form :math:`\beta = (1 - \sqrt{\alpha h})^2`;
    - thin contours of the colour, labelled inside the axes;
    - for a spectrum, the method's optimal parameters where they lie on the plotted slice
      (:meth:`~momentum_theory.methods.MethodGrid.optimum_on_slice`: the two plotted
      parameters are tuned ones and the fixed ones are the optimum's own; ``pytorch_sgd``:
      tuned for the fixed ``dampening``, ``weight_decay`` and ``nesterov``; ``two_step``
      and ``qhm``: only on the slice through their optimum, :math:`\gamma = 0` and
      :math:`\nu = 1` as found numerically). Where the optimum is off the slice (a fixed
      tuned parameter differs from its optimal value, :func:`optimum_off_slice`), the
      legend says so, with the optimal values and rate, and a hollow star marks the
      fastest cell of the slice (as the paper's ``methods`` figure does). The numerical
      optima take seconds (1 to 25 s for ``qhm``); they are computed only when
      ``show_optimum`` is True, once per spectrum and setting.

    Parameters
    ----------
    grid : MethodGrid
        From :func:`momentum_theory.methods.method_grid`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    colour : {"auto", "rate", "digits", "log-gap"}, default "auto"
        What the colour shows. ``"rate"``: :math:`\rho` on :math:`[0, 1]`. ``"digits"``:
        iterations per decimal digit of accuracy, :math:`-1/\log_{10}\rho`, on a
        logarithmic scale of three decades from the fastest cell's. ``"log-gap"``:
        :math:`1 - \rho` on a logarithmic scale. ``"auto"``: ``"digits"`` when
        :math:`L/\mu \ge 10^3` (where every rate near the optimum is above 0.94 and a linear
        scale shows one colour), else ``"rate"``.
    axes : {"plain", "scaled"}, default "plain"
        ``"plain"``: the parameters as they are. ``"scaled"``: step sizes (``alpha``,
        ``lr``) times :math:`L`, and momenta (``beta``, ``momentum``) on a logarithmic
        scale of :math:`1 - \beta` (ticks labelled in :math:`\beta`: 0.9, 0.99, ...), which
        shows the structure of ill-conditioned spectra near :math:`\beta = 1`. Momenta
        must then stay below 1. A grid sampled evenly in the scaled coordinates is drawn
        as an image, any other as a mesh of cells around the samples.
    colorbar : bool, default True
        Add a labelled colorbar.
    show_optimum : bool, default True
        Mark the optimal parameters where they lie on the plotted slice (see above).
    title : str, optional
        The axes title; by default the method, its fixed parameters and the spectrum.
        ``""`` for none.
    legend : {"auto", "inside", "below", "none"}, default "auto"
        Where the legend goes: inside the axes at the lower right, below the axes (two
        columns, hiding no cell), or nowhere (the handles stay on the axes, for a figure
        legend). ``"auto"``: inside when coloured by rate on plain axes (the paper's
        figures), else below.
    limits : (float, float), optional
        The ends of the colour scale, in the colour's quantity (iterations per digit, or
        the gap :math:`1 - \rho`), to share one scale between panels. By default the rate
        spans :math:`[0, 1]` and the logarithmic scales two decades from the fastest cell
        (rounded to 1, 2 or 5 times a power of ten); slower cells take the end colour.
    cmap : str, default "viridis"
        A perceptually uniform colormap; dark is fast in every colour mode.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        For an unknown ``colour``, ``axes`` or ``legend``, or a momentum of 1 or more on
        scaled axes.

    See Also
    --------
    momentum_theory.methods.method_grid : the grid.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from momentum_theory.methods import method_grid
    >>> from momentum_theory.plotting import plot_method_heatmap
    >>> grid = method_grid(
    ...     "nesterov", ("alpha", np.linspace(0.005, 0.2, 40)), ("beta", np.linspace(0, 0.99, 40)),
    ...     mu=1, L=10,
    ... )
    >>> ax = plot_method_heatmap(grid)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('step size $\\alpha$', 'momentum $\\beta$')
    >>> [line.get_label() for line in ax.get_lines() if line.get_marker() == "*"]
    ['optimum $\\alpha^*=0.129$, $\\beta^*=0.471$, $\\rho^*=0.641$']
    """
    import matplotlib.pyplot as plt

    colour = choice(colour, "colour", COLOURS)
    axes = choice(axes, "axes", AXES)
    legend = choice(legend, "legend", LEGENDS)
    method = get(grid.method)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.8), layout="constrained")
    colour, legend = _resolve_auto(grid, colour, axes, legend)
    x_axis = PlotAxis.of(grid.x_name, grid, scaled=axes == "scaled")
    y_axis = PlotAxis.of(grid.y_name, grid, scaled=axes == "scaled")
    x, y = x_axis.forward(grid.x), y_axis.forward(grid.y)
    rate = np.asarray(grid.rate, dtype=float)
    stable = np.asarray(grid.converges())  # exactly, not rate < 1 (a rate may round to 1)
    gap = grid.gap() if colour in ("digits", "log-gap") else None
    shading = Shading.of(colour, rate, stable, cmap, limits, gap)

    cells, extent = _draw_cells(ax, shading, x, y)
    if colorbar:
        bar = ax.figure.colorbar(cells, ax=ax, extend=shading.extend)
        bar.set_label(shading.label(grid.is_single_curvature) + r"  (grey: $\rho \geq 1$)")
        shading.format_colorbar(bar)
    contours = None
    if stable.sum() > 3:
        contours = ax.contour(
            x,
            y,
            np.where(stable, shading.contoured, np.nan),
            levels=shading.levels,
            colors="white",
            linewidths=0.5,
            alpha=0.7,
        )

    closed_forms = method.closed_form_curves(grid.x_name, grid.y_name)
    if closed_forms is not None:
        _closed_form_curves(ax, grid, closed_forms, x_axis, y_axis, extent)
    else:
        _contour_curves(ax, grid, x, y, rate)
    if show_optimum and not grid.is_single_curvature and grid.mu > 0:
        optimum = grid.optimum_on_slice()
        if optimum is not None:
            _mark_optimum(ax, grid, optimum, x_axis, y_axis, extent, shading.mode)
        else:
            elsewhere = optimum_off_slice(grid)
            if elsewhere is not None:
                _mark_fastest_cell(ax, grid, elsewhere, x_axis, y_axis, rate, stable)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    if contours is not None:
        avoid = ((0.45, 1.0, 0.0, 0.32),) if legend == "inside" else ()
        label_inside(ax, contours, shading.level_format, avoid)
    x_axis.decorate(ax, "x")
    y_axis.decorate(ax, "y")
    ax.set_title(_default_title(method, grid) if title is None else title)
    if not ax.get_legend_handles_labels()[0]:  # nothing converges, no curve: no key
        legend = "none"
    if legend == "inside":
        ax.legend(loc="lower right", fontsize="small", framealpha=0.85)
    elif legend == "below":
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.13),
            ncols=1,
            fontsize="small",
            frameon=False,
            handlelength=2.5,
        )
    return ax


def plot_method_heatmap_figure(
    grid: MethodGrid,
    *,
    colour: str = "auto",
    axes: str = "plain",
    show_optimum: bool = True,
    title: str | None = None,
    legend: str = "auto",
) -> Figure:
    r""":func:`plot_method_heatmap` at the size the paper prints a heatmap, in print style.

    The figure ``momentum-theory heatmap`` writes: 5.6 x 4.3 inches under
    :data:`~momentum_theory.plotting._style.PRINT_STYLE` (0.82 of the text width), laid out
    once so that its PNG and PDF are the same drawing in whichever order they are saved, and
    0.9 in taller with the legend below the axes. The paper's ``heatmap`` (one curvature,
    :math:`h = 1`) and ``heatmap_spectrum`` (:math:`[\mu, L] = [1, 10]`) figures are this
    function of heavy ball's grids, coloured by the rate.

    Parameters
    ----------
    grid : MethodGrid
        From :func:`momentum_theory.methods.method_grid`.
    colour, axes, show_optimum, title, legend
        As for :func:`plot_method_heatmap`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, with the heatmap's axes and its colorbar.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from momentum_theory.methods import method_grid
    >>> from momentum_theory.plotting import plot_method_heatmap_figure
    >>> grid = method_grid("qhm", ("alpha", np.linspace(0.1, 4, 30)),
    ...                    ("beta", np.linspace(0, 0.98, 30)), h=1.0, nu=0.7)
    >>> figure = plot_method_heatmap_figure(grid)
    >>> figure.axes[0].get_title()
    'QHM ($\\nu = 0.7$) on $f(x) = h x^2/2$, $h = 1$'
    """
    colour, legend = _resolve_auto(
        grid, choice(colour, "colour", COLOURS), axes, choice(legend, "legend", LEGENDS)
    )
    width, height = _FIGURE_SIZE
    with print_figure((width, height + 0.9 if legend == "below" else height)) as figure:
        plot_method_heatmap(
            grid,
            figure.subplots(),
            colour=colour,
            axes=axes,
            show_optimum=show_optimum,
            title=title,
            legend=legend,
        )
    return _fixed_layout(figure)


def _fixed_layout(figure: Figure) -> Figure:
    """Lay ``figure`` out once and keep that layout, so that every save draws the same.

    Constrained layout runs again at every save and starts from the last one, so a PNG
    saved after the PDF would differ in its last bits from one saved alone.
    """
    figure.draw_without_rendering()
    figure.set_layout_engine("none")
    return figure


def _resolve_auto(grid: MethodGrid, colour: str, axes: str, legend: str) -> tuple[str, str]:
    """``colour`` and ``legend`` with "auto" resolved (see plot_method_heatmap)."""
    if colour == "auto":
        colour = "digits" if grid.L >= AUTO_DIGITS_CONDITION * grid.mu else "rate"
    if legend == "auto":
        legend = "inside" if colour == "rate" and axes == "plain" else "below"
    return colour, legend


def _draw_cells(ax: Axes, shading: Shading, x: Array, y: Array) -> tuple[Any, tuple[float, ...]]:
    """Draw the colour cells centred on ``(x[j], y[i])``; returns them and their outer edges.

    Cells of evenly spaced samples are one image; any others a mesh whose cell edges lie
    halfway between neighbouring samples.
    """
    try:
        cell_edges(x), cell_edges(y)
    except ValueError:
        x_edges, y_edges = cell_boundaries(x), cell_boundaries(y)
        mesh = ax.pcolormesh(
            x_edges, y_edges, shading.values, cmap=shading.cmap, norm=shading.norm
        )
        return mesh, (x_edges[0], x_edges[-1], y_edges[0], y_edges[-1])
    image = grid_image(ax, shading.values, x, y, cmap=shading.cmap, norm=shading.norm)
    return image, tuple(image.get_extent())


# -- curves ---------------------------------------------------------------------------------


def _closed_form_curves(
    ax: Axes,
    grid: MethodGrid,
    curves: tuple[ClosedFormCurve, ...],
    x_axis: PlotAxis,
    y_axis: PlotAxis,
    extent: tuple[float, ...],
) -> None:
    """The boundary (at :math:`h = L`) and critical curves (at each end of the spectrum)
    that the method gives in closed form (:meth:`Method.closed_form_curves
    <momentum_theory.methods.Method.closed_form_curves>`), sampled along the plotted range."""
    for curve in curves:
        along_is_x = curve.along == grid.x_name
        along_axis, other_axis = (x_axis, y_axis) if along_is_x else (y_axis, x_axis)
        low, high = extent[:2] if along_is_x else extent[2:]
        if curve.nonnegative:
            low = max(low, 0.0)
        along = along_axis.inverse(np.linspace(low, high, curve.samples))
        boundary = curve.kind == "boundary"
        single = boundary or grid.is_single_curvature
        for curvature, dashes in zip([grid.L] if single else [grid.mu, grid.L], ("--", ":")):
            name = "h" if grid.is_single_curvature else ("\\mu" if curvature == grid.mu else "L")
            other = curve.value(along, curvature)
            if other_axis.log_gap:
                other = np.where(other < 1, other, np.nan)
            a, b = along_axis.forward(along), other_axis.forward(other)
            style = (
                {"color": "black", "lw": 1.5}
                if boundary
                else {"color": "white", "ls": dashes, "lw": 1.4, "path_effects": _outline()}
            )
            ax.plot(*((a, b) if along_is_x else (b, a)), **style, label=curve.label(name))


def _outline() -> list[Any]:
    """A thin dark edge for white curves, so that they show on light cells and legends."""
    import matplotlib.patheffects as patheffects

    return [patheffects.withStroke(linewidth=3.0, foreground="black", alpha=0.3)]


def _contour_curves(ax: Axes, grid: MethodGrid, x: Array, y: Array, rate: Array) -> None:
    """The boundary :math:`\\rho = 1` and the critical curves :math:`T^2 = 4D`, as contours."""
    finite = np.isfinite(rate)
    stable = np.asarray(grid.converges())
    if np.any(stable) and np.any(finite & ~stable):
        ax.contour(
            x, y, np.where(finite, rate, np.nan), levels=[1.0], colors="black", linewidths=1.5
        )
        ax.plot([], [], color="black", lw=1.5, label=r"$\rho = 1$ (stability boundary)")
    curvatures = [grid.L] if grid.is_single_curvature else [grid.mu, grid.L]
    for curvature, style in zip(curvatures, ("--", ":")):
        name = "h" if grid.is_single_curvature else ("\\mu" if curvature == grid.mu else "L")
        with np.errstate(all="ignore"):
            discriminant = grid.discriminant(curvature)
        scale = np.nanmax(np.abs(discriminant)) if np.any(np.isfinite(discriminant)) else 0.0
        if not (np.nanmin(discriminant) < 0 < np.nanmax(discriminant)) or scale == 0:
            continue
        ax.contour(
            x,
            y,
            discriminant / scale,
            levels=[0.0],
            colors="white",
            linestyles=style,
            linewidths=1.4,
        ).set_path_effects(_outline())
        ax.plot(
            [],
            [],
            color="white",
            ls=style,
            lw=1.4,
            path_effects=_outline(),
            label=rf"critical damping at ${name}$: double eigenvalue",
        )


# -- the optimum and the title ----------------------------------------------------------


def _mark_optimum(
    ax: Axes,
    grid: MethodGrid,
    optimum: Any,
    x_axis: PlotAxis,
    y_axis: PlotAxis,
    extent: tuple[float, ...],
    mode: str,
) -> None:
    """The star at the optimum, labelled in the axes' units and the colour's quantity."""
    x_value, y_value = (float(optimum.parameters[n]) for n in (grid.x_name, grid.y_name))
    x, y = float(x_axis.forward(x_value)), float(y_axis.forward(y_value))
    rate = float(optimum.rate)
    parts = [axis.value_text(value) for axis, value in ((x_axis, x_value), (y_axis, y_value))]
    parts.append(rf"$\rho^*={rate_text(rate)}$")
    if mode == "digits" and 0 < rate < 1:
        parts[-1] += f": {float(f'{-1 / math.log10(rate):.3g}'):g} iterations per digit"
    label = "optimum " + ", ".join(parts)
    inside = min(extent[:2]) <= x <= max(extent[:2]) and min(extent[2:]) <= y <= max(extent[2:])
    ax.plot(
        x,
        y,
        marker="*",
        ms=13,
        color="#d62728",
        markeredgecolor="white",
        ls="none",
        label=label if inside else label + " (off the plot)",
    )


def optimum_off_slice(grid: MethodGrid) -> Optimum | None:
    r"""The method's optimum for the grid's spectrum when it is not on the plotted slice.

    The optimum tunes every parameter together (for the fixed options: PyTorch's
    ``dampening``, ``weight_decay``, ``nesterov``); it is off the slice when a fixed tuned
    parameter differs from its optimal value (``qhm`` at :math:`\nu = 0.7`: the optimum
    has :math:`\nu = 1`). None when it is on the slice
    (:meth:`~momentum_theory.methods.MethodGrid.optimum_on_slice`), for a single
    curvature, or when an axis is an option, which the optimum holds as given.

    Examples
    --------
    >>> from momentum_theory.methods import method_grid
    >>> grid = method_grid("two_step", ("alpha", [0.1]), ("beta", [0.5]), mu=1, L=10,
    ...                    gamma=0.5)
    >>> optimum = optimum_off_slice(grid)
    >>> round(float(optimum.parameters["gamma"]), 6), round(float(optimum.rate), 4)
    (0.0, 0.5195)
    >>> off_slice_text(grid, optimum)
    'optimum gamma = 0, rate 0.519: off this slice (gamma = 0.5)'
    """
    if grid.is_single_curvature or not grid.mu > 0 or grid.optimum_on_slice() is not None:
        return None
    method = get(grid.method)
    options = set(method.parameters) - set(method.tuned_parameters)
    if grid.x_name in options or grid.y_name in options:
        return None
    given = tuple(sorted((name, v) for name, v in grid.fixed.items() if name in options))
    # The cache optimum_on_slice has just filled: the numerical optima take seconds.
    return _grids._optimum(grid.method, float(grid.mu), float(grid.L), given)


def _off_slice(grid: MethodGrid, optimum: Optimum) -> dict[str, tuple[float, float]]:
    """The fixed tuned parameters where ``optimum`` differs: name -> (optimal, fixed)."""
    method = get(grid.method)
    return {
        name: (float(optimum.parameters[name]), float(value))
        for name, value in grid.fixed.items()
        if name in method.tuned_parameters
        and not np.isclose(float(optimum.parameters[name]), float(value), rtol=1e-6, atol=1e-6)
    }


def off_slice_text(grid: MethodGrid, optimum: Optimum, *, tex: bool = False) -> str:
    """One line saying where the optimum is, e.g. ``optimum nu = 1, rate 0.818: off this
    slice (nu = 0.7)``; with ``tex``, the parameters' symbols in TeX (for a legend)."""
    method = get(grid.method)

    def name(parameter: str) -> str:
        return f"${method.parameter(parameter).latex}$" if tex else parameter

    differences = _off_slice(grid, optimum)
    optimal = ", ".join(f"{name(k)} = {best:.3g}" for k, (best, _) in differences.items())
    fixed = ", ".join(f"{name(k)} = {value:.3g}" for k, (_, value) in differences.items())
    rate = rate_text(float(optimum.rate))
    return f"optimum {optimal}, rate {rate}: off this slice ({fixed})"


def _mark_fastest_cell(
    ax: Axes,
    grid: MethodGrid,
    optimum: Optimum,
    x_axis: PlotAxis,
    y_axis: PlotAxis,
    rate: Array,
    stable: NDArray[np.bool_],
) -> None:
    """A note that the optimum is off the slice, and a hollow star at the slice's fastest
    converging cell (none if no cell converges)."""
    ax.plot([], [], ls="none", label=off_slice_text(grid, optimum, tex=True))
    if not np.any(stable):
        return
    row, column = np.unravel_index(np.argmin(np.where(stable, rate, np.inf)), rate.shape)
    ax.plot(
        float(x_axis.forward(grid.x[column])),
        float(y_axis.forward(grid.y[row])),
        marker="*",
        ms=13,
        mfc="none",
        mec="#d62728",
        mew=1.5,
        ls="none",
        label=rf"fastest cell of this slice, $\rho={rate_text(float(rate[row, column]))}$",
    )


def _default_title(method: Any, grid: MethodGrid) -> str:
    name = method.title
    settings = []
    for parameter, value in grid.fixed.items():
        if parameter in method.defaults and value == method.defaults[parameter]:
            continue
        if isinstance(value, bool):
            settings.append(parameter if value else f"no {parameter}")
        else:
            settings.append(f"${method.parameter(parameter).latex} = {tex_number(value)}$")
    if settings:
        name += f" ({', '.join(settings)})"
    if grid.is_single_curvature:
        return rf"{name} on $f(x) = h x^2/2$, $h = {tex_number(grid.L)}$"
    return rf"{name}, Hessian spectrum $[\mu, L] = [{tex_number(grid.mu)}, {tex_number(grid.L)}]$"
