r"""The :math:`1/(1-\beta)` amplification: the velocity under a constant gradient, and how
close heavy ball comes to gradient descent with the effective step :math:`\alpha/(1-\beta)`.
"""

from __future__ import annotations

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
    "effective_step",
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
