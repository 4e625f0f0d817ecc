"""Figure: v_t/(alpha g) against t for several beta, with the 1/(1-beta) asymptotes.

Writes <output-dir>/amplification.pdf and amplification.png (default: the repository's
figures/).

    python scripts/fig_amplification.py [--output-dir DIR]
"""

from __future__ import annotations

import argparse
from pathlib import Path

NAME = "amplification"
DEFAULT_OUTPUT_DIR = Path(__file__).resolve().parent.parent / "figures"
BETAS = (0.5, 0.8, 0.9, 0.95)
STEPS = 100


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
    from momentum_theory.amplification import velocity_amplification
    from momentum_theory.plotting.amplification import plot_velocity_amplification

    figure = plot_velocity_amplification(velocity_amplification(BETAS, STEPS)).figure
    arguments.output_dir.mkdir(parents=True, exist_ok=True)
    for suffix in (".pdf", ".png"):
        print(save_figure(figure, arguments.output_dir / f"{NAME}{suffix}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
