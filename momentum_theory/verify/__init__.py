"""Checks of the chapter's claims, each against an independent computation.

A check is a function taking no arguments and returning a :class:`CheckResult`. Each
module of this package covers one part of the theory and lists its checks in a
module-level tuple ``CHECKS``; :data:`GROUPS` names the modules in report order.
``momentum-theory verify`` runs them all and prints one row per check.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

# Modules of this package that hold checks, in report order.
GROUPS = ("foundation", "quadratic", "transients", "training")


@dataclass(frozen=True)
class CheckResult:
    """One verified (or refuted) claim.

    Attributes
    ----------
    claim : str
        The claim as the source states it (in our words), e.g. "rho(A) < 1 iff
        0 < alpha h < 2(1 + beta)".
    method : str
        How it was checked, naming the independent reference (sympy, mpmath, simulation).
    measured : float
        The figure the check measured (an error, a rate, a count of mismatches).
    criterion : str
        What ``measured`` had to satisfy, e.g. "<= 1e-14" or "== 0".
    passed : bool
        Whether it did.
    group : str
        The module the check came from.
    skipped : bool
        True when the check could not run here (an optional dependency is missing);
        ``method`` then says why. A skipped check neither passes nor fails.
    """

    claim: str
    method: str
    measured: float
    criterion: str
    passed: bool
    group: str = ""
    skipped: bool = False

    def as_dict(self) -> dict[str, object]:
        """JSON-ready dictionary (non-finite numbers become strings)."""
        record = asdict(self)
        if not math.isfinite(self.measured):
            record["measured"] = str(self.measured)
        return record


Check = Callable[[], CheckResult]


def at_most(
    claim: str, method: str, measured: float, limit: float, group: str = ""
) -> CheckResult:
    """A check that ``measured <= limit`` (a bound or a tolerance).

    Examples
    --------
    >>> result = at_most("rounding is small", "compared with mpmath", 3e-16, 1e-14)
    >>> result.passed, result.criterion
    (True, '<= 1e-14')
    """
    measured = float(measured)
    return CheckResult(claim, method, measured, f"<= {limit:g}", bool(measured <= limit), group)


def checks(groups: Sequence[str] | None = None) -> list[tuple[str, Check]]:
    """The checks of ``groups`` (default: :data:`GROUPS`) as ``(group, function)`` pairs.

    Examples
    --------
    >>> group, check = checks(["foundation"])[0]
    >>> group, check().passed
    ('foundation', True)
    """
    found: list[tuple[str, Check]] = []
    for group in GROUPS if groups is None else groups:
        module = importlib.import_module(f"momentum_theory.verify.{group}")
        found.extend((group, check) for check in module.CHECKS)
    return found
