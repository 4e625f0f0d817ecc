"""What every figure script shares: where it writes, its command line, and how it saves.

A figure script, ``scripts/fig_<name>.py``, only says how to build its figure::

    def build(arguments):
        ...                                   # run one experiment, call one plotting function
        return figure


    def main(argv=None):
        return run_figure_script("<name>", __doc__, build, argv=argv)

:func:`run_figure_script` gives it the common command line ``--output-dir DIR`` (default:
the repository's ``figures/``, wherever the script is run from), refuses a ``DIR`` that is
a file (exit 2, nothing written), makes a missing folder, selects the Agg backend, and
saves ``<name>.pdf`` and ``<name>.png`` with :func:`momentum_theory._io.save_figure`
(identical bytes on every run). Imports needed only to build the figure belong inside
``build``, so that bad arguments fail at once.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

REPOSITORY = Path(__file__).resolve().parent.parent
FIGURES = REPOSITORY / "figures"
SUFFIXES = (".pdf", ".png")


def parse_figure_arguments(
    description: str,
    argv: Sequence[str] | None = None,
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None,
) -> argparse.Namespace:
    """Parse ``--output-dir DIR`` (and the script's own options); make ``DIR`` if missing.

    Parameters
    ----------
    description : str
        The script's docstring; its first line is the ``--help`` description.
    argv : sequence of str, optional
        The arguments; default ``sys.argv[1:]``.
    add_arguments : callable, optional
        Adds the script's own options to the parser (validate them with ``type=``).

    Returns
    -------
    argparse.Namespace
        With ``output_dir``, an existing folder, as a :class:`~pathlib.Path`.
    """
    parser = argparse.ArgumentParser(description=description.strip().splitlines()[0])
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=FIGURES,
        metavar="DIR",
        help="folder for the figure, made if missing (default: %(default)s)",
    )
    if add_arguments is not None:
        add_arguments(parser)
    arguments = parser.parse_args(argv)
    if arguments.output_dir.exists() and not arguments.output_dir.is_dir():
        parser.error(f"--output-dir: {arguments.output_dir} is not a folder")
    arguments.output_dir.mkdir(parents=True, exist_ok=True)
    return arguments


def run_figure_script(
    name: str,
    description: str,
    build: Callable[[argparse.Namespace], Figure],
    *,
    argv: Sequence[str] | None = None,
    add_arguments: Callable[[argparse.ArgumentParser], None] | None = None,
) -> int:
    """Parse the command line, build the figure, save ``<name>.pdf`` and ``<name>.png``.

    Parameters
    ----------
    name : str
        The figure's name (``scripts/fig_<name>.py`` writes ``<name>.pdf``).
    description : str
        The script's docstring (see :func:`parse_figure_arguments`).
    build : callable
        Takes the parsed arguments and returns the matplotlib Figure.
    argv, add_arguments
        As for :func:`parse_figure_arguments`.

    Returns
    -------
    int
        0, the exit status (bad arguments exit 2 through argparse before anything runs).
    """
    arguments = parse_figure_arguments(description, argv, add_arguments)

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_theory._io import save_figure

    figure = build(arguments)
    for suffix in SUFFIXES:
        print(save_figure(figure, arguments.output_dir / f"{name}{suffix}"))
    plt.close(figure)
    return 0
