"""The experiments layer: one computation per settings, in memory and across processes."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from momentum_theory.experiments import _cache
from momentum_theory.experiments._cache import CACHE_VARIABLE, experiment

calls: list[tuple[float, int]] = []


@experiment
def _counted(scale: float, points: int = 3) -> np.ndarray:
    calls.append((scale, points))
    return scale * np.arange(points)


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    monkeypatch.delenv(CACHE_VARIABLE, raising=False)
    _cache.clear_memory()
    calls.clear()
    yield
    _cache.clear_memory()


def test_each_settings_runs_once_per_process_defaults_included():
    first = _counted(2.0)
    again = _counted(2.0, points=3)  # the same settings, spelled differently
    other = _counted(2.0, 4)
    assert calls == [(2.0, 3), (2.0, 4)]
    assert again is first and other.shape == (4,)


def test_disk_cache_is_shared_across_processes_and_keyed_by_source(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    value = _counted(3.0)
    (entry,) = tmp_path.glob("*.pickle")
    _cache.clear_memory()  # as in a new process
    np.testing.assert_array_equal(_counted(3.0), value)
    assert calls == [(3.0, 3)]  # read from disk, not recomputed
    monkeypatch.setattr(_cache, "source_hash", lambda: "other source")
    _counted(3.0)
    assert calls == [(3.0, 3), (3.0, 3)]  # another package source: recomputed
    assert entry.is_file() and len(list(tmp_path.glob("*.pickle"))) == 2


def test_a_damaged_cache_entry_is_recomputed_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    _counted(5.0)
    (entry,) = tmp_path.glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    _cache.clear_memory()
    np.testing.assert_array_equal(_counted(5.0), 5.0 * np.arange(3))
    assert calls == [(5.0, 3), (5.0, 3)]
    assert isinstance(pickle.loads(entry.read_bytes()), np.ndarray)  # rewritten whole


def test_heatmap_cells_are_centres_inside_the_window():
    from momentum_theory.experiments.heatmaps import single_curvature_grid
    from momentum_theory.methods import cell_centres

    np.testing.assert_allclose(cell_centres(0.0, 4.4, 4), [0.55, 1.65, 2.75, 3.85])
    grid = single_curvature_grid()
    assert grid.rate.shape == (600, 600)
    assert 0 < grid.x[0] < grid.x[-1] < 4.4 and 0 < grid.y[0] < grid.y[-1] < 1


def test_rate_comparison_settings_are_the_figure_grid():
    """The 64 x 64 grid, both ends included, on the standard problems, 2000 steps."""
    from momentum_theory.experiments import rates

    assert (rates.GRID_POINTS, rates.STEPS) == (64, 2000)
    assert rates.ALPHA_RANGE == (0.005, 0.42) and rates.BETA_RANGE == (0.0, 0.99)


def test_read_only_mappings_in_results_round_trip_through_the_disk_cache(tmp_path, monkeypatch):
    from types import MappingProxyType

    @experiment
    def with_mapping(scale: float) -> MappingProxyType:
        calls.append((scale, 0))
        return MappingProxyType({"w": scale * np.ones(2)})

    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    first = with_mapping(2.0)
    _cache.clear_memory()
    again = with_mapping(2.0)
    assert calls == [(2.0, 0)] and isinstance(again, MappingProxyType)
    np.testing.assert_array_equal(again["w"], first["w"])


def test_a_result_that_cannot_be_pickled_is_kept_in_memory_with_a_warning(tmp_path, monkeypatch):
    @experiment
    def unpicklable(scale: float):
        return lambda: scale

    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    with pytest.warns(RuntimeWarning, match="not cached on disk"):
        result = unpicklable(1.0)
    assert result() == 1.0 and unpicklable(1.0) is result
    assert list(tmp_path.iterdir()) == []  # no partial file left behind
