r"""Symbolic derivations (SymPy): from the update rule to the convergence theory.

The companion matrix is the Jacobian of the update rule with respect to the state, not
typed in; the eigenvalues, discriminant and critical-damping curve are derived from it.
Two inputs are typed: the Schur--Cohn (Jury) conditions for a real quadratic
(:func:`jury_conditions`, a textbook criterion, checked against root locations in the
tests) and the ansatz for the optimum (both ends of the spectrum critically damped, which
:func:`optimal_parameters` then solves). Each result can be rendered as LaTeX
(:func:`derivation` collects them for the paper).

Import cost: SymPy is imported by this module, so :mod:`momentum_theory` itself does not
import it.

Examples
--------
>>> from momentum_theory import symbolic
>>> symbolic.heavy_ball_companion()
Matrix([
[-alpha*h + beta + 1, -beta],
[                  1,     0]])
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import sympy as sp

__all__ = [
    "Derivation",
    "alpha",
    "beta",
    "characteristic_polynomial",
    "companion_from_update",
    "critical_damping_curves",
    "derivation",
    "discriminant",
    "eigenvalues",
    "h",
    "heavy_ball_companion",
    "heavy_ball_update",
    "jury_conditions",
    "nesterov_companion",
    "nesterov_update",
    "optimal_parameters",
    "stability_region",
    "transition_matrix",
]

# Parameters are positive in the theory's main case; the symbols stay plain real symbols
# so that statements about beta < 0 or h < 0 are not silently simplified away.
alpha, beta, h = sp.symbols("alpha beta h", real=True)
mu, L = sp.symbols("mu L", positive=True)
lam = sp.Symbol("lambda")
x_next, x_now, x_prev, x = sp.symbols("x_{t+1} x_t x_{t-1} x", real=True)


def quadratic_gradient(point: sp.Expr) -> sp.Expr:
    r""":math:`f'(\text{point})` for :math:`f(x) = h x^2 / 2`, by differentiation.

    Examples
    --------
    >>> from momentum_theory.symbolic import quadratic_gradient, x_now
    >>> quadratic_gradient(x_now)
    h*x_t
    """
    f = h * x**2 / 2
    return sp.diff(f, x).subs(x, point)


def heavy_ball_update() -> sp.Expr:
    r"""The heavy-ball rule :math:`x_{t+1} = x_t - \alpha f'(x_t) + \beta(x_t - x_{t-1})`.

    On :math:`f(x) = h x^2/2`, as an expression in the state symbols ``x_t`` and
    ``x_{t-1}``.

    Examples
    --------
    >>> from momentum_theory.symbolic import heavy_ball_update
    >>> heavy_ball_update()
    -alpha*h*x_t + beta*(x_t - x_{t-1}) + x_t
    """
    return x_now - alpha * quadratic_gradient(x_now) + beta * (x_now - x_prev)


def nesterov_update() -> sp.Expr:
    r"""Nesterov's rule :math:`y = x_t + \beta(x_t - x_{t-1})`, :math:`x_{t+1} = y - \alpha f'(y)`.

    Examples
    --------
    >>> from momentum_theory.symbolic import nesterov_update
    >>> nesterov_update()
    -alpha*h*(beta*(x_t - x_{t-1}) + x_t) + beta*(x_t - x_{t-1}) + x_t
    """
    y = x_now + beta * (x_now - x_prev)
    return y - alpha * quadratic_gradient(y)


def companion_from_update(update: sp.Expr, state: Sequence[sp.Symbol]) -> sp.Matrix:
    r"""Companion matrix of a linear multi-step rule :math:`x_{t+1} = \ell(x_t, \dots, x_{t-k+1})`.

    The state is :math:`s_t = (x_t, x_{t-1}, \dots, x_{t-k+1})` and
    :math:`s_{t+1} = C s_t`: the first row of :math:`C` is the gradient of the update
    with respect to the state (its Jacobian, as the rule is linear), and the rows below
    shift the state down by one.

    Parameters
    ----------
    update : sympy.Expr
        :math:`x_{t+1}` as an expression in the state symbols (and parameters).
    state : sequence of sympy.Symbol
        The state symbols, newest first: ``(x_t, x_{t-1}, ...)``.

    Returns
    -------
    sympy.Matrix, shape (k, k)

    Raises
    ------
    ValueError
        If ``state`` is empty, or the update is not linear and homogeneous in the state
        (a constant term or a product of state symbols).

    Examples
    --------
    >>> import sympy as sp
    >>> from momentum_theory.symbolic import companion_from_update
    >>> a, b, c = sp.symbols("a b c")
    >>> x0, x1, x2 = sp.symbols("x0 x1 x2")
    >>> companion_from_update(a * x0 + b * x1 + c * x2, (x0, x1, x2))
    Matrix([
    [a, b, c],
    [1, 0, 0],
    [0, 1, 0]])
    """
    state = tuple(state)
    if not state:
        raise ValueError("state must name at least one state symbol")
    # The new state is (x_{t+1}, x_t, ..., x_{t-k+2}): the update above the shifted state.
    return transition_matrix([update, *state[:-1]], state)


def transition_matrix(update: Sequence[sp.Expr], state: Sequence[sp.Symbol]) -> sp.Matrix:
    r"""State matrix :math:`C` of a linear rule :math:`s_{t+1} = C s_t`, from the whole new state.

    The generalisation of :func:`companion_from_update` to states that are not the last
    :math:`k` iterates, such as a position and a momentum buffer :math:`(x_t, b_t)`: row
    :math:`i` of :math:`C` is the gradient of the new state's component :math:`i` with
    respect to the state (its Jacobian, the rule being linear).

    Parameters
    ----------
    update : sequence of sympy.Expr
        The new state :math:`s_{t+1}`, one expression per component, in the state symbols.
    state : sequence of sympy.Symbol
        The state symbols :math:`s_t`, in the same order.

    Returns
    -------
    sympy.Matrix, shape (k, k)

    Raises
    ------
    ValueError
        If the lengths differ or are zero, or the update is not linear and homogeneous in
        the state.

    Examples
    --------
    >>> import sympy as sp
    >>> from momentum_theory.symbolic import transition_matrix
    >>> x, b, m, lr, h = sp.symbols("x b m lr h")
    >>> new_buffer = m * b + h * x  # PyTorch's buffer, gradient h x
    >>> transition_matrix([x - lr * new_buffer, new_buffer], [x, b])
    Matrix([
    [-h*lr + 1, -lr*m],
    [        h,     m]])
    """
    state = tuple(state)
    update = [sp.expand(component) for component in update]
    if not state or len(update) != len(state):
        raise ValueError(
            f"update and state must have the same positive length, got {len(update)} "
            f"and {len(state)}"
        )
    jacobian = [[sp.diff(component, s) for s in state] for component in update]
    if any(sp.diff(entry, s) != 0 for row in jacobian for entry in row for s in state):
        raise ValueError("update must be linear in the state symbols")
    if any(sp.simplify(c.subs(dict.fromkeys(state, 0))) != 0 for c in update):
        raise ValueError("update must be homogeneous: it has a term free of the state")
    return sp.Matrix([[sp.simplify(entry) for entry in row] for row in jacobian])


@functools.cache
def heavy_ball_companion() -> sp.Matrix:
    r"""Companion matrix :math:`A(\alpha, \beta, h)` of heavy ball, derived from the rule.

    .. math::

        A = \begin{pmatrix} 1 - \alpha h + \beta & -\beta \\ 1 & 0 \end{pmatrix}

    Examples
    --------
    >>> from momentum_theory.symbolic import heavy_ball_companion
    >>> heavy_ball_companion()[0, 0]
    -alpha*h + beta + 1
    """
    return companion_from_update(heavy_ball_update(), (x_now, x_prev))


def nesterov_companion() -> sp.Matrix:
    r"""Companion matrix of Nesterov's method on :math:`f(x) = h x^2/2`.

    .. math::

        \begin{pmatrix} (1 + \beta)(1 - \alpha h) & -\beta(1 - \alpha h) \\ 1 & 0 \end{pmatrix}

    Examples
    --------
    >>> import sympy as sp
    >>> from momentum_theory.symbolic import alpha, beta, h, nesterov_companion
    >>> C = nesterov_companion()
    >>> sp.factor(C[0, 0]), sp.factor(C[0, 1])
    (-(beta + 1)*(alpha*h - 1), beta*(alpha*h - 1))
    """
    return companion_from_update(nesterov_update(), (x_now, x_prev))


def characteristic_polynomial(matrix: sp.Matrix | None = None) -> sp.Poly:
    r""":math:`\det(\lambda I - A)` as a polynomial in :math:`\lambda`.

    For heavy ball: :math:`\lambda^2 - (1 + \beta - \alpha h)\lambda + \beta`.

    Examples
    --------
    >>> from momentum_theory.symbolic import characteristic_polynomial
    >>> characteristic_polynomial().all_coeffs()
    [1, alpha*h - beta - 1, beta]
    """
    matrix = heavy_ball_companion() if matrix is None else matrix
    return matrix.charpoly(lam)


def eigenvalues(matrix: sp.Matrix | None = None) -> list[sp.Expr]:
    r"""Eigenvalues of :math:`A` in closed form.

    .. math::

        \lambda_\pm = \frac{1 + \beta - \alpha h \pm
                      \sqrt{(1 + \beta - \alpha h)^2 - 4\beta}}{2}

    Examples
    --------
    >>> from momentum_theory.symbolic import eigenvalues
    >>> len(eigenvalues())
    2
    """
    return sp.solve(characteristic_polynomial(matrix).as_expr(), lam)


def discriminant(matrix: sp.Matrix | None = None) -> sp.Expr:
    r"""Discriminant of the characteristic polynomial: :math:`(1 + \beta - \alpha h)^2 - 4\beta`.

    Negative: a complex pair of modulus :math:`\sqrt\beta`; zero: a repeated eigenvalue
    (critical damping); positive: two real eigenvalues.

    Examples
    --------
    >>> import sympy as sp
    >>> from momentum_theory.symbolic import alpha, beta, h, discriminant
    >>> sp.expand(discriminant() - ((1 + beta - alpha * h) ** 2 - 4 * beta))
    0
    """
    return sp.discriminant(characteristic_polynomial(matrix).as_expr(), lam)


def critical_damping_curves() -> list[sp.Expr]:
    r"""The momenta :math:`\beta` where the discriminant vanishes, solved for :math:`\beta`.

    .. math::

        \beta = (1 - \sqrt{\alpha h})^2 \quad\text{and}\quad \beta = (1 + \sqrt{\alpha h})^2,

    for :math:`\alpha h \ge 0`; only the first meets the stable region.

    Examples
    --------
    >>> import sympy as sp
    >>> from momentum_theory.symbolic import alpha, h, critical_damping_curves
    >>> s = sp.sqrt(alpha * h)
    >>> [sp.simplify(c - t) for c, t in zip(critical_damping_curves(), [(1 - s)**2, (1 + s)**2])]
    [0, 0]
    """
    roots = sp.solve(sp.Eq(discriminant(), 0), beta)
    # Order by value at alpha h = 1/4 so the stable-side curve comes first.
    return sorted((sp.factor(r) for r in roots), key=lambda r: r.subs({alpha: 1, h: 0.25}))


def jury_conditions(polynomial: sp.Poly) -> list[sp.Rel]:
    r"""Schur--Cohn (Jury) conditions for a real monic quadratic to be Schur stable.

    Both roots of :math:`\lambda^2 + a_1 \lambda + a_0` lie in the open unit disc iff

    .. math::

        |a_0| < 1 \quad\text{and}\quad |a_1| < 1 + a_0 .

    Parameters
    ----------
    polynomial : sympy.Poly
        Monic, of degree 2.

    Returns
    -------
    list of sympy relational
        ``[|a0| < 1, |a1| < 1 + a0]``.

    Raises
    ------
    ValueError
        If the polynomial is not a monic quadratic.

    Examples
    --------
    >>> import sympy as sp
    >>> z = sp.Symbol("lambda")
    >>> jury_conditions(sp.Poly(z**2 - z / 2 + sp.Rational(1, 16), z))
    [True, True]
    """
    coefficients = polynomial.all_coeffs()
    if len(coefficients) != 3 or coefficients[0] != 1:
        raise ValueError("polynomial must be a monic quadratic")
    _, a1, a0 = coefficients
    return [sp.Abs(a0) < 1, sp.Abs(a1) < 1 + a0]


def _solve_linear_inequality(relation: sp.Rel, unknown: sp.Symbol) -> sp.Rel:
    """Solve ``lhs < rhs`` for ``unknown``; ``lhs - rhs`` must be linear in it, numeric slope."""
    difference = sp.expand(relation.lhs - relation.rhs)
    slope = sp.diff(difference, unknown)
    if not slope.is_number or slope == 0 or sp.diff(slope, unknown) != 0:
        raise ValueError(f"{relation} is not linear in {unknown} with a numeric slope")
    threshold = sp.simplify(-(difference - slope * unknown) / slope)
    return unknown < threshold if slope > 0 else unknown > threshold


@functools.cache
def stability_region() -> sp.And:
    r"""Where heavy ball converges on :math:`f = h x^2/2`, derived from the Jury conditions.

    Applied to :math:`\lambda^2 - (1 + \beta - \alpha h)\lambda + \beta`, the conditions
    :math:`|\beta| < 1` and :math:`|1 + \beta - \alpha h| < 1 + \beta` are solved for the
    product :math:`\alpha h`:

    .. math::

        \rho(A) < 1 \iff |\beta| < 1 \ \text{and}\ 0 < \alpha h < 2(1 + \beta).

    Returns
    -------
    sympy.And
        In the symbols ``alpha``, ``beta``, ``h``.

    Examples
    --------
    >>> from momentum_theory.symbolic import alpha, beta, h, stability_region
    >>> region = stability_region()
    >>> [bool(region.subs({alpha: 1, beta: 0.5, h: value})) for value in (2.9, 3)]
    [True, False]
    """
    determinant_condition, trace_condition = jury_conditions(characteristic_polynomial())
    # |u| < c  <=>  u < c and -u < c; solve each for s = alpha h.
    s = sp.Symbol("s", real=True)
    trace, bound = trace_condition.lhs.args[0], trace_condition.rhs
    trace_s = trace.subs(alpha * h, s)
    conditions = [
        _solve_linear_inequality(sp.StrictLessThan(trace_s, bound), s),
        _solve_linear_inequality(sp.StrictLessThan(-trace_s, bound), s),
    ]
    solved = [c.subs(s, alpha * h) for c in conditions]
    return sp.And(determinant_condition, *solved)


@dataclass(frozen=True)
class SymbolicOptimum:
    r"""Optimal heavy-ball parameters for :math:`[\mu, L]`, derived and verified.

    Attributes
    ----------
    alpha, beta, rate : sympy.Expr
        In the symbols ``mu`` and ``L``.
    discriminant_factorisation : sympy.Expr
        The discriminant at :math:`(\alpha^*, \beta^*)` as a function of :math:`h`,
        factored: :math:`\alpha^{*2}(h - \mu)(h - L)`, which is :math:`\le 0` on
        :math:`[\mu, L]`, so every eigenvalue there has modulus :math:`\sqrt{\beta^*}`.
    """

    alpha: sp.Expr
    beta: sp.Expr
    rate: sp.Expr
    discriminant_factorisation: sp.Expr


@functools.cache
def optimal_parameters() -> SymbolicOptimum:
    r"""Derive Polyak's optimal parameters and verify them symbolically.

    The worst-case rate is :math:`\max(\rho(\mu), \rho(L))`; it is smallest when both ends
    of the spectrum are critically damped from opposite sides,
    :math:`1 - \sqrt{\alpha\mu} = \sqrt{\beta} = \sqrt{\alpha L} - 1`. Solving gives

    .. math::

        \alpha^* = \frac{4}{(\sqrt L + \sqrt\mu)^2}, \quad
        \beta^* = \left(\frac{\sqrt L - \sqrt\mu}{\sqrt L + \sqrt\mu}\right)^2, \quad
        \rho^* = \sqrt{\beta^*} = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}.

    The function solves those equations, then checks that the discriminant at
    :math:`(\alpha^*, \beta^*)` factors as :math:`\alpha^{*2}(h - \mu)(h - L)` and that the
    rate equals the closed form in :math:`\kappa = L/\mu`; it raises ``ArithmeticError``
    if a check fails (not ``assert``, which ``python -O`` would strip).

    Examples
    --------
    >>> from momentum_theory.symbolic import optimal_parameters
    >>> opt = optimal_parameters()
    >>> opt.alpha
    4/(sqrt(L) + sqrt(mu))**2
    """
    root_alpha, root_beta = sp.symbols("r_alpha r_beta", positive=True)
    solution = sp.solve(
        [1 - root_alpha * sp.sqrt(mu) - root_beta, root_alpha * sp.sqrt(L) - 1 - root_beta],
        [root_alpha, root_beta],
        dict=True,
    )[0]
    alpha_star = sp.factor(solution[root_alpha] ** 2)
    beta_star = sp.factor(solution[root_beta] ** 2)
    rate = sp.factor(solution[root_beta])

    at_optimum = discriminant().subs({alpha: alpha_star, beta: beta_star})
    factorised = alpha_star**2 * (h - mu) * (h - L)
    if sp.simplify(sp.expand(at_optimum - factorised)) != 0:
        raise ArithmeticError("the discriminant at the optimum does not factor as derived")
    kappa = sp.Symbol("kappa", positive=True)
    closed_form = (sp.sqrt(kappa) - 1) / (sp.sqrt(kappa) + 1)
    if sp.simplify(rate - closed_form.subs(kappa, L / mu)) != 0:
        raise ArithmeticError("the optimal rate differs from (sqrt(kappa)-1)/(sqrt(kappa)+1)")
    return SymbolicOptimum(alpha_star, beta_star, rate, factorised)


@dataclass(frozen=True)
class Derivation:
    """Every derived result, by name, ready for LaTeX.

    Attributes
    ----------
    results : dict of str to sympy object
        ``update``, ``companion``, ``characteristic_polynomial``, ``eigenvalues``,
        ``discriminant``, ``critical_beta``, ``stability_region``, ``optimal_alpha``,
        ``optimal_beta``, ``optimal_rate``.
    """

    results: dict[str, object]

    def latex(self) -> dict[str, str]:
        """Each result rendered by :func:`sympy.latex`."""
        return {name: _latex(value) for name, value in self.results.items()}


def _latex(value: object) -> str:
    if isinstance(value, list):
        return r",\quad ".join(sp.latex(v) for v in value)
    if isinstance(value, sp.Poly):
        return sp.latex(value.as_expr())
    return sp.latex(value)


def derivation() -> Derivation:
    r"""Collect the whole derivation (for the paper and for ``verify``).

    Examples
    --------
    >>> from momentum_theory.symbolic import derivation
    >>> rendered = derivation().latex()
    >>> rendered["companion"]
    '\\left[\\begin{matrix}- \\alpha h + \\beta + 1 & - \\beta\\\\1 & 0\\end{matrix}\\right]'
    """
    optimum = optimal_parameters()
    return Derivation(
        {
            "update": sp.Eq(x_next, heavy_ball_update()),
            "companion": heavy_ball_companion(),
            "characteristic_polynomial": characteristic_polynomial(),
            "eigenvalues": eigenvalues(),
            "discriminant": discriminant(),
            "critical_beta": critical_damping_curves()[0],
            "stability_region": stability_region(),
            "optimal_alpha": optimum.alpha,
            "optimal_beta": optimum.beta,
            "optimal_rate": optimum.rate,
        }
    )
