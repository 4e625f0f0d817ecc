r"""``momentum-theory figures``: regenerate every figure (and the paper's numbers) in-process.

Figures come from the registry :data:`momentum_theory.figures.FIGURES`, in the paper's
order; each is written as ``<output-dir>/<name>.pdf``, ``.png`` and ``.json`` (what it
draws, as data; default folder: ``figures/`` in the current directory, made if missing).
With ``--numbers DIR`` the paper's numbers (:mod:`momentum_theory.paper_numbers`) are
written into ``DIR`` too, from the same experiment results, so nothing is computed twice.
One line per item with its time, then the total. Items that need PyTorch are skipped, with
the reason, when it is not installed; an item that fails makes the command exit 1 after
the others have run. Bad arguments exit 2 before anything runs, and nothing is written.

``scripts/make_figures.py`` is the same command as a script.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Outcome", "main", "make_all", "register", "run"]

_DESCRIPTION = (
    "Regenerate every figure (and, with --numbers, the paper's numbers) in this process: "
    "each figure is written as <name>.pdf, <name>.png and <name>.json (what it draws, as "
    "data) into --output-dir, in the paper's "
    "order, one line per item with its time, then the total. Items that need PyTorch are "
    "skipped, with the reason, when it is not installed. Exits 1 if an item fails (after "
    "the others have run), 2 on bad arguments."
)


@dataclass(frozen=True)
class Outcome:
    """What happened to one figure or subject of numbers.

    Attributes
    ----------
    name : str
        The figure name, or ``numbers:<subject>``.
    status : {"made", "skipped", "failed"}
    seconds : float
        Wall time (0 when skipped).
    reason : str
        Why it was skipped or failed; empty when made.
    """

    name: str
    status: str
    seconds: float
    reason: str = ""


@dataclass(frozen=True)
class _Item:
    name: str
    make: Callable[[], list[Path]]
    # Why the item cannot be made here (an optional extra is missing), or None.
    unavailable: Callable[[], str | None] = lambda: None


def make_all(items: Sequence[_Item], *, report: Callable[[str], None] = print) -> list[Outcome]:
    """Make each item in order, reporting one line per item and the total time."""
    outcomes: list[Outcome] = []
    width = max((len(item.name) for item in items), default=0)
    started = time.perf_counter()
    for index, item in enumerate(items, start=1):
        prefix = f"[{index}/{len(items)}] {item.name:<{width}}"
        missing = item.unavailable()
        if missing:
            outcomes.append(Outcome(item.name, "skipped", 0.0, missing))
            report(f"{prefix}  skipped: {missing}")
            continue
        began = time.perf_counter()
        try:
            written = item.make()
        except Exception as error:  # one failure must not stop the others
            seconds = time.perf_counter() - began
            reason = f"{type(error).__name__}: {error}"
            outcomes.append(Outcome(item.name, "failed", seconds, reason))
            report(f"{prefix}  FAILED after {seconds:.1f} s: {reason}")
            traceback.print_exc(file=sys.stderr)
            continue
        seconds = time.perf_counter() - began
        outcomes.append(Outcome(item.name, "made", seconds))
        report(f"{prefix}  {seconds:6.1f} s  {', '.join(str(p) for p in written)}")
    total = time.perf_counter() - started
    counts = {s: sum(o.status == s for o in outcomes) for s in ("made", "skipped", "failed")}
    report(
        f"{counts['made']} made, {counts['skipped']} skipped, {counts['failed']} failed "
        f"in {total:.1f} s"
    )
    return outcomes


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output-dir",
        default="figures",
        metavar="DIR",
        help="folder the figures are written to, made if missing (default: figures/ in the "
        "current directory)",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        help="make only these figures (names as in --list); default all",
    )
    parser.add_argument(
        "--numbers",
        metavar="DIR",
        help="also write the paper's numbers (<subject>.tex, every subject) into DIR",
    )
    parser.add_argument("--list", action="store_true", help="list the figures, then exit")
    parser.set_defaults(run=run, parser=parser)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``figures`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "figures",
        help="regenerate every figure of the paper (and its numbers, with --numbers)",
        description=_DESCRIPTION,
    )
    _add_arguments(parser)


def _writable_folder(parser: argparse.ArgumentParser, option: str, text: str) -> Path:
    """``text`` as a folder that exists or can be made and written; exit 2 otherwise."""
    folder = Path(text)
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if folder.exists() and not folder.is_dir():
        parser.error(f"{option}: {folder} is not a folder")
    if not existing.is_dir():
        parser.error(f"{option}: {existing} is not a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        parser.error(f"{option}: {existing} is not writable")
    return folder


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory figures``; returns the exit status."""
    from momentum_theory.figures import FIGURES, make_figure, missing_extras, unavailable

    parser: argparse.ArgumentParser = arguments.parser
    if arguments.list:
        for spec in FIGURES.values():
            extra = (
                "  (needs PyTorch)"
                if spec.needs_torch
                else "  (needs PEPit and cvxpy)"
                if spec.needs_pep
                else ""
            )
            print(f"{spec.name:<22} {spec.description}{extra}")
        return 0
    names = list(FIGURES)
    if arguments.only:
        unknown = [name for name in arguments.only if name not in FIGURES]
        if unknown:
            parser.error(
                f"--only: unknown figure {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(FIGURES)}"
            )
        names = [name for name in FIGURES if name in set(arguments.only)]
    output_dir = _writable_folder(parser, "--output-dir", arguments.output_dir)
    numbers_dir = None
    if arguments.numbers is not None:
        numbers_dir = _writable_folder(parser, "--numbers", arguments.numbers)

    items = [
        _Item(
            name,
            lambda name=name: make_figure(name, output_dir),
            lambda name=name: unavailable(name),
        )
        for name in names
    ]
    if numbers_dir is not None:
        from momentum_theory.paper_numbers import NEEDS_PEP, NEEDS_TORCH, SUBJECTS, write_subject

        def writer(subject: str) -> Callable[[], list[Path]]:
            def write() -> list[Path]:
                numbers_dir.mkdir(parents=True, exist_ok=True)
                return [write_subject(subject, numbers_dir)]

            return write

        items += [
            _Item(
                f"numbers:{subject}",
                writer(subject),
                lambda subject=subject: missing_extras(
                    torch=subject in NEEDS_TORCH, pep=subject in NEEDS_PEP
                ),
            )
            for subject in SUBJECTS
        ]
    outcomes = make_all(items)
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """The command as a standalone program (``scripts/make_figures.py``)."""
    from momentum_theory.cli import _Parser

    parser = _Parser(prog=prog, description=_DESCRIPTION)
    _add_arguments(parser)
    arguments = parser.parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
