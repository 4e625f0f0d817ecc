r"""Connect a training run to the quadratic theory: where does :math:`(\eta, \beta)` sit?

Heavy ball on :math:`f(x) = h x^2/2` converges iff :math:`0 < \eta h < 2(1 + \beta)`. A
network's loss is not a quadratic, but near given weights it is one to second order, and
the binding curvature is the largest Hessian eigenvalue :math:`\lambda_{\max}`. This module
trains the chapter's network, estimates :math:`\lambda_{\max}` of the full-data loss at the
initial and at the final weights, and places :math:`(\eta, \beta)` against
:math:`\eta\lambda_{\max} < 2(1 + \beta)` at both.
"""

from __future__ import annotations

from dataclasses import dataclass

from momentum_theory.spectral import StabilityPosition, stability_position
from momentum_theory.training._torch import reproducible
from momentum_theory.training.curvature import (
    CurvatureEstimate,
    largest_hessian_eigenvalue,
)
from momentum_theory.training.experiment import train_chapter_network
from momentum_theory.training.problem import chapter_problem

__all__ = ["StabilityReport", "locate_in_stability_region"]


@dataclass(frozen=True)
class StabilityReport:
    r"""Curvature at the start and end of a run, and the position of :math:`(\eta, \beta)`.

    Attributes
    ----------
    optimizer : str
        The optimizer trained with.
    lr, momentum : float
        :math:`\eta` and :math:`\beta`.
    epochs, seed : int
        The run's settings.
    initial, final : CurvatureEstimate
        :math:`\lambda_{\max}` of the full-data loss Hessian at the initial and final weights;
        ``final`` is None when the run diverged (there are no final weights to measure).
    initial_position, final_position : StabilityPosition
        :math:`(\eta, \beta)` against :math:`0 < \eta\lambda_{\max} < 2(1 + \beta)` there
        (``final_position`` None when the run diverged).
    diverged_at_step : int or None
        The first step whose loss was not finite, or None when the run trained.
    """

    optimizer: str
    lr: float
    momentum: float
    epochs: int
    seed: int
    initial: CurvatureEstimate
    final: CurvatureEstimate | None
    initial_position: StabilityPosition
    final_position: StabilityPosition | None
    diverged_at_step: int | None = None


def locate_in_stability_region(
    lr: float = 0.01,
    momentum: float = 0.8,
    epochs: int = 12,
    seed: int = 1,
    *,
    optimizer: str = "torch",
    dtype: str = "float32",
    device: str = "cpu",
) -> StabilityReport:
    r"""Train once and place :math:`(\eta, \beta)` in the quadratic stability region.

    Parameters
    ----------
    lr, momentum, epochs, seed : float, float, int, int
        As for :func:`~momentum_theory.training.train_chapter_network`.
    optimizer : {"torch", "custom", "sgd"}, default "torch"
        The optimizer to train with (``"sgd"`` is placed at :math:`\beta = 0`).
    dtype, device : str
        Of the training run; the Hessians are always computed in float64 on the CPU.

    Returns
    -------
    StabilityReport

    A diverged run is a result: the report then has the initial curvature and position
    (which usually say why) and ``final = final_position = None``.

    Raises
    ------
    ValueError
        If a setting is out of range.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> report = locate_in_stability_region(epochs=1)
    >>> report.initial.converged, report.initial_position.inside
    (True, True)
    """
    with reproducible():
        run = train_chapter_network(
            optimizer, lr, momentum, epochs, seed, dtype=dtype, device=device
        )
        problem = chapter_problem(seed, epochs)
        initial = largest_hessian_eigenvalue(problem.initial_parameters, problem.data)
        final = None if run.diverged else largest_hessian_eigenvalue(run.parameters, problem.data)
    return StabilityReport(
        optimizer=run.optimizer,
        lr=run.lr,
        momentum=run.momentum,
        epochs=run.epochs,
        seed=run.seed,
        initial=initial,
        final=final,
        initial_position=stability_position(run.lr, run.momentum, initial.eigenvalue),
        final_position=(
            None if final is None else stability_position(run.lr, run.momentum, final.eigenvalue)
        ),
        diverged_at_step=run.diverged_at_step,
    )
