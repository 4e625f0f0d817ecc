r"""``momentum-theory figures``: regenerate every figure of the paper from its script.

Each figure has one thin script, ``scripts/fig_<name>.py``, which writes
``<output-dir>/<name>.pdf`` and ``.png`` and accepts ``--output-dir``. This command runs
those scripts of the source checkout, one process each, in a fixed order
(:data:`FIGURE_ORDER` first, any other ``fig_*.py`` after it alphabetically), prints one
line per figure with its time, and the total. Figures whose script needs PyTorch are
reported as skipped, with the reason, when PyTorch is not installed; a script that fails
(or exits 0 without writing ``<name>.pdf``) makes the command exit 1 after the others
have run. Bad arguments (an unknown ``--only`` name, an output folder that cannot be
made) exit 2 before any script runs.

The scripts live in the repository, not in the installed package, so the command needs
a source checkout (``pip install -e .`` from a clone); from an installed wheel it exits
2 and says so. ``scripts/make_figures.py`` is the same command as a script.

Examples
--------
>>> from momentum_theory.cli.figures import order_key
>>> sorted(["rates", "zeta", "heatmap", "alpha"], key=order_key)
['heatmap', 'rates', 'alpha', 'zeta']
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FIGURE_ORDER",
    "FigureOutcome",
    "FigureScript",
    "NotACheckout",
    "discover",
    "main",
    "make_figures",
    "order_key",
    "register",
    "repository_root",
    "torch_available",
]

# The paper's order: foundation, then predicted vs measured, then the network.
FIGURE_ORDER = (
    "heatmap",
    "heatmap_spectrum",
    "rates",
    "transients",
    "amplification",
    "comparison2d",
    "training_losses",
    "training_equivalence",
    "training_sweep",
)
# A script needs PyTorch if its figure name has this prefix or its source imports torch
# or the training package (which imports torch).
_TORCH_PREFIX = "training_"
_TORCH_MARKERS = ("import torch", "from torch", "momentum_theory.training")
TORCH_MISSING = "PyTorch is not installed (pip install -e '.[torch]')"
# Lines of a failing script's output repeated on stderr.
_FAILURE_TAIL = 20
_DESCRIPTION = (
    "Regenerate every figure by running the source checkout's scripts/fig_<name>.py (each "
    "writes <name>.pdf and <name>.png into --output-dir), one process each, in the paper's "
    "order; print one line per figure with its time, and the total. Figures that need "
    "PyTorch are skipped, with the reason, when it is not installed. Exits 1 if a script "
    "fails (after running the others), 2 on bad arguments or outside a source checkout."
)


class NotACheckout(RuntimeError):
    """The package is not running from a source checkout with a ``scripts/`` folder."""


@dataclass(frozen=True)
class FigureScript:
    """One ``scripts/fig_<name>.py``.

    Attributes
    ----------
    name : str
        The figure name: the script writes ``<name>.pdf`` and ``<name>.png``.
    path : pathlib.Path
        The script.
    needs_torch : bool
        Whether the script imports PyTorch (directly or through
        :mod:`momentum_theory.training`).
    """

    name: str
    path: Path
    needs_torch: bool


@dataclass(frozen=True)
class FigureOutcome:
    """What happened to one figure.

    Attributes
    ----------
    name : str
        The figure name.
    status : {"made", "skipped", "failed"}
        ``made``: the script exited 0 and wrote ``<name>.pdf``.
    seconds : float
        Wall time of the script (0 when skipped).
    reason : str
        Why it was skipped or failed; empty when made.
    """

    name: str
    status: str
    seconds: float
    reason: str = ""


def order_key(name: str) -> tuple[int, str]:
    """Sort key: names in :data:`FIGURE_ORDER` first, in that order, then the rest by name."""
    if name in FIGURE_ORDER:
        return (FIGURE_ORDER.index(name), "")
    return (len(FIGURE_ORDER), name)


def repository_root() -> Path:
    """The source checkout holding this package: the folder with ``pyproject.toml`` and
    ``scripts/`` next to ``momentum_theory/``.

    Raises
    ------
    NotACheckout
        If the package is installed outside a checkout (from a wheel).
    """
    root = Path(__file__).resolve().parent.parent.parent
    if not ((root / "pyproject.toml").is_file() and (root / "scripts").is_dir()):
        raise NotACheckout(
            f"no scripts/ folder beside the installed package (looked in {root}); the "
            "figure scripts live in the source repository: clone it and install it with "
            "'pip install -e .', then run this command again"
        )
    return root


def discover(scripts_dir: str | os.PathLike[str]) -> list[FigureScript]:
    """Every ``fig_*.py`` in ``scripts_dir``, in the fixed order of :func:`order_key`."""
    found = []
    for path in Path(scripts_dir).glob("fig_*.py"):
        name = path.stem.removeprefix("fig_")
        source = path.read_text(encoding="utf-8")
        needs_torch = name.startswith(_TORCH_PREFIX) or any(m in source for m in _TORCH_MARKERS)
        found.append(FigureScript(name, path, needs_torch))
    return sorted(found, key=lambda script: order_key(script.name))


def torch_available() -> bool:
    """Whether PyTorch can be found (without importing it, which takes seconds)."""
    return importlib.util.find_spec("torch") is not None


def _run_script(script: FigureScript, output_dir: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "MPLBACKEND": "Agg", "PYTHONHASHSEED": "0"}
    return subprocess.run(
        [sys.executable, str(script.path), "--output-dir", str(output_dir)],
        cwd=script.path.parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def make_figures(
    scripts: Sequence[FigureScript],
    output_dir: str | os.PathLike[str],
    *,
    have_torch: bool | None = None,
    run: Callable[[FigureScript, Path], subprocess.CompletedProcess] = _run_script,
    report: Callable[[str], None] = print,
) -> list[FigureOutcome]:
    """Run each script in order, reporting one line per figure and the total time.

    Parameters
    ----------
    scripts : sequence of FigureScript
        The figures to make, in order (see :func:`discover`).
    output_dir : path-like
        Existing folder the scripts write into (passed as ``--output-dir``).
    have_torch : bool, optional
        Whether PyTorch is available; default :func:`torch_available`.
    run : callable, optional
        Runs one script and returns its completed process (tests replace it).
    report : callable, optional
        Receives each progress line.

    Returns
    -------
    list of FigureOutcome
        One per script, in order. A script that fails does not stop the others.

    Examples
    --------
    >>> import pathlib, subprocess, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> def fake(script, output_dir):
    ...     (output_dir / f"{script.name}.pdf").write_bytes(b"%PDF-")
    ...     return subprocess.CompletedProcess([], 0, "", "")
    >>> scripts = [FigureScript("a", folder / "fig_a.py", False),
    ...            FigureScript("training_b", folder / "fig_training_b.py", True)]
    >>> outcomes = make_figures(scripts, folder, have_torch=False, run=fake,
    ...                         report=lambda line: None)
    >>> [(o.name, o.status) for o in outcomes]
    [('a', 'made'), ('training_b', 'skipped')]
    """
    output_dir = Path(output_dir)
    have_torch = torch_available() if have_torch is None else have_torch
    outcomes: list[FigureOutcome] = []
    width = max((len(s.name) for s in scripts), default=0)
    started = time.perf_counter()
    for index, script in enumerate(scripts, start=1):
        prefix = f"[{index}/{len(scripts)}] {script.name:<{width}}"
        if script.needs_torch and not have_torch:
            outcomes.append(FigureOutcome(script.name, "skipped", 0.0, TORCH_MISSING))
            report(f"{prefix}  skipped: {TORCH_MISSING}")
            continue
        began_wall, began = time.time(), time.perf_counter()
        process = run(script, output_dir)
        seconds = time.perf_counter() - began
        target = output_dir / f"{script.name}.pdf"
        if process.returncode != 0:
            reason = f"{script.path.name} exited with status {process.returncode}"
        elif not target.is_file() or target.stat().st_mtime < began_wall - 1.0:
            reason = f"{script.path.name} exited 0 but did not write {target}"
        else:
            outcomes.append(FigureOutcome(script.name, "made", seconds))
            report(f"{prefix}  {seconds:6.1f} s  {target}")
            continue
        outcomes.append(FigureOutcome(script.name, "failed", seconds, reason))
        report(f"{prefix}  FAILED after {seconds:.1f} s: {reason}")
        tail = ((process.stdout or "") + (process.stderr or "")).splitlines()[-_FAILURE_TAIL:]
        for line in tail:
            print(f"    {line}", file=sys.stderr)
    total = time.perf_counter() - started
    counts = {s: sum(o.status == s for o in outcomes) for s in ("made", "skipped", "failed")}
    report(
        f"{counts['made']} made, {counts['skipped']} skipped, {counts['failed']} failed "
        f"in {total:.1f} s (output in {output_dir})"
    )
    return outcomes


def _add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--output-dir",
        metavar="DIR",
        help="folder the figures are written to (made if its parent exists); default the "
        "repository's figures/",
    )
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        help="make only these figures (names as in --list, e.g. heatmap rates); default all",
    )
    parser.add_argument(
        "--list", action="store_true", help="list the figures and their scripts, then exit"
    )
    parser.set_defaults(run=run, parser=parser)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``figures`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "figures",
        help="regenerate every figure of the paper by running scripts/fig_*.py",
        description=_DESCRIPTION,
    )
    _add_arguments(parser)


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory figures``; returns the exit status."""
    parser: argparse.ArgumentParser = arguments.parser
    try:
        root = repository_root()
    except NotACheckout as problem:
        parser.error(str(problem))
    scripts = discover(root / "scripts")
    if arguments.list:
        for script in scripts:
            extra = "  (needs PyTorch)" if script.needs_torch else ""
            print(f"{script.name:<22} scripts/{script.path.name}{extra}")
        return 0
    if arguments.only:
        known = {s.name: s for s in scripts}
        names = [name.removeprefix("fig_").removesuffix(".py") for name in arguments.only]
        unknown = [name for name in names if name not in known]
        if unknown:
            parser.error(
                f"--only: unknown figure {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(known)}"
            )
        wanted = set(names)
        scripts = [s for s in scripts if s.name in wanted]
    output_dir = Path(arguments.output_dir) if arguments.output_dir else root / "figures"
    if output_dir.exists() and not output_dir.is_dir():
        parser.error(f"--output-dir: {output_dir} is not a folder")
    if not output_dir.exists() and not output_dir.parent.is_dir():
        parser.error(f"--output-dir: parent folder {output_dir.parent} does not exist")
    if not os.access(output_dir if output_dir.exists() else output_dir.parent, os.W_OK):
        parser.error(f"--output-dir: {output_dir} is not writable")
    output_dir.mkdir(exist_ok=True)
    outcomes = make_figures(scripts, output_dir.resolve())
    return 1 if any(o.status == "failed" for o in outcomes) else 0


def main(argv: Sequence[str] | None = None, prog: str | None = None) -> int:
    """The command as a standalone program (``scripts/make_figures.py``)."""
    parser = argparse.ArgumentParser(prog=prog, description=_DESCRIPTION)
    _add_arguments(parser)
    arguments = parser.parse_args(argv)
    return arguments.run(arguments)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
