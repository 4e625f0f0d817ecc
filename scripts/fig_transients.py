"""Figure: ||A^t||_2 against rho^t and C(eps)(rho+eps)^t in three regimes (Theorem 1).

Writes <output-dir>/transients.pdf and transients.png (default: the repository's figures/).

    python scripts/fig_transients.py [--output-dir DIR]
"""

from __future__ import annotations

from _paths import run_figure_script


def build(arguments):
    from momentum_theory.plotting.transients import plot_transients
    from momentum_theory.transients import transient_curves

    return plot_transients(transient_curves())


def main(argv: list[str] | None = None) -> int:
    return run_figure_script("transients", __doc__, build, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
