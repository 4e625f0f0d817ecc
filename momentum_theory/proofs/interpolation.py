r"""The exact conditions of a cycle proof: the cycle equations and interpolation.

A ``"cycle"`` proof (:mod:`~momentum_theory.proofs.format`) holds points
:math:`x_0, \dots, x_{K-1} \in \mathbb Q^d` (with :math:`x_{-1} = x_{K-1}`), gradients
:math:`g_k` and values :math:`f_k` at :math:`y_k = x_k + \gamma (x_k - x_{k-1})`. It proves
that the two-step family does not converge on some :math:`f \in \mathcal S(\mu, L)` when,
exactly,

1. the update maps the cycle onto itself: :math:`x_{k+1} = x_k + \beta (x_k - x_{k-1}) -
   \alpha g_k` for every :math:`k`, indices modulo :math:`K`
   (:func:`cycle_failure`);
2. the triples :math:`(y_k, g_k, f_k)` are interpolable by a function of the class, which
   for :math:`0 < \mu < L` holds if and only if for every ordered pair :math:`i \ne j`

   .. math::

       f_i \ge f_j + \langle g_j, y_i - y_j \rangle + \frac{1}{2 (1 - \mu/L)} \Big(
       \tfrac1L \|g_i - g_j\|^2 + \mu \|y_i - y_j\|^2
       - 2 \tfrac{\mu}{L} \langle g_j - g_i, y_j - y_i \rangle \Big)

   (A. Taylor, J. Hendrickx, F. Glineur, Math. Program. 161, 2017, Theorem 4;
   :func:`interpolation_bounds`, :func:`interpolation_failure`);
3. some :math:`g_k \ne 0`.

Then the interpolating :math:`f` has the gradient :math:`g_k` at :math:`y_k`, so the run
started at :math:`(x_0, x_{-1})` repeats the cycle forever; since some :math:`y_k` is not
the minimiser (its gradient is not zero), it never converges. Each condition is linear in
the values :math:`f_k` (a system of difference constraints :math:`f_i - f_j \ge c_{ij}`).

Standard library only (:class:`fractions.Fraction`).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = [
    "cycle_failure",
    "gradient_points",
    "interpolation_bounds",
    "interpolation_failure",
]

Point = Sequence[Fraction]


def _dot(u: Point, v: Point) -> Fraction:
    return sum((a * b for a, b in zip(u, v)), Fraction(0))


def _minus(u: Point, v: Point) -> list[Fraction]:
    return [a - b for a, b in zip(u, v)]


def gradient_points(x: Sequence[Point], gamma: Fraction) -> list[list[Fraction]]:
    r"""The points :math:`y_k = x_k + \gamma (x_k - x_{k-1})`, :math:`x_{-1} = x_{K-1}`.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> gradient_points([[F(1)], [F(3)]], F(1, 2))  # y_0 = 1 + (1 - 3)/2, y_1 = 3 + (3 - 1)/2
    [[Fraction(0, 1)], [Fraction(4, 1)]]
    """
    return [[(1 + gamma) * a - gamma * b for a, b in zip(x[k], x[k - 1])] for k in range(len(x))]


def cycle_failure(
    x: Sequence[Point], g: Sequence[Point], alpha: Fraction, beta: Fraction
) -> str | None:
    r"""None when :math:`x_{k+1} = x_k + \beta (x_k - x_{k-1}) - \alpha g_k` for every
    :math:`k` (indices modulo :math:`K`), exactly; else which step leaves the cycle.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> x, g = [[F(1)], [F(-1)]], [[F(4)], [F(-4)]]  # gradient descent, alpha = 1/2
    >>> cycle_failure(x, g, F(1, 2), F(0)) is None
    True
    >>> cycle_failure(x, [[F(4)], [F(-3)]], F(1, 2), F(0))
    'the update from x_1 gives [Fraction(1, 2)], not x_0 = [Fraction(1, 1)]'
    """
    K = len(x)
    for k in range(K):
        step = [a + beta * (a - b) - alpha * c for a, b, c in zip(x[k], x[k - 1], g[k])]
        if step != list(x[(k + 1) % K]):
            following = (k + 1) % K
            return f"the update from x_{k} gives {step}, not x_{following} = {list(x[following])}"
    return None


def interpolation_bounds(
    y: Sequence[Point], g: Sequence[Point], *, mu: Fraction, L: Fraction
) -> list[list[Fraction]]:
    r"""The bounds :math:`c_{ij}` of the interpolation conditions :math:`f_i - f_j \ge c_{ij}`.

    .. math::

        c_{ij} = \langle g_j, y_i - y_j \rangle + \frac{1}{2 (1 - \mu/L)} \Big(
        \tfrac1L \|g_i - g_j\|^2 + \mu \|y_i - y_j\|^2
        - 2 \tfrac{\mu}{L} \langle g_j - g_i, y_j - y_i \rangle \Big),

    (Taylor, Hendrickx and Glineur 2017, Theorem 4); the diagonal is zero.

    Raises
    ------
    ValueError
        If not :math:`0 < \mu < L` (the conditions divide by :math:`1 - \mu/L`).

    Examples
    --------
    Two points of :math:`f(y) = y^2` (gradient :math:`2y`) in :math:`\mathcal S(1, 3)`:

    >>> from fractions import Fraction as F
    >>> c = interpolation_bounds([[F(0)], [F(1)]], [[F(0)], [F(2)]], mu=F(1), L=F(3))
    >>> c[1][0], c[0][1]  # f_1 - f_0 = 1 and f_0 - f_1 = -1 satisfy both
    (Fraction(3, 4), Fraction(-5, 4))
    """
    if not 0 < mu < L:
        raise ValueError(f"the interpolation conditions need 0 < mu < L, got mu = {mu}, L = {L}")
    weight = 1 / (2 * (1 - mu / L))
    K = len(y)
    bounds = [[Fraction(0)] * K for _ in range(K)]
    for i in range(K):
        for j in range(K):
            if i == j:
                continue
            dy, dg = _minus(y[i], y[j]), _minus(g[i], g[j])
            curvature = _dot(dg, dg) / L + mu * _dot(dy, dy) - 2 * mu / L * _dot(dg, dy)
            bounds[i][j] = _dot(g[j], dy) + weight * curvature
    return bounds


def interpolation_failure(
    y: Sequence[Point],
    g: Sequence[Point],
    f: Sequence[Fraction],
    *,
    mu: Fraction,
    L: Fraction,
) -> str | None:
    r"""None when the triples :math:`(y_k, g_k, f_k)` are interpolable in
    :math:`\mathcal S(\mu, L)`, :math:`0 < \mu < L` (every condition of
    :func:`interpolation_bounds` holds exactly); else the first pair that fails.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> y, g = [[F(0)], [F(1)]], [[F(0)], [F(2)]]  # f(y) = y^2 at 0 and 1
    >>> interpolation_failure(y, g, [F(0), F(1)], mu=F(1), L=F(3)) is None
    True
    >>> interpolation_failure(y, g, [F(0), F(1, 2)], mu=F(1), L=F(3))
    'f_1 - f_0 = 1/2 < 3/4 (pair i = 1, j = 0)'
    """
    bounds = interpolation_bounds(y, g, mu=mu, L=L)
    for i, row in enumerate(bounds):
        for j, bound in enumerate(row):
            if i != j and f[i] - f[j] < bound:
                return f"f_{i} - f_{j} = {f[i] - f[j]} < {bound} (pair i = {i}, j = {j})"
    return None
