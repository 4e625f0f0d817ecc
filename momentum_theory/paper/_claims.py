"""The one claim type: a statement of the theory, checked against an independent computation.

A :class:`Claim` is what ``momentum-theory verify`` prints as a row and what the paper's
number writer requires before it writes a subject: the paper quotes numbers only from
experiments whose claims hold, and every claim the paper relies on is a row of ``verify``.
A subject of :mod:`momentum_theory.paper` checks its claims with functions marked
:func:`claim` (``quoted=True`` where the paper's text relies on it), built with the
constructors below, so the criterion text always matches the test applied.

Examples
--------
>>> from momentum_theory.paper._claims import at_most, claim, holds
>>> at_most("rounding is small", "compared with mpmath", 3e-16, 1e-14).verdict
'PASS'
>>> holds("the peak exceeds one", "transient_peak", False).verdict
'FAIL'
>>> @claim(quoted=True)
... def peak_exceeds_one() -> Claim:
...     return holds("the peak exceeds one", "transient_peak", True)
>>> is_claim(peak_exceeds_one), is_quoted(peak_exceeds_one), peak_exceeds_one().passed
(True, True, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import TypeVar

__all__ = [
    "Check",
    "Claim",
    "at_least",
    "at_most",
    "claim",
    "equals",
    "holds",
    "is_claim",
    "is_quoted",
    "skipped",
]


@dataclass(frozen=True)
class Claim:
    """One verified (or refuted) statement.

    Attributes
    ----------
    claim : str
        The statement, in our words, e.g. "rho(A) < 1 iff 0 < alpha h < 2(1 + beta)".
    method : str
        How it was checked, naming the independent reference (sympy, mpmath, a simulation,
        torch's own optimizer).
    measured : float
        The figure the check measured (an error, a rate, a count of mismatches).
    criterion : str
        What ``measured`` had to satisfy, e.g. "<= 1e-14" or "== 0".
    passed : bool
        Whether it did.
    group : str
        The subject of the paper the claim belongs to (its name in
        :data:`momentum_theory.paper.SUBJECTS`).
    skipped : bool
        True when the check could not run here (an optional dependency is missing);
        ``method`` then says why. A skipped claim neither passes nor fails.
    """

    claim: str
    method: str
    measured: float
    criterion: str
    passed: bool
    group: str = ""
    skipped: bool = False

    @property
    def verdict(self) -> str:
        """``"PASS"``, ``"FAIL"`` or ``"SKIP"``."""
        return "SKIP" if self.skipped else "PASS" if self.passed else "FAIL"

    def in_group(self, group: str) -> Claim:
        """The same claim filed under ``group``."""
        return replace(self, group=group)

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dictionary (non-finite numbers become strings)."""
        record = asdict(self)
        if not math.isfinite(self.measured):
            record["measured"] = str(self.measured)
        return record


def at_most(claim: str, method: str, measured: float, limit: float, group: str = "") -> Claim:
    """A claim that ``measured <= limit`` (a bound or a tolerance)."""
    measured = float(measured)
    return Claim(claim, method, measured, f"<= {limit:g}", bool(measured <= limit), group)


def at_least(claim: str, method: str, measured: float, limit: float, group: str = "") -> Claim:
    """A claim that ``measured >= limit``."""
    measured = float(measured)
    return Claim(claim, method, measured, f">= {limit:g}", bool(measured >= limit), group)


def equals(claim: str, method: str, measured: float, expected: float, group: str = "") -> Claim:
    """A claim that ``measured == expected`` exactly (counts of mismatches, integers)."""
    measured = float(measured)
    return Claim(claim, method, measured, f"== {expected:g}", bool(measured == expected), group)


def holds(claim: str, method: str, condition: bool, group: str = "") -> Claim:
    """A qualitative claim: ``measured`` is 1 when ``condition`` holds, 0 otherwise."""
    return Claim(claim, method, float(bool(condition)), "holds", bool(condition), group)


def skipped(claim: str, reason: str, group: str = "") -> Claim:
    """A claim that could not be checked here, with the reason (e.g. how to install)."""
    return Claim(claim, f"not run: {reason}", math.nan, "needs an extra", False, group, True)


Check = Callable[[], Claim]
_Function = TypeVar("_Function", bound=Check)
# The attribute that marks a check function as a claim; its value says whether it is quoted.
_QUOTED = "__paper_claim_quoted__"


def claim(function: _Function | None = None, *, quoted: bool = False):
    """Mark a function of no arguments that returns a :class:`Claim` as a claim of its subject.

    ``verify`` runs every claim of every subject; the numbers writer runs a subject's
    ``quoted`` claims (those the paper's text relies on) before it writes the subject's
    numbers, and writes nothing if one fails. Use as ``@claim`` or ``@claim(quoted=True)``;
    the function itself is returned, marked.
    """

    def mark(check: _Function) -> _Function:
        setattr(check, _QUOTED, bool(quoted))
        return check

    return mark if function is None else mark(function)


def is_claim(function: object) -> bool:
    """Whether ``function`` is marked by :func:`claim`."""
    return hasattr(function, _QUOTED)


def is_quoted(function: object) -> bool:
    """Whether ``function`` is a claim that the paper quotes (``claim(quoted=True)``)."""
    return bool(getattr(function, _QUOTED, False))
