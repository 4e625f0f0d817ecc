"""``momentum-theory verify``: check the chapter's claims and print a verdict for each.

The claims are those of the paper's subjects (:data:`momentum_theory.paper.SUBJECTS`), in
the paper's order, each filed under its subject. A progress bar is drawn on a terminal
only (:mod:`momentum_theory._progress`). The ``--json`` report is strict JSON (no
``NaN`` or ``Infinity``, which ``json.loads`` accepts but most other parsers refuse): a
measured figure is a number, or null where it is not finite, and ``measured_text`` beside
it always says what it was (``"inf"``, ``"nan"`` for a skipped claim).
"""

from __future__ import annotations

import argparse
import json
import math
import time
from typing import TYPE_CHECKING

from momentum_theory.cli._common import output_path

if TYPE_CHECKING:
    from momentum_theory.paper._claims import Claim


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``verify`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "verify",
        help="check every claim of the chapter against an independent computation",
        description=(
            "Run every registered check (symbolic derivations, exact spectral radius, "
            "predicted vs measured rates, ...) and print a table: claim, how it was "
            "checked, the measured figure, the criterion and the verdict. Exits with "
            "status 1 if any claim fails."
        ),
    )
    parser.add_argument("--json", metavar="PATH", help="also write the report as JSON")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="SUBJECT",
        help="check only the claims of these subjects of the paper; default all",
    )
    parser.set_defaults(run=run, parser=parser)


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory verify``; returns the exit status."""
    json_path = None
    if arguments.json is not None:
        json_path = output_path(arguments.parser, "--json", arguments.json, (".json",))

    from momentum_theory import paper
    from momentum_theory._io import atomic_write
    from momentum_theory._progress import progress

    subjects = paper.SUBJECTS
    if arguments.only:
        known = [subject.name for subject in subjects]
        unknown = [name for name in arguments.only if name not in known]
        if unknown:
            arguments.parser.error(
                f"--only: unknown subject {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(known)}"
            )
        subjects = [subject for subject in subjects if subject.name in arguments.only]
    results: list[Claim] = []
    started = time.perf_counter()
    registered = [(subject.name, check) for subject in subjects for check in subject.claims]
    for group, check in progress(registered, desc="verify", unit="check", leave=False):
        results.append(check().in_group(group))
    elapsed = time.perf_counter() - started
    print(_table(results))
    skipped = sum(r.skipped for r in results)
    failed = sum(not r.passed and not r.skipped for r in results)
    passed = len(results) - failed - skipped
    print(f"\n{passed} passed, {failed} failed, {skipped} skipped ({elapsed:.1f} s)")
    if json_path is not None:
        report = {
            "passed": failed == 0,
            "seconds": round(elapsed, 3),
            "checks": [_strict(r) for r in results],
        }
        with atomic_write(json_path, "w") as stream:
            json.dump(report, stream, indent=2, allow_nan=False)
            stream.write("\n")
    return 0 if failed == 0 else 1


def _strict(result: Claim) -> dict[str, object]:
    """``result`` as a JSON object with numbers or null, never non-finite numbers."""
    record = result.as_dict()
    finite = math.isfinite(result.measured)
    record["measured"] = result.measured if finite else None
    record["measured_text"] = repr(result.measured) if finite else str(result.measured)
    return record


def _table(results: list) -> str:
    """Rows of verdict, claim, method, measured figure and criterion; long text wraps."""
    import textwrap

    widths = (7, 44, 52, 10, 12)
    header = ("verdict", "claim", "how it was checked", "measured", "criterion")
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for r in results:
        cells = (
            r.verdict,
            r.claim,
            r.method,
            f"{r.measured:.3g}",
            r.criterion,
        )
        wrapped = [textwrap.wrap(cell, width) or [""] for cell, width in zip(cells, widths)]
        for i in range(max(len(w) for w in wrapped)):
            parts = [
                (w[i] if i < len(w) else "").ljust(width) for w, width in zip(wrapped, widths)
            ]
            lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)
