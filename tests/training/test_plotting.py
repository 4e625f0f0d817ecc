"""Tests of momentum_theory.training.plotting (what ``momentum-theory train`` draws), on
hand-made results (no PyTorch needed)."""

from types import MappingProxyType

import matplotlib
import matplotlib.colors
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from momentum_theory._io import save_figure
from momentum_theory.methods import method_grid
from momentum_theory.plotting._style import PRINT_STYLE
from momentum_theory.training import (
    CurvatureEstimate,
    OptimizerComparison,
    RegionComparison,
    StabilityReport,
    SweepResult,
    stability_position,
)
from momentum_theory.training.plotting import (
    plot_loss_curves,
    plot_network_heatmap,
    plot_sweep,
)

GREY = matplotlib.colors.to_rgba("0.78")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def fake_comparison():
    rng = np.random.default_rng(0)
    methods = ("momentum", "sgd", "sgd_effective")
    losses = {
        m: np.exp(-np.linspace(0, 3, 64))[None] * rng.uniform(0.5, 1.5, (5, 64)) for m in methods
    }
    finals = MappingProxyType({m: rng.uniform(0.01, 0.1, 5) for m in methods})
    return OptimizerComparison(
        seeds=(1, 2, 3, 4, 5),
        lr=0.01,
        momentum=0.8,
        effective_lr=0.05,
        epochs=2,
        losses=MappingProxyType(losses),
        epoch_losses=MappingProxyType(losses),
        final_loss=finals,
        diverged_at_step=MappingProxyType({m: np.full(5, -1) for m in methods}),
    )


def test_loss_curves_show_diverged_seeds_and_keep_the_control_visible():
    import matplotlib

    matplotlib.use("Agg")
    from momentum_theory.training.plotting import plot_loss_curves

    comparison = fake_comparison()
    losses = dict(comparison.losses)
    diverging = losses["sgd_effective"].copy()
    diverging[:2, 10:] = np.inf  # seeds 1 and 2 diverge at step 10
    losses["sgd_effective"] = diverging
    steps = dict(comparison.diverged_at_step)
    steps["sgd_effective"] = np.array([10, 10, -1, -1, -1])
    finals = dict(comparison.final_loss)
    finals["sgd_effective"] = np.array([np.inf, np.inf, 0.02, 0.03, 0.04])
    broken = OptimizerComparison(
        seeds=comparison.seeds,
        lr=0.01,
        momentum=0.8,
        effective_lr=0.05,
        epochs=2,
        losses=MappingProxyType(losses),
        epoch_losses=MappingProxyType(losses),
        final_loss=MappingProxyType(finals),
        diverged_at_step=MappingProxyType(steps),
    )
    ax = plot_loss_curves(broken)
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert any("diverged on 2/5 seeds" in label and "final 0.0300" in label for label in labels)
    control, momentum = (
        next(line for line in ax.get_lines() if line.get_label().startswith(prefix))
        for prefix in ("SGD ($\\eta/", "momentum")
    )
    # Both visible where they overlap: the control is wider, dashed and beneath.
    assert control.get_linewidth() > momentum.get_linewidth()
    assert control.get_linestyle() != "-" and control.get_zorder() < momentum.get_zorder()
    assert np.isfinite(control.get_ydata()).all()


def fake_sweep():
    lr, momentum = np.linspace(0.01, 2.0, 6), np.linspace(0.0, 0.9, 4)
    final = np.outer(1 + momentum, 0.01 + lr / 10)
    diverged = lr[np.newaxis, :] > 1.2 * (1 + momentum[:, np.newaxis])
    final[diverged] = np.nan
    steps = np.where(diverged, 3, -1)
    return SweepResult(
        lr=lr,
        momentum=momentum,
        final_loss=final,
        diverged=diverged,
        diverged_at_step=steps,
        losses=np.ones((8, 4, 6)),
        final_parameters=MappingProxyType({}),
        initial_loss=0.2,
        divergence_threshold=2e3,
        epochs=1,
        seed=1,
        dtype="float32",
    )


def fake_region():
    sweep = fake_sweep()
    estimate = CurvatureEstimate(10.0, 1e-9, 12, True, False)
    report = StabilityReport(
        "torch",
        0.01,
        0.8,
        1,
        1,
        estimate,
        estimate,
        stability_position(0.01, 0.8, 10.0),
        stability_position(0.01, 0.8, 10.0),
    )
    curvature = np.where(sweep.diverged, np.nan, 2.0)
    stable = sweep.lr[np.newaxis, :] * 10 < 2 * (1 + sweep.momentum[:, np.newaxis])
    return RegionComparison(
        sweep=sweep,
        theory=method_grid("heavy_ball", ("alpha", sweep.lr), ("beta", sweep.momentum), h=10.0),
        report=report,
        theory_stable=stable,
        final_curvature=curvature,
        collapsed=fake_collapsed(sweep),
        constant_loss=0.1,
    )


def fake_collapsed(sweep):
    """Two non-diverged cells next to the diverged ones."""
    collapsed = np.zeros(sweep.shape, dtype=bool)
    collapsed[0, 2] = collapsed[1, 2] = True
    assert not np.any(collapsed & sweep.diverged)
    return collapsed


def test_loss_curves_show_three_methods_with_bands_and_labels():
    ax = plot_loss_curves(fake_comparison())
    labels = [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert len(labels) == 3
    assert any("control" in label for label in labels)
    assert len(ax.collections) == 3  # one min-max band per method
    assert ax.get_yscale() == "log" and ax.get_xlabel().startswith("step")


def test_network_heatmap_draws_diverged_cells_grey_not_as_holes():
    sweep = fake_sweep()
    ax = plot_network_heatmap(sweep, curvatures={"start": 10.0}, point=(0.01, 0.8))
    image = ax.get_images()[0]
    data = image.get_array()
    np.testing.assert_array_equal(np.ma.getmaskarray(data), sweep.diverged)
    colours = image.to_rgba(data)
    assert np.all(colours[sweep.diverged] == GREY)  # every diverged cell painted grey
    assert np.all(colours[..., 3] == 1.0)  # and no transparent hole anywhere
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(text.startswith("diverged") for text in legend)


def test_collapsed_cells_are_hatched_and_named_in_both_sweep_panels():
    from matplotlib.collections import PatchCollection

    from momentum_theory.training.plotting import plot_final_edge_fraction

    region = fake_region()
    ax = plot_network_heatmap(region.sweep, collapsed=region.collapsed)
    (hatched,) = [c for c in ax.collections if isinstance(c, PatchCollection)]
    assert hatched.get_hatch() == "////" and len(hatched.get_paths()) == 2
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "collapsed: every ReLU dead (2 cells)" in legend
    final = plot_final_edge_fraction(region)
    values = final.get_images()[0].get_array()
    # Collapsed cells carry no ratio: masked in the value image, drawn on their own face.
    np.testing.assert_array_equal(
        np.ma.getmaskarray(values), region.sweep.diverged | region.collapsed
    )
    assert "trained cells" in final.get_title()
    with pytest.raises(ValueError, match="collapsed"):
        plot_network_heatmap(region.sweep, collapsed=region.sweep.diverged)


def test_network_heatmap_cells_are_centred_on_the_grid_points():
    sweep = fake_sweep()
    ax = plot_network_heatmap(sweep)
    half_lr, half_momentum = 0.5 * np.diff(sweep.lr)[0], 0.5 * np.diff(sweep.momentum)[0]
    expected = [
        sweep.lr[0] - half_lr,
        sweep.lr[-1] + half_lr,
        sweep.momentum[0] - half_momentum,
        sweep.momentum[-1] + half_momentum,
    ]
    np.testing.assert_allclose(ax.get_images()[0].get_extent(), expected, rtol=1e-14)
    np.testing.assert_allclose([*ax.get_xlim(), *ax.get_ylim()], expected, rtol=1e-14)


def test_network_heatmap_refuses_nan_that_is_not_divergence():
    sweep = fake_sweep()
    final = sweep.final_loss.copy()
    final[0, 0] = np.nan
    broken = SweepResult(**{**sweep.__dict__, "final_loss": final})
    with pytest.raises(ValueError, match="diverged"):
        plot_network_heatmap(broken)


def test_sweep_figure_has_three_panels_and_is_byte_reproducible(tmp_path):
    paths = []
    for name in ("a.png", "b.png"):
        figure = plot_sweep(fake_region())
        assert len([ax for ax in figure.axes if ax.get_label() != "<colorbar>"]) == 3
        assert list(figure.get_size_inches()) == [6.6, 6.2]
        (title,) = [t for t in figure.texts if t.get_text() == figure.get_suptitle()]
        assert title.get_fontsize() == PRINT_STYLE["figure.titlesize"]
        paths.append(save_figure(figure, tmp_path / name))
        plt.close(figure)
    assert paths[0].read_bytes() == paths[1].read_bytes()


def test_sweep_title_and_legend_count_collapsed_cells_consistently():
    """The title counts collapsed cells beyond the start's edge, out of all of them, which
    the legend counts: with one collapsed cell inside the edge, 2 of the 3."""
    import dataclasses

    region = fake_region()
    collapsed = region.collapsed.copy()
    collapsed[3, 0] = True  # lr = 0.01, beta = 0.9: well inside 2(1 + beta)/10
    assert region.theory_stable[3, 0] and not region.sweep.diverged[3, 0]
    region = dataclasses.replace(region, collapsed=collapsed)
    figure = plot_sweep(region)
    network = figure.axes[0]
    title = " ".join(network.get_title().split())
    assert "2 of the 3 collapsed" in title
    legends = [
        text.get_text()
        for holder in (figure, *figure.subfigs)
        for legend in holder.legends
        for text in legend.get_texts()
    ]
    assert "collapsed: every ReLU dead (3 cells)" in legends
    plt.close(figure)


def test_sweep_theory_panel_is_zoomed_to_the_stable_sliver():
    # On the network's learning-rate range the stable region is a few cells wide; the
    # theory panel ends 15% past its widest point 2(1 + beta_max)/h, on a finer grid.
    region = fake_region()
    figure = plot_sweep(region)
    theory = [ax for ax in figure.axes if ax.get_label() != "<colorbar>"][1]
    widest = 2 * (1 + region.sweep.momentum[-1]) / region.report.initial.eigenvalue
    assert theory.get_xlim()[1] == pytest.approx(1.15 * widest, rel=0.02)
    assert "zoomed" in theory.get_title()
    (image,) = theory.get_images()
    assert image.get_array().shape[1] > 4 * region.sweep.lr.size
    plt.close(figure)
