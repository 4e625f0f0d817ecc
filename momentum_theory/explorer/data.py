r"""The exact quantities the explorer page shows, computed by the package's kernels.

For each spectrum :math:`[\mu, L]` and each method, one :class:`Plane`: the worst-case rate
and its gap :math:`1 - \rho` over the method's two main parameters (the step evenly, the
momentum evenly in :math:`-\log_{10}(1 - \beta)`, as ``momentum-theory heatmap`` draws it on
scaled axes, so the fast region near :math:`\beta \to 1` is resolved at any condition
number) (:attr:`Method.plane
<momentum_theory.methods.Method.plane>`, by :func:`~momentum_theory.methods.method_grid`), the
stability boundary :math:`\rho = 1`, the critical curves :math:`T^2 = 4D` at
:math:`h = \mu` and :math:`h = L` (from the method's family map), and the optimum
(:meth:`~momentum_theory.methods.Method.optimal_parameters`). The page embeds these as
data and computes nothing of them itself; see :mod:`momentum_theory.explorer`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_integer, as_spectrum, choice
from momentum_theory.methods import Method, cell_centres

Array = NDArray[np.float64]

__all__ = [
    "CURVE_RESOLUTION",
    "RESOLUTION",
    "ExplorerData",
    "Plane",
    "PlaneAxes",
    "explorer_data",
    "momentum_coordinate",
    "momentum_top",
    "plane_axes",
]

# Cells per axis of the embedded heatmaps, and of the finer grids the curves are traced on.
RESOLUTION = 200
CURVE_RESOLUTION = 400


def momentum_coordinate(beta: ArrayLike) -> Array:
    r"""Where the page draws a momentum: :math:`-\log_{10}(1 - \beta)` (0 at
    :math:`\beta = 0`, 1 at 0.9, 2 at 0.99), the heatmap's scaled momentum axis
    (:class:`~momentum_theory.plotting.PlotAxis` with ``log_gap``).

    Examples
    --------
    >>> momentum_coordinate([0.0, 0.9, 0.99]).round(12).tolist()
    [0.0, 1.0, 2.0]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        return -np.log10(1.0 - np.asarray(beta, dtype=float))


def momentum_top(*, mu: float, L: float) -> float:
    r"""The top of the momentum axis for the spectrum: :math:`1 - 10^{-\max(2,\,
    \log_{10}\kappa / 2 + 1)}` (``momentum-theory heatmap``'s default on scaled axes): a
    twentieth of the optimal gap :math:`1 - \beta^* \approx 2/\sqrt\kappa`.

    Examples
    --------
    >>> momentum_top(mu=1.0, L=100.0), momentum_top(mu=0.01, L=1e4)
    (0.99, 0.9999)
    """
    return 1.0 - 10.0 ** -max(2.0, math.log10(L / mu) / 2 + 1)


@dataclass(frozen=True)
class PlaneAxes:
    r"""The two parameters a method's plane shows, and how far its step axis reaches.

    Attributes
    ----------
    x, y : str
        The step-size parameter (columns) and the momentum parameter (rows); ``y`` is None
        for gradient descent, which has one parameter (its plane is a curve).
    x_span : float
        The step axis covers ``[0, x_span / L]``, or ``[0, 1.5 x*]`` if the optimal step
        ``x*`` lies beyond that (QHM's optimal ``alpha`` grows like :math:`\sqrt\kappa / L`).
    """

    x: str
    y: str | None
    x_span: float


def plane_axes(method: Method) -> PlaneAxes:
    r"""A method's plane: its first two tuned parameters (:attr:`Method.plane
    <momentum_theory.methods.Method.plane>`, its own step and momentum), with the step axis
    its typical range (:attr:`~momentum_theory.methods.Parameter.typical`, just past the
    widest stable step on :math:`[\mu, L]`: 2/L for gradient descent and Nesterov's
    :math:`\beta = 0`, 4/L for heavy ball's :math:`\beta \to 1`).

    Examples
    --------
    >>> from momentum_theory import methods
    >>> plane_axes(methods.get("pytorch_sgd"))
    PlaneAxes(x='lr', y='momentum', x_span=4.4)
    """
    x, y = method.plane
    return PlaneAxes(x, y, method.parameter(x).typical[1])


@dataclass(frozen=True)
class Plane:
    r"""One method's worst-case rate over its plane, for one spectrum.

    Attributes
    ----------
    method : str
        The method's registry name.
    mu, L : float
        The spectrum.
    x_name, y_name : str or None
        The plane's parameters (``y_name`` None for gradient descent).
    x : ndarray, shape (n_x,)
        Cell centres along ``x_name``, covering ``[0, x_max]``.
    y : ndarray, shape (n_y,) or None
        Momenta along ``y_name`` at cell centres evenly spaced in
        :func:`momentum_coordinate`, covering ``[0, y_max]``.
    x_max : float
        The end of the step axis.
    y_max : float
        The top of the momentum axis (:func:`momentum_top`, or closer to 1 if the optimum
        lies beyond it); 1 for gradient descent.
    fixed : dict of str to object
        The method's other parameters: their defaults, or where a parameter has none (the
        two-step family's ``gamma``, QHM's ``nu``) its value at the optimum, so that the
        optimum lies in the plane.
    rate : ndarray, shape (n_y, n_x) or (n_x,)
        :math:`\max_{h \in [\mu, L]} \rho` at every cell centre
        (:meth:`~momentum_theory.methods.Method.worst_case_rate`).
    gap : ndarray, shape (n_y, n_x) or (n_x,)
        :math:`1 - \rho` at every cell centre to full relative precision
        (:meth:`MethodGrid.gap <momentum_theory.methods.MethodGrid.gap>`), positive exactly
        where the method converges: what the page's colour shows.
    boundary : tuple of ndarray of shape (n, 2)
        Polylines :math:`(x, y)` of :math:`\rho = 1` (parameter values), traced on a finer
        grid of the exact rate by linear interpolation inside cells in the page's
        coordinates (:math:`x` and :func:`momentum_coordinate` of :math:`y`); for gradient
        descent, points :math:`(x, 1)`.
    critical : dict of str to tuple of ndarray of shape (n, 2)
        For ``"mu"`` and ``"L"``: polylines of the zero set of :math:`T^2 - 4D` at that
        curvature (the critical curve: a double root), traced on the finer grid; for
        gradient descent (:math:`D = 0`) the points :math:`(x, \rho(x))` where
        :math:`T = 0`.
    optimum : dict of str to float
        Every parameter of the method at its optimum for the spectrum.
    optimal_rate : float
        The worst-case rate at ``optimum`` (the doubles stored): what the page shows when
        the optimum is picked. Where the optimum is a double root this can differ from the
        optimum's exact rate in the ninth digit (Nesterov's closed form at
        :math:`\kappa = 100`: :math:`2.5 \times 10^{-9}` relative), as :math:`\rho` moves
        like the square root of the parameters' rounding there.
    """

    method: str
    mu: float
    L: float
    x_name: str
    y_name: str | None
    x: Array
    y: Array | None
    x_max: float
    y_max: float
    fixed: dict[str, Any] = field(hash=False)
    rate: Array = field(hash=False)
    gap: Array = field(hash=False)
    boundary: tuple[Array, ...] = field(hash=False)
    critical: dict[str, tuple[Array, ...]] = field(hash=False)
    optimum: dict[str, Any] = field(hash=False)
    optimal_rate: float = 0.0


@dataclass(frozen=True)
class ExplorerData:
    """Every plane the page shows: one per spectrum and method.

    Attributes
    ----------
    spectra : tuple of (float, float)
        The spectra :math:`(\\mu, L)`, the first shown when the page opens.
    methods : tuple of str
        The methods, in :func:`momentum_theory.methods.names` order.
    planes : dict of (int, str) to Plane
        ``planes[i, name]``: the plane of method ``name`` for ``spectra[i]``.
    resolution, curve_resolution : int
        Cells per axis of the heatmaps and of the grids the curves are traced on.
    """

    spectra: tuple[tuple[float, float], ...]
    methods: tuple[str, ...]
    planes: dict[tuple[int, str], Plane] = field(hash=False)
    resolution: int
    curve_resolution: int


def _lines(x: Array, y: Array, z: Array, level: float) -> tuple[Array, ...]:
    """The polylines of ``z == level`` over the grid ``(x, y)``, by marching squares."""
    import contourpy

    finite = np.where(np.isfinite(z), z, np.nanmax(np.where(np.isfinite(z), z, -np.inf)))
    generator = contourpy.contour_generator(x, y, finite, line_type="Separate")
    return tuple(np.asarray(line, dtype=float) for line in generator.lines(level))


def _crossings(x: Array, values: Array, level: float) -> Array:
    """The ``x`` where the samples ``values`` cross ``level`` (linear interpolation)."""
    above = values >= level
    index = np.flatnonzero(above[1:] != above[:-1])
    low, high = values[index], values[index + 1]
    return x[index] + (level - low) / (high - low) * (x[index + 1] - x[index])


def _plane(method_name: str, mu: float, L: float, resolution: int, fine: int) -> Plane:
    from momentum_theory import methods

    method = methods.get(method_name)
    axes = plane_axes(method)
    optimum = method.optimal_parameters(mu=mu, L=L)
    best = {name: _plain(value) for name, value in optimum.parameters.items()}
    defaults = dict(method.defaults)
    fixed = {
        name: defaults.get(name, best[name])
        for name in method.parameters
        if name not in (axes.x, axes.y)
    }
    x_max = axes.x_span / L
    if best[axes.x] > x_max:  # QHM: the optimal step grows like sqrt(kappa) / L
        x_max = 1.5 * best[axes.x]
    if axes.y is None:
        x = cell_centres(0.0, x_max, fine * 2)
        rate = np.asarray(method.worst_case_rate(mu=mu, L=L, **{axes.x: x}, **fixed), dtype=float)
        boundary = tuple(np.array([[at, 1.0]]) for at in _crossings(x, rate, 1.0))
        critical = {}
        for end, h in (("mu", mu), ("L", L)):
            trace = method.family(**{axes.x: x}, **fixed).trace(h)
            zeros = _crossings(x, trace, 0.0)
            critical[end] = tuple(np.array([[at, np.interp(at, x, rate)]]) for at in zeros)
        return Plane(
            method=method.name,
            mu=mu,
            L=L,
            x_name=axes.x,
            y_name=None,
            x=x,
            y=None,
            x_max=x_max,
            y_max=1.0,
            fixed=fixed,
            rate=rate,
            gap=np.minimum(
                *(np.asarray(method.spectral_gap(h, **{axes.x: x}, **fixed)) for h in (mu, L))
            ),
            boundary=boundary,
            critical=critical,
            optimum=best,
            optimal_rate=float(method.worst_case_rate(mu=mu, L=L, **best)),
        )
    y_max = momentum_top(mu=mu, L=L)
    if best[axes.y] >= y_max:  # keep the optimum well inside the plane
        y_max = 1.0 - (1.0 - best[axes.y]) / 10.0
    top = float(momentum_coordinate(y_max))

    def momenta(count: int) -> Array:
        return 1.0 - 10.0 ** -cell_centres(0.0, top, count)

    x, y = cell_centres(0.0, x_max, resolution), momenta(resolution)
    grid = methods.method_grid(method, (axes.x, x), (axes.y, y), mu=mu, L=L, **fixed)
    x_fine, y_fine = cell_centres(0.0, x_max, fine), momenta(fine)
    fine_grid = methods.method_grid(
        method, (axes.x, x_fine), (axes.y, y_fine), mu=mu, L=L, **fixed
    )
    u_fine = momentum_coordinate(y_fine)

    def traced(z: Array, level: float) -> tuple[Array, ...]:
        # Traced where the page draws them (even in the momentum's coordinate), then
        # stored as parameter values.
        lines = _lines(x_fine, u_fine, z, level)
        return tuple(np.column_stack([line[:, 0], 1.0 - 10.0 ** -line[:, 1]]) for line in lines)

    critical = {end: traced(fine_grid.discriminant(h), 0.0) for end, h in (("mu", mu), ("L", L))}
    return Plane(
        method=method.name,
        mu=mu,
        L=L,
        x_name=axes.x,
        y_name=axes.y,
        x=x,
        y=y,
        x_max=x_max,
        y_max=y_max,
        fixed=fixed,
        rate=grid.rate,
        gap=grid.gap(),
        boundary=traced(fine_grid.rate, 1.0),
        critical=critical,
        optimum=best,
        optimal_rate=float(method.worst_case_rate(mu=mu, L=L, **best)),
    )


def _plain(value: Any) -> Any:
    """A NumPy scalar or 0-d array as a Python float (bools stay bools)."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    return float(value)


def explorer_data(
    spectra: Sequence[tuple[float, float]],
    *,
    methods: Sequence[str] | None = None,
    resolution: int = RESOLUTION,
    curve_resolution: int = CURVE_RESOLUTION,
) -> ExplorerData:
    r"""The planes of every method for every spectrum, from the package's kernels.

    Parameters
    ----------
    spectra : sequence of (float, float)
        Spectra :math:`(\mu, L)`, ``0 < mu <= L``; the first is the one the page opens on.
    methods : sequence of str, optional
        Method names (default: all, and gradient descent is always included: the page
        compares every method with it).
    resolution : int, default 200
        Cells per axis of each heatmap, at least 2.
    curve_resolution : int, default 400
        Cells per axis of the grids the boundary and critical curves are traced on.

    Returns
    -------
    ExplorerData

    Raises
    ------
    ValueError
        For a spectrum that is not ``0 < mu <= L``, no spectra, an unknown method or a
        resolution below 2.

    Examples
    --------
    >>> from momentum_theory.explorer import explorer_data
    >>> data = explorer_data([(1.0, 100.0)], methods=["heavy_ball"], resolution=20)
    >>> plane = data.planes[0, "heavy_ball"]
    >>> plane.rate.shape, round(plane.optimal_rate, 6)
    ((20, 20), 0.818182)
    """
    from momentum_theory import methods as registry

    checked = tuple(as_spectrum(mu=mu, L=L, scalar=True) for mu, L in spectra)
    if not checked:
        raise ValueError("spectra must name at least one spectrum (mu, L), got none")
    names = registry.names()
    wanted = {choice(name, "method", names) for name in (methods or names)}
    wanted.add("gradient_descent")
    ordered = tuple(name for name in names if name in wanted)
    resolution = as_integer(resolution, "resolution", 2)
    curve_resolution = as_integer(curve_resolution, "curve_resolution", 2)
    planes = {
        (index, name): _plane(name, mu, L, resolution, curve_resolution)
        for index, (mu, L) in enumerate(checked)
        for name in ordered
    }
    return ExplorerData(
        spectra=checked,
        methods=ordered,
        planes=planes,
        resolution=resolution,
        curve_resolution=curve_resolution,
    )
