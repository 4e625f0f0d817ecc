r"""The ``atlas`` figure: heavy ball and Nesterov at :math:`\kappa = 10, 25, 100`.

A 2 x 3 grid of :func:`plot_atlas_map` panels (rows: methods, columns: :math:`\kappa`):
certified cells coloured by their certified rate (one colour bar for all six), refuted
cells hatched by the period of their cycle, unknown and unstable cells in two greys, the
quadratic stability boundary :math:`\max_{h \in [\mu, L]} \rho = 1` (from the exact
kernel, on a finer grid than the store's), each of the method's published tunings
(:meth:`~momentum_theory.methods.Method.tuning`: Polyak's and Ghadimi et al.'s for heavy
ball, Nesterov's textbook and Lessard-Recht-Packard's for Nesterov) and the
Lessard-Recht-Packard point (:func:`~momentum_theory.proofs.cycle.lessard_recht_packard_proof`,
heavy ball at :math:`\kappa = 25`), each on the panels where it lies in range.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np

from momentum_theory.plotting._style import print_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.colors import Normalize
    from matplotlib.figure import Figure

    from momentum_theory.paper.atlas.experiments import AtlasMap

__all__ = ["HATCHES", "atlas_figure", "marked_points", "plot_atlas", "plot_atlas_map"]

# Unknown, unstable and not computed: neutral colours apart from the rate's colour map;
# refuted cells: a light red under a hatch that names the cycle's period.
UNKNOWN, UNSTABLE, NOT_COMPUTED, REFUTED = "0.86", "0.55", "white", "#f7c4b0"
HATCHES = ("////", "\\\\\\\\", "xxxx", "....", "++++", "oooo", "----", "||||")
_RATE_MAP = "viridis"
_BOUNDARY_RESOLUTION = 401
_LESSARD = "Lessard-Recht-Packard counterexample"


def _hatch(period: int, periods: Sequence[int]) -> str:
    return HATCHES[list(periods).index(period) % len(HATCHES)]


def _scale(result: AtlasMap) -> tuple[float, str]:
    """What the step axis is multiplied by (L for a step in units of 1/L), and its label."""
    from momentum_theory import methods

    spec = methods.get(result.method).parameter(result.x_name)
    if spec.unit == "1/L":
        return result.L, rf"${spec.latex} L$"
    return 1.0, f"${spec.latex}$"


def marked_points(result: AtlasMap) -> list[dict[str, Any]]:
    r"""The points drawn on ``result``'s panel: the method's tunings and the
    Lessard-Recht-Packard point, where they lie inside the plane (half a cell around it).

    Returns
    -------
    list of dict
        ``label``, ``marker``, ``x`` and ``y`` (parameter values, unscaled).

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.paper.atlas.experiments import AtlasMap
    >>> empty = np.zeros((3, 3))
    >>> plane = AtlasMap("heavy_ball", 1.0, 25.0, "alpha", "beta", np.linspace(0, 0.16, 3),
    ...                  np.linspace(0, 0.96, 3), *[empty] * 5, {}, "", "", "")
    >>> [p["label"] for p in marked_points(plane)]
    ['Polyak', 'Ghadimi et al.', 'Lessard-Recht-Packard counterexample']
    >>> [(round(p["x"] * 25, 4), round(p["y"], 4)) for p in marked_points(plane)]  # alpha L
    [(2.7778, 0.4444), (0.5, 0.7), (2.7778, 0.4444)]
    """
    from momentum_theory import methods
    from momentum_theory.proofs.cycle import lessard_recht_packard_proof

    method = methods.get(result.method)
    points = []
    for name in method.tunings:
        spec = method.tuning_spec(name)
        tuned = method.tuning(name, mu=result.mu, L=result.L, **result.fixed)
        points.append(
            {
                "label": spec.display,
                "marker": spec.marker or "*",
                "x": float(tuned.parameters[result.x_name]),
                "y": float(tuned.parameters[result.y_name]),
            }
        )
    proof = lessard_recht_packard_proof()
    if (
        proof["method"] == result.method
        and Fraction(proof["mu"]) == Fraction(result.mu)
        and Fraction(proof["L"]) == Fraction(result.L)
    ):
        parameters = proof["parameters"]
        points.append(
            {
                "label": _LESSARD,
                "marker": "o",
                "x": float(Fraction(parameters[result.x_name])),
                "y": float(Fraction(parameters[result.y_name])),
            }
        )
    dx, dy = np.diff(result.x[:2]), np.diff(result.y[:2])
    half_x = float(dx[0]) / 2 if dx.size else 0.0
    half_y = float(dy[0]) / 2 if dy.size else 0.0
    return [
        point
        for point in points
        if result.x[0] - half_x <= point["x"] <= result.x[-1] + half_x
        and result.y[0] - half_y <= point["y"] <= result.y[-1] + half_y
    ]


def _size(marker: str) -> float:
    return 9.0 if marker == "*" else 6.0  # a star reads small beside a triangle


def _extent(result: AtlasMap, scale: float) -> tuple[float, float, float, float]:
    dx = (result.x[-1] - result.x[0]) / max(result.x.size - 1, 1)
    dy = (result.y[-1] - result.y[0]) / max(result.y.size - 1, 1)
    return (
        (result.x[0] - dx / 2) * scale,
        (result.x[-1] + dx / 2) * scale,
        result.y[0] - dy / 2,
        result.y[-1] + dy / 2,
    )


def _boundary(result: AtlasMap, scale: float, ax: Axes) -> None:
    """The contour max over h of rho = 1, from the method's exact kernel on a finer grid."""
    from momentum_theory import methods

    method = methods.get(result.method)
    x = np.linspace(result.x[0], result.x[-1], _BOUNDARY_RESOLUTION)
    y = np.linspace(result.y[0], result.y[-1], _BOUNDARY_RESOLUTION)
    grid_x, grid_y = np.meshgrid(x, y)
    rate = method.worst_case_rate(
        mu=result.mu, L=result.L, **{result.x_name: grid_x, result.y_name: grid_y}, **result.fixed
    )
    rate = np.where(np.isfinite(rate), rate, 2.0)
    ax.contour(x * scale, y, rate, levels=[1.0], colors="black", linewidths=1.1)


def plot_atlas_map(
    result: AtlasMap,
    ax: Axes | None = None,
    *,
    norm: Normalize | None = None,
    periods: Sequence[int] | None = None,
) -> Axes:
    r"""One store's plane: verdicts, certified rates, cycle periods, boundary and points.

    Parameters
    ----------
    result : AtlasMap
        The store.
    ax : matplotlib.axes.Axes, optional
        Where to draw (a new figure if None).
    norm : matplotlib.colors.Normalize, optional
        The rates' colour scale (shared between panels); by default the range of this
        store's certified rates.
    periods : sequence of int, optional
        Every period of the figure, in order, so that one hatch names one period across
        panels (by default this store's).

    Returns
    -------
    matplotlib.axes.Axes
        The rates' image is ``ax.images[1]`` (the colour bar's mappable).
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap, Normalize

    from momentum_theory import methods
    from momentum_theory.paper.atlas.experiments import VERDICTS

    if ax is None:
        _, ax = plt.subplots(figsize=(3.2, 2.8), layout="constrained")
    scale, x_label = _scale(result)
    extent = _extent(result, scale)
    codes = VERDICTS
    classes = np.select(
        [result.status == codes["unknown"], result.status == codes["unstable"]],
        [0, 1],
        default=np.where(result.status == codes["refuted"], 2, 3),
    ).astype(float)
    classes[result.status == codes["certified"]] = np.nan
    options = {"origin": "lower", "aspect": "auto", "extent": extent, "interpolation": "nearest"}
    ax.imshow(
        classes,
        cmap=ListedColormap([UNKNOWN, UNSTABLE, REFUTED, NOT_COMPUTED]),
        vmin=0,
        vmax=3,
        **options,
    )
    certified = result.status == codes["certified"]
    rates = np.where(certified, result.rate, np.nan)
    if norm is None:
        finite = rates[np.isfinite(rates)]
        norm = Normalize(*(finite.min(), finite.max()) if finite.size else (0.0, 1.0))
    ax.imshow(rates, cmap=_RATE_MAP, norm=norm, **options)
    refuted = result.status == codes["refuted"]
    here = sorted({int(p) for p in result.period[refuted]})
    periods = here if periods is None else list(periods)
    for period in here:
        mask = (refuted & (result.period == period)).astype(float)
        ax.contourf(
            result.x * scale,
            result.y,
            mask,
            levels=[0.5, 1.5],
            colors="none",
            hatches=[_hatch(period, periods)],
        )
    _boundary(result, scale, ax)
    for point in marked_points(result):
        ax.plot(
            point["x"] * scale,
            point["y"],
            point["marker"],
            ms=9 if point["label"] == _LESSARD else _size(point["marker"]),
            mfc="none" if point["label"] == _LESSARD else "white",
            mec="black" if point["label"] != _LESSARD else "#d62728",
            mew=1.2,
            ls="none",
        )
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_xlabel(x_label)
    ax.set_ylabel(f"${methods.get(result.method).parameter(result.y_name).latex}$")
    display = methods.get(result.method).display
    ax.set_title(rf"{display}, $\kappa = {result.kappa:g}$")
    return ax


def _handles(results: Sequence[AtlasMap], periods: Sequence[int]) -> list:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=UNKNOWN, edgecolor="0.5", lw=0.5, label="unknown"),
        Patch(facecolor=UNSTABLE, edgecolor="0.5", lw=0.5, label="unstable on a quadratic"),
    ]
    for period in periods:
        handles.append(
            Patch(
                facecolor=REFUTED,
                edgecolor="0.3",
                lw=0.5,
                hatch=_hatch(period, periods),
                label=f"refuted, cycle of period {period}",
            )
        )
    handles.append(Line2D([], [], color="black", lw=1.1, label="quadratic stability boundary"))
    seen = set()
    for result in results:
        for point in marked_points(result):
            if point["label"] in seen:
                continue
            seen.add(point["label"])
            lessard = point["label"] == _LESSARD
            handles.append(
                Line2D(
                    [],
                    [],
                    marker=point["marker"],
                    ls="none",
                    ms=9 if lessard else _size(point["marker"]),
                    mfc="none" if lessard else "white",
                    mec="#d62728" if lessard else "black",
                    mew=1.2,
                    label=point["label"],
                )
            )
    return handles


def plot_atlas(results: Sequence[AtlasMap], columns: int = 3) -> Figure:
    r"""The atlas: ``results`` in rows of ``columns`` panels, one colour bar, one legend.

    Drawn for print at text width (6.6 inches).
    """
    from matplotlib.colors import Normalize

    if not results or len(results) % columns:
        raise ValueError(f"results must fill rows of {columns} panels, got {len(results)}")
    rows = len(results) // columns
    finite = np.concatenate(
        [r.rate[(r.status == 1) & np.isfinite(r.rate)].ravel() for r in results]
    )
    norm = Normalize(*(float(finite.min()), 1.0) if finite.size else (0.0, 1.0))
    periods = sorted({int(p) for r in results for p in r.period[r.status == 2]})
    with print_figure((6.6, 2.3 * rows + 1.1)) as figure:
        grid = figure.add_gridspec(rows, columns)
        axes = [figure.add_subplot(grid[i // columns, i % columns]) for i in range(len(results))]
        for ax, result in zip(axes, results):
            plot_atlas_map(result, ax, norm=norm, periods=periods)
        for ax in axes:
            if ax.get_subplotspec().colspan.start:
                ax.set_ylabel("")
        figure.colorbar(axes[0].images[1], ax=axes, label="certified rate", shrink=0.9)
        figure.legend(
            handles=_handles(results, periods),
            loc="outside lower center",
            ncols=3,
            frameon=False,
            handlelength=1.6,
        )
    return figure


def atlas_figure() -> Figure:
    """The ``atlas`` figure, from the committed stores (:func:`~.experiments.maps`)."""
    from momentum_theory.paper.atlas.experiments import maps

    return plot_atlas(maps())
