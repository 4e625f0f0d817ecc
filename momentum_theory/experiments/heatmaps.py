r"""The two convergence-region heatmaps of the paper and the README.

``heatmap``: the rate :math:`\rho(A)` over :math:`(\alpha, \beta)` for one curvature
:math:`h = 1`; ``heatmap_spectrum``: the worst case over the spectrum :math:`[1, 10]`,
with Polyak's optimum. Both sample cell centres
(:func:`~momentum_theory.methods.cell_centres`), so every sampled
momentum lies strictly inside its range, on the default window of ``momentum-theory
heatmap``: :math:`\alpha \in [0, 4.4/L]` (just past the widest stable step :math:`4/L`)
and :math:`\beta \in [0, 1]`.
"""

from __future__ import annotations

from momentum_theory.experiments._cache import experiment
from momentum_theory.methods import MethodGrid, cell_centres, method_grid

__all__ = [
    "ALPHA_RANGE_FACTOR",
    "BETA_RANGE",
    "RESOLUTION",
    "default_alpha_range",
    "heatmap_grid",
    "single_curvature_grid",
    "spectrum_grid",
]

# Step sizes run from 0 to ALPHA_RANGE_FACTOR / L: just past the widest stable step 4/L.
ALPHA_RANGE_FACTOR = 4.4
BETA_RANGE = (0.0, 1.0)
RESOLUTION = 600


def default_alpha_range(L: float) -> tuple[float, float]:
    """The default step-size window ``(0, 4.4/L)``."""
    return 0.0, ALPHA_RANGE_FACTOR / L


@experiment
def heatmap_grid(
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
    return heatmap_grid(1.0, 1.0, default_alpha_range(1.0))


def spectrum_grid() -> MethodGrid:
    """The ``heatmap_spectrum`` figure's grid: the worst case over ``[1, 10]``."""
    return heatmap_grid(1.0, 10.0, default_alpha_range(10.0))
