"""Figure: every named method's rate over its parameters on [1, 100], and the optimal
worst-case rate of each against the condition number, with the lower bound.

Writes <output-dir>/methods.pdf, .png and .json (default: the repository's figures/) from
the figure registry, momentum_theory.figures.FIGURES["methods"].

    python scripts/fig_methods.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("methods", argv)


if __name__ == "__main__":
    raise SystemExit(main())
