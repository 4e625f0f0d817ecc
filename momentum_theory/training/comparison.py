r"""Section 5.6 done properly: momentum against plain SGD over several seeds, with a control.

The chapter compares one momentum run with one SGD run and concludes that momentum lowers
the loss faster. Two things are missing: the spread over seeds, and a control for the
simplest explanation. When the gradient changes slowly, the momentum buffer approaches
:math:`g/(1-\beta)`, so heavy ball moves like SGD with the *effective* learning rate
:math:`\eta/(1-\beta)` (five times larger for :math:`\beta = 0.8`). On a quadratic this
is exact to first order in :math:`\eta h`: the slow eigenvalue of the companion matrix is
:math:`1 - \eta h/(1 - \beta) + O((\eta h)^2)`. So three methods are trained on the same
seeds (same data, initial weights and batches within a seed):

``"momentum"``
    ``torch.optim.SGD(lr=eta, momentum=beta)``;
``"sgd"``
    ``torch.optim.SGD(lr=eta)``, the chapter's baseline;
``"sgd_effective"``
    ``torch.optim.SGD(lr=eta / (1 - beta))``, the control.

If momentum's advantage over ``"sgd"`` disappears against ``"sgd_effective"``, the gain
was the larger step, not the momentum itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_finite_float, as_integer, choice
from momentum_theory.training._torch import reproducible
from momentum_theory.training.experiment import TrainingRun, train_chapter_network

__all__ = ["METHODS", "LossSummary", "OptimizerComparison", "compare_optimizers"]

METHODS = ("momentum", "sgd", "sgd_effective")


@dataclass(frozen=True)
class LossSummary:
    """Mean and spread of one number over seeds.

    Attributes
    ----------
    mean, std : float
        Sample mean and sample standard deviation (``ddof=1``; NaN for one seed).
    minimum, maximum : float
        Range over seeds.
    """

    mean: float
    std: float
    minimum: float
    maximum: float

    @classmethod
    def of(cls, values: NDArray[np.float64]) -> LossSummary:
        """Summarise ``values`` (one per seed)."""
        std = float(np.std(values, ddof=1)) if values.size > 1 else float("nan")
        return cls(float(np.mean(values)), std, float(np.min(values)), float(np.max(values)))


@dataclass(frozen=True, eq=False)
class OptimizerComparison:
    r"""Loss curves of the three methods over several seeds.

    Attributes
    ----------
    seeds : tuple of int
        The seeds, one row of every array each.
    lr, momentum : float
        :math:`\eta` and :math:`\beta`.
    effective_lr : float
        :math:`\eta / (1 - \beta)`, the control's learning rate.
    epochs : int
        Epochs per run.
    losses : mapping of str to ndarray, shape (n_seeds, steps)
        Mini-batch losses per method (keys :data:`METHODS`).
    epoch_losses : mapping of str to ndarray, shape (n_seeds, epochs)
        Per-epoch mean loss per data point.
    final_loss : mapping of str to ndarray, shape (n_seeds,)
        Full-data loss at the end of each run (``inf`` or NaN where the run diverged).
    diverged_at_step : mapping of str to ndarray of int, shape (n_seeds,)
        Per method and seed, the first step whose loss was not finite
        (:attr:`TrainingRun.diverged_at_step`), or -1 where the run trained. A diverged run
        is a result, not an error: :meth:`summary` and :attr:`unexplained_gain` use the
        trained runs, and :meth:`wins` counts a diverged run as losing.
    """

    seeds: tuple[int, ...]
    lr: float
    momentum: float
    effective_lr: float
    epochs: int
    losses: Mapping[str, NDArray[np.float64]]
    epoch_losses: Mapping[str, NDArray[np.float64]]
    final_loss: Mapping[str, NDArray[np.float64]]
    diverged_at_step: Mapping[str, NDArray[np.int64]]

    def diverged(self, method: str) -> NDArray[np.bool_]:
        """Per seed, whether ``method``'s run diverged."""
        return self.diverged_at_step[choice(method, "method", METHODS)] >= 0

    def summary(self, method: str) -> LossSummary | None:
        """Mean and spread of ``method``'s final full-data loss over the seeds that trained.

        None if every run of ``method`` diverged.
        """
        trained = ~self.diverged(method)
        return LossSummary.of(self.final_loss[method][trained]) if trained.any() else None

    def wins(self, method: str, against: str) -> int:
        """Number of seeds on which ``method`` ends with a lower loss than ``against``.

        A diverged run loses against a trained one; two diverged runs are a draw.
        """
        ours = np.where(self.diverged(method), np.inf, self.final_loss[method])
        theirs = np.where(self.diverged(against), np.inf, self.final_loss[against])
        return int(np.sum(ours < theirs))

    @property
    def unexplained_gain(self) -> float:
        r"""Share of momentum's gain over SGD that the effective step does not explain.

        .. math::

            \frac{|\bar L_{\text{momentum}} - \bar L_{\text{sgd\_effective}}|}
                 {\bar L_{\text{sgd}} - \bar L_{\text{momentum}}}

        with :math:`\bar L` the mean final loss over seeds: 0 when the control matches
        momentum exactly, 1 when it is no better than plain SGD. NaN when it is not
        defined: a run diverged, or momentum did not beat SGD on average.
        """
        if any(self.diverged(m).any() for m in METHODS):
            return float("nan")
        mean = {m: float(np.mean(v)) for m, v in self.final_loss.items()}
        gain = mean["sgd"] - mean["momentum"]
        if not gain > 0:
            return float("nan")
        return abs(mean["momentum"] - mean["sgd_effective"]) / gain


def compare_optimizers(
    seeds: Iterable[int] = range(1, 11),
    lr: float = 0.01,
    momentum: float = 0.8,
    epochs: int = 12,
    *,
    dtype: str = "float32",
    device: str = "cpu",
    progress: bool = False,
) -> OptimizerComparison:
    r"""Train momentum, SGD and SGD at :math:`\eta/(1-\beta)` on every seed.

    Parameters
    ----------
    seeds : iterable of int, default 1..10
        At least two distinct non-negative seeds (use five or more for a spread worth
        reading).
    lr : float, default 0.01
        :math:`\eta > 0`.
    momentum : float, default 0.8
        :math:`\beta \in [0, 1)`; at 0 all three methods are plain SGD at :math:`\eta`
        (a baseline).
    epochs : int, default 12
        Epochs per run.
    dtype, device : str
        As for :func:`~momentum_theory.training.train_chapter_network`.
    progress : bool, default False
        Show a tqdm progress bar over the runs.

    Returns
    -------
    OptimizerComparison

    Raises
    ------
    ValueError
        If there are fewer than two seeds, a seed repeats, or a setting is out of range.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> comparison = compare_optimizers(seeds=[1, 2], epochs=2)
    >>> comparison.losses["momentum"].shape, comparison.effective_lr
    ((2, 64), 0.05000000000000001)
    """
    seeds = tuple(as_integer(s, "seeds", 0) for s in seeds)
    if len(seeds) < 2 or len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must hold at least two distinct seeds, got {seeds!r}")
    lr = as_finite_float(lr, "lr", low=0.0, low_open=True)
    momentum = as_finite_float(momentum, "momentum", low=0.0, high=1.0, high_open=True)
    effective_lr = lr / (1.0 - momentum)
    settings = {
        "momentum": ("torch", lr),
        "sgd": ("sgd", lr),
        "sgd_effective": ("sgd", effective_lr),
    }
    from tqdm.auto import tqdm

    runs: dict[str, list[TrainingRun]] = {method: [] for method in METHODS}
    jobs = [(seed, method) for seed in seeds for method in METHODS]
    with reproducible():
        for seed, method in tqdm(jobs, disable=not progress, unit="run", leave=False):
            optimizer, rate = settings[method]
            runs[method].append(
                train_chapter_network(
                    optimizer, rate, momentum, epochs, seed, dtype=dtype, device=device
                )
            )

    def stacked(field: str) -> Mapping[str, NDArray[np.float64]]:
        arrays = {}
        for method, method_runs in runs.items():
            array = np.array([getattr(run, field) for run in method_runs], dtype=np.float64)
            array.setflags(write=False)
            arrays[method] = array
        return MappingProxyType(arrays)

    return OptimizerComparison(
        seeds=seeds,
        lr=lr,
        momentum=momentum,
        effective_lr=effective_lr,
        epochs=epochs,
        losses=stacked("losses"),
        epoch_losses=stacked("epoch_losses"),
        final_loss=stacked("final_loss"),
        diverged_at_step=MappingProxyType(
            {
                method: np.array(
                    [-1 if run.diverged_at_step is None else run.diverged_at_step for run in rs],
                    dtype=np.int64,
                )
                for method, rs in runs.items()
            }
        ),
    )
