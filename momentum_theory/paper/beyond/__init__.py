r"""Beyond quadratics (section ``sec:beyond``; the certified rates need the extra ``pep``).

Heavy ball at Polyak's parameters cycles on a strongly convex function (exactly, in
rationals); PEPit's worst cases over the class against the quadratic rate; IQC certificates
of every method, and where in :math:`(\alpha, \beta)` they exist: :mod:`~.experiments`
(settings and cached results), :mod:`~.claims`, :mod:`~.macros` and :mod:`~.figures`.
"""

from momentum_theory.paper._subject import Figure, Subject, claims_in
from momentum_theory.paper.beyond import claims, figures, macros

__all__ = ["SUBJECT"]

SUBJECT = Subject(
    "beyond",
    "Beyond quadratics",
    figures=(
        Figure(
            "counterexample",
            "heavy ball at Polyak's parameters cycles on a strongly convex function",
            figures.counterexample_figure,
        ),
        Figure(
            "certified",
            "certified against quadratic rates, the (alpha, beta) map, the PEP gap",
            figures.certified_figure,
            needs=("pep",),
        ),
    ),
    claims=claims_in(claims),
    macros=macros.macros,
    needs=("pep",),
)
