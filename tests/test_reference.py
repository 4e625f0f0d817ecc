"""The shared references against even plainer ones: exact rationals and numpy."""

from fractions import Fraction

import numpy as np
import pytest

from momentum_theory import critical_beta
from momentum_theory.reference import (
    critical_points,
    hard_points,
    naive_spectral_radius,
    plain_heavy_ball,
    power_norms_mpmath,
    spectral_radius_mpmath,
)


def test_plain_heavy_ball_equals_exact_rationals_on_a_scalar():
    """Equality to 1e-13 (relative) with the same loop in Fractions, from rest and moving."""
    for x_prev in (None, 1.5):
        plain = plain_heavy_ball(10.0, 1.0, 0.05, 0.7, 60, x_prev=x_prev)
        alpha, beta, h = Fraction(0.05), Fraction(0.7), Fraction(10.0)
        x, previous = Fraction(1), Fraction(1 if x_prev is None else x_prev)
        for t in range(61):
            assert float(abs(x)) == pytest.approx(plain[t], rel=1e-13)
            x, previous = x - alpha * (h * x) + beta * (x - previous), x


def test_plain_heavy_ball_forms_of_q_and_the_minimiser_agree():
    """Equality to 1e-13: scalar, diagonal and dense Q; with b != 0, distances from Q^{-1} b
    to 1e-12 relative plus 1e-13 absolute."""
    eigenvalues, start = np.array([1.0, 4.0, 9.0]), np.array([1.0, -2.0, 0.5])
    diagonal = plain_heavy_ball(eigenvalues, start, 0.1, 0.5, 40)
    dense = plain_heavy_ball(np.diag(eigenvalues), start, 0.1, 0.5, 40)
    np.testing.assert_allclose(dense, diagonal, rtol=1e-13)
    minimiser = np.array([2.0, 1.0, -1.0])
    shifted = plain_heavy_ball(
        np.diag(eigenvalues), start + minimiser, 0.1, 0.5, 40, b=eigenvalues * minimiser
    )
    # The shifted loop carries x* (size ~2): its rounding is absolute, ~eps ||x*|| per step.
    np.testing.assert_allclose(shifted, diagonal, rtol=1e-12, atol=1e-13)
    scalar = plain_heavy_ball(4.0, [3.0, 4.0], 0.1, 0.5, 40)
    np.testing.assert_allclose(scalar, 5 * plain_heavy_ball(4.0, 1.0, 0.1, 0.5, 40), rtol=1e-13)


@pytest.mark.parametrize("point", [(0.1, 0.5, 1.0), (0.02, 0.9, 1.0), (1.9, 0.2, 1.0)])
def test_power_norms_mpmath_equal_numpy_matrix_powers(point):
    """Equality to 1e-12 with float64 matrix powers over 30 steps (their rounding)."""
    alpha, beta, h = point
    step = np.array([[1 + beta - alpha * h, -beta], [1.0, 0.0]])
    expected = [np.linalg.norm(np.linalg.matrix_power(step, t), 2) for t in range(31)]
    np.testing.assert_allclose(
        [float(v) for v in power_norms_mpmath(*point, 30)], expected, rtol=1e-12
    )


def test_naive_spectral_radius_is_right_away_from_the_hard_cases():
    """Equality to 1e-14 with mpmath where neither cancellation nor a Jordan block occurs."""
    for point in [(0.1, 0.5, 1.0), (0.5, 0.0, 1.0), (1.9, 0.2, 1.0), (0.02, 0.3, 10.0)]:
        exact = float(spectral_radius_mpmath(*point))
        assert naive_spectral_radius(*point) == pytest.approx(exact, rel=1e-14)


def test_hard_and_critical_points():
    """The critical points lie on the curve; the hard lists are fixed (the paper quotes them)."""
    critical = critical_points()
    assert len(critical) == 25 and len(hard_points()) == 204
    for alpha, beta, h in critical:
        assert h == 1.0 and beta == float(critical_beta(alpha, 1.0))
    assert hard_points() == hard_points()  # deterministic, same order every call
