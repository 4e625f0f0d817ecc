"""Tests of momentum_theory/proofs/inequality.py: M against the quadratic form it stands for.

The reference is the Lyapunov decrease written out in sympy from the family's update:
V(xi_{k+1}) - rho^2 V(xi_k) + lambda_s 2 a b + lambda_o 2 c b, whose Hessian / 2 is M.
"""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from momentum_theory.beyond.certificate import system_matrices
from momentum_theory.proofs.inequality import lyapunov_matrix

sympy = pytest.importorskip("sympy")

_small = st.fractions(min_value=-3, max_value=3, max_denominator=7)


def _reference(alpha, beta, gamma, mu, L, rho, P, ls, lo):
    x, xp, z, u = sympy.symbols("x xp z u")
    R = sympy.Rational
    alpha, beta, gamma, mu, L, rho, ls, lo = (
        R(v.numerator, v.denominator) for v in (alpha, beta, gamma, mu, L, rho, ls, lo)
    )
    Pm = sympy.Matrix(3, 3, lambda i, j: R(P[i][j].numerator, P[i][j].denominator))
    y = x + gamma * (x - xp)
    state = sympy.Matrix([x, xp, z])
    following = sympy.Matrix([x + beta * (x - xp) - alpha * u, x, u - L * y])
    a, b = L * y - u, u - mu * y
    c = a + rho**2 * z
    form = (following.T * Pm * following)[0] - rho**2 * (state.T * Pm * state)[0]
    form += 2 * ls * a * b + 2 * lo * c * b
    return sympy.hessian(sympy.expand(form), (x, xp, z, u)) / 2


@settings(max_examples=40)
@given(st.lists(_small, min_size=14, max_size=14))
def test_matches_the_quadratic_form(values):
    alpha, beta, gamma, mu, ls, lo, rho = values[:7]
    L = mu + 1 + abs(values[7])
    p = values[8:14]
    P = [[p[0], p[1], p[2]], [p[1], p[3], p[4]], [p[2], p[4], p[5]]]
    M = lyapunov_matrix(
        alpha, beta, gamma, mu=mu, L=L, rho=rho, P=P, lambda_sector=ls, lambda_off_by_one=lo
    )
    reference = _reference(alpha, beta, gamma, mu, L, rho, P, ls, lo)
    assert [
        [sympy.Rational(v.numerator, v.denominator) for v in row] for row in M
    ] == reference.tolist()


def test_matches_the_scaled_floating_point_system():
    """The float LMI of beyond.certificate works in (x, x_prev, zeta / L, u / L) with L = 1:
    with T = diag(1, 1, 1/L, 1/L), T^T M_scaled T = M for P = D P_scaled D, D = diag(1, 1, 1/L),
    and the multipliers divided by L^2."""
    alpha, beta, gamma, mu, L, rho = 0.1, 0.5, 0.25, 1.0, 8.0, 0.75
    P_scaled = np.array([[2.0, 0.5, 0.25], [0.5, 1.0, -0.125], [0.25, -0.125, 0.5]])
    ls, lo = 0.375, 0.625
    dynamics, sector, off, off_rho = system_matrices(alpha, beta, gamma, mu, L)
    state = np.eye(3, 4)
    scaled = dynamics.T @ P_scaled @ dynamics - rho**2 * state.T @ P_scaled @ state
    scaled += ls * sector + lo * (off + rho**2 * off_rho)
    T = np.diag([1.0, 1.0, 1 / L, 1 / L])
    D = np.diag([1.0, 1.0, 1 / L])
    P = [[Fraction(v) for v in row] for row in D @ P_scaled @ D]
    F = Fraction
    M = lyapunov_matrix(
        F(alpha),
        F(beta),
        F(gamma),
        mu=F(mu),
        L=F(L),
        rho=F(rho),
        P=P,
        lambda_sector=F(ls) / F(L) ** 2,
        lambda_off_by_one=F(lo) / F(L) ** 2,
    )
    np.testing.assert_allclose(np.array(M, dtype=float), T @ scaled @ T, rtol=1e-13, atol=1e-14)
