"""Figure: the network's loss over seeds: momentum, SGD and the lr/(1-beta) control.

Writes <output-dir>/training_losses.pdf, .png and .json (default: the repository's
figures/) from the figure registry, momentum_theory.figures.FIGURES["training_losses"].

    python scripts/fig_training_losses.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("training_losses", argv)


if __name__ == "__main__":
    raise SystemExit(main())
