"""Tests of the verify checks for Theorem 1, the worst case, amplification and the 2-D comparison.

Every check must pass on the real code and must fail when the quantity it checks is wrong
(so that no check is vacuous).
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from frozen import assert_frozen

from momentum_theory.paper._claims import Claim
from momentum_theory.paper._subject import claims_in
from momentum_theory.paper.transients import claims as checks
from momentum_theory.paper.transients.experiments import (
    TRANSIENT_REGIMES,
    from_rest,
    jordan_example,
    polyak_worst_case,
    regime_curves,
)
from momentum_theory.transients import certificates, powers, worst_case
from momentum_theory.transients.powers import power_norms


@pytest.mark.parametrize("check", claims_in(checks), ids=lambda c: c.__name__)
def test_check_passes_and_reports_a_finite_figure(check):
    result = check()
    assert isinstance(result, Claim)
    assert result.passed, result
    assert math.isfinite(result.measured)
    assert result.claim and result.method and result.criterion


def test_theorem1_check_fails_for_a_too_small_constant(monkeypatch):
    original = certificates.transient_constant

    def shrunk(*arguments, **keywords):
        bound = original(*arguments, **keywords)
        return dataclasses.replace(bound, constant=bound.constant * 0.99)

    monkeypatch.setattr(certificates, "transient_constant", shrunk)
    assert not checks.theorem1_constant().passed


def test_worst_case_checks_fail_for_a_wrong_maximum(monkeypatch):
    original = worst_case.worst_case_error

    def too_small(*arguments, **keywords):
        result = original(*arguments, **keywords)
        return dataclasses.replace(result, value=result.value * (1 - 1e-9))

    monkeypatch.setattr(worst_case, "worst_case_error", too_small)
    assert not checks.worst_case_error_attained().passed
    assert not checks.worst_case_error_dominates().passed


def test_power_norm_check_fails_for_wrong_norms(monkeypatch):
    original = powers.power_norms
    monkeypatch.setattr(powers, "power_norms", lambda *a, **k: original(*a, **k) * (1 + 1e-10))
    assert not checks.power_norms_exact().passed


# -- the figure's experiment ------------------------------------------------------------------


def test_regime_curves_are_consistent():
    for curve in regime_curves(60):
        # Bound: C (rho + eps)^t dominates the norms; the peak exceeds one with rho < 1.
        assert np.all(curve.norms <= curve.bound * (1 + 1e-12))
        assert curve.rho < 1 < curve.peak.peak
        np.testing.assert_array_equal(curve.norms, power_norms(curve.alpha, curve.beta, 1.0, 60))


def test_regime_curves_follow_the_regimes_and_the_certificates():
    # Equality (rel 1e-12): within the default 80 steps the bound touches the norms where
    # C(eps) is attained, and the largest norm drawn is the certified peak.
    curves = regime_curves()
    assert [(c.regime, c.alpha, c.beta) for c in curves] == list(TRANSIENT_REGIMES)
    for curve in curves:
        assert curve.constant.holds_for_all_t and curve.peak.holds_for_all_t
        np.testing.assert_array_equal(curve.t, np.arange(81))
        touch = curve.constant.peak_step
        assert touch <= 80 and curve.peak.peak_step <= 80
        assert curve.bound[touch] == pytest.approx(curve.norms[touch], rel=1e-12)
        assert curve.norms.max() == pytest.approx(curve.peak.peak, rel=1e-12)
        assert int(curve.norms.argmax()) == curve.peak.peak_step


def test_regime_curves_reject_a_bad_number_of_steps():
    with pytest.raises(ValueError, match="steps must be a non-negative integer"):
        regime_curves(-1)


def test_cached_results_are_frozen():
    for experiment in (regime_curves, jordan_example, polyak_worst_case, from_rest):
        assert_frozen(experiment())
