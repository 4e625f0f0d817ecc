"""Figure: gradient descent vs heavy ball on x^2 + 10 y^2, 15 steps, two settings.

Writes <output-dir>/comparison2d.pdf, .png and .json (default: the repository's figures/)
from the figure registry, momentum_theory.figures.FIGURES["comparison2d"].

    python scripts/fig_comparison2d.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("comparison2d", argv)


if __name__ == "__main__":
    raise SystemExit(main())
