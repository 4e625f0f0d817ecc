"""The transients figure's data (momentum_theory.experiments.transients)."""

from __future__ import annotations

import numpy as np
import pytest

from momentum_theory.experiments.transients import TRANSIENT_REGIMES, regime_curves
from momentum_theory.transients.powers import power_norms


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
