r"""The explorer's atlas layer: the shipped atlas maps, each cell with its verdict and proof.

For each atlas store (:mod:`momentum_theory.atlas`; by default the maps the package ships,
``momentum_theory/atlas/maps/*.zarr``), the page draws the plane's cells, coloured as the
paper's ``atlas`` figure colours them (certified: by rate; refuted: light red, with the
cycle's period; unknown and unstable: two greys), and a click on a cell shows its verdict
and its proof from the store's proofs file (``<name>.proofs.jsonl`` beside the store, one
proof per decided cell with ``"cell": [i, j]``): the Lyapunov matrix :math:`P`, the
multipliers and the rate of a certified cell; the cycle's points, drawn with the iterates
that repeat them, of a refuted one; the curvature :math:`h` of the quadratic on which an
unstable one does not converge.

Page size: a proof is most of a kilobyte (a Lyapunov proof of a double-precision tuning,
about 0.7 kB without the keys its map shares), so a large map is embedded as a regular
subsample, every ``stride``-th row and column, each shown cell with its exact verdict,
rate and proof and its indices in the store; the page says so. At most :data:`CELLS` per
axis, fewer while the layer would exceed :data:`BUDGET` bytes (the explorer page without
it is about 3 MB).

Stores are read with :func:`xarray.open_zarr` (the extra ``atlas``), the shipped ones found
and their codes read by :mod:`momentum_theory.atlas.shipped`.

Examples
--------
>>> lattice(128, 24), lattice(20, 24)
((6, 22), (1, 20))
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from momentum_theory.atlas.shipped import integer_codes, proofs_path

__all__ = ["BUDGET", "CELLS", "atlas_layer", "lattice"]

# Cells per axis at most, and the layer's size at most (bytes of JSON): six maps of 24 x 24
# Lyapunov proofs would be 2.4 MB, so the budget shrinks them to about 20 x 20.
CELLS = 24
BUDGET = 1_500_000
# Keys every proof of one store shares; the page writes them once per map.
_SHARED = ("format", "method", "mu", "L")
_VERDICTS = {-1: "not_computed", 0: "unknown", 1: "certified", 2: "refuted", 3: "unstable"}


def lattice(size: int, cells: int) -> tuple[int, int]:
    """The stride and the number of rows (or columns) shown of an axis of ``size`` cells:
    every ``stride``-th from the first, at most ``cells`` of them."""
    stride = max(1, math.ceil(size / cells))
    return stride, len(range(0, size, stride))


def _proofs(path: Path | None, wanted: set[tuple[int, int]]) -> dict[tuple[int, int], dict]:
    """The proofs of the ``wanted`` cells; a truncated last line (an interrupted run) is
    skipped."""
    found: dict[tuple[int, int], dict] = {}
    if path is None:
        return found
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if not line.strip():
                continue
            try:
                proof = json.loads(line)
            except json.JSONDecodeError:
                continue
            cell = tuple(proof.get("cell", ()))
            if cell in wanted:
                found[cell] = proof
    return found


def _number(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _map(path: Path, cells: int) -> dict[str, Any]:
    import xarray as xr

    from momentum_theory import methods

    with xr.open_zarr(path) as store:
        attrs = dict(store.attrs)
        y_name, x_name = store["status"].dims
        status = integer_codes(store["status"].values, -1)
        period = integer_codes(store["period"].values, 0)
        rate = np.asarray(store["rate"].values, dtype=float)
        quadratic = np.asarray(store["quadratic_rate"].values, dtype=float)
        x, y = (np.asarray(store[name].values, dtype=float) for name in (x_name, y_name))
    (x_stride, _), (y_stride, _) = lattice(x.size, cells), lattice(y.size, cells)
    rows, columns = np.arange(0, y.size, y_stride), np.arange(0, x.size, x_stride)
    wanted = {(int(i), int(j)) for i in rows for j in columns}
    proofs = _proofs(proofs_path(path), wanted)
    shared: dict[str, Any] = {}
    if proofs:
        first = next(iter(proofs.values()))
        shared = {key: first[key] for key in _SHARED if key in first}
    method = methods.get(str(attrs["method"]))
    mu, L = float(attrs["mu"]), float(attrs["L"])

    def axis(name: str) -> dict[str, Any]:
        spec = method.parameter(name)
        return {"name": name, "symbol": spec.text, "per_L": spec.unit == "1/L"}

    def compact(proof: dict | None) -> dict | None:
        if proof is None:
            return None
        return {k: v for k, v in proof.items() if k not in shared or shared[k] != v}

    return {
        "name": path.name,
        "method": method.name,
        "display": method.display,
        "mu": mu,
        "L": L,
        "x": {**axis(x_name), "values": x[columns].tolist()},
        "y": {**axis(y_name), "values": y[rows].tolist()},
        "rows": rows.tolist(),
        "columns": columns.tolist(),
        "resolution": [int(y.size), int(x.size)],
        "stride": [int(y_stride), int(x_stride)],
        "fixed": attrs.get("fixed", "{}"),
        "certificate": str(attrs.get("certificate", "")),
        "version": str(attrs.get("version", "")),
        "status": status[np.ix_(rows, columns)].ravel().tolist(),
        "rate": [_number(v) for v in rate[np.ix_(rows, columns)].ravel()],
        "quadratic_rate": [_number(v) for v in quadratic[np.ix_(rows, columns)].ravel()],
        "period": period[np.ix_(rows, columns)].ravel().tolist(),
        "shared": shared,
        "proofs": [compact(proofs.get((int(i), int(j)))) for i in rows for j in columns],
    }


def atlas_layer(
    stores: Sequence[str | os.PathLike[str]], *, cells: int = CELLS, budget: int = BUDGET
) -> dict[str, Any] | None:
    r"""What the page's atlas layer embeds for ``stores``: JSON-ready, None if no stores.

    Parameters
    ----------
    stores : sequence of path-like
        Atlas stores (Zarr), each with its proofs file beside it where there is one.
    cells : int, default :data:`CELLS`
        At most this many rows and columns of each map are embedded (a regular subsample).
    budget : int, default :data:`BUDGET`
        The layer's size in bytes of JSON at most: the subsample is made coarser (a quarter
        fewer cells per axis at a time, down to 2) until it fits.

    Returns
    -------
    dict or None
        ``maps`` (one entry per store: its axes, the shown cells' store indices, verdicts,
        rates, periods and proofs, row by row), ``verdicts`` (code to name),
        ``palette`` (the rate's colour map, viridis, 64 colours) and ``rate_range``
        (the smallest certified rate shown, and 1).

    Raises
    ------
    FileNotFoundError
        If a store does not exist.
    """
    from momentum_theory._validation import as_integer

    cells = as_integer(cells, "cells", 2)
    budget = as_integer(budget, "budget", 1)
    paths = [Path(store) for store in stores]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"atlas store {path} does not exist")
    if not paths:
        return None
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    viridis = colormaps["viridis"]
    while True:
        maps = [_map(path, cells) for path in paths]
        rates = [
            r for m in maps for r, s in zip(m["rate"], m["status"]) if s == 1 and r is not None
        ]
        layer = {
            "maps": maps,
            "verdicts": {str(code): name for code, name in _VERDICTS.items()},
            "palette": [to_hex(viridis(k / 63)) for k in range(64)],
            "rate_range": [min(rates) if rates else 0.0, 1.0],
            "cells": cells,
        }
        if cells == 2 or len(json.dumps(layer, separators=(",", ":"))) <= budget:
            return layer
        cells = max(2, cells * 3 // 4)
