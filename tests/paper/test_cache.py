"""The experiment cache: one computation per settings, in memory and across processes, and
results that no caller can change."""

from __future__ import annotations

import pickle
from dataclasses import dataclass

import numpy as np
import pytest

from momentum_theory.paper import _cache
from momentum_theory.paper._cache import CACHE_VARIABLE, experiment

calls: list[tuple[float, int]] = []


@dataclass(frozen=True)
class _Result:
    values: np.ndarray
    named: dict
    steps: list


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


def test_a_result_is_frozen_before_anyone_sees_it_and_after_loading(tmp_path, monkeypatch):
    """Arrays read-only, dictionaries read-only mappings, lists tuples: in this process and
    when read back from the disk cache (pickles restore writable arrays)."""
    from types import MappingProxyType

    @experiment
    def nested(scale: float) -> _Result:
        calls.append((scale, 0))
        return _Result(scale * np.ones(3), {"w": np.zeros(2), "inner": {"x": [1]}}, [1, 2])

    monkeypatch.setenv(CACHE_VARIABLE, str(tmp_path))
    for _ in ("computed", "loaded"):
        result = nested(2.0)
        assert not result.values.flags.writeable
        assert isinstance(result.named, MappingProxyType)
        assert not result.named["w"].flags.writeable
        assert result.named["inner"]["x"] == (1,) and result.steps == (1, 2)
        with pytest.raises(ValueError, match="read-only"):
            result.values[0] = 0.0
        with pytest.raises(TypeError):
            result.named["w"] = None
        _cache.clear_memory()
    assert calls == [(2.0, 0)]  # the second result was loaded from disk


def test_freeze_reaches_into_object_arrays_and_named_tuples():
    from collections import namedtuple

    Pair = namedtuple("Pair", "first second")
    boxes = np.empty(2, dtype=object)
    boxes[0], boxes[1] = np.zeros(2), {"k": [3]}
    frozen = _cache.freeze(Pair(boxes, [np.ones(1)]))
    assert isinstance(frozen, Pair)
    assert not frozen.first.flags.writeable and not frozen.first[0].flags.writeable
    assert frozen.first[1]["k"] == (3,)
    assert isinstance(frozen.second, tuple) and not frozen.second[0].flags.writeable


def test_the_source_hash_covers_the_whole_package():
    """Rooted at the package, not at the cache's folder: a change to any library module
    (which every experiment calls) must recompute the results."""
    from pathlib import Path

    import momentum_theory

    assert _cache._PACKAGE == Path(momentum_theory.__file__).resolve().parent
    hashed = {p.name for p in _cache._PACKAGE.rglob("*.py")}
    assert {"_arithmetic.py", "_cache.py", "__init__.py"} <= hashed
