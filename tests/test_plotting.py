"""Plotting: the shared grid and style helpers, the heatmap, and the figure functions."""

import importlib
import subprocess
import sys
from pathlib import Path

import matplotlib
import matplotlib.colors
import matplotlib.pyplot as plt
import mpmath
import numpy as np
import pytest

import momentum_theory.plotting
from momentum_theory import optimal_parameters, rate_grid, reference
from momentum_theory._io import save_figure
from momentum_theory.plotting import (
    plot_method_heatmap,
    plot_rate_heatmap,
    plot_rate_heatmap_figure,
)
from momentum_theory.plotting._grid import cell_edges, grid_image
from momentum_theory.plotting._style import PRINT_STYLE, print_figure

REPOSITORY = Path(__file__).resolve().parent.parent
SUBMODULES = ("heatmap",)


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


# -- plot_method_heatmap ------------------------------------------------------------------


def _method_grid(method, x, y, n=24, **spectrum_and_fixed):
    from momentum_theory.methods import method_grid
    from momentum_theory.methods._cells import cell_centres

    (x_name, x_range), (y_name, y_range) = x, y
    return method_grid(
        method,
        (x_name, cell_centres(*x_range, n)),
        (y_name, cell_centres(*y_range, n)),
        **spectrum_and_fixed,
    )


@pytest.mark.parametrize(
    ("method", "x", "y", "fixed"),
    [
        ("heavy_ball", ("alpha", (0, 0.44)), ("beta", (0, 1)), {}),
        ("nesterov", ("alpha", (0, 0.22)), ("beta", (0, 1)), {}),
        ("two_step", ("alpha", (0, 0.44)), ("beta", (0, 1)), {"gamma": 0.3}),
        ("qhm", ("alpha", (0, 4.4)), ("beta", (0, 1)), {"nu": 0.7}),
        ("pytorch_sgd", ("lr", (0, 0.44)), ("momentum", (0, 1)), {"weight_decay": 0.01}),
        ("two_step", ("beta", (-0.5, 1)), ("gamma", (-0.5, 1.5)), {"alpha": 0.1}),
    ],
)
def test_method_heatmap_draws_the_rate_boundary_and_both_critical_curves(method, x, y, fixed):
    grid = _method_grid(method, x, y, h=None, mu=1.0, L=10.0, **fixed)
    ax = plot_method_heatmap(grid, show_optimum=False, colour="rate")
    np.testing.assert_array_equal(np.asarray(ax.get_images()[0].get_array()), grid.rate)
    labels = [line.get_label() for line in ax.get_lines()]
    assert sum("rho = 1" in label for label in labels) == 1
    assert sum("critical damping" in label for label in labels) in (1, 2)
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_title()
    assert "Hessian spectrum" in ax.get_title()


def test_method_heatmap_of_heavy_ball_is_the_rate_heatmap():
    grid = rate_grid(np.linspace(0.001, 0.44, 30), np.linspace(0.005, 0.995, 30), mu=1, L=10)
    as_method = _method_grid("heavy_ball", ("alpha", (0, 0.44)), ("beta", (0, 1)), 30, mu=1, L=10)
    old, new = plot_rate_heatmap(grid), plot_method_heatmap(as_method, colour="rate")
    assert [line.get_label() for line in old.get_lines()] == [
        line.get_label() for line in new.get_lines()
    ]
    assert old.get_xlabel() == new.get_xlabel() and old.get_title() == new.get_title()


@pytest.mark.parametrize(
    ("method", "x", "fixed", "star"),
    [
        ("heavy_ball", ("alpha", "beta"), {}, True),
        ("nesterov", ("alpha", "beta"), {}, True),
        ("nesterov", ("beta", "alpha"), {}, True),  # axes swapped: the star swaps too
        ("two_step", ("alpha", "beta"), {"gamma": 0.0}, True),  # the optimum's slice
        ("two_step", ("alpha", "beta"), {"gamma": 0.3}, False),  # another slice
        ("two_step", ("alpha", "gamma"), {"beta": 0.2}, False),
        ("qhm", ("alpha", "beta"), {"nu": 1.0}, True),
        ("qhm", ("alpha", "beta"), {"nu": 0.7}, False),
        ("pytorch_sgd", ("lr", "momentum"), {"weight_decay": 0.5}, True),  # tuned for it
        ("pytorch_sgd", ("lr", "weight_decay"), {"momentum": 0.5}, False),
    ],
)
def test_method_heatmap_marks_the_optimum_only_on_its_slice(monkeypatch, method, x, fixed, star):
    from momentum_theory import methods
    from momentum_theory.plotting import heatmap

    ranges = {"alpha": (0, 0.44), "beta": (0, 1), "gamma": (0, 1), "lr": (0, 0.44)}
    ranges |= {"momentum": (0, 1), "weight_decay": (0, 1)}
    spectrum = {"mu": 1.0, "L": 10.0}
    grid = _method_grid(method, *((name, ranges[name]) for name in x), 12, **spectrum, **fixed)
    numerical = method in ("two_step", "qhm", "pytorch_sgd")
    if numerical:  # the numerical optima take seconds: stand in their known values
        polyak = methods.get("heavy_ball").optimal_parameters(1.0, 10.0)

        def known(name, mu, L, given):
            values = {
                "two_step": {**polyak.parameters, "gamma": 0.0},
                "qhm": {"alpha": polyak.alpha / (1 - polyak.beta), "beta": polyak.beta, "nu": 1},
                "pytorch_sgd": {"lr": 0.1, "momentum": 0.2, **dict(given)},
            }[name]
            return type("Optimum", (), {"parameters": values, "rate": polyak.rate})()

        monkeypatch.setattr(heatmap, "_optimum", known)
    ax = plot_method_heatmap(grid)
    stars = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert len(stars) == int(star)
    if star and not numerical:
        optimum = methods.get(method).optimal_parameters(1.0, 10.0).parameters
        np.testing.assert_allclose(stars[0].get_xydata()[0], [optimum[x[0]], optimum[x[1]]])
    assert not any(
        line.get_marker() == "*"
        for line in plot_method_heatmap(grid, show_optimum=False).get_lines()
    )


@pytest.mark.parametrize(
    ("colour", "expected"),
    [
        ("digits", lambda gap: -1 / mpmath.log10(1 - gap)),  # evaluated at 40 digits
        ("log-gap", lambda gap: gap),
    ],
)
def test_method_heatmap_colours_by_digits_or_gap_with_non_converging_cells_grey(colour, expected):
    """Equality to 1e-12 (measured: about 1e-15) with the gap of the worst case in mpmath
    (reference.spectral_gap_mpmath at both ends, on the exact rationals): 1 - rate would
    miss it by 3e-11 here (gaps near 1e-5), by everything for gaps below 1e-16."""
    grid = _method_grid("heavy_ball", ("alpha", (0, 4.4e-4)), ("beta", (0, 1)), 30, mu=1, L=1e4)
    ax = plot_method_heatmap(grid, colour=colour)
    image = ax.get_images()[0]
    shown = image.get_array()
    stable = grid.rate < 1
    np.testing.assert_array_equal(np.ma.getmaskarray(shown), ~stable)
    cells = grid.parameters()
    rows, columns = np.nonzero(stable)
    gaps = [
        min(
            reference.spectral_gap_mpmath(
                "heavy_ball", h, alpha=cells["alpha"][i, j], beta=cells["beta"][i, j]
            )
            for h in (grid.mu, grid.L)
        )
        for i, j in zip(rows, columns)
    ]
    with mpmath.workdps(40):
        values = [float(expected(gap)) for gap in gaps]
    np.testing.assert_allclose(shown[stable], values, rtol=1e-12, atol=0)
    assert isinstance(image.norm, matplotlib.colors.LogNorm)
    bad = matplotlib.colors.to_rgba(image.get_cmap().get_bad())
    assert bad == matplotlib.colors.to_rgba("0.78")


def test_method_heatmap_auto_colour_follows_the_condition_number():
    def mode(L):
        grid = _method_grid("heavy_ball", ("alpha", (0, 4.4 / L)), ("beta", (0, 1)), 12, mu=1, L=L)
        norm = plot_method_heatmap(grid).get_images()[0].norm
        return "digits" if isinstance(norm, matplotlib.colors.LogNorm) else "rate"

    assert (mode(10.0), mode(99.0), mode(100.0)) == ("rate", "rate", "digits")


def test_method_heatmap_scaled_axes_show_alpha_L_and_a_log_scale_of_one_minus_beta():
    from momentum_theory.methods import method_grid

    L = 1e4
    digits = np.linspace(0.0, 4.0, 40, endpoint=False) + 0.05  # -log10(1 - beta), even
    grid = method_grid(
        "heavy_ball",
        ("alpha", (np.arange(40) + 0.5) * 0.11 / L),
        ("beta", 1 - 10.0**-digits),
        mu=1.0,
        L=L,
    )
    ax = plot_method_heatmap(grid, axes="scaled")
    assert ax.get_xlabel() == r"step size $\alpha L$"
    assert "1 - \\beta" in ax.get_ylabel()
    left, right, bottom, top = ax.get_images()[0].get_extent()
    np.testing.assert_allclose([left, right, bottom, top], [0, 4.4, 0, 4], atol=1e-9)
    ax.figure.canvas.draw()
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels == ["0", "0.9", "0.99", "0.999", "0.9999"]
    star = next(line for line in ax.get_lines() if line.get_marker() == "*")
    optimum = optimal_parameters(1.0, L)
    np.testing.assert_allclose(
        star.get_xydata()[0], [optimum.alpha * L, -np.log10(1 - optimum.beta)], rtol=1e-12
    )


def test_method_heatmap_on_log_spaced_momenta_draws_a_mesh_of_cells():
    from momentum_theory.methods import method_grid

    grid = method_grid(
        "heavy_ball", ("alpha", [0.5, 1.0, 1.5]), ("beta", [0.0, 0.5, 0.9, 0.99]), h=1.0
    )
    ax = plot_method_heatmap(grid)
    assert not ax.get_images()
    mesh = ax.collections[0]
    np.testing.assert_array_equal(np.ma.getdata(mesh.get_array()).ravel(), grid.rate.ravel())
    assert ax.get_ylim() == (-0.25, 0.99 + 0.045)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("colour", "hue", "colour must be one of"), ("axes", "log", "axes must be one of")],
)
def test_method_heatmap_refuses_unknown_options(option, value, message):
    grid = _method_grid("heavy_ball", ("alpha", (0, 4.4)), ("beta", (0, 1)), 4, h=1.0)
    with pytest.raises(ValueError, match=message):
        plot_method_heatmap(grid, **{option: value})


def test_method_heatmap_scaled_axes_refuse_a_momentum_of_one():
    grid = _method_grid("heavy_ball", ("alpha", (0, 4.4)), ("beta", (0, 2)), 4, h=1.0)
    with pytest.raises(ValueError, match="beta must stay below 1 on scaled axes"):
        plot_method_heatmap(grid, axes="scaled")


def test_contour_labels_stay_inside_the_axes_and_off_the_legend():
    grid = rate_grid(*(np.linspace(0.0037, 4.3963, 600), np.linspace(0.0008, 0.9992, 600)), h=1)
    figure = plot_rate_heatmap_figure(grid)
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


def test_small_step_sizes_get_short_tick_labels_and_a_power_of_ten():
    grid = _method_grid("heavy_ball", ("alpha", (0, 4.4e-4)), ("beta", (0, 1)), 20, h=1e4)
    ax = plot_method_heatmap(grid)
    ax.figure.canvas.draw()
    labels = [tick.get_text().removeprefix(r"$\mathdefault{").removesuffix("}$")
              for tick in ax.get_xticklabels() if tick.get_text()]  # fmt: skip
    assert len(labels) >= 4 and all(len(label) <= 3 for label in labels)  # 0.5, not 0.00005
    assert "10^{\u22124}" in ax.xaxis.get_offset_text().get_text()  # a minus sign
    assert ax.get_title() == r"Heavy ball on $f(x) = h x^2/2$, $h = 10^{4}$"


@pytest.mark.parametrize(("legend", "inside"), [("inside", True), ("below", False)])
def test_method_heatmap_legend_inside_below_or_none(legend, inside):
    grid = _method_grid("heavy_ball", ("alpha", (0, 4.4)), ("beta", (0, 1)), 10, h=1.0)
    ax = plot_method_heatmap(grid, legend=legend)
    ax.figure.canvas.draw()
    box, key = ax.get_window_extent(), ax.get_legend().get_window_extent()
    assert (box.y0 <= key.y0) == inside
    assert plot_method_heatmap(grid, legend="none").get_legend() is None


def test_method_heatmap_figure_draws_the_same_whichever_format_is_saved_first(tmp_path):
    from momentum_theory.plotting import plot_method_heatmap_figure

    grid = _method_grid("heavy_ball", ("alpha", (0, 4.4e-4)), ("beta", (0, 1)), 30, mu=1, L=1e4)
    alone = save_figure(plot_method_heatmap_figure(grid), tmp_path / "alone.png").read_bytes()
    figure = plot_method_heatmap_figure(grid)
    save_figure(figure, tmp_path / "first.pdf")
    assert save_figure(figure, tmp_path / "second.png").read_bytes() == alone
    assert list(figure.get_size_inches()) == [5.6, 5.2]  # taller: the legend is below


@pytest.mark.parametrize(
    ("colour", "limits"),
    [("rate", (0.5, 0.99)), ("digits", (10.0, 1e4)), ("log-gap", (1e-3, 0.1))],
)
def test_method_heatmap_limits_share_one_colour_scale_between_panels(colour, limits):
    grid = _method_grid("heavy_ball", ("alpha", (0, 0.044)), ("beta", (0, 1)), 20, mu=1, L=100)
    image = plot_method_heatmap(grid, colour=colour, limits=limits).get_images()[0]
    assert (image.norm.vmin, image.norm.vmax) == limits
    grey = matplotlib.colors.to_rgba("0.78")
    colours = image.to_rgba(image.get_array())
    assert np.all(
        (colours == grey).all(axis=-1) == (grid.rate >= 1)
    )  # grey: exactly no convergence
    with pytest.raises(ValueError, match="limits must be"):
        plot_method_heatmap(grid, colour="digits", limits=(0.0, 1.0))


def test_method_heatmap_where_nothing_converges_is_grey_without_a_key():
    import warnings

    grid = _method_grid("qhm", ("alpha", (0, 1)), ("beta", (0, 1)), 6, h=1.0, nu=1e6)
    assert np.all(grid.rate >= 1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of a legend without entries
        ax = plot_method_heatmap(grid)
    assert ax.get_legend() is None
    image = ax.get_images()[0]
    grey = matplotlib.colors.to_rgba("0.78")
    assert np.all(image.to_rgba(image.get_array()) == grey)
