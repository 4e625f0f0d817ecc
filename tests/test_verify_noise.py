"""The noise rows of verify, the noise figure and the noise paper numbers.

Every check must pass on the real code and fail when the quantity it checks is wrong (so
that no check is vacuous); the network row needs PyTorch and is skipped without it.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from momentum_theory import noise, paper
from momentum_theory.claims import Claim
from momentum_theory.experiments import _cache
from momentum_theory.paper._subject import claims_in
from momentum_theory.verify import noise as checks

QUADRATIC_CHECKS = [
    c for c in claims_in(checks) if c is not checks.network_loss_approaches_noise_floor
]


@pytest.mark.parametrize("check", QUADRATIC_CHECKS, ids=lambda c: c.__name__)
def test_check_passes_and_reports_a_finite_figure(check):
    result = check()
    assert isinstance(result, Claim)
    assert result.passed, result
    assert math.isfinite(result.measured)
    assert result.claim and result.method and result.criterion


def test_network_row_is_skipped_without_torch(monkeypatch):
    from momentum_theory.training import _torch

    monkeypatch.setattr(_torch, "torch_available", lambda: False)
    result = checks.network_loss_approaches_noise_floor()
    assert result.skipped and "pip install" in result.method


def test_closed_form_check_fails_for_a_wrong_variance(monkeypatch):
    original = noise.family_variance
    monkeypatch.setattr(noise, "family_variance", lambda *a, **k: original(*a, **k) * (1 + 1e-9))
    with _cache.isolated():
        assert not checks.closed_form_equals_lyapunov().passed


def test_monte_carlo_check_fails_for_a_wrong_prediction(monkeypatch):
    from momentum_theory.methods import noise as method_noise

    original = method_noise.stationary_variance

    def inflated(*arguments, **keywords):
        return original(*arguments, **keywords) * 1.05

    monkeypatch.setattr(method_noise, "stationary_variance", inflated)
    with _cache.isolated():
        assert not checks.monte_carlo_intervals_contain_prediction().passed


def test_small_step_checks_fail_for_a_wrong_gap(monkeypatch):
    from momentum_theory.experiments import noise as experiment

    original = experiment.small_step_equivalence.__wrapped__

    def shifted(*arguments, **keywords):
        import dataclasses

        result = original(*arguments, **keywords)
        return dataclasses.replace(result, gap=result.gap * 1.01)

    monkeypatch.setattr(experiment, "small_step_equivalence", shifted)
    assert not checks.small_step_first_order().passed
    assert not checks.small_step_second_order_gap().passed


def test_paper_numbers_are_generated_for_every_case():
    names = [macro.name for macro in paper.subject("noise").macros()]
    assert len(names) == len(set(names))
    for tag in ("Gd", "Hb", "Nag", "TwoStep", "Qhm", "Torch", "TorchNesterov", "Dense"):
        assert f"NoiseMc{tag}Interval" in names
    assert "NoiseDataFloor" in names and "NoiseRatioSlowHb" in names


def test_figure_functions_return_what_they_drew():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_theory.experiments.noise import frontiers
    from momentum_theory.plotting import plot_frontier, plot_frontier_figure, plot_frontier_ratios

    study = frontiers()
    ax = plot_frontier(study, ("Nesterov",))
    assert [line.get_label() for line in ax.get_lines()][:1] == ["gradient descent"]
    ratios = plot_frontier_ratios(study)
    assert ratios.get_ylim()[1] == pytest.approx(2.0)
    figure = plot_frontier_figure(study)
    assert len(figure.axes) == 6
    heavy = figure.axes[0]
    shown = [line for line in heavy.get_lines() if line.get_label().startswith("heavy ball, ")]
    assert shown and np.all(shown[0].get_xdata() >= 0.8 * (1 - study.rates[-1]))
    plt.close("all")
