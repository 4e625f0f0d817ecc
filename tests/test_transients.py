"""Tests of momentum_theory.transients against mpmath, sympy and plain-loop simulation.

Each test says whether it checks an equality (a stated relative tolerance) or a bound (<=).
"""

from __future__ import annotations

import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from momentum_theory import critical_beta, optimal_parameters
from momentum_theory.reference import plain_heavy_ball, power_norms_mpmath
from momentum_theory.transients import (
    at_rest_polynomial,
    jordan_growth,
    power_norms,
    transient_constant,
    transient_curves,
    transient_peak,
    worst_case_error,
)

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
    horizon = 200
    closed = power_norms(*point, horizon)
    reference = power_norms_mpmath(*point, horizon)
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


def test_power_norms_long_horizons_underflow_and_overflow_cleanly():
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
        ((0.1, 0.5, 1.0, -1), "horizon"),
        ((0.1, 0.5, 1.0, 2.5), "horizon"),
        ((1e200, 0.5, 1.0, 5), "alpha h"),
        ((1e305, 0.5, 1e-305, 5), "alpha h"),
    ],
)
def test_power_norms_reject_bad_input_naming_the_parameter(arguments, name):
    with pytest.raises(ValueError, match=name):
        power_norms(*arguments)


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


# ----------------------------------------------------------------------------------------
# Theorem 1: the constant, the peak, the Jordan case.


@pytest.mark.parametrize("point", [(0.04, 0.5, 1.0), (0.02, 0.9, 1.0), (1 / 64, 49 / 64, 1.0)])
@pytest.mark.parametrize("eps", [0.05, 0.01])
def test_transient_constant_is_the_smallest_valid_constant(point, eps):
    bound = transient_constant(*point, eps)
    assert bound.holds_for_all_t
    # Twice the certified horizon: the tail certificate says nothing larger appears.
    reference = power_norms_mpmath(*point, 2 * bound.horizon)
    ratios = [float(norm / mpmath.mpf(bound.rho + eps) ** t) for t, norm in enumerate(reference)]
    # Bound: every ratio <= C (1 + 1e-12); equality: the largest one is C (rel 1e-12).
    assert max(ratios) <= bound.constant * (1 + 1e-12)
    assert np.isclose(ratios[bound.attained_at], bound.constant, rtol=1e-12, atol=0)


def test_transient_constant_grows_like_one_over_eps_on_the_jordan_block():
    # On a Jordan block ||A^t|| ~ (1 + rho^2) t rho^(t-1) and max_t t q^t ~ 1/(e (1 - q)),
    # so C(eps) ~ (1 + rho^2)/(e eps) as eps -> 0: no constant works for eps = 0.
    rho = 7 / 8
    epsilons = (0.1, 0.01, 0.001)
    constants = [transient_constant(1 / 64, 49 / 64, 1.0, eps).constant for eps in epsilons]
    assert constants[0] < constants[1] < constants[2]  # bound: strictly increasing
    # Equality with the asymptote to 0.2% at eps = 1e-3 (the remainder is O(eps)).
    assert np.isclose(constants[2] * epsilons[2] * np.e / (1 + rho**2), 1.0, rtol=2e-3)


def test_transient_constant_with_explicit_horizon():
    # Equality with the maximum over the given horizon only, and no all-t claim.
    bound = transient_constant(0.02, 0.9, 1.0, 0.01, horizon=3)
    reference = power_norms_mpmath(0.02, 0.9, 1.0, 3)
    expected = max(float(norm) / (bound.rho + 0.01) ** t for t, norm in enumerate(reference))
    assert np.isclose(bound.constant, expected, rtol=1e-13)
    assert bound.horizon == 3 and not bound.holds_for_all_t


def test_transient_constant_rejects_bad_input():
    with pytest.raises(ValueError, match="eps"):
        transient_constant(0.1, 0.5, 1.0, 0.0)
    with pytest.raises(ValueError, match="alpha must be a scalar"):
        transient_constant([0.1, 0.2], 0.5, 1.0, 0.1)
    with pytest.raises(ValueError, match="horizon"):
        transient_constant(0.02, 0.9, 1.0, 1e-12)  # no horizon up to 2**21 proves it


def test_transient_peak_exceeds_one_although_rho_is_below_one():
    peak = transient_peak(0.02, 0.9, 1.0)
    reference = [float(v) for v in power_norms_mpmath(0.02, 0.9, 1.0, 2 * peak.horizon)]
    # Equality with the mpmath maximum (rel 1e-12), and the claim itself: peak > 1 > rho.
    assert np.isclose(peak.peak, max(reference), rtol=1e-12)
    assert peak.peak_time == int(np.argmax(reference))
    assert peak.peak > 8 and peak.rho < 1 and peak.holds_for_all_t


def test_transient_peak_needs_a_horizon_when_rho_is_at_least_one():
    with pytest.raises(ValueError, match="horizon"):
        transient_peak(0.01, 1.2, 1.0)
    peak = transient_peak(0.01, 1.2, 1.0, horizon=30)
    assert not peak.holds_for_all_t and peak.peak_time == 30


@pytest.mark.parametrize(("alpha", "rho"), [(1 / 4, 1 / 2), (1 / 64, 7 / 8), (1 / 256, 15 / 16)])
def test_jordan_growth_within_the_proved_bound(alpha, rho):
    growth = jordan_growth(alpha, 1.0, 400)
    assert growth.rho == rho and growth.quarter_discriminant == 0.0
    reference = np.array([float(v) for v in power_norms_mpmath(alpha, growth.beta, 1.0, 400)])
    t = np.arange(401)
    # Bound, from an independent reference: |norm - (1 + rho^2) t rho^(t-1)| <= rho^t.
    assert np.all(np.abs(reference - (1 + rho**2) * t * rho ** (t - 1.0)) <= rho**t * (1 + 1e-12))
    # Equality of the measured field with mpmath, and of predicted with the formula.
    np.testing.assert_allclose(growth.measured, reference, rtol=1e-12)
    np.testing.assert_allclose(growth.predicted, (1 + rho**2) * t * rho ** (t - 1.0), rtol=1e-14)
    # The t factor: ||A^t|| / rho^t grows without bound (here past 300).
    assert growth.measured[-1] / rho**400 > 300


def test_jordan_growth_reports_a_rounded_critical_beta():
    growth = jordan_growth(0.01, 1.0, 10)
    assert growth.quarter_discriminant != 0.0
    assert abs(growth.quarter_discriminant) < 1e-15


def test_transient_curves_are_consistent():
    for curve in transient_curves(60):
        # Bound: C (rho + eps)^t dominates the norms; the peak exceeds one with rho < 1.
        assert np.all(curve.norms <= curve.bound * (1 + 1e-12))
        assert curve.rho < 1 < curve.peak.peak
        np.testing.assert_array_equal(curve.norms, power_norms(curve.alpha, curve.beta, 1.0, 60))


# ----------------------------------------------------------------------------------------
# Exact finite-horizon worst case.


def dense_sampled_worst(alpha: float, beta: float, mu: float, L: float, n: int) -> float:
    """Largest x_n^2 over 20001 equally spaced h in [mu, L] (a lower bound)."""
    h = np.linspace(mu, L, 20001)
    x, previous = np.ones_like(h), np.ones_like(h)
    for _ in range(n):
        x, previous = x - alpha * h * x + beta * (x - previous), x
    return float(np.max(x**2))


CASES = [
    (
        float(optimal_parameters(1.0, 100.0).alpha),
        float(optimal_parameters(1.0, 100.0).beta),
        1.0,
        100.0,
    ),
    (0.01, 0.9, 1.0, 100.0),
    (0.02, 0.5, 1.0, 10.0),
    (0.3, 0.1, 0.5, 6.0),
    (0.05, 0.99, 1.0, 20.0),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("n", [1, 2, 7, 30, 120])
def test_worst_case_error_attained_and_never_exceeded(case, n):
    result = worst_case_error(*case, n)
    # Equality: the maximising 1-D problem, simulated, attains W_n (rel 1e-11).
    assert np.isclose(
        plain_heavy_ball(result.h_worst, 1.0, case[0], case[1], n)[-1] ** 2,
        result.value,
        rtol=1e-11,
        atol=0,
    )
    # Bound: dense sampling never beats the exact maximum beyond rounding.
    assert dense_sampled_worst(*case, n) <= result.value * (1 + 1e-11)


@pytest.mark.parametrize(
    ("alpha", "beta", "mu", "L"),
    [("1/10", "1/2", "1", "10"), ("1/40", "9/10", "1", "50"), ("1/3", "1/5", "1/2", "6")],
)
@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_worst_case_error_equals_sympy_exact_maximum(alpha, beta, mu, L, n):
    # Equality (rel 1e-13): sympy's exact max of p_n^2 over endpoints and real roots of p_n'.
    a, b, lower, upper = (sp.Rational(v) for v in (alpha, beta, mu, L))
    h = sp.Symbol("h")
    p_old, p = sp.Integer(1), sp.Integer(1)
    for _ in range(n):
        p, p_old = sp.expand((1 + b - a * h) * p - b * p_old), p
    critical = [r for r in sp.Poly(sp.diff(p, h), h).real_roots() if lower < r < upper]
    exact = max(sp.N(p.subs(h, point) ** 2, 30) for point in [lower, upper, *critical])
    result = worst_case_error(*(float(v) for v in (a, b, lower, upper)), n)
    assert np.isclose(result.value, float(exact), rtol=1e-13, atol=0)


@settings(max_examples=40, deadline=None)
@given(
    alpha=st.floats(0.001, 0.5),
    beta=st.floats(0.0, 0.99),
    mu=st.floats(0.1, 5.0),
    spread=st.floats(0.0, 50.0),
    n=st.integers(0, 40),
)
def test_worst_case_error_dominates_sampling(alpha, beta, mu, spread, n):
    # Bound: no sampled h gives a larger error than W_n (beyond rounding).
    L = mu + spread
    result = worst_case_error(alpha, beta, mu, L, n)
    h = np.linspace(mu, L, 801)
    x, previous = np.ones_like(h), np.ones_like(h)
    for _ in range(n):
        x, previous = x - alpha * h * x + beta * (x - previous), x
    assert np.max(x**2) <= result.value * (1 + 1e-10)
    assert mu <= result.h_worst <= L


def test_worst_case_error_special_cases():
    assert worst_case_error(0.1, 0.5, 1.0, 10.0, 0).value == 1.0
    # n = 1: p_1 = 1 - alpha h, maximum at an endpoint (equality, exact).
    assert worst_case_error(0.1, 0.5, 1.0, 30.0, 1).value == max(0.9**2, (1 - 3.0) ** 2)
    # mu == L: a single quadratic (equality with the simulation, rel 1e-14).
    single = worst_case_error(0.1, 0.5, 4.0, 4.0, 9)
    assert np.isclose(single.value, plain_heavy_ball(4.0, 1.0, 0.1, 0.5, 9)[-1] ** 2, rtol=1e-14)
    # The transient: W_n far above rho^(2n) at Polyak's parameters.
    opt = optimal_parameters(1.0, 100.0)
    worst = worst_case_error(opt.alpha, opt.beta, 1.0, 100.0, 20)
    assert worst.value > 10 * worst.asymptotic_rate**40
    assert np.isclose(worst.per_step_rate, worst.value ** (1 / 40))


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ((0.1, 0.5, 0.0, 10.0, 3), "mu"),
        ((0.1, 0.5, 11.0, 10.0, 3), "mu"),
        ((0.1, -0.5, 1.0, 10.0, 3), "beta"),
        ((0.1, 0.5, 1.0, 10.0, -2), "n"),
        ((np.nan, 0.5, 1.0, 10.0, 3), "alpha"),
    ],
)
def test_worst_case_error_rejects_bad_input(arguments, name):
    with pytest.raises(ValueError, match=name):
        worst_case_error(*arguments)
