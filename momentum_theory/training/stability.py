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

from momentum_theory._validation import as_finite_float
from momentum_theory.family import convergence_region, spectral_radius
from momentum_theory.training._torch import reproducible
from momentum_theory.training.curvature import CurvatureEstimate, largest_hessian_eigenvalue
from momentum_theory.training.experiment import train_chapter_network
from momentum_theory.training.problem import chapter_problem

__all__ = [
    "StabilityPosition",
    "StabilityReport",
    "locate_in_stability_region",
    "stability_position",
]


@dataclass(frozen=True)
class StabilityPosition:
    r"""Where :math:`(\eta, \beta)` sits relative to :math:`0 < \eta h < 2(1 + \beta)`.

    Attributes
    ----------
    lr, momentum, h : float
        Learning rate :math:`\eta` (the step size :math:`\alpha`), momentum :math:`\beta`
        and curvature :math:`h`.
    lr_h : float
        :math:`\eta h`.
    bound : float
        :math:`2(1 + \beta)`, the edge of the region.
    fraction : float
        :math:`\eta h / (2(1 + \beta))`: 1 is the edge, below 1 is inside.
    inside : bool
        Whether heavy ball on :math:`h x^2/2` converges there
        (:func:`momentum_theory.convergence_region`, decided exactly).
    rate : float
        Its linear rate :math:`\rho(A(\eta, \beta, h))` (:func:`momentum_theory.spectral_radius`).
    lr_edge : float
        :math:`2(1 + \beta)/h`, the largest stable learning rate at this momentum.
    """

    lr: float
    momentum: float
    h: float
    lr_h: float
    bound: float
    fraction: float
    inside: bool
    rate: float
    lr_edge: float


def stability_position(lr: float, momentum: float, h: float) -> StabilityPosition:
    r"""Locate :math:`(\eta, \beta)` in the quadratic stability region for curvature ``h``.

    For :math:`0 \le \beta < 1` and :math:`h > 0`, heavy ball with step size
    :math:`\eta` on :math:`f(x) = h x^2/2` converges iff
    :math:`\eta h < 2(1 + \beta)` (:func:`momentum_theory.convergence_region`); this
    reports how far inside (or outside) that edge the point is, and the linear rate there.
    In training, ``h`` is the largest Hessian eigenvalue of the loss
    (:func:`momentum_theory.training.largest_hessian_eigenvalue`).

    Parameters
    ----------
    lr : float
        Learning rate (step size) :math:`\eta > 0`.
    momentum : float
        :math:`\beta \in [0, 1)`.
    h : float
        Curvature :math:`h > 0`.

    Returns
    -------
    StabilityPosition

    Raises
    ------
    ValueError
        If an argument is not a finite scalar in its range.

    Examples
    --------
    >>> from momentum_theory.training.stability import stability_position
    >>> position = stability_position(0.01, 0.8, 10.0)
    >>> position.lr_h, position.bound, position.inside
    (0.1, 3.6, True)
    >>> round(position.lr_edge, 6)
    0.36
    """
    lr = as_finite_float(lr, "lr", low=0.0, low_open=True)
    momentum = as_finite_float(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    h = as_finite_float(h, "h", low=0.0, low_open=True)
    bound = 2.0 * (1.0 + momentum)
    return StabilityPosition(
        lr=lr,
        momentum=momentum,
        h=h,
        lr_h=lr * h,
        bound=bound,
        fraction=lr * h / bound,
        inside=bool(convergence_region(lr, momentum, h)),
        rate=float(spectral_radius(lr, momentum, h)),
        lr_edge=bound / h,
    )


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
