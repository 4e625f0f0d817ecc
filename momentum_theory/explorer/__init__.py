r"""An interactive explorer: the theory in a browser, exact, offline, in one HTML file.

``momentum-theory explore`` writes a page that shows, for a method and a spectrum
:math:`[\mu, L]`:

- the worst-case rate over the method's two main parameters (heatmap), coloured by
  iterations per decimal digit :math:`-1/\log_{10}\rho` on a logarithmic scale (two
  decades from the fastest cell's: dark is fast, yellow that slow or slower, grey no
  convergence) over the step and a logarithmic scale of :math:`1 - \beta`
  (:func:`~momentum_theory.explorer.data.momentum_coordinate`), as ``momentum-theory
  heatmap`` draws ill-conditioned spectra, so the fast region is resolved at any condition
  number; the legend sits below the axes; the stability boundary :math:`\rho = 1`, the
  critical curves :math:`T^2 = 4D` at :math:`h = \mu` and :math:`h = L`, and the optimum;
- a picked point (click the plane, or the sliders, or type a value) with its rate, the
  regime of the roots (real, complex pair, double root) and its exact parameters;
- the iterates on :math:`f = (\mu x^2 + L y^2)/2` from a start the user moves, for the
  picked point and for gradient descent at its best step, side by side;
- the distance to the minimiser against :math:`t` (log axis) with the predicted
  :math:`\rho^t`, and :math:`\|A^t\|_2` with its transient peak;
- with the atlas layer (:mod:`~momentum_theory.explorer.atlas`), the shipped atlas maps:
  each cell certified, refuted, unstable or unknown beyond quadratics; a click on a cell
  shows its proof (the Lyapunov matrix, the cycle drawn with its iterates, the failing
  quadratic).

What is exact, and where it comes from
--------------------------------------
The heatmaps, the boundary, the critical curves and the optima are computed by the
package (:func:`~momentum_theory.explorer.data.explorer_data`) and embedded as data:
heatmaps of :data:`~momentum_theory.explorer.data.RESOLUTION` :math:`^2` cells (gaps
:math:`1 - \rho` stored to :math:`3 \times 10^{-4}` relative), curves traced on grids of
:data:`~momentum_theory.explorer.data.CURVE_RESOLUTION` :math:`^2` cells. The picked
point's rate is computed on the page by a port of the package's exact kernel (each
method's family map in the same float64 operations, then :math:`T` and :math:`D` summed
exactly and the quadratic formula in double-double), so it equals
:meth:`~momentum_theory.methods.Method.worst_case_rate` to about :math:`10^{-15}`
relative at any point, on the critical curves too. The iterates and :math:`\|A^t\|_2`
are a direct float64 simulation on the page. The tests check all three ports against the
package in headless Chromium.

Parameters off the plane are held at the method's defaults (PyTorch's ``dampening``,
``weight_decay``, ``nesterov``) or, where a method has no default (the two-step family's
``gamma``, QHM's ``nu``), at their value at the optimum, so the optimum lies in the plane.

The page's state
----------------
Elements with stable ids hold the state, each with its exact value in a ``data-value``
attribute (the text may be rounded): ``method``, ``spectrum`` (its index), ``mu``,
``L``, one element per parameter of the method named as the parameter (``alpha``,
``beta``, ``gamma``, ``nu``, ``lr``, ``momentum``, ``dampening``, ``weight_decay``,
``nesterov``: ``true``/``false``), ``rate`` (the worst-case rate of the picked point),
``rate-mu`` and ``rate-L``, ``regime`` (``real``, ``complex`` or ``double``, at the end
``worst-end``: ``mu`` or ``L``), ``converges``, ``optimal-rate``, ``gd-alpha``,
``gd-rate``, ``peak`` (:math:`\max_t \|A^t\|_2`, with ``data-step``), ``x0``, ``y0`` and
``steps``. The address keeps the view (``#method=nesterov&spectrum=0&alpha=...``), and
``window.explorer`` offers ``state()``, ``setMethod``, ``pick``, ``setStart``, ``layout()``
(where the plots, titles, legend and optimum marker were drawn, in CSS pixels) and the
page's computations.

The atlas layer's state: ``atlas-map`` (the store's name), ``atlas-cell`` (the picked
cell's ``[i, j]`` in the store), ``atlas-verdict``, ``atlas-rate``, and the proof's own
rationals: ``atlas-rho``, ``atlas-P`` (the matrix as JSON), ``atlas-lambda-sector``,
``atlas-lambda-off-by-one`` (certified), ``atlas-period`` and ``atlas-cycle-points``
(refuted), ``atlas-h`` (unstable); ``window.explorerAtlas`` offers ``state()``,
``select``, ``pickCell`` and ``cellCentre``.

Examples
--------
>>> from momentum_theory.explorer import explorer_data
>>> data = explorer_data([(1.0, 100.0)], methods=["nesterov"], resolution=16)
>>> data.methods
('gradient_descent', 'nesterov')
>>> round(data.planes[0, "nesterov"].optimal_rate, 6)
0.884722
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from momentum_theory.explorer.data import (
    CURVE_RESOLUTION,
    RESOLUTION,
    ExplorerData,
    Plane,
    PlaneAxes,
    explorer_data,
    momentum_coordinate,
    momentum_top,
    plane_axes,
)

__all__ = [
    "CURVE_RESOLUTION",
    "RESOLUTION",
    "ExplorerData",
    "Plane",
    "PlaneAxes",
    "explorer_data",
    "explorer_html",
    "momentum_coordinate",
    "momentum_top",
    "plane_axes",
    "write_explorer",
]


def explorer_html(
    data: ExplorerData, method: str = "heavy_ball", atlas: dict[str, Any] | None = None
) -> str:
    """The page for ``data``, opening on ``method``, with the atlas layer ``atlas``
    (:func:`~momentum_theory.explorer.atlas.atlas_layer`) if given, as one HTML document
    (needs Bokeh: the ``explore`` extra)."""
    from momentum_theory.explorer.page import explorer_html as build

    return build(data, method, atlas)


def write_explorer(
    path: str | os.PathLike[str],
    data: ExplorerData,
    method: str = "heavy_ball",
    atlas: dict[str, Any] | None = None,
) -> Path:
    """Write the page for ``data``, opening on ``method``, with the atlas layer ``atlas`` if
    given, to ``path`` atomically (needs Bokeh); returns the path."""
    from momentum_theory.explorer.page import write_explorer as write

    return write(path, data, method, atlas)
