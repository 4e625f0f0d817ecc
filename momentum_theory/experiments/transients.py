r"""Theorem 1 made concrete: the transient regimes, Jordan growth and the worst case W_n.

* :func:`regime_curves`: three regimes at :math:`h = 1`, each with
  :math:`\varepsilon = (1 - \rho)/2` (the transients figure and its table);
* :func:`jordan_example`: :math:`\|A^t\|_2/\rho^t` on an exact Jordan block;
* :func:`polyak_worst_case`: the finite-horizon worst case over :math:`[1, 100]` at
  Polyak's parameters, after a short and a long horizon.
"""

from __future__ import annotations

from dataclasses import dataclass

from momentum_theory.experiments._cache import experiment

__all__ = [
    "JORDAN_ALPHA",
    "JORDAN_STEPS",
    "WORST_CASE_SPECTRUM",
    "WORST_CASE_STEPS",
    "PolyakWorstCase",
    "jordan_example",
    "polyak_worst_case",
    "regime_curves",
]

# alpha h = 1/64 gives beta_c = 49/64 and rho = 7/8 exactly in binary: an exact Jordan block.
JORDAN_ALPHA = 1 / 64
JORDAN_STEPS = 100
WORST_CASE_SPECTRUM = (1.0, 100.0)
WORST_CASE_STEPS = (10, 100)


@experiment
def regime_curves(steps: int = 80):
    """The figure's three regimes (see :data:`momentum_theory.transients.TRANSIENT_REGIMES`)."""
    from momentum_theory.transients import transient_curves

    return transient_curves(steps)


@experiment
def jordan_example(alpha: float = JORDAN_ALPHA, steps: int = JORDAN_STEPS):
    """:func:`~momentum_theory.certificates.jordan_growth` at ``h = 1``."""
    from momentum_theory.transients import jordan_growth

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
        :class:`~momentum_theory.worst_case.WorstCaseError` for each horizon.
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
    """:func:`~momentum_theory.worst_case.worst_case_error` at Polyak's parameters."""
    from momentum_theory.spectral import optimal_parameters
    from momentum_theory.transients import worst_case_error

    mu, L = spectrum
    opt = optimal_parameters(mu, L)
    alpha, beta = float(opt.alpha), float(opt.beta)
    results = tuple(worst_case_error(alpha, beta, mu, L, n) for n in steps)
    return PolyakWorstCase(mu, L, alpha, beta, float(opt.rate), tuple(steps), results)
