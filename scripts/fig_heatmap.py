"""Figure: convergence-region heatmap for one curvature, h = 1 (figures/heatmap.{pdf,png})."""

import argparse
import sys

from _paths import FIGURES

from momentum_theory.cli import main

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--output-dir", default=str(FIGURES), help="folder for the figures")
arguments = parser.parse_args()
for suffix in ("pdf", "png"):
    status = main(["heatmap", "--h", "1", "--output", f"{arguments.output_dir}/heatmap.{suffix}"])
    if status:
        sys.exit(status)
