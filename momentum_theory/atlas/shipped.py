r"""The maps the package ships, and reading a store's codes: one home for the explorer's
atlas layer and the paper's atlas figure.

:data:`MAPS_FOLDER` holds heavy ball's and Nesterov's maps at :math:`\kappa = 10, 25, 100`
(``<method>-kappa<K>.zarr``, their proofs beside them as ``<method>-kappa<K>.proofs.jsonl``;
its ``README.md`` gives the commands that regenerate them).

Examples
--------
>>> sorted(path.name for path in shipped_maps())[:2]
['heavy_ball-kappa10.zarr', 'heavy_ball-kappa100.zarr']
>>> proofs_path(MAPS_FOLDER / "heavy_ball-kappa25.zarr").name
'heavy_ball-kappa25.proofs.jsonl'
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["MAPS_FOLDER", "integer_codes", "proofs_path", "shipped_maps"]

MAPS_FOLDER = Path(__file__).resolve().parent / "maps"


def shipped_maps() -> list[Path]:
    """The stores in :data:`MAPS_FOLDER`, sorted; empty where there are none.

    Returns
    -------
    list of pathlib.Path
    """
    return sorted(MAPS_FOLDER.glob("*.zarr")) if MAPS_FOLDER.is_dir() else []


def proofs_path(store: str | os.PathLike[str]) -> Path | None:
    """The proofs file of ``store``: ``<stem>.proofs.jsonl`` beside it (or
    ``<name>.proofs.jsonl``), None if there is none.

    Parameters
    ----------
    store : str or path-like
        A store's path.

    Returns
    -------
    pathlib.Path or None
    """
    store = Path(store)
    for candidate in (store.with_suffix(".proofs.jsonl"), Path(f"{store}.proofs.jsonl")):
        if candidate.is_file():
            return candidate
    return None


def integer_codes(values: np.ndarray, missing: int) -> NDArray[np.int8]:
    """A store's integer codes (``status``, ``period``) as int8; ``missing`` where a reader
    decoded the array's fill value to NaN (xarray does so when the fill value is declared
    as ``_FillValue``).

    Parameters
    ----------
    values : ndarray
        The codes as read.
    missing : int
        The code of a cell read as NaN.

    Returns
    -------
    ndarray of int8

    Examples
    --------
    >>> integer_codes(np.array([[1.0, np.nan]]), -1)
    array([[ 1, -1]], dtype=int8)
    """
    values = np.asarray(values)
    if values.dtype.kind == "f":
        values = np.where(np.isnan(values), missing, values)
    return values.astype(np.int8)
