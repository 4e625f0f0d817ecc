r"""The transients figure (Theorem 1): :math:`\|A^t\|_2` against :math:`\rho^t` and its
bound, by regime.

The bound is :math:`C(\varepsilon)(\rho + \varepsilon)^t`; the regimes are those of
:func:`momentum_theory.paper.transients.experiments.regime_curves`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from momentum_theory.paper.transients.experiments import TransientCurve, regime_curves
from momentum_theory.plotting._style import PRINT_STYLE

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_transient_curve", "plot_transients", "transients_figure"]


def plot_transient_curve(
    curve: TransientCurve, ax: Axes | None = None, *, legend: bool = True
) -> Axes:
    r"""Draw one regime on a log scale: the exact norms and the two reference curves.

    Solid: :math:`\|A^t\|_2`; dashed: :math:`\rho^t`, which the norms exceed (by the
    transient, and by a factor growing like :math:`t` for a Jordan block); dotted:
    :math:`C(\varepsilon)(\rho + \varepsilon)^t`, which bounds them for every :math:`t`
    and touches them where :math:`C(\varepsilon)` is attained. The peak is marked. The
    title gives the regime, its parameters, :math:`\rho`, :math:`C(\varepsilon)` and the
    peak.

    Parameters
    ----------
    curve : TransientCurve
        From :func:`momentum_theory.paper.transients.experiments.regime_curves`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.
    legend : bool, default True
        Add the legend of the line styles (:func:`plot_transients` draws one for all).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.paper.transients.experiments import regime_curves
    >>> from momentum_theory.paper.transients.figures import plot_transient_curve
    >>> ax = plot_transient_curve(regime_curves(40)[1])
    >>> ax.get_yscale(), len(ax.get_lines()) >= 3
    ('log', True)
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 3.6), layout="constrained")
    peak = curve.peak
    ax.semilogy(curve.t, curve.norms, color="#1f77b4", lw=1.8, label=r"$\|A^t\|_2$ (exact)")
    ax.semilogy(curve.t, curve.rate, color="black", ls="--", lw=1.1, label=r"$\rho^t$")
    ax.semilogy(
        curve.t,
        curve.bound,
        color="#d62728",
        ls=":",
        lw=1.6,
        label=r"bound $C(\varepsilon)(\rho+\varepsilon)^t$",
    )
    ax.axhline(1.0, color="0.6", lw=0.8)
    ax.plot(
        peak.peak_step,
        peak.peak,
        marker="o",
        ms=5,
        color="#1f77b4",
        ls="none",
        label=r"peak of $\|A^t\|_2$",
    )
    ax.set_xlabel("$t$")
    ax.set_ylabel(r"$\|A^t\|_2$")
    ax.set_title(
        f"{curve.regime}\n"
        rf"$\alpha = {curve.alpha:.4g}$, $\beta = {curve.beta:.4g}$, "
        rf"$\varepsilon = {curve.eps:.3g}$"
        "\n"
        rf"$\rho = {curve.rho:.4f}$, $C = {curve.constant.constant:.3g}$, "
        rf"peak {peak.peak:.3g} at $t = {peak.peak_step}$"
    )
    ax.set_xlim(curve.t[0], curve.t[-1])
    if legend:
        ax.legend(loc="lower left", framealpha=0.85)
    return ax


def plot_transients(curves: Sequence[TransientCurve], figure: Figure | None = None) -> Figure:
    r"""One panel per regime (:func:`plot_transient_curve`), two to a row, and one legend.

    Drawn for print at text width (6.6 inches wide, text of 8 to 9.5 points). The legend,
    under the statement of Theorem 1, fills the spare cell of the last row, or goes below
    the panels (and the statement above them) if there is none.

    Parameters
    ----------
    curves : sequence of TransientCurve
        Usually :func:`momentum_theory.paper.transients.experiments.regime_curves`.
    figure : matplotlib.figure.Figure, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.paper.transients.experiments import regime_curves
    >>> from momentum_theory.paper.transients.figures import plot_transients
    >>> len(plot_transients(regime_curves(40)).axes)
    3
    """
    import matplotlib
    import matplotlib.pyplot as plt

    statement = (
        "Theorem 1 in the 2-norm:\n"
        r"$\|A^t\|_2 \leq C(\varepsilon)(\rho+\varepsilon)^t$, $h = 1$, "
        r"$\varepsilon = (1-\rho)/2$"
    )
    columns = min(2, len(curves))
    rows = -(-len(curves) // columns)
    with matplotlib.rc_context(PRINT_STYLE):
        if figure is None:
            figure = plt.figure(figsize=(6.6, 2.9 * rows), layout="constrained")
        grid = figure.add_gridspec(rows, columns)
        axes = [figure.add_subplot(grid[divmod(index, columns)]) for index in range(len(curves))]
        for curve, ax in zip(curves, axes):
            plot_transient_curve(curve, ax, legend=False)
        handles, labels = axes[0].get_legend_handles_labels()
        if len(curves) < rows * columns:
            spare = figure.add_subfigure(grid[rows - 1, len(curves) % columns :])
            key = spare.legend(
                handles, labels, loc="center", title=statement, fontsize=9, title_fontsize=9
            )
            key.get_title().set_multialignment("center")
        else:
            figure.suptitle(statement.replace("\n", " "))
            figure.legend(handles, labels, loc="outside lower center", ncol=len(labels))
    return figure


def transients_figure() -> Figure:
    """The ``transients`` figure: the three regimes of :func:`regime_curves`."""
    return plot_transients(regime_curves())
