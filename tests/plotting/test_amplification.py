"""plotting.amplification: the figure is the axes function at print size."""

import matplotlib.pyplot as plt
import pytest

from momentum_theory.amplification import velocity_amplification
from momentum_theory.plotting import plot_amplification_figure, plot_velocity_amplification


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_amplification_figure_is_the_axes_function_at_print_size():
    run = velocity_amplification([0.5, 0.9], 50)
    figure = plot_amplification_figure(run)
    assert list(figure.get_size_inches()) == [5.0, 3.5]
    (ax,) = figure.axes
    assert len(ax.get_legend().get_texts()) == 2
    alone = plot_velocity_amplification(run)  # without an ax: the same figure
    assert list(alone.figure.get_size_inches()) == [5.0, 3.5]
    assert [line.get_label() for line in alone.get_lines()] == [
        line.get_label() for line in ax.get_lines()
    ]
