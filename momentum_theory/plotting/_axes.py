r"""How a heatmap's axes and colour read: the plotted parameters' coordinates, labels and
ticks (:class:`PlotAxis`), and what the colour shows with its scale and contour levels
(:class:`Shading`); with the number formats they share."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory.methods import Parameter, get

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from momentum_theory.methods import MethodGrid

__all__ = [
    "GREY",
    "PlotAxis",
    "Shading",
    "level_label",
    "rate_text",
    "tex_number",
    "values_125",
]

Array = NDArray[np.float64]

# Thin contour levels that help read the rate off the picture.
_RATE_LEVELS = (0.5, 0.8, 0.9, 0.95, 0.99)
# The colour of "does not converge".
GREY = "0.78"
# Decades of the logarithmic colour scales, from the fastest cell's (rounded to 1, 2 or 5
# times a power of ten); slower cells take the end colour.
_DECADES = 2


# -- axes ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlotAxis:
    """One plotted parameter: its coordinate on the axes and its label.

    ``scale`` multiplies the parameter (``L`` for a step size on scaled axes); ``log_gap``
    draws :math:`-\\log_{10}(1 - v)` instead of :math:`v` (a momentum on scaled axes). The
    label and symbol are the parameter's own (:class:`~momentum_theory.methods.Parameter`).
    """

    parameter: Parameter
    scale: float = 1.0
    log_gap: bool = False
    curvature: str = "L"

    @classmethod
    def of(cls, name: str, grid: MethodGrid, *, scaled: bool) -> PlotAxis:
        """The axis of the grid's parameter ``name``, plain or scaled."""
        parameter = get(grid.method).parameter(name)
        curvature = "h" if grid.is_single_curvature else "L"
        if scaled and parameter.kind == "step":
            return cls(parameter, scale=float(grid.L), curvature=curvature)
        if scaled and parameter.kind == "momentum":
            values = np.asarray(grid.y if name == grid.y_name else grid.x)
            if np.any(values >= 1):
                raise ValueError(
                    f"{name} must stay below 1 on scaled axes (a logarithmic scale of "
                    f"1 - {name}), got {float(values.max()):g}"
                )
            return cls(parameter, log_gap=True)
        return cls(parameter)

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
        symbol = self.parameter.latex
        if self.scale != 1.0:
            return rf"${symbol}^* {self.curvature}={value * self.scale:.3g}$"
        if self.log_gap:
            return rf"${symbol}^*={rate_text(value)}$"
        return rf"${symbol}^*={value:.3g}$"

    def decorate(self, ax: Axes, which: str) -> None:
        """Label the ``which`` ("x" or "y") axis of ``ax`` and format its ticks."""
        import matplotlib.ticker as ticker

        axis = ax.xaxis if which == "x" else ax.yaxis
        symbol = self.parameter.latex
        label = self.parameter.axis_label
        if self.scale != 1.0:
            label = self.parameter.label + rf" ${symbol} {self.curvature}$"
        if self.log_gap:
            label += r" (logarithmic in $1 - " + symbol + "$)"
            low, high = sorted(axis.get_view_interval())
            axis.set_major_locator(ticker.FixedLocator(momentum_ticks(low, high)))
            axis.set_major_formatter(ticker.FuncFormatter(momentum_tick_label))
            axis.set_minor_locator(ticker.NullLocator())
        else:
            low, high = sorted(np.abs(axis.get_view_interval()))
            if high < 1e-2 or high >= 1e4:  # else plain labels: 0.5, 1, 2.5
                formatter = ticker.ScalarFormatter(useMathText=True)
                formatter.set_powerlimits((-2, 3))
                axis.set_major_formatter(formatter)
        (ax.set_xlabel if which == "x" else ax.set_ylabel)(label)


def momentum_ticks(low: float, high: float) -> list[float]:
    """Coordinates of round momenta between ``low`` and ``high`` (scaled axes)."""
    rounds = (-0.9, -0.5, 0.0, 0.5) if high - low < 3 else (-0.9, 0.0)
    decades = [-math.log10(1.0 - b) for b in rounds] + [float(k) for k in range(1, 17)]
    ticks = [c for c in decades if low - 1e-9 <= c <= high + 1e-9]
    if len(ticks) < 3:
        halves = [-math.log10(5.0) + k for k in range(1, 17)]  # 0.5, 0.95, 0.995, ...
        ticks = sorted(ticks + [c for c in halves if low <= c <= high])
    return ticks


def momentum_tick_label(coordinate: float, _position: Any = None) -> str:
    """The momentum at coordinate :math:`-\\log_{10}(1 - \\beta)`, as it is usually written."""
    gap = 10.0 ** (-coordinate)
    digits = round(-math.log10(gap)) if gap < 1 else 0
    if gap < 1e-4 and math.isclose(gap, 10.0**-digits, rel_tol=1e-6):
        return rf"$1 - 10^{{{-digits}}}$"
    return f"{1.0 - gap:.6g}"


# -- colour -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shading:
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
    ) -> Shading:
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
                cmap=colormap.with_extremes(over=GREY, bad=GREY),
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
                cmap=colormap.with_extremes(under=colormap(0.0), over=colormap(1.0), bad=GREY),
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
            low = round_125(positive.min() if positive.size else 1.0, down=True)
            high = low * 10.0**_DECADES
            colormap = colormap.with_extremes(under=colormap(0.0), over=colormap(1.0))
        else:  # fastest: widest gap
            high = round_125(positive.max() if positive.size else 1.0, down=False)
            low = high / 10.0**_DECADES
            colormap = colormap.reversed().with_extremes(under=colormap(1.0), over=colormap(0.0))
        if limits is not None:
            low, high = sorted(limits)
            if not 0 < low < high < math.inf:
                raise ValueError(f"limits must be 0 < low < high on a log scale, got {limits}")
        levels = tuple(
            value for value in values_125(low, high) if low * 1.0001 < value < high / 1.0001
        )
        return cls(
            mode=mode,
            values=np.ma.masked_invalid(quantity),
            contoured=quantity,
            levels=levels,
            level_format=level_label,
            cmap=colormap.with_extremes(bad=GREY),
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
            ticks = [v for v in values_125(low, high) if low / 1.0001 <= v <= high * 1.0001]
            bar.set_ticks(ticks, labels=[level_label(v) for v in ticks])
            bar.ax.yaxis.set_minor_locator(ticker.NullLocator())


def values_125(low: float, high: float) -> list[float]:
    """1, 2 and 5 times the powers of ten from ``low``'s decade to ``high``'s."""
    first, last = math.floor(math.log10(low)), math.ceil(math.log10(high))
    return [float(f"{m}e{k}") for k in range(first, last + 1) for m in (1, 2, 5)]


def round_125(value: float, *, down: bool) -> float:
    """``value`` rounded down (or up) to 1, 2 or 5 times a power of ten."""
    candidates = values_125(value / 10, value * 10)
    if down:
        return max(c for c in candidates if c <= value * (1 + 1e-12))
    return min(c for c in candidates if c >= value * (1 - 1e-12))


def level_label(value: float, _position: Any = None) -> str:
    """A contour or colorbar value: plain under a million, a power of ten beyond."""
    if 1e-3 <= value < 1e6:
        return f"{value:g}"
    return tex_number(value, math=True)


def tex_number(value: float, *, math: bool = False) -> str:
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


def rate_text(rate: float) -> str:
    """A rate (or momentum) to three digits of its gap to 1: 0.519, 0.98, 0.9961."""
    if not 0.99 < rate < 1:
        return f"{rate:.3g}"
    return f"{rate:.{2 - math.floor(math.log10(1 - rate))}f}".rstrip("0")
