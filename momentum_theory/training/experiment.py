r"""One training run of the chapter's network (sections 5.5 and 5.6), made reproducible.

The chapter trains Linear(1, 20) -> ReLU -> Linear(20, 1) on :math:`y = x^2 + 0.1\varepsilon`
with MSE, shuffled batches of 32, 12 epochs, learning rate 0.01 and momentum 0.8, once
with a hand-written momentum step and once with ``torch.optim.SGD``. Its code does not run
as printed; :func:`train_chapter_network` is the working version, with every source of
randomness tied to one seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_finite_float, choice
from momentum_theory.training._torch import (
    DTYPES,
    reproducible,
    require_torch,
    resolve_device,
    resolve_dtype,
)
from momentum_theory.training.data import BATCH_SIZE
from momentum_theory.training.model import PARAMETER_NAMES, build_network
from momentum_theory.training.optimizers import OPTIMIZERS, make_optimizer, set_learning_rate
from momentum_theory.training.problem import chapter_problem
from momentum_theory.training.schedules import Schedule

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["TrainingRun", "epoch_means", "train_chapter_network"]


@dataclass(frozen=True, eq=False)
class TrainingRun:
    r"""The record of one training run.

    Attributes
    ----------
    optimizer : str
        ``"custom"``, ``"torch"`` or ``"sgd"``.
    lr, momentum : float
        Base learning rate :math:`\eta` and momentum :math:`\beta` (0 for ``"sgd"``).
    epochs, seed, batch_size : int
        The run's settings.
    dtype : str
        ``"float32"`` or ``"float64"``.
    losses : ndarray, shape (steps,)
        Mini-batch loss before each step (the chapter's ``losses_momentum``):
        384 values for 12 epochs of 32 batches.
    epoch_losses : ndarray, shape (epochs,)
        Mean loss per data point over each epoch,
        :math:`\sum_b n_b \ell_b / n` (batches weighted by their size, so the short last
        batch counts for 8 points, not 32). The chapter prints
        ``train_loss / len(train_data)`` with ``train_data`` undefined; a sum of batch
        means divided by the number of points would not be a mean anyway.
    learning_rates : ndarray, shape (steps,)
        The learning rate used at each step.
    final_loss : float
        MSE over all points at the final weights.
    parameters : mapping of str to ndarray
        Final weights, read-only, keyed by :data:`~momentum_theory.training.model.PARAMETER_NAMES`.
    trajectory : ndarray, shape (steps + 1, 61), or None
        All weights (flattened in :data:`PARAMETER_NAMES` order) before the first and after
        every step, when requested.
    """

    optimizer: str
    lr: float
    momentum: float
    epochs: int
    seed: int
    batch_size: int
    dtype: str
    losses: NDArray[np.float64]
    epoch_losses: NDArray[np.float64]
    learning_rates: NDArray[np.float64]
    final_loss: float
    parameters: Mapping[str, NDArray[np.floating]]
    trajectory: NDArray[np.float64] | None = None

    @property
    def diverged(self) -> bool:
        """Whether any loss or final weight is not finite."""
        finite = np.isfinite(self.losses).all() and np.isfinite(self.final_loss)
        return not (finite and all(np.isfinite(p).all() for p in self.parameters.values()))

    @property
    def diverged_at_step(self) -> int | None:
        """The first step whose mini-batch loss is not finite (0-based), or None.

        A run whose losses stay finite but whose final weights or final loss do not is
        counted as diverging after its last step (``len(losses)``).

        Examples
        --------
        >>> import pytest; torch = pytest.importorskip("torch")
        >>> run = train_chapter_network("sgd", lr=100.0, epochs=1)
        >>> run.diverged, 0 < run.diverged_at_step < len(run.losses)
        (True, True)
        """
        if not self.diverged:
            return None
        bad = np.flatnonzero(~np.isfinite(self.losses))
        return int(bad[0]) if bad.size else int(self.losses.size)

    def flat_parameters(self) -> NDArray[np.float64]:
        """Final weights as one float64 vector, in ``PARAMETER_NAMES`` order."""
        return np.concatenate([np.ravel(self.parameters[n]) for n in PARAMETER_NAMES]).astype(
            np.float64
        )


def epoch_means(
    losses: NDArray[np.floating], batch_sizes: NDArray[np.integer], epochs: int
) -> NDArray[np.float64]:
    r"""Per-epoch mean loss per data point, :math:`\sum_b n_b \ell_b / \sum_b n_b`.

    Parameters
    ----------
    losses, batch_sizes : ndarray, shape (steps,)
        Mini-batch mean losses and the batch sizes they were averaged over.
    epochs : int
        Number of epochs; ``steps`` must be a multiple of it.

    Returns
    -------
    ndarray, shape (epochs,)

    Examples
    --------
    >>> epoch_means(np.array([1.0, 4.0, 2.0, 2.0]), np.array([3, 1, 3, 1]), 2)
    array([1.75, 2.  ])
    """
    weighted = (np.asarray(losses, dtype=np.float64) * batch_sizes).reshape(epochs, -1)
    return weighted.sum(axis=1) / np.asarray(batch_sizes).reshape(epochs, -1).sum(axis=1)


def _learning_rates(lr: float, schedule: Schedule | None, steps: int) -> NDArray[np.float64]:
    if schedule is None:
        return np.full(steps, lr)
    rates = np.array([lr * float(schedule(t)) for t in range(steps)])
    if not (np.isfinite(rates).all() and (rates > 0).all()):
        raise ValueError("schedule must return finite multipliers > 0 at every step")
    return rates


def _read_only(array: NDArray[np.floating]) -> NDArray[np.floating]:
    array.setflags(write=False)
    return array


def train_chapter_network(
    optimizer: str,
    lr: float = 0.01,
    momentum: float = 0.8,
    epochs: int = 12,
    seed: int = 1,
    *,
    batch_size: int = BATCH_SIZE,
    dtype: str = "float32",
    device: str = "cpu",
    schedule: Schedule | None = None,
    record_trajectory: bool = False,
) -> TrainingRun:
    r"""Train the chapter's network once and record every step.

    Each step takes the next mini-batch :math:`B_t`, computes the loss
    :math:`\ell_t = \frac{1}{|B_t|}\sum_{i \in B_t} (\hat y(x_i) - y_i)^2` and its gradient
    :math:`g_t`, and updates the weights with the chosen optimizer (see
    :mod:`momentum_theory.training.optimizers`):

    .. math::

        \text{custom:}\ v \leftarrow \beta v + \eta_t g_t,\ p \leftarrow p - v; \quad
        \text{torch:}\ b \leftarrow \beta b + g_t,\ p \leftarrow p - \eta_t b; \quad
        \text{sgd:}\ p \leftarrow p - \eta_t g_t .

    Parameters
    ----------
    optimizer : {"custom", "torch", "sgd"}
        The chapter's hand-written step, ``torch.optim.SGD(momentum=momentum)``, or
        ``torch.optim.SGD`` without momentum.
    lr : float, default 0.01
        Learning rate :math:`\eta > 0`.
    momentum : float, default 0.8
        :math:`\beta \in [0, 1)`; ignored (recorded as 0) for ``"sgd"``.
    epochs : int, default 12
        At least 1.
    seed : int, default 1
        Fixes the data noise, the initial weights and the batch order (see
        :func:`~momentum_theory.training.chapter_problem`); the same seed gives every
        optimizer the same start and the same batches.
    batch_size : int, default 32
        At least 1.
    dtype : {"float32", "float64"}
        Arithmetic precision. The data and initial weights are the float32 draws in both.
    device : str, default "cpu"
        ``"cpu"``, or ``"cuda"`` / ``"cuda:N"`` when CUDA is available.
    schedule : callable, optional
        Learning-rate multiplier per step, :math:`\eta_t = \eta\, s(t)`, e.g.
        :class:`~momentum_theory.training.StepDecay`. Constant when omitted.
    record_trajectory : bool, default False
        Also keep the weights after every step.

    Returns
    -------
    TrainingRun
        ``losses`` (one per step), ``epoch_losses``, final ``parameters`` and more.

    Raises
    ------
    TorchNotInstalledError
        An ``ImportError`` saying how to install the extra, if PyTorch is missing.
    ValueError
        If an argument is out of range, or CUDA is requested but not available.

    Notes
    -----
    With a constant learning rate ``"custom"`` and ``"torch"`` are the same iteration,
    heavy ball with :math:`\alpha = \eta`; their losses then agree to rounding error
    (measured by :func:`~momentum_theory.training.compare_parametrizations`).

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> run = train_chapter_network("torch")
    >>> run.losses.shape, run.epoch_losses.shape
    ((384,), (12,))
    >>> bool(run.epoch_losses[-1] < run.epoch_losses[0])
    True
    """
    torch = require_torch()
    optimizer = choice(optimizer, "optimizer", OPTIMIZERS)
    lr = as_finite_float(lr, "lr", low=0.0, low_open=True)
    momentum = as_finite_float(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    choice(dtype, "dtype", DTYPES)
    if optimizer == "sgd":
        momentum = 0.0
    problem = chapter_problem(seed, epochs, batch_size)
    rates = _learning_rates(lr, schedule, problem.steps)
    run_dtype, run_device = resolve_dtype(dtype), resolve_device(device)

    def to_run(tensor):
        return tensor.to(device=run_device, dtype=run_dtype)

    with reproducible():
        x, y = to_run(problem.data.x), to_run(problem.data.y)
        network = build_network({k: to_run(v) for k, v in problem.initial_parameters.items()})
        step_optimizer = make_optimizer(optimizer, network.parameters(), lr, momentum)
        losses = torch.empty(problem.steps, dtype=run_dtype, device=run_device)
        trajectory = None
        if record_trajectory:
            size = sum(p.numel() for p in network.parameters())
            trajectory = torch.empty(problem.steps + 1, size, dtype=run_dtype, device=run_device)
            trajectory[0] = torch.nn.utils.parameters_to_vector(network.parameters()).detach()
        for step, batch in enumerate(problem.batches):
            if schedule is not None:
                set_learning_rate(step_optimizer, float(rates[step]))
            batch = batch.to(run_device)
            loss = torch.nn.functional.mse_loss(network(x[batch]), y[batch])
            step_optimizer.zero_grad()
            loss.backward()
            step_optimizer.step()
            losses[step] = loss.detach()
            if trajectory is not None:
                trajectory[step + 1] = torch.nn.utils.parameters_to_vector(
                    network.parameters()
                ).detach()
        with torch.no_grad():
            final_loss = torch.nn.functional.mse_loss(network(x), y).item()
    batch_sizes = np.array([len(b) for b in problem.batches])
    loss_values = losses.cpu().numpy().astype(np.float64)
    return TrainingRun(
        optimizer=optimizer,
        lr=lr,
        momentum=momentum,
        epochs=problem.epochs,
        seed=problem.seed,
        batch_size=problem.batch_size,
        dtype=dtype,
        losses=_read_only(loss_values),
        epoch_losses=_read_only(epoch_means(loss_values, batch_sizes, problem.epochs)),
        learning_rates=_read_only(rates),
        final_loss=final_loss,
        parameters=MappingProxyType(
            {
                name: _read_only(p.detach().cpu().numpy().copy())
                for name, p in network.named_parameters()
            }
        ),
        trajectory=None
        if trajectory is None
        else _read_only(trajectory.detach().cpu().numpy().astype(np.float64)),
    )
