"""``momentum-theory classify``: a method's verdict over S(mu, L), with its proof.

Prints the verdict of :func:`momentum_theory.proofs.classify.classify_method` (certified,
refuted, unstable or unknown; the proved rate as a fraction and a decimal, the quadratic
rate, what was searched) and, with ``--proof FILE``, writes its proof as JSON (atomically)
for ``momentum-theory check-proof``. ``--json`` prints the verdict as one JSON object
instead. Bad arguments exit 2 and write nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from momentum_theory import methods
from momentum_theory.cli._common import output_path, parameter_settings, positive_float

_EPILOG = """\
examples:
  momentum-theory classify --method gradient_descent --mu 1 --L 10 --set alpha=0.18181818
  momentum-theory classify --method heavy_ball --mu 1 --L 25 --set alpha=0.111 --set beta=0.444
  momentum-theory classify --method qhm --mu 1 --L 100 --set alpha=0.5 --set beta=0.9 \\
      --set nu=0.7 --proof qhm.json
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``classify`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "classify",
        help="certified, refuted, unstable or unknown over S(mu, L), with a proof",
        description=(
            "Classify a method over every mu-strongly convex, L-smooth function: certified "
            "(a proved rate < 1), refuted (a function of the class on which it cycles), "
            "unstable (a quadratic of the class on which it does not converge) or unknown. "
            "Each decided verdict comes with a proof that 'momentum-theory check-proof' "
            "checks exactly. Needs the extra 'pep' (cvxpy) unless the quadratics decide."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    names = methods.names()
    parser.add_argument(
        "--method", required=True, choices=names, metavar="NAME", help=", ".join(names)
    )
    parser.add_argument("--mu", required=True, type=positive_float, metavar="MU")
    parser.add_argument("--L", required=True, type=positive_float, metavar="L", help="MU <= L")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        dest="settings",
        help="a parameter of the method (repeatable), e.g. --set alpha=0.1 --set beta=0.5, "
        "--set nesterov=true; those not given take the method's defaults",
    )
    parser.add_argument("--proof", metavar="FILE", help="write the proof here (.json)")
    parser.add_argument("--json", action="store_true", help="print the verdict as JSON")
    parser.set_defaults(run=run, parser=parser)


def _checked(arguments: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """The method and its parameters, every option checked before any work (else exit 2)."""
    from momentum_theory.proofs.family import exact_parameters

    parser: argparse.ArgumentParser = arguments.parser
    if arguments.mu > arguments.L:
        parser.error(f"--mu: must be at most --L, got MU = {arguments.mu:g} > L = {arguments.L:g}")
    method = methods.get(arguments.method)
    settings = parameter_settings(parser, arguments.settings, method)
    try:
        exact_parameters(method, settings)  # the method's own checks: required, domains
    except (TypeError, ValueError) as problem:
        parser.error(f"--set: {problem}")
    if arguments.proof is not None:
        arguments.proof = output_path(parser, "--proof", arguments.proof, (".json",))
    return method, settings


def _summary(verdict: Any) -> dict[str, Any]:
    rate = verdict.rate
    return {
        "status": verdict.status,
        "rate": None if rate is None else str(rate),
        "rate_decimal": None if rate is None else float(rate),
        "quadratic_rate": verdict.quadratic_rate,
        "searched": verdict.searched,
        "proof": verdict.proof,
    }


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory classify``; returns the exit status."""
    from momentum_theory._io import atomic_write
    from momentum_theory.beyond._pep import INSTALL_COMMAND, PepNotInstalledError
    from momentum_theory.proofs.format import dumps

    method, settings = _checked(arguments)
    try:
        verdict = method.classify(mu=arguments.mu, L=arguments.L, **settings)
    except PepNotInstalledError:
        arguments.parser.error(
            f"the quadratics do not decide, and the search needs cvxpy: {INSTALL_COMMAND}"
        )
    if arguments.json:
        print(json.dumps(_summary(verdict), indent=2))
    else:
        print(f"{method.name} over S({arguments.mu:g}, {arguments.L:g}): {verdict.status}")
        if verdict.rate is not None:
            print(f"rate: {verdict.rate} = {float(verdict.rate):.10f}")
        print(f"quadratic rate: {verdict.quadratic_rate:.10g}")
        if verdict.proof is not None:
            print(f"proof: {verdict.proof['kind']}")
        print(f"searched: {verdict.searched}")
    if arguments.proof is not None:
        if verdict.proof is None:
            print(f"no proof to write to {arguments.proof} (status unknown)", file=sys.stderr)
        else:
            with atomic_write(arguments.proof, "w") as stream:
                stream.write(dumps(verdict.proof) + "\n")
            if not arguments.json:
                print(f"wrote {arguments.proof}")
    return 0
