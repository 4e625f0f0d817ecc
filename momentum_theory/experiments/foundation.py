r"""Experiments of the foundation: Polyak's optimum per spectrum, the accuracy of the exact
spectral radius, the modulus of a complex pair, and momenta below zero.

Each function returns a frozen result; the paper's foundation numbers and the foundation
rows of ``momentum-theory verify`` read the same results.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from momentum_theory.experiments._cache import experiment

__all__ = [
    "ACCURACY_CLAIM",
    "NEGATIVE_MOMENTUM_EXAMPLE",
    "REFERENCE_DIGITS",
    "SEED",
    "SPECTRA",
    "AccuracyStudy",
    "ComplexModulus",
    "NegativeMomentum",
    "SpectrumOptimum",
    "complex_modulus",
    "negative_momentum",
    "optimum_for_spectrum",
    "spectral_radius_accuracy",
]

SEED = 20261124
# The spectra the paper discusses: [1, 10] is the heatmap_spectrum figure, [2, 20] the
# Hessian of the 2-D comparison f = x^2 + 10 y^2, [1, 100] the README's example.
SPECTRA = (("OneTen", 1.0, 10.0), ("TwoTwenty", 2.0, 20.0), ("OneHundred", 1.0, 100.0))
# The relative error bound that spectral_radius documents.
ACCURACY_CLAIM = 1e-14
# Digits of the mpmath reference.
REFERENCE_DIGITS = 60
# (alpha h, beta) of the paper's example of a negative momentum that converges.
NEGATIVE_MOMENTUM_EXAMPLE = (0.5, -0.25)


@dataclass(frozen=True)
class SpectrumOptimum:
    r"""Polyak's parameters for one spectrum, with gradient descent's best for comparison.

    Attributes
    ----------
    mu, L : float
        The spectrum.
    alpha, beta, rate : float
        :func:`~momentum_theory.methods.heavy_ball.optimal_parameters`.
    achieved_rate : float
        :func:`~momentum_theory.family.worst_case_rate` at the rounded optimum.
    closed_form_rate : float
        :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)` in plain floating point.
    gradient_descent_alpha, gradient_descent_rate : float
        :math:`2/(\mu + L)` and its worst-case rate :math:`(\kappa - 1)/(\kappa + 1)`.
    """

    mu: float
    L: float
    alpha: float
    beta: float
    rate: float
    achieved_rate: float
    closed_form_rate: float
    gradient_descent_alpha: float
    gradient_descent_rate: float

    @property
    def condition_number(self) -> float:
        r""":math:`\kappa = L/\mu`."""
        return self.L / self.mu

    @property
    def rounding(self) -> float:
        """``|achieved_rate / closed_form_rate - 1|``."""
        return abs(self.achieved_rate / self.closed_form_rate - 1)

    @property
    def speedup(self) -> float:
        """Gradient-descent steps per heavy-ball step for the same error reduction."""
        return math.log(self.achieved_rate) / math.log(self.gradient_descent_rate)


@experiment
def optimum_for_spectrum(mu: float, L: float) -> SpectrumOptimum:
    """Polyak's optimum and gradient descent's on ``[mu, L]``."""
    from momentum_theory.family import worst_case_rate
    from momentum_theory.methods.heavy_ball import optimal_parameters

    opt = optimal_parameters(mu, L)
    kappa = L / mu
    gd_alpha = 2.0 / (mu + L)
    return SpectrumOptimum(
        mu=mu,
        L=L,
        alpha=float(opt.alpha),
        beta=float(opt.beta),
        rate=float(opt.known_optimum),
        achieved_rate=float(worst_case_rate(opt.alpha, opt.beta, mu, L)),
        closed_form_rate=(math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1),
        gradient_descent_alpha=gd_alpha,
        gradient_descent_rate=float(worst_case_rate(gd_alpha, 0.0, mu, L)),
    )


@dataclass(frozen=True)
class AccuracyStudy:
    """Relative errors against mpmath at hard points and on the critical-damping curve.

    Attributes
    ----------
    hard_points, critical_points : int
        Number of points of :func:`momentum_theory.reference.hard_points` and
        :func:`momentum_theory.reference.critical_points`.
    closed_form_errors, naive_errors : ndarray
        At the hard points: :func:`~momentum_theory.family.spectral_radius` and the
        textbook closed form in plain double arithmetic.
    closed_form_critical_errors, lapack_critical_errors : ndarray
        On the critical curve: ours and LAPACK's ``eigvals``.
    digits : int
        Working digits of the mpmath reference.
    """

    hard_points: int
    critical_points: int
    closed_form_errors: NDArray[np.float64]
    naive_errors: NDArray[np.float64]
    closed_form_critical_errors: NDArray[np.float64]
    lapack_critical_errors: NDArray[np.float64]
    digits: int


@experiment
def spectral_radius_accuracy(digits: int = REFERENCE_DIGITS) -> AccuracyStudy:
    """Our closed form, the naive one and LAPACK against mpmath at ``digits`` digits."""
    from momentum_theory import reference
    from momentum_theory.family import spectral_radius, spectral_radius_eig

    hard = reference.hard_points()
    alpha, beta, h = (np.array(v) for v in zip(*hard))
    ours = reference.relative_errors(spectral_radius(alpha, beta, h), hard, digits)
    naive_values = [reference.naive_spectral_radius(*p) for p in hard]
    naive = reference.relative_errors(naive_values, hard, digits)
    critical = reference.critical_points()
    alpha_c, beta_c, h_c = (np.array(v) for v in zip(*critical))
    lapack = reference.relative_errors(spectral_radius_eig(alpha_c, beta_c, h_c), critical, digits)
    ours_c = reference.relative_errors(spectral_radius(alpha_c, beta_c, h_c), critical, digits)
    return AccuracyStudy(len(hard), len(critical), ours, naive, ours_c, lapack, digits)


@dataclass(frozen=True)
class ComplexModulus:
    r"""LAPACK's modulus of a complex pair against :math:`\sqrt\beta` at random points."""

    points: int
    max_deviation: float


@experiment
def complex_modulus(points: int = 20000, seed: int = SEED) -> ComplexModulus:
    r"""Random :math:`(\alpha, \beta)`, :math:`h = 1`, with :math:`T^2 < 0.9 \cdot 4\beta`."""
    from momentum_theory.family import spectral_radius_eig

    rng = np.random.default_rng(seed)
    beta = rng.uniform(0.01, 0.99, points)
    trace = rng.uniform(-1.0, 1.0, points) * 2 * np.sqrt(beta) * 0.95
    alpha = 1.0 + beta - trace  # h = 1, so T = 1 + beta - alpha
    modulus = spectral_radius_eig(alpha, beta, 1.0)
    return ComplexModulus(points, float(np.abs(modulus / np.sqrt(beta) - 1).max()))


@dataclass(frozen=True)
class NegativeMomentum:
    r"""How much of the stable region has :math:`\beta < 0`, and one converging example.

    Attributes
    ----------
    grid : int
        Cells per axis of the :math:`(\alpha h, \beta) \in (0, 4) \times (-1, 1)` grid.
    share : float
        Share of the stable cells with :math:`\beta < 0`.
    product, beta : float
        The example :math:`(\alpha h, \beta)`.
    rate : float
        :func:`~momentum_theory.family.spectral_radius` there.
    measured : float
        :math:`(|x_{200}| / |x_{100}|)^{1/100}` of the plain loop from rest.
    """

    grid: int
    share: float
    product: float
    beta: float
    rate: float
    measured: float


@experiment
def negative_momentum(
    grid: int = 2000, example: tuple[float, float] = NEGATIVE_MOMENTUM_EXAMPLE
) -> NegativeMomentum:
    """Share of the stable region below ``beta = 0`` (cell centres), and an example run."""
    from momentum_theory.family import convergence_region, spectral_radius
    from momentum_theory.reference import plain_heavy_ball

    products = (np.arange(grid) + 0.5) * (4.0 / grid)
    betas = -1.0 + (np.arange(grid) + 0.5) * (2.0 / grid)
    stable = convergence_region(products[np.newaxis, :], betas[:, np.newaxis], 1.0)
    share = float(stable[betas < 0].sum() / stable.sum())
    product, beta = example
    distances = plain_heavy_ball(1.0, 1.0, product, beta, 200)
    measured = float((distances[200] / distances[100]) ** (1 / 100))
    rate = float(spectral_radius(product, beta, 1.0))
    return NegativeMomentum(grid, share, product, beta, rate, measured)
