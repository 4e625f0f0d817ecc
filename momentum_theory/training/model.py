r"""The chapter's network: :math:`\mathbb{R} \to \mathbb{R}`, Linear(1, 20), ReLU, Linear(20, 1).

.. math::

    \hat y(x) = W_2\, \mathrm{relu}(W_1 x + b_1) + b_2, \qquad
    W_1 \in \mathbb{R}^{20 \times 1},\ b_1 \in \mathbb{R}^{20},\
    W_2 \in \mathbb{R}^{1 \times 20},\ b_2 \in \mathbb{R},

61 parameters in all, trained on the mean squared error. Parameters are kept as a
name -> tensor dictionary with the chapter's names (``hidden.weight``, ``hidden.bias``,
``predict.weight``, ``predict.bias``), so the same numbers drive the ``nn.Module`` used with
``torch.optim.SGD``, the functional form used for Hessians, and the batched sweep.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory.training._torch import require_torch

if TYPE_CHECKING:
    from collections.abc import Mapping

    import torch

__all__ = [
    "HIDDEN",
    "PARAMETER_NAMES",
    "build_network",
    "initial_parameters",
    "live_units",
    "predict",
]

HIDDEN = 20
PARAMETER_NAMES = ("hidden.weight", "hidden.bias", "predict.weight", "predict.bias")


def initial_parameters(generator: torch.Generator) -> dict[str, torch.Tensor]:
    r"""Initial weights, drawn as ``torch.nn.Linear`` draws them, from ``generator``.

    ``nn.Linear(fan_in, fan_out)`` initialises its weight with Kaiming-uniform,
    :math:`a = \sqrt 5`, and its bias uniformly, both on
    :math:`[-1/\sqrt{\text{fan\_in}}, 1/\sqrt{\text{fan\_in}}]`. The same calls are made
    here, in the order in which two freshly built layers make them, but from an explicit
    generator instead of torch's global one.

    Parameters
    ----------
    generator : torch.Generator
        Source of the draws; advanced by 61 uniform draws.

    Returns
    -------
    dict of str to torch.Tensor
        Float32 CPU tensors keyed by :data:`PARAMETER_NAMES`.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> weights = initial_parameters(torch.Generator().manual_seed(0))
    >>> [tuple(w.shape) for w in weights.values()]
    [(20, 1), (20,), (1, 20), (1,)]
    """
    torch = require_torch()
    parameters: dict[str, torch.Tensor] = {}
    for layer, (fan_in, fan_out) in (("hidden", (1, HIDDEN)), ("predict", (HIDDEN, 1))):
        weight = torch.empty(fan_out, fan_in, dtype=torch.float32)
        torch.nn.init.kaiming_uniform_(weight, a=math.sqrt(5), generator=generator)
        bound = 1.0 / math.sqrt(fan_in)
        bias = torch.empty(fan_out, dtype=torch.float32).uniform_(
            -bound, bound, generator=generator
        )
        parameters[f"{layer}.weight"], parameters[f"{layer}.bias"] = weight, bias
    return parameters


def build_network(parameters: dict[str, torch.Tensor]) -> torch.nn.Module:
    """An ``nn.Sequential`` (``hidden``, ``relu``, ``predict``) holding copies of ``parameters``.

    Built with ``torch.nn.utils.skip_init``, so building it draws nothing from torch's
    global random state; its dtype and device are those of ``parameters``.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> net = build_network(initial_parameters(torch.Generator().manual_seed(0)))
    >>> [name for name, _ in net.named_parameters()] == list(PARAMETER_NAMES)
    True
    """
    torch = require_torch()
    reference = parameters["hidden.weight"]
    options = {"dtype": reference.dtype, "device": reference.device}
    network = torch.nn.Sequential(
        OrderedDict(
            hidden=torch.nn.utils.skip_init(torch.nn.Linear, 1, HIDDEN, **options),
            relu=torch.nn.ReLU(),
            predict=torch.nn.utils.skip_init(torch.nn.Linear, HIDDEN, 1, **options),
        )
    )
    with torch.no_grad():
        for name, parameter in network.named_parameters():
            parameter.copy_(parameters[name])
    return network


def predict(parameters: dict[str, torch.Tensor], x: torch.Tensor) -> torch.Tensor:
    r"""The network's output :math:`W_2\,\mathrm{relu}(W_1 x + b_1) + b_2`, functionally.

    Differentiable in ``parameters`` (used for Hessians); ``x`` has shape ``(n, 1)`` and
    the result ``(n, 1)``.
    """
    torch = require_torch()
    hidden = torch.relu(x @ parameters["hidden.weight"].T + parameters["hidden.bias"])
    return hidden @ parameters["predict.weight"].T + parameters["predict.bias"]


def live_units(parameters: Mapping[str, ArrayLike], x: ArrayLike) -> NDArray[np.bool_]:
    r"""Which hidden ReLUs are active on at least one input.

    Unit :math:`j` is *live* when its pre-activation :math:`z_{kj} = w_{1j} x_k + b_{1j}` is
    positive for some input :math:`x_k`, and *dead* otherwise: then its output and its
    gradient vanish on every input. A network whose units are all dead is *collapsed*: it
    predicts the constant :math:`b_2`, and its full-data loss is
    :math:`\operatorname{var}(y) + (b_2 - \bar y)^2`, a quadratic in :math:`b_2` alone with
    second derivative 2, so the top eigenvalue of its loss Hessian is exactly 2 (the
    Hessian is :math:`2 e_{b_2} e_{b_2}^\top`).

    Evaluated in float64 with the convention of
    :func:`~momentum_theory.training.batched_hessians` and of autograd's ReLU: active means
    :math:`z > 0`. Since :math:`z` is affine in :math:`x` and rounding is monotone, the
    largest rounded :math:`z_{kj}` is at the smallest or the largest input, so only those
    two are evaluated. NaN weights (a diverged run) give dead units.

    Parameters
    ----------
    parameters : mapping of str to array_like
        Weights keyed by :data:`PARAMETER_NAMES`; only ``hidden.weight``, shape
        ``(..., 20, 1)``, and ``hidden.bias``, shape ``(..., 20)``, are read. Leading axes
        are a batch of networks (a sweep's grid).
    x : array_like, shape (n,) or (n, 1)
        The inputs (the training data).

    Returns
    -------
    ndarray of bool, shape (..., 20)

    Examples
    --------
    >>> w1 = np.array([[1.0], [-1.0], [0.0]]); b1 = np.array([-0.5, -2.0, 0.0])
    >>> live_units({"hidden.weight": w1, "hidden.bias": b1}, np.linspace(-1, 1, 5))
    array([ True, False, False])
    """
    inputs = np.asarray(x, dtype=np.float64).reshape(-1)
    if inputs.size == 0:
        raise ValueError("x must hold at least one input")
    w1 = np.asarray(parameters["hidden.weight"], dtype=np.float64)[..., 0]
    b1 = np.asarray(parameters["hidden.bias"], dtype=np.float64)
    ends = (inputs.min(), inputs.max())
    return np.logical_or.reduce([w1 * end + b1 > 0 for end in ends])
