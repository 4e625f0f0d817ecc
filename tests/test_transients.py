"""The transients figure's data (momentum_theory.experiments.transients) and the deprecated
module momentum_theory.transients, which re-exports the names that moved."""

from __future__ import annotations

import numpy as np
import pytest

from momentum_theory import certificates, powers, transients, worst_case
from momentum_theory.experiments.transients import TRANSIENT_REGIMES, regime_curves
from momentum_theory.powers import power_norms


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


def test_the_old_transient_curves_warns_and_gives_the_same_curves():
    with pytest.warns(DeprecationWarning, match="use momentum_theory.experiments.transients"):
        old = transients.transient_curves(horizon=12)
    for a, b in zip(old, regime_curves(steps=12)):
        np.testing.assert_array_equal(a.norms, b.norms)
        assert a.constant == b.constant and a.peak == b.peak


@pytest.mark.parametrize(
    ("name", "home"),
    [
        ("power_norms", powers),
        ("at_rest_polynomial", powers),
        ("TransientConstant", certificates),
        ("transient_constant", certificates),
        ("TransientPeak", certificates),
        ("transient_peak", certificates),
        ("JordanGrowth", certificates),
        ("jordan_growth", certificates),
        ("WorstCaseError", worst_case),
        ("worst_case_error", worst_case),
    ],
)
def test_moved_names_are_re_exported_from_their_new_home(name, home):
    # Old imports keep working: the object is the one in its new module, listed in __all__.
    assert getattr(transients, name) is getattr(home, name)
    assert name in transients.__all__ and name in home.__all__
