r"""Learning-rate schedules: per-step multipliers :math:`\eta_t = \eta\, s(t)`.

A schedule is any callable from the step index :math:`t = 0, 1, \dots` to a positive
multiplier. The training loop sets the optimizer's learning rate before every step, as a
``torch.optim.lr_scheduler`` would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from momentum_theory._validation import as_finite_float, as_integer

__all__ = ["Schedule", "StepDecay"]

Schedule = Callable[[int], float]


@dataclass(frozen=True)
class StepDecay:
    r"""Multiply the learning rate by ``factor`` from step ``milestone`` on.

    .. math:: s(t) = 1 \ (t < t_0), \qquad s(t) = \theta \ (t \ge t_0),

    the per-step equivalent of ``torch.optim.lr_scheduler.MultiStepLR`` with one milestone.

    Attributes
    ----------
    milestone : int
        First step :math:`t_0 \ge 1` at the new rate.
    factor : float
        :math:`\theta > 0`.

    Examples
    --------
    >>> decay = StepDecay(milestone=3, factor=0.1)
    >>> [decay(t) for t in range(5)]
    [1.0, 1.0, 1.0, 0.1, 0.1]
    """

    milestone: int
    factor: float

    def __post_init__(self) -> None:
        as_integer(self.milestone, "milestone", 1)
        as_finite_float(self.factor, "factor", low=0.0, low_open=True)

    def __call__(self, step: int) -> float:
        return 1.0 if step < self.milestone else float(self.factor)
