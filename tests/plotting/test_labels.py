"""plotting._labels: contour labels inside the axes, off the curves and the legend."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from momentum_theory.methods import method_grid
from momentum_theory.plotting import plot_method_heatmap_figure


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_contour_labels_stay_inside_the_axes_and_off_the_legend():
    alpha, beta = np.linspace(0.0037, 4.3963, 600), np.linspace(0.0008, 0.9992, 600)
    grid = method_grid("heavy_ball", ("alpha", alpha), ("beta", beta), h=1)
    figure = plot_method_heatmap_figure(grid, colour="rate")
    figure.canvas.draw()
    ax = figure.axes[0]
    box, legend = ax.get_window_extent(), ax.get_legend().get_window_extent()
    labels = [text for text in ax.texts if text.get_text()]
    assert len(labels) >= 3
    for text in labels:
        extent = text.get_window_extent()
        assert box.x0 <= extent.x0 and extent.x1 <= box.x1
        assert box.y0 <= extent.y0 and extent.y1 <= box.y1
        assert not extent.overlaps(legend)
