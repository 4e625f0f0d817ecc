"""Figure: predicted against measured heavy-ball rates on quadratics (figures/rates.{pdf,png}).

Runs :func:`momentum_theory.rates.compare_rates` on a 64 x 64 grid of (alpha, beta) for the
standard problems (1-D h = 10, diagonal and dense d = 200 with spectrum [1, 10]), 2000
steps each, and draws :func:`momentum_theory.plotting.rates.plot_rate_comparison`.
"""

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import numpy as np
from _paths import FIGURES

from momentum_theory._io import save_figure
from momentum_theory.plotting.rates import plot_rate_comparison
from momentum_theory.problems import standard_problems
from momentum_theory.rates import compare_rates

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--output-dir", default=str(FIGURES), help="folder for the figures")
arguments = parser.parse_args()
output = Path(arguments.output_dir)
if not output.is_dir():
    parser.error(f"--output-dir {output} is not an existing folder")

comparison = compare_rates(
    np.linspace(0.005, 0.42, 64), np.linspace(0.0, 0.99, 64), standard_problems(), steps=2000
)
figure = plot_rate_comparison(comparison)
for suffix in ("pdf", "png"):
    save_figure(figure, output / f"rates.{suffix}")
