"""Figure: heavy ball at Polyak's parameters cycles on a 1-strongly convex, 25-smooth function.

Writes <output-dir>/counterexample.pdf, .png and .json (default: the repository's figures/)
from the figure registry, momentum_theory.figures.FIGURES["counterexample"].

    python scripts/fig_counterexample.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("counterexample", argv)


if __name__ == "__main__":
    raise SystemExit(main())
