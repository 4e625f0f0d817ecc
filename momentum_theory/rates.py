r"""Measured linear rates: the asymptotic rate of a run, estimated from its distances.

The theory says a method converges on a quadratic at the asymptotic rate
:math:`\limsup_t \|x_t - x^*\|^{1/t}`, the spectral radius of its state matrix at the
slowest eigenvalue (for a generic start; a start with no component along the slowest mode
converges faster); for heavy ball and a spectrum spanning :math:`[\mu, L]` it is
:func:`momentum_theory.worst_case_rate`. :func:`empirical_rate` measures that limit from a
finite run (:func:`momentum_theory.simulate.run`), and :func:`jordan_bias` is its exact
overshoot at a Jordan block. :mod:`momentum_theory.rate_comparison` sets measured rates
beside predicted ones.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import (
    as_finite_float,
    as_integer,
    as_real_array,
    optional_integer,
)

Array = NDArray[np.float64]

__all__ = ["empirical_rate", "jordan_bias"]


_TINY = np.finfo(np.float64).tiny  # smallest normal double


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
        first axis (as in :class:`~momentum_theory.simulate.Run`), any batch shape
        after it. Non-negative (NaN and ``inf`` allowed: they end the horizon).
    log : bool, default False
        ``distances`` holds :math:`\ln d_t` instead (``Run.log_distances``),
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
        Usable horizon :math:`n` (last step index), ``>= 1``.
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
