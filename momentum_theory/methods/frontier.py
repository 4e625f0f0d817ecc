r"""The rate--noise trade-off of a method: its Pareto frontier on a quadratic.

With noisy gradients a method's parameters set two things that pull against each other:
the asymptotic rate on :math:`f(x) = \tfrac12 x^\top Q x` (its worst-case rate over the
spectrum :math:`[\mu, L]` of :math:`Q`, :meth:`Method.worst_case_rate
<momentum_theory.methods.Method.worst_case_rate>`) and the stationary excess loss
(:func:`momentum_theory.methods.noise.stationary_excess_loss`). The frontier at a rate
level :math:`r` is

.. math::

    F(r) = \min \{\, \mathbb E f(x_\infty) - f^* : \text{parameters with rate} \le r \,\},

non-increasing in :math:`r`. :func:`pareto_frontier` computes it for every method, in two
parts.

**The step, exactly.** Every method maps onto the two-step family with a family step
:math:`\alpha` proportional to its own step (``alpha`` or ``lr``) and :math:`\beta,
\gamma` free of it. All roots of :math:`\lambda^2 - T\lambda + D` lie in the disk of
radius :math:`r` iff :math:`r^2 - Tr + D \ge 0`, :math:`r^2 + Tr + D \ge 0` and
:math:`D \le r^2` (Schur--Cohn), and at :math:`h = \mu` and :math:`h = L` (the rate on
:math:`[\mu, L]` is attained at an end) these are *affine* in :math:`\alpha`. So, the
other parameters :math:`\theta` fixed, the steps with rate :math:`\le r` form an interval
:math:`[\alpha_-(\theta, r), \alpha_+(\theta, r)]` in closed form, and since the excess
loss increases with the step (proved for heavy ball from its closed form; for every method
checked on samples by :func:`step_monotonicity`), the best step is :math:`\alpha_-`, where
the rate is exactly :math:`r`.

**The other parameters, by search.** :math:`F(r) = \min_\theta E(\alpha_-(\theta, r),
\theta)` is minimised over a grid on each method's box (its parameters'
:attr:`~momentum_theory.methods.Parameter.search` axes, :attr:`Method.search_space
<momentum_theory.methods.Method.search_space>`) and refined
by zooming into the best grid cell. For gradient descent nothing is left to search, and
the frontier is exact.

**What is guaranteed.** Every point of a computed frontier is attained by the parameters
returned with it (their rate is at most the level, their excess loss is the stationary
excess loss), so the true frontier lies on or below it; it is exact in the step; over the
other parameters it is a minimum over the grid, refined locally, not a certified global
one. ``tests/methods/test_frontier.py`` checks it against brute-force sampling and nested
families (two-step contains heavy ball and Nesterov; QHM contains heavy ball).

Examples
--------
>>> from momentum_theory.methods.frontier import pareto_frontier
>>> gd = pareto_frontier("gradient_descent", [1.0, 10.0], [0.9, 0.95])
>>> gd.parameters["alpha"].tolist()  # (1 - r)/mu: the smallest step with rate r
[0.09999999999999998, 0.050000000000000044]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import product
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import (
    as_finite_float,
    as_integer,
    as_real_array,
    as_spectrum,
    require,
)
from momentum_theory.methods._base import Method
from momentum_theory.methods._parameter import Axis
from momentum_theory.methods._registry import get
from momentum_theory.methods.noise import _eigenvalues, stationary_excess_loss

Array = NDArray[np.float64]

__all__ = [
    "Frontier",
    "pareto_frontier",
    "smallest_steps",
    "step_monotonicity",
]


@dataclass(frozen=True)
class Frontier:
    r"""A method's rate--noise frontier on one quadratic (:func:`pareto_frontier`).

    Attributes
    ----------
    method : str
    rates : ndarray, shape (n,)
        The rate levels :math:`r`, ascending.
    excess_loss : ndarray, shape (n,)
        :math:`F(r)` as found; ``inf`` where no searched parameters reach the level.
    achieved_rates : ndarray, shape (n,)
        The worst-case rate of the returned parameters (the level, to rounding).
    parameters : dict of str to ndarray, shape (n,)
        The parameters attaining each point (the step and every searched parameter);
        NaN where the level is not reached.
    fixed : dict
        Parameters held fixed (``nesterov``, ``dampening``, ...).
    eigenvalues : ndarray, shape (d,)
        Of :math:`Q`.
    sigma : float
    grid : int
        Grid points per searched parameter.
    """

    method: str
    rates: Array
    excess_loss: Array
    achieved_rates: Array
    parameters: dict[str, Array]
    fixed: dict[str, Any]
    eigenvalues: Array
    sigma: float
    grid: int

    @property
    def reached(self) -> NDArray[np.bool_]:
        """Where a level is reached (finite excess loss)."""
        return np.isfinite(self.excess_loss)


def _step_name(method: Method) -> str:
    return method.step.name


def smallest_steps(
    method: str | Method, *, mu: float, L: float, rate: ArrayLike, **params: Any
) -> tuple[Array, Array]:
    r"""The interval of steps with worst-case rate at most ``rate`` on :math:`[\mu, L]`.

    Parameters
    ----------
    method : str or Method
    mu, L : float
        The spectrum.
    rate : array_like, shape (...)
        The level :math:`r \in (0, 1)`.
    **params
        Every parameter but the step (arrays broadcast with ``rate``).

    Returns
    -------
    (low, high) : tuple of ndarray, shape (...)
        :math:`[\alpha_-, \alpha_+]` in the method's own step (``alpha`` or ``lr``); NaN
        where no step reaches the level.

    Raises
    ------
    ValueError
        For a spectrum that is not ``0 < mu <= L`` or a level outside ``(0, 1)``; if the
        method's family step is not proportional to its step with :math:`\beta, \gamma`
        free of it (not the case for any method here).

    Examples
    --------
    >>> from momentum_theory.methods.frontier import smallest_steps
    >>> low, high = smallest_steps("heavy_ball", mu=1.0, L=100.0, rate=0.9, beta=0.8)
    >>> float(low), float(high)  # (1 - r)(1 - beta/r)/mu, (1 + r)(1 + beta/r)/L
    (0.0111111111111111, 0.03588888888888889)
    >>> [float(v) for v in smallest_steps("heavy_ball", mu=1.0, L=100.0, rate=0.9, beta=0.5)]
    [nan, nan]
    """
    method_ = get(method)
    step = _step_name(method_)
    mu_, L_ = as_spectrum(mu=mu, L=L, scalar=True)
    r = as_real_array(rate, "rate")
    require((r > 0) & (r < 1), "rate", "in (0, 1)", r)
    unit, double = method_.family(**{step: 1.0}, **params), method_.family(**{step: 2.0}, **params)
    proportional = np.allclose(double.alpha, 2 * unit.alpha, rtol=1e-14, atol=0) and all(
        np.array_equal(getattr(double, n), getattr(unit, n), equal_nan=True)
        for n in ("beta", "gamma", "curvature_shift")
    )
    if not proportional:
        raise ValueError(f"{method_.name}: the family step is not proportional to {step}")
    alpha1, beta, gamma = unit.alpha, unit.beta, unit.gamma
    low = np.zeros(np.broadcast_shapes(r.shape, np.shape(alpha1)))
    high = np.full(low.shape, np.inf)
    feasible = np.ones(low.shape, dtype=bool)
    with np.errstate(all="ignore"):
        for end in (mu_, L_):
            h = end + unit.curvature_shift
            # a + b x >= 0 with x the family step: p(r) >= 0, p(-r) >= 0, r^2 - D >= 0
            # (the constant terms factored, so no digits are lost for r near 1).
            for a, b in (
                ((r - 1) * (r - beta), h * (r * (1 + gamma) - gamma)),
                ((r + 1) * (r + beta), -h * (r * (1 + gamma) + gamma)),
                (r * r - beta, h * gamma),
            ):
                a, b = np.broadcast_arrays(a, b)
                bound = -a / b
                low = np.where(b > 0, np.maximum(low, bound), low)
                high = np.where(b < 0, np.minimum(high, bound), high)
                feasible &= (b != 0) | (a >= 0)
        feasible &= (low <= high) & (high > 0) & (alpha1 > 0)
        nan = np.full(low.shape, np.nan)
        low_step = np.where(feasible, np.maximum(low, 0) / alpha1, nan)
        high_step = np.where(feasible, high / alpha1, nan)
    return low_step, high_step


def _excess(
    method: Method, eigenvalues: Array, sigma: float, step: Array, theta: dict[str, Array], fixed
) -> Array:
    name = _step_name(method)
    reached = np.isfinite(step) & (step > 0)
    safe = np.where(reached, step, 1.0)
    values = stationary_excess_loss(method, eigenvalues, sigma, **{name: safe}, **theta, **fixed)
    return np.where(reached, values, np.inf)


def _evaluate(
    method: Method,
    eigenvalues: Array,
    sigma: float,
    rates: Array,
    space: Mapping[str, Axis],
    coordinates: Array,
    fixed: dict[str, Any],
) -> tuple[Array, Array]:
    """Excess loss at the smallest step, for levels ``rates`` (n,) and search coordinates
    ``coordinates`` (n, m, k): returns the excess (n, m) and the steps (n, m)."""
    theta = {name: axis.value(coordinates[..., i]) for i, (name, axis) in enumerate(space.items())}
    step, _ = smallest_steps(
        method, mu=eigenvalues[0], L=eigenvalues[-1], rate=rates[:, np.newaxis], **theta, **fixed
    )
    return _excess(method, eigenvalues, sigma, step, theta, fixed), step


def _local_minima(excess: Array, grid: int, k: int) -> Array:
    """``excess`` (levels, grid^k) where a point is no worse than its 2k grid neighbours,
    ``inf`` elsewhere."""
    shaped = excess.reshape((excess.shape[0], *([grid] * k)))
    keep = np.isfinite(shaped)
    for axis in range(1, k + 1):
        for shift in (-1, 1):
            neighbour = np.roll(shaped, shift, axis=axis)
            edge = [slice(None)] * (k + 1)
            edge[axis] = 0 if shift == 1 else grid - 1
            neighbour[tuple(edge)] = np.inf  # no wrap-around
            keep &= shaped <= neighbour
    return np.where(keep, shaped, np.inf).reshape(excess.shape)


def _pattern_search(
    method: Method,
    eigenvalues: Array,
    sigma: float,
    levels: Array,
    space: Mapping[str, Axis],
    fixed: dict[str, Any],
    bounds: Array,
    rounds: int,
    u: Array,
    excess: Array,
    spacing: Array,
) -> tuple[Array, Array]:
    """From every start ``u`` (levels, starts, k) at once: a stencil of 5 points per
    parameter (-2..2 widths, from ``spacing``); each start moves to its stencil's best
    point, and its width halves when that is the centre."""
    n, starts, k = u.shape
    width = np.broadcast_to(spacing, u.shape).copy()
    offsets = np.array(list(product(np.arange(-2.0, 3.0), repeat=k)))
    centre = int(np.flatnonzero(~offsets.any(axis=1))[0])
    for _ in range(rounds):
        trial = u[:, :, np.newaxis, :] + offsets * width[:, :, np.newaxis, :]
        trial = np.clip(trial, bounds[:, 0], bounds[:, 1])
        values, _ = _evaluate(
            method, eigenvalues, sigma, levels, space, trial.reshape(n, -1, k), fixed
        )
        values = values.reshape(n, starts, -1)
        values[:, :, centre] = excess  # the centre as evaluated before
        index = np.argmin(values, axis=2)
        excess = np.take_along_axis(values, index[..., np.newaxis], 2)[..., 0]
        u = np.take_along_axis(trial, index[..., np.newaxis, np.newaxis], 2)[:, :, 0]
        width = np.where((index == centre)[..., np.newaxis], width / 2, width)
    return u, excess


def pareto_frontier(
    method: str | Method,
    Q: ArrayLike,
    rates: ArrayLike,
    *,
    sigma: float = 1.0,
    grid: int = 401,
    starts: int = 4,
    rounds: int = 40,
    passes: int = 6,
    space: Mapping[str, Axis] | None = None,
    **fixed: Any,
) -> Frontier:
    r"""The least stationary excess loss at each rate level, over the method's parameters.

    See the module docstring for the algorithm and what it guarantees.

    Parameters
    ----------
    method : str or Method
    Q : array_like, shape (), (d,) or (d, d)
        The Hessian (positive definite); its rate is the worst case over
        :math:`[\lambda_{\min}, \lambda_{\max}]`.
    rates : array_like, shape (n,)
        Rate levels in (0, 1).
    sigma : float, default 1
        Noise standard deviation (the excess loss is proportional to :math:`\sigma^2`).
    grid : int, default 401
        Grid points per searched parameter (``>= 3``).
    starts : int, default 4
        Grid points (local minima of the grid, best first) that a pattern search refines,
        per level.
    rounds : int, default 40
        Rounds of the pattern search: a stencil of 5 points per parameter (steps of
        -2..2 widths, starting at the grid's spacing) around each point; the point moves
        to the stencil's best, and the width halves when that is the centre.
    passes : int, default 6
        Continuation: up to this many further searches, each starting every level from
        its winner and its two neighbours' winners, until no level improves.
    space : mapping of str to Axis, optional
        The searched parameters and their ranges; default the method's
        :attr:`~momentum_theory.methods.Method.search_space`.
    **fixed
        Parameters held fixed (for ``pytorch_sgd``: ``nesterov``, ``dampening``,
        ``weight_decay``).

    Returns
    -------
    Frontier

    Examples
    --------
    >>> from momentum_theory.methods.frontier import pareto_frontier
    >>> hb = pareto_frontier("heavy_ball", [1.0, 10.0], [0.9], grid=101)
    >>> gd = pareto_frontier("gradient_descent", [1.0, 10.0], [0.9])
    >>> bool(hb.excess_loss[0] < gd.excess_loss[0])
    True
    """
    method_ = get(method)
    eigenvalues = np.sort(_eigenvalues(Q))
    levels = np.sort(as_real_array(rates, "rates").reshape(-1))
    require((levels > 0) & (levels < 1), "rates", "in (0, 1)", levels)
    sigma_ = as_finite_float(sigma, "sigma", low=0.0)
    grid = as_integer(grid, "grid", 3)
    starts = as_integer(starts, "starts", 1)
    rounds = as_integer(rounds, "rounds", 0)
    passes = as_integer(passes, "passes", 0)
    space = dict(method_.search_space if space is None else space)
    searched = [_step_name(method_), *space]
    overlap = set(searched) & set(fixed)
    if overlap:
        raise ValueError(f"{sorted(overlap)[0]} is searched, it cannot also be fixed")
    method_.check(
        **{name: 0.5 for name in searched if name in space}, **{searched[0]: 1.0}, **fixed
    )  # unknown or missing parameters fail here, by name

    bounds = np.array([axis.bounds() for axis in space.values()]).reshape(-1, 2)
    k = len(space)
    n = levels.size
    if k:
        axes = [np.linspace(low, high, grid) for low, high in bounds]
        cloud = np.stack(np.meshgrid(*axes, indexing="ij"), -1).reshape(-1, k)
    else:
        cloud = np.zeros((1, 0))
    # The grid, level by level in chunks (memory: chunk x grid^k x d); keep the best
    # `starts` grid points per level that are no worse than their grid neighbours.
    starts = 1 if k == 0 else min(starts, cloud.shape[0])
    best_u = np.zeros((n, starts, k))
    best_excess = np.full((n, starts), np.inf)
    chunk = max(1, (1 << 20) // max(1, cloud.shape[0] * eigenvalues.size))
    for first in range(0, n, chunk):
        part = slice(first, min(n, first + chunk))
        coordinates = np.broadcast_to(cloud, (levels[part].size, *cloud.shape))
        excess, _ = _evaluate(
            method_, eigenvalues, sigma_, levels[part], space, coordinates, fixed
        )
        candidates = _local_minima(excess, grid, k) if k else excess
        order = np.argsort(candidates, axis=1)[:, :starts]
        best_excess[part] = np.take_along_axis(candidates, order, axis=1)
        best_u[part] = cloud[order]
    if k:
        spacing = (bounds[:, 1] - bounds[:, 0]) / (grid - 1)
        search = (method_, eigenvalues, sigma_, levels, space, fixed, bounds, rounds)
        best_u, best_excess = _pattern_search(*search, best_u, best_excess, spacing)
        # Continuation: every level starts again from its winner and its neighbours',
        # until no level improves (at most `passes` times).
        winner = np.argmin(best_excess, axis=1)
        best_u, best_excess = best_u[np.arange(n), winner], best_excess[np.arange(n), winner]
        for _ in range(passes):
            starts_u = np.stack([np.roll(best_u, 1, 0), best_u, np.roll(best_u, -1, 0)], 1)
            values, _ = _evaluate(method_, eigenvalues, sigma_, levels, space, starts_u, fixed)
            found_u, found = _pattern_search(*search, starts_u, values, spacing / 4)
            index = np.argmin(found, axis=1)
            found, found_u = found[np.arange(n), index], found_u[np.arange(n), index]
            better = found < best_excess * (1 - 1e-12)
            if not np.any(better):
                break
            best_u = np.where(better[:, np.newaxis], found_u, best_u)
            best_excess = np.where(better, found, best_excess)
    else:
        best_u = best_u[:, 0]
    excess, steps = _evaluate(
        method_, eigenvalues, sigma_, levels, space, best_u[:, np.newaxis, :], fixed
    )
    excess, steps = excess[:, 0], steps[:, 0]
    reached = np.isfinite(excess)
    parameters = {searched[0]: np.where(reached, steps, np.nan)}
    for i, (name, axis) in enumerate(space.items()):
        parameters[name] = np.where(reached, axis.value(best_u[:, i]), np.nan)
    safe = {name: np.where(reached, value, 0.5) for name, value in parameters.items()}
    safe[searched[0]] = np.where(reached, steps, 1.0)
    with np.errstate(all="ignore"):
        achieved = method_.worst_case_rate(mu=eigenvalues[0], L=eigenvalues[-1], **safe, **fixed)
    return Frontier(
        method=method_.name,
        rates=levels,
        excess_loss=excess,
        achieved_rates=np.where(reached, achieved, np.nan),
        parameters=parameters,
        fixed=dict(fixed),
        eigenvalues=eigenvalues,
        sigma=sigma_,
        grid=grid,
    )


def step_monotonicity(
    method: str | Method,
    Q: ArrayLike,
    *,
    samples: int,
    seed: int,
    steps: int = 64,
    space: Mapping[str, Axis] | None = None,
    **fixed: Any,
) -> float:
    r"""The largest relative decrease of the excess loss along the step, over random settings.

    For ``samples`` random settings of the searched parameters (uniform in the search
    coordinates of ``space``) and ``steps`` steps spread geometrically over the convergent
    interval (rate below 1), returns :math:`\max (E_j - E_{j+1})/E_j` over consecutive
    steps: at most 0 (to rounding) when the excess loss increases with the step, the
    property :func:`pareto_frontier` relies on.

    Examples
    --------
    >>> from momentum_theory.methods.frontier import step_monotonicity
    >>> step_monotonicity("heavy_ball", [1.0, 10.0], samples=50, seed=0) <= 0
    True
    """
    method_ = get(method)
    eigenvalues = np.sort(_eigenvalues(Q))
    space = dict(method_.search_space if space is None else space)
    rng = np.random.default_rng(as_integer(seed, "seed", 0))
    samples = as_integer(samples, "samples", 1) if space else 1
    steps = as_integer(steps, "steps", 3)
    theta = {
        name: axis.value(rng.uniform(*axis.bounds(), size=(samples, 1)))
        for name, axis in space.items()
    }
    # The steps with rate <= 1 - 1e-6, short of both ends of the interval (where the
    # excess loss, near the edge of the region, is dominated by rounding).
    low, high = smallest_steps(
        method_, mu=eigenvalues[0], L=eigenvalues[-1], rate=1 - 1e-6, **theta, **fixed
    )
    low, high = (np.broadcast_to(v, (samples, 1)) for v in (low, high))
    ok = np.isfinite(low) & np.isfinite(high) & (high > low)
    fraction = np.geomspace(1e-6, 0.999, steps)
    with np.errstate(all="ignore"):
        step = np.where(ok, low + (high - low) * fraction, 1.0)
    excess = np.broadcast_to(_excess(method_, eigenvalues, 1.0, step, theta, fixed), step.shape)
    excess = excess[ok[:, 0]]
    finite = np.isfinite(excess[:, :-1]) & np.isfinite(excess[:, 1:])
    with np.errstate(all="ignore"):
        drop = np.where(finite, (excess[:, :-1] - excess[:, 1:]) / excess[:, :-1], -np.inf)
    return float(np.max(drop)) if drop.size else -math.inf
