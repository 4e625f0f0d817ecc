r"""Independent references for the methods' claims, each a cached experiment.

==========================  ==============================================================
experiment                  what it computes
==========================  ==============================================================
:func:`brute_force_optima`  a fine grid minimax per method, independent of the optima
:func:`measured_rates`      simulations of each method's own rule against the predicted
                            rate, at cells of the figure's grids
:func:`torch_equivalence`   ``pytorch_sgd`` against ``torch.optim.SGD`` (needs PyTorch)
==========================  ==============================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from momentum_theory.paper._cache import experiment
from momentum_theory.paper.methods.experiments import (
    SPECTRUM,
    optimum,
    optimum_options,
    spectrum_comparison,
)

__all__ = [
    "BRUTE_FORCE_CURVATURES",
    "BRUTE_FORCE_POINTS",
    "CRITICAL_BAND",
    "MAX_RATE",
    "MEASURED_DIMENSION",
    "MEASURED_SAMPLES",
    "STEPS",
    "TORCH_LR",
    "TORCH_OPTIONS",
    "TORCH_STEPS",
    "BruteForceOptimum",
    "MeasuredRates",
    "TorchEquivalence",
    "brute_force_optima",
    "measured_rates",
    "plain_rate",
    "torch_equivalence",
]

# Brute-force minimax: grid points per coordinate for 1, 2 and 3 parameters, and how many
# curvatures (both ends included) the plain formula maximises over.
BRUTE_FORCE_POINTS = {1: 20001, 2: 401, 3: 65}
BRUTE_FORCE_CURVATURES = 16
# Measured against predicted rates: cells sampled per axis of each panel, the problems'
# dimension, the horizon, and the scope of the comparison (as in the rates section: rates
# at most MAX_RATE, and both ends away from critical damping, |T^2 - 4D| >= CRITICAL_BAND).
MEASURED_SAMPLES = 16
MEASURED_DIMENSION = 20
STEPS = 2000
MAX_RATE = 0.98
CRITICAL_BAND = 0.01
# torch.optim.SGD against pytorch_sgd: the step size, the horizon and the options (every
# combination of momentum, dampening, nesterov, weight decay and maximize).
TORCH_LR = 0.1
TORCH_STEPS = 200
TORCH_OPTIONS = tuple(
    (("momentum", m), ("dampening", d), ("nesterov", n), ("weight_decay", w), ("maximize", x))
    for m in (0.0, 0.9)
    for d in (0.0, 0.5)
    for n in (False, True)
    for w in (0.0, 0.1)
    for x in (False, True)
)


# -- brute force ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BruteForceOptimum:
    r"""A grid minimax of one method's worst-case rate, beside its optimum.

    Attributes
    ----------
    method : str
        The method (``pytorch_sgd`` with its panel's dampening).
    points : int
        Grid points per coordinate.
    coordinates : tuple of str
        The coordinates searched, with their ranges.
    rate : float
        The smallest, over the grid, of the largest plain-formula :math:`\rho` over
        ``BRUTE_FORCE_CURVATURES`` curvatures from :math:`\mu` to :math:`L`.
    optimum_rate : float
        The method's ``optimal_parameters`` rate.
    """

    method: str
    points: int
    coordinates: tuple[str, ...]
    rate: float
    optimum_rate: float

    @property
    def excess(self) -> float:
        """``optimum_rate - rate``: how far the grid beats the optimum (<= 0 if it does not)."""
        return self.optimum_rate - self.rate


def plain_rate(family: Any, h: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""The family's spectral radius in textbook double arithmetic, no kernel:
    :math:`(|T| + \sqrt{T^2 - 4D})/2` for real roots, :math:`\sqrt{|D|}` for a complex pair."""
    trace, determinant = family.trace(h), family.determinant(h)
    discriminant = trace**2 - 4.0 * determinant
    real = (np.abs(trace) + np.sqrt(np.maximum(discriminant, 0.0))) / 2.0
    return np.where(discriminant >= 0.0, real, np.sqrt(np.abs(determinant)))


def _brute_force_axes(name: str, L: float) -> tuple[tuple[str, ...], list, Any]:
    """Coordinate labels, axes, and the method's parameters as a function of the grid.

    One axis per parameter the method's optimum tunes (its metadata): effective steps
    (the step times :meth:`~momentum_theory.methods.Method.step_scale`) searched as step x
    L in [0, 4] (a method with one parameter: [0, 2.2]), momenta as their square root in
    [0, 0.999] (which spreads the points where optimal momenta crowd towards one), shape
    parameters (gamma, nu) in [0, 1]; the options held as in :func:`optimum_options`.
    """
    from momentum_theory import methods

    method = methods.get(name)
    tuned = [method.parameter(p) for p in method.tuned_parameters]
    options = dict(optimum_options(name))
    points = BRUTE_FORCE_POINTS[len(tuned)]
    ranges = {
        "step": (0.0, 2.2 if len(tuned) == 1 else 4.0),
        "momentum": (0.0, 0.999),
        "shape": (0.0, 1.0),
    }
    axes = [np.linspace(*ranges[p.kind], points) for p in tuned]
    labels = tuple(
        {"step": f"{p.name} * step_scale * L", "momentum": f"sqrt({p.name})"}.get(p.kind, p.name)
        for p in tuned
    )

    def parameters(*coordinates: Any) -> dict[str, Any]:
        values = {
            p.name: x**2 if p.kind == "momentum" else x
            for p, x in zip(tuned, coordinates)
            if p.kind != "step"
        }
        values |= options
        step, x = next((p, x) for p, x in zip(tuned, coordinates) if p.kind == "step")
        return {step.name: x / (L * method.step_scale(**values)), **values}

    return labels, axes, parameters


@experiment
def brute_force_optima(
    *, mu: float = SPECTRUM[0], L: float = SPECTRUM[1]
) -> tuple[BruteForceOptimum, ...]:
    r"""For every method, the grid minimax of :func:`plain_rate` over sampled curvatures.

    Independent of the optima it is compared with: no closed form, no search, no spectral
    kernel and no endpoint rule (the curvatures are sampled across :math:`[\mu, L]`); only
    the family map, which :func:`family_maps` checks symbolically.
    """
    from momentum_theory import methods

    curvatures = np.linspace(mu, L, BRUTE_FORCE_CURVATURES)
    results = []
    for name in methods.names():
        method = methods.get(name)
        labels, axes, parameters = _brute_force_axes(name, L)
        mesh = np.meshgrid(*axes, indexing="ij")
        family = method.family(**parameters(*mesh))
        worst = np.zeros(mesh[0].shape)
        for h in curvatures:
            worst = np.maximum(worst, plain_rate(family, h))
        results.append(
            BruteForceOptimum(
                method=name,
                points=axes[0].size,
                coordinates=labels,
                rate=float(np.min(worst)),
                optimum_rate=float(optimum(name, mu=mu, L=L, options=optimum_options(name)).rate),
            )
        )
    return tuple(results)


# -- measured against predicted -------------------------------------------------------------


@dataclass(frozen=True)
class MeasuredRates:
    r"""Simulated against predicted rates at cells of the panels' grids.

    Attributes
    ----------
    comparisons : tuple of MethodRateComparison
        One per panel: :func:`~momentum_theory.rate_comparison.compare_method_rates` of
        the method's own rule, from rest for ``steps`` steps, on a diagonal and a dense
        problem of dimension :data:`MEASURED_DIMENSION` with spectrum :math:`[\mu, L]`, at
        the cells in scope among ``MEASURED_SAMPLES`` x ``MEASURED_SAMPLES`` spread over
        the panel.
        In scope: predicted rate at most :data:`MAX_RATE` and :math:`|T^2 - 4D| \ge`
        :data:`CRITICAL_BAND` at both ends (away from critical damping, where a finite
        horizon overshoots the rate).
    sampled : int
        Cells sampled per panel, in scope or not.
    """

    comparisons: tuple[Any, ...]
    sampled: int

    def errors(self) -> NDArray[np.float64]:
        """Every relative error, all methods, settings and problems together."""
        return np.concatenate([c.relative_error.ravel() for c in self.comparisons])

    @property
    def points(self) -> int:
        """Settings in scope, all methods together (each run on every problem)."""
        return int(sum(c.predicted.shape[1] for c in self.comparisons))


@experiment
def measured_rates(
    *,
    mu: float = SPECTRUM[0],
    L: float = SPECTRUM[1],
    samples: int = MEASURED_SAMPLES,
    steps: int = STEPS,
) -> MeasuredRates:
    """Run each panel's method at its sampled cells in scope; compare with the prediction."""
    from momentum_theory import methods
    from momentum_theory.problems import dense_problem, diagonal_problem
    from momentum_theory.rate_comparison import compare_method_rates

    comparison = spectrum_comparison(mu=mu, L=L)
    problems = (
        diagonal_problem(mu=mu, L=L, dimension=MEASURED_DIMENSION),
        dense_problem(mu=mu, L=L, dimension=MEASURED_DIMENSION, seed=1),
    )
    results = []
    for grid in comparison.grids:
        rows = np.linspace(0, grid.y.size - 1, samples).round().astype(int)
        columns = np.linspace(0, grid.x.size - 1, samples).round().astype(int)
        rows, columns = (a.ravel() for a in np.meshgrid(rows, columns, indexing="ij"))
        axes = {grid.x_name: grid.x[columns], grid.y_name: grid.y[rows]}
        family = methods.get(grid.method).family(**axes, **grid.fixed)
        scope = grid.rate[rows, columns] <= MAX_RATE
        for h in (mu, L):
            discriminant = family.trace(h) ** 2 - 4.0 * family.determinant(h)
            scope &= np.abs(discriminant) >= CRITICAL_BAND
        chosen = {name: values[scope] for name, values in axes.items()}
        results.append(
            compare_method_rates(grid.method, problems, steps=steps, **chosen, **grid.fixed)
        )
    return MeasuredRates(comparisons=tuple(results), sampled=samples * samples)


# -- PyTorch ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TorchEquivalence:
    r"""``pytorch_sgd`` against ``torch.optim.SGD`` for every combination of its options.

    Attributes
    ----------
    options : tuple
        The combinations tried (:data:`TORCH_OPTIONS`).
    refusals_differ : int
        Combinations that one of the two refuses and the other accepts.
    accepted : int
        Combinations both accept (each run for :data:`TORCH_STEPS` steps).
    max_gap : float
        The largest :math:`|x_t^{\text{ours}} - x_t^{\text{torch}}|` over every step and
        coordinate, relative to the largest :math:`|x_t|` of that step.
    """

    options: tuple[Any, ...]
    refusals_differ: int
    accepted: int
    max_gap: float


@experiment
def torch_equivalence(lr: float = TORCH_LR, steps: int = TORCH_STEPS) -> TorchEquivalence:
    """Run both on a diagonal quadratic from the same start, float64; needs PyTorch. With
    ``maximize=True`` torch ascends :math:`F = -f` (``p.grad`` holds :math:`-\nabla f`)."""
    from momentum_theory import methods
    from momentum_theory.simulate import run
    from momentum_theory.training._torch import require_torch

    torch = require_torch()
    sgd = methods.get("pytorch_sgd")
    h = np.linspace(0.5, 5.0, 4)
    x0 = np.array([1.0, -0.7, 1.3, -1.1])
    refusals_differ, accepted, worst = 0, 0, 0.0
    for option in TORCH_OPTIONS:
        keywords = dict(option)
        p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        try:
            optimizer = torch.optim.SGD([p], lr=lr, **keywords)
        except ValueError:
            optimizer = None
        try:
            sgd.check(lr=lr, **keywords)
            ours_accepts = True
        except ValueError:
            ours_accepts = False
        if (optimizer is not None) != ours_accepts:
            refusals_differ += 1
            continue
        if optimizer is None:
            continue
        accepted += 1
        curvature = torch.tensor(h, dtype=torch.float64)
        theirs = [p.detach().clone().numpy()]
        for _ in range(steps):
            optimizer.zero_grad()
            gradient = (curvature * p).detach()
            p.grad = -gradient if keywords["maximize"] else gradient
            optimizer.step()
            theirs.append(p.detach().clone().numpy())
        reference = np.array(theirs)
        ours = run(sgd, h, x0, steps, trajectory=True, lr=lr, **keywords).iterates
        scale = np.max(np.abs(reference), axis=1, keepdims=True)
        worst = max(worst, float(np.max(np.abs(ours - reference) / scale)))
    return TorchEquivalence(
        options=TORCH_OPTIONS,
        refusals_differ=refusals_differ,
        accepted=accepted,
        max_gap=worst,
    )
