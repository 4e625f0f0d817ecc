r"""Predicted against measured rates (section ``sec:measured``).

Heavy ball on the standard quadratics, measured rates against :math:`\rho(A)` on a grid of
:math:`(\alpha, \beta)`, and runs on the critical-damping curve where the finite-horizon
estimate overshoots: :mod:`~.experiments` (settings and cached results), :mod:`~.claims`,
:mod:`~.macros` and :mod:`~.figures` (the ``rates`` figure).
"""

from momentum_theory.paper._subject import Figure, Subject, claims_in
from momentum_theory.paper.measured import claims, figures, macros

__all__ = ["SUBJECT"]

SUBJECT = Subject(
    "measured",
    "Predicted against measured rates",
    figures=(
        Figure("rates", "predicted against measured rates on quadratics", figures.rates_figure),
    ),
    claims=claims_in(claims),
    macros=macros.macros,
)
