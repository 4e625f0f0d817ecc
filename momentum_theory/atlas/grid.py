r"""The atlas's plane: which parameters, which ranges, which cells (:class:`AtlasGrid`).

Cell :math:`(i, j)` sits at the grid point :math:`(x_j, y_i)`, ``x = numpy.linspace(*x_range,
resolution)`` and likewise ``y`` (ends included): ``i`` runs along ``y`` (rows), ``j``
along ``x`` (columns), as in the store's arrays ``status[y, x]``. The other parameters are
held at ``fixed`` (the method's defaults filled in). Everything here is checked once, with
the method's own rules, before any work.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_finite_float, as_integer, as_spectrum

__all__ = ["AtlasGrid", "atlas_grid"]

# Cells per task along each axis at most (a task is a block, a block one chunk of the store);
# a small grid gets blocks of a quarter of its side (at least 2), so that it still has tasks
# to share.
BLOCK = 8


@dataclass(frozen=True)
class AtlasGrid:
    r"""A method's plane over :math:`\mathcal S(\mu, L)`, cut into ``resolution`` squared cells.

    Attributes
    ----------
    method : str
        The registered method's name.
    mu, L : float
        The class.
    x, y : str
        The parameters along the columns and the rows.
    x_range, y_range : (float, float)
        The first and last grid points of each axis.
    resolution : int
        Grid points per axis.
    fixed : dict
        The other parameters (JSON numbers or booleans), defaults filled in.
    block : int
        Cells per task along each axis (the store's chunk): at most 8, at least 2, about a
        quarter of ``resolution``.
    """

    method: str
    mu: float
    L: float
    x: str
    y: str
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    resolution: int
    fixed: dict[str, Any] = field(default_factory=dict)
    block: int = BLOCK

    @property
    def x_values(self) -> NDArray[np.float64]:
        """The grid points along ``x`` (``numpy.linspace``, ends included)."""
        return np.linspace(*self.x_range, self.resolution)

    @property
    def y_values(self) -> NDArray[np.float64]:
        """The grid points along ``y``."""
        return np.linspace(*self.y_range, self.resolution)

    def parameters(self, i: int, j: int) -> dict[str, Any]:
        """The method's parameters at cell ``(i, j)`` (row ``i`` along ``y``)."""
        return {
            self.x: float(self.x_values[j]),
            self.y: float(self.y_values[i]),
            **self.fixed,
        }

    def blocks(self) -> Iterator[tuple[int, int, int, int]]:
        """The tasks' blocks ``(i0, i1, j0, j1)`` (half-open), row-major: the store's chunks."""
        n, b = self.resolution, self.block
        for i0 in range(0, n, b):
            for j0 in range(0, n, b):
                yield i0, min(i0 + b, n), j0, min(j0 + b, n)

    def attrs(self) -> dict[str, Any]:
        """The store's identifying attributes (those a resumed run must match)."""
        return {
            "method": self.method,
            "mu": self.mu,
            "L": self.L,
            "x": self.x,
            "y": self.y,
            "x_range": list(self.x_range),
            "y_range": list(self.y_range),
            "resolution": self.resolution,
            "fixed": json.dumps(self.fixed, sort_keys=True),
        }

    def differences(self, attrs: Mapping[str, Any]) -> list[str]:
        """What differs between this grid and a store's ``attrs``, one phrase each."""
        ours = self.attrs()
        found = []
        for key, value in ours.items():
            theirs = attrs.get(key)
            if isinstance(value, list) and theirs is not None:
                theirs = [float(v) for v in theirs]
            if key == "fixed" and theirs is not None:
                theirs = json.dumps(json.loads(theirs), sort_keys=True)
            if theirs != value:
                found.append(f"{key} is {theirs!r} in the store, {value!r} here")
        return found


def _default_range(spec: Any, name: str, L: float) -> tuple[float, float]:
    """A parameter's natural range: its typical plot range in its unit, with an end the
    domain refuses (QHM's beta = 1) replaced by the end of its search axis."""
    parameter = spec.parameter(name)
    if parameter.typical is None:
        raise ValueError(
            f"{spec.name}'s parameter {name!r} has no typical range; give its range explicitly"
        )
    low, high = (value * parameter.unit_value(L) for value in parameter.typical)
    excluded = parameter.domain.excluded if parameter.domain is not None else ()
    if parameter.search is not None:
        low = parameter.search.low if low in excluded else low
        high = parameter.search.high if high in excluded else high
    return float(low), float(high)


def _range(value: Any, name: str) -> tuple[float, float]:
    if len(value) != 2:
        raise ValueError(f"{name} must be two numbers (min, max), got {value!r}")
    low = as_finite_float(value[0], f"{name}[0]")
    high = as_finite_float(value[1], f"{name}[1]")
    if not low < high:
        raise ValueError(f"{name} must have min < max, got {low:g} >= {high:g}")
    return low, high


def atlas_grid(
    method: Any,
    *,
    mu: float,
    L: float,
    resolution: int,
    x: str | None = None,
    y: str | None = None,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    fixed: Mapping[str, Any] | None = None,
) -> AtlasGrid:
    r"""The checked :class:`AtlasGrid` of ``method`` (arguments as
    :func:`~momentum_theory.atlas.compute_atlas`).

    ``x`` and ``y`` default to the method's plane (:attr:`Method.plane
    <momentum_theory.methods.Method.plane>`: step and momentum), ranges to each parameter's
    typical range in its unit (a step in :math:`1/L`). Every cell's parameters are checked
    with the method's own rules.

    Raises
    ------
    ValueError
        Naming the argument: an unknown parameter, ``x == y``, a fixed value for a plotted
        parameter, a range that is not two finite increasing numbers, a resolution below 2,
        a spectrum that is not ``0 < mu <= L``, or cells the method refuses.
    TypeError
        For parameters of the wrong type.

    Examples
    --------
    >>> grid = atlas_grid("heavy_ball", mu=1.0, L=10.0, resolution=3)
    >>> grid.x, grid.y, grid.y_range, [round(v, 12) for v in grid.x_range]
    ('alpha', 'beta', (0.0, 1.0), [0.0, 0.44])
    >>> grid.parameters(2, 0)
    {'alpha': 0.0, 'beta': 1.0}
    """
    from momentum_theory.methods import get

    spec = get(method)
    lower, upper = as_spectrum(mu=mu, L=L, scalar=True)
    n = as_integer(resolution, "resolution", 2)
    plane_x, plane_y = spec.plane
    x = plane_x if x is None else x
    y = plane_y if y is None else y
    if y is None:
        raise ValueError(f"{spec.name} has one parameter in its plane; give y")
    for axis, name in (("x", x), ("y", y)):
        if name not in spec.numeric_parameters:
            raise ValueError(
                f"{axis} must be a numeric parameter of {spec.name} "
                f"({', '.join(spec.numeric_parameters)}), got {name!r}"
            )
    if x == y:
        raise ValueError(f"x and y must differ, got {x!r} twice")
    settings = dict(fixed or {})
    for name in settings:
        if name in (x, y):
            raise ValueError(f"fixed: {name!r} is an axis of the plane; it cannot be fixed")
    xr = _default_range(spec, x, upper) if x_range is None else _range(x_range, "x_range")
    yr = _default_range(spec, y, upper) if y_range is None else _range(y_range, "y_range")
    xs, ys = np.linspace(*xr, n), np.linspace(*yr, n)
    X, Y = np.meshgrid(xs, ys)
    checked = spec.check(**{x: X, y: Y, **settings})  # every cell, the method's own rules
    held = {}
    for name in spec.parameters:
        if name in (x, y):
            continue
        value = checked[name]
        value = value if isinstance(value, bool) else float(np.asarray(value).flat[0])
        if not isinstance(value, bool) and not math.isfinite(value):
            raise ValueError(f"fixed: {name} must be finite, got {value}")
        held[name] = value
    block = min(BLOCK, max(2, -(-n // 4)))
    return AtlasGrid(spec.name, lower, upper, x, y, xr, yr, n, held, block)
