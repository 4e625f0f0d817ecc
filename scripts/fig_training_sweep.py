"""Figure: the network's final loss over a 32 x 32 lr x momentum grid beside the theory.

Writes <output-dir>/training_sweep.{pdf,png} (default: the repository's figures/): the
chapter's network trained on every cell in one batched computation (diverged cells grey),
the quadratic theory's heatmap for the top Hessian eigenvalue at the start, and each
trained cell's lr * lambda_max(end) / 2(1 + beta).

    python scripts/fig_training_sweep.py [--output-dir DIR]
"""

from __future__ import annotations

from _paths import run_figure_script


def build(arguments):
    from momentum_theory.plotting.training import plot_sweep
    from momentum_theory.training import compare_regions

    return plot_sweep(compare_regions(progress=True))


def main(argv: list[str] | None = None) -> int:
    return run_figure_script("training_sweep", __doc__, build, argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
