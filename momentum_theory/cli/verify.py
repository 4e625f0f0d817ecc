"""``momentum-theory verify``: check the chapter's claims and print a verdict for each."""

from __future__ import annotations

import argparse
import json
import time

from momentum_theory.cli._common import output_path


def register(subparsers: argparse._SubParsersAction) -> None:
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
    parser.set_defaults(run=run, parser=parser)


def run(arguments: argparse.Namespace) -> int:
    json_path = None
    if arguments.json is not None:
        json_path = output_path(arguments.parser, "--json", arguments.json, (".json",))

    from tqdm import tqdm

    from momentum_theory._io import atomic_write
    from momentum_theory.verify import CheckResult, checks

    results: list[CheckResult] = []
    started = time.perf_counter()
    registered = checks()
    for group, check in tqdm(registered, desc="verify", unit="check", leave=False):
        result = check()
        results.append(
            CheckResult(**{**result.as_dict(), "measured": result.measured, "group": group})
        )
    elapsed = time.perf_counter() - started
    print(_table(results))
    failed = sum(not r.passed for r in results)
    print(f"\n{len(results) - failed} passed, {failed} failed ({elapsed:.1f} s)")
    if json_path is not None:
        report = {
            "passed": failed == 0,
            "seconds": round(elapsed, 3),
            "checks": [r.as_dict() for r in results],
        }
        with atomic_write(json_path, "w") as stream:
            json.dump(report, stream, indent=2)
            stream.write("\n")
    return 0 if failed == 0 else 1


def _table(results: list) -> str:
    header = ("verdict", "claim", "how it was checked", "measured", "criterion")
    rows = [
        ("PASS" if r.passed else "FAIL", r.claim, r.method, f"{r.measured:.3g}", r.criterion)
        for r in results
    ]
    widths = [
        min(max(len(row[i]) for row in [header, *rows]), cap)
        for i, cap in enumerate((7, 48, 56, 10, 12))
    ]

    def line(row: tuple[str, ...]) -> str:
        cells = [
            cell if len(cell) <= width else cell[: width - 1] + "…"
            for cell, width in zip(row, widths)
        ]
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])
