"""``momentum-theory explore``: the interactive explorer, one self-contained HTML file."""

from __future__ import annotations

import argparse
import importlib.util
import time

from momentum_theory.cli._common import output_path, positive_float

DEFAULT_OUTPUT = "explorer.html"
# The condition numbers every page carries besides the one asked for.
KAPPAS = (10.0, 100.0, 1000.0)
MIN_RESOLUTION, MAX_RESOLUTION = 20, 400
# The screenshot's viewport (CSS pixels): the whole page as it opens.
SCREENSHOT = (1200, 1160)
INSTALL_COMMAND = "pip install 'momentum-theory[explore]'"


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
            "page carries the spectra [MU, 10 MU], [MU, 100 MU] and [MU, 1000 MU]. "
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
    return arguments


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

    data = explorer_data(spectra(mu=arguments.mu, L=arguments.L), resolution=arguments.resolution)
    path = write_explorer(arguments.output, data, arguments.method)
    size = path.stat().st_size / 1e6
    listed = ", ".join(f"[{mu:g}, {L:g}]" for mu, L in data.spectra)
    print(
        f"wrote {path} ({size:.1f} MB): {len(data.methods)} methods, spectra {listed}, "
        f"{data.resolution} x {data.resolution} heatmaps, "
        f"{time.perf_counter() - started:.1f} s"
    )
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
