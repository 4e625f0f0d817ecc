r"""``python -m momentum_theory.paper``: what ``paper/Makefile`` asks the package.

    python -m momentum_theory.paper list-figures [--needs torch|pep]
    python -m momentum_theory.paper list-subjects [--numbers] [--needs torch|pep]
    python -m momentum_theory.paper numbers --output-dir DIR [--only SUBJECT ...] [--strict]
    python -m momentum_theory.paper index --output-dir DIR

The lists come from :data:`momentum_theory.paper.SUBJECTS`, in the paper's order, one
name per line. ``numbers`` writes each subject's ``<subject>.tex`` (and, without
``--only``, ``index.tex``) only if the claims its text relies on hold: a failing claim
exits 1 and leaves that subject's previous file in place. A subject that needs PyTorch or
the extra ``pep`` is skipped, with the reason, when it is not installed (exit 0;
``--strict`` makes it 1). Bad arguments exit 2 before anything runs. Figures are made by
``momentum-theory figures``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from momentum_theory import paper
from momentum_theory.paper._subject import (
    EXTRAS,
    ClaimFailed,
    missing_extras,
    write_index,
    write_numbers,
)

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m momentum_theory.paper", description=__doc__.split("\n\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    listing = commands.add_parser("list-figures", help="the figures' names, in order")
    listing.add_argument("--needs", choices=EXTRAS, help="only those that need this extra")
    subjects = commands.add_parser("list-subjects", help="the subjects' names, in order")
    subjects.add_argument("--numbers", action="store_true", help="only those with numbers")
    subjects.add_argument("--needs", choices=EXTRAS, help="only those whose numbers need it")
    numbers = commands.add_parser("numbers", help="write the subjects' numbers")
    with_numbers = [s.name for s in paper.SUBJECTS if s.macros is not None]
    numbers.add_argument("--only", nargs="+", choices=with_numbers, metavar="SUBJECT")
    numbers.add_argument("--output-dir", required=True, metavar="DIR")
    numbers.add_argument("--strict", action="store_true", help="exit 1 if a subject is skipped")
    index = commands.add_parser("index", help="write index.tex, the numbers files in order")
    index.add_argument("--output-dir", required=True, metavar="DIR")
    return parser


def _numbers(arguments: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    folder = Path(arguments.output_dir)
    if not folder.is_dir():
        parser.error(f"--output-dir: {folder} is not an existing folder")
    chosen = set(arguments.only or ())
    status = 0
    for subject in paper.SUBJECTS:
        if subject.macros is None or (chosen and subject.name not in chosen):
            continue
        missing = missing_extras(subject.needs)
        if missing:
            print(f"{subject.name:<14} skipped: {missing}")
            status = 1 if arguments.strict else status
            continue
        started = time.perf_counter()
        try:
            path = write_numbers(subject, folder)
        except ClaimFailed as failure:  # nothing written for this subject
            print(f"{subject.name:<14} FAILED: {failure}", file=sys.stderr)
            status = 1
            continue
        print(f"{subject.name:<14} {time.perf_counter() - started:5.1f} s  {path}")
    if not chosen:
        print(f"{'index':<14} {write_index(paper.SUBJECTS, folder)}")
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    parser = _parser()
    arguments = parser.parse_args(argv)
    if arguments.command == "list-figures":
        names = [f.name for f in paper.figures().values() if arguments.needs in (None, *f.needs)]
        print("\n".join(names))
        return 0
    if arguments.command == "list-subjects":
        names = [
            s.name
            for s in paper.SUBJECTS
            if (s.macros is not None or not arguments.numbers)
            and arguments.needs in (None, *s.needs)
        ]
        print("\n".join(names))
        return 0
    if arguments.command == "index":
        folder = Path(arguments.output_dir)
        if not folder.is_dir():
            parser.error(f"--output-dir: {folder} is not an existing folder")
        print(write_index(paper.SUBJECTS, folder))
        return 0
    return _numbers(arguments, parser)


if __name__ == "__main__":
    sys.exit(main())
