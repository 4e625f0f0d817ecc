"""Figure: worst-case rate over the spectrum [1, 10] and the optimum (heatmap_spectrum.*).

Drawn by ``momentum-theory heatmap --mu 1 --L 10``, once per format.

    python scripts/fig_heatmap_spectrum.py [--output-dir DIR]
"""

from __future__ import annotations

from _paths import SUFFIXES, parse_figure_arguments


def main(argv: list[str] | None = None) -> int:
    from momentum_theory.cli import main as command

    folder = parse_figure_arguments(__doc__, argv).output_dir
    for suffix in SUFFIXES:
        output = folder / f"heatmap_spectrum{suffix}"
        status = command(["heatmap", "--mu", "1", "--L", "10", "--output", str(output)])
        if status:
            return status
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
