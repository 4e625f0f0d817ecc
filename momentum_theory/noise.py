r"""Gradient noise on quadratics: the stationary variance of a stable linear system.

With noisy gradients :math:`g_t = \nabla f(y_t) + \sigma \xi_t` (:math:`\xi_t` i.i.d.
standard normal, one draw per gradient evaluation), every method of
:mod:`momentum_theory.methods` on :math:`f(x) = h x^2/2` is a linear system driven by
noise,

.. math::

    s_{t+1} = C s_t + \sigma b\, \xi_t,

with the state matrix :math:`C` of the method and its noise input :math:`b` (both derived
from the method's own update rule: :mod:`momentum_theory.methods.noise`). Where
:math:`\rho(C) < 1` the state has a stationary distribution, centred at the minimiser,
whose covariance :math:`P` solves the discrete Lyapunov equation

.. math::

    P = C P C^\top + \sigma^2 b b^\top .

This module holds the kernels, which broadcast over arrays like those of
:mod:`momentum_theory.family`:

- :func:`stationary_covariance`: :math:`P` for a batch of :math:`2 \times 2` systems, by an
  exact solve of the three linear equations for :math:`p_{11}, p_{12}, p_{22}`;
- :func:`arma_variance`: the variance of the iterate in closed form. Eliminating the
  second state component leaves :math:`x_{t+1} = T x_t - D x_{t-1} + \sigma(c_0 \xi_t +
  c_1 \xi_{t-1})` with :math:`T = \operatorname{tr} C`, :math:`D = \det C`,
  :math:`c_0 = b_1`, :math:`c_1 = C_{12} b_2 - C_{22} b_1`, and (derived with SymPy in
  :mod:`momentum_theory.methods.noise_derivation`)

  .. math::

      \operatorname{Var} x = \sigma^2\,
      \frac{(1 + D)(c_0^2 + c_1^2) + 2 T c_0 c_1}{(1 - D)(1 + D - T)(1 + D + T)};

- :func:`family_variance`: the same for the two-step family of Lessard, Recht and Packard
  (:math:`c_0 = -\alpha`, :math:`c_1 = 0`, and :math:`1 + D - T = \alpha h`, so no
  digits are lost for small steps),

  .. math::

      \operatorname{Var} x = \frac{\alpha \sigma^2 (1 + D)}
      {h (1 - D)\,(2(1 + \beta) - \alpha h (1 + 2\gamma))}, \qquad D = \beta - \alpha h\gamma,

  which for heavy ball (:math:`\gamma = 0`) is
  :math:`\alpha\sigma^2(1+\beta)/(h(1-\beta)(2(1+\beta) - \alpha h))`;
- :func:`heavy_ball_small_step_gap`: heavy ball against gradient descent with the effective
  step :math:`\alpha/(1-\beta)`, exactly and to second order in :math:`\alpha h`.

All return ``inf`` outside the region of convergence (where no stationary distribution
exists) and NaN where an input is NaN.

Examples
--------
>>> from momentum_theory import noise
>>> float(noise.family_variance(0.1, 0.0, 1.0))  # gradient descent: alpha/(h(2 - alpha h))
0.05263157894736842
>>> float(noise.family_variance(0.1, 0.5, 1.0))
0.1034482758620690
>>> float(noise.family_variance(1.0, 0.5, 4.0))  # outside the region: alpha h > 2(1 + beta)
inf
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_real_array, broadcast_shape, require

Array = NDArray[np.float64]

__all__ = [
    "arma_variance",
    "family_variance",
    "heavy_ball_small_step_gap",
    "stable",
    "stationary_covariance",
]


def _result(values: Array) -> Array:
    """A NumPy scalar for 0-d results, as the spectral kernels return."""
    return values[()] if values.ndim == 0 else values


def _sigma(sigma: ArrayLike) -> Array:
    sigma_ = as_real_array(sigma, "sigma")
    require(sigma_ >= 0, "sigma", "non-negative", sigma_)
    return sigma_


def stable(trace: ArrayLike, determinant: ArrayLike) -> NDArray[np.bool_]:
    r"""Whether :math:`\lambda^2 - T\lambda + D` has both roots inside the unit circle.

    Schur--Cohn (Jury) for a real quadratic: :math:`|D| < 1` and :math:`|T| < 1 + D`.

    Examples
    --------
    >>> from momentum_theory.noise import stable
    >>> stable([1.5, 1.5], [0.6, 0.4]).tolist()
    [True, False]
    """
    T, D = as_real_array(trace, "trace"), as_real_array(determinant, "determinant")
    return _result(np.asarray((np.abs(D) < 1) & (np.abs(T) < 1 + D)))


def stationary_covariance(
    transition: ArrayLike, noise_input: ArrayLike, sigma: ArrayLike = 1.0
) -> Array:
    r"""Stationary covariance :math:`P = C P C^\top + \sigma^2 B B^\top` of a batch of
    :math:`2 \times 2` systems :math:`s_{t+1} = C s_t + \sigma B \xi_t`.

    Parameters
    ----------
    transition : array_like, shape (..., 2, 2)
        The state matrices :math:`C`.
    noise_input : array_like, shape (..., 2) or (..., 2, k)
        The noise inputs: one column per independent standard normal draw per step.
    sigma : array_like, shape (...), default 1
        Noise standard deviation, non-negative.

    Returns
    -------
    ndarray, shape (..., 2, 2)
        :math:`P`; ``inf`` everywhere in a system with :math:`\rho(C) \ge 1`
        (:func:`stable`), where no stationary distribution exists.

    Notes
    -----
    The unknowns :math:`(p_{11}, p_{12}, p_{22})` of the symmetric :math:`P` satisfy
    three linear equations, :math:`(I - M)\,p = q` with :math:`q` the entries of
    :math:`\sigma^2 B B^\top`; they are solved by Cramer's rule, elementwise, so the
    batch costs a few dozen array operations. :math:`\det(I - M) =
    (1 - D)(1 + D - T)(1 + D + T)` vanishes only on the boundary of the region, and the
    relative rounding error grows like :math:`\epsilon / \det(I - M)` near it (for small
    steps :math:`1 + D - T \approx \alpha h`). ``tests/test_noise.py`` checks the result
    against :func:`scipy.linalg.solve_discrete_lyapunov`.

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.noise import stationary_covariance
    >>> C = np.array([[1.5 - 0.1, -0.5], [1.0, 0.0]])  # heavy ball, alpha h = 0.1, beta = 0.5
    >>> stationary_covariance(C, [-0.1, 0.0])
    array([[0.10344828, 0.09655172],
           [0.09655172, 0.10344828]])
    """
    C = as_real_array(transition, "transition")
    B = as_real_array(noise_input, "noise_input")
    if C.shape[-2:] != (2, 2) or C.ndim < 2:
        raise ValueError(f"transition must have shape (..., 2, 2), got {C.shape}")
    if B.ndim >= 1 and B.shape[-1] == 2 and (B.ndim == 1 or B.shape[-2] != 2):
        B = B[..., np.newaxis]  # (..., 2): one draw per step
    if B.ndim < 2 or B.shape[-2] != 2:
        raise ValueError(f"noise_input must have shape (..., 2) or (..., 2, k), got {B.shape}")
    sigma_ = _sigma(sigma)
    broadcast_shape(transition=C[..., 0, 0], noise_input=B[..., 0, 0], sigma=sigma_)
    Q = sigma_[..., np.newaxis, np.newaxis] ** 2 * (B @ np.swapaxes(B, -1, -2))
    c11, c12, c21, c22 = C[..., 0, 0], C[..., 0, 1], C[..., 1, 0], C[..., 1, 1]
    q1, q2, q3 = Q[..., 0, 0], Q[..., 0, 1], Q[..., 1, 1]
    # (I - M) p = q for p = (p11, p12, p22), from P - C P C^T = Q entrywise.
    matrix = (
        (1 - c11 * c11, -2 * c11 * c12, -c12 * c12),
        (-c11 * c21, 1 - (c11 * c22 + c12 * c21), -c12 * c22),
        (-c21 * c21, -2 * c21 * c22, 1 - c22 * c22),
    )
    q = (q1, q2, q3)
    with np.errstate(all="ignore"):
        determinant = _det3(matrix)
        p11, p12, p22 = (
            _det3(
                tuple(tuple(q[i] if j == k else matrix[i][j] for j in range(3)) for i in range(3))
            )
            / determinant
            for k in range(3)
        )
    p11, p12, p22 = np.broadcast_arrays(p11, p12, p22)
    P = np.stack([np.stack([p11, p12], -1), np.stack([p12, p22], -1)], -2)
    inside = np.asarray(stable(c11 + c22, c11 * c22 - c12 * c21))
    shape = np.broadcast_shapes(P.shape[:-2], inside.shape)
    P = np.broadcast_to(P, (*shape, 2, 2)).copy()
    inside = np.broadcast_to(inside, shape)
    nan = np.isnan(P).any(axis=(-2, -1))
    P[~inside & ~nan] = np.inf
    return P


def _det3(m: tuple[tuple[Array, ...], ...]) -> Array:
    """Determinant of a 3 x 3 matrix of arrays, by cofactors along the first row."""
    return (
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    )


def arma_variance(
    trace: ArrayLike,
    determinant: ArrayLike,
    c0: ArrayLike,
    c1: ArrayLike = 0.0,
    sigma: ArrayLike = 1.0,
) -> Array:
    r"""Stationary variance of :math:`x_{t+1} = T x_t - D x_{t-1} + \sigma(c_0\xi_t +
    c_1\xi_{t-1})`, in closed form.

    .. math::

        \operatorname{Var} x = \sigma^2\,
        \frac{(1 + D)(c_0^2 + c_1^2) + 2 T c_0 c_1}{(1 - D)(1 + D - T)(1 + D + T)}

    (SymPy's solution of the Lyapunov equation,
    :func:`momentum_theory.methods.noise_derivation.arma_variance_formula`).

    Parameters
    ----------
    trace, determinant : array_like, shape (...)
        :math:`T` and :math:`D` of the characteristic polynomial
        :math:`\lambda^2 - T\lambda + D`.
    c0, c1 : array_like, shape (...)
        The moving-average coefficients of the noise.
    sigma : array_like, shape (...), default 1
        Noise standard deviation, non-negative.

    Returns
    -------
    ndarray, shape (...)
        The variance; ``inf`` where the recursion is not stable (:func:`stable`).

    Examples
    --------
    >>> from momentum_theory.noise import arma_variance
    >>> float(arma_variance(0.9, 0.0, -0.1))  # gradient descent, alpha h = 0.1: 0.01/(1 - 0.81)
    0.052631578947368
    """
    T, D = as_real_array(trace, "trace"), as_real_array(determinant, "determinant")
    c0_, c1_ = as_real_array(c0, "c0"), as_real_array(c1, "c1")
    sigma_ = _sigma(sigma)
    broadcast_shape(trace=T, determinant=D, c0=c0_, c1=c1_, sigma=sigma_)
    with np.errstate(all="ignore"):
        numerator = (1 + D) * (c0_**2 + c1_**2) + 2 * T * c0_ * c1_
        value = sigma_**2 * numerator / ((1 - D) * (1 + D - T) * (1 + D + T))
    return _result(np.where(np.asarray(stable(T, D)) | np.isnan(value), value, np.inf))


def family_variance(
    alpha: ArrayLike,
    beta: ArrayLike,
    h: ArrayLike,
    sigma: ArrayLike = 1.0,
    gamma: ArrayLike = 0.0,
    c1: ArrayLike = 0.0,
) -> Array:
    r"""Stationary variance of the two-step family driven by gradient noise, in closed form.

    The family :math:`x_{t+1} = x_t + \beta(x_t - x_{t-1}) - \alpha g_t`,
    :math:`g_t = h y_t + \sigma\xi_t`, :math:`y_t = x_t + \gamma(x_t - x_{t-1})`, on
    :math:`f(x) = h x^2/2`:

    .. math::

        \operatorname{Var} x = \frac{\alpha \sigma^2 (1 + D)}
        {h (1 - D)\,(2(1 + \beta) - \alpha h (1 + 2\gamma))}, \qquad
        D = \beta - \alpha h\gamma,

    which is :func:`arma_variance` with :math:`c_0 = -\alpha`, :math:`c_1 = 0` and the
    factor :math:`1 + D - T = \alpha h` cancelled (derived in
    :func:`momentum_theory.methods.noise_derivation.family_variance_formula`). Gradient
    descent (:math:`\beta = \gamma = 0`): :math:`\alpha\sigma^2/(h(2 - \alpha h))`; heavy
    ball (:math:`\gamma = 0`): :math:`\alpha\sigma^2(1 + \beta)/(h(1 - \beta)
    (2(1 + \beta) - \alpha h))`; Nesterov: :math:`\gamma = \beta`.

    A method whose noise also enters one step late (:math:`x_{t+1} = T x_t - D x_{t-1} +
    \sigma(c_0\xi_t + c_1\xi_{t-1})`, as QHM and PyTorch's Nesterov step) has
    :math:`c_0 + c_1 = -\alpha` all the same (a constant perturbation :math:`e` of the
    gradient moves the fixed point to :math:`-e/h`), and then

    .. math::

        \operatorname{Var} x = \sigma^2\,\frac{(1 + D)\alpha + 2 h c_1 (\alpha + c_1)}
        {h (1 - D)\,(2(1 + \beta) - \alpha h (1 + 2\gamma))} .

    Every factor is formed without cancellation, so small steps and momenta close to one
    keep their digits (unlike the Lyapunov solve, whose error grows like
    :math:`\epsilon/(\alpha h (1 - \beta))`).

    Parameters
    ----------
    alpha, beta, h : array_like, shape (...)
        The family's step size and momentum, and the curvature.
    sigma : array_like, shape (...), default 1
        Noise standard deviation, non-negative.
    gamma : array_like, shape (...), default 0
        Gradient extrapolation.
    c1 : array_like, shape (...), default 0
        The delayed noise coefficient :math:`c_1` (0 for the family's own noise).

    Returns
    -------
    ndarray, shape (...)
        ``inf`` outside the region of convergence (and where :math:`\alpha h = 0`: without
        a restoring force the variance grows without bound).

    Examples
    --------
    >>> from momentum_theory.noise import family_variance
    >>> float(family_variance(0.1, 0.81, 1.0))
    0.270633971291866
    >>> float(family_variance(0.1, 0.5, 1.0, gamma=0.5, c1=0.05))  # PyTorch's Nesterov
    0.1038961038961039
    """
    alpha_, beta_ = as_real_array(alpha, "alpha"), as_real_array(beta, "beta")
    h_, gamma_ = as_real_array(h, "h"), as_real_array(gamma, "gamma")
    c1_ = as_real_array(c1, "c1")
    sigma_ = _sigma(sigma)
    broadcast_shape(alpha=alpha_, beta=beta_, h=h_, sigma=sigma_, gamma=gamma_, c1=c1_)
    with np.errstate(all="ignore"):
        product = alpha_ * h_
        D = beta_ - product * gamma_
        upper = 2 * (1 + beta_) - product * (1 + 2 * gamma_)  # 1 + D + T
        lower = 1 - beta_ + product * gamma_  # 1 - D
        numerator = (1 + D) * alpha_ + 2 * h_ * c1_ * (alpha_ + c1_)
        value = sigma_**2 * numerator / (h_ * lower * upper)
        inside = (np.abs(D) < 1) & (product > 0) & (upper > 0)
    return _result(np.where(inside | np.isnan(value), value, np.inf))


def heavy_ball_small_step_gap(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike) -> Array:
    r"""Relative gap between heavy ball's stationary variance and gradient descent's at the
    effective step :math:`\alpha/(1 - \beta)`, exactly.

    With :math:`x = \alpha h`, the ratio of :func:`family_variance` at
    :math:`(\alpha, \beta)` and at :math:`(\alpha/(1-\beta), 0)` is
    :math:`(1 - x/(2(1-\beta)))/(1 - x/(2(1+\beta)))`, so

    .. math::

        \frac{V_{\mathrm{HB}}(\alpha, \beta)}{V_{\mathrm{GD}}(\alpha/(1-\beta))} - 1
        = -\frac{\beta x}{(1 - \beta^2)\,(1 - x/(2(1 + \beta)))}
        = -\frac{\beta x}{1 - \beta^2} - \frac{\beta x^2}{2(1 - \beta^2)(1 + \beta)}
          + O(x^3).

    The two agree to first order in :math:`\alpha h` (the small-step equivalence of
    Yuan, Ying and Sayed, JMLR 17, 2016): the relative gap is itself first order, so the
    variances differ at second order, heavy ball's being the smaller for
    :math:`0 < \beta < 1` (derived in
    :func:`momentum_theory.methods.noise_derivation.heavy_ball_second_order_gap`). NaN
    where either method has no stationary variance.

    Examples
    --------
    >>> from momentum_theory.noise import heavy_ball_small_step_gap
    >>> round(float(heavy_ball_small_step_gap(1e-4, 0.9, 1.0)), 8)  # about -0.9e-4/0.19
    -0.0004737
    """
    alpha_, beta_, h_ = (
        as_real_array(v, n) for v, n in ((alpha, "alpha"), (beta, "beta"), (h, "h"))
    )
    broadcast_shape(alpha=alpha_, beta=beta_, h=h_)
    with np.errstate(all="ignore"):
        x = alpha_ * h_
        gap = -beta_ * x / ((1 - beta_**2) * (1 - x / (2 * (1 + beta_))))
        heavy = family_variance(alpha_, beta_, h_)
        plain = family_variance(alpha_ / (1 - beta_), 0.0, h_)
    return _result(np.where(np.isfinite(heavy) & np.isfinite(plain), gap, np.nan))
