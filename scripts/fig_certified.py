"""Figure: certified against quadratic rates, the (alpha, beta) map, the PEP gap (needs [pep]).

Writes <output-dir>/certified.pdf, .png and .json (default: the repository's figures/) from
the figure registry, momentum_theory.figures.FIGURES["certified"].

    python scripts/fig_certified.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("certified", argv)


if __name__ == "__main__":
    raise SystemExit(main())
