"""Figure: v_t/(alpha g) against t for several beta, with the 1/(1-beta) asymptotes.

Writes <output-dir>/amplification.pdf, .png and .json (default: the repository's figures/)
from the figure registry, momentum_theory.figures.FIGURES["amplification"].

    python scripts/fig_amplification.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("amplification", argv)


if __name__ == "__main__":
    raise SystemExit(main())
