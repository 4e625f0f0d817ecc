r"""``momentum-theory tune``: a method's best setting for a spectrum or a user's own problem.

The spectrum comes from ``--mu``/``--L`` or from a matrix file (``--matrix``, a Hessian, or
with ``--least-squares`` a data matrix), through :func:`momentum_theory.spectrum_of`, whose
safe bounds (an upper bound for :math:`L`, a lower bound for :math:`\mu`) are what is tuned
for. The command prints the tuning (``optimal_parameters(mu=, L=, **fixed)``, the ``--set``
values passed as keywords), its worst-case rate, iterations per decimal digit
:math:`\ln 10 / (-\ln\rho)`, the speed-up over the best gradient descent (the ratio of their
iterations per digit, on the same spectrum shifted by any weight decay) and the stability
margin (:func:`stability_margin`). ``--json`` prints the same as one strict JSON object.

Exit statuses: 0 done; 2 a bad argument (including a matrix file that cannot be read, is
not symmetric, or a ``--set`` the method's optimum refuses), with one line and nothing on
standard output; 1 a problem that cannot be tuned for a linear rate: the spectrum's lower
bound :math:`\mu` is 0 (rank-deficient data, a singular Hessian: not strongly convex) or
:math:`L/\mu` is beyond float64's reach. Then the spectrum is printed (or the JSON object,
with ``parameters`` null and the reason in ``notes``) and the reason goes to standard error.
Also 1, with only the reason, when the eigensolver does not converge (no bound to trust).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from momentum_theory import methods
from momentum_theory.beyond._pep import pep_available
from momentum_theory.cli._common import finite_float, parameter_settings, positive_float
from momentum_theory.cli.heatmap import CURVATURE_LIMITS, MAX_CONDITION

# Beyond this factor of the tuned step, the step is called unbounded: nothing destabilises.
MAX_MARGIN = 2.0**64
# Relative width of the bisection's last bracket of the stability margin.
MARGIN_TOLERANCE = 1e-12

_DESCRIPTION = """\
Tune a method for the Hessian spectrum [mu, L] of a problem: its optimal parameters (with
any --set values held fixed), their worst-case rate over every quadratic with that spectrum,
iterations per decimal digit ln 10 / -ln(rate), the speed-up over the best gradient descent
(ratio of iterations per digit) and the stability margin (the factor by which the step may
grow, the others fixed, before the worst case reaches rate 1).

The spectrum is --mu and --L, or computed from --matrix: a Hessian, or with --least-squares
a data matrix X of torch.nn.MSELoss (Hessian 2 X^T X / n; --loss half-mse: X^T X / n).
What is tuned for are safe bounds: an upper bound of the largest eigenvalue and a lower
bound of the smallest (computed value plus or minus its error bound). A lower bound of 0
(rank-deficient data) means not strongly convex: no linear rate to tune for, exit 1.
"""
_EPILOG = """\
examples:
  momentum-theory tune --method heavy_ball --mu 1 --L 100
  momentum-theory tune --method pytorch_sgd --set nesterov=true --mu 0.1 --L 10
  momentum-theory tune --method nesterov --matrix X.npy --least-squares --json
  momentum-theory tune --method pytorch_sgd --matrix H.mtx --ridge 1e-3
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``tune`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "tune",
        help="tune a method for a spectrum or a problem's matrix; rate, speed-up, margin",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    names = methods.names()
    parser.add_argument(
        "--method", required=True, choices=names, metavar="NAME", help=f"one of {', '.join(names)}"
    )
    spectrum = parser.add_argument_group("the spectrum (give --mu and --L, or --matrix)")
    spectrum.add_argument(
        "--mu", type=positive_float, metavar="MU", help="smallest Hessian eigenvalue, 0 < MU <= L"
    )
    spectrum.add_argument(
        "--L",
        type=positive_float,
        metavar="L",
        help=f"largest Hessian eigenvalue, with L/MU <= {MAX_CONDITION:.0e}",
    )
    spectrum.add_argument(
        "--matrix",
        metavar="PATH",
        help="a Hessian (or with --least-squares a data matrix, one row per sample) as .npy, "
        ".npz (one dense array, or scipy.sparse.save_npz) or Matrix Market .mtx",
    )
    spectrum.add_argument(
        "--least-squares",
        action="store_true",
        help="--matrix is the data matrix X of a least-squares loss (see --loss)",
    )
    spectrum.add_argument(
        "--loss",
        choices=("mse", "half-mse"),
        help="with --least-squares: mse is torch.nn.MSELoss, mean (Xw - y)^2, Hessian "
        "2 X^T X / n (default); half-mse is mean (Xw - y)^2 / 2, Hessian X^T X / n",
    )
    spectrum.add_argument(
        "--ridge",
        type=finite_float,
        metavar="LAMBDA",
        help="with --matrix: add LAMBDA >= 0 to every eigenvalue (a term LAMBDA |w|^2 / 2)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        dest="fixed",
        help="hold a parameter fixed (repeatable), passed to the method's optimal_parameters, "
        "e.g. --set nesterov=true --set weight_decay=0.01 for pytorch_sgd",
    )
    parser.add_argument(
        "--beyond",
        action="store_true",
        help="also classify the tuning over every mu-strongly convex, L-smooth function (not "
        "only quadratics), with an exact proof: certified, refuted, unstable or unknown "
        "(needs the extra pep)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object (numbers or null, notes)"
    )
    parser.set_defaults(run=run, parser=parser)


# -- what is computed -----------------------------------------------------------------------


def iterations_per_digit(rate: float) -> float:
    r"""Iterations per decimal digit of accuracy at rate :math:`\rho`: :math:`\ln 10/(-\ln\rho)`.

    0 for :math:`\rho = 0` (one step), ``inf`` for :math:`\rho \ge 1`.
    """
    if rate >= 1.0:
        return math.inf
    if rate <= 0.0:
        return 0.0
    return math.log(10.0) / -math.log(rate)


def stability_margin(method: Any, *, mu: float, L: float, parameters: dict[str, Any]) -> float:
    r"""The factor :math:`c^*` by which ``method``'s step may grow before the worst case is 1.

    With the other parameters fixed, the method converges on every quadratic with spectrum
    in :math:`[\mu, L]` for steps :math:`c\cdot\text{step}` with :math:`0 < c < c^*`. Each
    of the family's stability conditions (Jury's) is linear in :math:`\alpha h`, so at each
    curvature the stable steps form an interval from 0, and the worst case over
    :math:`[\mu, L]` is attained at an end: :math:`c^*` is found by doubling and bisection on
    :meth:`~momentum_theory.methods.Method.convergence_region` at :math:`h = \mu, L`
    (decided exactly), to :data:`MARGIN_TOLERANCE` relative; the largest factor checked
    stable is returned. ``inf`` if the step can grow by :data:`MAX_MARGIN` and stay stable.
    The parameter is the method's :attr:`~momentum_theory.methods.Method.step`.
    """
    step = method.step.name
    base = float(parameters[step])

    def stable(factor: float) -> bool:
        scaled = {**parameters, step: base * factor}
        return bool(method.convergence_region([mu, L], **scaled).all())

    if stable(1.0):
        low, high = 1.0, 2.0
        while stable(high):
            low, high = high, high * 2.0
            if high > MAX_MARGIN:
                return math.inf
    else:
        low, high = 0.5, 1.0
        while not stable(low):
            low, high = low / 2.0, low
            if low < 1.0 / MAX_MARGIN:
                return 0.0
    while high / low - 1.0 > MARGIN_TOLERANCE:
        middle = math.sqrt(low * high)
        low, high = (middle, high) if stable(middle) else (low, middle)
    return low


# -- checking -------------------------------------------------------------------------------


def _checked(arguments: argparse.Namespace) -> dict[str, Any]:
    """The ``--set`` values, after checking every option; exit 2 on the first problem."""
    parser: argparse.ArgumentParser = arguments.parser
    given = arguments.mu is not None or arguments.L is not None
    if arguments.matrix is not None and given:
        parser.error("--matrix: give either --matrix or --mu and --L, not both")
    if arguments.matrix is None:
        if not given:
            parser.error("--mu/--L: give the spectrum (--mu and --L) or a matrix (--matrix)")
        for option in ("least_squares", "loss", "ridge"):
            if getattr(arguments, option) not in (None, False):
                parser.error(f"--{option.replace('_', '-')}: applies to --matrix only")
        _check_spectrum(parser, arguments.mu, arguments.L)
    else:
        if arguments.loss is not None and not arguments.least_squares:
            parser.error("--loss: applies to --least-squares only")
        if arguments.ridge is not None and arguments.ridge < 0:
            parser.error(f"--ridge: must be non-negative, got {arguments.ridge:g}")
    if arguments.beyond and not pep_available():
        parser.error(
            "--beyond: needs PEPit and cvxpy, the optional extra 'pep'; install it with: "
            'pip install -e ".[pep]"'
        )
    method = methods.get(arguments.method)
    fixed = parameter_settings(parser, arguments.fixed, method)
    for name, value in fixed.items():
        domain = method.parameter(name).domain
        if domain is not None and not isinstance(value, bool):
            try:
                domain.check(name, value)
            except ValueError as problem:
                parser.error(f"--set: {problem}")
    return fixed


def _check_spectrum(parser: argparse.ArgumentParser, mu: float | None, L: float | None) -> None:
    if mu is None or L is None:
        parser.error("--mu/--L: give both ends of the spectrum")
    low, high = CURVATURE_LIMITS
    for option, value in (("mu", mu), ("L", L)):
        if not low <= value <= high:
            parser.error(f"--{option}: must be between {low:g} and {high:g}, got {value:g}")
    if mu > L:
        parser.error(f"--mu: must be at most --L, got MU = {mu:g} > L = {L:g}")
    if L / mu > MAX_CONDITION:
        parser.error(
            f"--L: L/mu = {L / mu:.3g} is beyond {MAX_CONDITION:.0e}, where float64 cannot "
            "tell the rates from 1"
        )


def _spectrum(arguments: argparse.Namespace) -> dict[str, Any] | None:
    """The spectrum as reported: given, or computed from the matrix (exit 2 if unreadable);
    None, after saying why on standard error, if the eigensolver does not converge."""
    if arguments.matrix is None:
        return {
            "source": "--mu/--L",
            "mu": arguments.mu,
            "L": arguments.L,
            "smallest": arguments.mu,
            "largest": arguments.L,
        }
    from momentum_theory.hessian import spectrum_of

    try:
        found = spectrum_of(
            arguments.matrix,
            least_squares=arguments.least_squares,
            loss=arguments.loss or "mse",
            ridge=arguments.ridge or 0.0,
        )
    except (TypeError, ValueError) as problem:
        arguments.parser.error(f"--matrix: {str(problem).removeprefix('matrix: ')}")
    except RuntimeError as problem:  # Lanczos did not converge: no bound to trust
        print(f"momentum-theory tune: {problem}", file=sys.stderr)
        return None
    return {
        "source": arguments.matrix,
        "mu": found.mu,
        "L": found.L,
        "smallest": found.smallest,
        "largest": found.largest,
        "hessian": found.hessian,
        "solver": found.solver,
        "size": found.size,
        "samples": found.samples,
        "ridge": found.ridge,
    }


# -- running --------------------------------------------------------------------------------


def run(arguments: argparse.Namespace) -> int:
    """Tune and print; see the module docstring for the exit statuses."""
    fixed = _checked(arguments)
    spectrum = _spectrum(arguments)
    if spectrum is None:
        return 1
    mu, L = spectrum["mu"], spectrum["L"]
    report: dict[str, Any] = {"method": arguments.method, "spectrum": spectrum, "fixed": fixed}
    notes: dict[str, str] = {}
    refusal = None
    if mu <= 0.0:
        refusal = (
            "the lower bound of the smallest eigenvalue is 0: the problem is not strongly "
            "convex (rank-deficient data or a singular Hessian), so no setting has a linear "
            "worst-case rate; add --ridge LAMBDA > 0, or remove the redundant columns"
        )
    elif L / mu > MAX_CONDITION:
        refusal = (
            f"L/mu = {L / mu:.3g} is beyond {MAX_CONDITION:.0e}, where float64 cannot tell "
            "the rates from 1"
        )
    if refusal is not None:
        notes["parameters"] = refusal
        _print(report | {"parameters": None, "notes": notes}, arguments.json)
        print(f"momentum-theory tune: {refusal}", file=sys.stderr)
        return 1
    method = methods.get(arguments.method)
    try:
        optimum = method.optimal_parameters(mu=mu, L=L, **fixed)
    except (TypeError, ValueError) as problem:
        arguments.parser.error(f"--set: {problem}")
    parameters = {
        name: value if isinstance(value, bool) else float(value)
        for name, value in optimum.parameters.items()
    }
    rate = float(method.worst_case_rate(mu=mu, L=L, **parameters))
    shift = float(method.family(**parameters).curvature_shift)  # weight decay: h -> h + wd
    descent = methods.get("gradient_descent").optimal_parameters(mu=mu + shift, L=L + shift)
    descent_rate = float(descent.rate)
    digits, descent_digits = iterations_per_digit(rate), iterations_per_digit(descent_rate)
    if 0.0 < digits < math.inf:
        speedup = descent_digits / digits
    else:
        speedup = math.nan
        notes["speedup"] = (
            "the tuned rate is 0 (one step suffices)" if digits == 0 else "the tuning diverges"
        )
    margin = stability_margin(method, mu=mu, L=L, parameters=parameters)
    if margin == math.inf:
        notes["stability_margin"] = f"the step may grow by {MAX_MARGIN:.3g} and stay stable"
    step = method.step.name
    report |= {
        "parameters": parameters,
        "rate": rate,
        "iterations_per_digit": digits,
        "gradient_descent": {
            "alpha": float(descent.alpha),
            "rate": descent_rate,
            "iterations_per_digit": descent_digits,
        },
        "speedup": speedup,
        "stability_margin": {
            "parameter": step,
            "factor": margin,
            "largest_stable": parameters[step] * margin,
        },
        "notes": notes,
    }
    if arguments.beyond:
        report["beyond"] = beyond_verdict(method, mu=mu, L=L, parameters=parameters)
    _print(report, arguments.json)
    return 0


def beyond_verdict(method: Any, *, mu: float, L: float, parameters: dict[str, Any]) -> dict:
    """The tuning's verdict over every mu-strongly convex, L-smooth function, as data.

    :meth:`~momentum_theory.methods.Method.classify` at the tuned parameters: ``status``,
    the proved ``rate`` (exact, as ``"p/q"``, and as a float) when certified, and what was
    searched. The proof itself is what ``momentum-theory classify --proof`` writes.
    """
    verdict = method.classify(mu=mu, L=L, **parameters)
    return {
        "status": verdict.status,
        "rate": None if verdict.rate is None else float(verdict.rate),
        "rate_exact": None if verdict.rate is None else str(verdict.rate),
        "searched": verdict.searched,
    }


def _strict(value: Any) -> Any:
    """``value`` with every non-finite float replaced by None (strict JSON)."""
    if isinstance(value, dict):
        return {key: _strict(item) for key, item in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _print(report: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(_strict(report), indent=2, allow_nan=False))
        return
    method = methods.get(report["method"])
    spectrum = report["spectrum"]
    print(f"{method.title} ({method.name}) for the Hessian spectrum [mu, L]")
    if spectrum["source"] == "--mu/--L":
        print(f"  spectrum       mu = {spectrum['mu']:.6g}, L = {spectrum['L']:.6g} (given)")
    else:
        shape = f"d = {spectrum['size']}"
        if spectrum["samples"] is not None:
            shape += f", n = {spectrum['samples']} samples"
        print(f"  matrix         {spectrum['source']}: {spectrum['hessian']}, {shape}")
        # Every digit (the shortest repr): the margins are often below the tenth digit.
        print(
            f"  eigenvalues    smallest {spectrum['smallest']!r}, largest "
            f"{spectrum['largest']!r} ({spectrum['solver']})"
        )
        print(
            f"  safe bounds    mu >= {spectrum['mu']!r}, L <= {spectrum['L']!r} (used for tuning)"
        )
    if report["parameters"] is None:
        print(f"  not tuned      {report['notes']['parameters']}")
        return
    mu, L = spectrum["mu"], spectrum["L"]
    print(f"  condition      L/mu = {L / mu:.6g}")
    if report["fixed"]:
        print("  held fixed     " + ", ".join(f"{k} = {v}" for k, v in report["fixed"].items()))
    tuned = [name for name in report["parameters"] if name in method.tuned_parameters]
    options = [name for name in report["parameters"] if name not in tuned]
    for label, names in (("tuning", tuned), ("options", options)):
        if names:
            settings = ", ".join(_setting(name, report["parameters"][name]) for name in names)
            print(f"  {label:<15}{settings}")
    print(f"  rate           {report['rate']:.6g} (worst case over [mu, L])")
    print(f"  per digit      {report['iterations_per_digit']:.4g} iterations")
    descent = report["gradient_descent"]
    speedup = report["speedup"]
    speed = f"{speedup:.3g}x" if math.isfinite(speedup) else report["notes"]["speedup"]
    print(
        f"  speed-up       {speed} over the best gradient descent: alpha = {descent['alpha']:.6g},"
    )
    print(
        f"                 rate {descent['rate']:.6g}, "
        f"{descent['iterations_per_digit']:.4g} iterations per digit"
    )
    margin = report["stability_margin"]
    if math.isfinite(margin["factor"]):
        print(
            f"  stability      {margin['parameter']} may grow {margin['factor']:.4g}x "
            f"(to {margin['largest_stable']:.6g}) before the worst-case rate reaches 1"
        )
    else:
        print(f"  stability      {report['notes']['stability_margin']}")
    if "beyond" in report:
        beyond = report["beyond"]
        proved = "" if beyond["rate"] is None else f" at rate {beyond['rate']:.6g} (exact proof)"
        print(f"  beyond         {beyond['status']}{proved} over every mu-strongly convex,")
        print(f"                 L-smooth f; searched: {beyond['searched']}")


def _setting(name: str, value: Any) -> str:
    return f"{name} = {value}" if isinstance(value, bool) else f"{name} = {value:.6g}"
