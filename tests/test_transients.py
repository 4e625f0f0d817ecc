"""The deprecated module momentum_theory.transients, which re-exports the names that moved
(the figure's experiment is tested in tests/paper/test_transients.py)."""

from __future__ import annotations

import numpy as np
import pytest

from momentum_theory import certificates, powers, transients, worst_case
from momentum_theory.paper.transients.experiments import regime_curves


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
