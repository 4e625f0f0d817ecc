r"""Predicted against measured rates on quadratics: the experiment behind the rates figure.

:func:`rate_comparison` runs :func:`momentum_theory.rate_comparison.compare_rates` on a
64 x 64 grid of :math:`(\alpha, \beta)` (2000 steps from rest) for the standard problems
with spectrum :math:`[1, 10]`: the 1-D problem :math:`h = 10`, and the diagonal and dense
problems of dimension 200 (:func:`momentum_theory.problems.standard_problems`). The figure,
the numbers quoted beside it and the rate rows of ``verify`` all read this one result.
:func:`critical_curve_runs` is the second experiment of the section: runs exactly on the
critical-damping curve, where the finite-horizon estimate overshoots by
:func:`~momentum_theory.rates.jordan_bias`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from momentum_theory.paper._cache import experiment
from momentum_theory.rate_comparison import RateComparison

__all__ = [
    "ALPHA_RANGE",
    "BETA_RANGE",
    "GRID_POINTS",
    "STEPS",
    "CriticalCurveRuns",
    "LargestError",
    "critical_curve_runs",
    "largest_error",
    "rate_comparison",
]

ALPHA_RANGE = (0.005, 0.42)
BETA_RANGE = (0.0, 0.99)
GRID_POINTS = 64
STEPS = 2000


@experiment
def rate_comparison(
    alpha_range: tuple[float, float] = ALPHA_RANGE,
    beta_range: tuple[float, float] = BETA_RANGE,
    points: int = GRID_POINTS,
    steps: int = STEPS,
) -> RateComparison:
    """compare_rates on ``points`` x ``points`` equally spaced (alpha, beta), both ends in."""
    from momentum_theory.problems import standard_problems
    from momentum_theory.rate_comparison import compare_rates

    return compare_rates(
        np.linspace(*alpha_range, points),
        np.linspace(*beta_range, points),
        standard_problems(),
        steps=steps,
    )


@dataclass(frozen=True)
class CriticalCurveRuns:
    r"""Runs exactly on the critical curve :math:`\beta = (1 - \sqrt{\alpha h})^2`, h = 1.

    Attributes
    ----------
    root : ndarray
        :math:`s = \sqrt{\alpha h}`, dyadic, so :math:`\beta = (1 - s)^2` is exact in
        double precision and :math:`A` is an exact Jordan block.
    steps : int
        Steps of each run, from rest.
    measured : ndarray
        :func:`~momentum_theory.rates.empirical_rate` of each run.
    predicted : ndarray
        :math:`|1 - s|` times :func:`~momentum_theory.rates.jordan_bias`.
    """

    root: NDArray[np.float64]
    steps: int
    measured: NDArray[np.float64]
    predicted: NDArray[np.float64]

    @property
    def max_relative_difference(self) -> float:
        """Largest ``|measured / predicted - 1|``."""
        return float(np.max(np.abs(self.measured / self.predicted - 1)))


@experiment
def critical_curve_runs(
    root: tuple[float, ...] = (1 / 32, 1 / 8, 1 / 4, 3 / 8, 1 / 2, 3 / 4, 5 / 4, 3 / 2),
    steps: int = STEPS,
) -> CriticalCurveRuns:
    """Heavy ball on h = 1 at ``alpha = s^2``, ``beta = (1 - s)^2`` for each ``s`` in ``root``."""
    from momentum_theory.rates import empirical_rate, jordan_bias
    from momentum_theory.simulate import run

    s = np.array(root)
    result = run("heavy_ball", 1.0, 1.0, steps, alpha=s**2, beta=(1 - s) ** 2)
    measured = empirical_rate(result.log_distances, log=True)
    predicted = np.abs(1 - s) * np.array([jordan_bias(float(c), steps) for c in s])
    return CriticalCurveRuns(s, steps, measured, predicted)


@dataclass(frozen=True)
class LargestError:
    r"""Where the rate comparison's largest in-scope error sits, and why.

    Attributes
    ----------
    problem : str
        The problem it occurs on.
    alpha, beta : float
        The parameter pair.
    relative_error : float
        The measured rate's relative error there.
    slowest, second : float
        The two largest one-dimensional rates :math:`\rho(A(\alpha, \beta, h_i))` over the
        problem's eigenvalues.
    second_mode_weight : float
        :math:`(\rho_2/\rho_1)^{n/2}`: how much the second-slowest mode still weighs,
        relative to the slowest, in the middle of the last half of the run (``n`` steps).
    """

    problem: str
    alpha: float
    beta: float
    relative_error: float
    slowest: float
    second: float
    second_mode_weight: float


@experiment
def largest_error() -> LargestError:
    """Diagnose :func:`rate_comparison`'s largest in-scope error: nearby slow modes."""
    from momentum_theory.family import spectral_radius
    from momentum_theory.problems import standard_problems

    result = rate_comparison()
    errors = np.where(result.in_scope, result.relative_error, -np.inf)
    index, row, column = np.unravel_index(int(np.argmax(errors)), errors.shape)
    alpha, beta = float(result.alpha[column]), float(result.beta[row])
    problem = standard_problems()[index]
    rates = np.sort(spectral_radius(alpha, beta, np.unique(problem.eigenvalues)))[::-1]
    second = float(rates[1]) if rates.size > 1 else 0.0
    return LargestError(
        problem=problem.name,
        alpha=alpha,
        beta=beta,
        relative_error=float(result.relative_error[index, row, column]),
        slowest=float(rates[0]),
        second=second,
        second_mode_weight=float((second / rates[0]) ** (result.steps / 2)),
    )
