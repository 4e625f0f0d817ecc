"""``momentum-theory heatmap``: a method's rate over two of its parameters.

Every option is checked, and every output path is checked to be writable, before any
work; a bad option exits with status 2, a one-line error naming it, and writes nothing.
Outputs go where ``--output`` and ``--data`` say (missing parent folders are created);
the default figure is ``heatmap.png`` (``heatmap_<method>.png`` for another method) in the
current directory, never the repository's tracked ``figures/``.

What the command knows about a method or a parameter (the list of methods, which
parameters are step sizes or momenta, units, domains, default ranges and values, closed
forms) it reads from the method (:class:`~momentum_theory.methods.Parameter`); here are
only the command's own limits.
"""

from __future__ import annotations

import argparse
import math
import time
from typing import Any

from momentum_theory import methods
from momentum_theory.cli._common import (
    finite_float,
    output_path,
    parameter_settings,
    positive_float,
)

DEFAULT_METHOD = "heavy_ball"
MAX_RESOLUTION = 4000
COLOURS = ("auto", "rate", "digits", "log-gap")
AXES = ("auto", "plain", "scaled")
# --colour auto switches to iterations per digit from this condition number L/mu on (as
# plot_method_heatmap's colour="auto"), --axes auto to scaled axes from AUTO_SCALED on.
AUTO_DIGITS = 1e2
AUTO_SCALED = 1e3
# Beyond this condition number float64 cannot resolve 1 - rho: Polyak's optimal rate is
# 1 - 2e-6 at 1e12, and the rates' rounding errors reach the gap's size by 1e14.
MAX_CONDITION = 1e12
# Curvatures and step ranges are kept where products such as alpha * h stay well inside
# float64's range (rates depend on alpha * h only).
CURVATURE_LIMITS = (1e-100, 1e100)
MAX_SCALED_VALUE = 1e6
# Below this largest step (times L) every rate is within about 1e-10 of 1.
MIN_SCALED_STEP = 1e-10

_DESCRIPTION = """\
Compute a method's rate on f(x) = h x^2/2 (the spectral radius of its state matrix) or its
worst case over a Hessian spectrum [mu, L], on a grid of two of its parameters (the others
fixed), and draw it with the stability boundary rho = 1, the critical-damping curves
(double eigenvalue, for h = mu and h = L) and, for a spectrum, the optimal parameters where
they lie on the plotted slice. Grid points are cell centres, so every sample lies inside
its range. Ill-conditioned spectra are drawn by default in iterations per decimal digit
(L/mu >= 100) over alpha*L and a logarithmic scale of 1 - beta (L/mu >= 1000).
"""
_EPILOG = """\
examples:
  momentum-theory heatmap --mu 1 --L 1e4
  momentum-theory heatmap --method nesterov --mu 1 --L 100 --output figs/nesterov.png
  momentum-theory heatmap --method qhm --set nu=0.7 --mu 1 --L 100
  momentum-theory heatmap --method pytorch_sgd --set nesterov=true --set weight_decay=0.01
  momentum-theory heatmap --method two_step --x beta --y gamma --set alpha=0.5 --h 1
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``heatmap`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "heatmap",
        help="draw a method's rate over two of its parameters (convergence-region heatmap)",
        description=_DESCRIPTION,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    names = methods.names()
    parser.add_argument(
        "--method",
        choices=names,
        default=DEFAULT_METHOD,
        metavar="NAME",
        help=f"the method: {', '.join(names)}; default {DEFAULT_METHOD} (gradient_descent "
        "has one parameter, so no heatmap: it is heavy_ball's bottom row, beta = 0)",
    )
    curvature = parser.add_argument_group("curvature (give --h, or --mu and --L; default h = 1)")
    low, high = (_power(limit) for limit in CURVATURE_LIMITS)
    curvature.add_argument(
        "--h",
        type=positive_float,
        metavar="H",
        help=f"a single curvature h (Hessian eigenvalue), {low} <= H <= {high}; default 1",
    )
    curvature.add_argument(
        "--mu",
        type=positive_float,
        metavar="MU",
        help="smallest Hessian eigenvalue, 0 < MU <= L: colour is the worst case over [MU, L]",
    )
    curvature.add_argument(
        "--L",
        type=positive_float,
        metavar="L",
        help=f"largest Hessian eigenvalue, L >= MU, with L/MU <= {_power(MAX_CONDITION)} "
        "(beyond it float64 cannot tell the rates from 1)",
    )
    plane = parser.add_argument_group(
        "the plotted plane (ranges in the parameter's own units; L means h for --h)"
    )
    plane.add_argument(
        "--x",
        metavar="NAME",
        help="parameter on the horizontal axis; default the method's first (alpha, or lr)",
    )
    plane.add_argument(
        "--y",
        metavar="NAME",
        help="parameter on the vertical axis; default the method's second (beta, or momentum)",
    )
    plane.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        dest="fixed",
        help="value of a parameter that is not plotted (repeatable), e.g. --set nu=0.7, "
        "--set nesterov=true; defaults: the method's own (PyTorch's for pytorch_sgd), "
        + ", ".join(
            f"{p.name} = {p.plot_value:g}"
            for p in _registered("shape", "option")
            if p.plot_value is not None
        ),
    )
    plane.add_argument(
        "--x-range",
        nargs=2,
        type=finite_float,
        metavar=("MIN", "MAX"),
        help="values of the x parameter, MIN < MAX; defaults below",
    )
    plane.add_argument(
        "--y-range",
        nargs=2,
        type=finite_float,
        metavar=("MIN", "MAX"),
        help="values of the y parameter, MIN < MAX. Defaults: a step size "
        f"({', '.join(p.name for p in _registered('step'))}) 0 to 1.1 x the widest stable "
        "step over the other axis (4.4/L for heavy ball); a momentum "
        f"({', '.join(p.name for p in _registered('momentum'))}) 0 to 1, or on scaled axes "
        "0 to 1 - 10^-d with d = max(2, log10(L/mu)/2 + 1); " + _typical_ranges(),
    )
    plane.add_argument(
        "--alpha-range",
        nargs=2,
        type=finite_float,
        metavar=("MIN", "MAX"),
        help="step sizes alpha, 0 <= MIN < MAX: the range of whichever axis plots alpha "
        "(units of 1/h, or 1/L for a spectrum); default 0 to 1.1 x the widest stable step "
        "(4.4/L for heavy ball with beta up to 1, or 4.4/h for --h)",
    )
    plane.add_argument(
        "--beta-range",
        nargs=2,
        type=finite_float,
        metavar=("MIN", "MAX"),
        help="momenta beta, -1 <= MIN < MAX <= 1 (dimensionless; samples stay in (-1, 1), "
        "MAX < 1 on scaled axes): the range of whichever axis plots beta; default 0 1",
    )
    look = parser.add_argument_group("the picture")
    look.add_argument(
        "--colour",
        "--color",
        choices=COLOURS,
        default="auto",
        help="what the colour shows: rate rho on [0, 1]; digits, iterations per decimal "
        "digit -1/log10(rho) (log scale); log-gap, 1 - rho (log scale); auto: digits when "
        f"L/mu >= {AUTO_DIGITS:g}, else rate. Default auto",
    )
    look.add_argument(
        "--axes",
        choices=AXES,
        default="auto",
        help="plain: the parameters as they are; scaled: step sizes times L and momenta on "
        f"a log scale of 1 - beta (ticks 0.9, 0.99, ...); auto: scaled when L/mu >= "
        f"{AUTO_SCALED:g}, else plain. Default auto",
    )
    look.add_argument(
        "--resolution",
        type=int,
        default=600,
        metavar="N",
        help=f"grid points per axis, 2 <= N <= {MAX_RESOLUTION}; default 600",
    )
    output = parser.add_argument_group("output (missing folders are created)")
    output.add_argument(
        "--output",
        metavar="PATH",
        help="figure to write, PNG or PDF by suffix; default heatmap.png in the current "
        "directory (heatmap_<method>.png for a method other than heavy_ball)",
    )
    output.add_argument(
        "--data",
        metavar="PATH",
        help="also write the grid (x, y, rate) as .npz or .csv (one row per cell), with the "
        "method, fixed parameters, spectrum, colour, axes and version (.csv: # lines)",
    )
    parser.set_defaults(run=run, parser=parser)


def _power(value: float) -> str:
    """A power of ten as it is typed: 1e12, 1e-100."""
    return f"{value:.0e}".replace("e+", "e").replace("e0", "e").replace("e-0", "e-")


def _registered(*kinds: str) -> list[Any]:
    """Every registered method's parameters of these kinds, each name once, in order."""
    seen: dict[str, Any] = {}
    for name in methods.names():
        for p in methods.get(name).specs:
            if p.kind in kinds:
                seen.setdefault(p.name, p)
    return list(seen.values())


def _typical_ranges() -> str:
    """The default ranges of the parameters that are neither steps nor momenta, in words."""
    parts = []
    for p in _registered("shape", "option"):
        low, high = p.typical
        end = {"L": "L" if high == 1 else f"{high:g} L", "1/L": f"{high:g}/L"}
        parts.append(f"{p.name} {low:g} to {end.get(p.unit or '', f'{high:g}')}")
    return "; ".join(parts)


# -- checking -------------------------------------------------------------------------------


def _checked(arguments: argparse.Namespace) -> argparse.Namespace:
    """Validate every option before any work, exiting with status 2 on the first problem."""
    parser: argparse.ArgumentParser = arguments.parser
    _check_spectrum(parser, arguments)
    method = methods.get(arguments.method)
    numeric = list(method.numeric_parameters)
    if len(numeric) < 2:
        parser.error(
            f"--method: {method.name} has one parameter ({numeric[0]}), and a heatmap needs "
            "two; its rate is heavy_ball's at beta = 0 (the bottom row of --method heavy_ball)"
        )
    arguments.x = _axis_name(parser, "--x", arguments.x, numeric[0], method, numeric)
    arguments.y = _axis_name(parser, "--y", arguments.y, numeric[1], method, numeric)
    if arguments.x == arguments.y:
        parser.error(f"--y: the axes must be different parameters, got {arguments.x} twice")
    arguments.fixed = _fixed_values(parser, arguments, method)
    condition = arguments.L / arguments.mu
    if arguments.axes == "auto":
        arguments.axes = "scaled" if condition >= AUTO_SCALED else "plain"
    if arguments.colour == "auto":
        arguments.colour = "digits" if condition >= AUTO_DIGITS else "rate"
    if not 2 <= arguments.resolution <= MAX_RESOLUTION:
        parser.error(f"--resolution: need 2 <= N <= {MAX_RESOLUTION}, got {arguments.resolution}")
    given = _given_ranges(parser, arguments)
    ranges: dict[str, tuple[float, float]] = {}
    # A step size's default range depends on the other axis's: that one first.
    steps_last = ("x", "y") if method.parameter(arguments.x).kind != "step" else ("y", "x")
    for axis in steps_last:
        name = getattr(arguments, axis)
        option, values = given.get(name, (f"--{axis}-range", None))
        ranges[name] = _range(parser, arguments, method, name, option, values, ranges)
    arguments.x_range, arguments.y_range = ranges[arguments.x], ranges[arguments.y]
    _check_domain(parser, arguments, method)
    default_output = (
        "heatmap.png" if method.name == DEFAULT_METHOD else f"heatmap_{method.name}.png"
    )
    arguments.output = output_path(
        parser, "--output", arguments.output or default_output, (".png", ".pdf")
    )
    if arguments.data is not None:
        arguments.data = output_path(parser, "--data", arguments.data, (".npz", ".csv"))
        if arguments.data.resolve() == arguments.output.resolve():
            parser.error("--data: must differ from --output")
    return arguments


def _check_spectrum(parser: argparse.ArgumentParser, arguments: argparse.Namespace) -> None:
    if arguments.h is not None and (arguments.mu is not None or arguments.L is not None):
        parser.error("--h: give either --h or --mu and --L, not both")
    if (arguments.mu is None) != (arguments.L is None):
        parser.error("--mu/--L: give both ends of the spectrum")
    if arguments.mu is not None and arguments.mu <= arguments.L:
        if arguments.L / arguments.mu > MAX_CONDITION:
            parser.error(
                f"--L: L/mu = {arguments.L / arguments.mu:.3g} is beyond {_power(MAX_CONDITION)}, "
                "where float64 cannot tell the rates from 1 (the optimal rate is "
                "1 - 2/sqrt(L/mu))"
            )
    low, high = CURVATURE_LIMITS
    for option in ("h", "mu", "L"):
        value = getattr(arguments, option)
        if value is not None and not low <= value <= high:
            parser.error(
                f"--{option}: must be between {low:g} and {high:g}, got {value:g} (rates "
                "depend on alpha * h only: rescale h and the step sizes together)"
            )
    if arguments.mu is not None and arguments.mu > arguments.L:
        parser.error(f"--mu: must be at most --L, got MU = {arguments.mu:g} > L = {arguments.L:g}")
    if arguments.mu is None:
        arguments.mu = arguments.L = 1.0 if arguments.h is None else arguments.h


def _axis_name(
    parser: argparse.ArgumentParser,
    option: str,
    given: str | None,
    default: str,
    method: Any,
    numeric: list[str],
) -> str:
    if given is None:
        return default
    if given not in numeric:
        parser.error(
            f"{option}: {method.name} has no numeric parameter {given!r}; choose from "
            f"{', '.join(numeric)}"
        )
    return given


def _fixed_values(
    parser: argparse.ArgumentParser, arguments: argparse.Namespace, method: Any
) -> dict[str, Any]:
    """The parameters that are not plotted: ``--set`` values over the defaults."""
    plotted = (arguments.x, arguments.y)

    def on_an_axis(name: str) -> str | None:
        if name not in plotted:
            return None
        axis = "x" if name == arguments.x else "y"
        return f"{name} is plotted on the {axis} axis; use --{axis}-range"

    fixed: dict[str, Any] = parameter_settings(parser, arguments.fixed, method, refuse=on_an_axis)
    for name, value in fixed.items():
        limit = MAX_SCALED_VALUE * method.parameter(name).unit_value(arguments.L)
        if not isinstance(value, bool) and abs(value) > limit:
            parser.error(
                f"--set: {name} must stay within +-{limit:.3g} ({_power(MAX_SCALED_VALUE)} "
                f"in its natural units), got {value:g}"
            )
    for parameter in method.specs:
        name = parameter.name
        if name in plotted or name in fixed or name in method.defaults:
            continue
        if parameter.plot_value is None:
            parser.error(f"--set: {method.name} needs a value for {name}: add --set {name}=VALUE")
        fixed[name] = parameter.plot_value
    # The fixed values alone, with the axes in the middle of their typical ranges (the
    # ranges are checked later).
    middle = {}
    for name in plotted:
        parameter = method.parameter(name)
        low, high = parameter.typical
        middle[name] = (low + high) / 2 * parameter.unit_value(arguments.L)
    try:
        method.check(**middle, **fixed)
    except (TypeError, ValueError) as problem:
        parser.error(f"--set: {problem}")
    return fixed


def _given_ranges(
    parser: argparse.ArgumentParser, arguments: argparse.Namespace
) -> dict[str, tuple[str, tuple[float, float]]]:
    """The ranges given, by parameter name, with the option each came from."""
    given: dict[str, tuple[str, tuple[float, float]]] = {}
    for axis in ("x", "y"):
        value = getattr(arguments, f"{axis}_range")
        if value is not None:
            given[getattr(arguments, axis)] = (f"--{axis}-range", tuple(value))
    for name in ("alpha", "beta"):
        value = getattr(arguments, f"{name}_range")
        if value is None:
            continue
        option = f"--{name}-range"
        if name not in (arguments.x, arguments.y):
            parser.error(
                f"{option}: {name} is not plotted (the axes are {arguments.x} and "
                f"{arguments.y}); use --x-range or --y-range"
            )
        if name in given:
            parser.error(f"{option}: {name}'s range is also given by {given[name][0]}")
        given[name] = (option, tuple(value))
    return given


def _range(
    parser: argparse.ArgumentParser,
    arguments: argparse.Namespace,
    method: Any,
    name: str,
    option: str,
    given: tuple[float, float] | None,
    ranges: dict[str, tuple[float, float]],
) -> tuple[float, float]:
    """The checked range of the plotted parameter ``name`` (its default if not given)."""
    scaled = arguments.axes == "scaled"
    if given is None:
        return _default_range(arguments, method, name, ranges)
    low, high = given
    parameter = method.parameter(name)
    bounds = parameter.plot_bounds
    need = (
        (f"{bounds[0]:g} <= " if bounds[0] > -math.inf else "")
        + "MIN < MAX"
        + (f" <= {bounds[1]:g}" if bounds[1] < math.inf else "")
    )
    if not bounds[0] <= low < high <= bounds[1]:
        parser.error(f"{option}: need {need}, got {low:g} {high:g}")
    if scaled and parameter.kind == "momentum" and high >= 1:
        parser.error(
            f"{option}: scaled axes draw 1 - {name} on a log scale: need MAX < 1, got {high:g}"
        )
    if parameter.kind == "step" and high * arguments.L < MIN_SCALED_STEP:
        parser.error(
            f"{option}: MAX * L = {high * arguments.L:.3g} is below {MIN_SCALED_STEP:g}: every "
            "rate is then within about that of 1, which float64 does not resolve reliably"
        )
    limit = MAX_SCALED_VALUE * parameter.unit_value(arguments.L)
    if max(abs(low), abs(high)) > limit:
        parser.error(
            f"{option}: {name} must stay within +-{limit:.3g} ({_power(MAX_SCALED_VALUE)} in its "
            f"natural units), got {low:g} {high:g}"
        )
    return low, high


def _default_range(
    arguments: argparse.Namespace,
    method: Any,
    name: str,
    ranges: dict[str, tuple[float, float]],
) -> tuple[float, float]:
    """The default range of ``name``, given the ranges decided so far: a momentum up to 1
    (closer to 1 on scaled axes), a step just past the widest stable one, any other
    parameter its typical range."""
    parameter = method.parameter(name)
    if parameter.kind == "momentum" and arguments.axes == "scaled":
        condition = arguments.L / arguments.mu
        return 0.0, 1.0 - 10.0 ** -max(2.0, math.log10(condition) / 2 + 1)
    if parameter.kind == "step":
        return 0.0, _widest_stable_step(arguments, method, name, ranges)
    low, high = parameter.typical
    unit = parameter.unit_value(arguments.L)
    return low * unit, high * unit


def _widest_stable_step(
    arguments: argparse.Namespace,
    method: Any,
    name: str,
    ranges: dict[str, tuple[float, float]],
) -> float:
    """1.1 times the widest step that converges at h = L somewhere on the other axis.

    The method's closed form where it has one
    (:meth:`~momentum_theory.methods.Method.widest_stable_step`: heavy ball's is
    :math:`2(1 + \\beta)/L`, so 4.4/L for momenta up to 1); else found on a logarithmic
    scan of steps. 4.4/L where nothing converges.
    """
    import numpy as np

    other = arguments.y if name == arguments.x else arguments.x
    L = arguments.L
    closed_form = method.widest_stable_step(other, ranges[other][1])
    if closed_form is not None:
        return 1.1 * closed_form / L
    others = _samples(arguments, method, other, ranges[other], min(arguments.resolution, 200))
    steps = np.geomspace(1e-3, 1e4, 1401) / L
    grid_step, grid_other = np.meshgrid(steps, others)
    try:
        converges = method.convergence_region(
            L, **{name: grid_step, other: grid_other}, **arguments.fixed
        )
    except ValueError:  # the other axis's range is outside the domain: refused later
        return 4.4 / L
    stable = steps[np.any(converges, axis=0)]
    if stable.size == 0:
        return 4.4 / L
    scaled = 1.1 * float(stable.max()) * L
    digits = 10.0 ** (math.floor(math.log10(scaled)) - 1)
    return math.ceil(scaled / digits) * digits / L


def _samples(
    arguments: argparse.Namespace, method: Any, name: str, bounds: tuple[float, float], count: int
):
    """``count`` cell centres covering ``bounds``: evenly in ``-log10(1 - beta)`` for a
    momentum on scaled axes, else evenly in the parameter."""
    import numpy as np

    from momentum_theory.methods import cell_centres

    low, high = bounds
    if arguments.axes == "scaled" and method.parameter(name).kind == "momentum":
        digits = cell_centres(-math.log10(1.0 - low), -math.log10(1.0 - high), count)
        return 1.0 - 10.0**-digits
    return np.asarray(cell_centres(low, high, count))


def _check_domain(
    parser: argparse.ArgumentParser, arguments: argparse.Namespace, method: Any
) -> None:
    """Refuse fixed values or ranges outside the method's domain (as the method words it)."""
    import numpy as np

    corners = {
        name: np.asarray(getattr(arguments, f"{axis}_range"))
        for axis, name in (("x", arguments.x), ("y", arguments.y))
    }
    samples = {
        name: _samples(arguments, method, name, tuple(values), arguments.resolution)
        for name, values in corners.items()
    }
    x, y = np.meshgrid(samples[arguments.x], samples[arguments.y])
    try:
        method.check(**{arguments.x: x, arguments.y: y}, **arguments.fixed)
    except (TypeError, ValueError) as problem:
        text = str(problem)
        option = "--set"
        for axis in ("x", "y"):
            if text.startswith(getattr(arguments, axis)):
                option = f"--{axis}-range"
        parser.error(f"{option}: {text}")


# -- running --------------------------------------------------------------------------------


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory heatmap``; returns the exit status."""
    arguments = _checked(arguments)
    started = time.perf_counter()

    import matplotlib

    matplotlib.use("Agg")
    import numpy as np

    from momentum_theory.cli._heatmap_output import write_outputs
    from momentum_theory.methods import method_grid
    from momentum_theory.plotting import plot_method_heatmap_figure
    from momentum_theory.plotting.heatmap import off_slice_text, optimum_off_slice

    method = methods.get(arguments.method)
    x = _samples(arguments, method, arguments.x, arguments.x_range, arguments.resolution)
    y = _samples(arguments, method, arguments.y, arguments.y_range, arguments.resolution)
    curvature = (
        {"h": arguments.L}
        if arguments.mu == arguments.L
        else {"mu": arguments.mu, "L": arguments.L}
    )
    with np.errstate(all="ignore"):
        grid = method_grid(
            arguments.method, (arguments.x, x), (arguments.y, y), **curvature, **arguments.fixed
        )
    figure = plot_method_heatmap_figure(grid, colour=arguments.colour, axes=arguments.axes)
    write_outputs(
        figure,
        grid,
        arguments.output,
        arguments.data,
        colour=arguments.colour,
        axes=arguments.axes,
    )
    written = str(arguments.output) + (f" and {arguments.data}" if arguments.data else "")
    spectrum = (
        f"h = {grid.L:g}" if grid.is_single_curvature else f"spectrum [{grid.mu:g}, {grid.L:g}]"
    )
    what = "" if grid.method == DEFAULT_METHOD else f"{grid.method} over {grid.x_name}, "
    if grid.method != DEFAULT_METHOD:
        what += f"{grid.y_name}" + "".join(f", {k} = {v}" for k, v in grid.fixed.items()) + ", "
    converging = np.mean(grid.converges())
    elsewhere = optimum_off_slice(grid)  # cached: computed for the figure
    print(
        f"wrote {written}: {what}{arguments.resolution} x {arguments.resolution} grid, "
        f"{spectrum}, {converging:.1%} of cells converge, {time.perf_counter() - started:.1f} s"
        + (f"; {off_slice_text(grid, elsewhere)}" if elsewhere is not None else "")
    )
    return 0
