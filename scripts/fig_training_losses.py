"""Figure: the chapter's momentum vs SGD comparison over seeds, with the lr/(1-beta) control.

Writes figures/training_losses.{pdf,png}: mini-batch loss per step of torch.optim.SGD with
momentum 0.8, without momentum, and without momentum at lr/(1-beta) = 0.05, each the mean
over 10 seeds with a min-max band (sections 5.5-5.6 of the chapter, lr 0.01, 12 epochs).
"""

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from _paths import FIGURES

from momentum_theory._io import save_figure
from momentum_theory.plotting.training import plot_loss_curves
from momentum_theory.training import compare_optimizers

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--output-dir", type=Path, default=FIGURES, help="folder for the figures")
parser.add_argument("--seeds", type=int, default=10, help="number of seeds, from 1; default 10")
arguments = parser.parse_args()
if arguments.seeds < 2:
    parser.error("--seeds must be at least 2")
arguments.output_dir.mkdir(parents=True, exist_ok=True)

comparison = compare_optimizers(range(1, arguments.seeds + 1), progress=True)
figure = plot_loss_curves(comparison).figure
for suffix in ("pdf", "png"):
    print(save_figure(figure, arguments.output_dir / f"training_losses.{suffix}"))
