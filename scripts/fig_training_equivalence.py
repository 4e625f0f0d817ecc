"""Figure: is the chapter's hand-written momentum step the same algorithm as torch.optim.SGD?

Writes figures/training_equivalence.{pdf,png}: left, the gap between the two at a constant
learning rate in float32 and float64, in units of the unit roundoff; right, the gap under a
tenfold step decay halfway through (float64), with the closed-form first-step gap.
"""

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from _paths import FIGURES

from momentum_theory._io import save_figure
from momentum_theory.plotting.training import plot_equivalence
from momentum_theory.training import compare_parametrizations

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--output-dir", type=Path, default=FIGURES, help="folder for the figures")
arguments = parser.parse_args()
arguments.output_dir.mkdir(parents=True, exist_ok=True)

figure = plot_equivalence(compare_parametrizations())
for suffix in ("pdf", "png"):
    print(save_figure(figure, arguments.output_dir / f"training_equivalence.{suffix}"))
