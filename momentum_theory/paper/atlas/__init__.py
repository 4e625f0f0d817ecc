r"""The atlas (section ``sec:atlas``; reading its stores needs the extra ``atlas``).

Where heavy ball and Nesterov are certified, refuted, unstable or undecided over their
:math:`(\alpha, \beta)` planes at :math:`\kappa = 10, 25, 100`, from the committed stores
of :mod:`momentum_theory.atlas`: :mod:`~.experiments` (the stores, read),
:mod:`~.claims`, :mod:`~.macros` and :mod:`~.figures`.
"""

from momentum_theory.paper._subject import Figure, Subject, claims_in
from momentum_theory.paper.atlas import claims, figures, macros

__all__ = ["SUBJECT"]

SUBJECT = Subject(
    "atlas",
    "The atlas",
    figures=(
        Figure(
            "atlas",
            "heavy ball and Nesterov at kappa = 10, 25, 100: certified rate, cycles, unknown",
            figures.atlas_figure,
            needs=("atlas",),
        ),
    ),
    claims=claims_in(claims),
    macros=macros.macros,
    needs=("atlas",),
)
