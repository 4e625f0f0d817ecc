r"""The noise results derived with SymPy from each method's own update rule.

For a method with rule :math:`s_{t+1} = \Phi(s_t, g)` (its module's ``update``, written
once for arrays and symbols), on :math:`f(x) = h x^2/2` with gradient
:math:`g = h y + e`:

1. :func:`linear_system` feeds the rule SymPy symbols for the state, the parameters and
   the perturbation :math:`e`; the state matrix :math:`C` is the Jacobian in the state,
   the noise input :math:`b` the derivative in :math:`e` (the numeric twin is
   :func:`momentum_theory.methods.noise.linear_system`);
2. :func:`stationary_variance` solves the Lyapunov equation :math:`P = C P C^\top +
   \sigma^2 b b^\top` exactly and returns :math:`P_{11}`;
3. :func:`arma_variance_formula` is the same solution for the generic
   :math:`x_{t+1} = T x_t - D x_{t-1} + \sigma(c_0\xi_t + c_1\xi_{t-1})`, and
   :func:`family_variance_formula` the two-step family's
   (:math:`\alpha\sigma^2(1 + D)/(h(1 - D)(2(1 + \beta) - \alpha h(1 + 2\gamma)))`);
4. :func:`check_noise` simplifies, for one method, the differences between its own
   Lyapunov solution, the ARMA formula at its :math:`(T, D, c_0, c_1)`, and the form
   :func:`momentum_theory.noise.family_variance` evaluates (which uses
   :math:`c_0 + c_1 = -\alpha`), to zero, or raises;
5. :func:`small_step_expansion` expands the ratio of a method's variance to gradient
   descent's at the effective step :math:`\alpha/(1 - \beta)` in the step: it is
   :math:`1 + k\,\alpha h + O(\alpha^2)`, with :math:`k = -\beta/(1 - \beta^2)` for heavy
   ball (:func:`heavy_ball_second_order_gap`).

Import cost: this module imports SymPy; :mod:`momentum_theory.methods` does not.

Examples
--------
>>> from momentum_theory.methods import noise_derivation as nd
>>> nd.moving_average("pytorch_sgd", nesterov=True, dampening=0)
(-lr*(momentum + 1), lr*momentum)
>>> nd.check_noise("qhm")
0
>>> nd.heavy_ball_second_order_gap()
-alpha*beta*h/(1 - beta**2)
"""

from __future__ import annotations

import functools
from typing import Any

import sympy as sp

from momentum_theory import symbolic
from momentum_theory.methods._base import Method
from momentum_theory.methods._registry import get
from momentum_theory.methods.derivation import parameter_symbols, state_symbols

__all__ = [
    "arma_variance_formula",
    "check_noise",
    "family_variance_formula",
    "heavy_ball_second_order_gap",
    "linear_system",
    "moving_average",
    "noise_input",
    "small_step_expansion",
    "stationary_variance",
]

sigma = sp.Symbol("sigma", positive=True)
e = sp.Symbol("e", real=True)
T, D, c0, c1 = sp.symbols("T D c_0 c_1", real=True)
epsilon = sp.Symbol("epsilon", positive=True)
gamma = sp.Symbol("gamma", real=True)  # as derivation.parameter_symbols names it


def _fixed_key(fixed: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted(fixed.items()))


@functools.cache
def _system(name: str, fixed: tuple[tuple[str, Any], ...]) -> tuple[sp.Matrix, sp.Matrix]:
    method = get(name)
    state = state_symbols(method)
    params = parameter_symbols(method, **dict(fixed))
    calls = []

    def gradient(point: sp.Expr) -> sp.Expr:
        calls.append(point)
        return symbolic.quadratic_gradient(point) + e

    new_state = method.update(state, gradient, **params)
    if len(calls) != 1:
        raise ValueError(f"{name} evaluates {len(calls)} gradients per step; one is handled")
    exact = [sp.expand(component.subs(e, 0)) for component in new_state]
    C = symbolic.transition_matrix(exact, state)
    b = sp.Matrix([sp.simplify(sp.diff(component, e)) for component in new_state])
    return C, b


def linear_system(method: str | Method, **fixed: Any) -> tuple[sp.Matrix, sp.Matrix]:
    r""":math:`(C, b)` of a method with gradient :math:`h y + e`, derived from its rule.

    Parameters
    ----------
    method : str or Method
    **fixed
        Parameters given values instead of symbols (``nesterov=True``, ``momentum=0``).

    Raises
    ------
    ValueError
        If the rule evaluates more than one gradient per step.

    Examples
    --------
    >>> from momentum_theory.methods.noise_derivation import linear_system
    >>> C, b = linear_system("heavy_ball")
    >>> b.T
    Matrix([[-alpha, 0]])
    """
    return _system(get(method).name, _fixed_key(fixed))


def noise_input(method: str | Method, **fixed: Any) -> sp.Matrix:
    r"""The noise input :math:`b = \partial s_{t+1}/\partial e` of a method, from its rule.

    Examples
    --------
    >>> from momentum_theory.methods.noise_derivation import noise_input
    >>> noise_input("pytorch_sgd").T  # into the parameter and into the buffer
    Matrix([[lr*(dampening - 1), 1 - dampening]])
    """
    return linear_system(method, **fixed)[1]


def moving_average(method: str | Method, **fixed: Any) -> tuple[sp.Expr, sp.Expr]:
    r""":math:`(c_0, c_1)`: the iterate obeys :math:`x_{t+1} = T x_t - D x_{t-1} + c_0 e_t +
    c_1 e_{t-1}`, with :math:`c_0 = b_1` and :math:`c_1 = C_{12} b_2 - C_{22} b_1`.

    Examples
    --------
    >>> from momentum_theory.methods.noise_derivation import moving_average
    >>> moving_average("qhm")
    (alpha*(beta*nu - 1), -alpha*beta*(nu - 1))
    """
    C, b = linear_system(method, **fixed)
    return sp.factor(b[0]), sp.factor(sp.simplify(C[0, 1] * b[1] - C[1, 1] * b[0]))


@functools.cache
def _lyapunov(name: str, fixed: tuple[tuple[str, Any], ...]) -> sp.Expr:
    C, b = _system(name, fixed)
    return _solve_lyapunov(C, b)


def _solve_lyapunov(C: sp.Matrix, b: sp.Matrix) -> sp.Expr:
    p11, p12, p22 = sp.symbols("p11 p12 p22")
    P = sp.Matrix([[p11, p12], [p12, p22]])
    residual = P - C * P * C.T - sigma**2 * b * b.T
    equations = [sp.expand(residual[i, j]) for i, j in ((0, 0), (0, 1), (1, 1))]
    matrix, rhs = sp.linear_eq_to_matrix(equations, [p11, p12, p22])
    # Cramer's rule on expanded determinants: fast for these small symbolic systems.
    replaced = matrix.copy()
    replaced[:, 0] = rhs
    numerator = sp.expand(replaced.det(method="berkowitz"))
    return sp.factor(sp.cancel(numerator / sp.expand(matrix.det(method="berkowitz"))))


def stationary_variance(method: str | Method, **fixed: Any) -> sp.Expr:
    r""":math:`P_{11}` of the exact solution of :math:`P = C P C^\top + \sigma^2 b b^\top`.

    Examples
    --------
    >>> from momentum_theory.methods.noise_derivation import stationary_variance
    >>> stationary_variance("gradient_descent")
    -alpha*sigma**2/(h*(alpha*h - 2))
    """
    return _lyapunov(get(method).name, _fixed_key(fixed))


@functools.cache
def arma_variance_formula() -> sp.Expr:
    r"""The stationary variance of :math:`x_{t+1} = T x_t - D x_{t-1} + \sigma(c_0\xi_t +
    c_1\xi_{t-1})`, from its observable state-space form
    :math:`(x_t, -D x_{t-1} + \sigma c_1 \xi_{t-1})`:

    .. math::

        \sigma^2\,\frac{(1 + D)(c_0^2 + c_1^2) + 2 T c_0 c_1}{(1 - D)(1 + D - T)(1 + D + T)}.

    Examples
    --------
    >>> from momentum_theory.methods import noise_derivation as nd
    >>> nd.arma_variance_formula().subs({nd.c1: 0, nd.D: 0})  # gradient descent: T = 1 - alpha h
    c_0**2*sigma**2/((1 - T)*(T + 1))
    """
    C = sp.Matrix([[T, 1], [-D, 0]])
    b = sp.Matrix([c0, c1])
    value = _solve_lyapunov(C, b)
    # Written in the factors of the docstring.
    claimed = (
        sigma**2
        * ((1 + D) * (c0**2 + c1**2) + 2 * T * c0 * c1)
        / ((1 - D) * (1 + D - T) * (1 + D + T))
    )
    if sp.cancel(value - claimed) != 0:  # pragma: no cover - a SymPy regression
        raise ArithmeticError(f"the ARMA variance is {value}, not {claimed}")
    return claimed


def family_variance_formula() -> sp.Expr:
    r"""The two-step family's stationary variance,
    :math:`\alpha\sigma^2(1 + D)/(h(1 - D)(2(1 + \beta) - \alpha h(1 + 2\gamma)))` with
    :math:`D = \beta - \alpha h\gamma`, checked against the Lyapunov solution of the
    ``two_step`` rule.

    Raises
    ------
    ArithmeticError
        If they differ.

    Examples
    --------
    >>> from momentum_theory.methods import noise_derivation as nd
    >>> nd.family_variance_formula().subs(nd.gamma, 0)  # heavy ball
    alpha*sigma**2*(beta + 1)/(h*(1 - beta)*(-alpha*h + 2*beta + 2))
    """
    alpha, beta, h = symbolic.alpha, symbolic.beta, symbolic.h
    determinant = beta - alpha * h * gamma
    claimed = (
        alpha
        * sigma**2
        * (1 + determinant)
        / (h * (1 - determinant) * (2 * (1 + beta) - alpha * h * (1 + 2 * gamma)))
    )
    derived = stationary_variance("two_step")
    if sp.cancel(derived - claimed) != 0:
        raise ArithmeticError(f"two_step: the Lyapunov solution is {derived}, not {claimed}")
    return claimed


def _family(method: Method, **fixed: Any) -> tuple[sp.Expr, sp.Expr, sp.Expr, sp.Expr]:
    alpha, beta, gamma, shift = method._map(**parameter_symbols(method, **fixed))
    return alpha, beta, gamma, symbolic.h + shift


def check_noise(method: str | Method, **fixed: Any) -> int:
    r"""0 if, for ``method``, three expressions of its stationary variance agree identically.

    The Lyapunov solution of its own :math:`(C, b)`; :func:`arma_variance_formula` at its
    :math:`T = \operatorname{tr} C`, :math:`D = \det C` and :func:`moving_average`; and
    the form :func:`momentum_theory.noise.family_variance` evaluates, at its family map
    and :math:`c_1`. That last form assumes :math:`c_0 + c_1 = -\alpha` (the family step),
    which is checked too.

    Raises
    ------
    ArithmeticError
        With the non-zero difference.
    """
    method_ = get(method)
    C, _ = linear_system(method_, **fixed)
    derived = stationary_variance(method_, **fixed)
    first, delayed = moving_average(method_, **fixed)
    arma = arma_variance_formula().subs({T: C.trace(), D: C.det(), c0: first, c1: delayed})
    alpha, beta, gamma, h = _family(method_, **fixed)
    determinant = beta - alpha * h * gamma
    kernel = (
        sigma**2
        * ((1 + determinant) * alpha + 2 * h * delayed * (alpha + delayed))
        / (h * (1 - determinant) * (2 * (1 + beta) - alpha * h * (1 + 2 * gamma)))
    )
    for label, difference in (
        ("c_0 + c_1 + alpha", first + delayed + alpha),
        ("ARMA formula minus Lyapunov", arma - derived),
        ("family_variance's form minus Lyapunov", kernel - derived),
    ):
        if sp.cancel(sp.together(difference)) != 0:
            raise ArithmeticError(f"{method_.name}: {label} is {sp.simplify(difference)}")
    return 0


def small_step_expansion(method: str | Method, **fixed: Any) -> sp.Expr:
    r"""The first-order term :math:`k` of :math:`V/V_{\mathrm{GD}}(\alpha/(1-\beta)) = 1 + k +
    O(\text{step}^2)`.

    :math:`V` is the method's stationary variance, :math:`V_{\mathrm{GD}}(a) =
    a\sigma^2/(h(2 - a h))` gradient descent's at the effective step
    :math:`a = \alpha/(1 - \beta)` of the method's family map; the method's own step
    (``alpha`` or ``lr``) is scaled by :math:`\epsilon \to 0`. The zeroth order is 1 for
    every method: the small-step equivalence (Yuan, Ying and Sayed, JMLR 17, 2016).

    Examples
    --------
    >>> from momentum_theory.methods.noise_derivation import small_step_expansion
    >>> small_step_expansion("nesterov")
    -alpha*beta*h*(beta + 2)/(1 - beta**2)
    """
    method_ = get(method)
    params = parameter_symbols(method_, **fixed)
    step = params[method_.parameters[0]]
    alpha, beta, _, h = _family(method_, **fixed)
    effective = alpha / (1 - beta)
    plain = effective * sigma**2 / (h * (2 - effective * h))
    ratio = sp.cancel(stationary_variance(method_, **fixed) / plain)
    series = sp.series(ratio.subs(step, epsilon * step), epsilon, 0, 2).removeO()
    constant = sp.simplify(series.subs(epsilon, 0))
    if constant != 1:
        raise ArithmeticError(f"{method_.name}: the small-step ratio tends to {constant}, not 1")
    first_order = series.coeff(epsilon, 1)
    # Over 1 - beta^2, the denominator of every method here.
    return sp.factor(sp.cancel(first_order * (1 - beta**2))) / (1 - beta**2)


def heavy_ball_second_order_gap() -> sp.Expr:
    r"""Heavy ball's first-order relative gap to gradient descent at the effective step,
    :math:`-\beta\alpha h/(1 - \beta^2)` (so the variances differ at second order:
    :math:`V_{\mathrm{HB}} - V_{\mathrm{GD}} = -\sigma^2\beta(\alpha h)^2 /
    (2h^2(1 - \beta)^2(1 + \beta)) + O((\alpha h)^3)`, a length squared as a variance
    must be: :math:`\sigma` is a gradient, of the units of :math:`h` times a length).

    Derived by :func:`small_step_expansion` and returned in that form.
    """
    alpha, beta = symbolic.alpha, symbolic.beta
    claimed = -alpha * beta * symbolic.h / (1 - beta**2)
    derived = small_step_expansion("heavy_ball")
    if sp.cancel(derived - claimed) != 0:
        raise ArithmeticError(f"heavy ball's first-order gap is {derived}, not {claimed}")
    return claimed
