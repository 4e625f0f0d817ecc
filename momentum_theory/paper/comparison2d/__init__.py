r"""The two-dimensional comparison (section ``sec:comparison2d``).

The chapter's example, gradient descent against heavy ball on :math:`x^2 + 10 y^2` from
:math:`(\pm 10, \pm 1)` for 15 steps, in a principled and a hand-picked setting:
:mod:`~.experiments` (the problem, both settings and the cached result), :mod:`~.claims`,
:mod:`~.macros` and :mod:`~.figures` (the ``comparison2d`` figure).
"""

from momentum_theory.paper._subject import Figure, Subject, claims_in
from momentum_theory.paper.comparison2d import claims, figures, macros

__all__ = ["SUBJECT"]

SUBJECT = Subject(
    "comparison2d",
    "The two-dimensional comparison",
    figures=(
        Figure(
            "comparison2d",
            "gradient descent vs heavy ball on x^2 + 10 y^2",
            figures.comparison2d_figure,
        ),
    ),
    claims=claims_in(claims),
    macros=macros.macros,
)
