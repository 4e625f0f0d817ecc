r"""Convergence-region heatmaps: a method's rate over two of its parameters.

One drawing routine, :func:`plot_method_heatmap`, draws every heatmap: the rate of a named
method (:mod:`momentum_theory.methods`) over any two of its parameters, from a
:class:`~momentum_theory.methods.MethodGrid`. :func:`plot_rate_heatmap` is the same
drawing for the heavy-ball :class:`~momentum_theory.RateGrid` of the paper's figures.
"""

from __future__ import annotations

import functools
import inspect
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import choice
from momentum_theory.plotting._grid import cell_boundaries, cell_edges, grid_image
from momentum_theory.plotting._style import print_figure
from momentum_theory.spectral import RateGrid, critical_beta

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from momentum_theory.methods import MethodGrid

__all__ = [
    "plot_method_heatmap",
    "plot_method_heatmap_figure",
    "plot_rate_heatmap",
    "plot_rate_heatmap_figure",
]

Array = NDArray[np.float64]

# Drawn near the size the paper prints it (0.82 of a 6.3 in text width), so that its text
# stays legible there.
_FIGURE_SIZE = (5.6, 4.3)
# Thin contour levels that help read the rate off the picture.
_RATE_LEVELS = (0.5, 0.8, 0.9, 0.95, 0.99)
# The colour of "does not converge".
_GREY = "0.78"
COLOURS = ("auto", "rate", "digits", "log-gap")
AXES = ("plain", "scaled")
# colour="auto" colours by iterations per digit from this condition number L/mu on: there
# Polyak's optimal rate is above 0.8, and a linear rate scale puts most cells in its top
# tenth.
AUTO_DIGITS_CONDITION = 1e2
# Decades of the logarithmic colour scales, from the fastest cell's (rounded to 1, 2 or 5
# times a power of ten); slower cells take the end colour.
_DECADES = 2
LEGENDS = ("auto", "inside", "below", "none")

# Axis labels by parameter name, and the symbol of each (for titles and scaled axes).
_LABELS = {
    "alpha": r"step size $\alpha$",
    "beta": r"momentum $\beta$",
    "gamma": r"extrapolation $\gamma$",
    "nu": r"discount $\nu$",
    "lr": r"learning rate $\eta$",
    "momentum": r"momentum $m$",
    "dampening": r"dampening $\tau$",
    "weight_decay": r"weight decay $\lambda$",
}
_SYMBOLS = {
    "alpha": r"\alpha",
    "beta": r"\beta",
    "gamma": r"\gamma",
    "nu": r"\nu",
    "lr": r"\eta",
    "momentum": "m",
    "dampening": r"\tau",
    "weight_decay": r"\lambda",
}
# Parameters measured in units of 1/L (scaled axes multiply them by L), and momenta
# (scaled axes show them on a logarithmic scale of 1 - beta).
STEP_PARAMETERS = ("alpha", "lr")
MOMENTUM_PARAMETERS = ("beta", "momentum")
_TITLES = {
    "gradient_descent": "Gradient descent",
    "heavy_ball": "Heavy ball",
    "nesterov": "Nesterov",
    "two_step": "Two-step family",
    "qhm": "QHM",
    "pytorch_sgd": "PyTorch SGD",
}


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

    - the stability boundary :math:`\rho = 1` (for heavy ball the closed form
      :math:`\alpha = 2(1 + \beta)/L`, else the contour :math:`\rho = 1` of the grid);
    - the critical-damping curves, where the state matrix has a double eigenvalue,
      :math:`T^2 = 4D` (:meth:`~momentum_theory.methods.MethodGrid.discriminant`), for
      :math:`h = \mu` and :math:`h = L` (one curve for a single curvature); for heavy ball
      the closed form :math:`\beta = (1 - \sqrt{\alpha h})^2`;
    - thin contours of the colour, labelled inside the axes;
    - for a spectrum, the method's optimal parameters
      (:meth:`~momentum_theory.methods.Method.optimal_parameters`), when the two plotted
      parameters are the ones the optimum tunes and the fixed ones are the optimum's own
      (``pytorch_sgd``: tuned for the fixed ``dampening``, ``weight_decay`` and
      ``nesterov``; ``two_step`` and ``qhm``: only on the slice through their optimum,
      :math:`\gamma = 0` and :math:`\nu = 1` as found numerically). The numerical optima
      (``two_step``, ``qhm``, ``pytorch_sgd``) take 1 to 8 s; they are computed only when
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
    plot_rate_heatmap : the same drawing for a heavy-ball :class:`~momentum_theory.RateGrid`.

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

    from momentum_theory import methods

    colour = choice(colour, "colour", COLOURS)
    axes = choice(axes, "axes", AXES)
    legend = choice(legend, "legend", LEGENDS)
    method = methods.get(grid.method)
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4.8), layout="constrained")
    colour, legend = _resolve_auto(grid, colour, axes, legend)
    x_axis = _Axis.of(grid.x_name, grid, scaled=axes == "scaled")
    y_axis = _Axis.of(grid.y_name, grid, scaled=axes == "scaled")
    x, y = x_axis.forward(grid.x), y_axis.forward(grid.y)
    rate = np.asarray(grid.rate, dtype=float)
    stable = np.asarray(grid.converges())  # exactly, not rate < 1 (a rate may round to 1)
    gap = grid.gap() if colour in ("digits", "log-gap") else None
    shading = _Shading.of(colour, rate, stable, cmap, limits, gap)

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

    if grid.method == "heavy_ball" and {grid.x_name, grid.y_name} == {"alpha", "beta"}:
        _heavy_ball_curves(ax, grid, x_axis, y_axis, extent)
    else:
        _contour_curves(ax, grid, x, y, rate)
    if show_optimum and not grid.is_single_curvature and grid.mu > 0:
        optimum = _optimum_on_slice(method, grid)
        if optimum is not None:
            _mark_optimum(ax, grid, optimum, x_axis, y_axis, extent, shading.mode)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    if contours is not None:
        avoid = ((0.45, 1.0, 0.0, 0.32),) if legend == "inside" else ()
        _label_inside(ax, contours, shading.level_format, avoid)
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


def plot_rate_heatmap(
    grid: RateGrid,
    ax: Axes | None = None,
    *,
    cmap: str = "viridis",
    show_optimum: bool = True,
    colorbar: bool = True,
) -> Axes:
    r"""Draw the rate of a heavy-ball :class:`~momentum_theory.RateGrid` as a heatmap.

    :func:`plot_method_heatmap` of the grid as heavy ball's
    :class:`~momentum_theory.methods.MethodGrid`, coloured by the rate: colour is the
    spectral radius :math:`\rho` (or its worst case over :math:`[\mu, L]`) on
    :math:`[0, 1]` with a perceptually uniform colormap; cells with :math:`\rho \ge 1`
    (no convergence) are grey. Drawn on top, all from closed forms rather than from the
    sampled grid:

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
    from momentum_theory.methods import MethodGrid

    as_method = MethodGrid(
        method="heavy_ball",
        x_name="alpha",
        y_name="beta",
        x=grid.alpha,
        y=grid.beta,
        fixed={},
        rate=grid.rate,
        mu=grid.mu,
        L=grid.L,
    )
    return plot_method_heatmap(
        as_method, ax, colour="rate", colorbar=colorbar, show_optimum=show_optimum, cmap=cmap
    )


def plot_rate_heatmap_figure(grid: RateGrid) -> Figure:
    r"""The paper's heatmap figure: :func:`plot_rate_heatmap` at the size it is printed.

    Drawn under :data:`~momentum_theory.plotting._style.PRINT_STYLE` at 5.6 x 4.3 inches
    (0.82 of the text width), so that its text stays legible in print, and laid out once:
    its PNG and PDF are the same drawing in whichever order they are saved. The paper's
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
    return _fixed_layout(figure)


def _resolve_auto(grid: MethodGrid, colour: str, axes: str, legend: str) -> tuple[str, str]:
    """``colour`` and ``legend`` with "auto" resolved (see plot_method_heatmap)."""
    if colour == "auto":
        colour = "digits" if grid.L >= AUTO_DIGITS_CONDITION * grid.mu else "rate"
    if legend == "auto":
        legend = "inside" if colour == "rate" and axes == "plain" else "below"
    return colour, legend


# -- axes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Axis:
    """One plotted parameter: its coordinate on the axes and its label.

    ``scale`` multiplies the parameter (``L`` for a step size on scaled axes); ``log_gap``
    draws :math:`-\\log_{10}(1 - v)` instead of :math:`v` (a momentum on scaled axes).
    """

    name: str
    scale: float = 1.0
    log_gap: bool = False
    curvature: str = "L"

    @classmethod
    def of(cls, name: str, grid: MethodGrid, *, scaled: bool) -> _Axis:
        curvature = "h" if grid.is_single_curvature else "L"
        if scaled and name in STEP_PARAMETERS:
            return cls(name, scale=float(grid.L), curvature=curvature)
        if scaled and name in MOMENTUM_PARAMETERS:
            values = np.asarray(grid.y if name == grid.y_name else grid.x)
            if np.any(values >= 1):
                raise ValueError(
                    f"{name} must stay below 1 on scaled axes (a logarithmic scale of "
                    f"1 - {name}), got {float(values.max()):g}"
                )
            return cls(name, log_gap=True)
        return cls(name)

    def forward(self, values: ArrayLike) -> Array:
        """Parameter values to axes coordinates."""
        values = np.asarray(values, dtype=float)
        if self.log_gap:
            with np.errstate(divide="ignore", invalid="ignore"):
                return -np.log10(1.0 - values)
        return values * self.scale if self.scale != 1.0 else values

    def inverse(self, coordinates: ArrayLike) -> Array:
        """Axes coordinates to parameter values."""
        coordinates = np.asarray(coordinates, dtype=float)
        if self.log_gap:
            return 1.0 - 10.0 ** (-coordinates)
        return coordinates / self.scale if self.scale != 1.0 else coordinates

    def value_text(self, value: float) -> str:
        """``value`` of the optimum in the axis's units, e.g. ``$\\alpha^* L=3.92$``."""
        symbol = _SYMBOLS.get(self.name, self.name)
        if self.scale != 1.0:
            return rf"${symbol}^* {self.curvature}={value * self.scale:.3g}$"
        if self.log_gap:
            return rf"${symbol}^*={_rate_text(value)}$"
        return rf"${symbol}^*={value:.3g}$"

    def decorate(self, ax: Axes, which: str) -> None:
        """Label the ``which`` ("x" or "y") axis of ``ax`` and format its ticks."""
        import matplotlib.ticker as ticker

        axis = ax.xaxis if which == "x" else ax.yaxis
        label = _LABELS.get(self.name, self.name.replace("_", " "))
        if self.scale != 1.0:
            symbol = _SYMBOLS.get(self.name, self.name)
            label = label.split(" $")[0] + rf" ${symbol} {self.curvature}$"
        if self.log_gap:
            label += r" (logarithmic in $1 - " + _SYMBOLS.get(self.name, self.name) + "$)"
            low, high = sorted(axis.get_view_interval())
            axis.set_major_locator(ticker.FixedLocator(_momentum_ticks(low, high)))
            axis.set_major_formatter(ticker.FuncFormatter(_momentum_tick_label))
            axis.set_minor_locator(ticker.NullLocator())
        else:
            low, high = sorted(np.abs(axis.get_view_interval()))
            if high < 1e-2 or high >= 1e4:  # else plain labels: 0.5, 1, 2.5
                formatter = ticker.ScalarFormatter(useMathText=True)
                formatter.set_powerlimits((-2, 3))
                axis.set_major_formatter(formatter)
        (ax.set_xlabel if which == "x" else ax.set_ylabel)(label)


def _momentum_ticks(low: float, high: float) -> list[float]:
    """Coordinates of round momenta between ``low`` and ``high`` (scaled axes)."""
    rounds = (-0.9, -0.5, 0.0, 0.5) if high - low < 3 else (-0.9, 0.0)
    decades = [-math.log10(1.0 - b) for b in rounds] + [float(k) for k in range(1, 17)]
    ticks = [c for c in decades if low - 1e-9 <= c <= high + 1e-9]
    if len(ticks) < 3:
        halves = [-math.log10(5.0) + k for k in range(1, 17)]  # 0.5, 0.95, 0.995, ...
        ticks = sorted(ticks + [c for c in halves if low <= c <= high])
    return ticks


def _momentum_tick_label(coordinate: float, _position: Any = None) -> str:
    """The momentum at coordinate :math:`-\\log_{10}(1 - \\beta)`, as it is usually written."""
    gap = 10.0 ** (-coordinate)
    digits = round(-math.log10(gap)) if gap < 1 else 0
    if gap < 1e-4 and math.isclose(gap, 10.0**-digits, rel_tol=1e-6):
        return rf"$1 - 10^{{{-digits}}}$"
    return f"{1.0 - gap:.6g}"


# -- colour -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shading:
    """What the colour shows: the image's values and norm, contour levels and labels."""

    mode: str
    values: Any  # a masked array for the image
    contoured: Array  # the quantity the thin contours follow
    levels: tuple[float, ...]
    level_format: Any
    cmap: Any
    norm: Any
    extend: str

    @classmethod
    def of(
        cls,
        mode: str,
        rate: Array,
        stable: NDArray[np.bool_],
        cmap: str,
        limits: tuple[float, float] | None = None,
        gap: Array | None = None,
    ) -> _Shading:
        """The shading for ``mode``; ``gap`` (:meth:`MethodGrid.gap`) for the log scales."""
        import matplotlib.colors as colors
        import matplotlib.pyplot as plt

        colormap = plt.get_cmap(cmap)
        if mode == "rate" and limits is None:  # rho >= 1 is "over": grey
            return cls(
                mode=mode,
                values=np.ma.masked_invalid(rate),
                contoured=rate,
                levels=_RATE_LEVELS,
                level_format="%.2f",
                cmap=colormap.with_extremes(over=_GREY, bad=_GREY),
                norm=colors.Normalize(vmin=0.0, vmax=1.0),
                extend="max",
            )
        if mode == "rate":  # other ends: rho >= 1 masked grey, the ends take the end colours
            return cls(
                mode=mode,
                values=np.ma.masked_array(rate, mask=~stable),
                contoured=rate,
                levels=_RATE_LEVELS,
                level_format="%.2f",
                cmap=colormap.with_extremes(under=colormap(0.0), over=colormap(1.0), bad=_GREY),
                norm=colors.Normalize(*sorted(limits)),
                extend="both",
            )
        if gap is None:
            raise ValueError(f"colour {mode!r} needs the grid's gap")
        with np.errstate(divide="ignore", invalid="ignore"):
            if mode == "digits":  # -1/log10(rho), from the gap where rho is near 1
                digits = np.where(
                    rate < 0.5, -1.0 / np.log10(rate), -math.log(10.0) / np.log1p(-gap)
                )
                quantity = np.where(stable, digits, np.nan)
            else:  # log-gap
                quantity = np.where(stable, gap, np.nan)
        positive = quantity[np.isfinite(quantity) & (quantity > 0)]
        if mode == "digits":  # fastest: fewest iterations per digit
            low = _round_125(positive.min() if positive.size else 1.0, down=True)
            high = low * 10.0**_DECADES
            colormap = colormap.with_extremes(under=colormap(0.0), over=colormap(1.0))
        else:  # fastest: widest gap
            high = _round_125(positive.max() if positive.size else 1.0, down=False)
            low = high / 10.0**_DECADES
            colormap = colormap.reversed().with_extremes(under=colormap(1.0), over=colormap(0.0))
        if limits is not None:
            low, high = sorted(limits)
            if not 0 < low < high < math.inf:
                raise ValueError(f"limits must be 0 < low < high on a log scale, got {limits}")
        levels = tuple(
            value for value in _values_125(low, high) if low * 1.0001 < value < high / 1.0001
        )
        return cls(
            mode=mode,
            values=np.ma.masked_invalid(quantity),
            contoured=quantity,
            levels=levels,
            level_format=_level_label,
            cmap=colormap.with_extremes(bad=_GREY),
            norm=colors.LogNorm(vmin=low, vmax=high, clip=False),
            extend="both",
        )

    def label(self, single_curvature: bool) -> str:
        if self.mode == "rate":
            return (
                r"spectral radius $\rho(A)$"
                if single_curvature
                else r"worst-case rate $\max_{h\in[\mu,L]}\rho(A)$"
            )
        rho = r"\rho" if single_curvature else r"\rho_{\max}"
        if self.mode == "digits":
            return rf"iterations per digit, $-1/\log_{{10}}{rho}$"
        return rf"gap to one, $1 - {rho}$"

    def format_colorbar(self, bar: Any) -> None:
        if self.mode != "rate":
            import matplotlib.ticker as ticker

            low, high = self.norm.vmin, self.norm.vmax
            ticks = [v for v in _values_125(low, high) if low / 1.0001 <= v <= high * 1.0001]
            bar.set_ticks(ticks, labels=[_level_label(v) for v in ticks])
            bar.ax.yaxis.set_minor_locator(ticker.NullLocator())


def _values_125(low: float, high: float) -> list[float]:
    """1, 2 and 5 times the powers of ten from ``low``'s decade to ``high``'s."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    return [float(f"{m}e{k}") for k in range(first, last + 1) for m in (1, 2, 5)]


def _round_125(value: float, *, down: bool) -> float:
    """``value`` rounded down (or up) to 1, 2 or 5 times a power of ten."""
    candidates = _values_125(value / 10, value * 10)
    if down:
        return max(c for c in candidates if c <= value * (1 + 1e-12))
    return min(c for c in candidates if c >= value * (1 - 1e-12))


def _level_label(value: float, _position: Any = None) -> str:
    """A contour or colorbar value: plain under a million, a power of ten beyond."""
    if 1e-3 <= value < 1e6:
        return f"{value:g}"
    return _tex_number(value, math=True)


def _tex_number(value: float, *, math: bool = False) -> str:
    """``value`` as ``%g`` with an exponent written as a power of ten (TeX); powers of ten
    from :math:`10^4` on as such."""
    text = f"{value:g}"
    if abs(value) >= 1e4 and "e" not in text and float(f"{value:.0e}") == value:
        text = f"{value:.0e}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        power = f"10^{{{int(exponent)}}}"
        text = power if mantissa == "1" else rf"{mantissa} \times {power}"
        return f"${text}$" if math else text
    return text


def _draw_cells(ax: Axes, shading: _Shading, x: Array, y: Array) -> tuple[Any, tuple[float, ...]]:
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


def _heavy_ball_curves(
    ax: Axes, grid: MethodGrid, x_axis: _Axis, y_axis: _Axis, extent: tuple[float, ...]
) -> None:
    """Heavy ball's boundary and critical-damping curves, from their closed forms."""
    x_is_alpha = grid.x_name == "alpha"
    alpha_axis, beta_axis = (x_axis, y_axis) if x_is_alpha else (y_axis, x_axis)
    alpha_extent = extent[:2] if x_is_alpha else extent[2:]
    beta_extent = extent[2:] if x_is_alpha else extent[:2]

    def plot(alpha: Array, beta: Array, **style: Any) -> None:
        a, b = alpha_axis.forward(alpha), beta_axis.forward(beta)
        ax.plot(*((a, b) if x_is_alpha else (b, a)), **style)

    beta_line = beta_axis.inverse(np.linspace(beta_extent[0], beta_extent[1], 200))
    plot(
        2 * (1 + beta_line) / grid.L,
        beta_line,
        color="black",
        lw=1.5,
        label=r"$\rho = 1$: $\alpha = 2(1+\beta)/L$"
        if not grid.is_single_curvature
        else r"$\rho = 1$: $\alpha = 2(1+\beta)/h$",
    )
    alpha_line = alpha_axis.inverse(np.linspace(max(alpha_extent[0], 0.0), alpha_extent[1], 400))
    curvatures = [grid.L] if grid.is_single_curvature else [grid.mu, grid.L]
    for curvature, style in zip(curvatures, ("--", ":")):
        name = "h" if grid.is_single_curvature else ("\\mu" if curvature == grid.mu else "L")
        beta = critical_beta(alpha_line, curvature)
        if beta_axis.log_gap:
            beta = np.where(beta < 1, beta, np.nan)
        plot(
            alpha_line,
            beta,
            color="white",
            ls=style,
            lw=1.4,
            path_effects=_outline(),
            label=rf"critical damping $\beta = (1-\sqrt{{\alpha {name}}})^2$",
        )


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


# -- the optimum ----------------------------------------------------------------------------


def _optimum_on_slice(method: Any, grid: MethodGrid) -> Any | None:
    """The method's optimum if it lies on the plotted slice (see plot_method_heatmap)."""
    keywords = {
        name
        for name, parameter in inspect.signature(method.optimal_parameters).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    }
    if any(name in keywords for name in (grid.x_name, grid.y_name)):
        return None
    given = tuple(sorted((name, value) for name, value in grid.fixed.items() if name in keywords))
    optimum = _optimum(grid.method, float(grid.mu), float(grid.L), given)
    parameters = optimum.parameters
    for name, value in grid.fixed.items():
        if name in keywords:
            continue
        if not np.isclose(float(parameters[name]), float(value), rtol=1e-6, atol=1e-6):
            return None
    return optimum


@functools.lru_cache(maxsize=32)
def _optimum(method: str, mu: float, L: float, given: tuple[tuple[str, Any], ...]) -> Any:
    from momentum_theory import methods

    return methods.get(method).optimal_parameters(mu, L, **dict(given))


def _mark_optimum(
    ax: Axes,
    grid: MethodGrid,
    optimum: Any,
    x_axis: _Axis,
    y_axis: _Axis,
    extent: tuple[float, ...],
    mode: str,
) -> None:
    """The star at the optimum, labelled in the axes' units and the colour's quantity."""
    x_value, y_value = (float(optimum.parameters[n]) for n in (grid.x_name, grid.y_name))
    x, y = float(x_axis.forward(x_value)), float(y_axis.forward(y_value))
    rate = float(optimum.rate)
    parts = [axis.value_text(value) for axis, value in ((x_axis, x_value), (y_axis, y_value))]
    parts.append(rf"$\rho^*={_rate_text(rate)}$")
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


def _default_title(method: Any, grid: MethodGrid) -> str:
    name = _TITLES.get(grid.method, grid.method)
    settings = []
    for parameter, value in grid.fixed.items():
        if parameter in method.defaults and value == method.defaults[parameter]:
            continue
        if isinstance(value, bool):
            settings.append(parameter if value else f"no {parameter}")
        else:
            settings.append(f"${_SYMBOLS.get(parameter, parameter)} = {_tex_number(value)}$")
    if settings:
        name += f" ({', '.join(settings)})"
    if grid.is_single_curvature:
        return rf"{name} on $f(x) = h x^2/2$, $h = {_tex_number(grid.L)}$"
    return (
        rf"{name}, Hessian spectrum $[\mu, L] = [{_tex_number(grid.mu)}, {_tex_number(grid.L)}]$"
    )


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
    :data:`~momentum_theory.plotting._style.PRINT_STYLE`, like
    :func:`plot_rate_heatmap_figure` (which it equals for heavy ball coloured by rate), and
    0.9 in taller with the legend below the axes.

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


def _rate_text(rate: float) -> str:
    """A rate (or momentum) to three digits of its gap to 1: 0.519, 0.98, 0.9961."""
    if not 0.99 < rate < 1:
        return f"{rate:.3g}"
    return f"{rate:.{2 - math.floor(math.log10(1 - rate))}f}".rstrip("0")


def _label_inside(
    ax: Axes, contours: Any, fmt: Any, avoid: tuple[tuple[float, float, float, float], ...]
) -> None:
    """Label each contour level once, at the point of its line deepest inside the axes.

    Each label goes where its line is farthest from the axes' edges, from the labels
    already placed and from the ``avoid`` boxes ``(x0, x1, y0, y1)`` in axes fractions (the
    legend), so that no label is cut by the edge. A level whose line stays near the edges
    is left unlabelled. Call after the axes limits are set.
    """
    to_axes = ax.transLimits
    curves = [line.get_xydata() for line in ax.get_lines() if len(line.get_xydata())]
    curves += [
        path.vertices
        for collection in ax.collections
        if collection is not contours and hasattr(collection, "levels")
        for path in collection.get_paths()
        if len(path.vertices)
    ]
    drawn = to_axes.transform(np.concatenate(curves)) if curves else np.empty((0, 2))
    drawn = drawn[np.all(np.isfinite(drawn), axis=1)]
    placed: list[NDArray[np.float64]] = []
    positions, levels = [], []
    for level, path in zip(contours.levels, contours.get_paths()):
        vertices = path.vertices
        if len(vertices) == 0:
            continue
        fraction = to_axes.transform(vertices)
        u, v = fraction[:, 0], fraction[:, 1]
        room = np.minimum(np.minimum(u, 1 - u) / 1.6, np.minimum(v, 1 - v))
        for x0, x1, y0, y1 in avoid:
            inside = (u > x0 - 0.03) & (u < x1 + 0.03) & (v > y0 - 0.03) & (v < y1 + 0.03)
            room = np.where(inside, -1.0, room)
        for point in placed:
            room = np.minimum(room, np.hypot(u - point[0], v - point[1]) - 0.04)
        if len(drawn):  # keep off the boundary and critical curves
            gaps = np.hypot(u[:, None] - drawn[None, :, 0], v[:, None] - drawn[None, :, 1])
            room = np.minimum(room, gaps.min(axis=1) + 0.02)
        best = int(np.argmax(room))
        if room[best] < 0.05:
            continue
        placed.append(fraction[best])
        positions.append(tuple(vertices[best]))
        levels.append(level)
    if positions:
        ax.clabel(
            contours, levels=levels, manual=positions, inline=True, fontsize="small", fmt=fmt
        )
