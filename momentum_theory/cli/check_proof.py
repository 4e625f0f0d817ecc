"""``momentum-theory check-proof FILE``: check proofs exactly, trusting no solver.

FILE holds one proof (a JSON object) or many (JSON Lines), in the format
``momentum-theory-proof/1`` (:mod:`momentum_theory.proofs.format`). Each is decided by
:func:`momentum_theory.proofs.check.check_proof` in rational arithmetic. Exit status 0 when
every proof holds, 1 when any fails (each failure says which proof and why), 2 when the
file cannot be read or is not JSON / JSON Lines of objects.
"""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``check-proof`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "check-proof",
        help="check proofs over S(mu, L) exactly (rational arithmetic, no solver)",
        description=(
            "Check every proof in FILE (one JSON proof, or JSON Lines) exactly, in rational "
            "arithmetic. Exits with status 0 if every proof holds, 1 if any fails, 2 if the "
            "file cannot be read."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="a JSON proof or JSON Lines of proofs")
    parser.set_defaults(run=run, parser=parser)


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory check-proof``; returns the exit status."""
    from momentum_theory.proofs import ProofFileError, check_proof, read_proofs

    try:
        proofs = read_proofs(arguments.file)
    except (OSError, UnicodeDecodeError, ProofFileError) as error:
        print(
            f"momentum-theory check-proof: cannot read {arguments.file}: {error}", file=sys.stderr
        )
        return 2
    failed = 0
    for number, proof in enumerate(proofs, start=1):
        check = check_proof(proof)
        if check.passed:
            print(f"proof {number} ({check.kind}): holds: {check.reason}")
        else:
            failed += 1
            print(f"proof {number} ({check.kind}): FAILS ({check.condition}): {check.reason}")
    print(f"{len(proofs) - failed} of {len(proofs)} proofs hold")
    return 1 if failed else 0
