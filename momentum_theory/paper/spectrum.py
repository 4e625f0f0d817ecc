r"""Eigenvalues, stability and critical damping (section ``sec:spectrum``).

The rate :math:`\rho(A)` over :math:`(\alpha, \beta)` for one curvature :math:`h = 1` (the
``heatmap`` figure, on the default window of ``momentum-theory heatmap``:
:math:`\alpha \in [0, 4.4/L]`, just past the widest stable step :math:`4/L`, and
:math:`\beta \in [0, 1]`, sampled at cell centres so every sampled momentum lies strictly
inside its range); the region :math:`\rho < 1` checked against the Jury conditions; the
modulus :math:`\sqrt\beta` of a complex pair; and how much of the region has
:math:`\beta < 0`, with one converging example.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from momentum_theory.family import convergence_region
from momentum_theory.methods import MethodGrid, cell_centres, method_grid
from momentum_theory.paper._cache import experiment
from momentum_theory.paper._claims import Claim, at_most, claim
from momentum_theory.paper._latex import Macro, integer, percent, scientific, shortest, significant
from momentum_theory.paper._subject import Figure, Subject, claims_in

if TYPE_CHECKING:
    from matplotlib.figure import Figure as DrawnFigure

__all__ = [
    "ALPHA_RANGE_FACTOR",
    "BETA_RANGE",
    "COMPLEX_MODULUS_TOLERANCE",
    "NEGATIVE_MOMENTUM_EXAMPLE",
    "RESOLUTION",
    "SEED",
    "SUBJECT",
    "ComplexModulus",
    "NegativeMomentum",
    "complex_modulus",
    "complex_pair_modulus",
    "default_alpha_range",
    "heatmap_figure",
    "heatmap_grid",
    "macros",
    "negative_momentum",
    "negative_momentum_converges",
    "single_curvature_grid",
    "stability_region_exact",
]

# ---- settings -----------------------------------------------------------------------------

# Step sizes run from 0 to ALPHA_RANGE_FACTOR / L: just past the widest stable step 4/L.
ALPHA_RANGE_FACTOR = 4.4
BETA_RANGE = (0.0, 1.0)
RESOLUTION = 600
SEED = 20261124
# (alpha h, beta) of the paper's example of a negative momentum that converges.
NEGATIVE_MOMENTUM_EXAMPLE = (0.5, -0.25)


# ---- experiments --------------------------------------------------------------------------


def default_alpha_range(L: float) -> tuple[float, float]:
    """The default step-size window ``(0, 4.4/L)``."""
    return 0.0, ALPHA_RANGE_FACTOR / L


@experiment
def heatmap_grid(
    *,
    mu: float,
    L: float,
    alpha_range: tuple[float, float],
    beta_range: tuple[float, float] = BETA_RANGE,
    resolution: int = RESOLUTION,
) -> MethodGrid:
    """Heavy ball's worst-case rate over ``[mu, L]`` (the spectral radius at ``h = mu = L``)
    on ``resolution`` x ``resolution`` cell centres of ``alpha`` and ``beta``."""
    alphas = cell_centres(*alpha_range, resolution)
    betas = cell_centres(*beta_range, resolution)
    return method_grid("heavy_ball", ("alpha", alphas), ("beta", betas), mu=mu, L=L)


def single_curvature_grid() -> MethodGrid:
    """The ``heatmap`` figure's grid: one curvature ``h = 1``."""
    return heatmap_grid(mu=1.0, L=1.0, alpha_range=default_alpha_range(1.0))


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
    from momentum_theory.family import spectral_radius
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


# ---- claims -------------------------------------------------------------------------------

# complex_pair_modulus: LAPACK's |lambda| against sqrt(beta) (7e-16 measured).
COMPLEX_MODULUS_TOLERANCE = 1e-13


@claim
def stability_region_exact() -> Claim:
    import sympy as sp

    from momentum_theory import symbolic as sym

    rng = np.random.default_rng(SEED)
    alpha = rng.uniform(0, 4.5, 400)
    beta = rng.uniform(-1.2, 1.2, 400)
    h = np.ones(400)
    # Points exactly on the boundary alpha h = 2(1 + beta) are included on purpose.
    beta[:50] = np.round(beta[:50], 3)
    alpha[:50] = 2 * (1 + beta[:50])
    region = sym.stability_region()
    symbolic = np.array(
        [
            bool(
                region.subs(
                    {sym.alpha: sp.Rational(a), sym.beta: sp.Rational(b), sym.h: sp.Rational(c)}
                )
            )
            for a, b, c in zip(alpha, beta, h)
        ]
    )
    mismatches = int(np.sum(symbolic != convergence_region(alpha, beta, h)))
    return Claim(
        "rho(A) < 1 iff |beta| < 1 and 0 < alpha h < 2(1 + beta)",
        "Jury conditions solved by sympy, evaluated in exact rationals at 400 points "
        "(50 on the boundary) vs convergence_region",
        float(mismatches),
        "== 0",
        mismatches == 0,
    )


@claim(quoted=True)
def complex_pair_modulus() -> Claim:
    result = complex_modulus()
    return at_most(
        "A complex pair of eigenvalues has modulus sqrt(beta) (their product is det A = beta)",
        f"LAPACK eigvals at {result.points} random (alpha, beta), h = 1, with a complex pair: "
        "max | |lambda| / sqrt(beta) - 1 |",
        result.max_deviation,
        COMPLEX_MODULUS_TOLERANCE,
    )


@claim(quoted=True)
def negative_momentum_converges() -> Claim:
    result = negative_momentum()
    error = abs(result.measured / result.rate - 1)
    converges = bool(convergence_region(result.product, result.beta, 1.0))
    return at_most(
        "Momentum need not be positive: the region rho < 1 extends to -1 < beta < 0, "
        f"e.g. alpha h = {result.product:g}, beta = {result.beta:g} converges at rate "
        f"{result.rate:.4f}",
        f"plain loop from rest, (|x_200| / |x_100|)^(1/100) vs spectral_radius; "
        f"{result.share:.1%} of the stable cells of a {result.grid} x {result.grid} grid over "
        "alpha h in (0, 4), beta in (-1, 1) have beta < 0; measured: relative difference "
        "(inf if the example does not converge)",
        error if converges and result.share > 0 else float("inf"),
        1e-3,
    )


# ---- numbers ------------------------------------------------------------------------------


def macros() -> list[Macro]:
    """The complex pair's check and the share of the region below ``beta = 0``."""
    modulus = complex_modulus()
    macros = [
        Macro("ComplexPoints", integer(modulus.points), "random points with a complex pair"),
        Macro(
            "ComplexModulusTolerance",
            scientific(COMPLEX_MODULUS_TOLERANCE, 0),
            "complex_pair_modulus: bound on |LAPACK |lambda| / sqrt(beta) - 1| at those points",
        ),
    ]

    negative = negative_momentum()
    macros += [
        Macro(
            "NegativeBetaShare",
            percent(negative.share, 1),
            f"share of the stable cells with beta < 0 ({negative.grid} x {negative.grid} grid, "
            "alpha h in (0, 4))",
        ),
        Macro("NegBetaProduct", shortest(negative.product), "example alpha h"),
        Macro("NegBetaBeta", shortest(negative.beta), "example beta < 0"),
        Macro("NegBetaRate", significant(negative.rate, 4), "spectral_radius at the example"),
        Macro(
            "NegBetaMeasured",
            significant(negative.measured, 4),
            "(|x_200| / |x_100|)^(1/100) of a plain-loop simulation at the example",
        ),
    ]
    return macros


# ---- figures ------------------------------------------------------------------------------


def heatmap_figure() -> DrawnFigure:
    """The ``heatmap`` figure: the rate over ``(alpha, beta)`` for ``h = 1``."""
    from momentum_theory.plotting import plot_method_heatmap_figure

    return plot_method_heatmap_figure(single_curvature_grid(), colour="rate")


SUBJECT = Subject(
    "spectrum",
    "Eigenvalues, stability and critical damping",
    figures=(Figure("heatmap", "rate over (alpha, beta) for h = 1", heatmap_figure),),
    claims=claims_in(globals()),
    macros=macros,
)
