r"""The numbers the paper quotes, written as LaTeX macros from the experiments' results.

The paper never types a computed number: it says ``\gen{OptRateOneTen}`` and this package
defines ``\OptRateOneTen`` in ``paper/generated/<subject>.tex``. One module per subject;
each provides ``macros()`` (the numbers, read from :mod:`momentum_theory.experiments`) and
``CLAIMS`` (the :mod:`momentum_theory.verify` checks that the subject's text relies on).
:func:`write_subject` runs those checks first and refuses to write a subject whose claims
do not hold, so every statement the paper makes about its numbers is a row of
``momentum-theory verify``, computed from the same experiment.

Subjects (in the paper's order, but for noise, whose section precedes the network's):

=============  ==========================================================
derivation     sympy renderings of the derivation (equation bodies)
foundation     optimal parameters, accuracy of the spectral radius, errata
methods        the named methods on the two-step family, their optima and tunings
rates          predicted against measured rates
transients     Theorem 1, transient peaks, Jordan growth, worst case W_n
amplification  the 1/(1 - beta) velocity amplification
comparison2d   the chapter's 2-D comparison
training       the network experiments (needs PyTorch)
noise          gradient noise: stationary spread and the rate-noise frontier
beyond         the counterexample, PEP worst cases, certified rates (needs pep)
=============  ==========================================================
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from momentum_theory.claims import Claim
from momentum_theory.latex import Macro, write_macros

__all__ = [
    "NEEDS_PEP",
    "NEEDS_TORCH",
    "SUBJECTS",
    "ClaimFailed",
    "Subject",
    "subject",
    "write_subject",
]

SUBJECTS = (
    "derivation",
    "foundation",
    "methods",
    "rates",
    "transients",
    "amplification",
    "comparison2d",
    "training",
    "noise",
    "beyond",
)
NEEDS_TORCH = frozenset({"training"})
NEEDS_PEP = frozenset({"beyond"})


class ClaimFailed(RuntimeError):
    """A claim the paper's text makes about its numbers does not hold."""


@dataclass(frozen=True)
class Subject:
    """One file of generated numbers.

    Attributes
    ----------
    name : str
        The subject; written to ``<name>.tex``.
    macros : callable
        Returns the subject's :class:`~momentum_theory.latex.Macro` list.
    claims : tuple of callables
        The ``verify`` checks the subject's text relies on.
    needs_torch : bool
        Whether computing the subject needs PyTorch.
    needs_pep : bool
        Whether it needs the optional extra ``pep`` (PEPit, cvxpy).
    """

    name: str
    macros: Callable[[], list[Macro]]
    claims: tuple[Callable[[], Claim], ...]
    needs_torch: bool
    needs_pep: bool = False


def _module(name: str) -> ModuleType:
    if name not in SUBJECTS:
        raise ValueError(f"subject must be one of {', '.join(map(repr, SUBJECTS))}, got {name!r}")
    return importlib.import_module(f"momentum_theory.paper_numbers.{name}")


def subject(name: str) -> Subject:
    """The :class:`Subject` called ``name`` (one of :data:`SUBJECTS`)."""
    module = _module(name)
    return Subject(
        name, module.macros, tuple(module.CLAIMS), name in NEEDS_TORCH, name in NEEDS_PEP
    )


def check_claims(name: str) -> list[Claim]:
    """Run the claims of subject ``name``; :class:`ClaimFailed` naming any that fail."""
    results = [check() for check in subject(name).claims]
    failed = [claim for claim in results if not claim.passed]
    if failed:
        lines = "; ".join(f"{c.claim} (measured {c.measured:.3g}, {c.criterion})" for c in failed)
        raise ClaimFailed(f"subject {name!r}: the paper's claims do not hold: {lines}")
    return results


def write_subject(name: str, folder: str | os.PathLike[str]) -> Path:
    """Check subject ``name``'s claims, then write ``folder/<name>.tex`` atomically.

    Raises
    ------
    ClaimFailed
        If a claim the text relies on does not hold (nothing is written).
    """
    item = subject(name)
    check_claims(name)
    header = (
        f"Numbers for paper/main.tex, subject '{name}', written by\n"
        f"momentum_theory.paper_numbers.{name} from the experiments' results."
    )
    return write_macros(Path(folder) / f"{name}.tex", item.macros(), header=header)
