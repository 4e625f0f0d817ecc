"""A curve of a method's parameter plane known in closed form: :class:`ClosedFormCurve`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

__all__ = ["ClosedFormCurve"]


@dataclass(frozen=True)
class ClosedFormCurve:
    r"""A curve of a method's plane known in closed form (plots draw it instead of a contour).

    Attributes
    ----------
    kind : {"boundary", "critical"}
        The stability boundary :math:`\rho = 1` (drawn for :math:`h = L`) or a
        critical-damping curve (drawn for :math:`h = \mu` and :math:`h = L`).
    along, other : str
        The parameter sampled and the one the curve gives.
    value : callable
        ``value(along_values, h) -> other_values``.
    label : callable
        ``label(h_symbol) -> str``, the legend entry for the curvature's TeX symbol (``"h"``,
        ``"\\mu"``, ``"L"``).
    samples : int
        Points along the plotted range of ``along``.
    nonnegative : bool
        Sample ``along`` only where it is at least 0 (a square root of it is taken).
    """

    kind: str
    along: str
    other: str
    value: Callable[[Array, float], Array]
    label: Callable[[str], str]
    samples: int
    nonnegative: bool = False
