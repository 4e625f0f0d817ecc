"""Figure: the network's lr x momentum sweep beside the quadratic region.

Writes <output-dir>/training_sweep.pdf, .png and .json (default: the repository's figures/)
from the figure registry, momentum_theory.figures.FIGURES["training_sweep"].

    python scripts/fig_training_sweep.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("training_sweep", argv)


if __name__ == "__main__":
    raise SystemExit(main())
