r"""Numerical minimax: the parameters that minimise a worst-case rate over a box.

Used for the methods whose optimum over quadratics has no closed form here (``two_step``,
``qhm``, ``pytorch_sgd``). The worst-case rate is continuous but not smooth (a maximum of
two spectral radii, each with a square-root kink at critical damping), so the search is
derivative-free: a grid over the whole box, then Nelder--Mead from the best grid points.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

# Grid points per coordinate, Nelder--Mead starts and its stopping tolerances.
GRID_POINTS = {1: 401, 2: 121, 3: 41}
STARTS = 4
ROUNDS = 3
MAX_EVALUATIONS = 1500
X_TOLERANCE = 1e-13
F_TOLERANCE = 1e-15


def minimize_worst_case(
    rate: Callable[..., Array],
    bounds: Sequence[tuple[float, float]],
    seeds: Sequence[Sequence[float]] = (),
) -> tuple[Array, float]:
    r"""The point of ``bounds`` with the smallest ``rate`` found, and that rate.

    Parameters
    ----------
    rate : callable
        ``rate(*coordinates)`` with one array per coordinate, broadcasting; NaN is
        treated as :math:`+\infty`.
    bounds : sequence of (low, high)
        The box searched, one pair per coordinate (1 to 3 coordinates).
    seeds : sequence of points, optional
        Extra starting points for Nelder--Mead, besides the best grid points.

    Returns
    -------
    point : ndarray, shape (n_coordinates,)
    value : float
        ``rate(*point)``, evaluated once more at the returned point.

    Notes
    -----
    A regular grid (``GRID_POINTS`` per coordinate) over the box, then Nelder--Mead
    (SciPy, with the box as bounds, stopping at simplex size ``1e-13`` and spread
    ``1e-15``) from the ``STARTS`` best grid points and the ``seeds``, each run ``ROUNDS``
    times from its own result with a fresh simplex one grid cell wide, then ten and a
    hundred times smaller
    (restarts let Nelder--Mead leave the kinks it stalls on). This finds the global
    minimum when the grid's best cell lies in its basin; it is not a certificate, and the
    callers' tests compare it with known optima.
    """
    from scipy.optimize import minimize  # imported here: SciPy's optimize is slow to import

    low = np.array([b[0] for b in bounds], dtype=float)
    high = np.array([b[1] for b in bounds], dtype=float)
    axes = [np.linspace(a, b, GRID_POINTS[len(bounds)]) for a, b in zip(low, high)]
    mesh = np.meshgrid(*axes, indexing="ij")
    values = np.asarray(rate(*mesh), dtype=float)
    values = np.where(np.isnan(values), np.inf, values).ravel()
    best = np.argsort(values, kind="stable")[:STARTS]

    def objective(point: Array) -> float:
        value = float(rate(*np.clip(point, low, high)))
        return np.inf if np.isnan(value) else value

    cell = (high - low) / (GRID_POINTS[len(bounds)] - 1)
    candidates = []
    starts = [np.array([m.ravel()[index] for m in mesh]) for index in best]
    starts += [np.clip(np.asarray(seed, dtype=float), low, high) for seed in seeds]
    for point in starts:
        for round_ in range(ROUNDS):
            # A fresh simplex each round, the first a grid cell wide, then ten times smaller.
            size = cell * 10.0**-round_
            simplex = np.vstack([point, point + np.diag(size)])
            simplex[1:] = np.where(simplex[1:] > high, point - np.diag(size), simplex[1:])
            result = minimize(
                objective,
                point,
                method="Nelder-Mead",
                bounds=list(zip(low, high)),
                options={
                    "initial_simplex": np.clip(simplex, low, high),
                    "xatol": X_TOLERANCE,
                    "fatol": F_TOLERANCE,
                    "maxfev": MAX_EVALUATIONS,
                },
            )
            point = np.clip(result.x, low, high)
        candidates.append((objective(point), tuple(point)))
    value, point = min(candidates)
    return np.array(point), value
