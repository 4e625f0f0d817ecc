r"""Each method's state matrix, derived from its own update rule, against the family map.

For a method with update rule :math:`s_{t+1} = \Phi(s_t)` (its module's ``update``,
written once for arrays and symbols), on :math:`f(x) = h x^2/2`:

1. :func:`transition_matrix` feeds the rule SymPy symbols for the state and the
   parameters and the gradient :math:`h x`, and takes the Jacobian
   (:func:`momentum_theory.symbolic.transition_matrix`);
2. :func:`characteristic_polynomial` is :math:`\det(\lambda I - C)`;
3. :func:`family_polynomial` is :math:`\lambda^2 - T\lambda + D` with
   :math:`T = 1 + \beta - \alpha \tilde h (1 + \gamma)`, :math:`D = \beta - \alpha\tilde h\gamma`,
   :math:`\tilde h = h + \text{shift}`, at the method's claimed map (``_map``, the same
   function :meth:`~momentum_theory.methods.Method.family` evaluates on arrays);
4. :func:`check_family_map` simplifies their difference to zero, or raises;
5. :func:`derived_family` goes the other way: it reads the family parameters off the
   derived polynomial alone (its coefficients in :math:`h`), with no use of ``_map``.

Import cost: this module imports SymPy; :mod:`momentum_theory.methods` does not.

Examples
--------
>>> from momentum_theory.methods import derivation
>>> derivation.transition_matrix("nesterov")
Matrix([
[-alpha*beta*h - alpha*h + beta + 1, beta*(alpha*h - 1)],
[                                 1,                  0]])
>>> derivation.check_family_map("qhm")
0
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from momentum_theory import symbolic
from momentum_theory.methods._base import Method
from momentum_theory.methods._registry import get

__all__ = [
    "characteristic_polynomial",
    "check_family_map",
    "derived_family",
    "family_polynomial",
    "parameter_symbols",
    "state_symbols",
    "transition_matrix",
]


def parameter_symbols(method: str | Method, **fixed: Any) -> dict[str, Any]:
    """Real SymPy symbols named after the method's parameters; ``fixed`` ones keep their value.

    A flag (``nesterov``) is never a symbol: it takes ``fixed``'s value or its default.

    Examples
    --------
    >>> parameter_symbols("heavy_ball", beta=0)
    {'alpha': alpha, 'beta': 0}
    """
    method = get(method)
    values: dict[str, Any] = {}
    for name in method.parameters:
        if name in fixed:
            values[name] = sp.sympify(fixed[name]) if name not in method._flags else fixed[name]
        elif name in method._flags:
            values[name] = method.defaults[name]
        else:
            values[name] = sp.Symbol(name, real=True)
    return values


def state_symbols(method: str | Method) -> tuple[sp.Symbol, sp.Symbol]:
    """Symbols for the state components, ``x_t`` and ``x_{t-1}`` or ``b_t``.

    Examples
    --------
    >>> state_symbols("qhm")
    (x_t, b_t)
    """
    method = get(method)
    second = symbolic.x_prev if method.state[1] == "x_previous" else sp.Symbol("b_t", real=True)
    return symbolic.x_now, second


def transition_matrix(method: str | Method, **fixed: Any) -> sp.Matrix:
    r"""The state matrix of the method on :math:`h x^2/2`, derived from its update rule.

    Parameters
    ----------
    method : str or Method
    **fixed
        Parameters given values instead of symbols (e.g. ``momentum=0``,
        ``nesterov=True``).

    Examples
    --------
    >>> from momentum_theory.methods.derivation import transition_matrix
    >>> transition_matrix("heavy_ball")
    Matrix([
    [-alpha*h + beta + 1, -beta],
    [                  1,     0]])
    """
    method = get(method)
    state = state_symbols(method)
    new_state = method.update(
        state, symbolic.quadratic_gradient, **parameter_symbols(method, **fixed)
    )
    return symbolic.transition_matrix(new_state, state)


def characteristic_polynomial(method: str | Method, **fixed: Any) -> sp.Poly:
    r""":math:`\det(\lambda I - C)` of :func:`transition_matrix`, in ``symbolic.lam``.

    Examples
    --------
    >>> from momentum_theory.methods.derivation import characteristic_polynomial
    >>> characteristic_polynomial("nesterov").all_coeffs()  # [1, -T, D]
    [1, alpha*beta*h + alpha*h - beta - 1, -alpha*beta*h + beta]
    """
    return transition_matrix(method, **fixed).charpoly(symbolic.lam)


def family_polynomial(method: str | Method, **fixed: Any) -> sp.Poly:
    r""":math:`\lambda^2 - T\lambda + D` at the method's claimed family parameters.

    Examples
    --------
    >>> from momentum_theory.methods.derivation import family_polynomial
    >>> family_polynomial("gradient_descent").all_coeffs()  # lambda (lambda - (1 - alpha h))
    [1, alpha*h - 1, 0]
    """
    method = get(method)
    alpha, beta, gamma, shift = method._map(**parameter_symbols(method, **fixed))
    h = symbolic.h + shift
    trace = 1 + beta - alpha * h * (1 + gamma)
    determinant = beta - alpha * h * gamma
    lam = symbolic.lam
    return sp.Poly(lam**2 - trace * lam + determinant, lam)


def check_family_map(method: str | Method, **fixed: Any) -> int:
    r"""0 if the derived and the family polynomial agree identically; ArithmeticError if not.

    Raises
    ------
    ArithmeticError
        With the non-zero difference (not ``assert``, which ``python -O`` strips).

    Examples
    --------
    >>> from momentum_theory.methods.derivation import check_family_map
    >>> check_family_map("qhm"), check_family_map("pytorch_sgd", nesterov=True, dampening=0)
    (0, 0)
    """
    derived = characteristic_polynomial(method, **fixed).as_expr()
    claimed = family_polynomial(method, **fixed).as_expr()
    difference = sp.simplify(sp.together(derived - claimed))
    if difference != 0:
        raise ArithmeticError(
            f"{get(method).name}: the family map does not match the update rule; derived "
            f"minus claimed polynomial is {difference}"
        )
    return 0


def derived_family(
    method: str | Method, **fixed: Any
) -> tuple[sp.Expr, sp.Expr, sp.Expr, sp.Expr]:
    r"""The family parameters :math:`(\alpha, \beta, \gamma, \text{shift})` read off the
    derived characteristic polynomial, without the method's claimed map.

    If the derived polynomial is :math:`\lambda^2 - T(h)\lambda + D(h)` with
    :math:`T = T_0 + T_1 h` and :math:`D = D_0 + D_1 h`, matching coefficients of
    :math:`1 + \beta - \alpha (h + s)(1 + \gamma)` and :math:`\beta - \alpha (h + s)\gamma`
    gives

    .. math::

        \alpha = D_1 - T_1, \quad \gamma = -D_1/\alpha, \quad
        s = (1 + D_0 - T_0)/\alpha, \quad \beta = D_0 - s D_1,

    the unique solution when :math:`\alpha \ne 0`. Each is factored.

    Raises
    ------
    ValueError
        If the derived trace or determinant is not affine in :math:`h` (not a member of
        the family at all).

    Examples
    --------
    >>> derived_family("qhm")
    (-alpha*(beta - 1), beta, beta*(nu - 1)/(beta - 1), 0)
    >>> derived_family("pytorch_sgd", nesterov=True, dampening=0)
    (lr, momentum, momentum, weight_decay)
    """
    lam, h = symbolic.lam, symbolic.h
    coefficients = sp.Poly(characteristic_polynomial(method, **fixed).as_expr(), lam)
    _, minus_trace, determinant = coefficients.all_coeffs()
    parts = []
    for name, expression in (("trace", sp.expand(-minus_trace)), ("determinant", determinant)):
        polynomial = sp.Poly(sp.expand(expression), h)
        if polynomial.degree() > 1:
            raise ValueError(f"the derived {name} is not affine in h: {expression}")
        parts.append((polynomial.coeff_monomial(1), polynomial.coeff_monomial(h)))
    (t0, t1), (d0, d1) = parts
    alpha = sp.simplify(d1 - t1)
    gamma = sp.simplify(-d1 / alpha)
    shift = sp.simplify((1 + d0 - t0) / alpha)
    beta = sp.simplify(d0 - shift * d1)
    return tuple(sp.factor(value) for value in (alpha, beta, gamma, shift))
