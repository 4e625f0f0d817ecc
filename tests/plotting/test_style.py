"""plotting._style: figures drawn in print style, and the defaults restored."""

import matplotlib
import matplotlib.pyplot as plt
import pytest

from momentum_theory.plotting._style import PRINT_STYLE, print_figure


def test_print_figure_draws_in_print_style_and_restores_the_defaults():
    default_title_size = matplotlib.rcParams["axes.titlesize"]
    with print_figure((3.0, 2.0)) as figure:
        ax = figure.subplots()
        ax.set_title("title")
    assert ax.title.get_fontsize() == PRINT_STYLE["axes.titlesize"]
    assert list(figure.get_size_inches()) == [3.0, 2.0]
    assert figure.get_layout_engine() is not None  # constrained layout
    assert matplotlib.rcParams["axes.titlesize"] == default_title_size


def test_print_figure_closes_its_figure_if_drawing_fails():
    before = plt.get_fignums()
    with pytest.raises(RuntimeError), print_figure((3.0, 2.0)):
        raise RuntimeError("drawing failed")
    assert plt.get_fignums() == before
