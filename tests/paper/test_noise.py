"""The noise subject: its claims, its figure and its numbers.

Every claim must pass on the real code and fail when the quantity it checks is wrong (so
that no claim is vacuous); the cached results are frozen.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from frozen import assert_frozen

from momentum_theory import noise, paper
from momentum_theory.paper import _cache
from momentum_theory.paper._claims import Claim
from momentum_theory.paper._subject import claims_in
from momentum_theory.paper.noise import claims as checks
from momentum_theory.paper.noise import frontiers as frontier_experiments
from momentum_theory.paper.noise import variance


@pytest.mark.parametrize("check", claims_in(checks), ids=lambda c: c.__name__)
def test_check_passes_and_reports_a_finite_figure(check):
    result = check()
    assert isinstance(result, Claim)
    assert result.passed, result
    assert math.isfinite(result.measured)
    assert result.claim and result.method and result.criterion


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
    original = variance.small_step_equivalence.__wrapped__

    def shifted(*arguments, **keywords):
        import dataclasses

        result = original(*arguments, **keywords)
        return dataclasses.replace(result, gap=result.gap * 1.01)

    monkeypatch.setattr(variance, "small_step_equivalence", shifted)
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

    from momentum_theory.paper.noise.figures import (
        plot_frontier,
        plot_frontier_figure,
        plot_frontier_ratios,
    )
    from momentum_theory.paper.noise.frontiers import frontiers

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


@pytest.mark.parametrize(
    "experiment",
    [
        variance.lyapunov_agreement,
        variance.small_step_equivalence,
        frontier_experiments.frontiers,
    ],
)
def test_cached_results_are_frozen(experiment):
    assert_frozen(experiment())
