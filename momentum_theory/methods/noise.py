r"""Every named method driven by noisy gradients, from its own update rule.

With :math:`g_t = \nabla f(y_t) + \sigma\xi_t` (:math:`\xi_t` i.i.d. standard normal, one
draw per gradient evaluation) a method on :math:`f(x) = h x^2/2` is the linear system

.. math::

    s_{t+1} = C s_t + \sigma B \xi_t,

where :math:`C` is its state matrix and :math:`B` its *noise input*: the response of the
new state to an additive perturbation of each gradient the step evaluates. Both come
from the method's ``update`` (the same function that runs on arrays and on SymPy
symbols): :func:`linear_system` feeds it the unit states with the exact gradient
:math:`h p` (the columns of :math:`C`) and the zero state with a unit perturbation of one
gradient (a column of :math:`B`). So PyTorch's SGD, whose noise enters the buffer and,
with ``nesterov=True``, the step as well, and QHM, whose noise enters the step and the
buffer with different weights, need nothing written for them here.

Every method of the package evaluates one gradient per step, so :math:`B` has one column
:math:`b`, and eliminating the second state component gives
:math:`x_{t+1} = T x_t - D x_{t-1} + \sigma(c_0\xi_t + c_1\xi_{t-1})` with the family's
:math:`T, D` and :math:`c_0 = b_1`, :math:`c_1 = C_{12} b_2 - C_{22} b_1`:

====================  ======================================  =============================
method                :math:`(c_0, c_1)`                      the same as
====================  ======================================  =============================
``gradient_descent``  :math:`(-\alpha, 0)`                    the two-step family
``heavy_ball``        :math:`(-\alpha, 0)`                    the two-step family
``nesterov``          :math:`(-\alpha, 0)`                    the two-step family
``two_step``          :math:`(-\alpha, 0)`                    (itself)
``qhm``               :math:`(-\alpha(1 - \nu\beta),          not the family: an MA(1)
                      \alpha\beta(1 - \nu))`                  noise
``pytorch_sgd``       :math:`(-\eta(1 - \tau), 0)`; with      heavy ball; with Nesterov not
                      Nesterov :math:`(-\eta(1 + m), \eta m)` Nesterov's method
====================  ======================================  =============================

(derived symbolically in :mod:`momentum_theory.methods.noise_derivation`). Two methods
with the same rate can therefore have different stationary variances: PyTorch's Nesterov
step evaluates the gradient at :math:`p_t`, not at the look-ahead point, and its noise
enters twice.

Functions
---------
- :func:`linear_system`: :math:`C` and :math:`B` from the rule, for a batch;
- :func:`stationary_variance`: :math:`\operatorname{Var} x` (the Lyapunov equation,
  :func:`momentum_theory.noise.stationary_covariance`), ``inf`` outside the region;
  also :meth:`Method.stationary_variance <momentum_theory.methods.Method.stationary_variance>`;
- :func:`stationary_excess_loss`: :math:`\mathbb E f(x) - f^*` on
  :math:`f(x) = \tfrac12 x^\top Q x`, per eigen-direction, then summed;
- :func:`simulate`: a seeded Monte Carlo run of the method's own rule with noisy
  gradients, with a confidence interval from independent chains.

Examples
--------
>>> from momentum_theory import methods
>>> hb = methods.get("heavy_ball")
>>> float(hb.stationary_variance(1.0, 1.0, alpha=0.1, beta=0.5))  # 0.15/(0.5 * 2.9)
0.10344827586207
>>> sgd = methods.get("pytorch_sgd")
>>> float(sgd.stationary_variance(1.0, 1.0, lr=0.1, momentum=0.5))  # the same: heavy ball
0.10344827586207
>>> float(sgd.stationary_variance(1.0, 1.0, lr=0.1, momentum=0.5, nesterov=True))
0.103896103896104
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import (
    as_finite_float,
    as_integer,
    as_real_array,
    broadcast_shape,
    optional_integer,
    require,
    require_finite,
)
from momentum_theory.methods import _variance
from momentum_theory.methods._base import Method
from momentum_theory.methods._registry import get
from momentum_theory.problems import eigendecomposition

Array = NDArray[np.float64]

__all__ = [
    "Estimate",
    "LinearSystem",
    "NoiseSimulation",
    "linear_system",
    "simulate",
    "stationary_excess_loss",
    "stationary_variance",
]

# simulate's default burn-in grows like 1/(1 - rho); beyond this many steps it must be given.
_MAX_DEFAULT_BURN_IN = 10**9


@dataclass(frozen=True)
class LinearSystem:
    r"""A method on :math:`h x^2/2` with noisy gradients: :math:`s_{t+1} = C s_t + \sigma B\xi_t`.

    Attributes
    ----------
    method : str
        The method's name.
    transition : ndarray, shape (..., 2, 2)
        The state matrix :math:`C` (the rule's Jacobian in the state).
    noise_input : ndarray, shape (..., 2, k)
        :math:`B`: column :math:`j` is the new state's response to a unit perturbation of
        the step's :math:`j`-th gradient evaluation (:math:`k = 1` for every method here).
    """

    method: str
    transition: Array
    noise_input: Array

    @property
    def trace(self) -> Array:
        r""":math:`T = \operatorname{tr} C`."""
        return self.transition[..., 0, 0] + self.transition[..., 1, 1]

    @property
    def determinant(self) -> Array:
        r""":math:`D = \det C`."""
        C = self.transition
        return C[..., 0, 0] * C[..., 1, 1] - C[..., 0, 1] * C[..., 1, 0]

    @property
    def moving_average(self) -> tuple[Array, Array]:
        r""":math:`(c_0, c_1)` of the first draw: :math:`c_0 = b_1`,
        :math:`c_1 = C_{12} b_2 - C_{22} b_1`."""
        C, b = self.transition, self.noise_input[..., 0]
        return b[..., 0], C[..., 0, 1] * b[..., 1] - C[..., 1, 1] * b[..., 0]


def linear_system(method: str | Method, h: ArrayLike, **params: Any) -> LinearSystem:
    r""":math:`C` and :math:`B` of a method on :math:`f(x) = h x^2/2`, from its update rule.

    The rule is linear in its state and its gradients, so evaluating it (on NumPy arrays)
    at the unit states with the exact gradient gives the columns of :math:`C`, and at the
    zero state with one gradient perturbed by one gives a column of :math:`B`.
    :func:`momentum_theory.methods.noise_derivation.noise_input` does the same on SymPy
    symbols.

    Parameters
    ----------
    method : str or Method
    h : array_like, shape (...)
        Curvature.
    **params
        The method's parameters (arrays broadcast with ``h``).

    Returns
    -------
    LinearSystem
        Arrays of shape ``(..., 2, 2)`` and ``(..., 2, k)``, ``...`` the broadcast shape.

    Examples
    --------
    >>> from momentum_theory.methods.noise import linear_system
    >>> system = linear_system("qhm", 1.0, alpha=1.0, beta=0.5, nu=0.5)
    >>> system.noise_input[..., 0].tolist()  # (-alpha(1 - nu beta), 1 - beta)
    [-0.75, 0.5]
    >>> [float(c) for c in system.moving_average]  # (-alpha(1 - nu beta), alpha beta (1 - nu))
    [-0.75, 0.25]
    """
    method_ = get(method)
    checked = method_.check(**params)
    h_ = as_real_array(h, "h")
    numbers = {n: v for n, v in checked.items() if n not in method_._flags}
    shape = broadcast_shape(h=h_, **numbers)
    one, zero = np.ones(shape), np.zeros(shape)

    def column(state: tuple[Array, Array], perturb: Callable[[int], Any]) -> tuple[Array, int]:
        with np.errstate(all="ignore"):
            (first, second), calls = _variance.perturbed_step(method_, state, h_, perturb, checked)
        values = [np.broadcast_to(np.asarray(c, dtype=np.float64), shape) for c in (first, second)]
        return np.stack(values, axis=-1), calls

    exact = lambda _: 0.0  # noqa: E731
    x_column, calls = column((one, zero), exact)
    second_column, _ = column((zero, one), exact)
    transition = np.stack([x_column, second_column], axis=-1)
    inputs = [column((zero, zero), lambda j, k=k: 1.0 if j == k else 0.0)[0] for k in range(calls)]
    return LinearSystem(method_.name, transition, np.stack(inputs, axis=-1))


def stationary_variance(
    method: str | Method, h: ArrayLike, sigma: ArrayLike, **params: Any
) -> Array:
    r"""Stationary variance of the iterate of a method with noisy gradients on :math:`h x^2/2`.

    The :math:`(1, 1)` entry of the solution :math:`P` of the Lyapunov equation
    :math:`P = C P C^\top + \sigma^2 b b^\top` for the method's own :math:`C` and
    :math:`b` (:func:`linear_system`): the variance of :math:`x` (of the parameter
    :math:`p` for ``pytorch_sgd``), the limit of :math:`\mathbb E x_t^2` from any start.
    It is evaluated by the exact solution of that :math:`2 \times 2` equation in closed
    form, :func:`momentum_theory.noise.family_variance` at the method's family parameters
    and its delayed noise coefficient :math:`c_1` (read off the rule), a form that keeps
    every digit for small steps and momenta close to one. SymPy derives it from the rule
    for every method (:mod:`momentum_theory.methods.noise_derivation`), and the tests
    compare it with :func:`momentum_theory.noise.stationary_covariance` and
    :func:`scipy.linalg.solve_discrete_lyapunov`.

    Parameters
    ----------
    method : str or Method
    h : array_like, shape (...)
        Curvature.
    sigma : array_like, shape (...)
        Standard deviation of the noise added to each gradient, non-negative.
    **params
        The method's parameters.

    Returns
    -------
    ndarray, shape (...)
        ``inf`` where the method does not converge
        (:meth:`~momentum_theory.methods.Method.convergence_region` is False): there is no
        stationary distribution there. NaN where an input is NaN.

    Raises
    ------
    ValueError
        For a negative ``sigma`` or parameters outside the method's domain.

    Examples
    --------
    >>> from momentum_theory.methods.noise import stationary_variance
    >>> float(stationary_variance("gradient_descent", 2.0, 0.5, alpha=0.25))  # (a s)^2/(1 - 1/4)
    0.020833333333333332
    >>> float(stationary_variance("heavy_ball", 1.0, 1.0, alpha=5.0, beta=0.5))  # unstable
    inf
    """
    return _variance.stationary_variance(get(method), h, sigma, **params)


def _eigenvalues(Q: ArrayLike) -> Array:
    """The Hessian's eigenvalues, all positive (parsed as simulate.run parses ``Q``)."""
    eigenvalues = eigendecomposition(Q)[0]
    require(eigenvalues > 0, "Q", "positive definite", eigenvalues)
    return eigenvalues


def stationary_excess_loss(
    method: str | Method, Q: ArrayLike, sigma: ArrayLike, **params: Any
) -> Array:
    r"""Stationary excess loss :math:`\lim_t \mathbb E f(x_t) - f^*` on
    :math:`f(x) = \tfrac12 x^\top Q x` with noisy gradients :math:`Qx + \sigma\xi`.

    In the eigenbasis of :math:`Q` the noise stays i.i.d. standard normal (an orthogonal
    map preserves it), so every eigen-direction :math:`h_i` is an independent copy of the
    scalar system and

    .. math::

        \mathbb E f(x) - f^* = \tfrac12 \sum_i h_i \operatorname{Var}_i, \qquad
        \operatorname{Var}_i = \text{:func:`stationary_variance`}(h_i).

    Parameters
    ----------
    method : str or Method
    Q : array_like, shape (), (d,) or (d, d)
        The Hessian: a scalar, its eigenvalues, or a dense symmetric positive definite
        matrix (as :func:`momentum_theory.simulate.run` takes it).
    sigma : float
        Noise standard deviation per coordinate, non-negative.
    **params
        The method's parameters; arrays give a batch.

    Returns
    -------
    ndarray, shape (...)
        One excess loss per parameter setting; ``inf`` where any direction diverges.

    Raises
    ------
    ValueError
        If ``Q`` is not symmetric positive definite, or as :func:`stationary_variance`.

    Examples
    --------
    >>> from momentum_theory.methods.noise import stationary_excess_loss
    >>> float(stationary_excess_loss("gradient_descent", [1.0, 2.0], 1.0, alpha=0.5))
    0.41666666666666663
    """
    eigenvalues = _eigenvalues(Q)
    sigma_ = as_real_array(sigma, "sigma")
    require(sigma_ >= 0, "sigma", "non-negative", sigma_)
    checked = get(method).check(**params)
    shape = broadcast_shape(
        sigma=sigma_, **{n: v for n, v in checked.items() if not isinstance(v, bool)}
    )
    expanded = {
        n: v if isinstance(v, bool) else np.asarray(v)[..., np.newaxis] for n, v in checked.items()
    }
    variances = stationary_variance(
        method, eigenvalues, np.asarray(sigma_)[..., np.newaxis], **expanded
    )
    value = 0.5 * np.sum(eigenvalues * np.broadcast_to(variances, (*shape, eigenvalues.size)), -1)
    return value[()] if np.ndim(value) == 0 else value


@dataclass(frozen=True)
class Estimate:
    r"""A Monte Carlo mean over independent chains, with its standard error.

    Attributes
    ----------
    mean : float
        The mean over chains of each chain's time average.
    standard_error : float
        Sample standard deviation of the chain averages over :math:`\sqrt{\text{chains}}`.
        The chains are independent, so this accounts for the autocorrelation within a
        chain (which only widens the spread of the chain averages).
    chains : int
    """

    mean: float
    standard_error: float
    chains: int

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        r"""The normal-approximation confidence interval :math:`\text{mean} \pm z\,\text{se}`.

        ``level`` in (0, 1); :math:`z` is the standard normal's :math:`(1 + \text{level})/2`
        quantile (1.96 for 0.95).
        """
        from scipy.stats import norm

        level_ = as_finite_float(level, "level", low=0.0, high=1.0, low_open=True, high_open=True)
        z = float(norm.ppf(0.5 + level_ / 2))
        return self.mean - z * self.standard_error, self.mean + z * self.standard_error

    def z_score(self, value: float) -> float:
        """``(mean - value) / standard_error``: how many standard errors from ``value``."""
        return (self.mean - float(value)) / self.standard_error


@dataclass(frozen=True)
class NoiseSimulation:
    r"""A seeded Monte Carlo run of a method with noisy gradients (:func:`simulate`).

    Attributes
    ----------
    method : str
    parameters : dict
        The method's parameters (checked, defaults filled in).
    eigenvalues : ndarray, shape (d,)
        Of the Hessian.
    sigma : float
    chains, steps, burn_in : int
        Independent chains; steps averaged per chain after ``burn_in`` discarded steps.
    seed : int
    excess_loss : Estimate
        Of :math:`\mathbb E f(x_t) - f^*` in the stationary regime.
    squared_distance : Estimate
        Of :math:`\mathbb E\|x_t - x^*\|^2`: for a scalar problem, the stationary variance.
    """

    method: str
    parameters: dict[str, Any]
    eigenvalues: Array
    sigma: float
    chains: int
    steps: int
    burn_in: int
    seed: int
    excess_loss: Estimate
    squared_distance: Estimate


def _estimate(samples: Array) -> Estimate:
    return Estimate(
        mean=float(samples.mean()),
        standard_error=float(samples.std(ddof=1) / math.sqrt(samples.size)),
        chains=int(samples.size),
    )


def simulate(
    method: str | Method,
    Q: ArrayLike,
    sigma: float,
    steps: int,
    *,
    chains: int,
    seed: int,
    burn_in: int | None = None,
    **params: Any,
) -> NoiseSimulation:
    r"""Run the method's own rule with noisy gradients and measure the stationary spread.

    Every chain starts at rest at the minimiser :math:`x^* = 0`
    (:meth:`~momentum_theory.methods.Method.start`, the first step with ``first=True``),
    in the original coordinates of :math:`Q` (no eigendecomposition), and every gradient
    evaluation draws a fresh :math:`\xi \sim N(0, I)` from
    ``numpy.random.default_rng(seed)``: :math:`g = Qy + \sigma\xi`. After ``burn_in``
    steps, each chain averages :math:`f(x_t)` and :math:`\|x_t\|^2` over ``steps`` steps;
    the chains, independent, give the mean and its standard error (:class:`Estimate`).

    Parameters
    ----------
    method : str or Method
    Q : array_like, shape (), (d,) or (d, d)
        The Hessian (positive definite).
    sigma : float
        Noise standard deviation, non-negative.
    steps : int
        Steps averaged per chain, ``>= 1``.
    chains : int
        Independent chains, ``>= 2``.
    seed : int
        Seed of the generator, non-negative.
    burn_in : int, optional
        Steps discarded first. Default: enough for the distance to the stationary
        covariance, which decays like :math:`\rho^{2t}`, to fall below
        :math:`10^{-12}` of it for a normal matrix, doubled for the transient
        (:math:`\rho` the method's rate on the spectrum): about :math:`28/(1 - \rho)`
        steps. Required where that exceeds :math:`10^9`.
    **params
        The method's parameters, scalars.

    Returns
    -------
    NoiseSimulation

    Raises
    ------
    ValueError
        For invalid settings, parameters that are not scalars, a method that does not
        converge on ``Q`` (it has no stationary regime; decided exactly, by the sign of
        :meth:`~momentum_theory.methods.Method.spectral_gap`), or no ``burn_in`` where
        the default would exceed :math:`10^9` steps.

    Examples
    --------
    >>> from momentum_theory.methods.noise import simulate
    >>> run = simulate("heavy_ball", 1.0, 1.0, 2000, chains=200, seed=1, alpha=0.1, beta=0.5)
    >>> low, high = run.squared_distance.interval()
    >>> bool(low < 0.1034482758620690 < high)  # the stationary variance
    True
    """
    method_ = get(method)
    eigenvalues = _eigenvalues(Q)
    matrix = as_real_array(Q, "Q")
    dense = matrix.ndim == 2
    if not dense:
        matrix = np.broadcast_to(matrix, eigenvalues.shape)
    sigma_ = as_finite_float(sigma, "sigma", low=0.0)
    steps = as_integer(steps, "steps", 1)
    chains = as_integer(chains, "chains", 2)
    seed = as_integer(seed, "seed", 0)
    burn_in = optional_integer(burn_in, "burn_in", 0)
    checked = method_.check(**params)
    for name, value in checked.items():
        if name in method_._flags:
            continue
        if np.ndim(value) != 0:
            raise ValueError(f"{name} must be a scalar for simulate, got shape {value.shape}")
        require_finite(value, name)
    # Whether it converges, and how slowly, from the exact gap: a convergent rate may round
    # to 1.0, and log(rate) = log1p(-gap) keeps the gap's digits.
    gap = float(np.min(method_.spectral_gap(eigenvalues, **checked)))
    require(gap > 0, "the method's gap 1 - rho on Q", "positive (a stationary regime)", gap)
    if burn_in is None:
        default = 2 * math.ceil(math.log(1e-12) / (2 * math.log1p(-gap))) if gap < 1 else 0
        if default > _MAX_DEFAULT_BURN_IN:
            raise ValueError(
                f"burn_in must be given for a method this slow (1 - rho = {gap:.3g} on Q): "
                f"the default would be {default:.3g} steps"
            )
        burn_in = max(default, 10)
    rng = np.random.default_rng(seed)

    def gradient(point: Array) -> Array:
        noise_draw = rng.standard_normal(point.shape)
        exact = point @ matrix if dense else point * matrix
        return exact + sigma_ * noise_draw

    state = method_.start(np.zeros((chains, eigenvalues.size)))
    loss_sum, square_sum = np.zeros(chains), np.zeros(chains)
    for t in range(burn_in + steps):
        state = method_.update(state, gradient, first=t == 0, **checked)
        if t >= burn_in:
            x = state[0]
            curvature = x @ matrix if dense else x * matrix
            loss_sum += 0.5 * np.einsum("ij,ij->i", x, curvature)
            square_sum += np.einsum("ij,ij->i", x, x)
    return NoiseSimulation(
        method=method_.name,
        parameters=checked,
        eigenvalues=eigenvalues,
        sigma=sigma_,
        chains=chains,
        steps=steps,
        burn_in=burn_in,
        seed=seed,
        excess_loss=_estimate(loss_sum / steps),
        squared_distance=_estimate(square_sum / steps),
    )
