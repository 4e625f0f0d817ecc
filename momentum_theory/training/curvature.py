r"""The curvature that the stability theory is about: the top Hessian eigenvalue of the loss.

On :math:`f(x) = h x^2/2` heavy ball converges iff :math:`0 < \alpha h < 2(1 + \beta)`
(:func:`momentum_theory.convergence_region`; where a point sits in that region is
:func:`momentum_theory.spectral.stability_position`). For the network
the quadratic model is the second-order expansion of the full-data loss
:math:`L(\theta) = \frac1n\sum_i (\hat y_\theta(x_i) - y_i)^2` around the current weights,
and the binding curvature is the largest eigenvalue :math:`\lambda_{\max}` of
:math:`\nabla^2 L(\theta)`. It is found matrix-free, by power iteration on
Hessian-vector products

.. math:: H v = \frac{d}{d\varepsilon}\nabla L(\theta + \varepsilon v)\Big|_{\varepsilon=0}

(reverse over reverse: the gradient's graph is built once and differentiated again
along :math:`v`), all in float64. :func:`dense_hessian` builds the full
:math:`61 \times 61` matrix with ``torch.autograd.functional.hessian`` as an independent
reference, and :func:`batched_hessians` the exact Hessians of many networks at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_finite_float, as_integer
from momentum_theory.training._torch import require_torch
from momentum_theory.training.data import RegressionData
from momentum_theory.training.model import PARAMETER_NAMES, predict

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    import torch

__all__ = [
    "CurvatureEstimate",
    "batched_hessians",
    "dense_hessian",
    "largest_hessian_eigenvalue",
]

_SHAPES = {
    "hidden.weight": (20, 1),
    "hidden.bias": (20,),
    "predict.weight": (1, 20),
    "predict.bias": (1,),
}


def _flatten(parameters: Mapping[str, ArrayLike]) -> torch.Tensor:
    torch = require_torch()
    return torch.cat(
        [
            torch.tensor(np.asarray(parameters[n], dtype=np.float64)).reshape(-1)
            for n in PARAMETER_NAMES
        ]
    )


def _loss_function(data: RegressionData) -> Callable[[torch.Tensor], torch.Tensor]:
    """The full-data MSE as a function of the flat float64 weight vector."""
    torch = require_torch()
    x, y = data.x.to(torch.float64), data.y.to(torch.float64)
    sizes = [math.prod(_SHAPES[n]) for n in PARAMETER_NAMES]

    def loss(theta: torch.Tensor) -> torch.Tensor:
        pieces = theta.split(sizes)
        weights = {n: p.reshape(_SHAPES[n]) for n, p in zip(PARAMETER_NAMES, pieces, strict=True)}
        return (predict(weights, x) - y).square().mean()

    return loss


def dense_hessian(
    parameters: Mapping[str, ArrayLike], data: RegressionData
) -> NDArray[np.float64]:
    r"""The full Hessian :math:`\nabla^2 L(\theta)` of the full-data MSE, shape (61, 61).

    Built column by column by ``torch.autograd.functional.hessian`` (reverse over
    reverse), in float64; the reference for :func:`largest_hessian_eigenvalue`.

    Parameters
    ----------
    parameters : mapping of str to array_like
        Weights keyed by ``PARAMETER_NAMES`` (tensors or arrays).
    data : RegressionData
        The points the loss averages over.

    Returns
    -------
    ndarray, shape (61, 61)
        Symmetric up to rounding.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> from momentum_theory.training import chapter_problem
    >>> problem = chapter_problem(seed=1)
    >>> H = dense_hessian(problem.initial_parameters, problem.data)
    >>> H.shape, bool(np.allclose(H, H.T, rtol=0, atol=1e-12))
    ((61, 61), True)
    """
    torch = require_torch()
    theta = _flatten(parameters)
    return torch.autograd.functional.hessian(_loss_function(data), theta).numpy()


# Networks per chunk in batched_hessians: the Jacobian of a chunk is chunk x n x 61 doubles.
_HESSIANS_PER_CHUNK = 64


def batched_hessians(
    parameters: Mapping[str, ArrayLike], data: RegressionData
) -> NDArray[np.float64]:
    r"""Exact Hessians of the full-data MSE for many networks at once, in closed form.

    For one hidden layer the Hessian has a short closed form. With
    :math:`z_{kj} = w_{1j} x_k + b_{1j}`, :math:`m_{kj} = [z_{kj} > 0]`, residuals
    :math:`r_k = \hat y_k - y_k` and the output's gradient
    :math:`J_k = (w_{2j} m_{kj} x_k,\ w_{2j} m_{kj},\ \mathrm{relu}(z_{kj}),\ 1)_j`,

    .. math::

        \nabla^2 L = \frac{2}{n} \sum_k \Big( J_k^\top J_k + r_k \nabla^2 \hat y_k \Big),

    where the only non-zero second derivatives of the output are
    :math:`\partial^2 \hat y_k / \partial w_{2j} \partial w_{1j} = m_{kj} x_k` and
    :math:`\partial^2 \hat y_k / \partial w_{2j} \partial b_{1j} = m_{kj}` (the ReLU's
    second derivative vanishes away from its kink, as autograd also takes it to). Every
    network is handled by the same batched products, in float64; the tests check the result
    against ``torch.autograd.functional.hessian`` network by network.

    Parameters
    ----------
    parameters : mapping of str to array_like
        Weights keyed by ``PARAMETER_NAMES``, each with a leading batch of networks:
        shapes ``(C, 20, 1)``, ``(C, 20)``, ``(C, 1, 20)``, ``(C, 1)``.
    data : RegressionData
        The points the loss averages over.

    Returns
    -------
    ndarray, shape (C, 61, 61)
        One Hessian per network, in the flat order of ``PARAMETER_NAMES``.

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> from momentum_theory.training import chapter_problem
    >>> problem = chapter_problem(seed=1)
    >>> one = {n: p[None] for n, p in problem.initial_parameters.items()}
    >>> exact = batched_hessians(one, problem.data)[0]
    >>> reference = dense_hessian(problem.initial_parameters, problem.data)
    >>> bool(np.allclose(exact, reference, rtol=0, atol=1e-12))
    True
    """
    torch = require_torch()
    x = data.x[:, 0].to(torch.float64)
    y = data.y[:, 0].to(torch.float64)
    n = x.numel()

    def stacked(name: str, width: int) -> torch.Tensor:
        array = torch.tensor(np.asarray(parameters[name], dtype=np.float64))
        return array.reshape(array.shape[0], width)

    w1, b1 = stacked("hidden.weight", 20), stacked("hidden.bias", 20)
    w2, b2 = stacked("predict.weight", 20), stacked("predict.bias", 1)
    hessians = []
    for start in range(0, w1.shape[0], _HESSIANS_PER_CHUNK):
        part = slice(start, start + _HESSIANS_PER_CHUNK)
        z = w1[part, None, :] * x[None, :, None] + b1[part, None, :]
        active = (z > 0).to(torch.float64)
        output = (torch.relu(z) * w2[part, None, :]).sum(dim=-1) + b2[part]
        residual = output - y
        jacobian = torch.cat(
            [
                w2[part, None, :] * active * x[None, :, None],
                w2[part, None, :] * active,
                torch.relu(z),
                torch.ones_like(residual)[..., None],
            ],
            dim=-1,
        )
        hessian = jacobian.transpose(1, 2) @ jacobian
        # The residual term couples w2_j with w1_j and with b1_j only.
        cross_w1 = torch.einsum("ck,ckj->cj", residual, active * x[None, :, None])
        cross_b1 = torch.einsum("ck,ckj->cj", residual, active)
        j = torch.arange(20)
        for offset, cross in ((0, cross_w1), (20, cross_b1)):
            hessian[:, 40 + j, offset + j] += cross
            hessian[:, offset + j, 40 + j] += cross
        hessians.append(hessian * (2.0 / n))
    return torch.cat(hessians).numpy()


@dataclass(frozen=True)
class CurvatureEstimate:
    r"""The largest Hessian eigenvalue of the loss, from power iteration.

    Attributes
    ----------
    eigenvalue : float
        :math:`\lambda_{\max}(\nabla^2 L)`, the largest (algebraic) eigenvalue.
    residual : float
        :math:`\|H v - \lambda v\| / |\lambda|` for the returned unit vector :math:`v`.
        For a symmetric matrix the eigenvalue error is at most
        :math:`\|Hv - \lambda v\|`, and at most its square over the gap to the next
        eigenvalue.
    iterations : int
        Hessian-vector products used.
    converged : bool
        Whether ``residual`` reached the requested tolerance.
    dominant_was_negative : bool
        True when the eigenvalue of largest magnitude was negative, so a second, shifted
        power iteration on :math:`H - \lambda_{\text{dom}} I` found :math:`\lambda_{\max}`.
    """

    eigenvalue: float
    residual: float
    iterations: int
    converged: bool
    dominant_was_negative: bool


def _power_iteration(
    hvp: Callable[[torch.Tensor], torch.Tensor],
    start: torch.Tensor,
    shift: float,
    tolerance: float,
    max_iterations: int,
) -> tuple[float, float, int, bool]:
    """Power iteration on ``H - shift I``; returns (eigenvalue of H, residual, count, ok)."""
    vector = start / start.norm()
    eigenvalue, residual = float("nan"), float("inf")
    for iteration in range(1, max_iterations + 1):
        image = hvp(vector) - shift * vector
        rayleigh = float(vector @ image)
        residual = float((image - rayleigh * vector).norm()) / max(abs(rayleigh), 1e-300)
        eigenvalue = rayleigh + shift
        if residual <= tolerance:
            return eigenvalue, residual, iteration, True
        vector = image / image.norm()
    return eigenvalue, residual, max_iterations, False


def largest_hessian_eigenvalue(
    parameters: Mapping[str, ArrayLike],
    data: RegressionData,
    *,
    tolerance: float = 1e-8,
    max_iterations: int = 20_000,
    seed: int = 0,
) -> CurvatureEstimate:
    r"""Largest eigenvalue of the loss Hessian by Hessian-vector products and power iteration.

    Iterates :math:`v \leftarrow Hv/\|Hv\|` from a random unit vector until the relative
    residual :math:`\|Hv - \lambda v\|/|\lambda|` (with the Rayleigh quotient
    :math:`\lambda = v^\top H v`) is at most ``tolerance``. Power iteration finds the
    eigenvalue of largest *magnitude*; if that is negative (a saddle-like direction
    dominates), it is repeated on :math:`H - \lambda_{\text{dom}} I`, whose dominant
    eigenvalue is :math:`\lambda_{\max} - \lambda_{\text{dom}} \ge 0`.

    Parameters
    ----------
    parameters : mapping of str to array_like
        Weights keyed by ``PARAMETER_NAMES``.
    data : RegressionData
        The points the loss averages over (all of them: the full-batch Hessian).
    tolerance : float, default 1e-8
        Relative residual to stop at, in (0, 1).
    max_iterations : int, default 20000
        Budget of Hessian-vector products per power iteration.
    seed : int, default 0
        Seed of the random start vector.

    Returns
    -------
    CurvatureEstimate

    Examples
    --------
    >>> import pytest; torch = pytest.importorskip("torch")
    >>> from momentum_theory.training import chapter_problem
    >>> problem = chapter_problem(seed=1)
    >>> estimate = largest_hessian_eigenvalue(problem.initial_parameters, problem.data)
    >>> top = np.linalg.eigvalsh(dense_hessian(problem.initial_parameters, problem.data))[-1]
    >>> estimate.converged, bool(abs(estimate.eigenvalue - top) <= 1e-10 * top)
    (True, True)
    """
    torch = require_torch()
    tolerance = as_finite_float(
        tolerance, "tolerance", low=0.0, high=1.0, low_open=True, high_open=True
    )
    max_iterations = as_integer(max_iterations, "max_iterations", 1)
    seed = as_integer(seed, "seed", 0)
    theta = _flatten(parameters).requires_grad_(True)
    (gradient,) = torch.autograd.grad(_loss_function(data)(theta), theta, create_graph=True)

    def hvp(vector: torch.Tensor) -> torch.Tensor:
        (product,) = torch.autograd.grad(gradient, theta, vector, retain_graph=True)
        return product

    start = torch.randn(
        theta.shape, generator=torch.Generator().manual_seed(seed), dtype=torch.float64
    )
    found = _power_iteration(hvp, start, 0.0, tolerance, max_iterations)
    dominant_negative = found[0] < 0
    if dominant_negative:
        count = found[2]
        found = _power_iteration(hvp, start, found[0], tolerance, max_iterations)
        found = (found[0], found[1], found[2] + count, found[3])
    eigenvalue, residual, iterations, converged = found
    return CurvatureEstimate(eigenvalue, residual, iterations, converged, dominant_negative)
