r"""One atlas drawn: :func:`plot_atlas` (``momentum-theory atlas --figure``).

Certified cells are coloured by their proved rate, the others by their verdict (refuted
cells carry their cycle's period); a quick look at one store. The paper's ``atlas`` figure
(several spectra and methods, the known tunings drawn) is built by the paper's machinery.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["plot_atlas"]

# Verdicts other than certified: colour and legend label.
_FLAT = {0: ("#ffffff", "unknown"), 2: ("#d62728", "refuted (period)"), 3: ("#c7c7c7", "unstable")}


def plot_atlas(atlas: Any, ax: Any = None) -> Any:
    r"""Draw ``atlas`` (an :class:`xarray.Dataset` of :func:`~momentum_theory.compute_atlas`
    or ``xarray.open_zarr``): the certified rate, refuted cells with their period, unstable
    and unknown cells; not-yet-computed cells are left blank.

    Parameters
    ----------
    atlas : xarray.Dataset
        The store's contents.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import numpy as np, xarray as xr
    >>> status = np.array([[1, 2], [3, 0]], dtype="int8")
    >>> atlas = xr.Dataset(
    ...     {"status": (("beta", "alpha"), status),
    ...      "rate": (("beta", "alpha"), [[0.9, np.nan], [np.nan, np.nan]]),
    ...      "period": (("beta", "alpha"), np.array([[0, 3], [0, 0]], dtype="int8"))},
    ...     coords={"beta": [0.1, 0.2], "alpha": [0.01, 0.02]},
    ...     attrs={"method": "heavy_ball", "mu": 1.0, "L": 10.0, "x": "alpha", "y": "beta"})
    >>> plot_atlas(atlas).get_title()
    'heavy_ball over S(1, 10):\n1 certified, 1 refuted, 1 unstable, 1 unknown'
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    from momentum_theory.plotting._grid import cell_boundaries

    if ax is None:
        _, ax = plt.subplots(figsize=(6.0, 4.8), layout="constrained")
    x, y = atlas.attrs["x"], atlas.attrs["y"]
    xs, ys = np.asarray(atlas[x]), np.asarray(atlas[y])
    status, rate = np.asarray(atlas["status"]), np.asarray(atlas["rate"], dtype=float)
    period = np.asarray(atlas["period"])
    edges = cell_boundaries(xs), cell_boundaries(ys)
    for code, (colour, _) in _FLAT.items():
        mask = np.where(status == code, 1.0, np.nan)
        ax.pcolormesh(*edges, mask, cmap=ListedColormap([colour]), vmin=0, vmax=1)
    certified = np.where(status == 1, rate, np.nan)
    mesh = ax.pcolormesh(*edges, certified, cmap="viridis", vmin=np.nanmin(certified, initial=1))
    ax.figure.colorbar(mesh, ax=ax, label="certified rate")
    if len(xs) <= 40:  # the periods stay legible
        for i, j in zip(*np.nonzero(status == 2)):
            ax.text(xs[j], ys[i], str(period[i, j]), ha="center", va="center", fontsize=6)
    counts = {name: int(np.sum(status == code)) for code, name in _names().items()}
    ax.set_title(
        f"{atlas.attrs['method']} over S({atlas.attrs['mu']:g}, {atlas.attrs['L']:g}):\n"
        + ", ".join(f"{count} {name}" for name, count in counts.items()),
        fontsize="medium",
    )
    ax.set_xlabel(x)
    ax.set_ylabel(y)
    handles = [Patch(facecolor=c, edgecolor="k", label=label) for c, label in _FLAT.values()]
    ax.legend(handles=handles, loc="upper right", fontsize="small")
    return ax


def _names() -> dict[int, str]:
    return {1: "certified", 2: "refuted", 3: "unstable", 0: "unknown"}
