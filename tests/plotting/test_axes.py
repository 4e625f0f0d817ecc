"""plotting._axes: how a heatmap's axes and colour read, and its number formats."""

import math

import numpy as np
import pytest

from momentum_theory.methods import method_grid
from momentum_theory.plotting._axes import (
    PlotAxis,
    level_label,
    momentum_tick_label,
    momentum_ticks,
    rate_text,
    tex_number,
    values_125,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.5, "0.5"), (3.0, "3"), (1e4, "10^{4}"), (2e-5, r"2 \times 10^{-5}"), (12345.0, "12345")],
)
def test_tex_number(value, text):
    assert tex_number(value) == text
    assert tex_number(1e-7, math=True) == "$10^{-7}$"


@pytest.mark.parametrize(
    ("rate", "text"),
    [
        (0.519, "0.519"),
        (0.98, "0.98"),
        (0.9961, "0.9961"),
        (0.996142, "0.99614"),
        (0.99999, "0.99999"),
    ],
)
def test_rate_text_keeps_three_digits_of_the_gap(rate, text):
    assert rate_text(rate) == text


def test_values_and_levels():
    assert values_125(0.02, 0.3) == [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0]
    assert level_label(0.25) == "0.25" and level_label(1e6) == "$10^{6}$"


def test_momentum_ticks_read_as_momenta():
    """Coordinates -log10(1 - beta): 1 is 0.9, 2 is 0.99; from 1e-4 on as 1 - 10^-k."""
    assert momentum_ticks(0.0, 4.0) == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert [momentum_tick_label(c) for c in (0.0, 1.0, 2.0)] == ["0", "0.9", "0.99"]
    assert momentum_tick_label(6.0) == "$1 - 10^{-6}$"
    assert momentum_tick_label(-math.log10(0.5)) == "0.5"


def test_axes_read_the_parameters_metadata():
    grid = method_grid("pytorch_sgd", ("lr", [0.1, 0.2]), ("momentum", [0.5, 0.9]), mu=1, L=4)
    plain = PlotAxis.of("lr", grid, scaled=False)
    scaled = PlotAxis.of("lr", grid, scaled=True)
    momentum = PlotAxis.of("momentum", grid, scaled=True)
    assert plain.parameter.axis_label == r"learning rate $\eta$" and plain.scale == 1.0
    assert scaled.scale == 4.0 and scaled.value_text(0.1) == r"$\eta^* L=0.4$"
    assert momentum.log_gap and momentum.value_text(0.99) == r"$m^*=0.99$"
    np.testing.assert_allclose(momentum.forward([0.9, 0.99]), [1.0, 2.0])
    np.testing.assert_allclose(momentum.inverse(momentum.forward([0.5])), [0.5])
