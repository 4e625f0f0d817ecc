r"""Gradient noise, the trade-off: each method's rate--excess-loss frontier on one quadratic,
beside gradient descent's (:func:`frontiers`, the noise figure's data).

Each result feeds the noise figure, the paper's noise numbers and the ``noise`` rows of
``verify``; the settings live here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from momentum_theory.paper._cache import experiment

Array = NDArray[np.float64]

__all__ = [
    "FIXED_MOMENTUM",
    "FRONTIER_DIMENSION",
    "FRONTIER_SPECTRUM",
    "LEVEL_GAPS",
    "SEARCH_TOLERANCE",
    "FixedMomentumCurve",
    "FrontierStudy",
    "GammaGap",
    "frontiers",
    "gamma_gap",
    "slow_limit",
]

FRONTIER_SPECTRUM = (1.0, 100.0)
FRONTIER_DIMENSION = 20
# The rate levels of the frontiers: 1 - r from 1e-3 to just short of Polyak's 2/11.
LEVEL_GAPS = (1e-3, 0.18, 24)
# Search settings: grid points per searched parameter (by how many are searched), and the
# pattern search's (see pareto_frontier); with these, searches from finer grids and more
# rounds move no 1-parameter frontier by more than 1e-6 and no 2-parameter one by more
# than 0.5% (tests/methods/test_frontier.py).
SEARCH_GRIDS = {0: 3, 1: 201, 2: 41}
SEARCH_TOLERANCE = {1: 1e-6, 2: 5e-3}  # relative, by parameters searched
_SEARCH = {"starts": 4, "rounds": 24, "passes": 1}
FIXED_MOMENTUM = 0.9


@dataclass(frozen=True)
class FixedMomentumCurve:
    r"""Heavy ball at a fixed momentum, swept over the step: the practitioner's curve.

    Attributes
    ----------
    beta : float
    alpha, rates, excess_loss : ndarray, shape (n,)
        The steps, their worst-case rates and stationary excess losses (rate below 1).
    level_excess_loss : ndarray, shape (levels,)
        At the study's rate levels, the excess loss at the smallest step with that rate
        (``inf`` where the momentum cannot reach it).
    """

    beta: float
    alpha: Array
    rates: Array
    excess_loss: Array
    level_excess_loss: Array


@dataclass(frozen=True)
class FrontierStudy:
    r"""Every method's rate--noise frontier on one quadratic (:func:`frontiers`).

    Attributes
    ----------
    eigenvalues : ndarray, shape (d,)
        Of :math:`Q` (evenly spaced in :data:`FRONTIER_SPECTRUM`).
    sigma : float
    rates : ndarray, shape (n,)
        The rate levels, ascending.
    frontiers : mapping of str to Frontier
        By label: the cases' methods, ``"PyTorch SGD"`` without and
        ``"PyTorch SGD, Nesterov"`` with Nesterov (both with ``dampening = 0``: dampening
        only rescales the step, and weight decay changes the objective).
    optima : mapping of str to tuple
        By label, ``(rate, excess_loss, parameters)`` at parameters with the method's
        optimal worst-case rate (Polyak's heavy ball for the methods that contain it,
        Lessard, Recht and Packard's tuning for the Nesterov steps): the fast end of its
        frontier.
    fixed_momentum : FixedMomentumCurve
        Heavy ball at :data:`FIXED_MOMENTUM` over its step.
    monotonicity : mapping of str to float
        :func:`~momentum_theory.methods.frontier.step_monotonicity` per label (at most 0,
        to rounding, when the excess loss increases with the step).
    """

    eigenvalues: Array
    sigma: float
    rates: Array
    frontiers: Mapping[str, Any]
    optima: Mapping[str, tuple[float, float, dict[str, float]]]
    fixed_momentum: FixedMomentumCurve
    monotonicity: Mapping[str, float]

    @property
    def mu(self) -> float:
        return float(self.eigenvalues[0])

    @property
    def L(self) -> float:
        return float(self.eigenvalues[-1])

    def fixed_momentum_ratio(self) -> Array:
        """Heavy ball at the fixed momentum over gradient descent's frontier, level by
        level (NaN where either does not reach the level)."""
        ours = self.fixed_momentum.level_excess_loss
        theirs = self.frontiers["gradient descent"].excess_loss
        with np.errstate(all="ignore"):
            return np.where(np.isfinite(ours) & np.isfinite(theirs), ours / theirs, np.nan)

    def ratio(self, label: str, to: str = "gradient descent") -> Array:
        """``label``'s frontier over ``to``'s, level by level (NaN where either is not
        reached)."""
        ours, theirs = self.frontiers[label].excess_loss, self.frontiers[to].excess_loss
        both = np.isfinite(ours) & np.isfinite(theirs)
        with np.errstate(all="ignore"):
            return np.where(both, ours / theirs, np.nan)


_FRONTIER_CASES: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("gradient descent", "gradient_descent", {}),
    ("heavy ball", "heavy_ball", {}),
    ("Nesterov", "nesterov", {}),
    ("two-step", "two_step", {}),
    ("QHM", "qhm", {}),
    ("PyTorch SGD", "pytorch_sgd", {"dampening": 0.0, "weight_decay": 0.0}),
    (
        "PyTorch SGD, Nesterov",
        "pytorch_sgd",
        {"dampening": 0.0, "weight_decay": 0.0, "nesterov": True},
    ),
)


def _rate_optimum(label: str, mu: float, L: float) -> dict[str, Any]:
    """Parameters with the method's optimal worst-case rate, in closed form: Polyak's heavy
    ball for every method containing it, Lessard, Recht and Packard's Nesterov for the two
    Nesterov steps (PyTorch's has the same rate at the same lr and momentum)."""
    from momentum_theory.methods import get
    from momentum_theory.methods.heavy_ball import optimal_parameters

    polyak = optimal_parameters(mu=mu, L=L)
    alpha, beta = float(polyak.alpha), float(polyak.beta)
    nesterov = get("nesterov").optimal_parameters(mu=mu, L=L)
    nag_alpha, nag_beta = float(nesterov.alpha), float(nesterov.beta)
    return {
        "gradient descent": {"alpha": 2.0 / (mu + L)},
        "heavy ball": {"alpha": alpha, "beta": beta},
        "Nesterov": {"alpha": nag_alpha, "beta": nag_beta},
        "two-step": {"alpha": alpha, "beta": beta, "gamma": 0.0},
        "QHM": {"alpha": alpha / (1 - beta), "beta": beta, "nu": 1.0},
        "PyTorch SGD": {"lr": alpha, "momentum": beta},
        "PyTorch SGD, Nesterov": {"lr": nag_alpha, "momentum": nag_beta, "nesterov": True},
    }[label]


@experiment
def frontiers(
    dimension: int = FRONTIER_DIMENSION,
    sigma: float = 1.0,
    level_gaps: tuple[float, float, int] = LEVEL_GAPS,
    monotonicity_samples: int = 500,
    seed: int = 20261128,
) -> FrontierStudy:
    r"""Each method's frontier on :math:`Q` with ``dimension`` eigenvalues evenly spaced in
    :data:`FRONTIER_SPECTRUM`, at rate levels :math:`1 - r` geometric in ``level_gaps``.

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.paper.noise.frontiers import frontiers
    >>> study = frontiers(dimension=4, level_gaps=(1e-2, 0.1, 3), monotonicity_samples=20)
    >>> bool(np.nanmax(study.ratio("heavy ball")) < 1)
    True
    """
    from momentum_theory import methods
    from momentum_theory.methods.frontier import (
        pareto_frontier,
        smallest_steps,
        step_monotonicity,
    )
    from momentum_theory.methods.noise import stationary_excess_loss
    from momentum_theory.problems import spectrum

    mu, L = FRONTIER_SPECTRUM
    eigenvalues = spectrum(mu=mu, L=L, dimension=dimension)
    low, high, count = level_gaps
    rates = np.sort(1.0 - np.geomspace(low, high, count))
    found, optima, monotone = {}, {}, {}
    for label, name, fixed in _FRONTIER_CASES:
        method = methods.get(name)
        grid = SEARCH_GRIDS[len(method.search_space)]
        found[label] = pareto_frontier(
            method, eigenvalues, rates, sigma=sigma, grid=grid, **_SEARCH, **fixed
        )
        parameters = _rate_optimum(label, mu=mu, L=L)
        rate = float(method.worst_case_rate(mu=mu, L=L, **parameters))
        excess = float(stationary_excess_loss(method, eigenvalues, sigma, **parameters))
        optima[label] = (rate, excess, parameters)
        monotone[label] = step_monotonicity(
            method, eigenvalues, samples=monotonicity_samples, seed=seed, **fixed
        )
    heavy = methods.get("heavy_ball")
    alpha = np.geomspace(1e-7, 2 * (1 + FIXED_MOMENTUM) / L, 400)[:-1]
    curve_rates = heavy.worst_case_rate(mu=mu, L=L, alpha=alpha, beta=FIXED_MOMENTUM)
    keep = heavy.convergence_region(mu, alpha=alpha, beta=FIXED_MOMENTUM) & (
        heavy.convergence_region(L, alpha=alpha, beta=FIXED_MOMENTUM)
    )
    level_step, _ = smallest_steps(heavy, mu=mu, L=L, rate=rates, beta=FIXED_MOMENTUM)
    reached = np.isfinite(level_step)
    level_excess = stationary_excess_loss(
        heavy, eigenvalues, sigma, alpha=np.where(reached, level_step, 1.0), beta=FIXED_MOMENTUM
    )
    curve = FixedMomentumCurve(
        beta=FIXED_MOMENTUM,
        alpha=alpha[keep],
        rates=curve_rates[keep],
        excess_loss=stationary_excess_loss(
            heavy, eigenvalues, sigma, alpha=alpha[keep], beta=FIXED_MOMENTUM
        ),
        level_excess_loss=np.where(reached, level_excess, np.inf),
    )
    return FrontierStudy(
        eigenvalues=eigenvalues,
        sigma=sigma,
        rates=rates,
        frontiers=MappingProxyType(found),
        optima=MappingProxyType(optima),
        fixed_momentum=curve,
        monotonicity=MappingProxyType(monotone),
    )


@dataclass(frozen=True)
class GammaGap:
    r"""Why QHM's floor stays above the two-step family's at the slowest level.

    Both best points damp the stiff directions through the family's :math:`\gamma`; QHM's
    reaches :math:`\gamma = \beta(1 - \nu)/(1 - \beta)` (its family map), an order of
    magnitude below the two-step family's. The two-step family evaluated at QHM's family
    parameters (the same :math:`T` and :math:`D`, hence the same rate, with the noise
    entering through the step alone) separates the two causes: the smaller
    :math:`\gamma` and QHM's delayed noise term :math:`c_1 = \alpha\beta(1 - \nu)`.

    Attributes
    ----------
    rate : float
        The slowest level.
    qhm_gamma, two_step_gamma : float
        The family :math:`\gamma` of each frontier's point at that level.
    qhm_ratio, two_step_ratio : float
        Their excess losses over gradient descent's.
    family_at_qhm_ratio : float
        The two-step family's excess loss at QHM's family parameters over gradient
        descent's.
    family_at_qhm_rate : float
        Its worst-case rate (QHM's, to rounding).
    """

    rate: float
    qhm_gamma: float
    two_step_gamma: float
    qhm_ratio: float
    two_step_ratio: float
    family_at_qhm_ratio: float
    family_at_qhm_rate: float


def gamma_gap(study: FrontierStudy) -> GammaGap:
    """:class:`GammaGap` at the slowest level of ``study``.

    Examples
    --------
    >>> from momentum_theory.paper.noise.frontiers import frontiers, gamma_gap
    >>> gap = gamma_gap(frontiers(dimension=4, level_gaps=(1e-2, 0.1, 3), monotonicity_samples=20))
    >>> bool(gap.qhm_gamma < gap.two_step_gamma)
    True
    """
    from momentum_theory import methods
    from momentum_theory.methods.noise import stationary_excess_loss

    slow = study.rates.size - 1
    qhm = {n: float(v[slow]) for n, v in study.frontiers["QHM"].parameters.items()}
    two_step = {n: float(v[slow]) for n, v in study.frontiers["two-step"].parameters.items()}
    family = methods.get("qhm").family(**qhm)
    at_qhm = {
        "alpha": float(family.alpha),
        "beta": float(family.beta),
        "gamma": float(family.gamma),
    }
    plain = float(study.frontiers["gradient descent"].excess_loss[slow])
    excess = float(stationary_excess_loss("two_step", study.eigenvalues, study.sigma, **at_qhm))
    rate = methods.get("two_step").worst_case_rate(mu=study.mu, L=study.L, **at_qhm)
    return GammaGap(
        rate=float(study.rates[slow]),
        qhm_gamma=at_qhm["gamma"],
        two_step_gamma=two_step["gamma"],
        qhm_ratio=float(study.ratio("QHM")[slow]),
        two_step_ratio=float(study.ratio("two-step")[slow]),
        family_at_qhm_ratio=excess / plain,
        family_at_qhm_rate=float(rate),
    )


def slow_limit(rate: float) -> float:
    r"""Heavy ball's frontier over gradient descent's as the rate tends to 1 in the
    small-step limit, :math:`1/(1 + r)`: critically damped at :math:`\mu`, heavy ball's
    effective step is :math:`(1 - r)/(\mu(1 + r))`, gradient descent's :math:`(1 - r)/\mu`.

    Examples
    --------
    >>> round(slow_limit(0.999), 12)
    0.500250125063
    """
    return 1.0 / (1.0 + rate)
