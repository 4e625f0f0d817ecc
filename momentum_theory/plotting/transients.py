r"""The Theorem 1 figure: :math:`\|A^t\|_2` against :math:`\rho^t` and its bound, by regime.

The bound is :math:`C(\varepsilon)(\rho + \varepsilon)^t`; the regimes are those of
:func:`momentum_theory.transients.transient_curves`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from momentum_theory.transients import TransientCurve

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure


def plot_transient_curve(curve: TransientCurve, ax: Axes | None = None) -> Axes:
    r"""Draw one regime on a log scale: the exact norms and the two reference curves.

    Solid: :math:`\|A^t\|_2`; dashed: :math:`\rho^t`, which the norms exceed (by the
    transient, and by a factor growing like :math:`t` for a Jordan block); dotted:
    :math:`C(\varepsilon)(\rho + \varepsilon)^t`, which bounds them for every :math:`t`
    and touches them where :math:`C(\varepsilon)` is attained. The peak is marked.

    Parameters
    ----------
    curve : TransientCurve
        From :func:`momentum_theory.transients.transient_curves`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.transients import transient_curves
    >>> from momentum_theory.plotting.transients import plot_transient_curve
    >>> ax = plot_transient_curve(transient_curves(40)[1])
    >>> ax.get_yscale(), len(ax.get_lines()) >= 3
    ('log', True)
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 3.6), layout="constrained")
    ax.semilogy(curve.t, curve.norms, color="#1f77b4", lw=1.8, label=r"$\|A^t\|_2$ (exact)")
    ax.semilogy(
        curve.t,
        curve.rate,
        color="black",
        ls="--",
        lw=1.1,
        label=rf"$\rho^t$, $\rho = {curve.rho:.4f}$",
    )
    ax.semilogy(
        curve.t,
        curve.bound,
        color="#d62728",
        ls=":",
        lw=1.6,
        label=rf"$C(\varepsilon)(\rho+\varepsilon)^t$, $C = {curve.constant.constant:.3g}$",
    )
    ax.axhline(1.0, color="0.6", lw=0.8)
    peak = curve.peak
    ax.plot(
        peak.peak_time,
        peak.peak,
        marker="o",
        ms=5,
        color="#1f77b4",
        ls="none",
        label=rf"peak {peak.peak:.3g} at $t = {peak.peak_time}$",
    )
    ax.set_xlabel("$t$")
    ax.set_ylabel(r"$\|A^t\|_2$")
    ax.set_title(
        rf"{curve.regime}: $\alpha = {curve.alpha:.4g}$, $\beta = {curve.beta:.4g}$, "
        rf"$\varepsilon = {curve.eps:.3g}$",
        fontsize=9,
    )
    ax.set_xlim(curve.t[0], curve.t[-1])
    ax.legend(loc="lower left", fontsize=7, framealpha=0.85)
    return ax


def plot_transients(curves: Sequence[TransientCurve], figure: Figure | None = None) -> Figure:
    r"""One panel per regime (:func:`plot_transient_curve`), side by side.

    Parameters
    ----------
    curves : sequence of TransientCurve
        Usually :func:`momentum_theory.transients.transient_curves`.
    figure : matplotlib.figure.Figure, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.transients import transient_curves
    >>> from momentum_theory.plotting.transients import plot_transients
    >>> len(plot_transients(transient_curves(40)).axes)
    3
    """
    import matplotlib.pyplot as plt

    if figure is None:
        figure = plt.figure(figsize=(4.0 * len(curves), 3.8), layout="constrained")
    axes = figure.subplots(1, len(curves), squeeze=False)[0]
    for curve, ax in zip(curves, axes):
        plot_transient_curve(curve, ax)
    figure.suptitle(
        r"Theorem 1 in the 2-norm: $\|A^t\|_2 \leq C(\varepsilon)(\rho+\varepsilon)^t$, "
        r"$h = 1$, $\varepsilon = (1-\rho)/2$",
        fontsize=10,
    )
    return figure
