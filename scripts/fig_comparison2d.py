"""Figure: gradient descent vs heavy ball on x^2 + 10 y^2 from (10, 1) and (-10, -1), 15 steps.

Two panels: each method's optimal parameters for the spectrum [2, 20], and the hand-picked
setting (alpha = 0.05 for both, beta = 0.8). Writes <output-dir>/comparison2d.pdf and
comparison2d.png (default: the repository's figures/).

    python scripts/fig_comparison2d.py [--output-dir DIR]
"""

from __future__ import annotations

from _paths import run_figure_script


def build(arguments):
    from momentum_theory.comparison2d import compare_2d_settings
    from momentum_theory.plotting.comparison2d import plot_comparisons_2d

    return plot_comparisons_2d(compare_2d_settings())


def main(argv: list[str] | None = None) -> int:
    return run_figure_script("comparison2d", __doc__, build, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
