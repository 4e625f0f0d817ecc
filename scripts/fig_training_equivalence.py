"""Figure: is the chapter's hand-written momentum step the same algorithm as torch.optim.SGD?

Writes <output-dir>/training_equivalence.{pdf,png} (default: the repository's figures/):
top, the gap between the two at a constant learning rate in float32 and float64, in units
of the unit roundoff; bottom, the gap under a tenfold step decay halfway through
(float64), with the closed-form first-step gap.

    python scripts/fig_training_equivalence.py [--output-dir DIR]
"""

from __future__ import annotations

from _paths import run_figure_script


def build(arguments):
    from momentum_theory.plotting.training import plot_equivalence
    from momentum_theory.training import compare_parametrizations

    return plot_equivalence(compare_parametrizations())


def main(argv: list[str] | None = None) -> int:
    return run_figure_script("training_equivalence", __doc__, build, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
