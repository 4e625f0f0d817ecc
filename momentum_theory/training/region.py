r"""The network's convergence region beside the quadratic theory's, on the same grid.

Every cell of the sweep starts from the same weights, so the curvature at the start,
:math:`h = \lambda_{\max}(\nabla^2 L(\theta_0))`, is one number for the whole grid, and the
quadratic theory predicts divergence for :math:`\eta h \ge 2(1 + \beta)`. Comparing the two
cell by cell shows how far the second-order picture at initialisation carries.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory.spectral import RateGrid, convergence_region, rate_grid
from momentum_theory.training.curvature import batched_hessians
from momentum_theory.training.problem import chapter_problem
from momentum_theory.training.stability import StabilityReport, locate_in_stability_region
from momentum_theory.training.sweep import SweepResult, sweep_grid

__all__ = [
    "DEFAULT_LR_GRID",
    "DEFAULT_MOMENTUM_GRID",
    "RegionComparison",
    "compare_regions",
    "final_curvatures",
]

# 32 x 32 cells; both grids contain the chapter's point (0.01, 0.8): lr = 0.01 + 0.08 k,
# momentum = 0.032 k. The learning rates reach well past where the network diverges.
DEFAULT_LR_GRID = 0.01 + 0.08 * np.arange(32)
DEFAULT_MOMENTUM_GRID = 0.032 * np.arange(32)


@dataclass(frozen=True, eq=False)
class RegionComparison:
    r"""A network sweep and the quadratic theory on the same cells.

    Attributes
    ----------
    sweep : SweepResult
        The network's final losses and divergence over the grid.
    theory : RateGrid
        :math:`\rho(A(\eta, \beta, h))` on the same cells, :math:`h` the curvature at the start.
    report : StabilityReport
        Curvature at the start and at the end of the run at ``(lr, momentum)`` (the chapter's
        setting by default), and where that point sits in the region.
    theory_stable : ndarray of bool, shape (n_momentum, n_lr)
        :math:`0 < \eta h < 2(1 + \beta)` at each cell.
    final_curvature : ndarray, shape (n_momentum, n_lr)
        :math:`\lambda_{\max}` of the loss Hessian at each cell's final weights (exact,
        from :func:`~momentum_theory.training.batched_hessians` and ``eigvalsh``); NaN for
        diverged cells.
    """

    sweep: SweepResult
    theory: RateGrid
    report: StabilityReport
    theory_stable: NDArray[np.bool_]
    final_curvature: NDArray[np.float64]

    @property
    def final_edge_fraction(self) -> NDArray[np.float64]:
        r""":math:`\eta\,\lambda_{\max}^{\text{end}} / (2(1 + \beta))` per cell: at most 1 is
        inside the quadratic region for the curvature where the cell ended."""
        lr = self.sweep.lr[np.newaxis, :]
        momentum = self.sweep.momentum[:, np.newaxis]
        return lr * self.final_curvature / (2.0 * (1.0 + momentum))

    @property
    def stable_but_diverged(self) -> int:
        """Cells inside the theory's region where the network diverged."""
        return int(np.sum(self.theory_stable & self.sweep.diverged))

    @property
    def unstable_but_trained(self) -> int:
        """Cells outside the theory's region where the network did not diverge."""
        return int(np.sum(~self.theory_stable & ~self.sweep.diverged))


def compare_regions(
    lr: ArrayLike = DEFAULT_LR_GRID,
    momentum: ArrayLike = DEFAULT_MOMENTUM_GRID,
    epochs: int = 12,
    seed: int = 1,
    *,
    point: tuple[float, float] = (0.01, 0.8),
    dtype: str = "float32",
    device: str = "cpu",
    threads: int = 1,
    progress: bool = False,
) -> RegionComparison:
    r"""Sweep the network over the grid and put the quadratic theory beside it.

    Parameters
    ----------
    lr, momentum : array_like, shape (n_lr,) and (n_momentum,)
        The grid (by default 32 x 32, :math:`\eta \in [0.01, 2.49]`,
        :math:`\beta \in [0, 0.992]`).
    epochs, seed : int
        Shared by every cell.
    point : (float, float), default (0.01, 0.8)
        The :math:`(\eta, \beta)` whose run gives the curvature at the end.
    dtype, device, threads, progress
        As for :func:`~momentum_theory.training.sweep_grid`.

    Returns
    -------
    RegionComparison

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> region = compare_regions([0.01, 0.1, 50.0], [0.0, 0.8], epochs=1)
    >>> region.theory_stable.tolist()  # h = 10.97 at the start: the edge is at 0.18 and 0.33
    [[True, True, False], [True, True, False]]
    >>> region.stable_but_diverged, region.unstable_but_trained
    (0, 0)
    >>> bool(np.all(region.final_edge_fraction[~region.sweep.diverged] < 1))
    True
    """
    sweep = sweep_grid(
        lr, momentum, epochs, seed, dtype=dtype, device=device, threads=threads, progress=progress
    )
    report = locate_in_stability_region(
        point[0], point[1], epochs, seed, dtype=dtype, device=device
    )
    h = report.initial.eigenvalue
    theory = rate_grid(sweep.lr, sweep.momentum, h=h)
    stable = convergence_region(sweep.lr[np.newaxis, :], sweep.momentum[:, np.newaxis], h)
    return RegionComparison(
        sweep=sweep,
        theory=theory,
        report=report,
        theory_stable=stable,
        final_curvature=final_curvatures(sweep, seed),
    )


def final_curvatures(sweep: SweepResult, seed: int) -> NDArray[np.float64]:
    r""":math:`\lambda_{\max}` of the full-data loss Hessian at every trained cell's final weights.

    Exact up to rounding: closed-form Hessians (:func:`batched_hessians`) and
    ``numpy.linalg.eigvalsh``. NaN for diverged cells.
    """
    trained = ~sweep.diverged
    curvature = np.full(sweep.shape, np.nan)
    if trained.any():
        data = chapter_problem(seed, 1).data
        weights = {name: array[trained] for name, array in sweep.final_parameters.items()}
        curvature[trained] = np.linalg.eigvalsh(batched_hessians(weights, data))[:, -1]
    return curvature
