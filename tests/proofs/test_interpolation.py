"""Tests of momentum_theory/proofs/interpolation.py against closed forms.

Reference (by hand from Taylor, Hendrickx and Glineur 2017, Theorem 4): on y^T H y / 2
the slack of the condition for the pair (i, j), d = y_i - y_j, is
-d^T (H - mu)(H - L) d / (2 (L - mu)): nonnegative for every pair when the spectrum of H
lies in [mu, L], zero along an eigenvector of curvature mu or L, negative for a pair along
a curvature outside.
"""

from fractions import Fraction as F

import pytest

from momentum_theory.proofs.interpolation import (
    cycle_failure,
    gradient_points,
    interpolation_bounds,
    interpolation_failure,
)

MU, L = F(1), F(10)
POINTS = [[F(0), F(1)], [F(3, 2), F(-2)], [F(-1, 3), F(5, 7)], [F(2), F(2)]]


def _quadratic(h1, h2):
    """Points, gradients and values of (h1 y1^2 + h2 y2^2)/2 at POINTS."""
    g = [[h1 * a, h2 * b] for a, b in POINTS]
    f = [(h1 * a * a + h2 * b * b) / 2 for a, b in POINTS]
    return POINTS, g, f


@pytest.mark.parametrize(("h1", "h2"), [(MU, L), (F(3), F(7, 2)), (L, L), (MU, MU)])
def test_quadratics_of_the_class_interpolate(h1, h2):
    assert interpolation_failure(*_quadratic(h1, h2), mu=MU, L=L) is None


@pytest.mark.parametrize(("h1", "h2"), [(F(20), F(5)), (F(5), F(1, 10))])
def test_quadratics_outside_the_class_do_not(h1, h2):
    assert interpolation_failure(*_quadratic(h1, h2), mu=MU, L=L) is not None


@pytest.mark.parametrize(("h1", "h2"), [(MU, L), (F(3), F(7, 2)), (F(20), F(5)), (F(5), F(1, 10))])
def test_every_pair_matches_the_closed_form(h1, h2):
    """f_i - f_j - c_ij = -d^T (H - mu)(H - L) d / (2 (L - mu)), d = y_i - y_j."""
    y, g, f = _quadratic(h1, h2)
    bounds = interpolation_bounds(y, g, mu=MU, L=L)
    for i in range(len(y)):
        for j in range(len(y)):
            d = [a - b for a, b in zip(y[i], y[j])]
            form = sum((h - MU) * (h - L) * v * v for h, v in zip((h1, h2), d))
            assert f[i] - f[j] - bounds[i][j] == -form / (2 * (L - MU))


def test_the_class_must_have_kappa_above_one():
    with pytest.raises(ValueError, match="0 < mu < L"):
        interpolation_bounds([[F(0)]], [[F(0)]], mu=L, L=L)


def test_a_two_cycle_of_gradient_descent_and_its_gradient_points():
    """alpha = 1/5 on 10 y^2/2: y -> y - 2 y = -y, the 2-cycle 1, -1."""
    x, g = [[F(1)], [F(-1)]], [[F(10)], [F(-10)]]
    assert cycle_failure(x, g, F(1, 5), F(0)) is None
    assert "x_0" in cycle_failure(x, [[F(10)], [F(-9)]], F(1, 5), F(0))
    assert gradient_points(x, F(1, 2)) == [[F(2)], [F(-2)]]  # 1 + (1 - (-1))/2
