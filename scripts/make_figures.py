"""Regenerate every figure (scripts/fig_*.py -> figures/<name>.pdf and .png), in order.

The same command as ``momentum-theory figures``; see ``--help``.

    python scripts/make_figures.py                    # all figures into figures/
    python scripts/make_figures.py --only heatmap rates
"""

import sys

from momentum_theory.cli.figures import main

if __name__ == "__main__":
    sys.exit(main(prog="make_figures.py"))
