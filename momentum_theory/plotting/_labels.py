"""Where a heatmap's contour labels go: inside the axes, off the curves and the legend."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["label_inside"]


def label_inside(
    ax: Axes, contours: Any, fmt: Any, avoid: tuple[tuple[float, float, float, float], ...]
) -> None:
    """Label each contour level once, at the point of its line deepest inside the axes.

    Each label goes where its line is farthest from the axes' edges, from the labels
    already placed and from the ``avoid`` boxes ``(x0, x1, y0, y1)`` in axes fractions (the
    legend), so that no label is cut by the edge. A level whose line stays near the edges
    is left unlabelled. Call after the axes limits are set.
    """
    to_axes = ax.transLimits
    curves = [line.get_xydata() for line in ax.get_lines() if len(line.get_xydata())]
    curves += [
        path.vertices
        for collection in ax.collections
        if collection is not contours and hasattr(collection, "levels")
        for path in collection.get_paths()
        if len(path.vertices)
    ]
    drawn = to_axes.transform(np.concatenate(curves)) if curves else np.empty((0, 2))
    drawn = drawn[np.all(np.isfinite(drawn), axis=1)]
    placed: list[NDArray[np.float64]] = []
    positions, levels = [], []
    for level, path in zip(contours.levels, contours.get_paths()):
        vertices = path.vertices
        if len(vertices) == 0:
            continue
        fraction = to_axes.transform(vertices)
        u, v = fraction[:, 0], fraction[:, 1]
        room = np.minimum(np.minimum(u, 1 - u) / 1.6, np.minimum(v, 1 - v))
        for x0, x1, y0, y1 in avoid:
            inside = (u > x0 - 0.03) & (u < x1 + 0.03) & (v > y0 - 0.03) & (v < y1 + 0.03)
            room = np.where(inside, -1.0, room)
        for point in placed:
            room = np.minimum(room, np.hypot(u - point[0], v - point[1]) - 0.04)
        if len(drawn):  # keep off the boundary and critical curves
            gaps = np.hypot(u[:, None] - drawn[None, :, 0], v[:, None] - drawn[None, :, 1])
            room = np.minimum(room, gaps.min(axis=1) + 0.02)
        best = int(np.argmax(room))
        if room[best] < 0.05:
            continue
        placed.append(fraction[best])
        positions.append(tuple(vertices[best]))
        levels.append(level)
    if positions:
        ax.clabel(
            contours, levels=levels, manual=positions, inline=True, fontsize="small", fmt=fmt
        )
