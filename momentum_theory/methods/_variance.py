r"""A method's own rule driven by one perturbed gradient, and its stationary variance.

The computation behind :func:`momentum_theory.methods.noise.stationary_variance` and
:meth:`Method.stationary_variance <momentum_theory.methods.Method.stationary_variance>`
(both documented there). It lives apart from :mod:`momentum_theory.methods.noise`, which
resolves method names through the registry, so that ``Method`` can call it without an
import cycle; for the same reason ``method`` is typed ``Any`` here (it is a
:class:`~momentum_theory.methods.Method`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory import noise
from momentum_theory._validation import as_real_array, broadcast_shape, require

Array = NDArray[np.float64]


def perturbed_step(
    method: Any,
    state: tuple[Any, Any],
    h: Any,
    perturbation: Callable[[int], Any],
    params: dict[str, Any],
) -> tuple[tuple[Any, Any], int]:
    """One step of the rule with gradient ``h p + perturbation(j)`` at its ``j``-th call;
    returns the new state and the number of gradients the step evaluated."""
    calls = 0

    def gradient(point: Any) -> Any:
        nonlocal calls
        value = h * point + perturbation(calls)
        calls += 1
        return value

    return method.update(state, gradient, first=False, **params), calls


def _moving_average(method: Any, h: Array, checked: dict[str, Any]) -> tuple[Array, Array]:
    r""":math:`(c_0, c_1)` of a one-draw rule, from three evaluations of it (no matrices)."""
    zero = np.zeros(())
    with np.errstate(all="ignore"):
        (c12, c22), _ = perturbed_step(method, (zero, zero + 1.0), h, lambda _: 0.0, checked)
        (b1, b2), calls = perturbed_step(method, (zero, zero), h, lambda _: 1.0, checked)
    if calls != 1:
        raise ValueError(f"{method.name} evaluates {calls} gradients per step; one is handled")
    return np.asarray(b1, dtype=np.float64), np.asarray(c12 * b2 - c22 * b1, dtype=np.float64)


def stationary_variance(method: Any, h: ArrayLike, sigma: ArrayLike, **params: Any) -> Array:
    """Stationary variance of ``method`` (a Method) on ``h x^2/2`` with noise ``sigma``:
    :func:`momentum_theory.noise.family_variance` at its family parameters and the delayed
    noise coefficient read off its rule; ``inf`` outside its convergence region."""
    sigma_ = as_real_array(sigma, "sigma")
    require(sigma_ >= 0, "sigma", "non-negative", sigma_)
    checked = method.check(**params)
    h_ = as_real_array(h, "h")
    broadcast_shape(
        h=h_, sigma=sigma_, **{n: v for n, v in checked.items() if n not in method._flags}
    )
    family = method.family(**checked)
    shifted = h_ + family.curvature_shift
    _, c1 = _moving_average(method, h_, checked)  # the rule adds weight decay itself
    variance = noise.family_variance(
        family.alpha, family.beta, shifted, sigma_, gamma=family.gamma, c1=c1
    )
    inside = method.convergence_region(h_, **checked)
    value = np.where(inside | np.isnan(variance), variance, np.inf)
    return value[()] if value.ndim == 0 else value
