r"""The network's convergence region beside the quadratic theory's, on the same grid.

Every cell of the sweep starts from the same weights, so the curvature at the start,
:math:`h = \lambda_{\max}(\nabla^2 L(\theta_0))`, is one number for the whole grid, and the
quadratic theory predicts divergence for :math:`\eta h \ge 2(1 + \beta)`. Comparing the two
cell by cell shows how far the second-order picture at initialisation carries.

Not diverging is not training. Every cell ends in exactly one of :data:`CELL_OUTCOMES`:

``"diverged"``
    its loss left the finite range or passed the sweep's divergence threshold;
``"collapsed"``
    not diverged, but every hidden ReLU is dead on every input at the final weights
    (:func:`~momentum_theory.training.live_units`): the network predicts a constant, and
    the only curvature left is the output bias's, :math:`\lambda_{\max} = 2` exactly;
``"not_improved"``
    not diverged, not collapsed, and the final full-data loss is not below the initial one;
``"trained"``
    not diverged, not collapsed, and the final loss is below the initial loss.

For a collapsed cell, "inside the quadratic region at the final curvature" reads
:math:`2\eta < 2(1 + \beta)`, the stability of the output bias's own heavy-ball iteration,
and says nothing about the network; statements about the final curvature are therefore
made for trained cells only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory.family import convergence_region
from momentum_theory.methods import MethodGrid, method_grid
from momentum_theory.training.curvature import batched_hessians
from momentum_theory.training.model import live_units
from momentum_theory.training.problem import chapter_problem
from momentum_theory.training.stability import StabilityReport, locate_in_stability_region
from momentum_theory.training.sweep import SweepResult, sweep_grid

__all__ = [
    "CELL_OUTCOMES",
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

CELL_OUTCOMES = ("diverged", "collapsed", "not_improved", "trained")


@dataclass(frozen=True, eq=False)
class RegionComparison:
    r"""A network sweep and the quadratic theory on the same cells.

    Attributes
    ----------
    sweep : SweepResult
        The network's final losses and divergence over the grid.
    theory : MethodGrid
        Heavy ball's :math:`\rho(A(\eta, \beta, h))` on the same cells (``alpha`` the
        learning rates, ``beta`` the momenta), :math:`h` the curvature at the start.
    report : StabilityReport
        Curvature at the start and at the end of the run at ``(lr, momentum)`` (the chapter's
        setting by default), and where that point sits in the region.
    theory_stable : ndarray of bool, shape (n_momentum, n_lr)
        :math:`0 < \eta h < 2(1 + \beta)` at each cell.
    final_curvature : ndarray, shape (n_momentum, n_lr)
        :math:`\lambda_{\max}` of the loss Hessian at each cell's final weights (exact,
        from :func:`~momentum_theory.training.batched_hessians` and ``eigvalsh``); NaN for
        diverged cells.
    collapsed : ndarray of bool, shape (n_momentum, n_lr)
        Cells that did not diverge and whose hidden units are all dead on every input at the
        final weights (:func:`~momentum_theory.training.live_units`).
    constant_loss : float
        :math:`\operatorname{var}(y)`, the full-data loss of the best constant prediction: a
        lower bound on a collapsed cell's loss.
    """

    sweep: SweepResult
    theory: MethodGrid
    report: StabilityReport
    theory_stable: NDArray[np.bool_]
    final_curvature: NDArray[np.float64]
    collapsed: NDArray[np.bool_]
    constant_loss: float

    @property
    def final_edge_fraction(self) -> NDArray[np.float64]:
        r""":math:`\eta\,\lambda_{\max}^{\text{end}} / (2(1 + \beta))` per cell: below 1 is
        inside the quadratic region for the curvature where the cell ended.

        For a collapsed cell :math:`\lambda_{\max}^{\text{end}} = 2` and this is
        :math:`\eta/(1 + \beta)`, a statement about the output bias alone; read it for
        :attr:`trained` cells.
        """
        lr = self.sweep.lr[np.newaxis, :]
        momentum = self.sweep.momentum[:, np.newaxis]
        return lr * self.final_curvature / (2.0 * (1.0 + momentum))

    @property
    def trained(self) -> NDArray[np.bool_]:
        """Cells that neither diverged nor collapsed and end below the initial loss."""
        live = ~self.sweep.diverged & ~self.collapsed
        return live & (self.sweep.final_loss < self.sweep.initial_loss)

    @property
    def not_improved(self) -> NDArray[np.bool_]:
        """Live cells (not diverged, not collapsed) whose final loss is not below the initial."""
        return ~self.sweep.diverged & ~self.collapsed & ~self.trained

    @property
    def outcome_counts(self) -> Mapping[str, int]:
        """Number of cells per outcome, keyed by :data:`CELL_OUTCOMES`; they sum to the grid."""
        masks = (self.sweep.diverged, self.collapsed, self.not_improved, self.trained)
        return MappingProxyType(
            {name: int(mask.sum()) for name, mask in zip(CELL_OUTCOMES, masks, strict=True)}
        )

    @property
    def stable_but_diverged(self) -> int:
        """Cells inside the theory's region where the network diverged."""
        return int(np.sum(self.theory_stable & self.sweep.diverged))

    @property
    def unstable_not_diverged(self) -> int:
        """Cells outside the theory's region where the network did not diverge (trained,
        collapsed or not improved)."""
        return int(np.sum(~self.theory_stable & ~self.sweep.diverged))

    @property
    def trained_beyond_edge(self) -> int:
        """Trained cells outside the theory's region for the curvature at the start."""
        return int(np.sum(~self.theory_stable & self.trained))

    @property
    def collapsed_beyond_edge(self) -> int:
        """Collapsed cells outside the theory's region for the curvature at the start."""
        return int(np.sum(~self.theory_stable & self.collapsed))

    @property
    def largest_trained_edge_fraction(self) -> float:
        r"""Largest :attr:`final_edge_fraction` over trained cells (NaN if none trained)."""
        values = self.final_edge_fraction[self.trained]
        return float(values.max()) if values.size else float("nan")

    @property
    def peak_loss_ratio(self) -> NDArray[np.float64]:
        r"""Largest mini-batch loss of each cell's run over the initial full-data loss.

        Above 1 where some mini-batch loss of the run exceeded the initial loss (the first
        batch's already may, by a little); NaN for diverged cells.
        """
        peak = np.nanmax(self.sweep.losses, axis=0) / self.sweep.initial_loss
        return np.where(self.sweep.diverged, np.nan, peak)

    @property
    def curvature_ratio(self) -> NDArray[np.float64]:
        r""":math:`\lambda_{\max}` at each cell's final weights over its value at the start."""
        return self.final_curvature / self.report.initial.eigenvalue


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
    >>> region.stable_but_diverged, region.unstable_not_diverged
    (0, 0)
    >>> dict(region.outcome_counts)
    {'diverged': 2, 'collapsed': 0, 'not_improved': 0, 'trained': 4}
    >>> bool(region.largest_trained_edge_fraction < 1)
    True
    """
    sweep = sweep_grid(
        lr, momentum, epochs, seed, dtype=dtype, device=device, threads=threads, progress=progress
    )
    report = locate_in_stability_region(
        point[0], point[1], epochs, seed, dtype=dtype, device=device
    )
    h = report.initial.eigenvalue
    theory = method_grid("heavy_ball", ("alpha", sweep.lr), ("beta", sweep.momentum), h=h)
    stable = convergence_region(sweep.lr[np.newaxis, :], sweep.momentum[:, np.newaxis], h)
    data = chapter_problem(seed, 1).data
    dead = ~live_units(sweep.final_parameters, data.x).any(axis=-1)
    return RegionComparison(
        sweep=sweep,
        theory=theory,
        report=report,
        theory_stable=stable,
        final_curvature=final_curvatures(sweep, seed),
        collapsed=dead & ~sweep.diverged,
        constant_loss=float(np.var(data.y.numpy().astype(np.float64))),
    )


def final_curvatures(sweep: SweepResult, seed: int) -> NDArray[np.float64]:
    r""":math:`\lambda_{\max}` of the full-data loss Hessian at the final weights of every cell
    that did not diverge.

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
