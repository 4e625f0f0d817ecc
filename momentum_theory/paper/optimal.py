r"""The optimal parameters (section ``sec:optimal``).

Polyak's :math:`(\alpha^*, \beta^*)` for the spectra the paper discusses, beside gradient
descent's best, the worst case over the spectrum :math:`[1, 10]` (the ``heatmap_spectrum``
figure, with the optimum where the two ends' rates cross), the closed-form rate checked at
the rounded optimum, and the worst case over :math:`[\mu, L]` attained at an end.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from momentum_theory.family import spectral_radius, worst_case_rate
from momentum_theory.methods.heavy_ball import optimal_parameters
from momentum_theory.paper._cache import experiment
from momentum_theory.paper._claims import Claim, at_most, claim
from momentum_theory.paper._latex import Macro, fixed, integer, scientific, significant
from momentum_theory.paper._subject import Figure, Subject, claims_in
from momentum_theory.paper.spectrum import SEED, default_alpha_range, heatmap_grid

if TYPE_CHECKING:
    from matplotlib.figure import Figure as DrawnFigure

    from momentum_theory.methods import MethodGrid

__all__ = [
    "OPTIMAL_RATE_TOLERANCE",
    "SPECTRA",
    "SUBJECT",
    "SpectrumOptimum",
    "heatmap_spectrum_figure",
    "macros",
    "optimal_rate",
    "optimum_for_spectrum",
    "spectrum_grid",
    "worst_case_at_endpoint",
]

# ---- settings -----------------------------------------------------------------------------

# The spectra the paper discusses: [1, 10] is the heatmap_spectrum figure, [2, 20] the
# Hessian of the 2-D comparison f = x^2 + 10 y^2, [1, 100] the README's example.
SPECTRA = (("OneTen", 1.0, 10.0), ("TwoTwenty", 2.0, 20.0), ("OneHundred", 1.0, 100.0))


# ---- experiments --------------------------------------------------------------------------


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
def optimum_for_spectrum(*, mu: float, L: float) -> SpectrumOptimum:
    """Polyak's optimum and gradient descent's on ``[mu, L]``."""
    opt = optimal_parameters(mu=mu, L=L)
    kappa = L / mu
    gd_alpha = 2.0 / (mu + L)
    return SpectrumOptimum(
        mu=mu,
        L=L,
        alpha=float(opt.alpha),
        beta=float(opt.beta),
        rate=float(opt.known_optimum),
        achieved_rate=float(worst_case_rate(opt.alpha, opt.beta, mu=mu, L=L)),
        closed_form_rate=(math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1),
        gradient_descent_alpha=gd_alpha,
        gradient_descent_rate=float(worst_case_rate(gd_alpha, 0.0, mu=mu, L=L)),
    )


def spectrum_grid() -> MethodGrid:
    """The ``heatmap_spectrum`` figure's grid: the worst case over ``[1, 10]``."""
    return heatmap_grid(mu=1.0, L=10.0, alpha_range=default_alpha_range(10.0))


# ---- claims -------------------------------------------------------------------------------

# The paper quotes this bound in place of the measured rounding error (whose last digit
# moves with the platform's kernels); optimal_rate tests exactly that bound.
# optimal_rate: at a double root the rate moves like the square root of rounding (2e-8).
OPTIMAL_RATE_TOLERANCE = 1e-7


@claim(quoted=True)
def optimal_rate() -> Claim:
    from momentum_theory import symbolic as sym

    sym.optimal_parameters()  # derives alpha*, beta* and asserts the symbolic identities
    errors = []
    for kappa in (2.0, 10.0, 100.0, 1e4):
        opt = optimal_parameters(mu=1.0, L=kappa)
        closed = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
        errors.append(
            abs(float(worst_case_rate(opt.alpha, opt.beta, mu=1.0, L=kappa)) / closed - 1)
        )
    # The paper's table quotes these spectra, and the bound for them.
    errors += [optimum_for_spectrum(mu=mu, L=L).rounding for _, mu, L in SPECTRA]
    spectra = ", ".join(f"[{mu:g}, {L:g}]" for _, mu, L in SPECTRA)
    return at_most(
        "alpha* = 4/(sqrt L+sqrt mu)^2, beta* = ((sqrt L-sqrt mu)/(sqrt L+sqrt mu))^2 give "
        "rate (sqrt kappa-1)/(sqrt kappa+1)",
        "sympy derivation + factorisation; worst_case_rate at the rounded (alpha*, beta*) "
        f"for kappa = 2, 10, 100, 1e4 (mu = 1) and the spectra {spectra}",
        max(errors),
        OPTIMAL_RATE_TOLERANCE,
    )


@claim
def worst_case_at_endpoint() -> Claim:
    rng = np.random.default_rng(SEED)
    alpha, beta = rng.uniform(0, 0.5, 200), rng.uniform(-0.5, 1.0, 200)
    dense = spectral_radius(alpha[:, None], beta[:, None], np.linspace(1.0, 10.0, 2001)).max(1)
    excess = np.max(dense - worst_case_rate(alpha, beta, mu=1.0, L=10.0))
    return at_most(
        "max over h in [mu, L] of rho is attained at h = mu or h = L",
        "2001 values of h in [1, 10] at 200 random (alpha, beta): dense max minus endpoint max",
        excess,
        0.0,
    )


# ---- numbers ------------------------------------------------------------------------------


def macros() -> list[Macro]:
    """Polyak's and gradient descent's optima for each spectrum, and the rate's bound."""
    macros: list[Macro] = []
    for tag, mu, L in SPECTRA:
        opt = optimum_for_spectrum(mu=mu, L=L)
        where = f"spectrum [{mu:g}, {L:g}]"
        macros += [
            Macro(f"Mu{tag}", integer(mu), f"{where}: mu"),
            Macro(f"L{tag}", integer(L), f"{where}: L"),
            Macro(f"Kappa{tag}", integer(opt.condition_number), f"{where}: kappa = L/mu"),
            Macro(f"OptAlpha{tag}", significant(opt.alpha, 3), f"{where}: alpha*"),
            Macro(f"OptBeta{tag}", significant(opt.beta, 3), f"{where}: beta*"),
            Macro(f"OptRate{tag}", significant(opt.rate, 3), f"{where}: sqrt(beta*)"),
            Macro(
                f"GdAlpha{tag}", significant(opt.gradient_descent_alpha, 3), f"{where}: 2/(mu + L)"
            ),
            Macro(
                f"GdRate{tag}",
                significant(opt.gradient_descent_rate, 3),
                f"{where}: worst_case_rate(GD)",
            ),
            Macro(
                f"Speedup{tag}",
                fixed(opt.speedup, 1),
                f"{where}: log(momentum rate)/log(GD rate), GD steps per momentum step",
            ),
            Macro(
                f"SqrtKappa{tag}",
                fixed(math.sqrt(opt.condition_number), 1),
                f"{where}: sqrt(kappa)",
            ),
        ]
    # Measured rounding errors move with the platform's kernels: the text quotes the bounds
    # that the claims test (optimal_rate, below), not the measurements.
    macros.append(
        Macro(
            "OptRateTolerance",
            scientific(OPTIMAL_RATE_TOLERANCE, 0),
            "optimal_rate: bound on |worst_case_rate(alpha*, beta*) / closed form - 1|",
        )
    )
    return macros


# ---- figures ------------------------------------------------------------------------------


def heatmap_spectrum_figure() -> DrawnFigure:
    """The ``heatmap_spectrum`` figure: the worst case over ``[1, 10]`` and the optimum."""
    from momentum_theory.plotting import plot_method_heatmap_figure

    return plot_method_heatmap_figure(spectrum_grid(), colour="rate")


SUBJECT = Subject(
    "optimal",
    "The optimal parameters",
    figures=(
        Figure(
            "heatmap_spectrum",
            "worst case over [1, 10] and Polyak's optimum",
            heatmap_spectrum_figure,
        ),
    ),
    claims=claims_in(globals()),
    macros=macros,
)
