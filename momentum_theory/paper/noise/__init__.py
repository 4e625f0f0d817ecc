r"""Gradient noise and the loss floor (section ``sec:noise``).

Every method's stationary spread under additive gradient noise, three ways
(:mod:`~.variance`: closed form, Lyapunov solve, simulation), and the trade-off between
rate and excess loss (:mod:`~.frontiers`, the ``noise`` figure's data); :mod:`~.claims`,
:mod:`~.macros` and :mod:`~.figures`.
"""

from momentum_theory.paper._subject import Figure, Subject, claims_in
from momentum_theory.paper.noise import claims, figures, macros

__all__ = ["SUBJECT"]

SUBJECT = Subject(
    "noise",
    "Gradient noise and the loss floor",
    figures=(
        Figure(
            "noise",
            "rate against stationary excess loss: every method's frontier",
            figures.noise_figure,
        ),
    ),
    claims=claims_in(claims),
    macros=macros.macros,
)
