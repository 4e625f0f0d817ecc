"""The chapter's training problem for one seed: data, initial weights and batch order.

Everything an experiment draws at random is drawn here, from one ``torch.Generator``
seeded with the seed, in a fixed order (noise, then weights, then one permutation per
epoch). Every optimizer, every grid cell of a sweep and every precision trained from the
same seed therefore sees the same starting point and the same batches, step for step.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from momentum_theory._validation import as_integer
from momentum_theory.training._torch import require_torch
from momentum_theory.training.data import BATCH_SIZE, RegressionData, batch_order, make_data
from momentum_theory.training.model import initial_parameters

if TYPE_CHECKING:
    import torch

__all__ = ["ChapterProblem", "chapter_problem"]


@dataclass(frozen=True, eq=False)
class ChapterProblem:
    """The fixed ingredients of one training run (float32, on the CPU).

    Attributes
    ----------
    seed : int
        The seed everything was drawn from.
    data : RegressionData
        The 1000 points.
    initial_parameters : dict of str to torch.Tensor
        Starting weights.
    batches : list of torch.Tensor
        Index tensors, one per optimisation step.
    epochs, batch_size : int
        Number of epochs and the batch size the order was cut with.
    """

    seed: int
    data: RegressionData
    initial_parameters: dict[str, torch.Tensor]
    batches: list[torch.Tensor]
    epochs: int
    batch_size: int

    @property
    def steps(self) -> int:
        """Number of optimisation steps (``epochs`` times batches per epoch)."""
        return len(self.batches)

    @property
    def steps_per_epoch(self) -> int:
        """Batches per epoch: ``ceil(n / batch_size)``."""
        return len(self.batches) // self.epochs


def chapter_problem(
    seed: int = 1, epochs: int = 12, batch_size: int = BATCH_SIZE
) -> ChapterProblem:
    """Draw the chapter's problem for ``seed``.

    Parameters
    ----------
    seed : int, default 1
        Non-negative seed; 1 is the chapter's (its noise is then exactly the chapter's).
    epochs : int, default 12
        Epochs of batch order to draw, at least 1.
    batch_size : int, default 32
        At least 1.

    Returns
    -------
    ChapterProblem

    Raises
    ------
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> problem = chapter_problem(seed=1)
    >>> problem.steps, problem.steps_per_epoch  # 12 epochs of ceil(1000 / 32) batches
    (384, 32)
    """
    torch = require_torch()
    seed = as_integer(seed, "seed", 0)
    epochs = as_integer(epochs, "epochs", 1)
    batch_size = as_integer(batch_size, "batch_size", 1)
    generator = torch.Generator().manual_seed(seed)
    data = make_data(generator)
    parameters = initial_parameters(generator)
    batches = batch_order(generator, len(data), batch_size, epochs)
    return ChapterProblem(seed, data, parameters, batches, epochs, batch_size)
