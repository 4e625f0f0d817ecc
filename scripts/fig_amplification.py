"""Figure: v_t/(alpha g) against t for several beta, with the 1/(1-beta) asymptotes.

The momenta and horizon are momentum_theory.amplification.FIGURE_SETTINGS, shared with the
numbers the paper quotes beside the figure. Writes <output-dir>/amplification.pdf and
amplification.png (default: the repository's figures/).

    python scripts/fig_amplification.py [--output-dir DIR]
"""

from __future__ import annotations

from _paths import run_figure_script

from momentum_theory.amplification import FIGURE_SETTINGS


def build(arguments):
    from momentum_theory.amplification import velocity_amplification
    from momentum_theory.plotting.amplification import plot_velocity_amplification

    return plot_velocity_amplification(velocity_amplification(**FIGURE_SETTINGS)).figure


def main(argv: list[str] | None = None) -> int:
    return run_figure_script("amplification", __doc__, build, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
