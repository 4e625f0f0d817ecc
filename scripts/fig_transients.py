"""Figure: ||A^t||_2 against rho^t and C(eps)(rho+eps)^t in three regimes (Theorem 1).

Writes <output-dir>/transients.pdf and transients.png (default: the repository's figures/).

    python scripts/fig_transients.py [--output-dir DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "transients"
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
    from momentum_theory.plotting.transients import plot_transients
    from momentum_theory.transients import transient_curves

    figure = plot_transients(transient_curves())
    arguments.output_dir.mkdir(parents=True, exist_ok=True)
    for suffix in (".pdf", ".png"):
        print(save_figure(figure, arguments.output_dir / f"{NAME}{suffix}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
