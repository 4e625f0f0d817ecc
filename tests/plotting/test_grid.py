"""plotting._grid: the cells around sampled centres, drawn as one image."""

import matplotlib
import matplotlib.colors
import matplotlib.pyplot as plt
import numpy as np
import pytest

from momentum_theory.plotting._grid import cell_edges, grid_image


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
