"""``momentum-theory heatmap``: the convergence-region heatmap over the alpha-beta plane."""

from __future__ import annotations

import argparse
import time

from momentum_theory.cli._common import finite_float, output_path, positive_float

DEFAULT_OUTPUT = "figures/heatmap.png"
MAX_RESOLUTION = 4000


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``heatmap`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "heatmap",
        help="draw the convergence-region heatmap (rate over step size and momentum)",
        description=(
            "Compute the spectral radius rho(A) of heavy ball on f(x) = h x^2/2 (or its worst "
            "case over a Hessian spectrum [mu, L]) on a grid of step sizes alpha and momenta "
            "beta, and draw it with the stability boundary rho = 1, the critical-damping "
            "curves and, for a spectrum, the optimal parameters. Grid points are cell "
            "centres, so every sampled beta lies inside the range."
        ),
    )
    curvature = parser.add_argument_group("curvature (give --h, or --mu and --L)")
    curvature.add_argument(
        "--h",
        type=positive_float,
        metavar="H",
        help="a single curvature h > 0 (Hessian eigenvalue; dimensionless); default 1",
    )
    curvature.add_argument(
        "--mu",
        type=positive_float,
        metavar="MU",
        help="smallest Hessian eigenvalue, 0 < MU <= L: colour is the worst case over [MU, L]",
    )
    curvature.add_argument(
        "--L", type=positive_float, metavar="L", help="largest Hessian eigenvalue, L >= MU"
    )
    parser.add_argument(
        "--alpha-range",
        nargs=2,
        type=finite_float,
        metavar=("MIN", "MAX"),
        help="step sizes alpha, 0 <= MIN < MAX (units of 1/h); default 0 to 4.4/L, "
        "just past the widest stable step 4/L",
    )
    parser.add_argument(
        "--beta-range",
        nargs=2,
        type=finite_float,
        metavar=("MIN", "MAX"),
        default=(0.0, 1.0),
        help="momenta beta, 0 <= MIN < MAX <= 1 (dimensionless; samples stay in [0, 1)); "
        "default 0 1",
    )
    parser.add_argument(
        "--resolution",
        type=int,
        default=600,
        metavar="N",
        help=f"grid points per axis, 2 <= N <= {MAX_RESOLUTION}; default 600",
    )
    parser.add_argument(
        "--output",
        default=DEFAULT_OUTPUT,
        metavar="PATH",
        help=f"figure to write, PNG or PDF by suffix; default {DEFAULT_OUTPUT}",
    )
    parser.add_argument(
        "--data",
        metavar="PATH",
        help="also write the grid (alpha, beta, rate) as .npz or .csv (one row per cell)",
    )
    parser.set_defaults(run=run, parser=parser)


def _checked(arguments: argparse.Namespace) -> argparse.Namespace:
    """Validate every option before any work, exiting with status 2 on the first problem."""
    parser: argparse.ArgumentParser = arguments.parser
    if arguments.h is not None and (arguments.mu is not None or arguments.L is not None):
        parser.error("--h: give either --h or --mu and --L, not both")
    if (arguments.mu is None) != (arguments.L is None):
        parser.error("--mu/--L: give both ends of the spectrum")
    if arguments.mu is not None and arguments.mu > arguments.L:
        parser.error(f"--mu: must be at most --L, got MU = {arguments.mu:g} > L = {arguments.L:g}")
    if arguments.mu is None:
        arguments.mu = arguments.L = 1.0 if arguments.h is None else arguments.h
    if arguments.alpha_range is None:
        arguments.alpha_range = (0.0, 4.4 / arguments.L)
    low, high = arguments.alpha_range
    if not 0 <= low < high:
        parser.error(f"--alpha-range: need 0 <= MIN < MAX, got {low:g} {high:g}")
    low, high = arguments.beta_range
    if not 0 <= low < high <= 1:
        parser.error(f"--beta-range: need 0 <= MIN < MAX <= 1, got {low:g} {high:g}")
    if not 2 <= arguments.resolution <= MAX_RESOLUTION:
        parser.error(f"--resolution: need 2 <= N <= {MAX_RESOLUTION}, got {arguments.resolution}")
    arguments.output = output_path(parser, "--output", arguments.output, (".png", ".pdf"))
    if arguments.data is not None:
        arguments.data = output_path(parser, "--data", arguments.data, (".npz", ".csv"))
    return arguments


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory heatmap``; returns the exit status."""
    arguments = _checked(arguments)
    started = time.perf_counter()

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from momentum_theory._io import save_arrays, save_figure
    from momentum_theory.plotting import plot_rate_heatmap_figure
    from momentum_theory.spectral import rate_grid

    alphas = _cell_centres(*arguments.alpha_range, arguments.resolution)
    betas = _cell_centres(*arguments.beta_range, arguments.resolution)
    grid = rate_grid(alphas, betas, mu=arguments.mu, L=arguments.L)

    figure = plot_rate_heatmap_figure(grid)
    save_figure(figure, arguments.output)
    plt.close(figure)
    if arguments.data is not None:
        save_arrays(arguments.data, grid.as_columns(arguments.data.suffix.lower().lstrip(".")))
    written = str(arguments.output) + (f" and {arguments.data}" if arguments.data else "")
    spectrum = (
        f"h = {grid.L:g}" if grid.is_single_curvature else f"spectrum [{grid.mu:g}, {grid.L:g}]"
    )
    converging = np.mean(grid.rate < 1)
    print(
        f"wrote {written}: {arguments.resolution} x {arguments.resolution} grid, {spectrum}, "
        f"{converging:.1%} of cells converge, {time.perf_counter() - started:.1f} s"
    )
    return 0


def _cell_centres(low: float, high: float, count: int):
    """``count`` equally spaced cell centres covering ``[low, high]``."""
    import numpy as np

    return low + (np.arange(count) + 0.5) * ((high - low) / count)
