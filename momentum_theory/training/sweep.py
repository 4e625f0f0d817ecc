r"""The chapter's network trained over a whole learning-rate x momentum grid at once.

Every cell :math:`(\eta_j, \beta_i)` of the grid trains its own copy of the network with
``torch.optim.SGD``'s update,

.. math:: b \leftarrow \beta_i b + g, \qquad p \leftarrow p - \eta_j b,

from the same initial weights and on the same batches in the same order. The cells are
independent, so all of them are stepped together: the weights of the :math:`C` networks
are stacked into tensors with a leading cell axis and the forward and backward passes
are written as batched products (the gradients by hand, for the one hidden layer),

.. math::

    z = x w_1^\top + b_1,\quad a = \mathrm{relu}(z),\quad \hat y = a w_2 + b_2,\quad
    r = \tfrac{2}{n}(\hat y - y),

    \nabla_{b_2} = \textstyle\sum_k r_k,\quad \nabla_{w_2} = a^\top r,\quad
    \nabla_{b_1} = \textstyle\sum_k r_k\, w_2 \odot [z_k > 0],\quad
    \nabla_{w_1} = \textstyle\sum_k r_k\, x_k\, w_2 \odot [z_k > 0],

one batched tensor operation per line for all cells. A cell is *diverged* from the first
step at which its mini-batch loss is not finite or exceeds ``divergence_factor`` times the
initial loss; its weights are then frozen at zero (so it costs nothing and stays finite) and
it is reported as diverged, never as a missing value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_finite_float, as_integer, as_real_array, choice
from momentum_theory.training._torch import (
    DTYPES,
    reproducible,
    require_torch,
    resolve_device,
    resolve_dtype,
)
from momentum_theory.training.data import BATCH_SIZE
from momentum_theory.training.model import HIDDEN
from momentum_theory.training.problem import chapter_problem

if TYPE_CHECKING:
    import torch

__all__ = ["DIVERGENCE_FACTOR", "SweepResult", "sweep_grid"]

DIVERGENCE_FACTOR = 1e4
# Cells whose full-data loss is evaluated together at the end (bounds the memory used).
_CELLS_PER_CHUNK = 128


@dataclass(frozen=True, eq=False)
class SweepResult:
    r"""Final losses of the network over an :math:`\eta \times \beta` grid.

    Arrays over the grid have shape ``(n_momentum, n_lr)``: rows are momenta and columns
    learning rates, as in :class:`momentum_theory.MethodGrid` of ``alpha`` and ``beta``.

    Attributes
    ----------
    lr : ndarray, shape (n_lr,)
        Learning rates (columns).
    momentum : ndarray, shape (n_momentum,)
        Momenta (rows).
    final_loss : ndarray, shape (n_momentum, n_lr)
        MSE over all points at the final weights; NaN exactly where ``diverged``.
    diverged : ndarray of bool, shape (n_momentum, n_lr)
        Cells whose loss left the finite range or passed the divergence threshold.
    diverged_at_step : ndarray of int, shape (n_momentum, n_lr)
        Step at which each cell was declared diverged; -1 for the others.
    losses : ndarray, shape (steps, n_momentum, n_lr)
        Mini-batch loss of every cell before every step; NaN after the step at which the
        cell was declared diverged (that step's loss, which crossed the threshold, is kept).
    final_parameters : mapping of str to ndarray
        Final weights of every cell, keyed by ``PARAMETER_NAMES``, each of shape
        ``(n_momentum, n_lr, *shape)``; NaN for diverged cells.
    initial_loss : float
        Full-data loss at the (common) initial weights.
    divergence_threshold : float
        ``divergence_factor * initial_loss``.
    epochs, seed : int
        The settings shared by every cell.
    dtype : str
        Arithmetic precision.
    """

    lr: NDArray[np.float64]
    momentum: NDArray[np.float64]
    final_loss: NDArray[np.float64]
    diverged: NDArray[np.bool_]
    diverged_at_step: NDArray[np.int64]
    losses: NDArray[np.float64]
    final_parameters: Mapping[str, NDArray[np.float64]]
    initial_loss: float
    divergence_threshold: float
    epochs: int
    seed: int
    dtype: str

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_momentum, n_lr)``."""
        return self.final_loss.shape  # type: ignore[return-value]


def _grid_axis(values: ArrayLike, name: str, **interval: float | bool) -> NDArray[np.float64]:
    axis = as_real_array(values, name)
    if axis.ndim != 1 or axis.size < 1:
        raise ValueError(f"{name} must be a non-empty one-dimensional array")
    for value in axis:
        as_finite_float(value, name, **interval)  # type: ignore[arg-type]
    return axis


def _batched_forward(weights: dict[str, torch.Tensor], x: torch.Tensor):
    """Pre-activations ``(C, n, H)``, activations and outputs ``(C, n)`` of every cell."""
    torch = require_torch()
    pre = torch.addcmul(weights["b1"][:, None, :], weights["w1"][:, None, :], x[None, :, None])
    active = torch.relu(pre)
    out = torch.bmm(active, weights["w2"][:, :, None]).squeeze(-1) + weights["b2"][:, None]
    return pre, active, out


def _full_loss(weights: dict[str, torch.Tensor], x: torch.Tensor, y: torch.Tensor):
    torch = require_torch()
    cells = weights["b2"].shape[0]
    parts = []
    for start in range(0, cells, _CELLS_PER_CHUNK):
        chunk = {k: v[start : start + _CELLS_PER_CHUNK] for k, v in weights.items()}
        parts.append((_batched_forward(chunk, x)[2] - y).square().mean(dim=1))
    return torch.cat(parts)


def sweep_grid(
    lr: ArrayLike,
    momentum: ArrayLike,
    epochs: int = 12,
    seed: int = 1,
    *,
    batch_size: int = BATCH_SIZE,
    dtype: str = "float32",
    device: str = "cpu",
    divergence_factor: float = DIVERGENCE_FACTOR,
    threads: int = 1,
    progress: bool = False,
) -> SweepResult:
    r"""Train one network per :math:`(\eta, \beta)` cell, all cells in one batched computation.

    Each cell follows exactly the iteration of
    ``train_chapter_network("torch", lr=eta, momentum=beta, epochs=epochs, seed=seed)``:
    same data, same initial weights, same batch order, same update. Only the summation
    order inside the products differs, so the cells agree with separate sequential runs
    to rounding error (checked in the tests and by ``momentum-theory verify``).

    Parameters
    ----------
    lr : array_like, shape (n_lr,)
        Learning rates, each > 0.
    momentum : array_like, shape (n_momentum,)
        Momenta, each in :math:`[0, 1)`.
    epochs, seed, batch_size : int
        As for :func:`~momentum_theory.training.train_chapter_network`.
    dtype : {"float32", "float64"}
        Arithmetic precision.
    device : str, default "cpu"
        ``"cpu"`` or an available CUDA device.
    divergence_factor : float, default 1e4
        A cell is diverged once a mini-batch loss exceeds this many times the initial
        full-data loss (or is not finite). Must be > 1.
    threads : int, default 1
        CPU threads for torch during the sweep. One thread keeps the results independent
        of how work is split and is fastest on a busy machine; more can help on an idle
        many-core one.
    progress : bool, default False
        Show a tqdm progress bar over the steps (on a terminal only).

    Returns
    -------
    SweepResult
        Grids of shape ``(n_momentum, n_lr)``.

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> sweep = sweep_grid([0.01, 0.1, 50.0], [0.0, 0.8], epochs=2)
    >>> sweep.shape
    (2, 3)
    >>> sweep.diverged.tolist()  # lr = 50 is far beyond any stable step
    [[False, False, True], [False, False, True]]
    """
    torch = require_torch()
    lrs = _grid_axis(lr, "lr", low=0.0, low_open=True)
    momenta = _grid_axis(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    divergence_factor = as_finite_float(
        divergence_factor, "divergence_factor", low=1.0, low_open=True
    )
    choice(dtype, "dtype", DTYPES)
    threads = as_integer(threads, "threads", 1)
    problem = chapter_problem(seed, epochs, batch_size)
    run_dtype, run_device = resolve_dtype(dtype), resolve_device(device)
    options = {"dtype": run_dtype, "device": run_device}

    from momentum_theory._progress import progress as progress_bar

    with reproducible(threads), torch.inference_mode():
        x = problem.data.x[:, 0].to(**options)
        y = problem.data.y[:, 0].to(**options)
        start = problem.initial_parameters
        n_momentum, n_lr = momenta.size, lrs.size
        cells = n_momentum * n_lr

        def stack(tensor: torch.Tensor) -> torch.Tensor:
            return tensor.reshape(1, -1).to(**options).repeat(cells, 1)

        weights = {
            "w1": stack(start["hidden.weight"]),
            "b1": stack(start["hidden.bias"]),
            "w2": stack(start["predict.weight"]),
            "b2": stack(start["predict.bias"])[:, 0],
        }
        buffers = {k: torch.zeros_like(v) for k, v in weights.items()}
        # Cell c = i * n_lr + j holds (momentum[i], lr[j]): row-major over the grid.
        cell_lr = torch.tensor(np.tile(lrs, n_momentum), **options)
        cell_momentum = torch.tensor(np.repeat(momenta, n_lr), **options)
        initial_loss = float(_full_loss({k: v[:1] for k, v in weights.items()}, x, y)[0])
        threshold = divergence_factor * initial_loss
        losses = torch.full((problem.steps, cells), float("nan"), **options)
        diverged_at = torch.full((cells,), -1, dtype=torch.int64, device=run_device)
        for step, batch in enumerate(
            progress_bar(problem.batches, enabled=progress, unit="step", leave=False)
        ):
            index = batch.to(run_device)
            xb, yb = x[index], y[index]
            pre, active, out = _batched_forward(weights, xb)
            residual = out - yb
            loss = residual.square().mean(dim=1)
            # Record, then retire cells that left the finite range.
            bad = ~torch.isfinite(loss) | (loss > threshold)
            alive = diverged_at < 0
            losses[step] = torch.where(alive, loss, float("nan"))
            diverged_at = torch.where(alive & bad, step, diverged_at)
            alive = diverged_at < 0
            dout = residual * (2.0 / len(index))
            dpre = (dout[:, :, None] * weights["w2"][:, None, :]) * (pre > 0)
            gradients = {
                "w1": torch.matmul(xb[None, None, :], dpre).squeeze(1),
                "b1": dpre.sum(dim=1),
                "w2": torch.bmm(dout[:, None, :], active).squeeze(1),
                "b2": dout.sum(dim=1),
            }
            for name, gradient in gradients.items():
                keep = alive if gradient.ndim == 1 else alive[:, None]
                rate = cell_lr if gradient.ndim == 1 else cell_lr[:, None]
                beta = cell_momentum if gradient.ndim == 1 else cell_momentum[:, None]
                buffer = buffers[name].mul_(beta).add_(gradient)
                weights[name] = torch.where(keep, weights[name] - rate * buffer, 0.0)
                buffers[name] = torch.where(keep, buffer, 0.0)
        final = _full_loss(weights, x, y)
        final = torch.where(diverged_at < 0, final, float("nan"))

    grid = (n_momentum, n_lr)
    diverged_steps = diverged_at.cpu().numpy().reshape(grid)
    shapes = {
        "w1": ("hidden.weight", (HIDDEN, 1)),
        "b1": ("hidden.bias", (HIDDEN,)),
        "w2": ("predict.weight", (1, HIDDEN)),
        "b2": ("predict.bias", (1,)),
    }
    final_parameters = {}
    for key, (name, shape) in shapes.items():
        array = weights[key].cpu().numpy().astype(np.float64).reshape(*grid, *shape)
        array[diverged_steps >= 0] = np.nan
        array.setflags(write=False)
        final_parameters[name] = array
    return SweepResult(
        lr=lrs,
        momentum=momenta,
        final_loss=final.cpu().numpy().astype(np.float64).reshape(grid),
        diverged=diverged_steps >= 0,
        diverged_at_step=diverged_steps,
        losses=losses.cpu().numpy().astype(np.float64).reshape(problem.steps, *grid),
        final_parameters=MappingProxyType(final_parameters),
        initial_loss=initial_loss,
        divergence_threshold=threshold,
        epochs=problem.epochs,
        seed=problem.seed,
        dtype=dtype,
    )
