r"""Gradient noise: the stationary spread of every method, three ways.

* :func:`lyapunov_agreement`: the closed form of each method's stationary variance
  against the Lyapunov solve (:func:`momentum_theory.noise.stationary_covariance`) and
  :func:`scipy.linalg.solve_discrete_lyapunov`, on random settings;
* :func:`monte_carlo`: the prediction against long seeded simulations of each method's own
  rule with noisy gradients, with confidence intervals;
* :func:`joint_monte_carlo`: the same simulations repeated on independent seeds, their
  z-scores tested jointly (:math:`\sum z^2` against :math:`\chi^2`);
* :func:`small_step_equivalence`: heavy ball :math:`(\alpha, \beta)` against gradient
  descent at :math:`\alpha/(1 - \beta)`, and their second-order gap.

Each result feeds the paper's noise numbers and the ``noise`` rows of ``verify``; the
settings live here. The trade-off between rate and noise is :mod:`~.frontiers`.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from momentum_theory.paper._cache import experiment

Array = NDArray[np.float64]

__all__ = [
    "CASES",
    "DENSE_DIMENSION",
    "DENSE_SPECTRUM",
    "JOINT_REPEATS",
    "JointMonteCarlo",
    "LyapunovAgreement",
    "MonteCarloCheck",
    "MonteCarloStudy",
    "SmallStepEquivalence",
    "dense_system",
    "joint_monte_carlo",
    "lyapunov_agreement",
    "monte_carlo",
    "small_step_equivalence",
]

# One setting per method (and PyTorch's two step rules), each converging at h = 1.
CASES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("gradient descent", "gradient_descent", {"alpha": 0.1}),
    ("heavy ball", "heavy_ball", {"alpha": 0.1, "beta": 0.5}),
    ("Nesterov", "nesterov", {"alpha": 0.1, "beta": 0.5}),
    ("two-step", "two_step", {"alpha": 0.1, "beta": 0.5, "gamma": 2.0}),
    ("QHM", "qhm", {"alpha": 0.2, "beta": 0.8, "nu": 0.7}),
    ("PyTorch SGD", "pytorch_sgd", {"lr": 0.1, "momentum": 0.5, "dampening": 0.3}),
    ("PyTorch SGD, Nesterov", "pytorch_sgd", {"lr": 0.1, "momentum": 0.5, "nesterov": True}),
)


def _labels() -> tuple[str, ...]:
    return tuple(label for label, _, _ in CASES)


@dataclass(frozen=True)
class LyapunovAgreement:
    r"""The closed-form stationary variance against two Lyapunov solvers.

    Attributes
    ----------
    labels : tuple of str
        The cases of :data:`CASES`.
    samples : int
        Random settings per case (random parameters near the case's and :math:`h`), kept
        where the rate is at most ``max_rate``.
    max_rate : float
        The solvers lose digits like :math:`\epsilon/(1 - \rho)`; the comparison stays
        where that is small.
    closed_vs_cramer, closed_vs_scipy : mapping of str to float
        Per case, the largest relative difference between
        :meth:`Method.stationary_variance` and :math:`P_{11}` of
        :func:`momentum_theory.noise.stationary_covariance` (Cramer's rule), or of
        :func:`scipy.linalg.solve_discrete_lyapunov` (on the first 200 settings).
    dense : mapping of str to float
        Per case, the relative difference between
        :func:`~momentum_theory.methods.noise.stationary_excess_loss` (per eigen-direction,
        summed) and :math:`\tfrac12 \operatorname{tr}(Q P_{xx})` from SciPy's solution of
        the whole :math:`2d`-dimensional system of the rule on a dense :math:`Q`
        (:data:`DENSE_DIMENSION` by :data:`DENSE_SPECTRUM`).
    region_mismatches : mapping of str to int
        Per case, over curvatures from :math:`-1` to past the edge of the region, the
        number where the variance is finite and positive but the method does not converge,
        or the reverse (0: ``inf`` exactly outside the region).
    seed : int
    """

    labels: tuple[str, ...]
    samples: int
    max_rate: float
    closed_vs_cramer: Mapping[str, float]
    closed_vs_scipy: Mapping[str, float]
    dense: Mapping[str, float]
    region_mismatches: Mapping[str, int]
    seed: int

    @property
    def worst(self) -> float:
        """The largest relative difference over every case and both solvers."""
        return max(max(self.closed_vs_cramer.values()), max(self.closed_vs_scipy.values()))


DENSE_DIMENSION = 6
DENSE_SPECTRUM = (0.5, 2.0)  # every case converges on it


def dense_system(method: Any, Q: Array, **params: Any) -> tuple[Array, Array]:
    r"""The :math:`2d \times 2d` state matrix and :math:`2d \times d` noise input of a
    method's rule on :math:`f(x) = \tfrac12 x^\top Q x` with gradients :math:`Q y + e`,
    built by applying the rule to unit vectors (no eigendecomposition)."""
    d = Q.shape[0]
    unit = np.eye(d)
    checked = method.check(**params)

    def step(state: tuple[Array, Array], perturbation: Array) -> Array:
        new = method.update(state, lambda point: point @ Q + perturbation, **checked)
        return np.concatenate([np.broadcast_to(part, (d, d)) for part in new], axis=1)

    zero = np.zeros((d, d))
    columns = np.concatenate([step((unit, zero), zero), step((zero, unit), zero)], axis=0)
    return columns.T, step((zero, zero), unit).T


def _random_settings(params: dict[str, Any], samples: int, rng: np.random.Generator) -> dict:
    """Random parameters around a case's: each number scaled by a factor in [0.2, 1.8]
    (momenta kept below 1), flags kept."""
    settings = {}
    for name, value in params.items():
        if isinstance(value, bool):
            settings[name] = value
        elif name in ("beta", "momentum", "nu", "dampening"):
            settings[name] = rng.uniform(0.0, 0.99, samples)
        else:
            settings[name] = value * rng.uniform(0.2, 1.8, samples)
    return settings


@experiment
def lyapunov_agreement(
    samples: int = 2000, max_rate: float = 0.999, seed: int = 20261126
) -> LyapunovAgreement:
    r"""Closed form against Cramer's rule and SciPy's Lyapunov solver, for every case.

    Examples
    --------
    >>> from momentum_theory.paper.noise.variance import lyapunov_agreement
    >>> lyapunov_agreement(samples=200).worst < 1e-10
    True
    """
    from scipy.linalg import solve_discrete_lyapunov

    from momentum_theory import methods, noise
    from momentum_theory.methods.noise import linear_system, stationary_excess_loss
    from momentum_theory.problems import dense_problem

    rng = np.random.default_rng(seed)
    cramer, scipy_, dense, region = {}, {}, {}, {}
    for label, name, params in CASES:
        method = methods.get(name)
        settings = _random_settings(params, samples, rng)
        h = rng.uniform(0.1, 10.0, samples)
        keep = method.spectral_radius(h, **settings) <= max_rate
        settings = {n: v if isinstance(v, bool) else v[keep] for n, v in settings.items()}
        h = h[keep]
        closed = method.stationary_variance(h, 1.0, **settings)
        system = linear_system(method, h, **settings)
        lyapunov = noise.stationary_covariance(system.transition, system.noise_input)[..., 0, 0]
        cramer[label] = float(np.max(np.abs(closed / lyapunov - 1)))
        reference = np.array(
            [
                solve_discrete_lyapunov(C, b @ b.T)[0, 0]
                for C, b in zip(system.transition[:200], system.noise_input[:200])
            ]
        )
        scipy_[label] = float(np.max(np.abs(closed[:200] / reference - 1)))
        # The dense problem, as one 2d-dimensional system.
        mu, L = DENSE_SPECTRUM
        problem = dense_problem(mu=mu, L=L, dimension=DENSE_DIMENSION, seed=seed)
        transition, inputs = dense_system(method, problem.Q, **params)
        covariance = solve_discrete_lyapunov(transition, inputs @ inputs.T)
        d = DENSE_DIMENSION
        full = 0.5 * np.trace(problem.Q @ covariance[:d, :d])
        summed = float(stationary_excess_loss(method, problem.Q, 1.0, **params))
        dense[label] = abs(summed / full - 1)
        # inf exactly outside the region, from h < 0 to past its edge.
        curvatures = np.linspace(-1.0, 60.0, 6101)
        variance = method.stationary_variance(curvatures, 1.0, **params)
        inside = method.convergence_region(curvatures, **params)
        finite = np.isfinite(variance) & (variance > 0)
        region[label] = int(np.sum(finite != inside))
    return LyapunovAgreement(
        labels=_labels(),
        samples=samples,
        max_rate=max_rate,
        closed_vs_cramer=MappingProxyType(cramer),
        closed_vs_scipy=MappingProxyType(scipy_),
        dense=MappingProxyType(dense),
        region_mismatches=MappingProxyType(region),
        seed=seed,
    )


@dataclass(frozen=True)
class MonteCarloCheck:
    r"""One simulation against its prediction.

    Attributes
    ----------
    label, method : str
    parameters : dict
    eigenvalues : ndarray, shape (d,)
    quantity : str
        ``"variance"`` (a scalar problem: :math:`\mathbb E x^2`) or ``"excess loss"``.
    predicted : float
        :meth:`Method.stationary_variance` or
        :func:`~momentum_theory.methods.noise.stationary_excess_loss`.
    measured, standard_error : float
        The simulation's mean over independent chains and its standard error.
    level : float
        The confidence level of ``interval``.
    interval : tuple of float
        ``measured`` :math:`\pm z\,` ``standard_error``.
    """

    label: str
    method: str
    parameters: dict[str, Any]
    eigenvalues: Array
    quantity: str
    predicted: float
    measured: float
    standard_error: float
    level: float
    interval: tuple[float, float]

    @property
    def z_score(self) -> float:
        """``(measured - predicted) / standard_error``."""
        return (self.measured - self.predicted) / self.standard_error

    @property
    def relative_error(self) -> float:
        """``|measured / predicted - 1|``."""
        return abs(self.measured / self.predicted - 1)

    @property
    def contains(self) -> bool:
        """Whether the interval contains the prediction."""
        return self.interval[0] <= self.predicted <= self.interval[1]


@dataclass(frozen=True)
class MonteCarloStudy:
    r"""Every case simulated, and one dense problem.

    Attributes
    ----------
    checks : tuple of MonteCarloCheck
        One per case of :data:`CASES` (the variance at :math:`h = 1`), then the excess loss
        of heavy ball on a dense :math:`8 \times 8` problem with spectrum :math:`[1, 10]`.
    family_level : float
        The probability that *every* interval covers its prediction: each interval has
        level :math:`1 - (1 - \text{family\_level})/m` for :math:`m` checks (Bonferroni).
    sigma : float
    chains, steps, seed : int
    """

    checks: tuple[MonteCarloCheck, ...]
    family_level: float
    sigma: float
    chains: int
    steps: int
    seed: int

    @property
    def all_contain(self) -> bool:
        """Whether every interval contains its prediction."""
        return all(check.contains for check in self.checks)

    @property
    def largest_z(self) -> float:
        """The largest :math:`|z|` over the checks."""
        return max(abs(check.z_score) for check in self.checks)

    @property
    def largest_relative_error(self) -> float:
        """The largest relative error of a simulated mean."""
        return max(check.relative_error for check in self.checks)


@experiment
def monte_carlo(
    chains: int = 2000,
    steps: int = 400,
    sigma: float = 0.5,
    family_level: float = 0.95,
    seed: int = 20261127,
) -> MonteCarloStudy:
    r"""Each case simulated from rest with noisy gradients; intervals from the chains.

    Each chain averages :math:`x_t^2` (or :math:`f(x_t)`) over ``steps`` steps after the
    burn-in of :func:`~momentum_theory.methods.noise.simulate`; the chains are independent,
    so their averages give an honest standard error whatever the autocorrelation within a
    chain. Case ``i`` uses seed ``seed + i``.

    Examples
    --------
    >>> from momentum_theory.paper.noise.variance import monte_carlo
    >>> study = monte_carlo(chains=200, steps=200)
    >>> len(study.checks), study.largest_relative_error < 0.05
    (8, True)
    """
    from momentum_theory import methods
    from momentum_theory.methods.noise import simulate, stationary_excess_loss
    from momentum_theory.problems import dense_problem

    cases = [(label, name, params, np.array(1.0)) for label, name, params in CASES]
    problem = dense_problem(mu=1.0, L=10.0, dimension=8, seed=seed)
    cases.append(("heavy ball, dense 8 x 8", "heavy_ball", {"alpha": 0.15, "beta": 0.6}, None))
    level = 1.0 - (1.0 - family_level) / len(cases)
    checks = []
    for index, (label, name, params, h) in enumerate(cases):
        Q = problem.Q if h is None else h
        run = simulate(name, Q, sigma, steps, chains=chains, seed=seed + index, **params)
        if h is None:
            estimate, quantity = run.excess_loss, "excess loss"
            predicted = float(stationary_excess_loss(name, Q, sigma, **params))
        else:
            estimate, quantity = run.squared_distance, "variance"
            predicted = float(methods.get(name).stationary_variance(h, sigma, **params))
        checks.append(
            MonteCarloCheck(
                label=label,
                method=name,
                parameters=dict(params),
                eigenvalues=run.eigenvalues,
                quantity=quantity,
                predicted=predicted,
                measured=estimate.mean,
                standard_error=estimate.standard_error,
                level=level,
                interval=estimate.interval(level),
            )
        )
    return MonteCarloStudy(
        checks=tuple(checks),
        family_level=family_level,
        sigma=sigma,
        chains=chains,
        steps=steps,
        seed=seed,
    )


# The joint test repeats the table's simulations on this many seed sets (the table's first):
# each repetition takes about 5 s on one core.
JOINT_REPEATS = 10
# Seed sets of the repetitions are this far apart; a study uses seeds seed..seed + 8.
_SEED_STRIDE = 1000


@dataclass(frozen=True)
class JointMonteCarlo:
    r"""The Monte Carlo table's simulations repeated on independent seeds, tested jointly.

    Under the prediction, each :math:`z` is asymptotically standard normal (many independent
    chains) and the repetitions are independent, so :math:`\sum z^2` over all of them is
    :math:`\chi^2` with as many degrees of freedom as there are :math:`z`-scores.

    Attributes
    ----------
    studies : tuple of MonteCarloStudy
        The repetitions; the first is the table's (:func:`monte_carlo` at its defaults).
    z_scores : ndarray, shape (repeats, checks)
    """

    studies: tuple[MonteCarloStudy, ...]
    z_scores: Array

    @staticmethod
    def _test(z: Array) -> tuple[float, int, float]:
        from scipy.special import chdtrc  # the chi-squared survival function

        statistic = float(np.sum(np.square(z)))
        return statistic, int(z.size), float(chdtrc(z.size, statistic))

    @property
    def statistic(self) -> float:
        r""":math:`\sum z^2` over every repetition and check."""
        return self._test(self.z_scores)[0]

    @property
    def degrees(self) -> int:
        """Its degrees of freedom: the number of :math:`z`-scores."""
        return int(self.z_scores.size)

    @property
    def p_value(self) -> float:
        r""":math:`P(\chi^2_{\text{degrees}} \ge \text{statistic})`."""
        return self._test(self.z_scores)[2]

    def repetition(self, index: int) -> tuple[float, int, float]:
        """``(statistic, degrees, p_value)`` of one repetition's checks alone."""
        return self._test(self.z_scores[index])

    @property
    def smallest_repetition_p(self) -> float:
        """The smallest p-value of a single repetition."""
        return min(self.repetition(k)[2] for k in range(len(self.studies)))


@experiment
def joint_monte_carlo(repeats: int = JOINT_REPEATS) -> JointMonteCarlo:
    r""":func:`monte_carlo` at its default settings on ``repeats`` independent seed sets,
    the first the table's.

    Examples
    --------
    >>> from momentum_theory.paper.noise.variance import joint_monte_carlo
    >>> joint = joint_monte_carlo(repeats=2)
    >>> joint.degrees, 0.0 <= joint.p_value <= 1.0
    (16, True)
    """
    seed = inspect.signature(monte_carlo).parameters["seed"].default
    studies = tuple(monte_carlo(seed=seed + _SEED_STRIDE * k) for k in range(repeats))
    z = np.array([[check.z_score for check in study.checks] for study in studies])
    return JointMonteCarlo(studies=studies, z_scores=z)


@dataclass(frozen=True)
class SmallStepEquivalence:
    r"""Heavy ball :math:`(\alpha, \beta)` against gradient descent at :math:`\alpha/(1-\beta)`.

    Attributes
    ----------
    beta : float
    products : ndarray, shape (n,)
        :math:`x = \alpha h`, decreasing.
    gap : ndarray, shape (n,)
        :math:`V_{\mathrm{HB}}/V_{\mathrm{GD}} - 1` from :meth:`Method.stationary_variance`
        of both methods.
    first_order : ndarray, shape (n,)
        The derived first-order gap :math:`-\beta x/(1 - \beta^2)`
        (:func:`~momentum_theory.methods.noise_derivation.heavy_ball_second_order_gap`).
    closed_form : ndarray, shape (n,)
        The exact ratio's closed form (:func:`momentum_theory.noise.heavy_ball_small_step_gap`).
    second_order : float
        The derived coefficient of :math:`x^2` in the gap,
        :math:`-\beta/(2(1 - \beta^2)(1 + \beta))`.
    """

    beta: float
    products: Array
    gap: Array
    first_order: Array
    closed_form: Array
    second_order: float

    @property
    def remainder(self) -> Array:
        r"""``(gap - first_order) / x^2``: it tends to :attr:`second_order` if the gap is
        :math:`-\beta x/(1 - \beta^2) + c_2 x^2 + O(x^3)`."""
        return (self.gap - self.first_order) / self.products**2

    def second_order_error(self, largest: float = 1e-3) -> float:
        """Largest ``|remainder / second_order - 1|`` over the products ``<= largest`` (it
        is :math:`O(x)`; at very small :math:`x` the remainder is rounding)."""
        keep = (self.products <= largest) & (self.products >= 1e-5)
        return float(np.max(np.abs(self.remainder[keep] / self.second_order - 1)))

    @property
    def closed_form_error(self) -> float:
        """Largest ``|gap - closed_form|`` relative to ``|closed_form|``."""
        return float(np.max(np.abs(self.gap - self.closed_form) / np.abs(self.closed_form)))


@experiment
def small_step_equivalence(beta: float = 0.9, points: int = 13) -> SmallStepEquivalence:
    r"""The relative gap at :math:`\alpha h = 10^{-1}, \dots, 10^{-7}` (``h = 1``).

    Examples
    --------
    >>> from momentum_theory.paper.noise.variance import small_step_equivalence
    >>> result = small_step_equivalence()
    >>> bool(abs(result.gap[-1]) < 1e-6)  # equal to first order
    True
    """
    from momentum_theory import methods, noise

    x = np.geomspace(1e-1, 1e-7, points)
    heavy = methods.get("heavy_ball").stationary_variance(1.0, 1.0, alpha=x, beta=beta)
    plain = methods.get("gradient_descent").stationary_variance(1.0, 1.0, alpha=x / (1 - beta))
    return SmallStepEquivalence(
        beta=beta,
        products=x,
        gap=heavy / plain - 1,
        first_order=-beta * x / (1 - beta**2),
        closed_form=noise.heavy_ball_small_step_gap(x, beta, 1.0),
        second_order=-beta / (2 * (1 - beta**2) * (1 + beta)),
    )
