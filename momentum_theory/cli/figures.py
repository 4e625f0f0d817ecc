r"""``momentum-theory figures``: regenerate every figure (and the paper's numbers) in-process.

Figures come from the subjects of the paper (:data:`momentum_theory.paper.SUBJECTS`), in
the paper's order; each is written as ``<output-dir>/<name>.pdf``, ``.png`` and ``.json``
(what it draws, as data; default folder: ``figures/`` in the current directory, made if
missing). With ``--numbers DIR`` the paper's numbers (one ``<subject>.tex`` per subject,
and ``index.tex``, which lists them in order) are written into ``DIR`` too, from the same
experiment results, so nothing is computed twice. One line per item with its time, then
the total. Items that need PyTorch (or the extra ``pep``) are skipped, with the reason,
when it is not installed; an item that fails makes the command exit 1 after the others
have run. Bad arguments, and output folders that cannot be made or written, exit 2 before
anything runs, and nothing is written.

Everything is made in a temporary folder beside the output and moved in at the end, one
rename per file: a run that is interrupted (Ctrl-C, a crash) leaves the output folders as
they were, and a figure that fails leaves none of its files. The default folder is never
a source checkout's tracked ``figures/``: run from the repository's root, the command asks
for ``--output-dir figures`` (regenerating the committed figures is then what was asked).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from momentum_theory.cli._common import output_folder

__all__ = ["Outcome", "make_all", "register", "run"]

_DESCRIPTION = (
    "Regenerate every figure (and, with --numbers, the paper's numbers) in this process: "
    "each figure is written as <name>.pdf, <name>.png and <name>.json (what it draws, as "
    "data) into --output-dir, in the paper's "
    "order, one line per item with its time, then the total. Items that need PyTorch or "
    "the extra pep are skipped, with the reason, when it is not installed. Everything is "
    "made in a temporary folder and moved in at the end, so Ctrl-C writes nothing. Exits 1 "
    "if an item fails (after the others have run; its files are not written), 2 on bad "
    "arguments or an output folder that cannot be written."
)
# The default output folder, relative to the current directory.
DEFAULT_OUTPUT_DIR = "figures"


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


def make_all(
    items: Sequence[_Item],
    *,
    report: Callable[[str], None] = print,
    where: dict[str, tuple[Path, Path]] | None = None,
) -> list[Outcome]:
    """Make each item in order, reporting one line per item and the total time.

    ``where`` maps an item's name to the folder it writes into and the folder its files
    will be moved to; the report names them where they will be.
    """
    where = where or {}
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
        if item.name in where:
            stage, final = where[item.name]
            written = [final / Path(p).relative_to(stage) for p in written]
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
        metavar="DIR",
        help="folder the figures are written to, made if missing (default: figures/ in the "
        "current directory, except in a source checkout's root, whose figures/ are tracked "
        "files: there give --output-dir figures to regenerate them)",
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


def _is_source_checkout(folder: Path) -> bool:
    """Whether ``folder`` is the root of a momentum_theory source tree (a clone)."""
    return (folder / "momentum_theory" / "__init__.py").is_file() and (
        folder / "paper" / "main.tex"
    ).is_file()


def _output_dir(parser: argparse.ArgumentParser, given: str | None) -> Path:
    """The checked output folder: ``given``, or the default unless it holds tracked figures."""
    if given is None:
        if _is_source_checkout(Path.cwd()) and (Path.cwd() / DEFAULT_OUTPUT_DIR).is_dir():
            parser.error(
                f"--output-dir: the default, {DEFAULT_OUTPUT_DIR}/, is this source checkout's "
                f"committed figures; to regenerate them say so (--output-dir "
                f"{DEFAULT_OUTPUT_DIR}), else name another folder"
            )
        given = DEFAULT_OUTPUT_DIR
    return output_folder(parser, "--output-dir", given)


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory figures``; returns the exit status."""
    from momentum_theory import paper

    parser: argparse.ArgumentParser = arguments.parser
    registered = paper.figures()
    if arguments.list:
        notes = {
            "torch": "  (needs PyTorch)",
            "pep": "  (needs PEPit and cvxpy)",
            "atlas": "  (needs xarray and zarr)",
        }
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
    output_dir = _output_dir(parser, arguments.output_dir)
    numbers_dir = None
    if arguments.numbers is not None:
        numbers_dir = output_folder(parser, "--numbers", arguments.numbers)

    from momentum_theory._io import publish, staging

    with contextlib.ExitStack() as stack:
        # Each item makes its files in its own folder of a staging area beside its output
        # folder; those of the items made are moved in after the last one.
        figure_stage = stack.enter_context(staging(output_dir))
        items = [
            _Item(
                name,
                lambda figure=registered[name]: paper.make_figure(
                    figure, figure_stage / figure.name
                ),
                lambda figure=registered[name]: paper.missing_extras(figure.needs),
            )
            for name in names
        ]
        folders = {name: (figure_stage / name, output_dir) for name in names}
        if numbers_dir is not None:
            numbers_stage = stack.enter_context(staging(numbers_dir))
            makers: list[tuple[str, Callable[[Path], Path], Callable[[], str | None]]] = [
                (
                    f"numbers:{subject.name}",
                    lambda folder, subject=subject: paper.write_numbers(subject, folder),
                    lambda subject=subject: paper.missing_extras(subject.needs),
                )
                for subject in paper.SUBJECTS
                if subject.macros is not None
            ]
            makers.append(
                (
                    "numbers:index",
                    lambda folder: paper.write_index(paper.SUBJECTS, folder),
                    lambda: None,
                )
            )
            for name, write, unavailable in makers:
                stage = numbers_stage / name.replace(":", "-")
                items.append(
                    _Item(name, lambda write=write, stage=stage: [write(stage)], unavailable)
                )
                folders[name] = (stage, numbers_dir)
        outcomes = make_all(items, where=folders)
        for outcome in outcomes:
            if outcome.status == "made":
                publish(*folders[outcome.name])
    return 1 if any(o.status == "failed" for o in outcomes) else 0
