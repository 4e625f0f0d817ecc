r"""The matrix inequality of a Lyapunov proof, built exactly.

Lessard, Recht and Packard (SIAM J. Optim. 26(1), 2016; Lemma 10 and Theorem 4) certify a
rate :math:`\rho` over :math:`\mathcal S(\mu, L)` for the two-step family with the state
:math:`\xi_k = (x_k - x^*, x_{k-1} - x^*, \zeta_k)`, where :math:`u_k = \nabla f(y_k)`,
:math:`y_k = (1 + \gamma) x_k - \gamma x_{k-1}` and the off-by-one filter
:math:`\zeta_{k+1} = u_k - L (y_k - x^*)`, :math:`\zeta_0 = 0`. On the variables
:math:`v = (\xi, u)` (one coordinate each; the argument is the same per dimension):

.. math::

    [A\ B] = \begin{pmatrix} 1 + \beta & -\beta & 0 & -\alpha \\ 1 & 0 & 0 & 0 \\
    -L(1 + \gamma) & L\gamma & 0 & 1 \end{pmatrix}, \qquad E = [I_3\ 0],

the linear forms :math:`a = L (y - x^*) - u`, :math:`b = u - \mu (y - x^*)`,
:math:`c = a + \rho^2 \zeta`, and :math:`S = a b^\top + b a^\top`,
:math:`O = c b^\top + b c^\top`. A proof holds when, exactly,

.. math::

    M = [A\ B]^\top P [A\ B] - \rho^2 E^\top P E + \lambda_s S + \lambda_o O \preceq 0,
    \quad P \succ 0, \quad \lambda_s, \lambda_o \ge 0, \quad 0 \le \rho < 1.

Then :math:`V_k = \xi_k^\top P \xi_k` obeys :math:`V_{k+1} \le \rho^2 V_k - \lambda_s
a_k b_k - \lambda_o c_k b_k`; the sector term :math:`a_k b_k \ge 0` at each step and the
off-by-one term in its :math:`\rho^{-2k}`-weighted sum (which needs :math:`\rho \le 1` and
:math:`\zeta_0 = 0`), so :math:`V_n \le \rho^{2n} V_0` and
:math:`\|x_n - x^*\| = O(\rho^n)`. Standard library only.
"""

from __future__ import annotations

from fractions import Fraction

__all__ = ["LABELS", "lyapunov_matrix"]

# Rows and columns of M: the state (x_k, x_{k-1}, zeta_k) and the gradient u_k.
LABELS = ("x_k", "x_{k-1}", "zeta_k", "u_k")


def _symmetric(first: list[Fraction], second: list[Fraction]) -> list[list[Fraction]]:
    return [[first[i] * second[j] + second[i] * first[j] for j in range(4)] for i in range(4)]


def lyapunov_matrix(
    alpha: Fraction,
    beta: Fraction,
    gamma: Fraction,
    *,
    mu: Fraction,
    L: Fraction,
    rho: Fraction,
    P: list[list[Fraction]],
    lambda_sector: Fraction,
    lambda_off_by_one: Fraction,
) -> list[list[Fraction]]:
    r"""The left-hand side :math:`M` (4 x 4, module docstring), exactly.

    Parameters
    ----------
    alpha, beta, gamma : Fraction
        The family's parameters.
    mu, L : Fraction
        The class the family sees.
    rho : Fraction
        The rate.
    P : list of lists of Fraction, shape (3, 3)
    lambda_sector, lambda_off_by_one : Fraction

    Returns
    -------
    list of lists of Fraction, shape (4, 4)

    Examples
    --------
    Gradient descent at :math:`2/(\mu + L)` on :math:`[1, 3]` has rate :math:`1/2`; with
    :math:`P = \operatorname{diag}(1, 0, 0)` the form is
    :math:`(x - u/2)^2 - x^2/4 + 2\lambda_s (3x - u)(u - x)
    = (3/4 - 6\lambda_s) x^2 + (8\lambda_s - 1) x u + (1/4 - 2\lambda_s) u^2`, zero at
    :math:`\lambda_s = 1/8`:

    >>> from fractions import Fraction as F
    >>> P = [[F(1), F(0), F(0)], [F(0), F(0), F(0)], [F(0), F(0), F(0)]]
    >>> M = lyapunov_matrix(F(1, 2), F(0), F(0), mu=F(1), L=F(3), rho=F(1, 2), P=P,
    ...                     lambda_sector=F(1, 8), lambda_off_by_one=F(0))
    >>> [[str(entry) for entry in row] for row in M]  # doctest: +NORMALIZE_WHITESPACE
    [['0', '0', '0', '0'], ['0', '0', '0', '0'], ['0', '0', '0', '0'], ['0', '0', '0', '0']]
    """
    one, zero = Fraction(1), Fraction(0)
    dynamics = [
        [1 + beta, -beta, zero, -alpha],
        [one, zero, zero, zero],
        [-L * (1 + gamma), L * gamma, zero, one],
    ]
    a = [L * (1 + gamma), -L * gamma, zero, -one]
    b = [-mu * (1 + gamma), mu * gamma, zero, one]
    c = [a[0], a[1], rho**2, a[3]]
    sector, off = _symmetric(a, b), _symmetric(c, b)
    rho2 = rho**2
    M = []
    for i in range(4):
        row = []
        for j in range(4):
            value = sum(
                (dynamics[k][i] * P[k][m] * dynamics[m][j] for k in range(3) for m in range(3)),
                zero,
            )
            if i < 3 and j < 3:
                value -= rho2 * P[i][j]
            row.append(value + lambda_sector * sector[i][j] + lambda_off_by_one * off[i][j])
        M.append(row)
    return M
