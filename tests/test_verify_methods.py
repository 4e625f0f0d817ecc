"""The verify group 'methods': every check passes on the real code, fails when what it checks
is wrong (no check is vacuous), and is reported as skipped, not failed, without PyTorch."""

from __future__ import annotations

import dataclasses
import importlib.util
import math

import numpy as np
import pytest

from momentum_theory.claims import Claim
from momentum_theory.experiments import _cache
from momentum_theory.experiments import methods as experiment
from momentum_theory.paper._subject import claims_in
from momentum_theory.verify import methods as checks

HAVE_TORCH = importlib.util.find_spec("torch") is not None


@pytest.mark.slow  # the figure's experiments in full: about 25 s together
@pytest.mark.parametrize("check", claims_in(checks), ids=lambda c: c.__name__)
def test_check_passes_and_reports_a_finite_figure(check):
    if check is checks.pytorch_sgd_matches_torch and not HAVE_TORCH:
        pytest.skip("needs PyTorch")
    result = check()
    assert isinstance(result, Claim)
    assert result.passed, result
    assert math.isfinite(result.measured)
    assert result.claim and result.method and result.criterion


def test_torch_check_is_skipped_without_torch(monkeypatch):
    monkeypatch.setattr("momentum_theory.training._torch.torch_available", lambda: False)
    result = checks.pytorch_sgd_matches_torch()
    assert result.skipped and result.verdict == "SKIP"
    assert "PyTorch is missing" in result.method


def test_torch_check_fails_when_a_refusal_differs(monkeypatch):
    result = experiment.TorchEquivalence(options=(), refusals_differ=1, accepted=9, max_gap=0.0)
    monkeypatch.setattr(experiment, "torch_equivalence", lambda: result)
    monkeypatch.setattr("momentum_theory.training._torch.torch_available", lambda: True)
    assert not checks.pytorch_sgd_matches_torch().passed


def test_map_check_fails_for_a_wrong_map(monkeypatch):
    wrong = experiment.FamilyMap("qhm", (), (0, 0, 0, 0), matches_code=False)
    monkeypatch.setattr(experiment, "family_maps", lambda: (wrong,))
    assert not checks.family_maps_derived().passed


def test_grid_check_fails_when_the_grid_beats_an_optimum(monkeypatch):
    beaten = experiment.BruteForceOptimum("heavy_ball", 3, ("alpha L",), 0.5, 0.6)
    monkeypatch.setattr(experiment, "brute_force_optima", lambda: (beaten,))
    assert not checks.optima_not_beaten_by_a_grid().passed


def test_bound_check_fails_for_a_search_that_stops_short(monkeypatch):
    kappa = np.array([10.0])
    sweep = experiment.KappaSweep(
        kappa=kappa,
        closed_form={},
        triple_momentum=kappa,
        lower_bound=kappa,
        numerical_kappa=kappa,
        numerical={"qhm": np.array([0.52])},
        numerical_gap={"qhm": np.array([1e-4])},
    )
    monkeypatch.setattr(experiment, "rates_against_kappa", lambda: sweep)
    assert not checks.numerical_optima_reach_the_bound().passed


def test_tuning_check_fails_for_a_rate_above_its_published_one(monkeypatch):
    comparison = experiment.spectrum_comparison(resolution=8)
    tuning = dataclasses.replace(comparison.tunings[0], rate=comparison.tunings[0].rate + 1e-3)
    broken = dataclasses.replace(comparison, tunings=(tuning,))
    monkeypatch.setattr(experiment, "spectrum_comparison", lambda: broken)
    assert not checks.tunings_within_published_rates().passed


@pytest.mark.slow  # recomputes the figure's grids and the simulations
def test_rate_check_fails_for_a_wrong_prediction(monkeypatch):
    """A prediction 1% off (here: the kernel's rate scaled) is caught by the simulations."""
    from momentum_theory.methods import _base

    original = _base.Method.worst_case_rate

    def off(self, mu, L, **params):
        return original(self, mu, L, **params) * 1.01

    monkeypatch.setattr(_base.Method, "worst_case_rate", off)
    with _cache.isolated():
        assert not checks.method_rates_measured().passed
