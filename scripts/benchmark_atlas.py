"""Benchmark the atlas (issue 22): certified cells per second per worker against a loop of
``certified_rate`` over the same cells, the speed-up of 2 workers over 1, and optionally the
128 x 128 heavy-ball map at kappa = 25 with proofs.

    python scripts/benchmark_atlas.py --resolution 12           # the first two
    python scripts/benchmark_atlas.py --resolution 12 --full    # and the 128 x 128 map
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from momentum_theory.atlas.cell import decide_block
from momentum_theory.atlas.grid import atlas_grid
from momentum_theory.beyond.iqc import certified_rate


def _compile_cycle_programs() -> None:
    """Compile the cycle search's programs (one per length) in a worker, as a long run has."""
    from momentum_theory.proofs.classify import CYCLE_LENGTH
    from momentum_theory.proofs.cycle import _gram_program

    for length in range(2, CYCLE_LENGTH + 1):
        _gram_program(length)


def _timed_map(grid, store: Path, workers: int) -> float:
    """Seconds of the map on ``workers`` warm local workers (cluster start and the solvers'
    compilation excluded: each worker decides one cell and compiles the cycle programs
    first)."""
    from dask.distributed import Client, LocalCluster

    from momentum_theory.atlas.driver import _ONE_THREAD, run_atlas

    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, dashboard_address=":0", env=_ONE_THREAD
        ) as cluster,
        Client(cluster) as client,
    ):
        client.run(decide_block, grid.method, grid.mu, grid.L, [(0, 1, grid.parameters(0, 1))])
        client.run(_compile_cycle_programs)
        start = time.perf_counter()
        run_atlas(grid, store, scheduler=cluster.scheduler_address, progress=False)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resolution", type=int, default=12)
    parser.add_argument("--kappa", type=float, default=25.0)
    parser.add_argument("--full", action="store_true", help="also the 128 x 128 map")
    arguments = parser.parse_args()
    n, L = arguments.resolution, arguments.kappa
    grid = atlas_grid("heavy_ball", mu=1.0, L=L, resolution=n)
    cells = [(i, j, grid.parameters(i, j)) for i in range(n) for j in range(n)]
    decide_block("heavy_ball", 1.0, L, cells[:1])  # compile the solver's problems first
    certified_rate(0.01, 0.5, mu=1.0, L=L)
    results = decide_block("heavy_ball", 1.0, L, cells)
    certified = [(i, j, p) for (i, j, p), (_, _, r) in zip(cells, results) if r.status == 1]
    start = time.perf_counter()
    for _, _, p in certified:
        certified_rate(p["alpha"], p["beta"], mu=1.0, L=L)
    loop = time.perf_counter() - start
    start = time.perf_counter()
    decide_block("heavy_ball", 1.0, L, certified)  # one worker's loop, proofs included
    atlas = time.perf_counter() - start
    print(
        f"{len(certified)} certified cells of {n} x {n}, kappa {L:g}: certified_rate loop "
        f"{len(certified) / loop:.2f} cells/s, atlas {len(certified) / atlas:.2f} cells/s "
        f"per worker with exact proofs: ratio {loop / atlas:.2f} (target >= 2)"
    )
    times = {}
    with tempfile.TemporaryDirectory() as folder:
        for workers in (1, 2):
            times[workers] = _timed_map(grid, Path(folder) / f"w{workers}.zarr", workers)
        print(
            f"{n} x {n} map: 1 worker {times[1]:.1f} s, 2 workers {times[2]:.1f} s: "
            f"speed-up {times[1] / times[2]:.2f} (target >= 1.7; warm workers, start excluded)"
        )
        if arguments.full:
            from momentum_theory.atlas.driver import run_atlas

            big = atlas_grid("heavy_ball", mu=1.0, L=25.0, resolution=128)
            run = run_atlas(
                big, Path(folder) / "big.zarr", proofs=Path(folder) / "big.jsonl", workers=2
            )
            counts = ", ".join(f"{k} {v}" for k, v in run.counts.items())
            print(
                f"128 x 128, kappa 25, 2 workers: {run.seconds:.0f} s (target 1200 s); {counts}; "
                f"{run.cycle_searched} cells needed a cycle search"
            )


if __name__ == "__main__":
    main()
