"""Tests of momentum_theory.amplification against sympy, exact rationals, mpmath and loops.

Each test says whether it checks an equality (a stated relative tolerance) or a bound (<=).
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp

from momentum_theory.amplification import (
    compare_effective_step,
    dominant_root_expansion,
    velocity_amplification,
    velocity_closed_form,
)
from momentum_theory.reference import plain_heavy_ball

UNIT_ROUNDOFF = 2.0**-53


@pytest.fixture(scope="module")
def closed_form():
    return velocity_closed_form()


def test_partial_sum_equals_explicit_sums(closed_form):
    # Equality (exact, symbolic): alpha g (1 + beta + ... + beta^(t-1)) for t = 0..8.
    a, b, g, t = closed_form.alpha, closed_form.beta, closed_form.g, closed_form.t
    for steps in range(9):
        explicit = sum((a * g * b**k for k in range(steps)), sp.Integer(0))
        assert sp.simplify(closed_form.partial_sum.subs(t, steps) - explicit) == 0


def test_limit_and_recursion(closed_form):
    a, b, g = closed_form.alpha, closed_form.beta, closed_form.g
    # Equality (exact): the limit is alpha g / (1 - beta); rsolve agrees with the sum.
    assert sp.simplify(closed_form.limit - a * g / (1 - b)) == 0
    assert closed_form.recursion_agrees
    assert sp.simplify(closed_form.from_recursion - closed_form.partial_sum) == 0
    # Tenfold at beta = 9/10, in exact rationals.
    assert closed_form.limit.subs({a: 1, g: 1, b: sp.Rational(9, 10)}) == 10


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.8, 0.9, 0.99, 0.999, -0.5])
def test_iterated_velocity_equals_exact_rational_recursion(beta):
    steps = 600
    run = velocity_amplification(beta, steps, alpha=0.1, g=3.0)
    exact, values = Fraction(0), [0.0]
    scale = Fraction(0.1) * Fraction(3.0)
    for _ in range(steps):
        exact = Fraction(beta) * exact + scale
        values.append(float(exact / scale))
    values = np.array(values)
    # Equality: the closed form to 4 (t + 1) u, the float loop to 8 u / (1 - |beta|).
    t = np.arange(steps + 1)
    assert np.all(np.abs(run.predicted[:, 0] - values) <= 4 * (t + 1) * UNIT_ROUNDOFF * values)
    assert np.all(
        np.abs(run.measured[:, 0] - values) <= 8 * UNIT_ROUNDOFF / (1 - abs(beta)) * values
    )


def test_tenfold_at_beta_0_9_approached_from_below():
    run = velocity_amplification([0.5, 0.9], 400)
    # Equality (rel 1e-15): the double 0.9 is 0.9 + 2.2e-17, so 1/(1 - beta) is 10 + 2e-15.
    np.testing.assert_allclose(run.limit, [2.0, 10.0], rtol=1e-15)
    # Bound: v_t / (alpha g) < 1/(1 - beta) at every finite t (strictly, while 0.9^t > u).
    assert np.all(run.measured[:300, 1] < 10.0)
    assert np.all(np.diff(run.measured[:, 1]) >= 0)
    # Equality (rel 1e-15) at t = 400, where 0.9^400 < 1e-18.
    assert np.isclose(run.measured[-1, 1], 10.0, rtol=1e-15)


def test_velocity_ratio_does_not_depend_on_alpha_or_sign_of_g():
    # Equality (rel 1e-15): the convention v = beta v - alpha grad f only flips the sign.
    reference = velocity_amplification(0.9, 50)
    flipped = velocity_amplification(0.9, 50, alpha=0.01, g=-7.0)
    np.testing.assert_allclose(flipped.measured, reference.measured, rtol=1e-14)
    np.testing.assert_array_equal(flipped.predicted, reference.predicted)


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        (([1.0], 5), "beta"),
        (([-1.0], 5), "beta"),
        ((0.5, -1), "steps"),
        ((0.5, 5, 0.0), "alpha g"),
        (([[0.5]], 5), "beta"),
    ],
)
def test_velocity_amplification_rejects_bad_input(arguments, name):
    with pytest.raises(ValueError, match=name):
        velocity_amplification(*arguments)


# ----------------------------------------------------------------------------------------
# The dominant root and the effective step alpha / (1 - beta).


def test_expansion_solves_the_characteristic_equation():
    # Equality (exact, symbolic): the residual of the series vanishes through x^order.
    for order in (2, 3, 4):
        expansion = dominant_root_expansion(order)
        x, beta = expansion.x, expansion.beta
        residual = sp.expand(expansion.series**2 - (1 + beta - x) * expansion.series + beta)
        assert all(sp.simplify(residual.coeff(x, k)) == 0 for k in range(order + 1))
        assert len(expansion.coefficients) == order


def test_expansion_has_the_stated_coefficients():
    # Equality (exact): c1 = -1/(1-beta), c2 = -beta/(1-beta)^3, c3 = -beta(1+beta)/(1-beta)^5.
    expansion = dominant_root_expansion(3)
    beta = expansion.beta
    stated = (-1 / (1 - beta), -beta / (1 - beta) ** 3, -beta * (1 + beta) / (1 - beta) ** 5)
    for derived, expected in zip(expansion.coefficients, stated):
        assert sp.simplify(derived - expected) == 0
    d1, d2 = expansion.speed_ratio
    assert sp.simplify(d1 - beta / (1 - beta) ** 2) == 0
    assert sp.simplify(d2 - beta * (beta + 3) / (2 * (1 - beta) ** 4)) == 0


@pytest.mark.parametrize("beta", ["1/2", "9/10"])
def test_expansion_matches_the_exact_root_at_high_precision(beta):
    # Equality: the truncation error is c_4 x^4 to within 1% (mpmath at 40 digits).
    expansion = dominant_root_expansion(3)
    c4 = dominant_root_expansion(4).coefficients[3]
    with mpmath.workdps(40):
        b = mpmath.mpf(sp.Rational(beta).p) / sp.Rational(beta).q
        x = mpmath.mpf(10) ** -4 * (1 - mpmath.sqrt(b)) ** 2
        trace = 1 + b - x
        exact = (trace + mpmath.sqrt(trace**2 - 4 * b)) / 2
        substitution = {expansion.x: sp.Float(str(x), 40), expansion.beta: sp.Rational(beta)}
        series = mpmath.mpf(str(sp.N(expansion.series.subs(substitution), 40)))
        fourth = mpmath.mpf(str(sp.N(c4.subs(substitution) * substitution[expansion.x] ** 4, 40)))
        assert abs((exact - series) / fourth - 1) < 0.01


def simulated_rate(alpha: float, beta: float, h: float, steps: int = 4000) -> float:
    """Ratio of successive distances of a plain loop, after the fast mode has died out."""
    distances = plain_heavy_ball(h, 1.0, alpha, beta, steps)
    return distances[-1] / distances[-2]


@pytest.mark.parametrize("beta", [0.5, 0.9])
@pytest.mark.parametrize("fraction", [0.001, 0.01, 0.1])
def test_effective_step_against_simulation(beta, fraction):
    h = 1.0
    alpha = fraction * (1 - np.sqrt(beta)) ** 2  # below the critical point
    result = compare_effective_step(alpha, beta, h)
    x = alpha * h
    # Equality (rel 1e-13): the exact rate is what a plain loop measures.
    assert np.isclose(float(result.measured), simulated_rate(alpha, beta, h), rtol=1e-13)
    # Bound: the second-order prediction is off by at most 2 |c3| x^3 (c3 from the series).
    c3 = beta * (1 + beta) / (1 - beta) ** 5
    assert abs(float(result.predicted) - float(result.measured)) <= 2 * c3 * x**3
    # Heavy ball is faster than GD with step alpha/(1-beta), by beta x^2/(1-beta)^3 + O(x^3).
    gap = float(result.gradient_descent_rate - result.measured)
    assert gap > 0
    assert abs(gap - beta * x**2 / (1 - beta) ** 3) <= 2 * c3 * x**3
    # Speed ratio 1 + beta x/(1-beta)^2 + O(x^2), bounded with twice the x^2 coefficient.
    d2 = beta * (beta + 3) / (2 * (1 - beta) ** 4)
    assert abs(float(result.speed_ratio) - 1 - beta * x / (1 - beta) ** 2) <= 2 * d2 * x**2


def test_effective_step_breaks_down_past_the_critical_point():
    # Past (1 - sqrt beta)^2 the heavy-ball rate is stuck at sqrt(beta) (equality, rel 1e-15).
    beta = 0.9
    critical = (1 - np.sqrt(beta)) ** 2
    result = compare_effective_step(np.array([2, 5, 20]) * critical, beta, 1.0)
    np.testing.assert_allclose(result.measured, np.sqrt(beta), rtol=1e-15)
    np.testing.assert_allclose(result.critical_product, critical, rtol=1e-15)
    # ... while GD with the effective step keeps improving: it is faster here.
    assert np.all(result.gradient_descent_rate < result.measured)


def test_effective_step_broadcasts_and_validates():
    result = compare_effective_step([1e-4, 1e-3], [[0.0], [0.5]], 1.0)
    assert result.measured.shape == (2, 2)
    # beta = 0: heavy ball is gradient descent (equality, rel 1e-15).
    np.testing.assert_allclose(result.measured[0], result.gradient_descent_rate[0], rtol=1e-15)
    for arguments, name in (
        ((0.0, 0.5, 1.0), "alpha"),
        ((0.1, 1.0, 1.0), "beta"),
        ((0.1, 0.5, -1.0), "h"),
    ):
        with pytest.raises(ValueError, match=name):
            compare_effective_step(*arguments)


def test_negative_momentum_oscillates_around_the_limit():
    """For -1 < beta < 0 the partial sums alternate about 1/(1-beta) (exact fractions):
    above it at odd t, below at even t, so the limit is no upper bound there."""
    beta = Fraction(-1, 2)
    limit = 1 / (1 - beta)
    velocity = Fraction(0)
    for t in range(1, 12):
        velocity = beta * velocity + 1
        assert (velocity > limit) == (t % 2 == 1)
    result = velocity_amplification(-0.5, 11)
    assert float(np.ravel(result.measured[-1])[0]) == pytest.approx(float(velocity), rel=1e-15)


@pytest.mark.parametrize("beta", [0.5, 0.8, 0.9])
def test_alternating_gradient_attenuates_the_step(beta):
    """Erratum 3: with a gradient that flips sign every step, the velocity tends to
    alpha g/(1 + beta) in magnitude, smaller than gradient descent's alpha g: momentum
    damps, not amplifies, there (exact rational recursion)."""
    from fractions import Fraction

    b, v = Fraction(beta), Fraction(0)
    for t in range(200):
        v = b * v + (-1) ** t  # alpha g = 1
    assert abs(abs(v) - 1 / (1 + b)) < Fraction(1, 10**8)
    assert abs(v) < 1
