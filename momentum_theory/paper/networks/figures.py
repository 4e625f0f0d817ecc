r"""The network section's figures: the loss curves as printed, the equivalence check of the
chapter's step against ``torch.optim.SGD``, and the sweep beside the quadratic region.

Every function takes the frozen result of one experiment (so it never imports PyTorch);
single-panel functions take ``ax=None`` and return the Axes, composite figures return the
Figure. The loss curves and the sweep are drawn by the library's
:mod:`momentum_theory.training.plotting`, which ``momentum-theory train`` uses too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from momentum_theory.plotting._drawn import mark_rounding_level
from momentum_theory.plotting._style import print_figure
from momentum_theory.training.plotting import _new_axes, plot_loss_curves, plot_sweep

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from momentum_theory.training import OptimizerComparison, ParametrizationComparison

__all__ = [
    "plot_equivalence",
    "plot_loss_figure",
    "plot_rounding_gap",
    "plot_schedule_gap",
    "training_equivalence_figure",
    "training_losses_figure",
    "training_sweep_figure",
]

# The loss figure's size; the paper prints it at text width, in matplotlib's default fonts.
_LOSS_FIGURE_SIZE = (6.4, 4.4)


def plot_loss_figure(comparison: OptimizerComparison) -> Figure:
    r"""The paper's loss figure: :func:`plot_loss_curves` at the size it is printed.

    Drawn at 6.4 x 4.4 inches, printed at text width, in matplotlib's default font sizes
    (its title and legend set their own).

    Parameters
    ----------
    comparison : OptimizerComparison
        From :func:`momentum_theory.training.compare_optimizers`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from momentum_theory.training import OptimizerComparison
    >>> curves = {m: np.full((2, 4), 0.1) for m in ("momentum", "sgd", "sgd_effective")}
    >>> fake = OptimizerComparison((1, 2), 0.01, 0.8, 0.05, 1, curves, curves,
    ...                            {m: np.array([0.1, 0.1]) for m in curves},
    ...                            {m: np.array([-1, -1]) for m in curves})
    >>> figure = plot_loss_figure(fake)
    >>> [float(inches) for inches in figure.get_size_inches()], figure.axes[0].get_yscale()
    ([6.4, 4.4], 'log')
    """
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=_LOSS_FIGURE_SIZE, layout="constrained")
    plot_loss_curves(comparison, figure.subplots())
    return figure


def plot_rounding_gap(comparison: ParametrizationComparison, ax: Axes | None = None) -> Axes:
    r"""Gap between the custom step and ``torch.optim.SGD`` at a constant rate, in :math:`u`.

    Plots the largest relative loss gap and weight gap up to each step, divided by the
    unit roundoff of the precision, for float32 and float64, with the tolerance as a dotted
    line: curves that coincide across precisions show the gap is rounding, not a different
    algorithm.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from momentum_theory.training import RoundingGap
    >>> gap = RoundingGap("float64", 2.0**-53, np.full(4, 1e-15), np.full(5, 1e-16), 1e-14)
    >>> from types import SimpleNamespace
    >>> plot_rounding_gap(SimpleNamespace(float32=gap, float64=gap)).get_yscale()
    'log'
    """
    ax = _new_axes(ax)
    styles = {"float32": "#9467bd", "float64": "#ff7f0e"}
    tolerance_ulps = None
    for gap in (comparison.float32, comparison.float64):
        u, colour = gap.unit_roundoff, styles[gap.dtype]
        # Running maxima: the largest gap so far, which the tolerance must bound.
        loss_gap = np.maximum.accumulate(gap.loss_gap) / u
        weight_gap = np.maximum.accumulate(gap.parameter_gap) / u
        # Gaps in units of roundoff: how many depends on the platform's kernels.
        (loss_line,) = ax.plot(
            np.arange(1, loss_gap.size + 1),
            loss_gap,
            color=colour,
            lw=1.4,
            label=f"{gap.dtype}: loss, $|\\Delta\\ell_t|/\\ell_t$",
        )
        (weight_line,) = ax.plot(
            np.arange(weight_gap.size),
            weight_gap,
            color=colour,
            lw=1.4,
            ls="--",
            label=f"{gap.dtype}: weights, $\\|\\Delta p_t\\|_\\infty/\\|p_t\\|_\\infty$",
        )
        mark_rounding_level(loss_line, f"loss-gap-{gap.dtype}")
        mark_rounding_level(weight_line, f"weight-gap-{gap.dtype}")
        tolerance_ulps = gap.tolerance / u
    ax.axhline(
        tolerance_ulps, color="black", ls=":", lw=1.2, label=f"tolerance {tolerance_ulps:g} $u$"
    )
    ax.set_yscale("log")
    ax.set_ylim(0.5, tolerance_ulps * 30)
    ax.set_xlabel("step")
    ax.set_ylabel("largest gap so far / unit roundoff $u$")
    ax.set_title("Constant rate: the gap is rounding (same multiple of $u$ in both precisions)")
    ax.legend(loc="upper left", ncol=2)
    return ax


def plot_schedule_gap(comparison: ParametrizationComparison, ax: Axes | None = None) -> Axes:
    r"""Relative weight gap between the two parametrizations under a step decay (float64).

    The gap sits at the rounding floor until the first step at the new rate, where it
    jumps by :math:`\beta(1-\theta)\|v_{t_0}\|` (marked), and then settles.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from momentum_theory.training import ScheduleGap, StepDecay
    >>> gap = np.r_[np.full(3, 1e-16), np.full(3, 1e-3)]
    >>> fake = ScheduleGap(StepDecay(2, 0.1), gap, np.ones(5), np.ones(5), 2, 1e-3, 1e-3,
    ...                    1e-3, 0.1, 0.1)
    >>> from types import SimpleNamespace
    >>> ax = plot_schedule_gap(SimpleNamespace(schedule=fake, momentum=0.8))
    >>> ax.get_xlabel()
    'step'
    """
    ax = _new_axes(ax)
    gap = comparison.schedule
    decay = gap.schedule
    steps = np.arange(gap.parameter_gap.size)
    # Before the decay both gaps are rounding, which depends on the platform's kernels.
    (weight_line,) = ax.plot(
        steps,
        np.maximum(gap.parameter_gap, 1e-17),
        color="#1f77b4",
        lw=1.2,
        label=r"weight gap $\|p^{custom}_t - p^{torch}_t\|_\infty / \|p^{torch}_t\|_\infty$",
    )
    loss_gap = np.abs(gap.loss_custom - gap.loss_torch) / np.abs(gap.loss_torch)
    (loss_line,) = ax.plot(
        np.arange(1, loss_gap.size + 1),
        np.maximum(loss_gap, 1e-17),
        color="#ff7f0e",
        lw=0.8,
        alpha=0.8,
        label=r"loss gap $|\Delta\ell_t| / \ell_t$",
    )
    mark_rounding_level(weight_line, "weight-gap-schedule")
    mark_rounding_level(loss_line, "loss-gap-schedule")
    ax.axvline(
        decay.milestone,
        color="black",
        ls="--",
        lw=1,
        label=rf"$\eta \to \theta\eta$, decay factor $\theta = {decay.factor:g}$, at step "
        f"{decay.milestone}",
    )
    ax.plot(
        decay.milestone + 1,
        gap.predicted_step_gap,
        marker="o",
        ms=7,
        mfc="none",
        color="#d62728",
        ls="none",
        label=rf"predicted first-step gap $\beta(1-\theta)\|v\|$ = {gap.predicted_step_gap:.3g}",
    )
    ax.set_yscale("log")
    ax.set_ylim(1e-17, 1.0)
    ax.set_xlabel("step")
    ax.set_ylabel("relative gap (float64)")
    ax.set_title(
        f"Step decay: they part at step {gap.first_step_apart}; final loss "
        f"{gap.final_loss_custom:.4g} (custom) vs {gap.final_loss_torch:.4g} (torch)"
    )
    # Below the axes (clear of the x label, in font sizes): inside, it would hide the
    # decay's step on one side or the other.
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0.0), borderaxespad=3.5, ncol=2)
    return ax


def plot_equivalence(comparison: ParametrizationComparison) -> Figure:
    """Both panels of the equivalence check: constant rate (top), step decay (bottom).

    Drawn for print at text width (6.6 x 6.0 inches, text of 8 to 9.5 points).

    Parameters
    ----------
    comparison : ParametrizationComparison
        From :func:`momentum_theory.training.compare_parametrizations`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    with print_figure((6.6, 6.0)) as figure:
        top, bottom = figure.subplots(2, 1)
        plot_rounding_gap(comparison, top)
        plot_schedule_gap(comparison, bottom)
        figure.align_ylabels((top, bottom))
        figure.suptitle(
            r"Is the chapter's step $v \leftarrow \beta v + \eta g,\ p \leftarrow p - v$ the "
            r"same as torch.optim.SGD ($b \leftarrow \beta b + g,\ p \leftarrow p - \eta b$)?"
            "\n"
            rf"$\eta={comparison.lr:g}$, $\beta={comparison.momentum:g}$, seed {comparison.seed}"
        )
    return figure


def training_equivalence_figure() -> Figure:
    """The ``training_equivalence`` figure: the chapter's step against torch.optim.SGD."""
    from momentum_theory.paper.networks.experiments import parametrizations

    return plot_equivalence(parametrizations())


def training_losses_figure() -> Figure:
    """The ``training_losses`` figure: momentum, SGD and the control over seeds."""
    from momentum_theory.paper.networks.experiments import optimizers

    return plot_loss_figure(optimizers())


def training_sweep_figure() -> Figure:
    """The ``training_sweep`` figure: the lr x momentum sweep beside the quadratic region."""
    from momentum_theory.paper.networks.experiments import regions

    return plot_sweep(regions())
