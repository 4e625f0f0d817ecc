"""Figure: convergence-region heatmap for one curvature, h = 1.

Writes <output-dir>/heatmap.pdf, .png and .json (default: the repository's figures/) from
the figure registry, momentum_theory.figures.FIGURES["heatmap"].

    python scripts/fig_heatmap.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("heatmap", argv)


if __name__ == "__main__":
    raise SystemExit(main())
