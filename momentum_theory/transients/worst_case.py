r"""The exact finite-horizon worst case of heavy ball over a spectrum :math:`[\mu, L]`.

The asymptotic rate :func:`~momentum_theory.worst_case_rate` says how fast the error
shrinks eventually; after a given number of steps :math:`n` it can still be much larger
than :math:`\rho^n`. Started at rest (:math:`x_{-1} = x_0`) on
:math:`f(x) = \tfrac12 (x - x^*)^\top Q (x - x^*)`, each eigen-coordinate of
:math:`x_n - x^*` is that of :math:`x_0 - x^*` times :math:`p_n(h_i)`, the polynomial of
:func:`~momentum_theory.transients.powers.at_rest_polynomial`, so over every symmetric
:math:`Q` with spectrum in :math:`[\mu, L]` and every start

.. math::

    \sup \frac{\|x_n - x^*\|^2}{\|x_0 - x^*\|^2} = W_n
    = \max_{h \in [\mu, L]} p_n(h)^2,

attained by the one-dimensional :math:`f(x) = h^* (x - x^*)^2/2` at a maximiser
:math:`h^*`. :func:`worst_case_error` computes :math:`W_n` exactly (to rounding): the
maximum of :math:`p_n^2` is at an endpoint or at a zero of :math:`p_n'`, found from
:math:`p_n` in the Chebyshev basis of :math:`[\mu, L]`.

The whole two-step family (keyword ``gamma``, gradient at
:math:`y_t = x_t + \gamma (x_t - x_{t-1})`) has the same structure with
:math:`p_{k+1} = T(h) p_k - D(h) p_{k-1}`, :math:`T = 1 + \beta - \alpha h (1 + \gamma)`,
:math:`D = \beta - \alpha h \gamma`. With ``function_class="smooth_strongly_convex"`` the
worst case is taken over every :math:`\mu`-strongly convex, :math:`L`-smooth function
instead, through PEPit (:mod:`momentum_theory.beyond.function_class`, optional extra ``pep``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_finite_float, as_integer, as_spectrum, choice
from momentum_theory.family import worst_case_rate
from momentum_theory.transients.powers import at_rest_polynomial

if TYPE_CHECKING:
    from momentum_theory.beyond.function_class import FunctionClassWorstCase

Array = NDArray[np.float64]

__all__ = ["WorstCaseError", "chebyshev_optimum", "worst_case_error"]

# Relative size below which trailing Chebyshev coefficients of p_n' are dropped.
_TRIM = 1e-17


@dataclass(frozen=True)
class WorstCaseError:
    r"""Exact worst case of :math:`\|x_n - x^*\|^2 / \|x_0 - x^*\|^2` over a spectrum.

    Attributes
    ----------
    alpha, beta, mu, L : float
        The parameters and the spectrum :math:`[\mu, L]`.
    steps : int
        Number of steps :math:`n`.
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
    gamma : float
        The two-step family's gradient extrapolation (0 for heavy ball).
    function_class : str
        ``"quadratic"``.
    """

    alpha: float
    beta: float
    mu: float
    L: float
    steps: int
    value: float
    h_worst: float
    candidates: int
    asymptotic_rate: float
    gamma: float = 0.0
    function_class: str = "quadratic"

    @property
    def per_step_rate(self) -> float:
        r""":math:`W_n^{1/(2n)}`, the average contraction of :math:`\|x_t - x^*\|` per step."""
        return self.value ** (0.5 / self.steps) if self.steps else 1.0


def _recurrence(
    alpha: float, beta: float, h: Array, steps: int, gamma: float = 0.0
) -> tuple[Array, Array, Array]:
    r""":math:`p_n, p_n', p_n''` at the points ``h`` by the three-term recurrence."""
    p_old, p = np.ones_like(h), np.ones_like(h)
    d_old, d = np.zeros_like(h), np.zeros_like(h)
    c_old, c = np.zeros_like(h), np.zeros_like(h)
    trace = 1.0 + beta - alpha * h * (1.0 + gamma)
    determinant = beta - alpha * h * gamma
    slope, tilt = alpha * (1.0 + gamma), alpha * gamma  # -dT/dh, -dD/dh
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(steps):
            c_new = trace * c - 2 * slope * d - determinant * c_old
            d_new = trace * d - slope * p - determinant * d_old
            if gamma:  # D depends on h only when gamma != 0
                c_new, d_new = c_new + 2 * tilt * d_old, d_new + tilt * p_old
            c, c_old = c_new, c
            d, d_old = d_new, d
            p, p_old = trace * p - determinant * p_old, p
    return p, d, c


def _chebyshev_coefficients(
    alpha: float, beta: float, mu: float, L: float, steps: int, gamma: float = 0.0
) -> Array:
    r"""Coefficients of :math:`p_n(c + w u)` in the Chebyshev basis of :math:`u \in [-1, 1]`."""
    centre, half_width = 0.5 * (mu + L), 0.5 * (L - mu)
    # T = constant - slope u, D = offset - tilt u (tilt = 0 for heavy ball)
    constant = 1.0 + beta - alpha * centre * (1.0 + gamma)
    slope = alpha * half_width * (1.0 + gamma)
    offset, tilt = beta - alpha * centre * gamma, alpha * half_width * gamma
    n = steps
    p_old, p = np.zeros(n + 1), np.zeros(n + 1)
    p_old[0] = p[0] = 1.0

    def times_u(q: Array, degree: int) -> Array:
        """u q for q of degree ``degree``: u T_0 = T_1, u T_j = (T_{j+1} + T_{j-1})/2."""
        out = np.zeros(n + 1)
        out[1] = q[0]
        out[2 : degree + 2] += 0.5 * q[1 : degree + 1]
        out[:degree] += 0.5 * q[1 : degree + 1]
        return out

    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(n):  # p has degree k, p_old degree k - 1
            step = constant * p - slope * times_u(p, k) - offset * p_old
            if tilt:
                step = step + tilt * times_u(p_old, max(k - 1, 0))
            p, p_old = step, p
    return p


def worst_case_error(
    alpha: float,
    beta: float,
    *,
    mu: float,
    L: float,
    steps: int,
    gamma: float = 0.0,
    function_class: str = "quadratic",
) -> WorstCaseError | FunctionClassWorstCase:
    r"""Exact worst case after :math:`n` steps over quadratics with spectrum in :math:`[\mu, L]`.

    **Statement.** Let :math:`f(x) = \tfrac12 (x - x^*)^\top Q (x - x^*)` with :math:`Q`
    symmetric and every eigenvalue in :math:`[\mu, L]`, and run heavy ball (or, with
    ``gamma``, the two-step family) from rest, :math:`x_{-1} = x_0`. Then for every such
    :math:`Q` and every :math:`x_0`

    .. math::

        \frac{\|x_n - x^*\|^2}{\|x_0 - x^*\|^2} \le W_n
        = \max_{h \in [\mu, L]} p_n(h)^2,

    with equality when :math:`Q` has the eigenvalue :math:`h^*` (the maximiser) and
    :math:`x_0 - x^*` is a corresponding eigenvector, e.g. the one-dimensional
    :math:`f(x) = h^* (x - x^*)^2/2`. Here :math:`p_n` is the polynomial of
    :func:`~momentum_theory.transients.powers.at_rest_polynomial`: in the eigenbasis of :math:`Q`
    each coordinate of :math:`x_n - x^*` is that of :math:`x_0 - x^*` times
    :math:`p_n(h_i)`, so the ratio is a weighted mean of the :math:`p_n(h_i)^2`.

    **Computation.** The maximum of :math:`p_n^2` on :math:`[\mu, L]` is at an endpoint or
    at an interior zero of :math:`p_n'`. :math:`p_n` is built in the Chebyshev basis of
    :math:`[\mu, L]` (well conditioned, unlike monomials) and the zeros of :math:`p_n'` are
    the eigenvalues of its colleague matrix (``numpy.polynomial.chebyshev.chebroots``).
    The real part of every eigenvalue inside the interval is kept as a candidate (so a
    pair of nearly real roots cannot be lost) and polished by Newton steps on
    :math:`p_n'` (three-term recurrences for :math:`p_n, p_n', p_n''`). :math:`p_n` is then
    evaluated at every candidate and at both endpoints by the closed form of
    :func:`~momentum_theory.transients.powers.at_rest_polynomial` (relative error about
    :math:`n u`; the recurrence's grows like :math:`n^2 u` near a Jordan block; with
    :math:`\gamma \ne 0`, where there is no closed form, by the recurrence). Each candidate is a
    real point of :math:`[\mu, L]`, so the result never exceeds the true maximum by more
    than rounding, and a location error :math:`\delta` of the true maximiser costs only
    :math:`O(\delta^2)`. Cost: :math:`O(n^3)` for the eigenvalues (about a second at
    :math:`n = 1000`).

    Parameters
    ----------
    alpha, beta : float
        Step size and momentum, ``beta >= 0``.
    mu, L : float
        Spectrum, :math:`0 < \mu \le L`.
    steps : int
        Number of steps :math:`n \ge 0`.
    gamma : float, default 0
        The two-step family's gradient extrapolation: :math:`\nabla f` is taken at
        :math:`x_t + \gamma (x_t - x_{t-1})` (0: heavy ball, ``beta``: Nesterov).
    function_class : {"quadratic", "smooth_strongly_convex"}
        ``"quadratic"`` (the default): the exact result above.
        ``"smooth_strongly_convex"``: the worst case of the same ratio over every
        :math:`\mu`-strongly convex :math:`L`-smooth function, a semidefinite program
        solved through PEPit
        (:func:`~momentum_theory.beyond.function_class.smooth_strongly_convex_worst_case`, which
        this calls; it needs the optional extra ``pep``, and reports the solver's status).

    Returns
    -------
    WorstCaseError or FunctionClassWorstCase
        For quadratics, a :class:`WorstCaseError` whose ``value`` is :math:`W_n` (``inf``
        if it overflows a double); for the larger class, a
        :class:`~momentum_theory.beyond.function_class.FunctionClassWorstCase` with ``value``,
        ``status`` and ``solver``.

    Raises
    ------
    ValueError
        If ``mu <= 0``, ``mu > L``, ``beta < 0`` (quadratics), an argument is not a finite
        scalar, ``steps`` is not a non-negative integer, or ``function_class`` is unknown.
    PepNotInstalledError
        For ``function_class="smooth_strongly_convex"`` without PEPit and cvxpy (an
        ``ImportError`` that names the install command).

    Examples
    --------
    >>> from momentum_theory import optimal_parameters
    >>> from momentum_theory.transients.worst_case import worst_case_error
    >>> opt = optimal_parameters(mu=1.0, L=100.0)
    >>> worst = worst_case_error(opt.alpha, opt.beta, mu=1.0, L=100.0, steps=20)
    >>> round(worst.value, 6), worst.h_worst  # the worst quadratic has h = L
    (0.455923, 100.0)
    >>> round(worst.per_step_rate, 4), round(worst.asymptotic_rate, 4)  # transient cost
    (0.9806, 0.8182)
    >>> from momentum_theory import methods  # the two-step family: triple momentum
    >>> tm = methods.get("two_step").tuning("triple_momentum", mu=1.0, L=100.0).parameters
    >>> worst = worst_case_error(
    ...     tm["alpha"], tm["beta"], mu=1.0, L=100.0, steps=20, gamma=tm["gamma"]
    ... )
    >>> round(worst.value, 6), round(worst.per_step_rate, 4), round(worst.asymptotic_rate, 4)
    (0.04739, 0.9265, 0.9)
    """
    kind = choice(function_class, "function_class", ("quadratic", "smooth_strongly_convex"))
    if kind == "smooth_strongly_convex":
        from momentum_theory.beyond.function_class import smooth_strongly_convex_worst_case

        return smooth_strongly_convex_worst_case(alpha, beta, mu=mu, L=L, steps=steps, gamma=gamma)
    a = as_finite_float(alpha, "alpha")
    b = as_finite_float(beta, "beta", low=0.0)
    g = as_finite_float(gamma, "gamma")
    lower, upper = as_spectrum(mu=mu, L=L, scalar=True)
    n = as_integer(steps, "steps", 0)
    candidates = np.array([lower, upper])
    if n >= 2 and upper > lower:
        from numpy.polynomial import chebyshev

        with np.errstate(over="ignore", invalid="ignore"):
            coefficients = _chebyshev_coefficients(a, b, lower, upper, n, g)
            derivative = chebyshev.chebder(coefficients)
            scale = np.max(np.abs(derivative))
            if np.isfinite(scale) and scale > 0:
                # Trailing coefficients below rounding level would make the colleague
                # matrix overflow; dropping them moves the roots only slightly, and
                # Newton's method on the untruncated p_n' then polishes them.
                derivative = chebyshev.chebtrim(derivative / scale, _TRIM)
                roots = chebyshev.chebroots(derivative).real
                inside = roots[(roots > -1) & (roots < 1)]
                interior = 0.5 * (lower + upper) + 0.5 * (upper - lower) * inside
                polished = _polish(a, b, lower, upper, n, interior, gamma=g)
                candidates = np.concatenate([candidates, polished])
    with np.errstate(over="ignore", invalid="ignore"):
        if g:
            squares = _recurrence(a, b, candidates, n, g)[0] ** 2
        else:
            squares = at_rest_polynomial(a, b, candidates, n) ** 2
    squares = np.where(np.isnan(squares), np.inf, squares)
    best = int(np.argmax(squares))
    return WorstCaseError(
        alpha=a,
        beta=b,
        mu=lower,
        L=upper,
        steps=n,
        value=float(squares[best]),
        h_worst=float(candidates[best]),
        candidates=int(candidates.size),
        asymptotic_rate=float(worst_case_rate(a, b, mu=lower, L=upper, gamma=g)),
        gamma=g,
    )


def _polish(
    alpha: float,
    beta: float,
    lower: float,
    upper: float,
    steps: int,
    h: Array,
    newton_steps: int = 3,
    gamma: float = 0.0,
) -> Array:
    """Newton steps on p_n' = 0, keeping a step only if it stays inside and raises |p_n|."""
    n = steps
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for _ in range(newton_steps):
            value, slope, curvature = _recurrence(alpha, beta, h, n, gamma)
            proposal = h - slope / curvature
            better = (
                np.isfinite(proposal)
                & (proposal >= lower)
                & (proposal <= upper)
                & (np.abs(_recurrence(alpha, beta, proposal, n, gamma)[0]) >= np.abs(value))
            )
            h = np.where(better, proposal, h)
    return h


def chebyshev_optimum(*, mu: float, L: float, steps: int) -> float:
    r"""The best worst case of any :math:`n`-step polynomial method over a spectrum.

    A method whose error after :math:`n` steps from rest is :math:`p_n(Q)(x_0 - x^*)` with
    :math:`p_n(0) = 1` (gradient descent, heavy ball, Nesterov with constant parameters,
    conjugate gradients, ...) cannot beat

    .. math::

        \min_{\deg p \le n,\ p(0) = 1}\ \max_{h \in [\mu, L]} |p(h)|
        = \frac{1}{T_n\!\left(\frac{L + \mu}{L - \mu}\right)},

    attained by the shifted Chebyshev polynomial (Golub and Varga, 1961). Its :math:`n`-th
    root tends to :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`, heavy ball's optimal rate:
    heavy ball with Polyak's parameters is the stationary limit of the Chebyshev
    semi-iterative method. Compare with :math:`\sqrt{W_n}` from :func:`worst_case_error`.

    Parameters
    ----------
    mu, L : float
        The spectrum, ``0 < mu < L``.
    steps : int
        :math:`n \ge 0`.

    Returns
    -------
    float
        :math:`1/T_n((L + \mu)/(L - \mu))`, evaluated as
        :math:`2/(r^{-n} + r^{n})` with :math:`r = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)`
        (no overflow for large ``n``).

    Examples
    --------
    >>> from numpy.polynomial import chebyshev
    >>> t_10 = chebyshev.chebval(101 / 99, [0] * 10 + [1])  # T_10((L + mu)/(L - mu))
    >>> bool(abs(chebyshev_optimum(mu=1.0, L=100.0, steps=10) * t_10 - 1) < 1e-12)
    True
    >>> chebyshev_optimum(mu=1.0, L=100.0, steps=0)
    1.0
    """
    mu_, L_ = as_spectrum(mu=mu, L=L, scalar=True)
    if not mu_ < L_:
        raise ValueError(f"mu must be below L, got mu = {mu_:g}, L = {L_:g}")
    n = as_integer(steps, "steps", 0)
    root = math.sqrt(L_ / mu_)
    r = (root - 1.0) / (root + 1.0)
    # T_n(x) = (s^n + s^-n)/2 with s = x + sqrt(x^2 - 1) = 1/r for x = (L + mu)/(L - mu).
    return 2.0 * r**n / (1.0 + r ** (2 * n))
