"""Heatmap drawing: what is on the axes, and that it comes from the closed forms."""

import matplotlib.pyplot as plt
import numpy as np

from momentum_theory import optimal_parameters, rate_grid
from momentum_theory.plotting import plot_rate_heatmap


def test_heatmap_single_curvature_draws_boundary_and_critical_curve():
    grid = rate_grid(np.linspace(0.01, 4.3, 60), np.linspace(0.005, 0.995, 50), h=1.0)
    ax = plot_rate_heatmap(grid)
    labels = [line.get_label() for line in ax.get_lines()]
    assert any("rho = 1" in label for label in labels)
    assert sum("critical damping" in label for label in labels) == 1
    image = ax.get_images()[0]
    np.testing.assert_array_equal(np.asarray(image.get_array()), grid.rate)
    assert ax.get_ylabel() == r"momentum $\beta$"
    plt.close(ax.figure)


def test_heatmap_spectrum_marks_the_optimum_where_the_critical_curves_cross():
    grid = rate_grid(np.linspace(0.001, 0.44, 40), np.linspace(0.005, 0.995, 40), mu=1.0, L=10.0)
    figure, ax = plt.subplots()
    assert plot_rate_heatmap(grid, ax=ax) is ax
    optimum = optimal_parameters(1.0, 10.0)
    stars = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert len(stars) == 1
    np.testing.assert_allclose(stars[0].get_xydata()[0], [optimum.alpha, optimum.beta])
    assert sum("critical damping" in line.get_label() for line in ax.get_lines()) == 2
    plt.close(figure)
