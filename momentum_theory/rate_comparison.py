r"""Predicted against measured rates, point by point, over parameter grids and problems.

The theory says a method converges on a quadratic whose spectrum spans :math:`[\mu, L]`
at its worst-case rate over :math:`[\mu, L]` (for heavy ball
:func:`momentum_theory.worst_case_rate`). :func:`compare_rates` runs heavy ball over an
:math:`\alpha`-:math:`\beta` grid and several problems (:func:`momentum_theory.simulate.run`),
measures each run's rate with :func:`momentum_theory.rates.empirical_rate` and sets the
two side by side; :func:`compare_method_rates` does the same for any named method of
:mod:`momentum_theory.methods` and any batch of its parameters.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_integer, as_real_array
from momentum_theory.family import critical_beta, worst_case_rate
from momentum_theory.methods import Method, get
from momentum_theory.problems import QuadraticProblem, standard_problems
from momentum_theory.rates import empirical_rate
from momentum_theory.simulate import run

Array = NDArray[np.float64]

__all__ = [
    "MethodRateComparison",
    "RateComparison",
    "compare_method_rates",
    "compare_rates",
]

# Largest number of distances compare_rates simulates at once (bounds its memory).
_CHUNK_ELEMENTS = 1 << 21


@dataclass(frozen=True)
class RateComparison:
    r"""Predicted against measured rate over an :math:`\alpha`-:math:`\beta` grid and problems.

    Arrays indexed ``[problem, i, j]`` belong to the point :math:`(\alpha_j, \beta_i)` of
    problem ``problems[problem]``.

    Attributes
    ----------
    alpha : ndarray, shape (n_alpha,)
        Step sizes (grid columns).
    beta : ndarray, shape (n_beta,)
        Momenta (grid rows).
    problems : tuple of str
        Problem names.
    mu, L : ndarray, shape (n_problems,)
        Each problem's spectrum ends.
    predicted : ndarray, shape (n_problems, n_beta, n_alpha)
        :func:`~momentum_theory.worst_case_rate` at :math:`(\alpha, \beta, \mu, L)`.
    measured : ndarray, shape (n_problems, n_beta, n_alpha)
        :func:`~momentum_theory.rates.empirical_rate` of a ``steps``-step run (from
        ``log_distances``).
    relative_error : ndarray, shape (n_problems, n_beta, n_alpha)
        :math:`|\text{measured} - \text{predicted}| / \text{predicted}` (``0`` where both
        are zero, ``inf`` where only the prediction is).
    critical_distance : ndarray, shape (n_problems, n_beta, n_alpha)
        Distance in :math:`\beta` to the nearer critical-damping curve of the two ends,
        :math:`\min_{h \in \{\mu, L\}} |\beta - (1 - \sqrt{\alpha h})^2|` (``inf`` where
        :math:`\alpha h < 0`).
    steps : int
        Iterations per run.
    max_rate : float
        Scope of the accuracy claim: points with ``predicted <= max_rate`` ...
    critical_band : float
        ... and ``critical_distance >= critical_band``.
    """

    alpha: Array
    beta: Array
    problems: tuple[str, ...]
    mu: Array
    L: Array
    predicted: Array
    measured: Array
    relative_error: Array
    critical_distance: Array
    steps: int
    max_rate: float
    critical_band: float

    @property
    def in_scope(self) -> NDArray[np.bool_]:
        """Points covered by the accuracy claim: rate at most ``max_rate``, off the curves."""
        return (self.predicted <= self.max_rate) & (self.critical_distance >= self.critical_band)

    @property
    def median_error(self) -> float:
        """Median relative error over :attr:`in_scope` (NaN if it is empty)."""
        errors = self.relative_error[self.in_scope]
        return float(np.median(errors)) if errors.size else math.nan

    @property
    def max_error(self) -> float:
        """Largest relative error over :attr:`in_scope` (NaN if it is empty)."""
        errors = self.relative_error[self.in_scope]
        return float(errors.max()) if errors.size else math.nan


def compare_rates(
    alpha: ArrayLike,
    beta: ArrayLike,
    problems: Sequence[QuadraticProblem] | None = None,
    *,
    steps: int = 2000,
    max_rate: float = 0.995,
    critical_band: float = 0.01,
) -> RateComparison:
    r"""Predicted worst-case rate against the rate measured by simulation, point by point.

    For every problem and every grid point :math:`(\alpha_j, \beta_i)` this runs heavy ball
    from the problem's start, at rest, for ``steps`` iterations
    (:func:`~momentum_theory.simulate.run`), measures the rate with
    :func:`~momentum_theory.rates.empirical_rate` on the log-distances, and sets it beside
    :math:`\max(\rho(A(\alpha, \beta, \mu)), \rho(A(\alpha, \beta, L)))`.

    Parameters
    ----------
    alpha : array_like, shape (n_alpha,)
        Step sizes.
    beta : array_like, shape (n_beta,)
        Momenta.
    problems : sequence of QuadraticProblem, optional
        Default :func:`~momentum_theory.problems.standard_problems` (1-D, diagonal and
        dense, :math:`d = 200`, spectrum :math:`[1, 10]`).
    steps : int, default 2000
        Horizon of each run.
    max_rate, critical_band : float
        The scope of the accuracy claim (see :class:`RateComparison`); they do not
        change what is computed.

    Returns
    -------
    RateComparison
        ``predicted``, ``measured``, ``relative_error`` and ``critical_distance`` per
        problem and grid point, with ``median_error`` and ``max_error`` over the scope.

    Notes
    -----
    **What to expect.** With 2000 steps on the standard problems the median relative
    error over the scope is about :math:`10^{-7}` and the largest about
    :math:`10^{-3}` (``momentum-theory verify`` checks the targets :math:`10^{-3}` and
    :math:`10^{-2}`). The finite horizon shows in three places:

    - *Clustered spectra.* An eigenvalue next to the dominant end, whose rate is lower by
      a relative gap :math:`\varepsilon`, separates from it only after about
      :math:`1/\varepsilon` steps; before that the estimate lies between the two rates
      (low by up to about :math:`\varepsilon/2` for equal weights). The random interior
      of a dense problem's spectrum puts such neighbours at either end: these are the
      largest in-scope errors.
    - *Near a critical curve* (:math:`|\beta - \beta_c| <` ``critical_band``) the
      :math:`t\rho^t` factor of the Jordan block biases the estimate up by
      :func:`~momentum_theory.rates.jordan_bias`, about :math:`1.72/n` (0.086% at
      :math:`n = 2000`). Off the curve the two eigenvalues separate (real side) or
      rotate too slowly to average out (complex side); on a 1-D problem, over offsets
      :math:`10^{-10}` to :math:`10^{-1}` on both sides, the error stays below 1.5 times
      the Jordan bias (tested). These points are outside the scope, not wrong.
    - *Rates near one* (above ``max_rate``): the transients and neighbouring modes have
      not died out within the horizon.

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.problems import diagonal_problem, scalar_problem
    >>> from momentum_theory.rate_comparison import compare_rates
    >>> result = compare_rates([0.05, 0.1], [0.3, 0.6],
    ...     [scalar_problem(10.0), diagonal_problem(mu=1.0, L=10.0, dimension=5)])
    >>> result.measured.shape
    (2, 2, 2)
    >>> bool(result.max_error < 1e-3)
    True
    """
    steps = as_integer(steps, "steps", 1)
    alpha_, beta_ = (as_real_array(v, name) for v, name in ((alpha, "alpha"), (beta, "beta")))
    for name, axis in (("alpha", alpha_), ("beta", beta_)):
        if axis.ndim != 1 or axis.size == 0:
            raise ValueError(f"{name} must be a non-empty vector, got shape {axis.shape}")
    problems = tuple(standard_problems() if problems is None else problems)
    if not problems:
        raise ValueError("problems must name at least one QuadraticProblem")
    shape = (len(problems), beta_.size, alpha_.size)
    measured = np.empty(shape)
    predicted = np.empty(shape)
    critical_distance = np.empty(shape)
    rows = max(1, _CHUNK_ELEMENTS // ((steps + 1) * alpha_.size))
    for index, problem in enumerate(problems):
        grid_alpha, grid_beta = alpha_[np.newaxis, :], beta_[:, np.newaxis]
        predicted[index] = worst_case_rate(grid_alpha, grid_beta, mu=problem.mu, L=problem.L)
        critical_distance[index] = _critical_distance(grid_alpha, grid_beta, problem)
        for start in range(0, beta_.size, rows):
            chunk = slice(start, start + rows)
            result = run(
                "heavy_ball", problem.Q, problem.x0, steps, alpha=grid_alpha, beta=grid_beta[chunk]
            )
            measured[index, chunk] = empirical_rate(result.log_distances, log=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative_error = np.abs(measured - predicted) / predicted
    relative_error[(predicted == 0) & (measured == 0)] = 0.0
    return RateComparison(
        alpha=alpha_,
        beta=beta_,
        problems=tuple(p.name for p in problems),
        mu=np.array([p.mu for p in problems]),
        L=np.array([p.L for p in problems]),
        predicted=predicted,
        measured=measured,
        relative_error=relative_error,
        critical_distance=critical_distance,
        steps=int(steps),
        max_rate=float(max_rate),
        critical_band=float(critical_band),
    )


@dataclass(frozen=True)
class MethodRateComparison:
    r"""A named method's predicted against measured rate, per problem and parameter setting.

    Arrays indexed ``[problem, ...]`` belong to problem ``problems[problem]`` and the
    setting at ``...`` of the broadcast parameters.

    Attributes
    ----------
    method : str
        The method's name.
    parameters : dict of str to ndarray or bool
        Its parameters, broadcast to the batch shape.
    problems : tuple of str
        Problem names.
    mu, L : ndarray, shape (n_problems,)
        Each problem's spectrum ends.
    predicted : ndarray, shape (n_problems, ...)
        ``method.worst_case_rate(mu, L, **parameters)``.
    measured : ndarray, shape (n_problems, ...)
        :func:`~momentum_theory.rates.empirical_rate` of a ``steps``-step run of the
        method's own rule (:func:`~momentum_theory.simulate.run`).
    relative_error : ndarray, shape (n_problems, ...)
        :math:`|\text{measured} - \text{predicted}| / \text{predicted}` (``0`` where both
        are zero).
    steps : int
        Iterations per run.
    """

    method: str
    parameters: dict[str, Any]
    problems: tuple[str, ...]
    mu: Array
    L: Array
    predicted: Array
    measured: Array
    relative_error: Array
    steps: int

    @property
    def max_error(self) -> float:
        """Largest relative error over every problem and setting."""
        return float(np.max(self.relative_error))


def compare_method_rates(
    method: str | Method,
    problems: Sequence[QuadraticProblem] | None = None,
    *,
    steps: int = 2000,
    **params: Any,
) -> MethodRateComparison:
    r"""Predicted worst-case rate of a named method against the rate its simulation shows.

    For every problem and every setting of the broadcast parameters this runs the
    method's own update rule from rest (:func:`~momentum_theory.simulate.run`), measures
    the rate with :func:`~momentum_theory.rates.empirical_rate` and sets it beside
    ``method.worst_case_rate(problem.mu, problem.L, **params)``: the same comparison as
    :func:`compare_rates`, for any method of :mod:`momentum_theory.methods`.

    Parameters
    ----------
    method : str or Method
        A name of :func:`momentum_theory.methods.names`.
    problems : sequence of QuadraticProblem, optional
        Default :func:`~momentum_theory.problems.standard_problems`.
    steps : int, default 2000
        Horizon of each run.
    **params
        The method's parameters; arrays broadcast to a batch.

    Returns
    -------
    MethodRateComparison

    Notes
    -----
    The finite-horizon effects described in :func:`compare_rates` apply alike (clustered
    spectra, critical damping, rates near one). The prediction is the rate of the whole
    state; where a mode never reaches :math:`x` (QHM with :math:`\nu = 0`), the measured
    rate of :math:`x` is below it.

    Examples
    --------
    >>> from momentum_theory.problems import diagonal_problem
    >>> from momentum_theory.rate_comparison import compare_method_rates
    >>> result = compare_method_rates("nesterov", [diagonal_problem(mu=1.0, L=10.0, dimension=5)],
    ...                               alpha=0.1, beta=[0.3, 0.6])
    >>> result.measured.shape, bool(result.max_error < 1e-3)
    ((1, 2), True)
    """
    method_ = get(method)
    steps = as_integer(steps, "steps", 1)
    problems = tuple(standard_problems() if problems is None else problems)
    if not problems:
        raise ValueError("problems must name at least one QuadraticProblem")
    predicted, measured = [], []
    parameters: dict[str, Any] = {}
    for problem in problems:
        result = run(method_, problem.Q, problem.x0, steps, **params)
        parameters = result.parameters
        measured.append(empirical_rate(result.log_distances, log=True))
        predicted.append(method_.worst_case_rate(mu=problem.mu, L=problem.L, **params))
    shape = np.broadcast_shapes(*(np.shape(p) for p in predicted + measured))
    predicted_ = np.stack([np.broadcast_to(p, shape) for p in predicted])
    measured_ = np.stack([np.broadcast_to(m, shape) for m in measured])
    with np.errstate(divide="ignore", invalid="ignore"):
        relative_error = np.abs(measured_ - predicted_) / predicted_
    relative_error[(predicted_ == 0) & (measured_ == 0)] = 0.0
    return MethodRateComparison(
        method=method_.name,
        parameters=parameters,
        problems=tuple(p.name for p in problems),
        mu=np.array([p.mu for p in problems]),
        L=np.array([p.L for p in problems]),
        predicted=predicted_,
        measured=measured_,
        relative_error=relative_error,
        steps=steps,
    )


def _critical_distance(alpha: Array, beta: Array, problem: QuadraticProblem) -> Array:
    with np.errstate(invalid="ignore"):
        gaps = [np.abs(beta - critical_beta(alpha, h)) for h in (problem.mu, problem.L)]
    distance = np.fmin(*gaps)
    return np.where(np.isnan(distance), np.inf, distance)
