"""Tests of the atlas subject on small synthetic stores (``tests/atlas_stores.py``): the
reader, the shares counted by hand, the claims (each also shown failing), the numbers and
the figure (what it draws, and the same bytes twice)."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from atlas_stores import COUNTS, PERIOD, STABLE, STATUS, write_maps, write_store

pytest.importorskip("xarray")
pytest.importorskip("zarr")

from momentum_theory.paper import _cache
from momentum_theory.paper._subject import claims_in
from momentum_theory.paper.atlas import claims, experiments, figures, macros
from momentum_theory.paper.atlas.experiments import maps, verdict_fractions


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return write_maps(tmp_path_factory.mktemp("atlas") / "maps")


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    return write_maps(tmp_path_factory.mktemp("atlas-wide") / "maps", wide=True)


@pytest.fixture
def drawn(wide, monkeypatch):
    """Stores over the planes where the tunings lie, standing where the package keeps its."""
    monkeypatch.setattr(experiments, "maps_folder", lambda: wide)
    with _cache.isolated():
        yield wide


@pytest.fixture
def shipped(folder, monkeypatch):
    """The synthetic stores stand where the package keeps its maps; nothing cached leaks."""
    monkeypatch.setattr(experiments, "maps_folder", lambda: folder)
    with _cache.isolated():
        yield folder


def test_maps_are_read_in_the_figures_order_with_the_schema(shipped):
    results = maps()
    assert [(r.method, r.kappa) for r in results] == [
        (method, float(kappa)) for method in ("heavy_ball", "nesterov") for kappa in (10, 25, 100)
    ]
    first = results[0]
    assert (first.x_name, first.y_name) == ("alpha", "beta")
    np.testing.assert_array_equal(first.status, STATUS)
    np.testing.assert_array_equal(first.period, PERIOD)
    np.testing.assert_array_equal(first.x, np.linspace(0.06, 0.24, 5))  # alpha L in [0.6, 2.4]
    assert first.fixed == {} and first.version == "0+test"


def test_the_stable_region_is_the_packages_exact_one(shipped, tmp_path):
    for result in maps():  # the ranges put the last column, and only it, outside
        np.testing.assert_array_equal(result.stable, STATUS != 3)
    # at alpha = 0 the rate is exactly 1 (roots 1 and beta): outside, whatever it rounds to
    store = write_store(tmp_path / "s.zarr", L=25.0, x_range=(0.0, 0.08))
    assert not experiments._read(store, "heavy_ball", 25).stable[:, 0].any()


def test_shares_are_the_hand_counts(shipped):
    for result in maps():
        assert int(result.stable.sum()) == STABLE
        shares = verdict_fractions(result)
        assert shares == {name: Fraction(count, STABLE) for name, count in COUNTS.items()}
        assert math.fsum(shares.values()) == 1.0


def test_a_missing_store_is_an_error_naming_it(tmp_path, monkeypatch):
    write_store(tmp_path / "heavy_ball-kappa10.zarr", L=10.0)
    monkeypatch.setattr(experiments, "maps_folder", lambda: tmp_path)
    with pytest.raises(FileNotFoundError, match=r"heavy_ball-kappa25\.zarr is missing"):
        maps()


def test_claims_fail_naming_a_missing_store(tmp_path, monkeypatch):
    monkeypatch.setattr(experiments, "maps_folder", lambda: tmp_path)
    with _cache.isolated():
        for check in claims_in(claims):
            result = check()
            assert not result.passed and not result.skipped and math.isnan(result.measured)
            assert "heavy_ball-kappa10.zarr is missing" in result.method


def test_a_store_of_another_spectrum_is_refused(tmp_path):
    write_store(tmp_path / "heavy_ball-kappa10.zarr", L=25.0)
    with _cache.isolated(), pytest.raises(ValueError, match="at mu = 1, L = 10, got heavy_ball"):
        experiments.atlas_maps(str(tmp_path), "key")


def test_a_status_at_the_fill_value_reads_as_not_computed(tmp_path):
    """xarray turns a code equal to the array's fill value into NaN: it is -1 again."""
    status = STATUS.copy()
    status[0, 0] = -1
    path = tmp_path / "store.zarr"
    write_store(path, status=status)
    import xarray as xr

    with xr.open_zarr(path) as opened:  # rewrite with -1 as the fill value
        data = opened.load()
    data.to_zarr(path, mode="w", encoding={"status": {"_FillValue": -1}})
    read = experiments._read(path, "heavy_ball", 25)
    assert read.status[0, 0] == -1
    np.testing.assert_array_equal(read.status, status)


@pytest.mark.parametrize("check", claims_in(claims), ids=lambda c: c.__name__)
def test_claims_pass_on_consistent_stores(shipped, check):
    result = check()
    assert result.passed and not result.skipped and result.measured == 0, result


def test_recount_fails_when_the_subjects_count_is_wrong(shipped, monkeypatch):
    def shifted(result):
        shares = verdict_fractions(result)
        return {**shares, "certified": shares["certified"] + 1 / STABLE}

    monkeypatch.setattr(experiments, "verdict_fractions", shifted)
    assert not claims.atlas_counts_recounted().passed


def test_decided_fails_with_an_uncomputed_cell(tmp_path, monkeypatch):
    folder = write_maps(tmp_path / "maps")
    status = STATUS.copy()
    status[2, 1] = -1
    write_store(folder / "nesterov-kappa25.zarr", "nesterov", L=25.0, status=status)
    monkeypatch.setattr(experiments, "maps_folder", lambda: folder)
    with _cache.isolated():
        result = claims.atlas_every_cell_decided()
    assert not result.passed and result.measured == 1


def test_consistency_fails_for_an_unstable_cell_the_package_calls_stable(tmp_path, monkeypatch):
    folder = write_maps(tmp_path / "maps")
    status = STATUS.copy()
    status[0, 2] = 3  # alpha L = 1.5, beta = 0: heavy ball converges on [1, 10]
    write_store(folder / "heavy_ball-kappa10.zarr", L=10.0, status=status)
    monkeypatch.setattr(experiments, "maps_folder", lambda: folder)
    with _cache.isolated():
        assert claims.atlas_verdicts_consistent().measured == 1
        assert claims.atlas_counts_recounted().measured > 0  # the store's own region differs


def test_consistency_fails_for_a_rate_below_the_quadratic_one(shipped, monkeypatch):
    import dataclasses

    first, *rest = maps()
    rate = first.rate.copy()
    rate[0, 0] = first.quadratic_rate[0, 0] / 2
    monkeypatch.setattr(claims, "_maps", lambda: (dataclasses.replace(first, rate=rate), *rest))
    result = claims.atlas_verdicts_consistent()
    assert not result.passed and result.measured == 1


def test_claims_are_skipped_without_the_extra(monkeypatch):
    monkeypatch.setattr(experiments, "atlas_available", lambda: False)
    for check in (claims.atlas_counts_recounted, claims.atlas_every_cell_decided):
        result = check()
        assert result.skipped and 'pip install "momentum-theory[atlas]"' in result.method


def test_macros_print_the_hand_counts(shipped):
    written = {m.name: m.body for m in macros.macros()}
    assert written["AtlasColumns"] == "5" and written["AtlasRows"] == "4"
    for tag in ("Hb", "Nag"):
        for kappa in ("OneZero", "TwoFive", "OneZeroZero"):
            stem = f"Atlas{tag}Kappa{kappa}"
            assert written[f"{stem}Stable"] == "16"
            # 7/16, 6/16, 3/16 of the stable cells, to one decimal
            assert written[f"{stem}Certified"] == r"43.8\%"
            assert written[f"{stem}Refuted"] == r"37.5\%"
            assert written[f"{stem}Unknown"] == r"18.8\%"


def test_the_maps_are_frozen(shipped):
    from frozen import assert_frozen

    assert_frozen(maps())


def test_points_are_the_methods_tunings_and_the_counterexample(drawn):
    results = {(r.method, round(r.kappa)): r for r in maps()}
    heavy = figures.marked_points(results["heavy_ball", 25])
    by_label = {p["label"]: p for p in heavy}
    # Polyak's tuning at kappa = 25 is 4/(sqrt(25) + 1)^2 = 1/9 and ((5 - 1)/(5 + 1))^2 = 4/9
    assert by_label["Polyak"]["x"] == pytest.approx(1 / 9, rel=1e-15)
    assert by_label["Polyak"]["y"] == pytest.approx(4 / 9, rel=1e-15)
    # Ghadimi et al.: alpha = 1/(2L), beta = sqrt((1 - alpha mu)(1 - alpha L))
    assert by_label["Ghadimi et al."]["x"] == 1 / 50
    assert by_label["Ghadimi et al."]["y"] == pytest.approx(math.sqrt(49 / 50 * 1 / 2), rel=1e-15)
    lessard = by_label["Lessard-Recht-Packard counterexample"]
    assert (lessard["x"], lessard["y"]) == (1 / 9, 4 / 9)
    # the counterexample is heavy ball's at kappa = 25 only
    for key, result in results.items():
        labels = [p["label"] for p in figures.marked_points(result)]
        assert ("Lessard-Recht-Packard counterexample" in labels) == (key == ("heavy_ball", 25))
    # Nesterov's textbook tuning at kappa = 100: alpha = 1/100, beta = 9/11
    nesterov = {p["label"]: p for p in figures.marked_points(results["nesterov", 100])}
    assert nesterov["Nesterov's textbook"]["x"] == 0.01
    assert nesterov["Nesterov's textbook"]["y"] == pytest.approx(9 / 11, rel=1e-15)


def test_a_point_outside_the_plane_is_left_out(tmp_path):
    write_store(tmp_path / "s.zarr", L=25.0, x_range=(0.0, 0.05), y_range=(0.0, 0.9))
    result = experiments._read(tmp_path / "s.zarr", "heavy_ball", 25)
    labels = [p["label"] for p in figures.marked_points(result)]
    assert labels == ["Ghadimi et al."]  # alpha L = 1/2; Polyak's alpha L = 25/9 is out


def test_figure_draws_six_panels_one_colour_bar_and_the_legend(drawn):
    import matplotlib.pyplot as plt

    figure = figures.atlas_figure()
    try:
        panels = [ax for ax in figure.axes if ax.get_title()]
        assert [ax.get_title() for ax in panels] == [
            rf"{name}, $\kappa = {k}$"
            for name in ("heavy ball", "Nesterov")
            for k in (10, 25, 100)
        ]
        bars = [ax for ax in figure.axes if ax.get_ylabel() == "certified rate"]
        assert len(bars) == 1
        (legend,) = figure.legends
        labels = [text.get_text() for text in legend.get_texts()]
        for expected in (
            "unknown",
            "unstable on a quadratic",
            "refuted, cycle of period 3",
            "refuted, cycle of period 5",
            "quadratic stability boundary",
            "Polyak",
            "Ghadimi et al.",
            "Lessard-Recht-Packard counterexample",
        ):
            assert expected in labels
        # heavy ball's boundary is alpha L = 2 (1 + beta): the contour's points lie on it
        (contour,) = [c for c in panels[1].collections if c.get_paths() and len(c.levels) == 1]
        vertices = np.concatenate([p.vertices for p in contour.get_paths()])
        np.testing.assert_allclose(vertices[:, 0], 2 * (1 + vertices[:, 1]), atol=0.02)
    finally:
        plt.close(figure)


def test_figure_is_the_same_bytes_twice(drawn, tmp_path):
    from momentum_theory.paper._subject import Figure, make_figure

    figure = Figure("atlas", "test", figures.atlas_figure)
    first = make_figure(figure, tmp_path / "first")
    second = make_figure(figure, tmp_path / "second")
    assert [p.name for p in first] == ["atlas.pdf", "atlas.png", "atlas.json"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
