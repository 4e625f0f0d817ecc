r"""The atlas's Zarr store: its layout, its creation, its refusal of another grid, its writes.

Layout (``xarray.open_zarr(path)`` reads it): dims ``(y, x)`` named after the plane's
parameters (``status[beta, alpha]``), coordinates ``numpy.linspace(min, max, resolution)``;
data variables

* ``status`` (int8): -1 not computed, 0 unknown, 1 certified, 2 refuted, 3 unstable
  (CF attributes ``flag_values``, ``flag_meanings``);
* ``rate`` (float64): the proved rate, NaN unless certified;
* ``quadratic_rate`` (float64): the worst case over the quadratics of the class;
* ``period`` (int8): the cycle's length for a refuted cell, else 0;

and the attributes of :meth:`~momentum_theory.atlas.grid.AtlasGrid.attrs` plus
``certificate`` and ``version``. Chunks are the tasks' blocks. Only the client writes, one
whole chunk at a time, ``status`` last: a chunk file is new when first written (atomic on a
local store), so a kill leaves every block either recorded or still -1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from momentum_theory.atlas.grid import AtlasGrid

__all__ = ["CERTIFICATE", "StoreMismatch", "create_store", "open_store", "write_block"]

FLAG_VALUES = [-1, 0, 1, 2, 3]
FLAG_MEANINGS = "not_computed unknown certified refuted unstable"
CERTIFICATE = (
    "certified: a Lyapunov function on (x_k, x_{k-1}, zeta_k) with the sector and weighted "
    "off-by-one IQCs (Lessard, Recht and Packard 2016), checked exactly, at the smallest rung "
    "rho_k = 1 - m_(k mod 40) 10^-floor(k/40) (m_i = 10^(-i/40) to 3 significant digits, "
    "k <= 200) of the fixed ladder that passes; refuted: a cycle of length 2..10"
)
VARIABLES = ("rate", "quadratic_rate", "period", "status")  # status last: it marks a block done


class StoreMismatch(ValueError):
    """The store at ``--store`` was made for another grid (the message says what differs)."""


def _template(grid: AtlasGrid) -> Any:
    from importlib.metadata import version  # not the root's __version__: the root imports us

    import dask.array as da
    import xarray as xr

    n, dims = grid.resolution, (grid.y, grid.x)
    chunks = (grid.block, grid.block)

    def empty(value: float, dtype: str) -> Any:
        return da.full((n, n), value, dtype=dtype, chunks=chunks)

    data = {
        "status": (
            dims,
            empty(-1, "int8"),
            {
                "flag_values": FLAG_VALUES,
                "flag_meanings": FLAG_MEANINGS,
                "long_name": "verdict over S(mu, L)",
            },
        ),
        "rate": (dims, empty(np.nan, "float64"), {"long_name": "certified rate"}),
        "quadratic_rate": (
            dims,
            empty(np.nan, "float64"),
            {"long_name": "worst-case rate over the quadratics of the class"},
        ),
        "period": (dims, empty(0, "int8"), {"long_name": "cycle length (refuted cells)"}),
    }
    coords = {grid.y: grid.y_values, grid.x: grid.x_values}
    attrs = {**grid.attrs(), "certificate": CERTIFICATE, "version": version("momentum-theory")}
    return xr.Dataset(data, coords=coords, attrs=attrs)


def create_store(grid: AtlasGrid, path: str | Path) -> None:
    """Write the store's metadata and coordinates (no chunk of data: all cells -1)."""
    dataset = _template(grid)
    encoding = {
        "status": {"fill_value": -1},
        "rate": {"fill_value": np.nan},
        "quadratic_rate": {"fill_value": np.nan},
        "period": {"fill_value": 0},
    }
    import warnings

    with warnings.catch_warnings():  # "consolidated metadata is not part of Zarr 3's spec"
        warnings.simplefilter("ignore", UserWarning)
        # compute=False writes no data chunk: each chunk file is created by write_block.
        dataset.to_zarr(path, mode="w-", compute=False, encoding=encoding, consolidated=True)


def open_store(grid: AtlasGrid, path: str | Path) -> Any:
    """The zarr group at ``path``, after checking it was made for ``grid``.

    Raises
    ------
    StoreMismatch
        Naming every attribute that differs, or saying the path is not an atlas store.
    """
    import zarr

    try:
        group = zarr.open_group(str(path), mode="r+")
    except Exception as error:  # zarr raises several kinds for a path that is no group
        raise StoreMismatch(f"{path} exists but is not a Zarr store ({error})") from None
    attrs = dict(group.attrs)
    if "status" not in group or "resolution" not in attrs:
        raise StoreMismatch(f"{path} is a Zarr store but not an atlas")
    differences = grid.differences(attrs)
    if differences:
        raise StoreMismatch(
            f"{path} was made with another grid: {'; '.join(differences)}; "
            "give another --store or remove this one"
        )
    return group


def read_status(group: Any) -> Any:
    """The ``status`` array (int8, -1 where not computed)."""
    return np.asarray(group["status"][...])


def write_block(group: Any, block: tuple[int, int, int, int], values: dict[str, Any]) -> None:
    """Write one block's arrays (whole chunks), ``status`` last."""
    i0, i1, j0, j1 = block
    for name in VARIABLES:
        group[name][i0:i1, j0:j1] = values[name]
