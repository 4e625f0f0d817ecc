"""Regenerate every figure (and, with --numbers DIR, the paper's numbers), in order.

The same command as ``momentum-theory figures``, writing into the repository's figures/
by default; see ``--help``.

    python scripts/make_figures.py                    # all figures into figures/
    python scripts/make_figures.py --only heatmap rates
"""

import sys

from _paths import FIGURES

from momentum_theory.cli.figures import main

if __name__ == "__main__":
    sys.exit(main(["--output-dir", str(FIGURES), *sys.argv[1:]], prog="make_figures.py"))
