r"""Is the chapter's hand-written step the same algorithm as ``torch.optim.SGD``?

The two parametrizations (see :mod:`momentum_theory.training.optimizers`) are

.. math::

    \text{custom:}\ v_{t+1} = \beta v_t + \eta_t g_t,\ p_{t+1} = p_t - v_{t+1};
    \qquad
    \text{torch:}\ b_{t+1} = \beta b_t + g_t,\ p_{t+1} = p_t - \eta_t b_{t+1}.

With a constant rate :math:`v_t = \eta b_t` for every :math:`t`, so the trajectories are
identical in exact arithmetic and differ in floating point only by rounding: ``eta * g``
and ``beta * v`` are rounded separately in one, ``beta * b + g`` and ``eta * b`` in the
other. Under a schedule they are different algorithms. Both agree up to the first step
:math:`t_0` at a new rate :math:`\eta_{t_0} = \theta\eta`; at that step, from the same
weights and the same gradient,

.. math::

    \Delta p_{t_0}^{\text{custom}} - \Delta p_{t_0}^{\text{torch}}
    = -\beta v_{t_0} + \beta\theta v_{t_0} = -\beta (1 - \theta)\, v_{t_0},

exactly: ``torch`` rescales the velocity it has accumulated by :math:`\theta` at once,
``custom`` keeps it and lets it decay by :math:`\beta` per step. Summed over the following
steps, and ignoring the gradients' reaction, the custom run travels
:math:`\beta(1-\theta)/(1-\beta)\,\|v_{t_0}\|` further (3.6 times the last velocity for
:math:`\beta = 0.8`, :math:`\theta = 0.1`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_finite_float, choice
from momentum_theory.training._torch import reproducible
from momentum_theory.training.experiment import TrainingRun, train_chapter_network
from momentum_theory.training.schedules import StepDecay

__all__ = [
    "EQUIVALENCE_TOLERANCE_ULPS",
    "ParametrizationComparison",
    "RoundingGap",
    "ScheduleGap",
    "compare_parametrizations",
    "unit_roundoff",
]

# Allowed gap between the two constant-rate runs, in units of the unit roundoff u of the
# precision. Each step rounds each weight a few times (relative error a few u), and in the
# chapter's setting (eta * h_max ~ 0.1, inside the stable region) the training map does
# not amplify such perturbations over 384 steps: the measured gap is ~15 u in the loss and
# ~3 u in the weights, in float32 and float64 alike. A genuine difference between the
# algorithms (a learning rate applied twice, momentum on the wrong term) is of the order
# of the step eta * |g|, more than 10^4 u in float32 and 10^12 u in float64.
EQUIVALENCE_TOLERANCE_ULPS = 100.0


def unit_roundoff(dtype: str) -> float:
    """Unit roundoff :math:`u = 2^{-p}` of ``"float32"`` (:math:`2^{-24}`) or ``"float64"``.

    Examples
    --------
    >>> unit_roundoff("float64") == 2.0**-53
    True
    """
    return {"float32": 2.0**-24, "float64": 2.0**-53}[
        choice(dtype, "dtype", ("float32", "float64"))
    ]


def _relative_gap(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
    """Per row: ``max|a - b| / max|b|`` (rows are steps)."""
    return np.abs(a - b).max(axis=-1) / np.abs(b).max(axis=-1)


@dataclass(frozen=True, eq=False)
class RoundingGap:
    r"""How far apart the custom and torch runs are with a constant learning rate.

    Attributes
    ----------
    dtype : str
        Precision of both runs.
    unit_roundoff : float
        :math:`u` of that precision.
    loss_gap : ndarray, shape (steps,)
        :math:`|\ell^{\text{custom}}_t - \ell^{\text{torch}}_t| / \ell^{\text{torch}}_t`.
    parameter_gap : ndarray, shape (steps + 1,)
        :math:`\|p^{\text{custom}}_t - p^{\text{torch}}_t\|_\infty /
        \|p^{\text{torch}}_t\|_\infty`.
    tolerance : float
        ``EQUIVALENCE_TOLERANCE_ULPS * unit_roundoff``.
    """

    dtype: str
    unit_roundoff: float
    loss_gap: NDArray[np.float64]
    parameter_gap: NDArray[np.float64]
    tolerance: float

    @property
    def max_gap_ulps(self) -> float:
        """Largest loss or weight gap over all steps, in units of ``unit_roundoff``."""
        largest = max(float(self.loss_gap.max()), float(self.parameter_gap.max()))
        return largest / self.unit_roundoff

    @property
    def equal(self) -> bool:
        """Whether every gap is within ``tolerance``."""
        return self.max_gap_ulps * self.unit_roundoff <= self.tolerance


@dataclass(frozen=True, eq=False)
class ScheduleGap:
    r"""Where and by how much the two parametrizations part under a step decay.

    Attributes
    ----------
    schedule : StepDecay
        The decay: rate :math:`\theta\eta` from step ``schedule.milestone`` on.
    parameter_gap : ndarray, shape (steps + 1,)
        Relative weight gap after each step (index 0: the start), in float64.
    loss_custom, loss_torch : ndarray, shape (steps,)
        The two loss curves.
    first_step_apart : int
        First step after which the weights differ by more than the rounding tolerance
        (``schedule.milestone``: the first step at the new rate).
    predicted_step_gap : float
        :math:`\beta(1-\theta)\|v_{t_0}\|_\infty / \|p^{\text{torch}}_{t_0+1}\|_\infty`,
        the gap after that first step as the closed form gives it.
    measured_step_gap : float
        The same quantity measured: ``parameter_gap[milestone + 1]``.
    max_parameter_gap : float
        Largest relative weight gap over the run.
    final_loss_custom, final_loss_torch : float
        Full-data loss at the end of each run.
    """

    schedule: StepDecay
    parameter_gap: NDArray[np.float64]
    loss_custom: NDArray[np.float64]
    loss_torch: NDArray[np.float64]
    first_step_apart: int
    predicted_step_gap: float
    measured_step_gap: float
    max_parameter_gap: float
    final_loss_custom: float
    final_loss_torch: float


@dataclass(frozen=True, eq=False)
class ParametrizationComparison:
    """Custom step against ``torch.optim.SGD``: constant rate in both precisions, and a decay.

    Attributes
    ----------
    lr, momentum : float
        Base learning rate and momentum.
    epochs, seed : int
        Settings shared by all runs.
    float32, float64 : RoundingGap
        The constant-rate comparison in each precision.
    schedule : ScheduleGap
        The comparison under a step decay (float64, so rounding cannot blur it).
    """

    lr: float
    momentum: float
    epochs: int
    seed: int
    float32: RoundingGap
    float64: RoundingGap
    schedule: ScheduleGap


def _rounding_gap(custom: TrainingRun, torch_run: TrainingRun) -> RoundingGap:
    u = unit_roundoff(custom.dtype)
    return RoundingGap(
        dtype=custom.dtype,
        unit_roundoff=u,
        loss_gap=np.abs(custom.losses - torch_run.losses) / np.abs(torch_run.losses),
        parameter_gap=_relative_gap(custom.trajectory, torch_run.trajectory),
        tolerance=EQUIVALENCE_TOLERANCE_ULPS * u,
    )


def compare_parametrizations(
    lr: float = 0.01,
    momentum: float = 0.8,
    epochs: int = 12,
    seed: int = 1,
    *,
    decay: StepDecay | None = None,
) -> ParametrizationComparison:
    r"""Run the custom step and ``torch.optim.SGD`` side by side and measure the gaps.

    Three comparisons, every run from the same seed (same data, weights and batches):
    constant rate in float32, constant rate in float64, and a one-step decay in float64.

    Parameters
    ----------
    lr, momentum : float
        :math:`\eta > 0` and :math:`\beta \in (0, 1)`.
    epochs, seed : int
        As for :func:`~momentum_theory.training.train_chapter_network`.
    decay : StepDecay, optional
        The schedule for the third comparison; by default the rate drops tenfold halfway
        through (``StepDecay(milestone=steps // 2, factor=0.1)``).

    Returns
    -------
    ParametrizationComparison

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> result = compare_parametrizations(epochs=2)
    >>> result.float32.equal, result.float64.equal
    (True, True)
    >>> result.schedule.first_step_apart == result.schedule.schedule.milestone
    True
    """
    momentum = as_finite_float(
        momentum, "momentum", low=0.0, high=1.0, low_open=True, high_open=True
    )
    common = {
        "lr": lr,
        "momentum": momentum,
        "epochs": epochs,
        "seed": seed,
        "record_trajectory": True,
    }
    with reproducible():
        constant = {
            dtype: _rounding_gap(
                train_chapter_network("custom", dtype=dtype, **common),
                train_chapter_network("torch", dtype=dtype, **common),
            )
            for dtype in ("float32", "float64")
        }
        steps = constant["float64"].loss_gap.size
        if decay is None:
            decay = StepDecay(milestone=max(1, steps // 2), factor=0.1)
        if not isinstance(decay, StepDecay) or decay.milestone >= steps:
            raise ValueError(f"decay must be a StepDecay with milestone < {steps} steps")
        custom = train_chapter_network("custom", dtype="float64", schedule=decay, **common)
        torch_run = train_chapter_network("torch", dtype="float64", schedule=decay, **common)

    gap = _relative_gap(custom.trajectory, torch_run.trajectory)
    tolerance = constant["float64"].tolerance
    apart = np.flatnonzero(gap > tolerance)
    t0 = decay.milestone
    # v_{t0} = p_{t0 - 1} - p_{t0}: the velocity the custom run carries into step t0.
    velocity = custom.trajectory[t0 - 1] - custom.trajectory[t0]
    scale = np.abs(torch_run.trajectory[t0 + 1]).max()  # the denominator of parameter_gap
    schedule_gap = ScheduleGap(
        schedule=decay,
        parameter_gap=gap,
        loss_custom=custom.losses,
        loss_torch=torch_run.losses,
        first_step_apart=int(apart[0]) - 1 if apart.size else -1,
        predicted_step_gap=float(momentum * (1 - decay.factor) * np.abs(velocity).max() / scale),
        measured_step_gap=float(gap[t0 + 1]),
        max_parameter_gap=float(gap.max()),
        final_loss_custom=custom.final_loss,
        final_loss_torch=torch_run.final_loss,
    )
    return ParametrizationComparison(
        lr=custom.lr,
        momentum=momentum,
        epochs=custom.epochs,
        seed=custom.seed,
        float32=constant["float32"],
        float64=constant["float64"],
        schedule=schedule_gap,
    )
