"""plotting.heatmap: a method's rate over two of its parameters, with its curves, optimum,
labels and colour scales."""

import matplotlib
import matplotlib.colors
import matplotlib.pyplot as plt
import mpmath
import numpy as np
import pytest

from momentum_theory import methods, optimal_parameters, reference
from momentum_theory._io import save_figure
from momentum_theory.methods import cell_centres, method_grid
from momentum_theory.plotting import plot_method_heatmap, plot_method_heatmap_figure
from momentum_theory.plotting._style import PRINT_STYLE


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _heavy_ball(alpha, beta, **curvature):
    return method_grid("heavy_ball", ("alpha", alpha), ("beta", beta), **curvature)


def test_heatmap_single_curvature_draws_boundary_and_critical_curve():
    grid = _heavy_ball(np.linspace(0.01, 4.3, 60), np.linspace(0.005, 0.995, 50), h=1.0)
    ax = plot_method_heatmap(grid, colour="rate")
    labels = [line.get_label() for line in ax.get_lines()]
    assert any("rho = 1" in label for label in labels)
    assert sum("critical damping" in label for label in labels) == 1
    image = ax.get_images()[0]
    np.testing.assert_array_equal(np.asarray(image.get_array()), grid.rate)
    assert ax.get_ylabel() == r"momentum $\beta$"
    plt.close(ax.figure)


def test_heatmap_spectrum_marks_the_optimum_where_the_critical_curves_cross():
    grid = _heavy_ball(np.linspace(0.001, 0.44, 40), np.linspace(0.005, 0.995, 40), mu=1, L=10)
    figure, ax = plt.subplots()
    assert plot_method_heatmap(grid, ax, colour="rate") is ax
    optimum = optimal_parameters(mu=1.0, L=10.0)
    stars = [line for line in ax.get_lines() if line.get_marker() == "*"]
    assert len(stars) == 1
    np.testing.assert_allclose(stars[0].get_xydata()[0], [optimum.alpha, optimum.beta])
    assert sum("critical damping" in line.get_label() for line in ax.get_lines()) == 2
    plt.close(figure)


def test_heatmap_figure_is_the_heatmap_at_print_size_in_print_style(tmp_path):
    grid = _heavy_ball(np.linspace(0.001, 0.44, 40), np.linspace(0.005, 0.995, 40), mu=1, L=10)
    figure = plot_method_heatmap_figure(grid, colour="rate")
    assert list(figure.get_size_inches()) == [5.6, 4.3]
    heatmap, colorbar = figure.axes
    assert colorbar.get_label() == "<colorbar>"
    np.testing.assert_array_equal(np.asarray(heatmap.get_images()[0].get_array()), grid.rate)
    assert heatmap.title.get_fontsize() == PRINT_STYLE["axes.titlesize"]
    assert heatmap.xaxis.label.get_fontsize() == PRINT_STYLE["axes.labelsize"]
    # Byte-reproducible: drawn twice, saved twice, the same file.
    first = save_figure(figure, tmp_path / "first.png").read_bytes()
    again = plot_method_heatmap_figure(grid, colour="rate")
    again = save_figure(again, tmp_path / "again.png").read_bytes()
    assert first == again


# -- plot_method_heatmap ------------------------------------------------------------------


def _method_grid(method, x, y, n=24, **spectrum_and_fixed):
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
    from momentum_theory.methods import grid as grids

    ranges = {"alpha": (0, 0.44), "beta": (0, 1), "gamma": (0, 1), "lr": (0, 0.44)}
    ranges |= {"momentum": (0, 1), "weight_decay": (0, 1)}
    spectrum = {"mu": 1.0, "L": 10.0}
    grid = _method_grid(method, *((name, ranges[name]) for name in x), 12, **spectrum, **fixed)
    numerical = method in ("two_step", "qhm", "pytorch_sgd")
    if numerical:  # the numerical optima take seconds: stand in their known values
        polyak = methods.get("heavy_ball").optimal_parameters(mu=1.0, L=10.0)

        def known(name, mu, L, given):
            values = {
                "two_step": {**polyak.parameters, "gamma": 0.0},
                "qhm": {"alpha": polyak.alpha / (1 - polyak.beta), "beta": polyak.beta, "nu": 1},
                "pytorch_sgd": {"lr": 0.1, "momentum": 0.2, **dict(given)},
            }[name]
            return type("Optimum", (), {"parameters": values, "rate": polyak.rate})()

        monkeypatch.setattr(grids, "_optimum", known)
    ax = plot_method_heatmap(grid)
    marked = [line for line in ax.get_lines() if line.get_marker() == "*"]
    stars = [line for line in marked if line.get_markerfacecolor() != "none"]
    assert len(stars) == int(star)
    # Off the slice, with both axes tuned: a note in the legend and a hollow star at the
    # fastest cell (an axis over an option, pytorch_sgd's weight_decay: neither).
    tuned_axes = "weight_decay" not in x
    notes = [label for label in ax.get_legend_handles_labels()[1] if "off this slice" in label]
    assert len(notes) == int(not star and tuned_axes)
    assert len(marked) - len(stars) == int(not star and tuned_axes)
    if notes and method == "qhm":
        assert notes[0].startswith(r"optimum $\nu$ = 1, rate ")
    if star and not numerical:
        optimum = methods.get(method).optimal_parameters(mu=1.0, L=10.0).parameters
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
    optimum = optimal_parameters(mu=1.0, L=L)
    np.testing.assert_allclose(
        star.get_xydata()[0], [optimum.alpha * L, -np.log10(1 - optimum.beta)], rtol=1e-12
    )


def test_method_heatmap_on_log_spaced_momenta_draws_a_mesh_of_cells():
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
