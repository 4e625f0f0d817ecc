"""Benchmark the batched lr x momentum sweep against a plain loop over torch.optim.SGD.

Both are timed in this run, on the same CPU thread count, for the chapter's setting (12
epochs, 384 steps per cell, float32). The batched sweep trains all 32 x 32 cells at once.
The baseline trains one network per cell the plain way (nn.Module, torch.optim.SGD,
forward, backward, step, loss.item()) on the same data and batches; it is timed on a random
sample of cells and scaled to the whole grid (cells are independent, so its time is linear
in their number), unless --baseline-cells covers the grid.

    python scripts/benchmark_sweep.py                    # 32 x 32, baseline on 64 cells
    python scripts/benchmark_sweep.py --baseline-cells 1024
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from momentum_theory.training import chapter_problem, sweep_grid
from momentum_theory.training.model import build_network
from momentum_theory.training.region import DEFAULT_LR_GRID, DEFAULT_MOMENTUM_GRID

TARGET = 30.0


def plain_loop(problem, lr: float, momentum: float) -> list[float]:
    """One cell trained the ordinary way; returns its losses."""
    network = build_network(problem.initial_parameters)
    optimizer = torch.optim.SGD(network.parameters(), lr=lr, momentum=momentum)
    x, y = problem.data.x, problem.data.y
    losses = []
    for batch in problem.batches:
        loss = torch.nn.functional.mse_loss(network(x[batch]), y[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--grid", type=int, default=32, help="cells per axis; default 32")
    parser.add_argument(
        "--baseline-cells",
        type=int,
        default=64,
        help="cells the plain loop is timed on; default 64",
    )
    parser.add_argument("--repeat", type=int, default=3, help="batched timings (best kept)")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads; default 1")
    arguments = parser.parse_args()
    n = arguments.grid
    if n < 2 or arguments.baseline_cells < 1 or arguments.repeat < 1 or arguments.threads < 1:
        parser.error("--grid >= 2, --baseline-cells >= 1, --repeat >= 1, --threads >= 1")
    cells = n * n
    lrs = DEFAULT_LR_GRID if n == 32 else np.linspace(DEFAULT_LR_GRID[0], DEFAULT_LR_GRID[-1], n)
    momenta = (
        DEFAULT_MOMENTUM_GRID
        if n == 32
        else np.linspace(DEFAULT_MOMENTUM_GRID[0], DEFAULT_MOMENTUM_GRID[-1], n)
    )
    torch.set_num_threads(arguments.threads)
    problem = chapter_problem(seed=1, epochs=12)

    sweep_grid(lrs[:2], momenta[:2], epochs=1, threads=arguments.threads)  # warm up
    batched = []
    for _ in range(arguments.repeat):
        started = time.perf_counter()
        sweep = sweep_grid(lrs, momenta, threads=arguments.threads)
        batched.append(time.perf_counter() - started)
    t_batched = min(batched)

    sample = np.random.default_rng(0).permutation(cells)[: min(arguments.baseline_cells, cells)]
    plain_loop(problem, 0.01, 0.8)  # warm up
    started = time.perf_counter()
    for cell in sample:
        plain_loop(problem, float(lrs[cell % n]), float(momenta[cell // n]))
    t_sample = time.perf_counter() - started
    t_baseline = t_sample / sample.size * cells

    ratio = t_baseline / t_batched
    print(
        f"lr x momentum sweep, {n} x {n} = {cells} cells, {problem.steps} steps each, "
        f"float32, {torch.get_num_threads()} torch thread(s), torch {torch.__version__}"
    )
    print(
        f"  batched (sweep_grid), best of {arguments.repeat}: {t_batched:8.2f} s  "
        f"({t_batched / cells * 1e3:.2f} ms per cell; {int(sweep.diverged.sum())} cells "
        "diverged)"
    )
    basis = (
        "measured on the whole grid"
        if sample.size == cells
        else (f"{t_sample:.1f} s measured on {sample.size} random cells, scaled to {cells}")
    )
    print(
        f"  plain loop over torch.optim.SGD:   {t_baseline:8.2f} s  "
        f"({t_baseline / cells * 1e3:.2f} ms per cell; {basis})"
    )
    print(
        f"speed-up = {ratio:.1f}x  "
        f"(target >= {TARGET:g}x: {'met' if ratio >= TARGET else 'MISSED'})"
    )


if __name__ == "__main__":
    main()
