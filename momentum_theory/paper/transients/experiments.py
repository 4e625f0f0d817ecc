r"""Theorem 1 made concrete: the transient regimes, Jordan growth and the worst case W_n.

* :func:`regime_curves`: three regimes at :math:`h = 1`, each with
  :math:`\varepsilon = (1 - \rho)/2` (the transients figure and its table);
* :func:`jordan_example`: :math:`\|A^t\|_2/\rho^t` on an exact Jordan block;
* :func:`polyak_worst_case`: the finite-horizon worst case over :math:`[1, 100]` at
  Polyak's parameters, after a short and a long horizon.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_integer
from momentum_theory.family import spectral_radius
from momentum_theory.paper._cache import experiment
from momentum_theory.transients.certificates import (
    JordanGrowth,
    TransientConstant,
    TransientPeak,
    jordan_growth,
    transient_constant,
    transient_peak,
)
from momentum_theory.transients.powers import power_norms

__all__ = [
    "JORDAN_ALPHA",
    "JORDAN_STEPS",
    "TRANSIENT_REGIMES",
    "WORST_CASE_SPECTRUM",
    "WORST_CASE_STEPS",
    "FromRest",
    "PolyakWorstCase",
    "TransientCurve",
    "from_rest",
    "jordan_example",
    "polyak_worst_case",
    "regime_curves",
]

# alpha h = 1/64 gives beta_c = 49/64 and rho = 7/8 exactly in binary: an exact Jordan block.
JORDAN_ALPHA = 1 / 64
JORDAN_STEPS = 100
WORST_CASE_SPECTRUM = (1.0, 100.0)
WORST_CASE_STEPS = (10, 100)


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
    norms: NDArray[np.float64]
    rate: NDArray[np.float64]
    bound: NDArray[np.float64]
    constant: TransientConstant
    peak: TransientPeak


# Regimes of the figure, all with h = 1 and rho < 1. The critical one is an exact Jordan
# block (alpha h = 1/64 gives beta = 49/64 and rho = 7/8 in binary without rounding).
TRANSIENT_REGIMES = (
    ("real distinct", 0.04, 0.5),
    ("complex", 0.02, 0.9),
    ("critical (Jordan)", 1 / 64, 49 / 64),
)


@experiment
def regime_curves(steps: int = 80) -> tuple[TransientCurve, ...]:
    r"""Data for the Theorem 1 figure: three regimes, each with :math:`\varepsilon = (1-\rho)/2`.

    The regimes (``h = 1``) are listed in :data:`TRANSIENT_REGIMES`: real distinct
    eigenvalues :math:`(\alpha, \beta) = (0.04, 0.5)`, a complex pair :math:`(0.02, 0.9)`
    and the Jordan block :math:`(1/64, 49/64)`. All have :math:`\rho < 1` and a transient
    peak above 1.

    Parameters
    ----------
    steps : int, default 80
        Last power :math:`t` drawn.

    Returns
    -------
    tuple of TransientCurve
        One per regime, in the order of :data:`TRANSIENT_REGIMES`.

    Examples
    --------
    >>> from momentum_theory.paper.transients.experiments import regime_curves
    >>> [(c.regime, round(c.peak.peak, 3)) for c in regime_curves(40)]
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


@experiment
def jordan_example(alpha: float = JORDAN_ALPHA, steps: int = JORDAN_STEPS) -> JordanGrowth:
    """:func:`~momentum_theory.transients.certificates.jordan_growth` at ``h = 1``."""
    return jordan_growth(alpha, 1.0, steps)


@dataclass(frozen=True)
class PolyakWorstCase:
    """The worst case W_n over a spectrum at Polyak's parameters, for several ``n``.

    Attributes
    ----------
    mu, L, alpha, beta, rate : float
        The spectrum and Polyak's optimum for it.
    steps : tuple of int
        The horizons.
    results : tuple
        :class:`~momentum_theory.transients.worst_case.WorstCaseError` for each horizon.
    """

    mu: float
    L: float
    alpha: float
    beta: float
    rate: float
    steps: tuple[int, ...]
    results: tuple


@experiment
def polyak_worst_case(
    spectrum: tuple[float, float] = WORST_CASE_SPECTRUM,
    steps: tuple[int, ...] = WORST_CASE_STEPS,
) -> PolyakWorstCase:
    """:func:`~momentum_theory.transients.worst_case.worst_case_error` at Polyak's parameters."""
    from momentum_theory.methods.heavy_ball import optimal_parameters
    from momentum_theory.transients.worst_case import worst_case_error

    mu, L = spectrum
    opt = optimal_parameters(mu=mu, L=L)
    alpha, beta = float(opt.alpha), float(opt.beta)
    results = tuple(worst_case_error(alpha, beta, mu=mu, L=L, steps=n) for n in steps)
    return PolyakWorstCase(mu, L, alpha, beta, float(opt.known_optimum), tuple(steps), results)


@dataclass(frozen=True)
class FromRest:
    r"""One regime of :data:`TRANSIENT_REGIMES` run from rest, against its worst-case peak.

    Attributes
    ----------
    regime : str
        The regime's name.
    alpha, beta : float
        Its parameters (``h = 1``).
    largest_ratio : float
        :math:`\max_{1 \le t \le n} |x_t|/|x_0|` from rest (:math:`x_{-1} = x_0`).
    monotone : bool
        Whether :math:`|x_t|` never increases over the run.
    peak_norm : float
        :math:`\max_t \|A^t\|_2`, the transient peak over all initial states (an initial
        velocity included).
    """

    regime: str
    alpha: float
    beta: float
    largest_ratio: float
    monotone: bool
    peak_norm: float


@experiment
def from_rest(steps: int = 400) -> tuple[FromRest, ...]:
    r"""The three regimes from rest: no transient growth, unlike :math:`\|A^t\|_2`.

    Examples
    --------
    >>> from momentum_theory.paper.transients.experiments import from_rest
    >>> [(r.regime, r.monotone, r.largest_ratio < 1) for r in from_rest(100)]
    [('real distinct', True, True), ('complex', False, True), ('critical (Jordan)', True, True)]
    """
    from momentum_theory.simulate import run

    steps = as_integer(steps, "steps", 1)
    results = []
    for regime, alpha, beta in TRANSIENT_REGIMES:
        distances = run("heavy_ball", 1.0, 1.0, steps, alpha=alpha, beta=beta).distances
        results.append(
            FromRest(
                regime=regime,
                alpha=alpha,
                beta=beta,
                largest_ratio=float(distances[1:].max() / distances[0]),
                monotone=bool(np.all(np.diff(distances) <= 0)),
                peak_norm=float(power_norms(alpha, beta, 1.0, steps).max()),
            )
        )
    return tuple(results)
