r"""The three optimizers of the chapter's experiment, behind one small interface.

``"custom"``
    The chapter's hand-written step (section 5.5.1), with its bugs fixed:

    .. math:: v_{t+1} = \beta v_t + \eta_t g_t, \qquad p_{t+1} = p_t - v_{t+1}.

``"torch"``
    ``torch.optim.SGD(momentum=beta)`` (section 5.5.2), which keeps a buffer of gradients:

    .. math:: b_{t+1} = \beta b_t + g_t, \qquad p_{t+1} = p_t - \eta_t b_{t+1}.

``"sgd"``
    ``torch.optim.SGD`` without momentum, :math:`p_{t+1} = p_t - \eta_t g_t`.

Notes
-----
Eliminating the velocity or buffer gives the heavy-ball form of each:

.. math::

    \text{custom:}\quad p_{t+1} = p_t - \eta_t g_t + \beta\,(p_t - p_{t-1}), \qquad
    \text{torch:}\quad p_{t+1} = p_t - \eta_t g_t
        + \beta\,\frac{\eta_t}{\eta_{t-1}}\,(p_t - p_{t-1}).

So the two are the same algorithm, heavy ball with :math:`\alpha = \eta`, exactly when the
learning rate is constant (:math:`v_t = \eta\, b_t`); in floating point they then differ
only by rounding. Under a schedule, ``torch`` rescales the *whole* accumulated buffer by
the new rate at once (its momentum is effectively :math:`\beta\eta_t/\eta_{t-1}` at a
change), while ``custom`` keeps the velocity built at the old rate and lets it decay
geometrically. :func:`momentum_theory.training.compare_parametrizations` measures the gap.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

from momentum_theory._validation import choice
from momentum_theory.training._torch import require_torch

if TYPE_CHECKING:
    import torch

__all__ = ["OPTIMIZERS", "ChapterMomentum", "Optimizer", "make_optimizer", "set_learning_rate"]

OPTIMIZERS = ("custom", "torch", "sgd")


class Optimizer(Protocol):
    """What the training loop needs of an optimizer."""

    def zero_grad(self) -> None: ...

    def step(self) -> None: ...


class ChapterMomentum:
    r"""The chapter's step: :math:`v \leftarrow \beta v + \eta g`, :math:`p \leftarrow p - v`.

    The chapter's code builds the velocities from the wrong network (``net`` instead of
    ``net_Momentum``); here they are zeros shaped like the parameters being trained.

    Parameters
    ----------
    parameters : iterable of torch.Tensor
        Leaf tensors with ``requires_grad``.
    lr : float
        Learning rate :math:`\eta`.
    momentum : float
        :math:`\beta`.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> p = torch.tensor([1.0], requires_grad=True)
    >>> opt = ChapterMomentum([p], lr=0.1, momentum=0.5)
    >>> for _ in range(2):
    ...     opt.zero_grad(); (p**2 / 2).sum().backward(); opt.step()
    >>> round(p.item(), 6)  # v1 = 0.1, p1 = 0.9; v2 = 0.05 + 0.09, p2 = 0.76
    0.76
    """

    def __init__(self, parameters: Iterable[torch.Tensor], lr: float, momentum: float) -> None:
        torch = require_torch()
        self.parameters = list(parameters)
        self.lr = lr
        self.momentum = momentum
        self.velocities = [torch.zeros_like(p) for p in self.parameters]

    def zero_grad(self) -> None:
        """Drop the gradients (as ``torch.optim.Optimizer.zero_grad`` does by default)."""
        for parameter in self.parameters:
            parameter.grad = None

    def step(self) -> None:
        """One step, written as the chapter writes it."""
        torch = require_torch()
        with torch.no_grad():
            for parameter, velocity in zip(self.parameters, self.velocities, strict=True):
                velocity.copy_(self.momentum * velocity + self.lr * parameter.grad)
                parameter.sub_(velocity)


def make_optimizer(
    name: str, parameters: Iterable[torch.Tensor], lr: float, momentum: float
) -> Optimizer:
    """The optimizer called ``name`` (one of :data:`OPTIMIZERS`) over ``parameters``.

    ``momentum`` is ignored by ``"sgd"``.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> p = torch.zeros(1, requires_grad=True)
    >>> type(make_optimizer("torch", [p], 0.01, 0.8)).__name__
    'SGD'
    """
    torch = require_torch()
    name = choice(name, "optimizer", OPTIMIZERS)
    if name == "custom":
        return ChapterMomentum(parameters, lr, momentum)
    if name == "torch":
        return torch.optim.SGD(parameters, lr=lr, momentum=momentum)
    return torch.optim.SGD(parameters, lr=lr)


def set_learning_rate(optimizer: Optimizer, lr: float) -> None:
    """Set the learning rate of the next step (as a learning-rate scheduler would).

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> opt = make_optimizer("sgd", [torch.zeros(1, requires_grad=True)], 0.1, 0.0)
    >>> set_learning_rate(opt, 0.05); opt.param_groups[0]["lr"]
    0.05
    """
    if isinstance(optimizer, ChapterMomentum):
        optimizer.lr = lr
    else:
        for group in optimizer.param_groups:  # type: ignore[attr-defined]
            group["lr"] = lr
