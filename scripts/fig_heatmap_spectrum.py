"""Figure: worst-case rate over the spectrum [1, 10] and the optimum (heatmap_spectrum.*)."""

import argparse
import sys

from _paths import FIGURES

from momentum_theory.cli import main

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--output-dir", default=str(FIGURES), help="folder for the figures")
arguments = parser.parse_args()
for suffix in ("pdf", "png"):
    status = main(
        [
            "heatmap",
            "--mu",
            "1",
            "--L",
            "10",
            "--output",
            f"{arguments.output_dir}/heatmap_spectrum.{suffix}",
        ]
    )
    if status:
        sys.exit(status)
