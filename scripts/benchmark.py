"""Benchmark spectral_radius on an alpha-beta grid against baselines timed in the same run.

Inputs as users pass them: broadcast views (``alpha[None, :]``, ``beta[:, None]``) and
the full arrays ``np.meshgrid`` returns, for heavy ball, Nesterov (gamma = beta) and a
fixed gamma. Baselines: one np.sqrt pass over an array of the grid's size (the memory-bound floor),
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

TARGET_VS_SQRT = 4.0  # at most this many sqrt passes, for every kind of input
TARGET_FULL_VS_BROADCAST = 1.5  # np.meshgrid arrays at most this much slower than views
TARGET_GAMMA_VS_HEAVY_BALL = 1.25  # "as fast": within timing noise of heavy ball
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
    alpha_grid, beta_grid = np.meshgrid(alpha.ravel(), beta.ravel())  # what users pass
    h = 1.0
    rng = np.random.default_rng(0)
    operand = rng.uniform(0.0, 1.0, (n, n))

    cases = {
        "heavy ball, broadcast views": (alpha, beta, h),
        "heavy ball, np.meshgrid arrays": (alpha_grid, beta_grid, h),
        "Nesterov (gamma = beta), broadcast": (alpha, beta, h, beta),
        "Nesterov (gamma = beta), np.meshgrid": (alpha_grid, beta_grid, h, beta_grid),
        "two-step, gamma = 0.3, np.meshgrid": (alpha_grid, beta_grid, h, 0.3),
    }
    started = time.perf_counter()
    for case in cases.values():  # compile (or load Numba's cache) and warm up
        spectral_radius(*(x[:2] if np.ndim(x) else x for x in case))
    warm_up = time.perf_counter() - started
    t_sqrt = best_time(lambda: np.sqrt(operand), arguments.repeat)
    times = {
        name: best_time(lambda case=case: spectral_radius(*case), arguments.repeat)
        for name, case in cases.items()
    }

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

    print(
        f"spectral_radius on a {n} x {n} grid ({points:,} points), h = {h}, best of "
        f"{arguments.repeat}; first calls (compile or load the Numba cache): {warm_up:.2f} s\n"
    )
    rows = [(f"spectral_radius: {name}", t / points, "grid") for name, t in times.items()]
    rows += [
        ("np.sqrt pass over a grid-sized array", t_sqrt / points, "grid"),
        ("numpy.linalg.eigvals, batched 2x2", t_eig_point, f"{sample.size:,}-point sample"),
        ("scipy.linalg.eigvals, per-point loop", t_loop_point, f"{len(loop):,}-point sample"),
    ]
    print(f"{'method':52s} {'ns/point':>9s} {'vs sqrt':>8s}  basis")
    for name, per_point, basis in rows:
        print(f"{name:52s} {per_point * 1e9:9.2f} {per_point * points / t_sqrt:7.2f}x  {basis}")

    def verdict(ok: bool) -> str:
        return "met" if ok else "MISSED"

    worst_vs_sqrt = max(times.values()) / t_sqrt
    full_vs_broadcast = max(
        times["heavy ball, np.meshgrid arrays"] / times["heavy ball, broadcast views"],
        times["Nesterov (gamma = beta), np.meshgrid"]
        / times["Nesterov (gamma = beta), broadcast"],
    )
    gamma_vs_heavy_ball = max(
        times["Nesterov (gamma = beta), np.meshgrid"] / times["heavy ball, np.meshgrid arrays"],
        times["two-step, gamma = 0.3, np.meshgrid"] / times["heavy ball, np.meshgrid arrays"],
    )
    vs_eig = t_eig_point / (max(times.values()) / points)
    print(
        f"\npeak memory of spectral_radius: {peak / grid_bytes:.2f} grid-sized float64 arrays "
        f"({peak / 2**20:.0f} MiB; the result itself is one)"
    )
    print(
        f"slowest case / sqrt pass             = {worst_vs_sqrt:6.2f}  "
        f"(target <= {TARGET_VS_SQRT:g}: {verdict(worst_vs_sqrt <= TARGET_VS_SQRT)})"
    )
    print(
        f"np.meshgrid / broadcast, worst       = {full_vs_broadcast:6.2f}  "
        f"(target <= {TARGET_FULL_VS_BROADCAST:g}: "
        f"{verdict(full_vs_broadcast <= TARGET_FULL_VS_BROADCAST)})"
    )
    print(
        f"gamma != 0 / heavy ball, worst       = {gamma_vs_heavy_ball:6.2f}  "
        f"(target: as fast, <= {TARGET_GAMMA_VS_HEAVY_BALL:g}: "
        f"{verdict(gamma_vs_heavy_ball <= TARGET_GAMMA_VS_HEAVY_BALL)})"
    )
    print(
        f"batched eigvals / slowest case       = {vs_eig:6.1f}  "
        f"(target >= {TARGET_VS_EIGVALS:g}: {verdict(vs_eig >= TARGET_VS_EIGVALS)})"
    )


if __name__ == "__main__":
    main()
