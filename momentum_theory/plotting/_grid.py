r"""What every heatmap-like figure shares: cells around grid points, and the image of a grid.

A value grid ``values[i, j]`` sampled at ``(x[j], y[i])`` is drawn as one rectangle per
sample, centred on it; the rectangles of equally spaced samples tile the plane, so the
grid is one ``imshow`` over the outer edges of the outermost cells.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.image import AxesImage

__all__ = ["cell_boundaries", "cell_edges", "grid_image"]

# Relative departure from equal spacing still drawn as equal cells (linspace's rounding).
_SPACING_TOLERANCE = 1e-6


def cell_edges(centres: ArrayLike) -> tuple[float, float]:
    r"""Outer edges ``(low, high)`` of the cells centred on equally spaced ``centres``.

    With spacing :math:`\delta`, the cells are :math:`[c_k - \delta/2, c_k + \delta/2]`, so
    the edges are :math:`c_0 - \delta/2` and :math:`c_{n-1} + \delta/2`. A single centre
    has no spacing and gets a cell of width 1. Decreasing centres give ``low > high``,
    which ``imshow`` draws the right way round.

    Parameters
    ----------
    centres : array_like, shape (n,)
        Equally spaced cell centres, ``n >= 1``.

    Returns
    -------
    (float, float)
        The edge before the first centre and the edge after the last.

    Raises
    ------
    ValueError
        If ``centres`` is empty, not one-dimensional, or not equally spaced (such cells
        would not be the rectangles ``imshow`` draws).

    Examples
    --------
    >>> cell_edges([0.5, 1.5, 2.5])
    (0.0, 3.0)
    >>> cell_edges([2.0])
    (1.5, 2.5)
    """
    centres = np.asarray(centres, dtype=float)
    if centres.ndim != 1 or centres.size == 0:
        raise ValueError(f"centres must be a non-empty 1-D array, got shape {centres.shape}")
    if centres.size == 1:
        return float(centres[0]) - 0.5, float(centres[0]) + 0.5
    step = (centres[-1] - centres[0]) / (centres.size - 1)
    if step == 0 or np.any(np.abs(np.diff(centres) - step) > _SPACING_TOLERANCE * abs(step)):
        raise ValueError("centres must be equally spaced")
    half_step = 0.5 * step
    return float(centres[0] - half_step), float(centres[-1] + half_step)


def grid_image(
    ax: Axes, values: ArrayLike, x_centres: ArrayLike, y_centres: ArrayLike, **imshow_kwargs: Any
) -> AxesImage:
    r"""Draw ``values[i, j]`` as the cell centred on ``(x_centres[j], y_centres[i])``.

    One ``imshow`` with ``origin="lower"``, ``aspect="auto"``, ``interpolation="nearest"``
    (every cell a flat rectangle) and the extent of :func:`cell_edges`; keyword arguments
    (``cmap``, ``norm``, ``vmin``, ...) go to ``imshow`` and may override those defaults.
    Masked entries take the colormap's "bad" colour. The axes limits are left to the
    caller (lines drawn later may reach past the grid): ``image.get_extent()`` gives them.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw.
    values : array_like, shape (n_y, n_x)
        Rows follow ``y_centres``, columns ``x_centres``; may be a masked array.
    x_centres : array_like, shape (n_x,)
        Equally spaced horizontal cell centres.
    y_centres : array_like, shape (n_y,)
        Equally spaced vertical cell centres.
    **imshow_kwargs
        Passed to :meth:`matplotlib.axes.Axes.imshow`.

    Returns
    -------
    matplotlib.image.AxesImage
        The image (for a colorbar).

    Raises
    ------
    ValueError
        If ``values`` is not of shape ``(n_y, n_x)``, or the centres are not equally
        spaced.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt
    >>> _, ax = plt.subplots()
    >>> image = grid_image(ax, np.arange(6.0).reshape(2, 3), [1, 2, 3], [0, 10])
    >>> [float(edge) for edge in image.get_extent()]
    [0.5, 3.5, -5.0, 15.0]
    """
    x_edges, y_edges = cell_edges(x_centres), cell_edges(y_centres)
    shape = (np.size(y_centres), np.size(x_centres))
    if np.shape(values) != shape:
        raise ValueError(f"values must have shape (n_y, n_x) = {shape}, got {np.shape(values)}")
    options = {"origin": "lower", "aspect": "auto", "interpolation": "nearest"}
    return ax.imshow(values, extent=(*x_edges, *y_edges), **{**options, **imshow_kwargs})


def cell_boundaries(centres: ArrayLike) -> np.ndarray:
    r"""Edges of the cells around monotone ``centres``: halfway between neighbours.

    The outer edges lie half a neighbouring gap beyond the outermost centres, so evenly
    spaced centres get the edges of :func:`cell_edges`; uneven ones (a logarithmic
    sampling) get cells that meet halfway, for ``pcolormesh``.

    Parameters
    ----------
    centres : array_like, shape (n,)
        Strictly monotone cell centres, ``n >= 2``.

    Returns
    -------
    ndarray, shape (n + 1,)
        The cell edges, in the order of the centres.

    Raises
    ------
    ValueError
        If ``centres`` is not one-dimensional with at least two strictly monotone values.

    Examples
    --------
    >>> cell_boundaries([1.0, 2.0, 4.0])
    array([0.5, 1.5, 3. , 5. ])
    """
    centres = np.asarray(centres, dtype=float)
    if centres.ndim != 1 or centres.size < 2:
        raise ValueError(f"centres must be a 1-D array of at least 2, got shape {centres.shape}")
    gaps = np.diff(centres)
    if not (np.all(gaps > 0) or np.all(gaps < 0)):
        raise ValueError("centres must be strictly monotone")
    middles = centres[:-1] + 0.5 * gaps
    return np.concatenate(([centres[0] - 0.5 * gaps[0]], middles, [centres[-1] + 0.5 * gaps[-1]]))
