r"""Theorem 1 and transients (section ``sec:transients``).

:math:`\|A^t\|_2` in three regimes against its bound :math:`C(\varepsilon)(\rho +
\varepsilon)^t`, transient peaks, Jordan growth on the critical curve, runs from rest, and
the finite-horizon worst case :math:`W_n` at Polyak's parameters against Chebyshev's
optimum: :mod:`~.experiments` (settings and cached results), :mod:`~.claims`,
:mod:`~.macros` (the table's numbers) and :mod:`~.figures` (the ``transients`` figure).
"""

from momentum_theory.paper._subject import Figure, Subject, claims_in
from momentum_theory.paper.transients import claims, figures, macros

__all__ = ["SUBJECT"]

SUBJECT = Subject(
    "transients",
    "Theorem 1 and transients",
    figures=(
        Figure(
            "transients",
            "Theorem 1: ||A^t||_2 and its bounds, three regimes",
            figures.transients_figure,
        ),
    ),
    claims=claims_in(claims),
    macros=macros.macros,
)
