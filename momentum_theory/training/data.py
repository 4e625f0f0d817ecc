r"""The chapter's regression data and its shuffled mini-batches.

Section 5.5 fits :math:`y = x^2 + 0.1\,\varepsilon`, :math:`\varepsilon \sim N(0, 1)`, on
1000 points evenly spaced in :math:`[-1, 1]`, in shuffled batches of 32. Every random draw
of an experiment (the noise here, the initial weights in :mod:`.model`, the batch order
here) comes from one ``torch.Generator`` seeded with the experiment's seed, in that order,
so a seed fixes the whole experiment and nothing reads torch's global random state.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from momentum_theory._validation import as_finite_float, as_integer
from momentum_theory.training._torch import require_torch

if TYPE_CHECKING:
    import torch

__all__ = ["BATCH_SIZE", "NOISE", "N_POINTS", "RegressionData", "batch_order", "make_data"]

N_POINTS = 1000
NOISE = 0.1
BATCH_SIZE = 32


@dataclass(frozen=True)
class RegressionData:
    r"""Inputs and targets of the chapter's regression problem.

    Attributes
    ----------
    x : torch.Tensor, shape (n, 1)
        Inputs, evenly spaced on :math:`[-1, 1]`.
    y : torch.Tensor, shape (n, 1)
        Targets :math:`x^2 + \sigma\varepsilon`.
    """

    x: torch.Tensor
    y: torch.Tensor

    def __len__(self) -> int:
        return int(self.x.shape[0])


def make_data(
    generator: torch.Generator, *, n_points: int = N_POINTS, noise: float = NOISE
) -> RegressionData:
    r"""Draw the chapter's data set: :math:`y_i = x_i^2 + \sigma\varepsilon_i`.

    The noise is drawn in float32 from ``generator``, exactly as the chapter's
    ``torch.manual_seed(1)`` followed by ``torch.randn`` draws it; the data stay float32
    (callers cast them), so a float64 experiment trains on exactly the same numbers.

    Parameters
    ----------
    generator : torch.Generator
        Source of the noise; advanced by ``n_points`` normal draws.
    n_points : int, default 1000
        Number of points, at least 2.
    noise : float, default 0.1
        Standard deviation :math:`\sigma \ge 0` of the noise.

    Returns
    -------
    RegressionData
        Float32 tensors of shape ``(n_points, 1)`` on the CPU.

    Raises
    ------
    ValueError
        If ``n_points < 2`` or ``noise`` is negative or not finite.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> data = make_data(torch.Generator().manual_seed(1))
    >>> len(data), data.x[0].item(), data.x[-1].item()
    (1000, -1.0, 1.0)
    """
    torch = require_torch()
    n_points = as_integer(n_points, "n_points", 2)
    noise = as_finite_float(noise, "noise", low=0.0)
    x = torch.linspace(-1.0, 1.0, n_points, dtype=torch.float32).unsqueeze(1)
    epsilon = torch.randn(x.shape, generator=generator, dtype=torch.float32)
    return RegressionData(x=x, y=x.pow(2) + noise * epsilon)


def batch_order(
    generator: torch.Generator, n_points: int, batch_size: int, epochs: int
) -> list[torch.Tensor]:
    """Indices of every mini-batch of every epoch, in training order.

    Each epoch is one ``torch.randperm`` from ``generator`` cut into consecutive batches;
    the last batch of an epoch holds the remainder (as ``DataLoader(drop_last=False)``):
    1000 points in batches of 32 give 31 batches of 32 and one of 8.

    Parameters
    ----------
    generator : torch.Generator
        Source of the permutations; advanced by one ``randperm`` per epoch.
    n_points, batch_size, epochs : int
        Data-set size, batch size (at least 1) and number of epochs (at least 1).

    Returns
    -------
    list of torch.Tensor
        ``epochs * ceil(n_points / batch_size)`` int64 index tensors.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> batches = batch_order(torch.Generator().manual_seed(0), 10, 4, 2)
    >>> [len(b) for b in batches]
    [4, 4, 2, 4, 4, 2]
    """
    torch = require_torch()
    n_points = as_integer(n_points, "n_points", 1)
    batch_size = as_integer(batch_size, "batch_size", 1)
    epochs = as_integer(epochs, "epochs", 1)
    batches = []
    for _ in range(epochs):
        permutation = torch.randperm(n_points, generator=generator)
        batches.extend(permutation.split(batch_size))
    return batches
