"""Figure: every method's rate against its stationary excess loss under gradient noise (its
Pareto frontier), beside gradient descent's.

Writes <output-dir>/noise.pdf, .png and .json (default: the repository's figures/) from the
figure registry, momentum_theory.figures.FIGURES["noise"].

    python scripts/fig_noise.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("noise", argv)


if __name__ == "__main__":
    raise SystemExit(main())
