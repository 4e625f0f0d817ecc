"""Figure: ||A^t||_2 against rho^t and C(eps)(rho+eps)^t in three regimes (Theorem 1).

Writes <output-dir>/transients.pdf, .png and .json (default: the repository's figures/)
from the figure registry, momentum_theory.figures.FIGURES["transients"].

    python scripts/fig_transients.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("transients", argv)


if __name__ == "__main__":
    raise SystemExit(main())
