r"""The :math:`1/(1-\beta)` amplification: the velocity under a constant gradient, and how
close heavy ball comes to gradient descent with the effective step :math:`\alpha/(1-\beta)`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from momentum_theory.amplification import (
    EffectiveStep,
    VelocityAmplification,
    compare_effective_step,
    velocity_amplification,
)
from momentum_theory.experiments._cache import experiment

__all__ = [
    "EFFECTIVE_STEP_MOMENTUM",
    "EFFECTIVE_STEP_PRODUCTS",
    "FIGURE_MOMENTA",
    "FIGURE_STEPS",
    "EffectiveStepRange",
    "effective_step",
    "effective_step_range",
    "velocity_run",
]

# The momenta and horizon of the amplification figure.
FIGURE_MOMENTA = (0.5, 0.8, 0.9, 0.95)
FIGURE_STEPS = 100
# alpha h below, near and beyond the critical product (1 - sqrt(0.9))^2 ~ 2.7e-3.
EFFECTIVE_STEP_PRODUCTS = (1e-4, 1e-3, 1e-2)
EFFECTIVE_STEP_MOMENTUM = 0.9


@experiment
def velocity_run(
    beta: tuple[float, ...] = FIGURE_MOMENTA, steps: int = FIGURE_STEPS
) -> VelocityAmplification:
    """:func:`~momentum_theory.amplification.velocity_amplification` for the figure."""
    return velocity_amplification(beta, steps)


@experiment
def effective_step(
    products: tuple[float, ...] = EFFECTIVE_STEP_PRODUCTS, beta: float = EFFECTIVE_STEP_MOMENTUM
) -> EffectiveStep:
    """:func:`~momentum_theory.amplification.compare_effective_step` at ``h = 1``."""
    return compare_effective_step(np.array(products), beta, 1.0)


@dataclass(frozen=True)
class EffectiveStepRange:
    r"""Where heavy ball behaves like gradient descent with the effective step, and where not.

    Attributes
    ----------
    beta : float
        The momentum.
    one_percent_product : float
        The :math:`x = \alpha h` at which gradient descent with step :math:`\alpha/(1-\beta)`
        needs 1% more steps than heavy ball (speed ratio 1.01), by root finding on the exact
        rates.
    one_percent_estimate : float
        The series estimate :math:`0.01 (1-\beta)^2/\beta`.
    critical_product : float
        :math:`(1-\sqrt\beta)^2`.
    critical_speed_ratio : float
        The speed ratio there (about 2 at :math:`\beta = 0.9`).
    mu, L : float
        A spectrum for the stability comparison.
    polyak_product, polyak_effective_product : float
        :math:`\alpha^* L` at Polyak's parameters, and :math:`\alpha^* L/(1-\beta^*)`, the
        product gradient descent with the effective step would need to be stable at
        (it is stable only below 2; heavy ball below :math:`2(1+\beta^*)`).
    polyak_effective_rate : float
        :math:`\max(|1 - \alpha^*\mu/(1-\beta^*)|, |1 - \alpha^* L/(1-\beta^*)|)`: above one
        means the effective-step gradient descent diverges there.
    polyak_rate : float
        Heavy ball's worst-case rate at Polyak's parameters.
    """

    beta: float
    one_percent_product: float
    one_percent_estimate: float
    critical_product: float
    critical_speed_ratio: float
    mu: float
    L: float
    polyak_product: float
    polyak_effective_product: float
    polyak_effective_rate: float
    polyak_rate: float


@experiment
def effective_step_range(
    beta: float = EFFECTIVE_STEP_MOMENTUM, mu: float = 1.0, L: float = 100.0
) -> EffectiveStepRange:
    """The effective-step picture's range of validity at ``beta``, and its stability side."""
    from scipy.optimize import brentq

    from momentum_theory.family import worst_case_rate
    from momentum_theory.methods.heavy_ball import optimal_parameters

    critical = (1 - np.sqrt(beta)) ** 2

    def excess(x: float) -> float:
        return float(compare_effective_step(x, beta, 1.0).speed_ratio) - 1.01

    one_percent = brentq(excess, critical * 1e-6, critical * (1 - 1e-9), xtol=1e-16, rtol=1e-12)
    opt = optimal_parameters(mu, L)
    alpha, momentum = float(opt.alpha), float(opt.beta)
    effective = alpha / (1 - momentum)
    return EffectiveStepRange(
        beta=beta,
        one_percent_product=float(one_percent),
        one_percent_estimate=0.01 * (1 - beta) ** 2 / beta,
        critical_product=float(critical),
        critical_speed_ratio=float(compare_effective_step(critical, beta, 1.0).speed_ratio),
        mu=mu,
        L=L,
        polyak_product=alpha * L,
        polyak_effective_product=effective * L,
        polyak_effective_rate=max(abs(1 - effective * mu), abs(1 - effective * L)),
        polyak_rate=float(worst_case_rate(alpha, momentum, mu, L)),
    )
