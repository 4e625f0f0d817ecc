"""Figure: the chapter's momentum vs SGD comparison over seeds, with the lr/(1-beta) control.

Writes <output-dir>/training_losses.{pdf,png} (default: the repository's figures/):
mini-batch loss per step of torch.optim.SGD with momentum 0.8, without momentum, and
without momentum at lr/(1-beta) = 0.05, each the mean over --seeds seeds (default 10)
with a min-max band (sections 5.5-5.6 of the chapter, lr 0.01, 12 epochs).

    python scripts/fig_training_losses.py [--output-dir DIR] [--seeds N]
"""

from __future__ import annotations

import argparse

from _paths import run_figure_script


def _seed_count(text: str) -> int:
    try:
        count = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be an integer, got {text!r}") from None
    if count < 2:
        raise argparse.ArgumentTypeError(f"must be at least 2, got {count}")
    return count


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--seeds", type=_seed_count, default=10, help="number of seeds, at least 2; default 10"
    )


def build(arguments):
    from momentum_theory.plotting.training import plot_loss_curves
    from momentum_theory.training import compare_optimizers

    comparison = compare_optimizers(range(1, arguments.seeds + 1), progress=True)
    return plot_loss_curves(comparison).figure


def main(argv: list[str] | None = None) -> int:
    return run_figure_script(
        "training_losses", __doc__, build, argv=argv, add_arguments=add_arguments
    )


if __name__ == "__main__":
    raise SystemExit(main())
