r"""Powers of the heavy-ball companion matrix in closed form: :math:`A^t` and :math:`\|A^t\|_2`.

With :math:`T = 1 + \beta - \alpha h`, Cayley--Hamilton gives :math:`A^2 = T A - \beta I`,
so for :math:`t \ge 1`

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
in double-double arithmetic from the exact inputs.

**Accuracy.** Against :math:`\|A^t\|_2` of the matrix built exactly from the given doubles
(mpmath at 50 digits), the relative error is about :math:`(t + 1)u`, :math:`u = 2^{-53}`:
the factor :math:`\rho^{t-1}` alone amplifies the rounding of :math:`\rho` that much.
There is no recurrence whose errors could build up (near a Jordan block those grow like
:math:`t^2 u`), and no overflow from repeated multiplication: :math:`\rho^{t-1}` under- or
overflows only when the true value does.

Only :math:`\beta \ge 0` is supported here (then both real roots have the same sign),
and :math:`|1 + \beta - \alpha h|`, :math:`\beta` below :math:`10^{150}` (so that
:math:`T^2` cannot overflow).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_integer, as_real_array, broadcast_shape, require

Array = NDArray[np.float64]

__all__ = ["at_rest_polynomial", "power_norms"]

# Above this ratio r = lambda_2/lambda_1, 1 - r**k is formed from 1 - r (no cancellation).
_SMALL_RATIO = 0.5


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
    # T = 1 + beta - alpha h and Q = T^2/4 - beta, both correctly rounded to about u^2.
    from momentum_theory._kernels import half_trace_discriminant

    with np.errstate(over="ignore", invalid="ignore"):
        half_trace, quarter = half_trace_discriminant(a, b, c, 0.0)
    # T^2 overflows beyond about 1e150: refuse rather than return NaN.
    magnitude = np.where(np.isnan(half_trace), np.inf, 2.0 * np.abs(half_trace))
    require(magnitude < 1e150, "1 + beta - alpha h", "below 1e150 in magnitude", magnitude)
    require(b < 1e150, "beta", "below 1e150", b)
    complex_pair = quarter < 0
    root = np.sqrt(np.abs(quarter))
    abs_half_trace = np.abs(half_trace)
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
        negative=half_trace < 0,
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


def _normalised_norms(structure: _Structure, steps: int) -> Array:
    r""":math:`\|N_t\|_2 = \|A^t\|_2 / \rho^{t-1}` for ``t = 1..steps`` (leading axis)."""
    s = structure
    sigma = _sigma(s, np.arange(steps + 2))
    # N_t = [[rho sigma_{t+1}, -beta sigma_t], [sigma_t, -rho_2 sigma_{t-1}]]
    a, b = s.rho * sigma[2:], -s.beta * sigma[1:-1]
    c, d = sigma[1:-1], -s.rho_2 * sigma[:-2]
    # Largest singular value of [[a, b], [c, d]] in closed form: a sum of non-negatives.
    return 0.5 * (np.hypot(a + d, b - c) + np.hypot(a - d, b + c))


def power_norms(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike, steps: int) -> Array:
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
    steps : int
        Last power :math:`n \ge 0`.

    Returns
    -------
    ndarray, shape (steps + 1, ...)
        ``norms[t]`` is :math:`\|A^t\|_2` (time on the first axis). Values below the
        smallest double underflow to 0, values above the largest overflow to ``inf``.

    Raises
    ------
    ValueError
        If ``beta < 0``, an input is not finite, :math:`|1 + \beta - \alpha h|` or
        :math:`\beta` exceeds :math:`10^{150}`, ``steps`` is not a non-negative integer,
        or the arguments do not broadcast.

    Examples
    --------
    >>> from momentum_theory.transients.powers import power_norms
    >>> power_norms(0.0, 0.0, 1.0, 3)  # A = [[1, 0], [1, 0]], A^t = A for t >= 1
    array([1.        , 1.41421356, 1.41421356, 1.41421356])
    >>> norms = power_norms(0.02, 0.9, 1.0, 60)  # complex pair, rho = sqrt(0.9)
    >>> round(float(norms.max()), 4), int(norms.argmax())
    (8.6337, 9)
    """
    steps = as_integer(steps, "steps", 0)
    structure = _structure(alpha, beta, h)
    norms = np.empty((steps + 1, *structure.rho.shape))
    norms[0] = 1.0
    if steps:
        t = np.arange(1, steps + 1).reshape((-1,) + (1,) * structure.rho.ndim)
        with np.errstate(over="ignore", under="ignore", invalid="ignore"):
            scale = np.power(structure.rho, t - 1.0)
            norms[1:] = scale * _normalised_norms(structure, steps)
    return norms


def at_rest_polynomial(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike, steps: int) -> Array:
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
    steps : int
        Number of steps :math:`n \ge 0`.

    Returns
    -------
    ndarray, shape (...)

    Examples
    --------
    >>> from momentum_theory.transients.powers import at_rest_polynomial
    >>> float(at_rest_polynomial(0.1, 0.5, 2.0, 1))  # p_1 = 1 - alpha h
    0.8
    >>> float(at_rest_polynomial(0.1, 0.5, 2.0, 2))  # (1.3)(0.8) - 0.5
    0.54
    """
    n = as_integer(steps, "steps", 0)
    structure = _structure(alpha, beta, h)
    if n == 0:
        return np.ones(structure.rho.shape)[()]
    sigma = _sigma(structure, np.array([n, n + 1]))
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        scale = np.power(structure.rho, n - 1.0)
        value = scale * (structure.rho * sigma[1] - structure.beta * sigma[0])
    return value[()]
