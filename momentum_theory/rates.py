r"""Measured linear rates of heavy ball, and how they compare with :math:`\rho(A)`.

The theory says heavy ball converges on a quadratic at the asymptotic rate
:math:`\limsup_t \|x_t - x^*\|^{1/t} = \max_i \rho(A(\alpha, \beta, h_i))` (for a
generic start; a start with no component along the slowest mode converges faster), which for a
spectrum spanning :math:`[\mu, L]` is :func:`momentum_theory.worst_case_rate`.
:func:`empirical_rate` measures that limit from a finite run; :func:`compare_rates` puts
the two side by side over an :math:`\alpha`-:math:`\beta` grid and several problems, and
:func:`compare_method_rates` for any named method of :mod:`momentum_theory.methods`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._deprecation import renamed_arguments
from momentum_theory._validation import (
    as_finite_float,
    as_integer,
    as_real_array,
    optional_integer,
)
from momentum_theory.problems import QuadraticProblem, standard_problems
from momentum_theory.quadratic import run, run_heavy_ball
from momentum_theory.spectral import critical_beta, worst_case_rate

Array = NDArray[np.float64]

__all__ = [
    "MethodRateComparison",
    "RateComparison",
    "compare_method_rates",
    "compare_rates",
    "empirical_rate",
    "jordan_bias",
]


_TINY = np.finfo(np.float64).tiny  # smallest normal double
# Largest number of distances compare_rates simulates at once (bounds its memory).
_CHUNK_ELEMENTS = 1 << 21


def empirical_rate(
    distances: ArrayLike,
    *,
    log: bool = False,
    window: int | None = None,
    lag: int | None = None,
) -> Array:
    r"""Measured asymptotic linear rate :math:`\limsup_t d_t^{1/t}` of each run in a batch.

    **Estimator.** On the usable horizon :math:`[0, n]` take two windows of :math:`w`
    steps, :math:`N` apart, at its end: :math:`W_2 = [n - w + 1, n]` and
    :math:`W_1 = W_2 - N`. The estimate :math:`\hat\rho` is the rate :math:`r` at which
    the detrended distances :math:`d_s / r^s` have the same mean square on both windows:

    .. math::

        \sum_{s \in W_2} d_s^2\, r^{-2s} = \sum_{s \in W_1} d_s^2\, r^{-2s}.

    The left side minus the right, in logarithms, falls strictly in :math:`\ln r` (with
    slope between :math:`-2(N + w - 1)` and :math:`-2(N - w + 1)`), so the root is unique;
    it is found by Newton's method safeguarded by bisection. Defaults:
    :math:`N = \lceil n/2 \rceil`, :math:`w = \max(1, \lfloor n/4 \rfloor)`, so the
    windows are about :math:`[n/4, n/2]` and :math:`[3n/4, n]`. With :math:`w = 1` it is
    the ratio :math:`(d_n / d_{n-N})^{1/N}`.

    **Why this estimator.** It is exact on :math:`d_t = C\rho^t`, and also on
    :math:`d_t = C\rho^t g(t)` for any :math:`g \ge 0` (not zero on a whole period) whose
    period divides :math:`w` and :math:`N`. On a sum of modes,
    :math:`d_t^2 = \sum_i c_i \rho_i^{2t}` with :math:`c_i > 0`, it always lies between the
    smallest and the largest :math:`\rho_i`. It copes with what real runs do:

    - *Oscillating norms* (complex eigenvalues :math:`\sqrt\beta e^{\pm i\theta}`):
      :math:`d_t = \sqrt\beta^{\,t} g(t)` with :math:`g` quasi-periodic, possibly through
      zero. Detrending gives every step of a window the same weight, so :math:`g^2` is
      averaged over many periods and nearly cancels. For one complex mode,
      :math:`g(t) = A\cos(\theta t + \varphi)`, each window's mean square is within a
      factor :math:`1 \pm \varepsilon`, :math:`\varepsilon = 1/(w|\sin\theta|)`, of
      :math:`A^2/2`, and since the equation's slope is at least :math:`2(N - w + 1)`,
      :math:`|\ln(\hat\rho/\rho)| \le \ln\frac{1+\varepsilon}{1-\varepsilon} / (2(N - w + 1))
      \approx 2/(N w |\sin\theta|)` (:math:`5 \times 10^{-6}` for :math:`n = 2000`,
      :math:`\theta = 1`). Without detrending a fast-decaying run's window sum is its
      first term, and a point ratio can land on a near-zero.
    - *Critical damping* (Jordan block, :math:`d_t \propto \rho^t |1 + ct|`): the
      polynomial factor survives any finite horizon; :func:`jordan_bias` gives the exact
      factor by which :math:`\hat\rho` exceeds :math:`\rho` there: about
      :math:`1 + 1.72/n` with the default windows, i.e. +0.086% at :math:`n = 2000`.
    - *Underflow*: trailing distances below the smallest normal double (subnormals, which
      have lost precision, and exact zeros) are dropped; the horizon ends at the last
      normal value. Zeros inside it (an exact zero crossing) are kept.
    - *Divergence*: the horizon also ends before the first ``inf`` or NaN, so an
      overflowing run is measured over the steps before it overflowed.
    - *Rates near one*: nothing special is needed; the accuracy is set by the horizon
      and by how fast the other modes die out relative to the slowest.

    Parameters
    ----------
    distances : array_like, shape (n_steps + 1, ...)
        :math:`d_t = \|x_t - x^*\|` for :math:`t = 0, \dots, n_{\text{steps}}` on the
        first axis (as in :class:`~momentum_theory.quadratic.HeavyBallRun`), any batch
        shape after it. Non-negative (NaN and ``inf`` allowed: they end the horizon).
    log : bool, default False
        ``distances`` holds :math:`\ln d_t` instead (``HeavyBallRun.log_distances``),
        which never over- or underflows; then only ``-inf`` (:math:`d_t = 0`) counts as
        underflow and only ``+inf`` or NaN as overflow.
    window, lag : int, optional
        :math:`w` and :math:`N`, positive. Where a run's usable horizon :math:`n` is too
        short they are clipped to :math:`N \le n` and :math:`w \le \min(N, n - N + 1)`
        (the windows must fit and not overlap).

    Returns
    -------
    ndarray, shape (...)
        :math:`\hat\rho` per run. Special cases: ``0.0`` when the distance reaches zero
        (or underflows) right after :math:`d_0`; ``inf`` when it overflows at the first
        step or the first window is all zeros; NaN when no distance before an overflow
        is a positive normal double (a run that sits at the minimiser, or a non-finite
        :math:`d_0`): no rate is defined.

    Raises
    ------
    ValueError
        If ``distances`` has no time axis or a negative entry (with ``log=False``), or
        ``window`` or ``lag`` is not a positive integer.

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.rates import empirical_rate
    >>> t = np.arange(2001.0)
    >>> float(empirical_rate(0.9**t, window=1))  # the point ratio (d_2000 / d_1000)^(1/1000)
    0.9
    >>> oscillating = 0.5**t * np.abs(np.cos(0.7 * t))  # complex pair of modulus 0.5
    >>> round(float(empirical_rate(oscillating)), 9)
    0.5
    >>> underflowing = np.stack([0.5**t, 1e-3**t], axis=1)  # the second reaches 0.0
    >>> empirical_rate(underflowing).round(12)
    array([0.5  , 0.001])
    """
    ell, first_invalid, last_normal = _log_distances(distances, log)
    window = optional_integer(window, "window", 1)
    lag = optional_integer(lag, "lag", 1)
    batch = ell.shape[1:]
    ell = ell.reshape(ell.shape[0], -1)
    first_invalid, usable = first_invalid.reshape(-1), last_normal.reshape(-1)
    # No positive finite distance at all (usable == -1): no rate, NaN. Only d_0: the
    # run overflowed at step one (inf) or reached zero, or underflowed, at once (0).
    rate = np.full(usable.shape, np.nan)
    rate[(usable == 0) & (first_invalid == 1)] = np.inf
    rate[(usable == 0) & (first_invalid != 1)] = 0.0
    for n in np.unique(usable[usable >= 1]):
        members = np.flatnonzero(usable == n)
        lag_, window_ = _clipped(int(n), window, lag)
        early = ell[n - lag_ - window_ + 1 : n - lag_ + 1, members]
        late = ell[n - window_ + 1 : n + 1, members]
        rate[members] = np.exp(_solve_log_rate(early, late, lag_))
    return rate.reshape(batch)[()]


@renamed_arguments(n="steps")
def jordan_bias(c: float, steps: int, window: int | None = None, lag: int | None = None) -> float:
    r"""Factor :math:`\hat\rho/\rho` by which :func:`empirical_rate` overshoots at a Jordan block.

    On the critical-damping curve :math:`\beta = (1 - \sqrt{\alpha h})^2` the companion
    matrix has the double eigenvalue :math:`\lambda = 1 - \sqrt{\alpha h}`, and the scalar
    run is :math:`x_t = (p + q t)\lambda^t`. Started at rest (:math:`x_{-1} = x_0`),
    :math:`p = x_0` and :math:`q = (1 - \lambda) x_0`, so

    .. math::

        d_t = |x_0|\, \rho^t\, |1 + c t|, \qquad \rho = |\lambda|, \quad
        c = 1 - \lambda = \sqrt{\alpha h}.

    Put this into the estimator's defining equation and write :math:`r = \rho q`: the
    factor :math:`\rho^{2s}` cancels against :math:`r^{-2s}`, leaving an equation for
    :math:`q` alone,

    .. math::

        \sum_{k=0}^{w-1} q^{-2k} (1 + c(t_2 - w + 1 + k))^2
        = q^{2N} \sum_{k=0}^{w-1} q^{-2k} (1 + c(t_1 - w + 1 + k))^2,
        \qquad t_2 = n, \; t_1 = n - N,

    whose root :math:`q > 1` is returned. For the ratio estimator (:math:`w = 1`) it is
    explicit: :math:`q = ((1 + c t_2)/(1 + c t_1))^{1/N} \approx (t_2/t_1)^{1/N}
    \approx 1 + \ln(t_2/t_1)/N`. For :math:`c n \gg 1` it depends on the windows' shape
    alone: with the defaults (:math:`N = n/2`, :math:`w = n/4`) it tends to
    :math:`1 + \kappa/n`, where :math:`\kappa = 1.7186\ldots` solves
    :math:`\int_{3/4}^{1} e^{-2\kappa\sigma}\sigma^2\,d\sigma
    = \int_{1/4}^{1/2} e^{-2\kappa\sigma}\sigma^2\,d\sigma` (the continuum limit of
    the equation above with :math:`1 + ct \approx ct`): a 0.086% overshoot at
    :math:`n = 2000`, shrinking only like :math:`1/n`.

    Parameters
    ----------
    c : float
        Slope of the linear factor, :math:`c = \sqrt{\alpha h} > 0` from rest.
    steps : int
        Usable horizon :math:`n` (last step index), ``>= 1``. (Formerly ``n``; that
        keyword still works but is deprecated.)
    window, lag : int, optional
        As in :func:`empirical_rate` (same defaults and clipping).

    Returns
    -------
    float
        :math:`\hat\rho / \rho`, the same for every :math:`\rho`.

    Examples
    --------
    >>> from momentum_theory.rates import jordan_bias
    >>> round(jordan_bias(0.1, 2000, window=1), 12) == round((201 / 101) ** (1 / 1000), 12)
    True
    >>> round(jordan_bias(0.5, 2000), 6)  # about 1 + 1.7186 / 2000
    1.000858
    """
    n_ = as_integer(steps, "steps", 1)
    c = as_finite_float(c, "c", low=0.0, low_open=True)
    lag_, window_ = _clipped(
        n_, optional_integer(window, "window", 1), optional_integer(lag, "lag", 1)
    )
    t = np.arange(n_ + 1, dtype=float)
    ell = np.log1p(c * t)
    early = ell[n_ - lag_ - window_ + 1 : n_ - lag_ + 1, np.newaxis]
    late = ell[n_ - window_ + 1 :, np.newaxis]
    return float(np.exp(_solve_log_rate(early, late, lag_))[0])


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
        :func:`empirical_rate` of a ``steps``-step run (from ``log_distances``).
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
    (:func:`~momentum_theory.quadratic.run_heavy_ball`), measures the rate with
    :func:`empirical_rate` on the log-distances, and sets it beside
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
      :func:`jordan_bias`, about :math:`1.72/n` (0.086% at :math:`n = 2000`). Off the
      curve the two eigenvalues separate (real side) or rotate too slowly to average
      out (complex side); on a 1-D problem, over offsets :math:`10^{-10}` to
      :math:`10^{-1}` on both sides, the error stays below 1.5 times the Jordan bias
      (tested). These points are outside the scope, not wrong.
    - *Rates near one* (above ``max_rate``): the transients and neighbouring modes have
      not died out within the horizon.

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.problems import diagonal_problem, scalar_problem
    >>> from momentum_theory.rates import compare_rates
    >>> result = compare_rates([0.05, 0.1], [0.3, 0.6],
    ...                        [scalar_problem(10.0), diagonal_problem(1.0, 10.0, 5)])
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
        predicted[index] = worst_case_rate(grid_alpha, grid_beta, problem.mu, problem.L)
        critical_distance[index] = _critical_distance(grid_alpha, grid_beta, problem)
        for start in range(0, beta_.size, rows):
            chunk = slice(start, start + rows)
            run = run_heavy_ball(problem.Q, problem.x0, grid_alpha, grid_beta[chunk], steps)
            measured[index, chunk] = empirical_rate(run.log_distances, log=True)
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
        :func:`empirical_rate` of a ``steps``-step run of the method's own rule
        (:func:`~momentum_theory.quadratic.run`).
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
    method: Any,
    problems: Sequence[QuadraticProblem] | None = None,
    *,
    steps: int = 2000,
    **params: Any,
) -> MethodRateComparison:
    r"""Predicted worst-case rate of a named method against the rate its simulation shows.

    For every problem and every setting of the broadcast parameters this runs the
    method's own update rule from rest (:func:`~momentum_theory.quadratic.run`), measures
    the rate with :func:`empirical_rate` and sets it beside
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
    >>> from momentum_theory.rates import compare_method_rates
    >>> result = compare_method_rates("nesterov", [diagonal_problem(1.0, 10.0, 5)],
    ...                               alpha=0.1, beta=[0.3, 0.6])
    >>> result.measured.shape, bool(result.max_error < 1e-3)
    ((1, 2), True)
    """
    from momentum_theory.methods import get

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
        predicted.append(method_.worst_case_rate(problem.mu, problem.L, **params))
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


def _log_distances(
    distances: ArrayLike, log: bool
) -> tuple[Array, NDArray[np.intp], NDArray[np.intp]]:
    """ln d_t, and per run the first index that overflowed and the last usable index."""
    values = as_real_array(distances, "distances")
    if values.ndim == 0 or values.shape[0] == 0:
        raise ValueError("distances must have a time axis (axis 0) with at least one entry")
    if log:
        ell = values
        overflowed = ~(values < np.inf)  # +inf and NaN
        normal = values > -np.inf
    else:
        if np.any(values < 0):
            raise ValueError("distances must be non-negative")
        overflowed = ~(values < np.inf)
        normal = values >= _TINY
        with np.errstate(divide="ignore", invalid="ignore"):
            ell = np.log(values)
    steps = values.shape[0]
    # First overflow (steps if none), then the last normal value before it (-1 if none).
    first_invalid = np.where(overflowed.any(axis=0), overflowed.argmax(axis=0), steps)
    before = normal & (np.arange(steps).reshape((-1,) + (1,) * (values.ndim - 1)) < first_invalid)
    last_normal = np.where(before.any(axis=0), steps - 1 - before[::-1].argmax(axis=0), -1)
    return ell, first_invalid, last_normal


def _clipped(n: int, window: int | None, lag: int | None) -> tuple[int, int]:
    """Lag N and window w for a horizon n: windows inside [0, n] and not overlapping."""
    lag_ = min(lag, n) if lag is not None else (n + 1) // 2
    window_ = window if window is not None else max(1, n // 4)
    return lag_, max(1, min(window_, lag_, n - lag_ + 1))


def _log_sum_exp(values: Array) -> tuple[Array, Array]:
    """ln sum exp over axis 0, and the softmax weights (NaN-free; -inf for all -inf)."""
    top = values.max(axis=0)
    shift = np.where(np.isfinite(top), top, 0.0)
    terms = np.exp(values - shift)
    total = terms.sum(axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return shift + np.log(total), terms / total


def _solve_log_rate(early: Array, late: Array, lag: int) -> Array:
    """ln r solving sum_late d^2 r^-2s = sum_early d^2 r^-2s; windows (w, members) of ln d.

    With k the offset inside a window (late = early + N steps), the equation is
    F(u) = LSE(2 late - 2ku) - LSE(2 early - 2ku) - 2Nu = 0, F decreasing with slope in
    [-2(N + w - 1), -2(N - w + 1)]. Safeguarded Newton: a Newton step when it stays in
    the bracket that holds the root, bisection otherwise.
    """
    window = early.shape[0]
    k = np.arange(window, dtype=float)[:, np.newaxis]
    slope_bound = 2.0 * (lag - window + 1)
    u = np.zeros(early.shape[1])
    dead_early = ~np.isfinite(early.max(axis=0))  # first window all zeros: r = inf
    dead_late = ~np.isfinite(late.max(axis=0))  # last window all zeros: r = 0
    live = np.flatnonzero(~dead_early & ~dead_late)
    u[dead_early] = np.inf
    u[dead_late & ~dead_early] = -np.inf

    def residual(index: NDArray[np.intp], at: Array) -> tuple[Array, Array]:
        tilt = 2.0 * k * at
        late_sum, late_weight = _log_sum_exp(2.0 * late[:, index] - tilt)
        early_sum, early_weight = _log_sum_exp(2.0 * early[:, index] - tilt)
        value = late_sum - early_sum - 2.0 * lag * at
        mean_shift = (k * late_weight).sum(axis=0) - (k * early_weight).sum(axis=0)
        return value, -2.0 * (lag + mean_shift)

    # Start from the undetrended ratio; the root is within |F| / slope_bound of any point.
    value, _ = residual(live, np.zeros(live.size))
    start = value / (2.0 * lag)
    value, derivative = residual(live, start)
    lower = np.where(value > 0, start, start + value / slope_bound)
    upper = np.where(value > 0, start + value / slope_bound, start)
    current = start
    active = np.arange(live.size)
    for _ in range(200):
        tolerance = 4e-16 * np.maximum(1.0, np.abs(current[active]))
        done = (np.abs(value) <= slope_bound * tolerance) | (
            upper[active] - lower[active] <= tolerance
        )
        active, value, derivative = active[~done], value[~done], derivative[~done]
        if active.size == 0:
            break
        newton = current[active] - value / derivative
        inside = (newton > lower[active]) & (newton < upper[active])
        step = np.where(inside, newton, 0.5 * (lower[active] + upper[active]))
        current[active] = step
        value, derivative = residual(live[active], step)
        lower[active] = np.where(value > 0, step, lower[active])
        upper[active] = np.where(value > 0, upper[active], step)
    u[live] = current
    return u


def __getattr__(name: str) -> Any:
    # Deprecated for one release: the figure's settings live in experiments.rates.
    if name == "FIGURE_GRID":
        import warnings

        from momentum_theory.paper.measured import experiments as experiment

        warnings.warn(
            "momentum_theory.rates.FIGURE_GRID is deprecated: the rates figure's settings are "
            "in momentum_theory.experiments.rates",
            DeprecationWarning,
            stacklevel=2,
        )
        return MappingProxyType(
            {
                "alpha": np.linspace(*experiment.ALPHA_RANGE, experiment.GRID_POINTS),
                "beta": np.linspace(*experiment.BETA_RANGE, experiment.GRID_POINTS),
                "steps": experiment.STEPS,
            }
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
