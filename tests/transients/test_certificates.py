"""momentum_theory.transients.certificates (Theorem 1 in the 2-norm) against mpmath powers.

Each test says whether it checks an equality (a stated relative tolerance) or a bound (<=).
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from momentum_theory.reference import power_norms_mpmath as mpmath_power_norms
from momentum_theory.transients.certificates import (
    jordan_growth,
    transient_constant,
    transient_peak,
)


@pytest.mark.parametrize("point", [(0.04, 0.5, 1.0), (0.02, 0.9, 1.0), (1 / 64, 49 / 64, 1.0)])
@pytest.mark.parametrize("eps", [0.05, 0.01])
def test_transient_constant_is_the_smallest_valid_constant(point, eps):
    bound = transient_constant(*point, eps)
    assert bound.holds_for_all_t
    # Twice the certified steps: the tail certificate says nothing larger appears.
    reference = mpmath_power_norms(*point, 2 * bound.steps)
    ratios = [float(norm / mpmath.mpf(bound.rho + eps) ** t) for t, norm in enumerate(reference)]
    # Bound: every ratio <= C (1 + 1e-12); equality: the largest one is C (rel 1e-12).
    assert max(ratios) <= bound.constant * (1 + 1e-12)
    assert np.isclose(ratios[bound.peak_step], bound.constant, rtol=1e-12, atol=0)


def test_transient_constant_grows_like_one_over_eps_on_the_jordan_block():
    # On a Jordan block ||A^t|| ~ (1 + rho^2) t rho^(t-1) and max_t t q^t ~ 1/(e (1 - q)),
    # so C(eps) ~ (1 + rho^2)/(e eps) as eps -> 0: no constant works for eps = 0.
    rho = 7 / 8
    epsilons = (0.1, 0.01, 0.001)
    constants = [transient_constant(1 / 64, 49 / 64, 1.0, eps).constant for eps in epsilons]
    assert constants[0] < constants[1] < constants[2]  # bound: strictly increasing
    # Equality with the asymptote to 0.2% at eps = 1e-3 (the remainder is O(eps)).
    assert np.isclose(constants[2] * epsilons[2] * np.e / (1 + rho**2), 1.0, rtol=2e-3)


def test_transient_constant_with_explicit_steps():
    # Equality with the maximum over the given steps only, and no all-t claim.
    bound = transient_constant(0.02, 0.9, 1.0, 0.01, steps=3)
    reference = mpmath_power_norms(0.02, 0.9, 1.0, 3)
    expected = max(float(norm) / (bound.rho + 0.01) ** t for t, norm in enumerate(reference))
    assert np.isclose(bound.constant, expected, rtol=1e-13)
    assert bound.steps == 3 and not bound.holds_for_all_t


def test_transient_constant_rejects_bad_input():
    with pytest.raises(ValueError, match="eps"):
        transient_constant(0.1, 0.5, 1.0, 0.0)
    with pytest.raises(ValueError, match="alpha must be a scalar"):
        transient_constant([0.1, 0.2], 0.5, 1.0, 0.1)
    with pytest.raises(ValueError, match="steps"):
        transient_constant(0.02, 0.9, 1.0, 1e-12)  # no steps up to 2**21 prove it


def test_transient_peak_exceeds_one_although_rho_is_below_one():
    peak = transient_peak(0.02, 0.9, 1.0)
    reference = [float(v) for v in mpmath_power_norms(0.02, 0.9, 1.0, 2 * peak.steps)]
    # Equality with the mpmath maximum (rel 1e-12), and the claim itself: peak > 1 > rho.
    assert np.isclose(peak.peak, max(reference), rtol=1e-12)
    assert peak.peak_step == int(np.argmax(reference))
    assert peak.peak > 8 and peak.rho < 1 and peak.holds_for_all_t


def test_transient_peak_needs_steps_when_rho_is_at_least_one():
    with pytest.raises(ValueError, match="steps is required"):
        transient_peak(0.01, 1.2, 1.0)
    peak = transient_peak(0.01, 1.2, 1.0, steps=30)
    assert not peak.holds_for_all_t and peak.peak_step == 30


@pytest.mark.parametrize(("alpha", "rho"), [(1 / 4, 1 / 2), (1 / 64, 7 / 8), (1 / 256, 15 / 16)])
def test_jordan_growth_within_the_proved_bound(alpha, rho):
    growth = jordan_growth(alpha, 1.0, 400)
    assert growth.rho == rho and growth.quarter_discriminant == 0.0
    reference = np.array([float(v) for v in mpmath_power_norms(alpha, growth.beta, 1.0, 400)])
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


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: transient_constant(0.1, 0.5, 1.0, 0.1, steps=-1), "steps must be a non"),
        (lambda: transient_constant(0.1, 0.5, 1.0, 0.1, steps=2.5), "steps must be a non"),
        (lambda: transient_constant(0.1, 0.5, 1.0, np.inf), "eps must be a finite positive"),
        (lambda: transient_peak(0.1, -0.5, 1.0), "beta must be non-negative"),
        (lambda: transient_peak(0.1, 0.5, 1.0, steps=-3), "steps must be a non-negative"),
        (lambda: jordan_growth(0.0, 1.0, 5), "alpha h must be positive"),
        (lambda: jordan_growth(0.1, 1.0, -5), "steps must be a non-negative integer"),
    ],
)
def test_certificates_reject_bad_input_with_the_shared_messages(call, message):
    with pytest.raises(ValueError, match=message):
        call()
