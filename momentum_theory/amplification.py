r"""The :math:`1/(1-\beta)` amplification (chapter section 5.3) and what it implies for rates.

With a constant gradient :math:`g`, the velocity :math:`v_{t+1} = \beta v_t + \alpha g`,
:math:`v_0 = 0`, is a geometric sum,

.. math::

    v_t = \alpha g \,(1 + \beta + \dots + \beta^{t-1})
        = \alpha g\, \frac{1 - \beta^t}{1 - \beta}
        \;\xrightarrow[t \to \infty]{}\; \frac{\alpha g}{1 - \beta}
        \qquad (|\beta| < 1),

so for :math:`0 \le \beta < 1` a run of consistent gradients moves up to
:math:`1/(1-\beta)` times as far per step as gradient descent with the same
:math:`\alpha` (tenfold at :math:`\beta = 0.9`). For :math:`0 < \beta < 1` the limit is
approached from below and never reached: the chapter's "peak of the update amplitude" is
a supremum, not a value attained at any step (at :math:`\beta = 0` it is reached at once,
:math:`v_1 = \alpha g`). For :math:`-1 < \beta < 0` the terms alternate in sign: the first
step :math:`\alpha g` already exceeds the limit :math:`\alpha g/(1-\beta) < \alpha g`,
and :math:`v_t` oscillates around it, above at odd :math:`t` and below at even
:math:`t`.

**Sign conventions.** Section 5.3 of the chapter (and its code, and PyTorch's buffer
:math:`b_{t+1} = \beta b_t + g_t`, step :math:`\mathrm{lr}\, b_{t+1}`) accumulates
:math:`+\alpha g` and subtracts the velocity; section 5.2.1 writes
:math:`v_{t+1} = \beta v_t - \alpha \nabla f(x_t)` and adds it, with
:math:`v_t = x_t - x_{t-1}`. The two velocities differ only in sign, so the magnitude
:math:`\alpha |g| (1 - \beta^t)/(1 - \beta)` is the same in both.

**Consequence on a quadratic.** For :math:`f(x) = h x^2/2` and small
:math:`x = \alpha h`, heavy ball with :math:`(\alpha, \beta)` converges at nearly the
rate of gradient descent with the *effective step* :math:`\alpha/(1-\beta)`
(:func:`compare_effective_step`); :func:`dominant_root_expansion` derives how the two
rates separate as :math:`\alpha h` grows.

SymPy is imported inside the symbolic functions only.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import (
    as_integer,
    as_real_array,
    as_scalar,
    broadcast_shape,
    require,
)
from momentum_theory.spectral import spectral_radius

if TYPE_CHECKING:
    import sympy

Array = NDArray[np.float64]

__all__ = [
    "DominantRootExpansion",
    "EffectiveStep",
    "VelocityAmplification",
    "VelocityClosedForm",
    "compare_effective_step",
    "dominant_root_expansion",
    "velocity_amplification",
    "velocity_closed_form",
]


@dataclass(frozen=True)
class VelocityClosedForm:
    r"""The velocity under a constant gradient, derived by SymPy.

    Attributes
    ----------
    partial_sum : sympy.Expr
        :math:`\sum_{k=0}^{t-1} \alpha g \beta^k = \alpha g (1 - \beta^t)/(1 - \beta)`
        (the branch :math:`\beta \ne 1` of SymPy's summation).
    limit : sympy.Expr
        :math:`\lim_{t\to\infty}` of it for :math:`0 < \beta < 1`:
        :math:`\alpha g/(1 - \beta)`.
    from_recursion : sympy.Expr
        The solution of :math:`v_{t+1} = \beta v_t + \alpha g`, :math:`v_0 = 0`, by
        ``sympy.rsolve``, an independent derivation of ``partial_sum``.
    recursion_agrees : bool
        Whether ``from_recursion - partial_sum`` simplifies to zero.
    alpha, beta, g, t : sympy.Symbol
        The symbols used.
    """

    partial_sum: sympy.Expr
    limit: sympy.Expr
    from_recursion: sympy.Expr
    recursion_agrees: bool
    alpha: sympy.Symbol
    beta: sympy.Symbol
    g: sympy.Symbol
    t: sympy.Symbol


def velocity_closed_form() -> VelocityClosedForm:
    r"""Sum :math:`v_t = \alpha g (1 + \beta + \dots + \beta^{t-1})` and its limit with SymPy.

    .. math::

        v_t = \sum_{k=0}^{t-1} \alpha g \beta^k = \alpha g\,\frac{1 - \beta^t}{1 - \beta},
        \qquad \lim_{t \to \infty} v_t = \frac{\alpha g}{1 - \beta}
        \quad (0 < \beta < 1).

    The sum is computed by ``sympy.summation``, checked against ``sympy.rsolve`` of the
    recursion, and the limit is taken with :math:`\beta = e^{-s}`, :math:`s > 0`, which
    tells SymPy that :math:`0 < \beta < 1`.

    Returns
    -------
    VelocityClosedForm

    Examples
    --------
    >>> from momentum_theory.amplification import velocity_closed_form
    >>> form = velocity_closed_form()
    >>> form.partial_sum
    alpha*g*(1 - beta**t)/(1 - beta)
    >>> form.limit
    -alpha*g/(beta - 1)
    >>> form.recursion_agrees
    True
    >>> form.limit.subs({form.alpha: 1, form.g: 1, form.beta: 0.9})  # tenfold
    10.0000000000000
    """
    import sympy as sp

    alpha, g, beta, s = sp.symbols("alpha g beta s", positive=True)
    t, k = sp.symbols("t k", integer=True, nonnegative=True)
    summed = sp.summation(beta**k, (k, 0, t - 1))
    # summation returns Piecewise((t, Eq(beta, 1)), ((1 - beta**t)/(1 - beta), True)).
    pieces = summed.args if isinstance(summed, sp.Piecewise) else ((summed, sp.true),)
    geometric = next(expr for expr, condition in pieces if condition == sp.true)
    partial_sum = alpha * g * geometric
    limit = sp.limit(partial_sum.subs(beta, sp.exp(-s)), t, sp.oo)
    limit = sp.simplify(limit.subs(s, -sp.log(beta)))
    v = sp.Function("v")
    from_recursion = sp.rsolve(v(t + 1) - beta * v(t) - alpha * g, v(t), {v(0): 0})
    agrees = sp.simplify(from_recursion - partial_sum) == 0
    return VelocityClosedForm(
        partial_sum=partial_sum,
        limit=limit,
        from_recursion=from_recursion,
        recursion_agrees=bool(agrees),
        alpha=alpha,
        beta=beta,
        g=g,
        t=t,
    )


@dataclass(frozen=True)
class VelocityAmplification:
    r"""Iterated velocity against its closed form, :math:`v_t/(\alpha g)`.

    Attributes
    ----------
    beta : ndarray, shape (m,)
        Momenta.
    t : ndarray, shape (n + 1,)
        Steps :math:`0, \dots, n`.
    measured : ndarray, shape (n + 1, m)
        :math:`v_t/(\alpha g)` from iterating :math:`v_{t+1} = \beta v_t + \alpha g`.
    predicted : ndarray, shape (n + 1, m)
        :math:`(1 - \beta^t)/(1 - \beta)`.
    relative_error : ndarray, shape (n + 1, m)
        :math:`|\text{measured} - \text{predicted}|/\text{predicted}` (0 at :math:`t = 0`,
        where both are 0).
    limit : ndarray, shape (m,)
        :math:`1/(1 - \beta)`.
    alpha, g : float
        Step size and the constant gradient used in the iteration.
    """

    beta: Array
    t: NDArray[np.int64]
    measured: Array
    predicted: Array
    relative_error: Array
    limit: Array
    alpha: float
    g: float


def velocity_amplification(
    beta: ArrayLike, steps: int, alpha: float = 1.0, g: float = 1.0
) -> VelocityAmplification:
    r"""Iterate the velocity under a constant gradient; compare with :math:`(1-\beta^t)/(1-\beta)`.

    Runs :math:`v_0 = 0`, :math:`v_{t+1} = \beta v_t + \alpha g` for every
    :math:`\beta` at once, in floating point, and reports :math:`v_t/(\alpha g)` next to
    the closed form. The forward recursion is stable: its relative error stays below
    about :math:`2u/(1 - \beta)`.

    Parameters
    ----------
    beta : array_like, shape (m,) or scalar
        Momenta, :math:`-1 < \beta < 1`.
    steps : int
        Number of steps :math:`n \ge 0`.
    alpha, g : float
        Step size and gradient, non-zero and finite; the ratio :math:`v_t/(\alpha g)`
        does not depend on them.

    Returns
    -------
    VelocityAmplification

    Raises
    ------
    ValueError
        If some ``beta`` is outside :math:`(-1, 1)`, ``alpha g`` is zero or not finite,
        or ``steps`` is not a non-negative integer.

    Notes
    -----
    The closed form is evaluated as :math:`-\mathrm{expm1}(t\,\mathrm{log1p}(\beta - 1))
    / (1 - \beta)` for :math:`\beta \ge 1/2` (where :math:`\beta - 1` is exact and
    :math:`1 - \beta^t` would cancel), and directly otherwise.

    Examples
    --------
    >>> from momentum_theory.amplification import velocity_amplification
    >>> run = velocity_amplification([0.5, 0.9], steps=200, alpha=0.1, g=3.0)
    >>> run.measured[:4, 1]  # 1, 1 + 0.9, 1 + 0.9 + 0.81
    array([0.  , 1.  , 1.9 , 2.71])
    >>> run.limit, run.measured[-1].round(6)  # 10 (1 - 0.9**200) = 10 - 7e-9
    (array([ 2., 10.]), array([ 2., 10.]))
    >>> bool(run.relative_error.max() < 1e-14)
    True
    """
    beta_ = np.atleast_1d(as_real_array(beta, "beta"))
    if beta_.ndim != 1:
        raise ValueError(f"beta must be a scalar or one-dimensional, got shape {beta_.shape}")
    require((beta_ > -1) & (beta_ < 1), "beta", "in (-1, 1)", beta_)
    steps = as_integer(steps, "steps", 0)
    alpha_, g_ = as_scalar(alpha, "alpha"), as_scalar(g, "g")
    scale = alpha_ * g_
    require(np.isfinite(scale) and scale != 0, "alpha g", "non-zero and finite", scale)

    velocity = np.zeros((steps + 1, beta_.size))
    for step in range(steps):
        velocity[step + 1] = beta_ * velocity[step] + scale
    t = np.arange(steps + 1)
    predicted = _geometric_sum(beta_, t[:, np.newaxis])
    measured = velocity / scale
    with np.errstate(invalid="ignore", divide="ignore"):
        relative_error = np.where(
            predicted != 0, np.abs(measured - predicted) / np.abs(predicted), np.abs(measured)
        )
    return VelocityAmplification(
        beta=beta_,
        t=t,
        measured=measured,
        predicted=predicted,
        relative_error=relative_error,
        limit=1.0 / (1.0 - beta_),
        alpha=alpha_,
        g=g_,
    )


def _geometric_sum(beta: Array, t: NDArray[np.int64]) -> Array:
    r""":math:`(1 - \beta^t)/(1 - \beta)` without cancellation."""
    with np.errstate(divide="ignore", invalid="ignore"):
        near_one = -np.expm1(t * np.log1p(beta - 1.0)) / (1.0 - beta)
        direct = (1.0 - beta**t) / (1.0 - beta)
    return np.where(beta >= 0.5, near_one, direct)


@dataclass(frozen=True)
class DominantRootExpansion:
    r"""Series of the heavy-ball root near 1 in :math:`x = \alpha h`, derived by SymPy.

    Attributes
    ----------
    coefficients : tuple of sympy.Expr
        :math:`c_1, \dots, c_m` with :math:`\lambda_1 = 1 + \sum_k c_k x^k + O(x^{m+1})`;
        :math:`c_1 = -1/(1-\beta)` is gradient descent with step :math:`\alpha/(1-\beta)`.
    series : sympy.Expr
        :math:`1 + \sum_k c_k x^k`.
    speed_ratio : tuple of sympy.Expr
        :math:`d_1, d_2` in :math:`\log\lambda_1 / \log(1 - x/(1-\beta)) =
        1 + d_1 x + d_2 x^2 + O(x^3)`: how many times fewer steps heavy ball needs.
    x, beta : sympy.Symbol
        The symbols.
    """

    coefficients: tuple[sympy.Expr, ...]
    series: sympy.Expr
    speed_ratio: tuple[sympy.Expr, ...]
    x: sympy.Symbol
    beta: sympy.Symbol


def dominant_root_expansion(order: int = 3) -> DominantRootExpansion:
    r"""Series in :math:`x = \alpha h` of the heavy-ball eigenvalue near 1 (the slow mode).

    At :math:`x = \alpha h = 0` the roots are :math:`1` and :math:`\beta`; the one near 1
    (the slow mode, the rate for small :math:`x`) is found order by order from
    :math:`\lambda = 1 + \sum_k c_k x^k` (undetermined coefficients):

    .. math::

        \lambda_1 = 1 - \frac{x}{1-\beta} - \frac{\beta x^2}{(1-\beta)^3}
                    - \frac{\beta(1+\beta) x^3}{(1-\beta)^5} + O(x^4).

    Gradient descent with step :math:`\alpha/(1-\beta)` has rate
    :math:`1 - x/(1-\beta)`: the first-order terms agree, and heavy ball is faster by
    :math:`\beta x^2/(1-\beta)^3`. In iterations,
    :math:`\log\lambda_1/\log(1 - x/(1-\beta)) = 1 + \beta x/(1-\beta)^2 + O(x^2)`, so
    the two agree to 1% only while :math:`x \lesssim 0.01(1-\beta)^2/\beta`. The series
    converges for :math:`x < (1 - \sqrt\beta)^2`, the critical-damping point; beyond it
    the roots are complex, :math:`\rho = \sqrt\beta` no longer improves with
    :math:`x`, and the equivalence fails.

    Parameters
    ----------
    order : int, default 3
        Number of coefficients, ``order >= 2``.

    Returns
    -------
    DominantRootExpansion

    Examples
    --------
    >>> from momentum_theory.amplification import dominant_root_expansion
    >>> expansion = dominant_root_expansion(3)
    >>> expansion.coefficients  # SymPy writes (beta - 1): all are negative for beta < 1
    (1/(beta - 1), beta/(beta - 1)**3, beta*(beta + 1)/(beta - 1)**5)
    >>> expansion.speed_ratio
    (beta/(beta - 1)**2, beta*(beta + 3)/(2*(beta - 1)**4))
    """
    order = as_integer(order, "order", 2)
    import sympy as sp

    x, beta = sp.symbols("x beta", positive=True)
    # The speed ratio's x^2 term needs c_1..c_3 whatever the order asked for.
    unknowns = sp.symbols(f"c1:{max(order, 3) + 1}")
    root = 1 + sum(c * x ** (k + 1) for k, c in enumerate(unknowns))
    residual = sp.expand(root**2 - (1 + beta - x) * root + beta)
    solved: dict[sp.Symbol, sp.Expr] = {}
    for k, unknown in enumerate(unknowns, start=1):
        # The x^k coefficient is linear in c_k once c_1..c_{k-1} are known.
        equation = residual.coeff(x, k).subs(solved)
        solved[unknown] = sp.factor(sp.solve(equation, unknown)[0])
    every = [solved[c] for c in unknowns]
    speed = _log_ratio_series(
        sum(c * x ** (k + 1) for k, c in enumerate(every)), -x / (1 - beta), x
    )
    coefficients = tuple(every[:order])
    series = 1 + sum(c * x ** (k + 1) for k, c in enumerate(coefficients))
    return DominantRootExpansion(
        coefficients=coefficients, series=series, speed_ratio=speed, x=x, beta=beta
    )


def _log_ratio_series(u: sympy.Expr, w: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, ...]:
    r""":math:`d_1, d_2` of :math:`\log(1 + u)/\log(1 + w) = 1 + d_1 x + d_2 x^2 + O(x^3)`.

    ``u`` and ``w`` vanish at :math:`x = 0` with the same first-order term; truncated
    power series of the logarithms keep SymPy's work small.
    """
    import sympy as sp

    def log_series(v: sp.Expr) -> list[sp.Expr]:  # log(1 + v) / x through x^2
        expanded = sp.expand(sum((-1) ** (j + 1) * v**j / j for j in range(1, 4)))
        return [expanded.coeff(x, k) for k in range(1, 4)]

    n, d = log_series(u), log_series(w)
    # Long division of the truncated series n / d.
    q0 = sp.simplify(n[0] / d[0])
    q1 = sp.simplify((n[1] - q0 * d[1]) / d[0])
    q2 = sp.simplify((n[2] - q0 * d[2] - q1 * d[1]) / d[0])
    if q0 != 1:
        raise ArithmeticError("the two rates must agree to first order")
    return sp.factor(q1), sp.factor(q2)


@dataclass(frozen=True)
class EffectiveStep:
    r"""Heavy ball :math:`(\alpha, \beta)` against gradient descent, step :math:`\alpha/(1-\beta)`.

    Attributes
    ----------
    alpha, beta, h : ndarray, shape (...)
        The parameters, broadcast together.
    product : ndarray, shape (...)
        :math:`x = \alpha h`.
    measured : ndarray, shape (...)
        Heavy ball's exact rate :math:`\rho(A)` (:func:`~momentum_theory.spectral_radius`).
    gradient_descent_rate : ndarray, shape (...)
        :math:`|1 - x/(1-\beta)|`, the rate of gradient descent with the effective step.
    predicted : ndarray, shape (...)
        The second-order prediction :math:`1 - x/(1-\beta) - \beta x^2/(1-\beta)^3`.
    relative_error : ndarray, shape (...)
        :math:`|\text{predicted} - \text{measured}|/\text{measured}`, :math:`O(x^3)`.
    speed_ratio : ndarray, shape (...)
        :math:`\log\rho_\text{HB}/\log\rho_\text{GD}`: gradient descent needs this many
        times as many steps for the same accuracy (1 means equivalent).
    critical_product : ndarray, shape (...)
        :math:`(1 - \sqrt\beta)^2`: for :math:`x` beyond it heavy ball's roots are complex
        and the small-:math:`x` picture no longer applies.
    """

    alpha: Array
    beta: Array
    h: Array
    product: Array
    measured: Array
    gradient_descent_rate: Array
    predicted: Array
    relative_error: Array
    speed_ratio: Array
    critical_product: Array


def compare_effective_step(alpha: ArrayLike, beta: ArrayLike, h: ArrayLike) -> EffectiveStep:
    r"""For small :math:`\alpha h`, heavy ball runs like GD with step :math:`\alpha/(1-\beta)`.

    With :math:`x = \alpha h`, the exact heavy-ball rate is compared with gradient
    descent's :math:`|1 - x/(1-\beta)|` and with the expansion of
    :func:`dominant_root_expansion`,

    .. math::

        \rho_\text{HB} = 1 - \frac{x}{1-\beta} - \frac{\beta x^2}{(1-\beta)^3} + O(x^3),
        \qquad
        \frac{\log\rho_\text{HB}}{\log\rho_\text{GD}} = 1 + \frac{\beta x}{(1-\beta)^2}
        + O(x^2),

    valid for :math:`x < (1 - \sqrt\beta)^2`. So the effective-step picture holds to a
    relative difference in speed of about :math:`\beta x/(1-\beta)^2`; at
    :math:`\beta = 0.9` that is :math:`90x`, i.e. 1% at :math:`\alpha h \approx 1.1
    \times 10^{-4}`, and the picture breaks down entirely at the critical point
    :math:`\alpha h = (1 - \sqrt{0.9})^2 \approx 2.6 \times 10^{-3}`.

    Parameters
    ----------
    alpha, beta, h : array_like, shape (...)
        Step size (> 0), momentum (:math:`0 \le \beta < 1`) and curvature (> 0).

    Returns
    -------
    EffectiveStep

    Raises
    ------
    ValueError
        If an argument is out of range or they do not broadcast.

    Examples
    --------
    >>> from momentum_theory.amplification import compare_effective_step
    >>> rates = compare_effective_step(1e-4, 0.9, [1.0, 10.0])
    >>> rates.measured.round(6), rates.gradient_descent_rate.round(6)
    (array([0.998991, 0.988873]), array([0.999, 0.99 ]))
    >>> rates.speed_ratio.round(4)  # GD needs 0.9% more steps at alpha h = 1e-4, 11% at 1e-3
    array([1.0092, 1.1133])
    """
    arrays = {
        name: as_real_array(value, name)
        for name, value in (("alpha", alpha), ("beta", beta), ("h", h))
    }
    shape = broadcast_shape(**arrays)
    a, b, c = (np.broadcast_to(v, shape) for v in arrays.values())
    require(a > 0, "alpha", "positive", a)
    require((b >= 0) & (b < 1), "beta", "in [0, 1)", b)
    require(c > 0, "h", "positive", c)
    x = a * c
    measured = spectral_radius(a, b, c)
    one_minus_beta = 1.0 - b
    gradient_descent = np.abs(1.0 - x / one_minus_beta)
    predicted = 1.0 - x / one_minus_beta - b * x**2 / one_minus_beta**3
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.log(measured) / np.log(gradient_descent)
    return EffectiveStep(
        alpha=a[()],
        beta=b[()],
        h=c[()],
        product=x[()],
        measured=measured,
        gradient_descent_rate=gradient_descent[()],
        predicted=predicted[()],
        relative_error=(np.abs(predicted - measured) / measured)[()],
        speed_ratio=speed[()],
        critical_product=((1.0 - np.sqrt(b)) ** 2)[()],
    )


def __getattr__(name: str) -> Any:
    # Deprecated for one release: the figure's settings live in experiments.amplification.
    if name == "FIGURE_SETTINGS":
        import warnings

        from momentum_theory.paper import amplification as experiment

        warnings.warn(
            "momentum_theory.amplification.FIGURE_SETTINGS is deprecated: the figure's "
            "settings are in momentum_theory.experiments.amplification",
            DeprecationWarning,
            stacklevel=2,
        )
        return MappingProxyType(
            {"beta": experiment.FIGURE_MOMENTA, "steps": experiment.FIGURE_STEPS}
        )
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
