"""The store's schema (what the figure and the explorer read) and its refusal of another grid."""

import numpy as np
import pytest

from momentum_theory.atlas.grid import atlas_grid
from momentum_theory.atlas.store import StoreMismatch, create_store, open_store, write_block

xr = pytest.importorskip("xarray")
pytest.importorskip("zarr")


def _grid(**changes):
    settings = {"mu": 1.0, "L": 10.0, "resolution": 4, "x_range": (0.1, 0.2), **changes}
    return atlas_grid("heavy_ball", **settings)


def test_schema_and_attributes(tmp_path):
    grid = _grid()
    create_store(grid, tmp_path / "a.zarr")
    group = open_store(grid, tmp_path / "a.zarr")
    block = {
        "status": np.full((2, 2), 1, "int8"),
        "rate": np.full((2, 2), 0.5),
        "quadratic_rate": np.full((2, 2), 0.25),
        "period": np.zeros((2, 2), "int8"),
    }
    write_block(group, (0, 2, 2, 4), block)
    atlas = xr.open_zarr(tmp_path / "a.zarr")
    assert atlas.status.dims == ("beta", "alpha") and atlas.status.dtype == np.int8
    assert atlas.rate.dtype == np.float64 and atlas.period.dtype == np.int8
    np.testing.assert_array_equal(atlas.alpha, np.linspace(0.1, 0.2, 4))
    np.testing.assert_array_equal(atlas.beta, np.linspace(0.0, 1.0, 4))
    expected = np.full((4, 4), -1)
    expected[0:2, 2:4] = 1
    np.testing.assert_array_equal(atlas.status, expected)
    assert np.isnan(atlas.rate[0, 0]) and atlas.rate[0, 2] == 0.5
    assert list(atlas.status.attrs["flag_values"]) == [-1, 0, 1, 2, 3]
    assert atlas.status.attrs["flag_meanings"] == "not_computed unknown certified refuted unstable"
    attrs = atlas.attrs
    assert (attrs["method"], attrs["mu"], attrs["L"], attrs["x"], attrs["y"]) == (
        "heavy_ball",
        1.0,
        10.0,
        "alpha",
        "beta",
    )
    assert list(attrs["x_range"]) == [0.1, 0.2] and attrs["resolution"] == 4
    assert attrs["fixed"] == "{}" and "ladder" in attrs["certificate"] and attrs["version"]


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"L": 25.0}, "L is 10.0 in the store, 25.0 here"),
        ({"resolution": 5}, "resolution"),
        ({"x_range": (0.1, 0.3)}, "x_range"),
        ({"x": "beta", "y": "alpha", "x_range": None}, "x is 'alpha'"),
    ],
)
def test_another_grid_is_refused(tmp_path, changes, named):
    create_store(_grid(), tmp_path / "a.zarr")
    with pytest.raises(StoreMismatch, match=named):
        open_store(_grid(**changes), tmp_path / "a.zarr")


def test_not_an_atlas_is_refused(tmp_path):
    (tmp_path / "b.zarr").mkdir()
    with pytest.raises(StoreMismatch, match="not a"):
        open_store(_grid(), tmp_path / "b.zarr")
