r"""The atlas's stores, read once: heavy ball and Nesterov at :math:`\kappa = 10, 25, 100`.

The stores are the committed maps of :mod:`momentum_theory.atlas`
(``momentum_theory/atlas/maps/<method>-kappa<K>.zarr``, :math:`\mu = 1`, :math:`L = K`),
read with :func:`xarray.open_zarr`. Each cell of a parameter plane carries a verdict
(``status``): 1 certified (with its ``rate``), 2 refuted (a cycle of length ``period``),
3 unstable on a quadratic of the class, 0 unknown, -1 not computed. A missing store, or
one made for another method or spectrum, is an error naming the path: the section's
numbers are never made from part of the atlas.

* :func:`atlas_maps`: every store of :data:`METHODS` x :data:`KAPPAS` as an
  :class:`AtlasMap` (cached, keyed by the stores' bytes, so a regenerated store is read
  afresh);
* :func:`verdict_fractions`: the share of each verdict among the cells inside the
  quadratic-stable region, i.e. its share of that region's area, the cells being equal
  rectangles of the plane. The region is decided exactly, by Jury's test at both ends of
  the spectrum (:meth:`MethodGrid.converges <momentum_theory.methods.MethodGrid.converges>`),
  never by ``quadratic_rate < 1``: at :math:`\alpha = 0` the rate is exactly 1 and the
  stored float reads ``0.9999999999999999``.

Needs the optional extra ``atlas`` (xarray, zarr).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from momentum_theory.atlas.shipped import MAPS_FOLDER, integer_codes
from momentum_theory.paper._cache import experiment

__all__ = [
    "INSTALL_COMMAND",
    "KAPPAS",
    "METHODS",
    "VERDICTS",
    "AtlasMap",
    "atlas_available",
    "atlas_maps",
    "maps",
    "maps_folder",
    "store_path",
    "verdict_fractions",
]

INSTALL_COMMAND = 'pip install "momentum-theory[atlas]"'
# The figure's rows and columns: the methods and condition numbers mapped (mu = 1, L = K).
METHODS = ("heavy_ball", "nesterov")
KAPPAS = (10, 25, 100)
# The codes of the stores' ``status`` (their attrs flag_values / flag_meanings).
VERDICTS = {"not_computed": -1, "unknown": 0, "certified": 1, "refuted": 2, "unstable": 3}
_FLAG_MEANINGS = "not_computed unknown certified refuted unstable"


def atlas_available() -> bool:
    """Whether xarray and zarr can both be imported (without importing them)."""
    return all(importlib.util.find_spec(name) is not None for name in ("xarray", "zarr"))


def maps_folder() -> Path:
    """Where the package keeps the committed stores: ``momentum_theory/atlas/maps``."""
    return MAPS_FOLDER


def store_path(method: str, kappa: int, folder: Path | None = None) -> Path:
    """The store of ``method`` at condition number ``kappa``: ``<method>-kappa<K>.zarr``."""
    return (maps_folder() if folder is None else Path(folder)) / f"{method}-kappa{kappa}.zarr"


@dataclass(frozen=True)
class AtlasMap:
    r"""One store of the atlas, as read.

    Attributes
    ----------
    method : str
        The method's registry name.
    mu, L : float
        The spectrum.
    x_name, y_name : str
        The plane's parameters (columns and rows).
    x, y : ndarray, shape (n_x,) and (n_y,)
        The coordinates (``numpy.linspace`` over the store's ranges).
    status : ndarray of int8, shape (n_y, n_x)
        The verdicts (:data:`VERDICTS`).
    rate : ndarray, shape (n_y, n_x)
        The certified rate, NaN where the cell is not certified.
    quadratic_rate : ndarray, shape (n_y, n_x)
        The worst-case rate over quadratics of the class.
    period : ndarray of int8, shape (n_y, n_x)
        The cycle's length where refuted, 0 elsewhere.
    stable : ndarray of bool, shape (n_y, n_x)
        Where the method converges on every quadratic of the class (the package's exact
        test, :meth:`MethodGrid.converges <momentum_theory.methods.MethodGrid.converges>`,
        at the cells' coordinates): the quadratic-stable region.
    fixed : dict of str to object
        The method's parameters held fixed (the store's ``fixed``).
    certificate : str
        The sentence saying which certificate class decides "certified".
    version : str
        The package version that wrote the store.
    path : str
        Where it was read.
    """

    method: str
    mu: float
    L: float
    x_name: str
    y_name: str
    x: NDArray[np.float64]
    y: NDArray[np.float64]
    status: NDArray[np.int8]
    rate: NDArray[np.float64]
    quadratic_rate: NDArray[np.float64]
    period: NDArray[np.int8]
    stable: NDArray[np.bool_]
    fixed: dict
    certificate: str
    version: str
    path: str

    @property
    def kappa(self) -> float:
        r""":math:`L/\mu`."""
        return self.L / self.mu


def _converges(
    method: str,
    x_name: str,
    x: NDArray,
    y_name: str,
    y: NDArray,
    *,
    mu: float,
    L: float,
    fixed: dict,
) -> NDArray[np.bool_]:
    """Where ``method`` converges on every quadratic of [mu, L], cell by cell (exactly)."""
    from momentum_theory.methods import method_grid

    grid = method_grid(method, (x_name, x), (y_name, y), mu=mu, L=L, **fixed)
    return np.asarray(grid.converges(), dtype=bool)


def _read(path: Path, method: str, kappa: int) -> AtlasMap:
    """One store, checked against what the figure expects of it."""
    import xarray as xr

    if not path.exists():
        raise FileNotFoundError(
            f"the atlas store {path} is missing: make it with the command in "
            "momentum_theory/atlas/maps (momentum-theory atlas ... --store PATH)"
        )
    with xr.open_zarr(path) as store:
        attrs = dict(store.attrs)
        y_name, x_name = store["status"].dims
        mu, L = float(attrs["mu"]), float(attrs["L"])
        if attrs["method"] != method or mu != 1.0 or L != float(kappa):
            raise ValueError(
                f"the atlas store {path} must map {method} at mu = 1, L = {kappa}, "
                f"got {attrs['method']} at mu = {mu:g}, L = {L:g}"
            )
        meanings = store["status"].attrs.get("flag_meanings", _FLAG_MEANINGS)
        if meanings != _FLAG_MEANINGS:
            raise ValueError(f"the atlas store {path} has status codes {meanings!r}")
        fixed = attrs.get("fixed", "{}")
        fixed = json.loads(fixed) if isinstance(fixed, str) else dict(fixed)
        x = np.asarray(store[x_name].values, dtype=float)
        y = np.asarray(store[y_name].values, dtype=float)
        return AtlasMap(
            method=method,
            mu=mu,
            L=L,
            x_name=x_name,
            y_name=y_name,
            x=x,
            y=y,
            status=integer_codes(store["status"].values, -1),
            rate=np.asarray(store["rate"].values, dtype=float),
            quadratic_rate=np.asarray(store["quadratic_rate"].values, dtype=float),
            period=integer_codes(store["period"].values, 0),
            stable=_converges(method, x_name, x, y_name, y, mu=mu, L=L, fixed=fixed),
            fixed=fixed,
            certificate=str(attrs.get("certificate", "")),
            version=str(attrs.get("version", "")),
            path=str(path),
        )


def _digest(paths: list[Path]) -> str:
    """SHA-256 of every file of the stores (paths and contents): the cache's key."""
    digest = hashlib.sha256()
    for store in paths:
        files = sorted(p for p in store.rglob("*") if p.is_file()) if store.is_dir() else []
        digest.update(f"{store.name}:{len(files)}\n".encode())
        for file in files:
            digest.update(str(file.relative_to(store)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


@experiment
def atlas_maps(folder: str, digest: str) -> tuple[AtlasMap, ...]:
    """Every store of :data:`METHODS` x :data:`KAPPAS` in ``folder``, rows first (``digest``
    keys the cache to the stores' bytes; see :func:`maps`)."""
    return tuple(
        _read(store_path(method, kappa, Path(folder)), method, kappa)
        for method in METHODS
        for kappa in KAPPAS
    )


def maps(folder: Path | None = None) -> tuple[AtlasMap, ...]:
    """The atlas's maps, heavy ball's three then Nesterov's, by increasing :math:`\\kappa`.

    Raises
    ------
    FileNotFoundError
        If a store is missing (naming it).
    ValueError
        If a store maps another method or spectrum.
    """
    folder = maps_folder() if folder is None else Path(folder)
    paths = [store_path(method, kappa, folder) for method in METHODS for kappa in KAPPAS]
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(
                f"the atlas store {path} is missing: the atlas section needs every store of "
                f"{', '.join(METHODS)} at kappa = {', '.join(map(str, KAPPAS))}"
            )
    return atlas_maps(str(folder), _digest(paths))


def verdict_fractions(result: AtlasMap) -> dict[str, float]:
    """Each verdict's share of the quadratic-stable cells (the region's area), by name.

    The shares of ``unknown``, ``certified``, ``refuted``, ``unstable`` and
    ``not_computed`` sum to 1; the last two are 0 for a complete store consistent with the
    package's quadratic region (the claims check both).
    """
    stable = result.stable
    total = int(stable.sum())
    if total == 0:
        raise ValueError(f"the atlas store {result.path} has no quadratic-stable cell")
    return {
        name: int(np.sum(stable & (result.status == code))) / total
        for name, code in VERDICTS.items()
    }
