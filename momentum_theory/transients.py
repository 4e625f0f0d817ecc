r"""The data of the Theorem 1 figure: :math:`\|A^t\|_2` against its bounds in three regimes.

:func:`transient_curves` puts together, for each regime of :data:`TRANSIENT_REGIMES`, the
exact norms (:func:`~momentum_theory.powers.power_norms`), the rate :math:`\rho^t`, the
2-norm form of Theorem 1, :math:`C(\varepsilon)(\rho + \varepsilon)^t`
(:func:`~momentum_theory.certificates.transient_constant`) and the transient peak
(:func:`~momentum_theory.certificates.transient_peak`).

The theory this module used to hold now lives in one module per job:
:mod:`momentum_theory.powers` (closed-form powers of :math:`A`),
:mod:`momentum_theory.certificates` (Theorem 1's constant, the peak, the Jordan growth)
and :mod:`momentum_theory.worst_case` (the finite-horizon worst case). Their names are
re-exported here, so ``from momentum_theory.transients import worst_case_error`` keeps
working.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from momentum_theory._deprecation import renamed_arguments
from momentum_theory._validation import as_integer
from momentum_theory.certificates import (
    JordanGrowth,
    TransientConstant,
    TransientPeak,
    jordan_growth,
    transient_constant,
    transient_peak,
)
from momentum_theory.powers import at_rest_polynomial, power_norms
from momentum_theory.spectral import spectral_radius
from momentum_theory.worst_case import WorstCaseError, worst_case_error

Array = NDArray[np.float64]

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


@dataclass(frozen=True)
class TransientCurve:
    r"""One regime of the transient figure: :math:`\|A^t\|_2` against its bounds.

    Attributes
    ----------
    regime : str
        ``"real distinct"``, ``"complex"`` or ``"critical (Jordan)"``.
    alpha, beta, h, eps : float
        The parameters; :math:`\varepsilon = (1 - \rho)/2`.
    rho : float
        :math:`\rho(A)`.
    t : ndarray, shape (steps + 1,)
    norms : ndarray, shape (steps + 1,)
        :math:`\|A^t\|_2`.
    rate : ndarray, shape (steps + 1,)
        :math:`\rho^t`.
    bound : ndarray, shape (steps + 1,)
        :math:`C(\varepsilon)(\rho + \varepsilon)^t` with the constant below.
    constant : TransientConstant
        :math:`C(\varepsilon)`, proved for all :math:`t`.
    peak : TransientPeak
        The transient peak, proved for all :math:`t`.
    """

    regime: str
    alpha: float
    beta: float
    h: float
    eps: float
    rho: float
    t: NDArray[np.int64]
    norms: Array
    rate: Array
    bound: Array
    constant: TransientConstant
    peak: TransientPeak


# Regimes of the figure, all with h = 1 and rho < 1. The critical one is an exact Jordan
# block (alpha h = 1/64 gives beta = 49/64 and rho = 7/8 in binary without rounding).
TRANSIENT_REGIMES = (
    ("real distinct", 0.04, 0.5),
    ("complex", 0.02, 0.9),
    ("critical (Jordan)", 1 / 64, 49 / 64),
)


@renamed_arguments(horizon="steps")
def transient_curves(steps: int = 80) -> tuple[TransientCurve, ...]:
    r"""Data for the Theorem 1 figure: three regimes, each with :math:`\varepsilon = (1-\rho)/2`.

    The regimes (``h = 1``) are listed in :data:`TRANSIENT_REGIMES`: real distinct
    eigenvalues :math:`(\alpha, \beta) = (0.04, 0.5)`, a complex pair :math:`(0.02, 0.9)`
    and the Jordan block :math:`(1/64, 49/64)`. All have :math:`\rho < 1` and a transient
    peak above 1.

    Parameters
    ----------
    steps : int, default 80
        Last power :math:`n` drawn. (Formerly ``horizon``; that keyword still works but is
        deprecated.)

    Returns
    -------
    tuple of TransientCurve
        One per regime, in the order of :data:`TRANSIENT_REGIMES`.

    Examples
    --------
    >>> from momentum_theory.transients import transient_curves
    >>> [(c.regime, round(c.peak.peak, 3)) for c in transient_curves(40)]
    [('real distinct', 2.574), ('complex', 8.634), ('critical (Jordan)', 5.574)]
    """
    steps = as_integer(steps, "steps", 0)
    curves = []
    t = np.arange(steps + 1)
    for regime, alpha, beta in TRANSIENT_REGIMES:
        rho = float(spectral_radius(alpha, beta, 1.0))
        eps = (1.0 - rho) / 2
        constant = transient_constant(alpha, beta, 1.0, eps)
        curves.append(
            TransientCurve(
                regime=regime,
                alpha=alpha,
                beta=beta,
                h=1.0,
                eps=eps,
                rho=rho,
                t=t,
                norms=power_norms(alpha, beta, 1.0, steps),
                rate=np.power(rho, t.astype(float)),
                bound=constant.constant * np.power(rho + eps, t.astype(float)),
                constant=constant,
                peak=transient_peak(alpha, beta, 1.0),
            )
        )
    return tuple(curves)
