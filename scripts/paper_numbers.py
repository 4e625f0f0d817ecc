r"""Write every number the paper quotes into paper/generated/<subject>.tex, as LaTeX macros.

The numbers and the claims each subject relies on are defined in
:mod:`momentum_theory.paper_numbers`; this script only chooses subjects and the folder.
A subject is written only if its claims (rows of ``momentum-theory verify``) hold.

    python scripts/paper_numbers.py                        # every subject
    python scripts/paper_numbers.py --only foundation      # one subject
    python scripts/paper_numbers.py --list

A subject that needs PyTorch (or the extra ``pep``: PEPit and cvxpy) is skipped, with the
reason, when it is not installed (exit status 0; ``--strict`` makes it 1). Any other
failure exits 1 and leaves the previous file in place. Unknown subjects and bad folders
exit 2 before anything runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

from momentum_theory.paper_numbers import (
    NEEDS_PEP,
    NEEDS_TORCH,
    SUBJECTS,
    ClaimFailed,
    write_subject,
)

GENERATED = Path(__file__).resolve().parent.parent / "paper" / "generated"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="paper_numbers.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", choices=SUBJECTS, metavar="SUBJECT")
    parser.add_argument("--output-dir", default=str(GENERATED), metavar="DIR")
    parser.add_argument("--list", action="store_true", help="list the subjects and exit")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a subject is skipped")
    arguments = parser.parse_args(argv)
    if arguments.list:
        needs = {
            **dict.fromkeys(NEEDS_TORCH, "  (needs PyTorch)"),
            **dict.fromkeys(NEEDS_PEP, "  (needs pep)"),
        }
        print("\n".join(n + needs.get(n, "") for n in SUBJECTS))
        return 0
    folder = Path(arguments.output_dir)
    if not folder.is_dir():
        parser.error(f"--output-dir: {folder} is not an existing folder")
    have_torch = importlib.util.find_spec("torch") is not None
    have_pep = all(importlib.util.find_spec(name) is not None for name in ("PEPit", "cvxpy"))
    status = 0
    for name in [n for n in SUBJECTS if n in (arguments.only or SUBJECTS)]:
        if name in NEEDS_TORCH and not have_torch:
            print(f"{name:<14} skipped: PyTorch is not installed (pip install -e '.[torch]')")
            status = 1 if arguments.strict else status
            continue
        if name in NEEDS_PEP and not have_pep:
            print(f"{name:<14} skipped: PEPit or cvxpy is not installed (pip install -e '.[pep]')")
            status = 1 if arguments.strict else status
            continue
        started = time.perf_counter()
        try:
            path = write_subject(name, folder)
        except ClaimFailed as failure:  # nothing written for this subject
            print(f"{name:<14} FAILED: {failure}", file=sys.stderr)
            status = 1
            continue
        print(f"{name:<14} {time.perf_counter() - started:5.1f} s  {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
