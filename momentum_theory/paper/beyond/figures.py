r"""The beyond-quadratics figures: the counterexample's cycle, and certified against quadratic.

* ``counterexample``: :func:`plot_counterexample` of a
  :class:`~momentum_theory.paper.beyond.experiments.CounterexampleCycle`: the function and the
  cycle on it, the run from :math:`x_0 = 33/10`, and which starts from rest reach the cycle;
* ``certified``: :func:`plot_certified` of the certified rates, the :math:`(\alpha, \beta)`
  map and the PEP gap (:mod:`momentum_theory.paper.beyond.experiments`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from momentum_theory.plotting._style import print_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from momentum_theory.paper.beyond.experiments import (
        CertificateMap,
        CertifiedCurve,
        CounterexampleCycle,
        PEPGap,
    )

__all__ = [
    "certified_figure",
    "counterexample_figure",
    "plot_certificate_map",
    "plot_certified",
    "plot_certified_rates",
    "plot_counterexample",
    "plot_counterexample_function",
    "plot_counterexample_run",
    "plot_pep_gap",
]

_CYCLE, _CONVERGES = "#d62728", "#1f77b4"
_COLOURS = ("black", "#d62728", "#ff7f0e", "#2ca02c", "#9467bd")


def plot_counterexample_function(result: CounterexampleCycle, ax: Axes | None = None) -> Axes:
    r"""The function with its three pieces and the attracting cycle's points on it.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.paper.beyond.experiments import counterexample_cycle
    >>> from momentum_theory.paper.beyond.figures import plot_counterexample_function
    >>> ax = plot_counterexample_function(counterexample_cycle())
    >>> len(ax.get_lines()) >= 2
    True
    """
    import matplotlib.pyplot as plt

    from momentum_theory.beyond.counterexample import BREAKPOINTS, objective

    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 2.6), layout="constrained")
    x = np.linspace(-2.5, 3.5, 601)
    ax.plot(x, objective(x), color="black", lw=1.4, label="$f$")
    for breakpoint in BREAKPOINTS:
        ax.axvline(breakpoint, color="0.7", lw=0.8, ls=":")
    points = np.array([float(p) for p in result.attracting.points])
    ax.plot(points, objective(points), "o", color=_CYCLE, ms=5, label="cycle")
    start = float(result.start)
    ax.plot(start, objective(start), "s", color="0.3", ms=4, label=f"$x_0 = {start:g}$")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$f(x)$")
    ax.set_title("the function (1-strongly convex,\n25-smooth) and the cycle")
    ax.legend(loc="upper center", framealpha=0.85)
    return ax


def plot_counterexample_run(result: CounterexampleCycle, ax: Axes | None = None) -> Axes:
    r"""The iterates from rest at :math:`x_0 = 33/10` and the cycle's three levels."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 2.6), layout="constrained")
    t = np.arange(result.iterates.size)
    ax.plot(t, result.iterates, "-o", color="0.3", ms=2.5, lw=0.9, label="$x_t$")
    for point in result.attracting.points:
        ax.axhline(float(point), color=_CYCLE, lw=0.9, ls="--")
    ax.plot([], [], color=_CYCLE, ls="--", lw=0.9, label="cycle")
    ax.set_xlabel("$t$")
    ax.set_ylabel("$x_t$")
    ax.set_title(
        rf"heavy ball, $\alpha = 1/9$, $\beta = 4/9$"
        "\n"
        rf"(quadratic rate $2/3$) from $x_0 = {float(result.start):g}$"
    )
    ax.set_xlim(0, t[-1])
    ax.legend(loc="upper right", framealpha=0.85)
    return ax


def _basin_strip(result: CounterexampleCycle, ax: Axes) -> None:
    from momentum_theory.beyond.counterexample import CYCLES

    starts = result.basin_starts
    cycles = (result.basin_codes == CYCLES).astype(float)[None, :]
    step = starts[1] - starts[0]
    extent = (starts[0] - step / 2, starts[-1] + step / 2, 0, 1)
    from matplotlib.colors import ListedColormap

    ax.imshow(
        cycles,
        aspect="auto",
        extent=extent,
        cmap=ListedColormap([_CONVERGES, _CYCLE]),
        vmin=0,
        vmax=1,
        interpolation="nearest",
    )
    ax.set_yticks([])
    ax.set_xlabel(r"$x_0$ (from rest, $x_{-1} = x_0$)")
    share = result.basin_share(CYCLES)
    ax.set_title(
        f"starts that reach the cycle (red, {share:.0%}) or converge (blue), "
        f"grid step {step:g}, {result.basin_steps} steps"
    )


def plot_counterexample(result: CounterexampleCycle) -> Figure:
    r"""The counterexample: the function, the run that cycles, and the basin of the cycle.

    Drawn for print at text width (6.6 inches).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.paper.beyond.experiments import counterexample_cycle
    >>> from momentum_theory.paper.beyond.figures import plot_counterexample
    >>> len(plot_counterexample(counterexample_cycle()).axes)
    3
    """
    with print_figure((6.6, 4.0)) as figure:
        grid = figure.add_gridspec(2, 2, height_ratios=(4, 1))
        plot_counterexample_function(result, figure.add_subplot(grid[0, 0]))
        plot_counterexample_run(result, figure.add_subplot(grid[0, 1]))
        _basin_strip(result, figure.add_subplot(grid[1, :]))
    return figure


def plot_certified_rates(
    curves: Sequence[CertifiedCurve], ax: Axes | None = None, *, legend: bool = True
) -> Axes:
    r""":math:`1 - \rho` against :math:`\kappa`, quadratic (dashed) and certified (solid).

    Higher is faster. A certified curve stops where nothing below 1 is certified (a cross
    marks the first such :math:`\kappa`). Points at :math:`\kappa = 1` are left out: there the
    class holds only quadratics, and most tunings' rate is 0 (one step solves
    :math:`f = \tfrac L2 x^2`), which a logarithmic axis cannot show. Several curves
    coincide by construction (Nesterov's quadratic rate :math:`1 - 1/\sqrt\kappa` is triple
    momentum's, and gradient descent's and triple momentum's certified rates are their
    quadratic ones), so the dashed quadratic curves are drawn above the wide, pale certified
    ones, and consecutive methods' dashes are offset by half a period: where two dashed
    curves coincide, their colours alternate.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from momentum_theory.paper.beyond.experiments import CertifiedCurve
    >>> rates = np.array([0.0, 9 / 11, 99 / 101])
    >>> curve = CertifiedCurve("gd", "gradient_descent", "", np.array([1.0, 10.0, 100.0]),
    ...                        rates, rates, np.full(3, np.nan), 1e-9)
    >>> ax = plot_certified_rates([curve])
    >>> [float(k) for k in ax.get_lines()[0].get_xdata()]  # kappa = 1 left out
    [10.0, 100.0]
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 2.8), layout="constrained")
    for index, (curve, colour) in enumerate(zip(curves, _COLOURS)):
        shown = curve.kappa > 1.0
        kappa = curve.kappa[shown]
        # One dash pattern, offset by half a period from one method to the next: two dashed
        # curves that coincide alternate their colours.
        ax.loglog(
            kappa,
            1 - curve.quadratic[shown],
            color=colour,
            ls=(_DASH * (index % 2), (_DASH, _DASH)),
            lw=1.4,
            zorder=3,
        )
        certified = np.isfinite(curve.certified[shown])
        ax.loglog(
            kappa[certified],
            1 - curve.certified[shown][certified],
            color=colour,
            marker="o",
            ms=3.5,
            lw=3.4,
            alpha=0.45,
            zorder=2,
            label=curve.label,
        )
        if not certified.all():
            first = int(np.argmin(certified))
            ax.plot(
                kappa[first], 1 - curve.quadratic[shown][first], "x", color=colour, ms=6, zorder=4
            )
    ax.plot([], [], color="0.4", ls=(0, (_DASH, _DASH)), lw=1.4, label="quadratic rate (dashed)")
    ax.set_xlabel(r"$\kappa = L/\mu$")
    ax.set_ylabel(r"$1 - \rho$ (higher: faster)")
    ax.set_title("certified (solid) and quadratic (dashed)")
    if legend:
        ax.legend(loc="lower left", framealpha=0.85)
    return ax


# The quadratic curves' dash length, in line widths.
_DASH = 3.0


_MAP_COLOURS = ("0.85", "#2ca02c", "#ffdd71", _CYCLE)


def _map_handles(result: CertificateMap) -> list:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    names = (
        "diverges on quadratics",
        rf"certified, $\rho \leq {result.rho:g}$",
        "no certificate found",
        "cycles on the counterexample",
    )
    handles = [Patch(color=c, label=n) for c, n in zip(_MAP_COLOURS, names)]
    handles.append(
        Line2D([], [], marker="*", color="black", ls="none", ms=8, label="Polyak's parameters")
    )
    return handles


def plot_certificate_map(
    result: CertificateMap, ax: Axes | None = None, *, legend: bool = True
) -> Axes:
    r"""Heavy ball over :math:`(\alpha L, \beta)`: diverges, certified, uncertified, cycles.

    Each cell is one grid point: grey where quadratics diverge, green where a certificate
    of rate ``result.rho`` is found, red where quadratics converge but some start from rest
    keeps oscillating on the counterexample, yellow otherwise.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import pytest; _ = pytest.importorskip("cvxpy")  # needs the extra 'pep'
    >>> from momentum_theory.paper.beyond.experiments import certificate_map
    >>> from momentum_theory.paper.beyond.figures import plot_certificate_map
    >>> plot_certificate_map(certificate_map()).get_xlabel()
    '$\\alpha L$'
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap

    from momentum_theory.methods.heavy_ball import optimal_parameters

    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 2.8), layout="constrained")
    classes = np.where(
        result.quadratic >= 1.0, 0, np.where(result.certified, 1, np.where(result.cycles, 3, 2))
    )
    scaled = result.alpha * result.kappa
    da, db = scaled[1] - scaled[0], result.beta[1] - result.beta[0]
    ax.imshow(
        classes,
        origin="lower",
        aspect="auto",
        extent=(
            scaled[0] - da / 2,
            scaled[-1] + da / 2,
            result.beta[0] - db / 2,
            result.beta[-1] + db / 2,
        ),
        cmap=ListedColormap(_MAP_COLOURS),
        vmin=0,
        vmax=3,
        interpolation="nearest",
    )
    polyak = optimal_parameters(mu=1.0, L=result.kappa)
    ax.plot(float(polyak.alpha) * result.kappa, float(polyak.beta), "*", color="black", ms=8)
    ax.set_xlabel(r"$\alpha L$")
    ax.set_ylabel(r"$\beta$")
    ax.set_title(
        rf"heavy ball, $\kappa = {result.kappa:g}$, "
        f"{result.alpha.size} x {result.beta.size} grid"
    )
    if legend:
        ax.legend(handles=_map_handles(result), loc="upper right", framealpha=0.9)
    return ax


def plot_pep_gap(result: PEPGap, ax: Axes | None = None) -> Axes:
    r"""Worst case over the class over the quadratic one, against :math:`n` (log scale).

    A solve that stayed inaccurate after its retries is drawn as an open marker, so that no
    value the claims cannot rely on looks like one they can.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 2.8), layout="constrained")
    steps = np.array(result.steps)
    accurate = np.array(result.accurate, dtype=bool).reshape(2, steps.size)
    curves = (
        (result.ratio, "-o", _CYCLE, "heavy ball (Polyak)"),
        (
            result.gradient_pep / result.gradient_quadratic,
            "-s",
            "black",
            r"gradient descent, $2/(\mu+L)$",
        ),
    )
    for (ratio, style, colour, label), good in zip(curves, accurate):
        ax.semilogy(steps, ratio, style, color=colour, ms=3, label=label)
        if not good.all():
            ax.semilogy(
                steps[~good], ratio[~good], style[-1], color=colour, mfc="white", ms=6, ls=""
            )
    if not accurate.all():
        ax.plot([], [], "o", color="0.3", mfc="white", ms=6, ls="", label="inaccurate solve")
    ax.set_xlabel("steps $n$")
    ax.set_ylabel(r"$W_n$ over $\mathcal{S}_{\mu,L}$ / over quadratics")
    ax.set_title(rf"worst case after $n$ steps, $\kappa = {result.L / result.mu:g}$ (PEPit)")
    ax.legend(loc="upper left", framealpha=0.85)
    return ax


def plot_certified(
    curves: Sequence[CertifiedCurve], certificate_map: CertificateMap, gap: PEPGap
) -> Figure:
    r"""Certified against quadratic rates, the :math:`(\alpha, \beta)` map and the PEP gap.

    Drawn for print at text width (6.6 inches).
    """
    with print_figure((6.6, 6.2)) as figure:
        (rates, grid), (pep, key) = figure.subplots(2, 2)
        plot_certified_rates(curves, rates, legend=False)
        plot_certificate_map(certificate_map, grid, legend=False)
        plot_pep_gap(gap, pep)
        key.axis("off")
        first = key.legend(
            *rates.get_legend_handles_labels(),
            loc="upper center",
            bbox_to_anchor=(0.5, 1.02),
            title="rates (top left)",
        )
        key.add_artist(first)
        key.legend(
            handles=_map_handles(certificate_map),
            loc="lower center",
            bbox_to_anchor=(0.5, -0.02),
            title=rf"heavy ball at $\kappa = {certificate_map.kappa:g}$ (top right)",
        )
    return figure


def counterexample_figure() -> Figure:
    """The ``counterexample`` figure: heavy ball's cycle at Polyak's parameters."""
    from momentum_theory.paper.beyond.experiments import counterexample_cycle

    return plot_counterexample(counterexample_cycle())


def certified_figure() -> Figure:
    """The ``certified`` figure: certified rates, the certificate map and the PEP gap."""
    from momentum_theory.paper.beyond.experiments import (
        certificate_map,
        certified_rates,
        pep_gap,
    )

    return plot_certified(certified_rates(), certificate_map(), pep_gap())
