r"""Theorem 1 made concrete: exact :math:`\|A^t\|_2`, transients, finite-horizon worst cases.

The chapter bounds the heavy-ball state through Theorem 1: for every :math:`\varepsilon > 0`
there is a norm with :math:`\|A\| \le \rho(A) + \varepsilon`, "hence"
:math:`\|A^t\| \le (\rho + \varepsilon)^t`. Two corrections matter in practice:

- the special norm depends on :math:`\varepsilon`; in the Euclidean norm that the chapter
  then uses, the bound needs a constant, :math:`\|A^t\|_2 \le C(\varepsilon)\,
  (\rho + \varepsilon)^t`, and :math:`C(\varepsilon)` can be large
  (:func:`transient_constant`);
- :math:`(\rho + \varepsilon)^t` is not :math:`O(\rho^t)`: on the critical-damping curve
  :math:`A` is a Jordan block and :math:`\|A^t\|_2 \sim (1 + \rho^2)\, t \rho^{t-1}`
  (:func:`jordan_growth`).

Even when :math:`\rho < 1`, :math:`\|A^t\|_2` can first grow well above one
(:func:`transient_peak`), and the error after :math:`n` steps can exceed what the
asymptotic rate suggests; :func:`worst_case_error` computes the exact worst case over a
spectrum.

**Powers in closed form.** By Cayley--Hamilton, :math:`A^2 = T A - \beta I` with
:math:`T = 1 + \beta - \alpha h`, so for :math:`t \ge 1`

.. math::

    A^t = s_t A - \beta s_{t-1} I
        = \begin{pmatrix} s_{t+1} & -\beta s_t \\ s_t & -\beta s_{t-1} \end{pmatrix},
    \qquad s_0 = 0,\ s_1 = 1,\ s_{k+1} = T s_k - \beta s_{k-1},

and :math:`s_k = (\lambda_1^k - \lambda_2^k)/(\lambda_1 - \lambda_2)` (:math:`= k
\lambda^{k-1}` for a double root). Writing :math:`s_k = \rho^{k-1} \sigma_k`, the
normalised :math:`\sigma_k` is bounded by :math:`k` and is evaluated without cancellation:

.. math::

    \sigma_k = \operatorname{sign}(T)^{k-1} \times \begin{cases}
        \dfrac{1 - r^k}{1 - r}, \quad r = \lambda_2/\lambda_1 \in [0, 1]
            & \text{real roots } (T^2 \ge 4\beta),\\[1.5ex]
        \dfrac{\sin k\varphi}{\sin\varphi}, \quad
            \varphi = \arctan \dfrac{\sqrt{4\beta - T^2}}{|T|}
            & \text{complex pair } (T^2 < 4\beta),
    \end{cases}

with :math:`1 - r = 2\sqrt{T^2/4 - \beta}/\rho` and :math:`1 - r^k` through ``expm1`` and
``log1p`` near the critical curve. The quarter discriminant :math:`T^2/4 - \beta` is formed
in double-double arithmetic from the exact inputs. Against :math:`\|A^t\|_2` of the
matrix built exactly from the given doubles (mpmath at 50 digits), the relative error is
about :math:`(t + 1)u`, :math:`u = 2^{-53}`: the factor :math:`\rho^{t-1}` alone
amplifies the rounding of :math:`\rho` that much. There is no recurrence whose errors
could build up (near a Jordan block those grow like :math:`t^2 u`), and no overflow from
repeated multiplication: :math:`\rho^{t-1}` under- or overflows only when the true value
does.

Only :math:`\beta \ge 0` is supported here (then both real roots have the same sign),
and :math:`|1 + \beta - \alpha h|`, :math:`\beta` below :math:`10^{150}` (so that
:math:`T^2` cannot overflow).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory import _double_double as dd
from momentum_theory._validation import as_real_array, broadcast_shape, require
from momentum_theory.spectral import critical_beta, spectral_radius, worst_case_rate

Array = NDArray[np.float64]

__all__ = [
    "JordanGrowth",
    "TransientConstant",
    "TransientCurve",
    "TransientPeak",
    "WorstCaseError",
    "at_rest_polynomial",
    "jordan_growth",
    "power_norms",
    "transient_constant",
    "transient_curves",
    "transient_peak",
    "worst_case_error",
]

# Above this ratio r = lambda_2/lambda_1, 1 - r**k is formed from 1 - r (no cancellation).
_SMALL_RATIO = 0.5
# The automatic horizon of transient_constant/transient_peak never exceeds this.
_MAX_HORIZON = 1 << 21
# Relative size below which trailing Chebyshev coefficients of p_n' are dropped.
_TRIM = 1e-17


@dataclass(frozen=True)
class _Structure:
    """Eigen-structure of A, arrays of the broadcast shape (see the module docstring)."""

    rho: Array  # |lambda_1|
    rho_2: Array  # |lambda_2| = beta / rho
    beta: Array
    negative: NDArray[np.bool_]  # sign(T) < 0
    complex_pair: NDArray[np.bool_]
    ratio: Array  # r = lambda_2 / lambda_1 (real case)
    gap: Array  # 1 - r (real case)
    angle: Array  # phi (complex case)
    sin_angle: Array
    quarter_discriminant: Array  # T^2/4 - beta, correctly rounded


def _structure(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike) -> _Structure:
    arrays = {
        name: as_real_array(value, name)
        for name, value in (("alpha", alpha), ("beta", beta), ("h", h))
    }
    shape = broadcast_shape(**arrays)
    for name, value in arrays.items():
        require(np.isfinite(value), name, "finite", np.where(np.isnan(value), np.inf, value))
    require(arrays["beta"] >= 0, "beta", "non-negative (beta >= 0)", arrays["beta"])
    a, b, c = (np.broadcast_to(v, shape).astype(float) for v in arrays.values())
    # T = 1 + beta - alpha h exactly, then Q = T^2/4 - beta to about u^2 T^2.
    with np.errstate(over="ignore", invalid="ignore"):
        trace = dd.add(dd.two_sum(np.ones(shape), b), dd.negate(dd.two_product(a, c)))
        half_trace = (0.5 * trace[0], 0.5 * trace[1])
        quarter = dd.add(dd.multiply(half_trace, half_trace), (-b, np.zeros(shape)))[0]
    # Veltkamp splitting and T^2 overflow beyond about 1e150: refuse rather than return NaN.
    magnitude = np.where(np.isnan(trace[0]), np.inf, np.abs(trace[0]))
    require(magnitude < 1e150, "1 + beta - alpha h", "below 1e150 in magnitude", magnitude)
    require(b < 1e150, "beta", "below 1e150", b)
    complex_pair = quarter < 0
    root = np.sqrt(np.abs(quarter))
    abs_half_trace = np.abs(half_trace[0])
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = np.where(complex_pair, np.sqrt(b), abs_half_trace + root)
        nilpotent = rho == 0  # beta = 0 and T = 0: A = [[0, 0], [1, 0]]
        rho_2 = np.where(nilpotent, 0.0, np.where(complex_pair, np.sqrt(b), b / rho))
        ratio = np.where(nilpotent | complex_pair, 0.0, b / rho**2)
        gap = np.where(nilpotent | complex_pair, 1.0, 2.0 * root / rho)
        angle = np.where(complex_pair, np.arctan2(root, abs_half_trace), 0.0)
        sin_angle = np.where(complex_pair, root / np.sqrt(b), 1.0)
    return _Structure(
        rho=rho,
        rho_2=rho_2,
        beta=b,
        negative=half_trace[0] < 0,
        complex_pair=complex_pair,
        ratio=ratio,
        gap=gap,
        angle=angle,
        sin_angle=sin_angle,
        quarter_discriminant=quarter,
    )


def _sigma(structure: _Structure, k: NDArray[np.int64]) -> Array:
    r""":math:`\sigma_k = s_k / \rho^{k-1}` for integers ``k >= 0`` (leading axis), every point."""
    k = k.reshape(k.shape + (1,) * structure.rho.ndim).astype(float)
    s = structure
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        direct = (1.0 - s.ratio**k) / (1.0 - s.ratio)
        near_one = np.where(s.gap > 0, -np.expm1(k * np.log1p(-s.gap)) / s.gap, k)
        real = np.where(s.ratio <= _SMALL_RATIO, direct, near_one)
        oscillating = np.sin(k * s.angle) / s.sin_angle
    value = np.where(s.complex_pair, oscillating, real)
    flip = s.negative & (np.mod(k, 2.0) == 0.0)  # sign(T)^(k-1) = -1 for even k
    return np.where(flip, -value, value)


def _normalised_norms(structure: _Structure, horizon: int) -> Array:
    r""":math:`\|N_t\|_2 = \|A^t\|_2 / \rho^{t-1}` for ``t = 1..horizon`` (leading axis)."""
    s = structure
    sigma = _sigma(s, np.arange(horizon + 2))
    # N_t = [[rho sigma_{t+1}, -beta sigma_t], [sigma_t, -rho_2 sigma_{t-1}]]
    a, b = s.rho * sigma[2:], -s.beta * sigma[1:-1]
    c, d = sigma[1:-1], -s.rho_2 * sigma[:-2]
    # Largest singular value of [[a, b], [c, d]] in closed form: a sum of non-negatives.
    return 0.5 * (np.hypot(a + d, b - c) + np.hypot(a - d, b + c))


def power_norms(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike, horizon: int) -> Array:
    r"""Exact spectral norms :math:`\|A^t\|_2` of the companion matrix for :math:`t = 0, \dots, n`.

    .. math::

        A = \begin{pmatrix} 1 + \beta - \alpha h & -\beta \\ 1 & 0 \end{pmatrix},
        \qquad \|A^t\|_2 = \rho^{t-1} \|N_t\|_2,
        \quad N_t = \begin{pmatrix} \rho\sigma_{t+1} & -\beta\sigma_t \\
                                    \sigma_t & -|\lambda_2|\sigma_{t-1} \end{pmatrix},

    with :math:`\sigma_k` from the eigen-structure (module docstring) and the largest
    singular value of a 2 x 2 matrix :math:`\begin{pmatrix} a & b \\ c & d\end{pmatrix}`
    in closed form, :math:`\tfrac12\bigl(\sqrt{(a+d)^2 + (b-c)^2} +
    \sqrt{(a-d)^2 + (b+c)^2}\bigr)`.

    Parameters
    ----------
    alpha, beta, h : array_like, shape (...)
        Step size, momentum (``beta >= 0``) and curvature; finite, broadcast together.
    horizon : int
        Last power :math:`n \ge 0`.

    Returns
    -------
    ndarray, shape (horizon + 1, ...)
        ``norms[t]`` is :math:`\|A^t\|_2` (time on the first axis). Values below the
        smallest double underflow to 0, values above the largest overflow to ``inf``.

    Raises
    ------
    ValueError
        If ``beta < 0``, an input is not finite, :math:`|1 + \beta - \alpha h|` or
        :math:`\beta` exceeds :math:`10^{150}`, ``horizon`` is not a non-negative integer,
        or the arguments do not broadcast.

    Examples
    --------
    >>> from momentum_theory.transients import power_norms
    >>> power_norms(0.0, 0.0, 1.0, 3)  # A = [[1, 0], [1, 0]], A^t = A for t >= 1
    array([1.        , 1.41421356, 1.41421356, 1.41421356])
    >>> norms = power_norms(0.02, 0.9, 1.0, 60)  # complex pair, rho = sqrt(0.9)
    >>> round(float(norms.max()), 4), int(norms.argmax())
    (8.6337, 9)
    """
    horizon = _non_negative_int(horizon, "horizon")
    structure = _structure(alpha, beta, h)
    norms = np.empty((horizon + 1, *structure.rho.shape))
    norms[0] = 1.0
    if horizon:
        t = np.arange(1, horizon + 1).reshape((-1,) + (1,) * structure.rho.ndim)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            scale = np.power(structure.rho, t - 1.0)
            norms[1:] = scale * _normalised_norms(structure, horizon)
    return norms


def at_rest_polynomial(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike, n: int) -> Array:
    r"""The factor :math:`p_n(h)` with :math:`x_n - x^* = p_n(h)\,(x_0 - x^*)` from rest.

    Heavy ball on :math:`f(x) = h (x - x^*)^2/2` started at rest (:math:`x_{-1} = x_0`)
    gives :math:`x_n - x^* = p_n(h)(x_0 - x^*)` with the degree-:math:`n` polynomial

    .. math::

        p_{-1} = p_0 = 1, \qquad p_{k+1}(h) = (1 + \beta - \alpha h)\, p_k(h)
        - \beta\, p_{k-1}(h), \qquad
        p_n = (A^n)_{00} + (A^n)_{01} = s_{n+1} - \beta s_n .

    It is evaluated here from the closed form of :math:`A^n` (module docstring), not by
    running the recurrence.

    Parameters
    ----------
    alpha, beta, h : array_like, shape (...)
        Step size, momentum (``beta >= 0``) and curvature.
    n : int
        Number of steps, ``n >= 0``.

    Returns
    -------
    ndarray, shape (...)

    Examples
    --------
    >>> from momentum_theory.transients import at_rest_polynomial
    >>> float(at_rest_polynomial(0.1, 0.5, 2.0, 1))  # p_1 = 1 - alpha h
    0.8
    >>> float(at_rest_polynomial(0.1, 0.5, 2.0, 2))  # (1.3)(0.8) - 0.5
    0.54
    """
    n = _non_negative_int(n, "n")
    structure = _structure(alpha, beta, h)
    if n == 0:
        return np.ones(structure.rho.shape)[()]
    sigma = _sigma(structure, np.array([n, n + 1]))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        scale = np.power(structure.rho, n - 1.0)
        value = scale * (structure.rho * sigma[1] - structure.beta * sigma[0])
    return value[()]


def _non_negative_int(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def _scalar(value: ArrayLike, name: str) -> float:
    array = as_real_array(value, name)
    if array.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got shape {array.shape}")
    return float(array)


# ---------------------------------------------------------------------------------------
# Largest ratio ||A^t|| / base^t over t, with a certificate for the infinite tail.


def _largest_ratio(
    structure: _Structure, base: float, horizon: int | None
) -> tuple[float, int, int, bool]:
    r"""``max_t ||A^t|| / base^t`` over ``0..horizon``; also argmax, horizon, tail certified.

    For :math:`q = \rho/\text{base} < 1`, :math:`|\sigma_k| \le k` gives
    :math:`\|A^t\|_2/\text{base}^t \le b_t = F (t+1) q^{t-1}/\text{base}` with
    :math:`F = \sqrt{1 + \rho^2 + \beta^2 + |\lambda_2|^2}`, and :math:`b_t` decreases
    once :math:`t \ge (2q - 1)/(1 - q)`. If also :math:`b_{n+1}` is below the maximum
    found, no later :math:`t` can exceed it: the maximum holds for all :math:`t`.
    """
    rho = float(structure.rho)
    q = rho / base
    factor = math.sqrt(1 + rho**2 + float(structure.beta) ** 2 + float(structure.rho_2) ** 2)

    def tail_bound(t: int) -> float:
        return math.exp(math.log(factor * (t + 1) / base) + (t - 1) * math.log(q)) if q else 0.0

    def monotone_from(t: int) -> bool:
        return q < 1 and t * (1 - q) >= 2 * q - 1

    if horizon is None:
        if not q < 1:
            raise ValueError("horizon is required when rho(A) >= the base of the bound")
        horizon = 16
        while not (monotone_from(horizon + 1) and tail_bound(horizon + 1) <= 1.0):
            horizon *= 2
            if horizon > _MAX_HORIZON:
                raise ValueError(
                    f"no horizon up to {_MAX_HORIZON} proves the maximum over all t (rho = "
                    f"{rho:g} is too close to {base:g}); pass an explicit horizon (or, for "
                    "transient_constant, a larger eps)"
                )
    ratios = np.ones(horizon + 1)
    if horizon:
        t = np.arange(1, horizon + 1)
        with np.errstate(under="ignore", over="ignore"):
            ratios[1:] = np.power(q, t - 1.0) * _normalised_norms(structure, horizon) / base
    best = int(np.argmax(ratios))
    largest = float(ratios[best])
    certified = monotone_from(horizon + 1) and tail_bound(horizon + 1) <= largest
    return largest, best, horizon, bool(certified)


@dataclass(frozen=True)
class TransientConstant:
    r"""The least :math:`C` with :math:`\|A^t\|_2 \le C(\rho + \varepsilon)^t` on a horizon.

    Attributes
    ----------
    alpha, beta, h, eps : float
        The parameters and the slack :math:`\varepsilon`.
    rho : float
        :math:`\rho(A)`.
    constant : float
        :math:`C(\varepsilon) = \max_{0 \le t \le n} \|A^t\|_2/(\rho + \varepsilon)^t`
        (at least 1, from :math:`t = 0`).
    attained_at : int
        The :math:`t` where the maximum is attained (the bound is tight there).
    horizon : int
        :math:`n`, the last power examined.
    holds_for_all_t : bool
        True when a tail bound proves that no :math:`t > n` needs a larger constant, so
        ``constant`` is :math:`\sup_{t \ge 0}`.
    """

    alpha: float
    beta: float
    h: float
    eps: float
    rho: float
    constant: float
    attained_at: int
    horizon: int
    holds_for_all_t: bool


def transient_constant(
    alpha: float, beta: float, h: float, eps: float, horizon: int | None = None
) -> TransientConstant:
    r"""Smallest :math:`C` in Theorem 1's 2-norm form :math:`\|A^t\|_2 \le C(\rho+\varepsilon)^t`.

    .. math::

        C(\varepsilon) = \max_{0 \le t \le n} \frac{\|A^t\|_2}{(\rho + \varepsilon)^t}
        = \max\Bigl(1,\ \max_{1 \le t \le n}
          \Bigl(\frac{\rho}{\rho + \varepsilon}\Bigr)^{t-1}
          \frac{\|N_t\|_2}{\rho + \varepsilon}\Bigr).

    Theorem 1 gives a norm :math:`\|\cdot\|_\varepsilon` with
    :math:`\|A^t\|_\varepsilon \le (\rho + \varepsilon)^t`; since all norms on
    :math:`\mathbb{R}^{2 \times 2}` are equivalent, some :math:`C` works in the 2-norm, and
    this is the least one. It grows without bound as :math:`\varepsilon \to 0` on the
    critical-damping curve (Jordan block), where no :math:`C(0)` exists.

    Parameters
    ----------
    alpha, beta, h : float
        Step size, momentum (``beta >= 0``) and curvature.
    eps : float
        Slack :math:`\varepsilon > 0`.
    horizon : int, optional
        Last :math:`t` to examine. By default the smallest power-of-two horizon for which a
        tail bound proves the maximum holds for every :math:`t \ge 0`.

    Returns
    -------
    TransientConstant

    Raises
    ------
    ValueError
        If ``eps <= 0``, ``beta < 0``, an argument is not a finite scalar, or no horizon
        up to about two million certifies the bound (``eps`` far below ``rho``).

    Examples
    --------
    >>> from momentum_theory.transients import transient_constant
    >>> bound = transient_constant(1 / 64, 49 / 64, 1.0, eps=0.05)  # Jordan block
    >>> round(bound.constant, 4), bound.attained_at, bound.horizon, bound.holds_for_all_t
    (13.3686, 18, 128, True)
    """
    values = {n: _scalar(v, n) for n, v in (("alpha", alpha), ("beta", beta), ("h", h))}
    eps_ = _scalar(eps, "eps")
    require(np.isfinite(eps_) and eps_ > 0, "eps", "positive and finite", eps_)
    if horizon is not None:
        horizon = _non_negative_int(horizon, "horizon")
    structure = _structure(*values.values())
    rho = float(structure.rho)
    constant, best, horizon, certified = _largest_ratio(structure, rho + eps_, horizon)
    return TransientConstant(
        **values,
        eps=eps_,
        rho=rho,
        constant=constant,
        attained_at=best,
        horizon=horizon,
        holds_for_all_t=certified,
    )


@dataclass(frozen=True)
class TransientPeak:
    r"""The largest :math:`\|A^t\|_2` over :math:`0 \le t \le n`.

    Attributes
    ----------
    alpha, beta, h : float
        The parameters.
    rho : float
        :math:`\rho(A)`.
    peak : float
        :math:`\max_{0 \le t \le n} \|A^t\|_2` (at least 1, from :math:`A^0 = I`).
    peak_time : int
        Where it is attained.
    horizon : int
        :math:`n`.
    holds_for_all_t : bool
        True when a tail bound proves ``peak`` is :math:`\sup_{t \ge 0} \|A^t\|_2`
        (possible only for :math:`\rho < 1`).
    """

    alpha: float
    beta: float
    h: float
    rho: float
    peak: float
    peak_time: int
    horizon: int
    holds_for_all_t: bool


def transient_peak(
    alpha: float, beta: float, h: float, horizon: int | None = None
) -> TransientPeak:
    r"""Transient peak :math:`\max_t \|A^t\|_2`, which can exceed 1 although :math:`\rho(A) < 1`.

    A state :math:`(x_1 - x^*, x_0 - x^*)` can be amplified by up to this factor before the
    linear rate :math:`\rho` takes over: :math:`\rho < 1` says nothing about the first
    steps. (:math:`\|A\|_2 \ge 1` always, as :math:`A` maps :math:`e_1` to
    :math:`(T, 1)`.)

    Parameters
    ----------
    alpha, beta, h : float
        Step size, momentum (``beta >= 0``) and curvature.
    horizon : int, optional
        Last :math:`t`. By default (allowed only for :math:`\rho < 1`) the smallest
        power-of-two horizon for which the peak is proved to be the supremum over all
        :math:`t`.

    Returns
    -------
    TransientPeak

    Raises
    ------
    ValueError
        If ``beta < 0``, an argument is not a finite scalar, or ``horizon`` is omitted
        while :math:`\rho \ge 1`.

    Examples
    --------
    >>> from momentum_theory.transients import transient_peak
    >>> peak = transient_peak(0.02, 0.9, 1.0)  # rho = sqrt(0.9) < 1
    >>> round(peak.rho, 4), round(peak.peak, 4), peak.peak_time, peak.holds_for_all_t
    (0.9487, 8.6337, 9, True)
    """
    values = {n: _scalar(v, n) for n, v in (("alpha", alpha), ("beta", beta), ("h", h))}
    if horizon is not None:
        horizon = _non_negative_int(horizon, "horizon")
    structure = _structure(*values.values())
    peak, best, horizon, certified = _largest_ratio(structure, 1.0, horizon)
    return TransientPeak(
        **values,
        rho=float(structure.rho),
        peak=peak,
        peak_time=best,
        horizon=horizon,
        holds_for_all_t=certified,
    )


@dataclass(frozen=True)
class JordanGrowth:
    r"""Growth of :math:`\|A^t\|_2` on the critical-damping curve, predicted and measured.

    Attributes
    ----------
    alpha, beta, h : float
        The parameters, with :math:`\beta` the critical momentum of :math:`(\alpha, h)`.
    rho : float
        :math:`\rho(A) = |1 - \sqrt{\alpha h}|`.
    quarter_discriminant : float
        :math:`T^2/4 - \beta` of the matrix built exactly from the doubles: zero means
        :math:`A` is exactly a Jordan block; otherwise :math:`\beta` was rounded and the
        prediction holds only while :math:`t\sqrt{|T^2/4 - \beta|}/\rho \ll 1`.
    t : ndarray, shape (n + 1,)
        Powers :math:`0, \dots, n`.
    predicted : ndarray, shape (n + 1,)
        :math:`(1 + \rho^2)\, t \rho^{t-1}`.
    measured : ndarray, shape (n + 1,)
        :math:`\|A^t\|_2` from :func:`power_norms`.
    relative_error : ndarray, shape (n + 1,)
        :math:`|\text{measured} - \text{predicted}|/\text{measured}`.
    bound : ndarray, shape (n + 1,)
        :math:`\rho^t`: for an exact Jordan block
        :math:`|\text{measured} - \text{predicted}| \le \rho^t`.
    """

    alpha: float
    beta: float
    h: float
    rho: float
    quarter_discriminant: float
    t: NDArray[np.int64]
    predicted: Array
    measured: Array
    relative_error: Array
    bound: Array


def jordan_growth(alpha: float, h: float, horizon: int) -> JordanGrowth:
    r"""On the critical-damping curve, :math:`\|A^t\|_2 = (1 + \rho^2)\, t \rho^{t-1} + O(\rho^t)`.

    With :math:`\beta = \beta_c = (1 - \sqrt{\alpha h})^2` the companion matrix has the
    double eigenvalue :math:`\lambda = T/2 = 1 - \sqrt{\alpha h}` (:math:`\rho = |\lambda|`) and
    :math:`s_k = k\lambda^{k-1}`, so

    .. math::

        A^t = \lambda^{t-1}\bigl(t M + \lambda I\bigr), \qquad
        M = \begin{pmatrix} \lambda & -\lambda^2 \\ 1 & -\lambda \end{pmatrix}
          = \begin{pmatrix} \lambda \\ 1 \end{pmatrix} \begin{pmatrix} 1 & -\lambda
            \end{pmatrix},

    a rank-one :math:`M` with :math:`\|M\|_2 = 1 + \lambda^2`. The triangle inequality
    gives :math:`\bigl|\|A^t\|_2 - (1 + \rho^2) t \rho^{t-1}\bigr| \le \rho^t`. The
    chapter's ":math:`O(\rho^t)`" is therefore false here: the rate is :math:`\rho` but
    the norm carries an extra factor :math:`t`.

    Parameters
    ----------
    alpha, h : float
        Step size and curvature with :math:`0 < \alpha h`; :math:`\beta` is
        :func:`~momentum_theory.critical_beta` of them, rounded to a double. Choose
        :math:`\alpha h = 2^{-2k}` (e.g. ``1/64``) for an exact Jordan block.
    horizon : int
        Last power.

    Returns
    -------
    JordanGrowth

    Examples
    --------
    >>> from momentum_theory.transients import jordan_growth
    >>> growth = jordan_growth(1 / 64, 1.0, 200)  # beta = 49/64, rho = 7/8 exactly
    >>> growth.beta, growth.rho, growth.quarter_discriminant
    (0.765625, 0.875, 0.0)
    >>> bool((abs(growth.measured - growth.predicted) <= growth.bound).all())
    True
    """
    alpha_, h_ = _scalar(alpha, "alpha"), _scalar(h, "h")
    require(np.isfinite(alpha_ * h_) and alpha_ * h_ > 0, "alpha h", "positive", alpha_ * h_)
    horizon = _non_negative_int(horizon, "horizon")
    beta = float(critical_beta(alpha_, h_))
    structure = _structure(alpha_, beta, h_)
    rho = float(structure.rho)
    t = np.arange(horizon + 1)
    measured = power_norms(alpha_, beta, h_, horizon)
    with np.errstate(under="ignore", divide="ignore", invalid="ignore"):
        predicted = (1 + rho**2) * t * np.power(rho, t - 1.0)
        relative_error = np.where(
            measured > 0, np.abs(measured - predicted) / measured, np.abs(predicted)
        )
    return JordanGrowth(
        alpha=alpha_,
        beta=beta,
        h=h_,
        rho=rho,
        quarter_discriminant=float(structure.quarter_discriminant),
        t=t,
        predicted=predicted,
        measured=measured,
        relative_error=relative_error,
        bound=np.power(rho, t.astype(float)),
    )


@dataclass(frozen=True)
class TransientCurve:
    r"""One regime of the transient figure: :math:`\|A^t\|_2` against its bounds.

    Attributes
    ----------
    regime : str
        ``"real distinct"``, ``"complex"`` or ``"critical (Jordan)"``.
    alpha, beta, h, eps : float
        The parameters; :math:`\varepsilon = (1 - \rho)/2`.
    rho : float
        :math:`\rho(A)`.
    t : ndarray, shape (n + 1,)
    norms : ndarray, shape (n + 1,)
        :math:`\|A^t\|_2`.
    rate : ndarray, shape (n + 1,)
        :math:`\rho^t`.
    bound : ndarray, shape (n + 1,)
        :math:`C(\varepsilon)(\rho + \varepsilon)^t` with the constant below.
    constant : TransientConstant
        :math:`C(\varepsilon)`, proved for all :math:`t`.
    peak : TransientPeak
        The transient peak, proved for all :math:`t`.
    """

    regime: str
    alpha: float
    beta: float
    h: float
    eps: float
    rho: float
    t: NDArray[np.int64]
    norms: Array
    rate: Array
    bound: Array
    constant: TransientConstant
    peak: TransientPeak


# Regimes of the figure, all with h = 1 and rho < 1. The critical one is an exact Jordan
# block (alpha h = 1/64 gives beta = 49/64 and rho = 7/8 in binary without rounding).
TRANSIENT_REGIMES = (
    ("real distinct", 0.04, 0.5),
    ("complex", 0.02, 0.9),
    ("critical (Jordan)", 1 / 64, 49 / 64),
)


def transient_curves(horizon: int = 80) -> tuple[TransientCurve, ...]:
    r"""Data for the Theorem 1 figure: three regimes, each with :math:`\varepsilon = (1-\rho)/2`.

    The regimes (``h = 1``) are listed in :data:`TRANSIENT_REGIMES`: real distinct
    eigenvalues :math:`(\alpha, \beta) = (0.04, 0.5)`, a complex pair :math:`(0.02, 0.9)`
    and the Jordan block :math:`(1/64, 49/64)`. All have :math:`\rho < 1` and a transient
    peak above 1.

    Examples
    --------
    >>> from momentum_theory.transients import transient_curves
    >>> [(c.regime, round(c.peak.peak, 3)) for c in transient_curves(40)]
    [('real distinct', 2.574), ('complex', 8.634), ('critical (Jordan)', 5.574)]
    """
    horizon = _non_negative_int(horizon, "horizon")
    curves = []
    t = np.arange(horizon + 1)
    for regime, alpha, beta in TRANSIENT_REGIMES:
        rho = float(spectral_radius(alpha, beta, 1.0))
        eps = (1.0 - rho) / 2
        constant = transient_constant(alpha, beta, 1.0, eps)
        curves.append(
            TransientCurve(
                regime=regime,
                alpha=alpha,
                beta=beta,
                h=1.0,
                eps=eps,
                rho=rho,
                t=t,
                norms=power_norms(alpha, beta, 1.0, horizon),
                rate=np.power(rho, t.astype(float)),
                bound=constant.constant * np.power(rho + eps, t.astype(float)),
                constant=constant,
                peak=transient_peak(alpha, beta, 1.0),
            )
        )
    return tuple(curves)


# ---------------------------------------------------------------------------------------
# Exact finite-horizon worst case over a spectrum.


@dataclass(frozen=True)
class WorstCaseError:
    r"""Exact worst case of :math:`\|x_n - x^*\|^2 / \|x_0 - x^*\|^2` over a spectrum.

    Attributes
    ----------
    alpha, beta, mu, L : float
        The parameters and the spectrum :math:`[\mu, L]`.
    n : int
        Number of steps.
    value : float
        :math:`W_n = \max_{h \in [\mu, L]} p_n(h)^2`.
    h_worst : float
        A maximiser :math:`h^*`: the quadratic :math:`h^* (x - x^*)^2/2` attains
        :math:`W_n`.
    candidates : int
        Number of points compared (endpoints and interior critical points of
        :math:`p_n`).
    asymptotic_rate : float
        :func:`~momentum_theory.worst_case_rate`, for comparison:
        :math:`W_n^{1/(2n)}` tends to it, but :math:`W_n` may exceed
        :math:`\rho^{2n}` by a transient factor.
    """

    alpha: float
    beta: float
    mu: float
    L: float
    n: int
    value: float
    h_worst: float
    candidates: int
    asymptotic_rate: float

    @property
    def per_step_rate(self) -> float:
        r""":math:`W_n^{1/(2n)}`, the average contraction of :math:`\|x_t - x^*\|` per step."""
        return self.value ** (0.5 / self.n) if self.n else 1.0


def _recurrence(alpha: float, beta: float, h: Array, n: int) -> tuple[Array, Array, Array]:
    r""":math:`p_n, p_n', p_n''` at the points ``h`` by the three-term recurrence."""
    p_old, p = np.ones_like(h), np.ones_like(h)
    d_old, d = np.zeros_like(h), np.zeros_like(h)
    c_old, c = np.zeros_like(h), np.zeros_like(h)
    trace = 1.0 + beta - alpha * h
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(n):
            c, c_old = trace * c - 2 * alpha * d - beta * c_old, c
            d, d_old = trace * d - alpha * p - beta * d_old, d
            p, p_old = trace * p - beta * p_old, p
    return p, d, c


def _chebyshev_coefficients(alpha: float, beta: float, mu: float, L: float, n: int) -> Array:
    r"""Coefficients of :math:`p_n(c + w u)` in the Chebyshev basis of :math:`u \in [-1, 1]`."""
    centre, half_width = 0.5 * (mu + L), 0.5 * (L - mu)
    constant, slope = 1.0 + beta - alpha * centre, alpha * half_width  # T = constant - slope u
    p_old, p = np.zeros(n + 1), np.zeros(n + 1)
    p_old[0] = p[0] = 1.0
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(n):  # p has degree k: u T_0 = T_1, u T_j = (T_{j+1} + T_{j-1})/2
            times_u = np.zeros(n + 1)
            times_u[1] = p[0]
            times_u[2 : k + 2] += 0.5 * p[1 : k + 1]
            times_u[:k] += 0.5 * p[1 : k + 1]
            p, p_old = constant * p - slope * times_u - beta * p_old, p
    return p


def worst_case_error(alpha: float, beta: float, mu: float, L: float, n: int) -> WorstCaseError:
    r"""Exact worst case after :math:`n` steps over quadratics with spectrum in :math:`[\mu, L]`.

    **Statement.** Let :math:`f(x) = \tfrac12 (x - x^*)^\top Q (x - x^*)` with :math:`Q`
    symmetric and every eigenvalue in :math:`[\mu, L]`, and run heavy ball from rest,
    :math:`x_{-1} = x_0`. Then for every such :math:`Q` and every :math:`x_0`

    .. math::

        \frac{\|x_n - x^*\|^2}{\|x_0 - x^*\|^2} \le W_n
        = \max_{h \in [\mu, L]} p_n(h)^2,

    with equality when :math:`Q` has the eigenvalue :math:`h^*` (the maximiser) and
    :math:`x_0 - x^*` is a corresponding eigenvector, e.g. the one-dimensional
    :math:`f(x) = h^* (x - x^*)^2/2`. Here :math:`p_n` is the polynomial of
    :func:`at_rest_polynomial`: in the eigenbasis of :math:`Q` each coordinate of
    :math:`x_n - x^*` is that of :math:`x_0 - x^*` times :math:`p_n(h_i)`, so the ratio is
    a weighted mean of the :math:`p_n(h_i)^2`.

    **Computation.** The maximum of :math:`p_n^2` on :math:`[\mu, L]` is at an endpoint or
    at an interior zero of :math:`p_n'`. :math:`p_n` is built in the Chebyshev basis of
    :math:`[\mu, L]` (well conditioned, unlike monomials) and the zeros of :math:`p_n'` are
    the eigenvalues of its colleague matrix (``numpy.polynomial.chebyshev.chebroots``).
    The real part of every eigenvalue inside the interval is kept as a candidate (so a
    pair of nearly real roots cannot be lost) and polished by Newton steps on
    :math:`p_n'` (three-term recurrences for :math:`p_n, p_n', p_n''`). :math:`p_n` is then
    evaluated at every candidate and at both endpoints by the closed form of
    :func:`at_rest_polynomial` (relative error about :math:`n u`; the recurrence's grows
    like :math:`n^2 u` near a Jordan block). Each candidate is a real point of
    :math:`[\mu, L]`, so the result never exceeds the true maximum by more than rounding,
    and a location error :math:`\delta` of the true maximiser costs only
    :math:`O(\delta^2)`. Cost: :math:`O(n^3)` for the eigenvalues (about a second at
    :math:`n = 1000`).

    Parameters
    ----------
    alpha, beta : float
        Step size and momentum, ``beta >= 0``.
    mu, L : float
        Spectrum, :math:`0 < \mu \le L`.
    n : int
        Number of steps, ``n >= 0``.

    Returns
    -------
    WorstCaseError
        ``value`` is :math:`W_n` (``inf`` if it overflows a double).

    Raises
    ------
    ValueError
        If ``mu <= 0``, ``mu > L``, ``beta < 0``, an argument is not a finite scalar, or
        ``n`` is not a non-negative integer.

    Examples
    --------
    >>> from momentum_theory import optimal_parameters
    >>> from momentum_theory.transients import worst_case_error
    >>> opt = optimal_parameters(1.0, 100.0)
    >>> worst = worst_case_error(opt.alpha, opt.beta, 1.0, 100.0, 20)
    >>> round(worst.value, 6), worst.h_worst  # the worst quadratic has h = L
    (0.455923, 100.0)
    >>> round(worst.per_step_rate, 4), round(worst.asymptotic_rate, 4)  # transient cost
    (0.9806, 0.8182)
    """
    values = {
        name: _scalar(value, name)
        for name, value in (("alpha", alpha), ("beta", beta), ("mu", mu), ("L", L))
    }
    for name, value in values.items():
        require(np.isfinite(value), name, "finite", value)
    a, b, lower, upper = values.values()
    require(b >= 0, "beta", "non-negative (beta >= 0)", b)
    require(lower > 0, "mu", "positive", lower)
    require(lower <= upper, "mu", "at most L", lower)
    n = _non_negative_int(n, "n")
    candidates = np.array([lower, upper])
    if n >= 2 and upper > lower:
        from numpy.polynomial import chebyshev

        with np.errstate(over="ignore", invalid="ignore"):
            derivative = chebyshev.chebder(_chebyshev_coefficients(a, b, lower, upper, n))
            scale = np.max(np.abs(derivative))
            if np.isfinite(scale) and scale > 0:
                # Trailing coefficients below rounding level would make the colleague
                # matrix overflow; dropping them moves the roots only slightly, and
                # Newton's method on the untruncated p_n' then polishes them.
                derivative = chebyshev.chebtrim(derivative / scale, _TRIM)
                roots = chebyshev.chebroots(derivative).real
                inside = roots[(roots > -1) & (roots < 1)]
                interior = 0.5 * (lower + upper) + 0.5 * (upper - lower) * inside
                candidates = np.concatenate([candidates, _polish(a, b, lower, upper, n, interior)])
    with np.errstate(over="ignore", invalid="ignore"):
        squares = at_rest_polynomial(a, b, candidates, n) ** 2
    squares = np.where(np.isnan(squares), np.inf, squares)
    best = int(np.argmax(squares))
    return WorstCaseError(
        **values,
        n=n,
        value=float(squares[best]),
        h_worst=float(candidates[best]),
        candidates=int(candidates.size),
        asymptotic_rate=float(worst_case_rate(a, b, lower, upper)),
    )


def _polish(
    alpha: float, beta: float, lower: float, upper: float, n: int, h: Array, steps: int = 3
) -> Array:
    """Newton steps on p_n' = 0, keeping a step only if it stays inside and raises |p_n|."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for _ in range(steps):
            value, slope, curvature = _recurrence(alpha, beta, h, n)
            proposal = h - slope / curvature
            better = (
                np.isfinite(proposal)
                & (proposal >= lower)
                & (proposal <= upper)
                & (np.abs(_recurrence(alpha, beta, proposal, n)[0]) >= np.abs(value))
            )
            h = np.where(better, proposal, h)
    return h
