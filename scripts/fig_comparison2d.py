"""Figure: gradient descent vs heavy ball on x^2 + 10 y^2 from (10, 1) and (-10, -1), 15 steps.

Two panels: each method's optimal parameters for the spectrum [2, 20], and the hand-picked
setting (alpha = 0.05 for both, beta = 0.8). Writes <output-dir>/comparison2d.pdf and
comparison2d.png (default: the repository's figures/).

    python scripts/fig_comparison2d.py [--output-dir DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "comparison2d"
DEFAULT_OUTPUT_DIR = Path(__file__).resolve().parent.parent / "figures"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=DEFAULT_OUTPUT_DIR,
        help="folder for the figure (default: %(default)s)",
    )
    arguments = parser.parse_args(argv)
    if arguments.output_dir.exists() and not arguments.output_dir.is_dir():
        parser.error(f"--output-dir: {arguments.output_dir} is not a folder")

    import matplotlib

    matplotlib.use("Agg")
    from momentum_theory._io import save_figure
    from momentum_theory.comparison2d import compare_2d_settings
    from momentum_theory.plotting.comparison2d import plot_comparisons_2d

    figure = plot_comparisons_2d(compare_2d_settings())
    arguments.output_dir.mkdir(parents=True, exist_ok=True)
    for suffix in (".pdf", ".png"):
        print(save_figure(figure, arguments.output_dir / f"{NAME}{suffix}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
