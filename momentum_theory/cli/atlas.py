"""``momentum-theory atlas``: map a method's plane over S(mu, L), every cell with its proof.

Runs :func:`momentum_theory.atlas.driver.run_atlas` (the engine of
:func:`momentum_theory.compute_atlas`) on a local Dask cluster (``--workers``) or an
existing one (``--scheduler``), writing a Zarr store (``--store``) and, with ``--proofs``,
one proof a line, and with ``--figure`` a picture of it
(:func:`~momentum_theory.atlas.figure.plot_atlas`). Run the same command again to resume an
interrupted run. Bad arguments, and a store made for another grid, exit 2 and write nothing.
"""

from __future__ import annotations

import argparse
from typing import Any

from momentum_theory import methods
from momentum_theory.cli._common import (
    finite_float,
    output_path,
    parameter_settings,
    positive_float,
)

_EPILOG = """\
examples:
  momentum-theory atlas --method heavy_ball --mu 1 --L 25 --resolution 32 \\
      --store hb-25.zarr --proofs hb-25.proofs.jsonl --workers 2 --figure hb-25.png
  momentum-theory atlas --method qhm --mu 1 --L 100 --set nu=0.7 --x alpha --y beta \\
      --x-range 0 0.04 --y-range 0 0.99 --resolution 64 --store qhm.zarr \\
      --scheduler tcp://10.0.0.5:8786
"""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``atlas`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "atlas",
        help="map a plane of parameters: certified, refuted, unstable or unknown, with proofs",
        description=(
            "Map a method's plane of parameters over every mu-strongly convex, L-smooth "
            "function: each cell certified (a proved rate < 1, sector + off-by-one IQC "
            "Lyapunov function, on a fixed ladder of rates), refuted (a cycle on a function "
            "of the class), unstable (a quadratic of the class) or unknown, each decided "
            "cell with an exact proof. Runs on Dask: a local cluster of --workers "
            "processes, or an existing one (--scheduler). The same command resumes an "
            "interrupted run. Needs the extras 'atlas' and 'pep'."
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
    parser.add_argument("--x", metavar="P", help="parameter along x (default: the step)")
    parser.add_argument("--y", metavar="P", help="parameter along y (default: the momentum)")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        dest="settings",
        help="a fixed parameter (repeatable); the others take the method's defaults",
    )
    for axis in ("x", "y"):
        parser.add_argument(
            f"--{axis}-range",
            nargs=2,
            type=finite_float,
            metavar=("MIN", "MAX"),
            help=f"the {axis} axis's first and last grid points (default: the typical range)",
        )
    parser.add_argument(
        "--resolution", required=True, type=_positive_int, metavar="N", help="points per axis"
    )
    parser.add_argument("--store", required=True, metavar="PATH", help="the Zarr store")
    parser.add_argument("--proofs", metavar="PATH", help="the proofs, one a line (.jsonl)")
    parser.add_argument(
        "--figure", metavar="PATH", help="also draw the map (.png or .pdf): rates, verdicts"
    )
    engine = parser.add_mutually_exclusive_group()
    engine.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="local worker processes (default: cores)",
    )
    engine.add_argument(
        "--scheduler", metavar="ADDRESS", help="an existing Dask scheduler, tcp://HOST:PORT"
    )
    parser.set_defaults(run=run, parser=parser)


def _checked(arguments: argparse.Namespace) -> Any:
    """The grid, every option checked before any work (else exit 2)."""
    from pathlib import Path

    from momentum_theory._io import check_writable
    from momentum_theory.atlas.grid import atlas_grid

    parser: argparse.ArgumentParser = arguments.parser
    if arguments.mu > arguments.L:
        parser.error(f"--mu: must be at most --L, got MU = {arguments.mu:g} > L = {arguments.L:g}")
    method = methods.get(arguments.method)
    settings = parameter_settings(parser, arguments.settings, method)
    try:
        grid = atlas_grid(
            method,
            mu=arguments.mu,
            L=arguments.L,
            resolution=arguments.resolution,
            x=arguments.x,
            y=arguments.y,
            x_range=arguments.x_range,
            y_range=arguments.y_range,
            fixed=settings,
        )
    except (TypeError, ValueError) as problem:
        parser.error(str(problem))
    if arguments.proofs is not None:
        arguments.proofs = output_path(parser, "--proofs", arguments.proofs, (".jsonl",))
    if arguments.figure is not None:
        arguments.figure = output_path(parser, "--figure", arguments.figure, (".png", ".pdf"))
    if not Path(arguments.store).exists():  # an existing one is checked against the grid
        problem = check_writable(arguments.store)
        if problem:
            parser.error(f"--store: cannot write {arguments.store!r}: {problem}")
    return grid


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory atlas``; returns the exit status."""
    from importlib.util import find_spec

    parser = arguments.parser
    grid = _checked(arguments)
    # Only looked up: the client imports no solver (each worker builds its own problems).
    missing = [
        name for name in ("cvxpy", "dask", "distributed", "xarray", "zarr") if not find_spec(name)
    ]
    if missing:
        parser.error(
            f"the atlas needs the extras 'atlas' and 'pep' ({missing[0]} is missing): "
            "pip install 'momentum-theory[atlas,pep]'"
        )
    from momentum_theory.atlas.driver import run_atlas
    from momentum_theory.atlas.store import StoreMismatch

    try:
        result = run_atlas(
            grid,
            arguments.store,
            proofs=arguments.proofs,
            workers=arguments.workers,
            scheduler=arguments.scheduler,
        )
    except StoreMismatch as problem:
        parser.error(f"--store: {problem}")
    print(
        f"{grid.method} over S({grid.mu:g}, {grid.L:g}), {grid.resolution} x {grid.resolution}: "
        f"reused {result.reused} cells, computed {result.computed} "
        f"({result.cycle_searched} with a cycle search) in {result.seconds:.1f} s"
    )
    print(", ".join(f"{name} {count}" for name, count in result.counts.items()))
    print(f"wrote {arguments.store}" + (f" and {arguments.proofs}" if arguments.proofs else ""))
    if arguments.figure is not None:
        _draw(arguments.store, arguments.figure)
        print(f"wrote {arguments.figure}")
    return 0


def _draw(store: str, figure: Any) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import xarray as xr

    from momentum_theory._io import atomic_write
    from momentum_theory.atlas.figure import plot_atlas

    with xr.open_zarr(store) as atlas:
        ax = plot_atlas(atlas.load())
    with atomic_write(figure, "wb") as stream:
        ax.figure.savefig(stream, format=figure.suffix.lstrip(".").lower(), dpi=150)
    plt.close(ax.figure)
