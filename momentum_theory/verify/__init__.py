"""Checks of the theory's claims, each against an independent computation.

A check is a function taking no arguments and returning a
:class:`~momentum_theory.claims.Claim`. Each module of this package covers one part of
the theory and lists its checks in a module-level tuple ``CHECKS``; :data:`GROUPS` names
the modules in report order. ``momentum-theory verify`` runs them all and prints one row
per check, and the paper's number writer (:mod:`momentum_theory.paper_numbers`) runs the
checks its subject relies on before it writes a number. Checks read the results of
:mod:`momentum_theory.experiments`, so a number the paper quotes and the row that checks
it come from one computation.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from momentum_theory.claims import Claim, at_least, at_most, equals, holds, skipped

__all__ = [
    "GROUPS",
    "Check",
    "CheckResult",
    "Claim",
    "at_least",
    "at_most",
    "checks",
    "equals",
    "holds",
    "run_check",
    "skipped",
]

# Modules of this package that hold checks, in report order.
GROUPS = ("foundation", "quadratic", "transients", "methods", "training", "noise", "beyond")

# The one claim type lives in momentum_theory.claims; CheckResult is its old name here.
CheckResult = Claim
Check = Callable[[], Claim]


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


def run_check(group: str, check: Check) -> Claim:
    """Run ``check`` and file its claim under ``group``."""
    return check().in_group(group)
