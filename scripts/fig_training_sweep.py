"""Figure: the network's final loss over a 32 x 32 lr x momentum grid beside the theory.

Writes figures/training_sweep.{pdf,png}: the chapter's network trained on every cell in one
batched computation (diverged cells grey), the quadratic theory's heatmap for the top Hessian
eigenvalue at the start, and each trained cell's lr * lambda_max(end) / 2(1 + beta).
"""

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from _paths import FIGURES

from momentum_theory._io import save_figure
from momentum_theory.plotting.training import plot_sweep
from momentum_theory.training import compare_regions

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--output-dir", type=Path, default=FIGURES, help="folder for the figures")
arguments = parser.parse_args()
arguments.output_dir.mkdir(parents=True, exist_ok=True)

figure = plot_sweep(compare_regions(progress=True))
for suffix in ("pdf", "png"):
    print(save_figure(figure, arguments.output_dir / f"training_sweep.{suffix}"))
