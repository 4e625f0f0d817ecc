"""Benchmark spectral_radius on an alpha-beta grid against baselines timed in the same run.

Baselines: one np.sqrt pass over an array of the grid's size (the memory-bound floor),
batched numpy.linalg.eigvals on stacked 2x2 companion matrices, and a per-point loop over
scipy.linalg.eigvals. The two eigenvalue baselines run on subsamples and are compared per
point. Peak memory is measured with tracemalloc, in units of one grid-sized float64 array.

    python scripts/benchmark.py            # 4000 x 4000 grid, as in the README
    python scripts/benchmark.py --size 1000
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable

import numpy as np
import scipy.linalg

from momentum_theory import companion_matrix, spectral_radius

TARGET_VS_SQRT = 4.0  # at most this many sqrt passes
TARGET_VS_EIGVALS = 40.0  # at least this much faster than batched eigvals


def best_time(function: Callable[[], object], repeat: int) -> float:
    """Best wall time of ``repeat`` calls (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def peak_memory(function: Callable[[], object]) -> int:
    """Peak bytes allocated by ``function`` beyond what it returns being kept."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=4000, help="grid points per axis")
    parser.add_argument("--repeat", type=int, default=3, help="timings per method (best kept)")
    parser.add_argument(
        "--eigvals-sample",
        type=int,
        default=1_000_000,
        help="points for the batched numpy.linalg.eigvals baseline",
    )
    parser.add_argument(
        "--loop-sample",
        type=int,
        default=3000,
        help="points for the per-point scipy.linalg.eigvals loop",
    )
    arguments = parser.parse_args()
    n = arguments.size
    if n < 2 or arguments.repeat < 1:
        parser.error("--size must be >= 2 and --repeat >= 1")
    points = n * n
    alpha = np.linspace(0.0, 4.4, n)[np.newaxis, :]
    beta = np.linspace(0.0, 0.999, n)[:, np.newaxis]
    h = 1.0
    rng = np.random.default_rng(0)
    operand = rng.uniform(0.0, 1.0, (n, n))

    spectral_radius(alpha, beta, h)  # warm up
    t_rho = best_time(lambda: spectral_radius(alpha, beta, h), arguments.repeat)
    t_sqrt = best_time(lambda: np.sqrt(operand), arguments.repeat)

    sample = rng.integers(0, points, min(arguments.eigvals_sample, points))
    a_s, b_s = alpha.ravel()[sample % n], beta.ravel()[sample // n]
    matrices = companion_matrix(a_s, b_s, h)
    t_eig = best_time(lambda: np.abs(np.linalg.eigvals(matrices)).max(-1), arguments.repeat)
    t_eig_point = t_eig / sample.size

    loop = matrices[: arguments.loop_sample]
    t_loop = best_time(lambda: [np.abs(scipy.linalg.eigvals(m)).max() for m in loop], 1)
    t_loop_point = t_loop / len(loop)

    grid_bytes = points * 8
    peak = peak_memory(lambda: spectral_radius(alpha, beta, h))
    t_rho_point = t_rho / points

    print(
        f"spectral_radius on a {n} x {n} grid ({points:,} points), h = {h}, best of "
        f"{arguments.repeat}\n"
    )
    rows = [
        ("spectral_radius (closed form, blocked)", t_rho_point, "measured on the grid"),
        ("np.sqrt pass over a grid-sized array", t_sqrt / points, "measured on the grid"),
        ("numpy.linalg.eigvals, batched 2x2", t_eig_point, f"{sample.size:,}-point subsample"),
        ("scipy.linalg.eigvals, per-point loop", t_loop_point, f"{len(loop):,}-point subsample"),
    ]
    print(f"{'method':40s} {'ns/point':>9s} {'grid time':>10s} {'vs ours':>9s}  basis")
    for name, per_point, basis in rows:
        print(
            f"{name:40s} {per_point * 1e9:9.2f} {per_point * points:9.3f}s "
            f"{per_point / t_rho_point:8.2f}x  {basis}"
        )

    vs_sqrt = t_rho / t_sqrt
    vs_eig = t_eig_point / t_rho_point
    print(
        f"\npeak memory of spectral_radius: {peak / grid_bytes:.2f} grid-sized float64 arrays "
        f"({peak / 2**20:.0f} MiB; the result itself is one)"
    )
    print(
        f"spectral_radius / sqrt pass        = {vs_sqrt:6.2f}  (target <= {TARGET_VS_SQRT:g}: "
        f"{'met' if vs_sqrt <= TARGET_VS_SQRT else 'MISSED'})"
    )
    print(
        f"batched eigvals / spectral_radius  = {vs_eig:6.1f}  (target >= {TARGET_VS_EIGVALS:g}: "
        f"{'met' if vs_eig >= TARGET_VS_EIGVALS else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
