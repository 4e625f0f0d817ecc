"""Figure: worst-case rate over the spectrum [1, 10] and Polyak's optimum.

Writes <output-dir>/heatmap_spectrum.pdf, .png and .json (default: the repository's
figures/) from the figure registry, momentum_theory.figures.FIGURES["heatmap_spectrum"].

    python scripts/fig_heatmap_spectrum.py [--output-dir DIR]
"""

from _paths import run_figure


def main(argv: list[str] | None = None) -> int:
    return run_figure("heatmap_spectrum", argv)


if __name__ == "__main__":
    raise SystemExit(main())
