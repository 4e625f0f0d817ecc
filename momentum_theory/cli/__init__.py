"""The ``momentum-theory`` command line (also ``python -m momentum_theory``).

Each subcommand lives in its own module of this package, which provides
``register(subparsers)``: it adds its parser and sets ``run`` to a function taking the
parsed arguments and returning the exit status. Heavy imports happen inside ``run``, so
``--help`` stays fast. Bad arguments exit with status 2 (argparse's convention) before
anything is written.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from momentum_theory import __version__

# Subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = ("heatmap", "verify", "train", "figures")


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line naming the problem (still exit 2).

    argparse prints the whole usage block before the message; for a command with many
    options that buries the one line that says what was wrong.
    """

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand registered."""
    parser = _Parser(
        prog="momentum-theory",
        description="Convergence theory of the heavy-ball momentum method, computed and checked.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", dest="command", required=True)
    for name in SUBCOMMANDS:
        importlib.import_module(f"momentum_theory.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Examples
    --------
    >>> from momentum_theory.cli import main
    >>> try:
    ...     main(["heatmap", "--resolution", "0"])
    ... except SystemExit as stop:
    ...     print("exit status", stop.code)
    exit status 2
    """
    parser = build_parser()
    arguments = parser.parse_args(argv)
    return int(arguments.run(arguments) or 0)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
