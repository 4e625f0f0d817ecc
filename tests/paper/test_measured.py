"""The measured subject (predicted against measured rates): each claim passes, and fails when
what it checks is wrong (so no claim is vacuous); the experiments' results are frozen."""

from __future__ import annotations

import math

import numpy as np
import pytest
from frozen import assert_frozen

from momentum_theory import rate_comparison, rates
from momentum_theory.paper._cache import isolated
from momentum_theory.paper._claims import Claim
from momentum_theory.paper._subject import claims_in
from momentum_theory.paper.measured import claims as quadratic_checks
from momentum_theory.paper.measured import experiments


@pytest.fixture
def fresh_experiments():
    """The checks read cached experiments; a patched run must neither reuse nor leave one."""
    with isolated():
        yield


@pytest.mark.parametrize("check", claims_in(quadratic_checks), ids=lambda c: c.__name__)
def test_check_passes_and_reports_a_finite_figure(check):
    # Speed belongs in benchmarks, not in timed tests: a busy machine would fail them.
    result = check()
    assert isinstance(result, Claim)
    assert result.passed, result
    assert math.isfinite(result.measured)
    assert result.claim and result.method and result.criterion.startswith("<=")


def test_rate_checks_fail_for_a_wrong_prediction(monkeypatch, fresh_experiments):
    """A prediction 2% off (say the rate of a neighbouring spectrum) must fail both."""
    original = rate_comparison.worst_case_rate
    monkeypatch.setattr(
        rate_comparison, "worst_case_rate", lambda *a, **k: 1.02 * original(*a, **k)
    )
    assert not quadratic_checks.rate_median_error().passed
    assert not quadratic_checks.rate_max_error().passed


def test_jordan_check_fails_without_the_bias(monkeypatch, fresh_experiments):
    """Predicting rho itself on the critical curve (no t rho^t factor) must fail."""
    monkeypatch.setattr(rates, "jordan_bias", lambda *a, **k: 1.0)
    assert not quadratic_checks.jordan_bias_on_critical_curve().passed


def test_dense_check_fails_for_a_wrong_eigenbasis(monkeypatch, fresh_experiments):
    """Eigenvectors paired with the wrong eigenvalues must fail the dense comparison."""
    original = np.linalg.eigh

    def mispaired(matrix):
        values, vectors = original(matrix)
        return values, vectors[:, ::-1]

    monkeypatch.setattr(np.linalg, "eigh", mispaired)
    assert not quadratic_checks.dense_matches_eigenbasis().passed


def test_rate_comparison_settings_are_the_figure_grid():
    """The 64 x 64 grid, both ends included, on the standard problems, 2000 steps."""
    result = experiments.rate_comparison()
    np.testing.assert_array_equal(result.alpha, np.linspace(0.005, 0.42, 64))
    np.testing.assert_array_equal(result.beta, np.linspace(0.0, 0.99, 64))
    assert result.steps == 2000


@pytest.mark.parametrize(
    "experiment",
    [experiments.rate_comparison, experiments.critical_curve_runs, experiments.largest_error],
)
def test_cached_results_are_frozen(experiment):
    assert_frozen(experiment())
