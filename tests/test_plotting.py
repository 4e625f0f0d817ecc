"""Plotting: the shared grid and style helpers, the heatmap, and the figure functions."""

import importlib
import subprocess
import sys
from pathlib import Path

import matplotlib
import matplotlib.colors
import matplotlib.pyplot as plt
import numpy as np
import pytest

import momentum_theory.plotting
from momentum_theory import optimal_parameters, rate_grid
from momentum_theory._io import save_figure
from momentum_theory.amplification import velocity_amplification
from momentum_theory.plotting import (
    plot_amplification_figure,
    plot_rate_heatmap,
    plot_rate_heatmap_figure,
    plot_velocity_amplification,
)
from momentum_theory.plotting._grid import cell_edges, grid_image
from momentum_theory.plotting._style import PRINT_STYLE, print_figure

REPOSITORY = Path(__file__).resolve().parent.parent
SUBMODULES = ("amplification", "comparison2d", "heatmap", "rates", "training", "transients")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(
    ("centres", "edges"),
    [
        ([0.5, 1.5, 2.5], (0.0, 3.0)),
        (np.linspace(0.0, 1.0, 11), (-0.05, 1.05)),
        ([2.0], (1.5, 2.5)),  # one cell: width 1
        ([3.0, 2.0], (3.5, 1.5)),  # decreasing: imshow draws it the right way round
    ],
)
def test_cell_edges_are_half_a_step_beyond_the_outer_centres(centres, edges):
    np.testing.assert_allclose(cell_edges(centres), edges, rtol=1e-15)


@pytest.mark.parametrize(
    ("centres", "message"),
    [
        ([], "non-empty 1-D"),
        ([[0.0, 1.0]], "non-empty 1-D"),
        ([0.0, 1.0, 3.0], "equally spaced"),
        ([1.0, 1.0], "equally spaced"),
    ],
)
def test_cell_edges_refuse_what_imshow_cannot_draw(centres, message):
    with pytest.raises(ValueError, match=message):
        cell_edges(centres)


def test_grid_image_puts_each_value_in_the_cell_around_its_centre():
    values = np.ma.masked_invalid(np.array([[0.0, 1.0, np.nan], [2.0, 3.0, 4.0]]))
    _, ax = plt.subplots()
    image = grid_image(ax, values, [1.0, 2.0, 3.0], [0.0, 10.0], cmap="viridis", vmin=0, vmax=4)
    assert image.get_extent() == [0.5, 3.5, -5.0, 15.0]
    assert image.origin == "lower" and image.get_interpolation() == "nearest"
    np.testing.assert_array_equal(np.ma.getmaskarray(image.get_array()), values.mask)
    bad = matplotlib.colors.to_rgba(image.get_cmap().get_bad())
    assert tuple(image.to_rgba(image.get_array())[0, 2]) == bad  # masked: the "bad" colour
    overridden = grid_image(ax, values, [1.0, 2.0, 3.0], [0.0, 10.0], interpolation="bilinear")
    assert overridden.get_interpolation() == "bilinear"
    with pytest.raises(ValueError, match=r"shape \(n_y, n_x\) = \(3, 2\)"):
        grid_image(ax, values, [0.0, 10.0], [1.0, 2.0, 3.0])


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


def test_heatmap_figure_is_the_heatmap_at_print_size_in_print_style(tmp_path):
    grid = rate_grid(np.linspace(0.001, 0.44, 40), np.linspace(0.005, 0.995, 40), mu=1.0, L=10.0)
    figure = plot_rate_heatmap_figure(grid)
    assert list(figure.get_size_inches()) == [5.6, 4.3]
    heatmap, colorbar = figure.axes
    assert colorbar.get_label() == "<colorbar>"
    np.testing.assert_array_equal(np.asarray(heatmap.get_images()[0].get_array()), grid.rate)
    assert heatmap.title.get_fontsize() == PRINT_STYLE["axes.titlesize"]
    assert heatmap.xaxis.label.get_fontsize() == PRINT_STYLE["axes.labelsize"]
    # Byte-reproducible: drawn twice, saved twice, the same file.
    first = save_figure(figure, tmp_path / "first.png").read_bytes()
    again = save_figure(plot_rate_heatmap_figure(grid), tmp_path / "again.png").read_bytes()
    assert first == again


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


@pytest.mark.parametrize("name", SUBMODULES)
def test_the_package_exports_every_public_plot_function(name):
    module = importlib.import_module(f"momentum_theory.plotting.{name}")
    public = {
        name
        for name, value in vars(module).items()
        if name.startswith("plot_") and getattr(value, "__module__", None) == module.__name__
    }
    assert set(module.__all__) == public
    assert set(module.__all__) <= set(momentum_theory.plotting.__all__)
    for exported in module.__all__:
        assert getattr(momentum_theory.plotting, exported) is getattr(module, exported)


def test_importing_plotting_imports_neither_matplotlib_nor_torch():
    code = (
        "import sys, momentum_theory.plotting\n"
        "print(sorted(m for m in ('matplotlib', 'torch') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPOSITORY, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
