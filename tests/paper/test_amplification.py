"""The amplification subject: its claims pass and fail when what they check is wrong, its
figure is the axes function at print size, and the figure and its numbers share one run."""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt
import numpy as np
import pytest
from frozen import assert_frozen

from momentum_theory import paper
from momentum_theory.amplification import velocity_amplification
from momentum_theory.paper import _cache, amplification
from momentum_theory.paper._subject import claims_in


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize("check", claims_in(amplification), ids=lambda c: c.__name__)
def test_claims_pass(check):
    result = check()
    assert result.passed, result
    assert np.isfinite(result.measured)


def test_numeric_claim_fails_for_a_wrong_run(monkeypatch):
    """The figure's run 1e-12 off its closed form: above the quoted bound 1e-13."""
    run = amplification.velocity_run()
    wrong = dataclasses.replace(run, relative_error=run.relative_error + 1e-12)
    monkeypatch.setattr(amplification, "velocity_run", lambda: wrong)
    assert not amplification.amplification_numeric().passed


def test_scope_claim_fails_for_a_wrong_one_percent_point(monkeypatch):
    scope = amplification.effective_step_scope()
    wrong = dataclasses.replace(scope, one_percent_product=scope.one_percent_product * 1.1)
    monkeypatch.setattr(amplification, "effective_step_scope", lambda: wrong)
    assert not amplification.effective_step_range().passed


@pytest.mark.parametrize(
    "experiment",
    [
        amplification.velocity_run,
        amplification.effective_step_speeds,
        amplification.effective_step_scope,
    ],
)
def test_cached_results_are_frozen(experiment):
    assert_frozen(experiment())


def test_amplification_figure_is_the_axes_function_at_print_size():
    run = velocity_amplification([0.5, 0.9], 50)
    figure = amplification.plot_amplification_figure(run)
    assert list(figure.get_size_inches()) == [5.0, 3.5]
    (ax,) = figure.axes
    assert len(ax.get_legend().get_texts()) == 2
    alone = amplification.plot_velocity_amplification(run)  # without an ax: the same figure
    assert list(alone.figure.get_size_inches()) == [5.0, 3.5]
    assert [line.get_label() for line in alone.get_lines()] == [
        line.get_label() for line in ax.get_lines()
    ]


def test_the_figure_and_the_numbers_beside_it_share_one_computation(tmp_path, monkeypatch):
    """The amplification figure and its numbers read one experiment result: the
    simulation runs once for both (so they cannot drift apart)."""
    runs = []
    original = amplification.velocity_amplification

    def counted(*arguments, **keywords):
        runs.append(arguments)
        return original(*arguments, **keywords)

    monkeypatch.setattr(amplification, "velocity_amplification", counted)
    with _cache.isolated():
        paper.make_figure(paper.figure("amplification"), tmp_path)
        paper.write_numbers(paper.subject("amplification"), tmp_path)
    assert len(runs) == 1
