"""``momentum-theory explore``: the interactive explorer, one self-contained HTML file."""

from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path

from momentum_theory.cli._common import output_path, positive_float

DEFAULT_OUTPUT = "explorer.html"
# The condition numbers every page carries besides the one asked for.
KAPPAS = (10.0, 100.0, 1000.0)
MIN_RESOLUTION, MAX_RESOLUTION = 20, 400
# The screenshot's viewport (CSS pixels): the whole page as it opens.
SCREENSHOT = (1200, 1160)
INSTALL_COMMAND = "pip install 'momentum-theory[explore]'"
ATLAS_INSTALL = "pip install 'momentum-theory[atlas]'"


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``explore`` subcommand to ``subparsers``."""
    from momentum_theory.methods import names

    parser = subparsers.add_parser(
        "explore",
        help="write the interactive explorer: one HTML file that works offline",
        description=(
            "Write one self-contained HTML page (all JavaScript and data inlined; it works "
            "offline from a file:// URL and fetches nothing) that shows, for a method and a "
            "spectrum [mu, L], the worst-case rate over the method's step size and momentum "
            "(coloured by iterations per decimal digit, -1/log10(rho), on a log scale; the "
            "momentum on a log scale of 1 - beta, so large condition numbers stay readable) "
            "with the boundary, the critical curves and the optimum; the exact rate and "
            "regime of a picked point; the iterates on f = (mu x^2 + L y^2)/2 beside "
            "gradient descent at its best step; the distance to the minimiser with the "
            "predicted rho^t; and ||A^t||_2 with its transient peak. Besides [MU, L] the "
            "page carries the spectra [MU, 10 MU], [MU, 100 MU] and [MU, 1000 MU], and an atlas "
            "layer of the shipped atlas maps (or --atlas STORE): each cell certified, refuted, "
            "unstable or unknown beyond quadratics, with its proof on a click. "
            f"Needs Bokeh: {INSTALL_COMMAND}."
        ),
    )
    parser.add_argument(
        "--method",
        default="heavy_ball",
        choices=names(),
        metavar="NAME",
        help=f"the method the page opens on: {', '.join(names())}; default heavy_ball",
    )
    parser.add_argument(
        "--mu",
        type=positive_float,
        default=1.0,
        metavar="MU",
        help="smallest Hessian eigenvalue, 0 < MU <= L; default 1",
    )
    parser.add_argument(
        "--L",
        type=positive_float,
        default=100.0,
        metavar="L",
        help="largest Hessian eigenvalue, L >= MU; default 100",
    )
    parser.add_argument(
        "--resolution",
        type=int,
        default=200,
        metavar="N",
        help=(
            f"heatmap cells per axis, {MIN_RESOLUTION} <= N <= {MAX_RESOLUTION}; default 200 "
            "(the page grows like N^2: about 3.2 MB at 200)"
        ),
    )
    parser.add_argument(
        "--atlas",
        action="append",
        metavar="STORE",
        help=(
            "an atlas store (Zarr, from momentum-theory atlas; its .proofs.jsonl beside it) "
            "for the page's atlas layer, where a click on a cell shows its verdict and proof; "
            "repeat for more; default: the maps the package ships, if any (needs the extra "
            f"atlas: {ATLAS_INSTALL})"
        ),
    )
    parser.add_argument(
        "--no-atlas", action="store_true", help="leave the atlas layer out of the page"
    )
    parser.add_argument(
        "--output",
        default=DEFAULT_OUTPUT,
        metavar="PATH",
        help=f"the page to write (.html); default {DEFAULT_OUTPUT}",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        help="also save a PNG of the page as it opens, drawn by headless Chromium",
    )
    parser.set_defaults(run=run, parser=parser)


def _checked(arguments: argparse.Namespace) -> argparse.Namespace:
    """Validate every option before any work, exiting with status 2 on the first problem."""
    parser: argparse.ArgumentParser = arguments.parser
    if arguments.mu > arguments.L:
        parser.error(f"--mu: must be at most --L, got MU = {arguments.mu:g} > L = {arguments.L:g}")
    if not MIN_RESOLUTION <= arguments.resolution <= MAX_RESOLUTION:
        parser.error(
            f"--resolution: need {MIN_RESOLUTION} <= N <= {MAX_RESOLUTION}, "
            f"got {arguments.resolution}"
        )
    arguments.output = output_path(parser, "--output", arguments.output, (".html", ".htm"))
    if arguments.screenshot is not None:
        arguments.screenshot = output_path(parser, "--screenshot", arguments.screenshot, (".png",))
        from momentum_theory.explorer.browser import find_chromium

        if find_chromium() is None:
            parser.error(
                "--screenshot: no Chromium found; install Debian's 'chromium' package or set "
                "MOMENTUM_THEORY_CHROMIUM to the browser's path"
            )
    if importlib.util.find_spec("bokeh") is None:
        parser.error(f"Bokeh is not installed; install the extra with: {INSTALL_COMMAND}")
    if arguments.atlas is not None:
        if arguments.no_atlas:
            parser.error("--atlas: not allowed with --no-atlas")
        for store in arguments.atlas:
            if not Path(store).is_dir():
                parser.error(f"--atlas: no atlas store (a Zarr folder) at {store}")
        if not _atlas_readable():
            parser.error(f"--atlas: xarray and zarr are not installed; {ATLAS_INSTALL}")
    return arguments


def _atlas_readable() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("xarray", "zarr"))


def atlas_stores(arguments: argparse.Namespace) -> tuple[list[str], str]:
    """The stores of the page's atlas layer, and a line saying which (or why none)."""
    if arguments.no_atlas:
        return [], "no atlas layer (--no-atlas)"
    if arguments.atlas is not None:
        return list(arguments.atlas), f"atlas layer: {len(arguments.atlas)} store(s)"
    from momentum_theory.atlas.shipped import shipped_maps

    shipped = [str(path) for path in shipped_maps()]
    if not shipped:
        return [], "no atlas layer: the package ships no atlas maps"
    if not _atlas_readable():
        return [], f"no atlas layer: reading the shipped maps needs {ATLAS_INSTALL}"
    return shipped, f"atlas layer: the {len(shipped)} shipped maps"


def spectra(*, mu: float, L: float) -> list[tuple[float, float]]:
    """``[mu, L]`` first, then ``[mu, kappa mu]`` for each of :data:`KAPPAS` not already there.

    Examples
    --------
    >>> spectra(mu=1.0, L=100.0)
    [(1.0, 100.0), (1.0, 10.0), (1.0, 1000.0)]
    """
    chosen = [(mu, L)]
    for kappa in KAPPAS:
        other = (mu, kappa * mu)
        if other not in chosen:
            chosen.append(other)
    return chosen


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory explore``; returns the exit status."""
    arguments = _checked(arguments)
    started = time.perf_counter()

    from momentum_theory.explorer import explorer_data, write_explorer
    from momentum_theory.explorer.atlas import atlas_layer

    stores, layer = atlas_stores(arguments)
    data = explorer_data(spectra(mu=arguments.mu, L=arguments.L), resolution=arguments.resolution)
    path = write_explorer(arguments.output, data, arguments.method, atlas_layer(stores))
    size = path.stat().st_size / 1e6
    listed = ", ".join(f"[{mu:g}, {L:g}]" for mu, L in data.spectra)
    print(
        f"wrote {path} ({size:.1f} MB): {len(data.methods)} methods, spectra {listed}, "
        f"{data.resolution} x {data.resolution} heatmaps, "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(layer)
    if arguments.screenshot is not None:
        from momentum_theory._io import atomic_write
        from momentum_theory.explorer.browser import Chromium

        with Chromium(width=SCREENSHOT[0], height=SCREENSHOT[1]) as browser:
            browser.open(path.resolve().as_uri())
            render = browser.evaluate(
                "window.explorer.ready.then(() => Number(document.body.dataset.renderMs))"
            )
            picture = browser.screenshot()
        with atomic_write(arguments.screenshot, "wb") as stream:
            stream.write(picture)
        print(f"wrote {arguments.screenshot}: the page as it opens (first render {render} ms)")
    return 0
