"""Tests of momentum_theory.transients.powers against mpmath, numpy, sympy and exact rationals.

Each test says whether it checks an equality (a stated relative tolerance) or a bound (<=).
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp

from momentum_theory import critical_beta
from momentum_theory.reference import power_norms_mpmath as mpmath_power_norms
from momentum_theory.transients.powers import at_rest_polynomial, power_norms

UNIT_ROUNDOFF = 2.0**-53


POINTS = [
    (0.04, 0.5, 1.0),  # real distinct
    (0.02, 0.9, 1.0),  # complex pair
    (1 / 64, 49 / 64, 1.0),  # exact Jordan block
    (0.3, 0.0, 1.0),  # gradient descent
    (1.9, 0.3, 1.0),  # T < 0, real
    (3.0, 0.9, 1.0),  # T < 0, complex
    (3.9, 0.99, 1.0),  # near the stability edge
    (0.01, 1.2, 1.0),  # divergent, rho > 1
    (1.0, 0.0, 1.0),  # nilpotent: rho = 0
]
# Within 1e-15 .. 1e-3 (relative) of the critical curve, on both sides.
POINTS += [
    (a, float(critical_beta(a, 1.0)) * (1 + d), 1.0)
    for a in (0.01, 0.2, 3.0)
    for d in (1e-15, -1e-15, 1e-9, -1e-9, 1e-3)
]


@pytest.mark.parametrize("point", POINTS)
def test_power_norms_equal_mpmath_matrix_powers(point):
    # Equality: relative error <= 8 (t + 1) u (rho^(t-1) amplifies the rounding of rho).
    steps = 200
    closed = power_norms(*point, steps)
    reference = mpmath_power_norms(*point, steps)
    for t, (value, exact) in enumerate(zip(closed, reference)):
        if exact < 1e-300:  # below the double range: underflow to zero is correct
            assert value < 1e-290
            continue
        assert abs(mpmath.mpf(float(value)) - exact) <= 8 * (t + 1) * UNIT_ROUNDOFF * exact


def test_power_norms_equal_numpy_matrix_power_for_small_t():
    # Equality, rel 1e-12: an independent float64 reference for short horizons.
    alpha, beta = np.meshgrid(np.linspace(0.01, 1.5, 7), np.linspace(0.0, 0.95, 6))
    norms = power_norms(alpha, beta, 1.3, 25)
    for a, b, series in zip(alpha.ravel(), beta.ravel(), norms.reshape(26, -1).T):
        matrix = np.array([[1 + b - a * 1.3, -b], [1.0, 0.0]])
        expected = [np.linalg.norm(np.linalg.matrix_power(matrix, t), 2) for t in range(26)]
        np.testing.assert_allclose(series, expected, rtol=1e-12)


def test_power_norms_broadcast_with_time_first():
    # Equality (exact): a batch is the same as separate scalar calls.
    alpha, beta = np.array([0.01, 0.1, 0.5]), np.array([[0.0], [0.9]])
    batch = power_norms(alpha, beta, 2.0, 10)
    assert batch.shape == (11, 2, 3)
    for i in range(2):
        for j in range(3):
            np.testing.assert_array_equal(
                batch[:, i, j], power_norms(alpha[j], beta[i, 0], 2.0, 10)
            )


def test_power_norms_simple_closed_forms():
    # Equality: beta = 0 gives A^t = T^(t-1) [[T, 0], [1, 0]], norm |T|^(t-1) sqrt(T^2 + 1).
    t = np.arange(1, 11)
    np.testing.assert_allclose(
        power_norms(0.25, 0.0, 1.0, 10)[1:], 0.75 ** (t - 1) * np.hypot(0.75, 1.0), rtol=1e-15
    )
    np.testing.assert_array_equal(power_norms(1.0, 0.0, 1.0, 4), [1.0, 1.0, 0.0, 0.0, 0.0])
    np.testing.assert_array_equal(power_norms(0.3, 0.5, 1.0, 0), [1.0])


def test_power_norms_many_steps_underflow_and_overflow_cleanly():
    # No warnings, no NaN: tiny values underflow to 0, huge ones overflow to inf.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        decaying = power_norms(0.02, 0.9, 1.0, 20000)
        growing = power_norms(0.01, 1.2, 1.0, 20000)
    assert np.isfinite(decaying).all() and decaying[-1] == 0.0
    assert not np.isnan(growing).any() and growing[-1] == np.inf


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ((0.1, -0.1, 1.0, 5), "beta"),
        ((np.nan, 0.5, 1.0, 5), "alpha"),
        ((0.1, 0.5, np.inf, 5), "h"),
        ((0.1, 0.5, 1.0, -1), "steps must be a non-negative integer"),
        ((0.1, 0.5, 1.0, 2.5), "steps must be a non-negative integer"),
        ((1e200, 0.5, 1.0, 5), "alpha h"),
    ],
)
def test_power_norms_reject_bad_input_naming_the_parameter(arguments, name):
    with pytest.raises(ValueError, match=name):
        power_norms(*arguments)


def test_extreme_factors_of_a_moderate_product_are_fine():
    """alpha = 1e305, h = 1e-305: the products are rescaled before splitting, not refused."""
    assert np.isfinite(power_norms(1e305, 0.5, 1e-305, 5)).all()


@pytest.mark.parametrize("beta", [Fraction(0), Fraction(3, 4), Fraction(49, 64), Fraction(7, 8)])
@pytest.mark.parametrize("h", [Fraction(1, 2), Fraction(1), Fraction(6)])
def test_at_rest_polynomial_equals_exact_rational_recurrence(beta, h):
    # Equality: |p - exact| <= 64 n u (|exact| + ||A^n||_max scale), exact by Fraction recurrence.
    alpha = Fraction(1, 16)
    trace = 1 + beta - alpha * h
    previous, current = Fraction(1), Fraction(1)
    for n in range(1, 41):
        previous, current = current, trace * current - beta * previous
        value = float(at_rest_polynomial(float(alpha), float(beta), float(h), n))
        scale = float(power_norms(float(alpha), float(beta), float(h), n)[-1])
        assert abs(value - float(current)) <= 64 * n * UNIT_ROUNDOFF * (
            abs(float(current)) + scale
        )


def test_at_rest_polynomial_matches_sympy_polynomial():
    # Equality (rel 1e-14): p_n(h) from sympy's exact polynomial, at 7 values of h.
    h_symbol = sp.Symbol("h")
    alpha, beta = sp.Rational(1, 10), sp.Rational(1, 2)
    p_old, p = sp.Integer(1), sp.Integer(1)
    for _ in range(12):
        p, p_old = sp.expand((1 + beta - alpha * h_symbol) * p - beta * p_old), p
    for h in (0.5, 1.0, 3.0, 7.0, 11.0, 15.0, 19.0):
        exact = float(p.subs(h_symbol, sp.Rational(h)))
        assert np.isclose(
            float(at_rest_polynomial(0.1, 0.5, h, 12)), exact, rtol=1e-13, atol=1e-15
        )
