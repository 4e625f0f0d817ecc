"""The methods figure: registered, drawn from its experiments at print size, deterministic."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest

from momentum_theory._io import save_figure
from momentum_theory.experiments import methods as experiment
from momentum_theory.figures import FIGURES
from momentum_theory.plotting import plot_methods_comparison, plot_optimal_rates
from momentum_theory.plotting._style import PRINT_STYLE


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def results():
    """Small settings: the same drawing, cheaper experiments."""
    comparison = experiment.spectrum_comparison(resolution=24)
    sweep = experiment.rates_against_kappa(points=31, numerical_kappas=(10.0,))
    return comparison, sweep


def test_methods_figure_is_registered_after_the_optimum_and_needs_no_torch():
    names = list(FIGURES)
    assert names.index("methods") == names.index("heatmap_spectrum") + 1
    assert not FIGURES["methods"].needs_torch


def test_figure_has_a_panel_per_method_a_key_and_the_rate_panel(results):
    comparison, sweep = results
    figure = plot_methods_comparison(comparison, sweep)
    assert [float(inches) for inches in figure.get_size_inches()] == [6.5, 7.6]
    titles = [ax.get_title() for ax in figure.axes]
    assert titles[:5] == [
        "Heavy ball",
        "Nesterov",
        r"Two-step family, $\gamma = 0.388$",
        r"QHM, $\nu = 0.7$",
        r"PyTorch SGD, $\tau = 0.5$",
    ]
    assert "Optimal worst-case rate on quadratics" in titles
    heatmap = figure.axes[0]
    assert heatmap.title.get_fontsize() == PRINT_STYLE["axes.titlesize"]
    # Heavy ball's panel marks its optimum, where the heatmap puts it: (alpha L, -log10(1 - beta)).
    optimum = comparison.optima["heavy_ball"]
    stars = [line for line in heatmap.get_lines() if line.get_marker() == "*"]
    (star,) = stars
    np.testing.assert_allclose(
        star.get_xydata()[0],
        [float(optimum.alpha) * comparison.L, -np.log10(1 - float(optimum.beta))],
    )
    # The two slices that miss the optimum mark their fastest cell with a hollow star.
    for ax in figure.axes[2:4]:
        (hollow,) = [line for line in ax.get_lines() if line.get_marker() == "*"]
        assert hollow.get_markerfacecolor() == "none"


def test_rate_panel_draws_every_method_and_the_bound(results):
    _, sweep = results
    ax = plot_optimal_rates(sweep)
    labels = [line.get_label() for line in ax.get_lines()]
    assert labels[0].startswith("lower bound")
    assert {"heavy ball", "Nesterov", "gradient descent"} <= set(labels)
    assert sum("(numerical)" in label for label in labels) == 3
    bound = ax.get_lines()[0]
    np.testing.assert_allclose(bound.get_ydata(), 1 - sweep.lower_bound)
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")


def test_figure_is_byte_reproducible(results, tmp_path):
    comparison, sweep = results
    first = save_figure(plot_methods_comparison(comparison, sweep), tmp_path / "a.png")
    again = save_figure(plot_methods_comparison(comparison, sweep), tmp_path / "b.png")
    assert first.read_bytes() == again.read_bytes()
