r"""``momentum-theory figures``: regenerate every figure (and the paper's numbers) in-process.

Figures come from the subjects of the paper (:data:`momentum_theory.paper.SUBJECTS`), in
the paper's order; each is written as ``<output-dir>/<name>.pdf``, ``.png`` and ``.json``
(what it draws, as data; default folder: ``figures/`` in the current directory, made if
missing). With ``--numbers DIR`` the paper's numbers (one ``<subject>.tex`` per subject,
and ``index.tex``, which lists them in order) are written into ``DIR`` too, from the same
experiment results, so nothing is computed twice. One line per item with its time, then
the total. Items that need PyTorch (or the extra ``pep``) are skipped, with the reason,
when it is not installed; an item that fails makes the command exit 1 after the others
have run. Bad arguments exit 2 before anything runs, and nothing is written.
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

__all__ = ["Outcome", "make_all", "register", "run"]

_DESCRIPTION = (
    "Regenerate every figure (and, with --numbers, the paper's numbers) in this process: "
    "each figure is written as <name>.pdf, <name>.png and <name>.json (what it draws, as "
    "data) into --output-dir, in the paper's "
    "order, one line per item with its time, then the total. Items that need PyTorch or "
    "the extra pep are skipped, with the reason, when it is not installed. Exits 1 if an "
    "item fails (after the others have run), 2 on bad arguments."
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
        help="also write the paper's numbers (<subject>.tex, every subject, and index.tex) "
        "into DIR",
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
    from momentum_theory import paper

    parser: argparse.ArgumentParser = arguments.parser
    registered = paper.figures()
    if arguments.list:
        notes = {"torch": "  (needs PyTorch)", "pep": "  (needs PEPit and cvxpy)"}
        for figure in registered.values():
            extra = "".join(notes[need] for need in figure.needs)
            print(f"{figure.name:<22} {figure.description}{extra}")
        return 0
    names = list(registered)
    if arguments.only:
        unknown = [name for name in arguments.only if name not in registered]
        if unknown:
            parser.error(
                f"--only: unknown figure {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(registered)}"
            )
        names = [name for name in registered if name in set(arguments.only)]
    output_dir = _writable_folder(parser, "--output-dir", arguments.output_dir)
    numbers_dir = None
    if arguments.numbers is not None:
        numbers_dir = _writable_folder(parser, "--numbers", arguments.numbers)

    items = [
        _Item(
            name,
            lambda figure=registered[name]: paper.make_figure(figure, output_dir),
            lambda figure=registered[name]: paper.missing_extras(figure.needs),
        )
        for name in names
    ]
    if numbers_dir is not None:

        def writer(write: Callable[[Path], Path]) -> Callable[[], list[Path]]:
            def write_into_folder() -> list[Path]:
                numbers_dir.mkdir(parents=True, exist_ok=True)
                return [write(numbers_dir)]

            return write_into_folder

        items += [
            _Item(
                f"numbers:{subject.name}",
                writer(lambda folder, subject=subject: paper.write_numbers(subject, folder)),
                lambda subject=subject: paper.missing_extras(subject.needs),
            )
            for subject in paper.SUBJECTS
            if subject.macros is not None
        ]
        items.append(
            _Item(
                "numbers:index", writer(lambda folder: paper.write_index(paper.SUBJECTS, folder))
            )
        )
    outcomes = make_all(items)
    return 1 if any(o.status == "failed" for o in outcomes) else 0
