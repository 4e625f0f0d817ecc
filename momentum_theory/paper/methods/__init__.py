r"""The named methods on one family (section ``sec:methods``).

Every method of :mod:`momentum_theory.methods` on the spectrum :math:`[1, 100]` and across
condition numbers: :mod:`~.experiments` (settings, optima, the figure's grids, the maps onto
the two-step family), :mod:`~.references` (a brute-force minimax, simulations of each
method's own rule, ``torch.optim.SGD``), :mod:`~.claims`, :mod:`~.macros` and
:mod:`~.figures` (the ``methods`` figure).
"""

from momentum_theory.paper._subject import Figure, Subject, claims_in
from momentum_theory.paper.methods import claims, figures, macros

__all__ = ["SUBJECT"]

SUBJECT = Subject(
    "methods",
    "The named methods on one family",
    figures=(
        Figure(
            "methods",
            "every method's rate over its parameters on [1, 100], optimal rates against kappa",
            figures.methods_figure,
        ),
    ),
    claims=claims_in(claims),
    macros=macros.macros,
)
