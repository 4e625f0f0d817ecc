"""The ``momentum-theory`` command line (also ``python -m momentum_theory``).

Each subcommand lives in its own module of this package, which provides
``register(subparsers)``: it adds its parser and sets ``run`` to a function taking the
parsed arguments and returning the exit status. Heavy imports happen inside ``run``, so
``--help`` stays fast. Bad arguments exit with status 2 (argparse's convention) before
anything is written. A closed output pipe (``| head``) and Ctrl-C end the command quietly
with the shell's statuses 141 and 130, without a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys
from collections.abc import Sequence
from typing import NoReturn

from momentum_theory import __version__

# A process ended by signal N exits with 128 + N in the shell's convention.
_SIGNAL_STATUS = 128
# Subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = (
    "heatmap",
    "tune",
    "verify",
    "train",
    "figures",
    "explore",
    "classify",
    "check-proof",
    "atlas",
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line naming the problem (still exit 2).

    argparse prints the whole usage block before the message; for a command with many
    options that buries the one line that says what was wrong.
    """

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with every subcommand registered."""
    from momentum_theory import methods

    parser = _Parser(
        prog="momentum-theory",
        description=(
            "Convergence theory of momentum methods (heavy ball, Nesterov, QHM, the "
            "two-step family, torch.optim.SGD; names for --method: "
            f"{', '.join(methods.names())}) on quadratics and beyond: "
            "exact rates and their heatmaps over a method's parameters, tunings from a "
            "spectrum or from your own matrix, training experiments that check the "
            "predictions, exact proofs over smooth strongly convex functions checked in "
            "rational arithmetic, and the paper's figures and claims, computed and checked. "
            "Each command has its own --help."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(title="commands", dest="command", required=True)
    for name in SUBCOMMANDS:
        module = name.replace("-", "_")  # "check-proof" lives in check_proof.py
        importlib.import_module(f"momentum_theory.cli.{module}").register(subparsers)
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
    try:
        status = int(arguments.run(arguments) or 0)
        sys.stdout.flush()  # a closed pipe shows up here, not at interpreter exit
    except BrokenPipeError:
        # The reader went away (`momentum-theory verify | head -1`): stop quietly, as Unix
        # tools do, and keep Python from complaining when it flushes stdout at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return _SIGNAL_STATUS + signal.SIGPIPE
    except KeyboardInterrupt:
        print(file=sys.stderr)  # end the line the ^C was echoed on
        return _SIGNAL_STATUS + signal.SIGINT
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
