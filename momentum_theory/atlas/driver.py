r"""The atlas on Dask: :func:`compute_atlas` (and :func:`run_atlas`, which the command uses).

The grid is cut into blocks (:meth:`~momentum_theory.atlas.grid.AtlasGrid.blocks`), one
task each (:func:`~momentum_theory.atlas.cell.decide_block`), run on a
``dask.distributed`` cluster: by default a ``LocalCluster`` of ``workers`` processes with
one thread and one BLAS thread each (``OMP_NUM_THREADS=1`` and friends in their
environment), else the cluster whose scheduler is at ``scheduler``. The client builds no
solver problem: each worker compiles its own on its first cell. Results stream back with
``as_completed`` and the client, the one writer, records each block as it finishes
(:mod:`~momentum_theory.atlas.store`, :mod:`~momentum_theory.atlas.proofs_log`); a block
whose worker dies is rerun by Dask and recorded once. A rerun of the same call resumes:
only cells still -1 are computed.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from momentum_theory.atlas.cell import CERTIFIED, NOT_COMPUTED
from momentum_theory.atlas.grid import AtlasGrid, atlas_grid
from momentum_theory.atlas.store import VARIABLES

__all__ = ["AtlasRun", "compute_atlas", "run_atlas"]

_ONE_THREAD = {
    name: "1"
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")
}


@dataclass(frozen=True)
class AtlasRun:
    """What a run of the atlas did.

    Attributes
    ----------
    cells : int
        Cells of the grid.
    reused : int
        Cells found already computed in the store.
    computed : int
        Cells computed by this run.
    cycle_searched : int
        Cells of this run that needed a cycle search.
    seconds : float
        Wall-clock time of the computation (cluster start included).
    counts : dict
        Cells of each status in the final store (``"certified"``, ...).
    """

    cells: int
    reused: int
    computed: int
    cycle_searched: int
    seconds: float
    counts: dict[str, int]


def _counts(status: Any) -> dict[str, int]:
    from momentum_theory.atlas.store import FLAG_MEANINGS

    names = FLAG_MEANINGS.split()
    return {name: int(np.sum(status == value)) for value, name in zip(range(-1, 4), names)}


def _cluster(workers: int | None, scheduler: str | None) -> tuple[Any, Any]:
    """``(client, cluster)``; the cluster is None for an external scheduler."""
    from dask.distributed import Client, LocalCluster

    if scheduler is not None:
        return Client(scheduler), None
    cluster = LocalCluster(
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never the one a user's cluster holds
        silence_logs=logging.ERROR,
        env=_ONE_THREAD,
    )
    return Client(cluster), cluster


def _prepare(grid: AtlasGrid, store: Path, proofs: Path | None) -> Any:
    """Open (checked) or create the store, reconcile the proofs; returns the zarr group."""
    from momentum_theory.atlas import proofs_log
    from momentum_theory.atlas.store import create_store, open_store, read_status

    if store.exists():
        group = open_store(grid, store)  # StoreMismatch before anything is written
    else:
        create_store(grid, store)
        group = open_store(grid, store)
    if proofs is not None:
        status = read_status(group)
        decided = {(int(i), int(j)) for i, j in zip(*np.nonzero(status >= CERTIFIED))}
        missing = proofs_log.reconcile(proofs, decided)
        if missing:  # decided but without its proof line: decide it again
            for i, j in missing:
                group["status"][i, j] = NOT_COMPUTED
    return group


def _block_values(group: Any, block: tuple[int, int, int, int], results: list) -> dict:
    i0, i1, j0, j1 = block
    values = {name: np.asarray(group[name][i0:i1, j0:j1]) for name in VARIABLES}
    for i, j, cell in results:
        at = (i - i0, j - j0)
        values["status"][at] = cell.status
        values["rate"][at] = cell.rate
        values["quadratic_rate"][at] = cell.quadratic_rate
        values["period"][at] = cell.period
    return values


def run_atlas(
    grid: AtlasGrid,
    store: str | Path,
    *,
    proofs: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
) -> AtlasRun:
    r"""Compute the cells of ``grid`` still missing from ``store`` (created if absent).

    Raises
    ------
    ~momentum_theory.atlas.store.StoreMismatch
        If ``store`` exists and was made for another grid (nothing is written).
    """
    from momentum_theory._progress import progress as bar
    from momentum_theory.atlas import proofs_log
    from momentum_theory.atlas.cell import decide_block
    from momentum_theory.atlas.store import read_status, write_block

    start = time.perf_counter()
    store, proofs = Path(store), None if proofs is None else Path(proofs)
    group = _prepare(grid, store, proofs)
    status = read_status(group)
    reused = int(np.sum(status != NOT_COMPUTED))
    tasks = []
    for block in grid.blocks():
        i0, i1, j0, j1 = block
        cells = [
            (i, j, grid.parameters(i, j))
            for i in range(i0, i1)
            for j in range(j0, j1)
            if status[i, j] == NOT_COMPUTED
        ]
        if cells:
            tasks.append((block, cells))
    computed = searched = 0
    if tasks:
        from dask.base import tokenize
        from dask.distributed import as_completed

        client, cluster = _cluster(workers, scheduler)
        try:
            futures = {
                # the key names the work, not just the block: two maps on one shared
                # scheduler must never be served each other's results
                client.submit(
                    decide_block,
                    grid.method,
                    grid.mu,
                    grid.L,
                    cells,
                    key=f"atlas-{tokenize(grid.method, grid.mu, grid.L, cells)}",
                ): block
                for block, cells in tasks
            }
            finished = as_completed(futures)
            for future in bar(finished, enabled=progress, total=len(futures), unit="block"):
                block, results = futures[future], future.result()
                if proofs is not None:
                    lines = [
                        {**cell.proof, "cell": [i, j]}
                        for i, j, cell in results
                        if cell.proof is not None
                    ]
                    proofs_log.append_lines(proofs, lines)
                write_block(group, block, _block_values(group, block, results))
                computed += len(results)
                searched += sum(cell.cycle_searched for _, _, cell in results)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    if proofs is not None and proofs.exists():  # in cell order, whatever order blocks ended
        final = read_status(group)
        proofs_log.reconcile(proofs, {(int(i), int(j)) for i, j in zip(*np.nonzero(final > 0))})
    return AtlasRun(
        cells=grid.resolution**2,
        reused=reused,
        computed=computed,
        cycle_searched=searched,
        seconds=time.perf_counter() - start,
        counts=_counts(read_status(group)),
    )


def compute_atlas(
    method: Any,
    *,
    mu: float,
    L: float,
    resolution: int,
    store: str | Path,
    x: str | None = None,
    y: str | None = None,
    x_range: tuple[float, float] | None = None,
    y_range: tuple[float, float] | None = None,
    fixed: Mapping[str, Any] | None = None,
    proofs: str | Path | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
) -> Any:
    r"""Map where ``method`` provably converges over :math:`\mathcal S(\mu, L)`, cell by cell.

    **Statement.** Each cell of the ``resolution`` :math:`\times` ``resolution`` grid of the
    plane ``(x, y)`` (the other parameters held at ``fixed``) is *certified* (status 1: a
    rate :math:`\rho < 1` for every :math:`\mu`-strongly convex :math:`L`-smooth
    :math:`f`, by a Lyapunov function with the sector and off-by-one IQCs of Lessard,
    Recht and Packard 2016, at the smallest rung of a fixed ladder of rationals that passes),
    *refuted* (2: a function of the class on which the method cycles, period 2 to 10),
    *unstable* (3: a quadratic of the class on which it does not converge) or *unknown*
    (0); each decided cell has an exact proof (``proofs``) that
    :func:`~momentum_theory.proofs.check.check_proof` accepts, and its verdict depends on
    the cell alone (:mod:`momentum_theory.atlas.cell`), so every run gives the same store.
    "Unknown" measures this certificate class and the cycle lengths searched, not the
    method.

    The store (Zarr, read with ``xarray.open_zarr``) is written as blocks finish; calling
    again with the same arguments resumes an interrupted run, computing only the missing
    cells. Needs the extras ``atlas`` (Dask, xarray, Zarr) and ``pep`` (cvxpy).

    Parameters
    ----------
    method : str or Method
        A registered method.
    mu, L : float
        The class, :math:`0 < \mu \le L`.
    resolution : int
        Grid points per axis (at least 2); the coordinates are
        ``numpy.linspace(min, max, resolution)``, ends included.
    store : path
        The Zarr store (a folder, ``.zarr``); an existing one must have been made with the
        same method, spectrum, plane, ranges, resolution and fixed parameters.
    x, y : str, optional
        The parameters along the columns and rows; default the method's plane (step and
        momentum).
    x_range, y_range : (float, float), optional
        The axes' ends; default each parameter's typical range (a step in units of
        :math:`1/L`).
    fixed : mapping, optional
        The other parameters (defaults filled in by the method).
    proofs : path, optional
        JSON Lines file of the proofs: one per decided cell, with ``"cell": [i, j]`` (``i``
        along ``y``, ``j`` along ``x``).
    workers : int, optional
        Worker processes of the local cluster; default the number of cores.
    scheduler : str, optional
        The address of an existing Dask scheduler (``tcp://host:port``) to run on instead.
    progress : bool, default True
        Show a progress bar (on a terminal only).

    Returns
    -------
    xarray.Dataset
        The store's contents, loaded: ``status[y, x]`` (int8), ``rate``,
        ``quadratic_rate``, ``period``, and the attributes naming the grid.

    Raises
    ------
    ValueError
        For a bad argument (named), or a ``store`` made for another grid
        (:class:`~momentum_theory.atlas.store.StoreMismatch`, naming what differs).
    TypeError
        For parameters of the wrong type.

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("cvxpy"); _ = pytest.importorskip("dask")
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> atlas = compute_atlas(
    ...     "heavy_ball", mu=1.0, L=10.0, resolution=2, x_range=(0.1, 0.2),
    ...     y_range=(0.3, 0.5), store=folder / "hb.zarr", workers=1, progress=False)
    >>> atlas.status.dims, atlas.status.values.tolist()
    (('beta', 'alpha'), [[1, 1], [1, 1]])
    >>> float(atlas.rate[0, 0])  # alpha = 0.1, beta = 0.3: quadratic rate 0.84495...
    0.85
    """
    import xarray as xr

    grid = atlas_grid(
        method,
        mu=mu,
        L=L,
        resolution=resolution,
        x=x,
        y=y,
        x_range=x_range,
        y_range=y_range,
        fixed=fixed,
    )
    run_atlas(grid, store, proofs=proofs, workers=workers, scheduler=scheduler, progress=progress)
    with xr.open_zarr(store) as dataset:
        return dataset.load()
