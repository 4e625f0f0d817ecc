r"""Deprecated: the theory that lived here now has one module per job.

:mod:`momentum_theory.powers` (closed-form powers of :math:`A`),
:mod:`momentum_theory.certificates` (Theorem 1's constant, the transient peak, the Jordan
growth), :mod:`momentum_theory.worst_case` (the finite-horizon worst case), and the
figure's data in :mod:`momentum_theory.experiments.transients`. Every name is re-exported
here for one release, so ``from momentum_theory.transients import worst_case_error`` keeps
working; :func:`transient_curves` warns and forwards to
:func:`~momentum_theory.experiments.transients.regime_curves`.
"""

from __future__ import annotations

import warnings

from momentum_theory.certificates import (
    JordanGrowth,
    TransientConstant,
    TransientPeak,
    jordan_growth,
    transient_constant,
    transient_peak,
)
from momentum_theory.paper.transients.experiments import (
    TRANSIENT_REGIMES,
    TransientCurve,
    regime_curves,
)
from momentum_theory.powers import at_rest_polynomial, power_norms
from momentum_theory.worst_case import WorstCaseError, worst_case_error

__all__ = [
    "TRANSIENT_REGIMES",
    "JordanGrowth",
    "TransientConstant",
    "TransientCurve",
    "TransientPeak",
    "WorstCaseError",
    "at_rest_polynomial",
    "jordan_growth",
    "power_norms",
    "transient_constant",
    "transient_curves",
    "transient_peak",
    "worst_case_error",
]


def transient_curves(steps: int = 80, *, horizon: int | None = None) -> tuple[TransientCurve, ...]:
    """Deprecated alias of :func:`momentum_theory.experiments.transients.regime_curves`."""
    warnings.warn(
        "momentum_theory.transients.transient_curves is deprecated, use "
        "momentum_theory.experiments.transients.regime_curves",
        DeprecationWarning,
        stacklevel=2,
    )
    return regime_curves(steps if horizon is None else horizon)
