"""Cell centres: the sample points of a grid of cells (``momentum-theory heatmap`` and the
paper's heatmaps sample there, so every sampled value lies strictly inside its range)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_finite_float, as_integer

__all__ = ["cell_centres"]


def cell_centres(low: float, high: float, count: int) -> NDArray[np.float64]:
    """``count`` equally spaced cell centres covering ``[low, high]``.

    Examples
    --------
    >>> cell_centres(0.0, 1.0, 4)
    array([0.125, 0.375, 0.625, 0.875])
    """
    low = as_finite_float(low, "low")
    high = as_finite_float(high, "high", low=low, low_open=True)
    count = as_integer(count, "count", 1)
    return low + (np.arange(count) + 0.5) * ((high - low) / count)
