"""The network subject: its claims pass, or say why they cannot (no PyTorch); its figures
are drawn from hand-made results at print size."""

import math
from types import MappingProxyType

import matplotlib.pyplot as plt
import numpy as np
import pytest

from momentum_theory.paper._claims import Claim
from momentum_theory.paper._subject import claims_in
from momentum_theory.paper.networks import claims as training_checks
from momentum_theory.paper.networks.figures import plot_equivalence, plot_loss_figure
from momentum_theory.plotting._style import PRINT_STYLE
from momentum_theory.training import (
    OptimizerComparison,
    ParametrizationComparison,
    RoundingGap,
    ScheduleGap,
    StepDecay,
)
from momentum_theory.training.plotting import plot_loss_curves


def test_every_check_passes_with_torch_and_states_its_own_claim():
    pytest.importorskip("torch")
    statements = []
    for check in claims_in(training_checks):
        result = check()
        assert isinstance(result, Claim)
        assert result.passed, (check.__name__, result)
        assert math.isfinite(result.measured)
        statements.append(result.claim)
    # Each row states its own claim (two claims once shared a module constant's text).
    assert len(set(statements)) == len(statements)


def test_without_torch_every_check_is_skipped_with_the_install_command(monkeypatch):
    monkeypatch.setattr("momentum_theory.training._torch.torch_available", lambda: False)
    assert len(claims_in(training_checks)) >= 4
    for check in claims_in(training_checks):
        result = check()
        assert result.skipped and not result.passed
        assert 'pip install "momentum-theory[torch]"' in result.method
        assert math.isnan(result.measured)
        assert result.as_dict()["measured"] == "nan"


def test_network_row_is_skipped_without_torch(monkeypatch):
    from momentum_theory.training import _torch

    monkeypatch.setattr(_torch, "torch_available", lambda: False)
    result = training_checks.network_loss_approaches_noise_floor()
    assert result.skipped and "pip install" in result.method


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def fake_comparison():
    rng = np.random.default_rng(0)
    methods = ("momentum", "sgd", "sgd_effective")
    losses = {
        m: np.exp(-np.linspace(0, 3, 64))[None] * rng.uniform(0.5, 1.5, (5, 64)) for m in methods
    }
    finals = MappingProxyType({m: rng.uniform(0.01, 0.1, 5) for m in methods})
    return OptimizerComparison(
        seeds=(1, 2, 3, 4, 5),
        lr=0.01,
        momentum=0.8,
        effective_lr=0.05,
        epochs=2,
        losses=MappingProxyType(losses),
        epoch_losses=MappingProxyType(losses),
        final_loss=finals,
        diverged_at_step=MappingProxyType({m: np.full(5, -1) for m in methods}),
    )


def test_loss_figure_is_the_loss_curves_at_print_size():
    comparison = fake_comparison()
    figure = plot_loss_figure(comparison)
    assert list(figure.get_size_inches()) == [6.4, 4.4]
    (ax,) = figure.axes
    alone = plot_loss_curves(comparison)
    assert [line.get_label() for line in ax.get_lines()] == [
        line.get_label() for line in alone.get_lines()
    ]


def test_equivalence_figure():
    gap = RoundingGap("float32", 2.0**-24, np.full(10, 1e-7), np.full(11, 1e-7), 100 * 2.0**-24)
    gap64 = RoundingGap(
        "float64", 2.0**-53, np.full(10, 1e-15), np.full(11, 1e-16), 100 * 2.0**-53
    )
    schedule = ScheduleGap(
        StepDecay(5, 0.1),
        np.r_[np.zeros(6), np.full(5, 1e-3)],
        np.ones(10),
        np.ones(10),
        5,
        1e-3,
        1e-3,
        1e-3,
        0.1,
        0.11,
    )
    figure = plot_equivalence(ParametrizationComparison(0.01, 0.8, 1, 1, gap, gap64, schedule))
    assert list(figure.get_size_inches()) == [6.6, 6.0]
    left, right = figure.axes
    assert left.title.get_fontsize() == PRINT_STYLE["axes.titlesize"]
    assert left.get_yscale() == right.get_yscale() == "log"
    assert "tolerance" in " ".join(t.get_text() for t in left.get_legend().get_texts())


def test_effective_step_and_equivalence_checks_fail_when_wrong(monkeypatch):
    # The claims must not be vacuous: a control that explains only 80% of the gain fails
    # the 5% bound, and a p-value off from scipy's fails the TOST check.
    import dataclasses

    from momentum_theory.paper.networks import experiments

    fake = fake_comparison()
    losses = dict(fake.final_loss)
    losses["sgd"] = losses["momentum"] + 0.05
    losses["sgd_effective"] = losses["momentum"] + 0.01 + np.linspace(0, 1e-3, 5)
    fake = dataclasses.replace(fake, final_loss=MappingProxyType(losses))
    monkeypatch.setattr(experiments, "optimizers", lambda: fake)
    monkeypatch.setattr("momentum_theory.training._torch.torch_available", lambda: True)
    assert not training_checks.gain_is_effective_step().passed
    test = experiments.equivalence()
    assert test is not None and not test.equivalent
    assert training_checks.equivalence_test_at_one_percent().passed
    wrong = dataclasses.replace(test, p_lower=test.p_lower * 1.01 + 1e-12)
    monkeypatch.setattr(experiments, "equivalence", lambda: wrong)
    assert not training_checks.equivalence_test_at_one_percent().passed
