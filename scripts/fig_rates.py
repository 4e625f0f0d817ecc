"""Figure: predicted against measured heavy-ball rates on quadratics.

Writes <output-dir>/rates.pdf, .png and .json (default: the repository's figures/) from the
figure registry, momentum_theory.figures.FIGURES["rates"].

    python scripts/fig_rates.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("rates", argv)


if __name__ == "__main__":
    raise SystemExit(main())
