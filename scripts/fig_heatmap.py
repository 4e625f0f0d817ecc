"""Figure: convergence-region heatmap for one curvature, h = 1 (figures/heatmap.{pdf,png}).

Drawn by ``momentum-theory heatmap --h 1``, once per format.

    python scripts/fig_heatmap.py [--output-dir DIR]
"""

from __future__ import annotations

from _paths import SUFFIXES, parse_figure_arguments


def main(argv: list[str] | None = None) -> int:
    from momentum_theory.cli import main as command

    folder = parse_figure_arguments(__doc__, argv).output_dir
    for suffix in SUFFIXES:
        status = command(["heatmap", "--h", "1", "--output", str(folder / f"heatmap{suffix}")])
        if status:
            return status
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
