r"""The :math:`1/(1-\beta)` amplification: velocity under a constant gradient."""

from __future__ import annotations

from typing import TYPE_CHECKING

from momentum_theory.amplification import VelocityAmplification

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["plot_amplification_figure", "plot_velocity_amplification"]

# As wide as the paper prints it (three quarters of the text width), in matplotlib's
# default font sizes (the title and legend set their own).
_FIGURE_SIZE = (5.0, 3.5)


def plot_velocity_amplification(run: VelocityAmplification, ax: Axes | None = None) -> Axes:
    r"""Draw :math:`v_t/(\alpha g)` against :math:`t` for each :math:`\beta`, with its asymptote.

    Markers are the iterated recursion :math:`v_{t+1} = \beta v_t + \alpha g`; lines are
    the closed form :math:`(1 - \beta^t)/(1 - \beta)`; dashed horizontal lines are the
    limits :math:`1/(1-\beta)`, approached from below and, for :math:`0 < \beta < 1`,
    never reached.

    Parameters
    ----------
    run : VelocityAmplification
        From :func:`momentum_theory.amplification.velocity_amplification`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.amplification import velocity_amplification
    >>> from momentum_theory.plotting.amplification import plot_velocity_amplification
    >>> ax = plot_velocity_amplification(velocity_amplification([0.5, 0.9], 50))
    >>> ax.get_ylabel()
    '$v_t / (\\alpha g)$'
    """
    import matplotlib.pyplot as plt

    if ax is None:
        return plot_amplification_figure(run).axes[0]
    colours = plt.get_cmap("viridis")
    count = max(len(run.beta) - 1, 1)
    every = max(1, len(run.t) // 30)
    for index, (beta, limit) in enumerate(zip(run.beta, run.limit)):
        colour = colours(0.9 * index / count)
        ax.plot(run.t, run.predicted[:, index], color=colour, lw=1.4)
        ax.plot(
            run.t[::every],
            run.measured[::every, index],
            ls="none",
            marker="o",
            ms=3,
            color=colour,
            label=rf"$\beta = {beta:g}$: limit $1/(1-\beta) = {limit:.3g}$",
        )
        ax.axhline(limit, color=colour, ls="--", lw=0.9)
    ax.set_xlim(run.t[0], run.t[-1])
    ax.set_ylim(0, 1.08 * float(run.limit.max()))
    ax.set_xlabel("step $t$")
    ax.set_ylabel(r"$v_t / (\alpha g)$")
    ax.set_title(
        r"Constant gradient: $v_t = \alpha g\,(1-\beta^t)/(1-\beta) \to \alpha g/(1-\beta)$"
        "\n(markers: iterated recursion; lines: closed form; dashed: limits)",
        fontsize=9,
    )
    # Between the asymptotes at 10 and 20, right of where the beta = 0.95 curve rises.
    ax.legend(loc="center left", bbox_to_anchor=(0.45, 0.64), fontsize=8, framealpha=0.9)
    return ax


def plot_amplification_figure(run: VelocityAmplification) -> Figure:
    r"""The paper's amplification figure: :func:`plot_velocity_amplification` as printed.

    Drawn at 5.0 x 3.5 inches, three quarters of the text width, as the paper prints it.

    Parameters
    ----------
    run : VelocityAmplification
        From :func:`momentum_theory.amplification.velocity_amplification`; the paper's is
        ``momentum_theory.experiments.amplification.velocity_run()``.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.amplification import velocity_amplification
    >>> from momentum_theory.plotting import plot_amplification_figure
    >>> figure = plot_amplification_figure(velocity_amplification([0.5, 0.9], 50))
    >>> [float(inches) for inches in figure.get_size_inches()], len(figure.axes)
    ([5.0, 3.5], 1)
    """
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=_FIGURE_SIZE, layout="constrained")
    plot_velocity_amplification(run, figure.subplots())
    return figure
