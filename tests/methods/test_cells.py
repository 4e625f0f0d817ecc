"""Cell centres: the sample points of the heatmaps' grids."""

import numpy as np
import pytest

from momentum_theory.methods._cells import cell_centres


def test_cells_are_centres_strictly_inside_the_window():
    """Equality with hand-computed centres: [0, 4.4] in 4 cells of width 1.1."""
    np.testing.assert_allclose(cell_centres(0.0, 4.4, 4), [0.55, 1.65, 2.75, 3.85], rtol=1e-15)
    centres = cell_centres(-1.0, 1.0, 600)
    assert -1.0 < centres[0] < centres[-1] < 1.0
    np.testing.assert_allclose(np.diff(centres), 2.0 / 600, rtol=1e-12)


@pytest.mark.parametrize(
    ("low", "high", "count", "error"),
    [(1.0, 1.0, 4, ValueError), (0.0, 1.0, 0, ValueError), (0.0, float("nan"), 4, ValueError)],
)
def test_an_empty_window_or_no_cells_is_refused(low, high, count, error):
    with pytest.raises(error):
        cell_centres(low, high, count)
