"""The atlas's plane: defaults from the method's metadata, checks, the store's attributes."""

import json

import numpy as np
import pytest

from momentum_theory.atlas.grid import atlas_grid


def test_defaults_come_from_the_method():
    grid = atlas_grid("nesterov", mu=1.0, L=25.0, resolution=5)
    assert (grid.x, grid.y) == ("alpha", "beta")
    assert grid.x_range == pytest.approx((0.0, 2.2 / 25)) and grid.y_range == (0.0, 1.0)
    np.testing.assert_array_equal(grid.y_values, np.linspace(0.0, 1.0, 5))
    # QHM refuses beta = 1: the range ends at its search axis's end instead
    qhm = atlas_grid("qhm", mu=1.0, L=10.0, resolution=3, fixed={"nu": 0.7})
    assert qhm.y_range[1] < 1.0 and qhm.fixed == {"nu": 0.7}


def test_cells_and_blocks():
    grid = atlas_grid("heavy_ball", mu=1.0, L=10.0, resolution=6, x_range=(0.1, 0.2))
    assert grid.parameters(5, 0) == {"alpha": 0.1, "beta": 1.0}
    blocks = list(grid.blocks())
    covered = np.zeros((6, 6), int)
    for i0, i1, j0, j1 in blocks:
        covered[i0:i1, j0:j1] += 1
    assert (covered == 1).all() and grid.block == 2


def test_attrs_and_differences():
    grid = atlas_grid("two_step", mu=1.0, L=10.0, resolution=4, fixed={"gamma": 0.5})
    attrs = grid.attrs()
    assert json.loads(attrs["fixed"]) == {"gamma": 0.5}
    assert grid.differences(attrs) == []
    other = atlas_grid("two_step", mu=1.0, L=10.0, resolution=4, fixed={"gamma": 0.25})
    (difference,) = other.differences(attrs)
    assert difference.startswith("fixed ")


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        ({"x": "beta"}, "x and y must differ"),
        ({"x": "delta"}, "x must be a numeric parameter"),
        ({"x_range": (0.2, 0.1)}, "x_range must have min < max"),
        ({"resolution": 1}, "resolution"),
        ({"fixed": {"alpha": 0.1}}, "axis of the plane"),
    ],
)
def test_refusals_name_the_argument(arguments, words):
    settings = {"resolution": 4, **arguments}
    with pytest.raises(ValueError, match=words):
        atlas_grid("heavy_ball", mu=1.0, L=10.0, **settings)
