"""``momentum-theory train``: the chapter's network experiment (sections 5.5-5.6).

Without ``--sweep``: momentum vs SGD vs SGD at lr/(1-beta) over several seeds, the top
Hessian eigenvalue at the start and the end, and the loss-curve figure. With ``--sweep``:
the network trained over a learning-rate x momentum grid in one batched computation, drawn
beside the quadratic theory's heatmap. Needs the ``torch`` extra.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from momentum_theory.cli._common import finite_float, output_path, positive_float

FIGURE_NAMES = {False: "training_losses", True: "training_sweep"}
FIGURE_SUFFIXES = (".png", ".pdf", ".svg")
MAX_GRID = 256
MAX_SEEDS = 1000
MAX_EPOCHS = 1000


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``train`` subcommand to ``subparsers``."""
    parser = subparsers.add_parser(
        "train",
        help="train the chapter's network: momentum vs SGD, curvature, lr x momentum sweep",
        description=(
            "Train the chapter's 1-20-1 ReLU network on y = x^2 + 0.1 noise (1000 points, "
            "batches of 32). By default: momentum (torch.optim.SGD), plain SGD and SGD at "
            "lr/(1-momentum) on several seeds, the largest Hessian eigenvalue of the loss at "
            "the start and the end, and a loss-curve figure. With --sweep: a grid of learning "
            "rates x momenta trained in one batched computation, drawn beside the quadratic "
            'theory\'s heatmap. Needs PyTorch: pip install "momentum-theory[torch]".'
        ),
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="train the lr x momentum grid instead of the seed comparison",
    )
    parser.add_argument(
        "--lr",
        type=positive_float,
        default=0.01,
        help="learning rate eta > 0; default 0.01 (the chapter's). With --sweep: the run "
        "marked on the map, whose final curvature is reported",
    )
    parser.add_argument(
        "--momentum",
        type=finite_float,
        default=0.8,
        help="momentum beta, 0 <= beta < 1 (0: plain SGD, a baseline); default 0.8 (the "
        "chapter's). With --sweep: the marked run's",
    )
    parser.add_argument(
        "--epochs", type=int, default=12, help=f"epochs, 1 to {MAX_EPOCHS}; default 12"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="seed of the first run (data, weights, batch order), >= 0; default 1",
    )
    parser.add_argument(
        "--seeds",
        type=int,
        help=f"number of consecutive seeds to compare, 2 to {MAX_SEEDS}; default 10 "
        "(not with --sweep, which trains one seed)",
    )
    parser.add_argument(
        "--grid",
        type=int,
        help=f"--sweep only: cells per axis, 2 to {MAX_GRID}; default 32",
    )
    parser.add_argument(
        "--lr-range",
        nargs=2,
        type=finite_float,
        metavar=("MIN", "MAX"),
        help="--sweep only: learning rates, 0 < MIN < MAX; default 0.01 to 2.49",
    )
    parser.add_argument(
        "--momentum-range",
        nargs=2,
        type=finite_float,
        metavar=("MIN", "MAX"),
        help="--sweep only: momenta, 0 <= MIN < MAX < 1; default 0 to 0.992",
    )
    parser.add_argument(
        "--dtype",
        choices=("float32", "float64"),
        default="float32",
        help="arithmetic precision; default float32 (the chapter's)",
    )
    parser.add_argument(
        "--device",
        default="cpu",
        help="torch device: cpu (default), or cuda / cuda:N when available",
    )
    parser.add_argument(
        "--threads", type=int, help="--sweep only: CPU threads for torch, >= 1; default 1"
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--output",
        metavar="PATH",
        help="figure to write (.png, .pdf or .svg; missing folders are created); default "
        "training_losses.png in the current folder, or training_sweep.png with --sweep",
    )
    where.add_argument(
        "--output-dir",
        metavar="DIR",
        help="write the figure as DIR/<name>.pdf and DIR/<name>.png instead",
    )
    parser.add_argument("--data", metavar="PATH", help="also write the numbers as .npz")
    parser.set_defaults(run=run, parser=parser)


def _checked(arguments: argparse.Namespace) -> argparse.Namespace:
    """Validate every option before any work; exit with status 2 on the first problem."""
    parser: argparse.ArgumentParser = arguments.parser
    # Refuse options that would be ignored, rather than ignore them without a word.
    only_sweep = ("grid", "threads", "lr_range", "momentum_range")
    for option in only_sweep if not arguments.sweep else ("seeds",):
        if getattr(arguments, option) is not None:
            parser.error(
                f"--{option.replace('_', '-')}: "
                + ("only with --sweep" if option in only_sweep else "not used with --sweep")
            )
    for option, default in (("seeds", 10), ("grid", 32), ("threads", 1)):
        if getattr(arguments, option) is None:
            setattr(arguments, option, default)
    if not 0 <= arguments.momentum < 1:
        parser.error(f"--momentum: need 0 <= beta < 1, got {arguments.momentum:g}")
    if not 1 <= arguments.epochs <= MAX_EPOCHS:
        parser.error(f"--epochs: need 1 to {MAX_EPOCHS}, got {arguments.epochs}")
    if arguments.seed < 0:
        parser.error(f"--seed: need >= 0, got {arguments.seed}")
    if not 2 <= arguments.seeds <= MAX_SEEDS:
        parser.error(f"--seeds: need 2 to {MAX_SEEDS}, got {arguments.seeds}")
    if not 2 <= arguments.grid <= MAX_GRID:
        parser.error(f"--grid: need 2 to {MAX_GRID}, got {arguments.grid}")
    if arguments.threads < 1:
        parser.error(f"--threads: need >= 1, got {arguments.threads}")
    if arguments.lr_range is not None and not 0 < arguments.lr_range[0] < arguments.lr_range[1]:
        parser.error("--lr-range: need 0 < MIN < MAX, got {:g} {:g}".format(*arguments.lr_range))
    if arguments.momentum_range is not None:
        low, high = arguments.momentum_range
        if not 0 <= low < high < 1:
            parser.error(f"--momentum-range: need 0 <= MIN < MAX < 1, got {low:g} {high:g}")
    name = FIGURE_NAMES[arguments.sweep]
    if arguments.output_dir is not None:
        folder = Path(arguments.output_dir)
        arguments.figures = [
            output_path(parser, "--output-dir", str(folder / f"{name}{suffix}"), (suffix,))
            for suffix in (".pdf", ".png")
        ]
    else:
        # Not figures/<name>.png: exploring must not overwrite the repository's figures.
        chosen = arguments.output or f"{name}.png"
        arguments.figures = [output_path(parser, "--output", chosen, FIGURE_SUFFIXES)]
    if arguments.data is not None:
        arguments.data = output_path(parser, "--data", arguments.data, (".npz",))

    from momentum_theory.training._torch import (
        INSTALL_COMMAND,
        TorchNotInstalledError,
        resolve_device,
    )

    try:
        resolve_device(arguments.device)
    except TorchNotInstalledError:
        parser.error(f"PyTorch is not installed; install the extra with: {INSTALL_COMMAND}")
    except ValueError as error:
        parser.error(f"--device: {error}")
    return arguments


def run(arguments: argparse.Namespace) -> int:
    """Carry out ``momentum-theory train``; returns the exit status."""
    arguments = _checked(arguments)
    started = time.perf_counter()
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from momentum_theory._io import all_or_none, save_arrays, save_figure

    if arguments.sweep:
        figure, arrays, summary = _sweep(arguments)
    else:
        figure, arrays, summary = _comparison(arguments)
    outputs = [*arguments.figures, *([arguments.data] if arguments.data is not None else [])]
    try:
        with all_or_none(outputs):  # every output or none
            for path in arguments.figures:
                save_figure(figure, path)
            if arguments.data is not None:
                save_arrays(arguments.data, arrays)
    finally:
        plt.close(figure)
    written = [str(p) for p in arguments.figures] + (
        [str(arguments.data)] if arguments.data else []
    )
    print(summary)
    print(f"wrote {', '.join(written)} ({time.perf_counter() - started:.1f} s)")
    return 0


def _comparison(arguments: argparse.Namespace):
    import numpy as np

    from momentum_theory.training import compare_optimizers, locate_in_stability_region
    from momentum_theory.training.plotting import plot_loss_curves

    seeds = range(arguments.seed, arguments.seed + arguments.seeds)
    comparison = compare_optimizers(
        seeds,
        arguments.lr,
        arguments.momentum,
        arguments.epochs,
        dtype=arguments.dtype,
        device=arguments.device,
        progress=True,
    )
    report = locate_in_stability_region(
        arguments.lr,
        arguments.momentum,
        arguments.epochs,
        arguments.seed,
        dtype=arguments.dtype,
        device=arguments.device,
    )
    lines = [
        f"final full-data loss over {len(comparison.seeds)} seeds "
        f"({seeds.start}..{seeds.stop - 1}), mean +- sd [min, max]:"
    ]
    for method in comparison.final_loss:
        lines.append(_method_line(comparison, method))
    n = len(comparison.seeds)
    share = comparison.unexplained_gain
    lines.append(
        f"momentum beats SGD on {comparison.wins('momentum', 'sgd')}/{n} seeds; "
        f"beats SGD at lr/(1-beta) = {comparison.effective_lr:g} on "
        f"{comparison.wins('momentum', 'sgd_effective')}/{n}; share of the gain not explained "
        "by the effective step: "
        + (
            f"{share:.1%}"
            if np.isfinite(share)
            else "not defined (a run diverged, or momentum did not beat SGD)"
        )
    )
    for when, estimate, position in (
        ("start", report.initial, report.initial_position),
        ("end", report.final, report.final_position),
    ):
        if estimate is None or position is None:
            lines.append(
                f"lambda_max at the end (seed {report.seed}): not measured, the momentum run "
                f"diverged at step {report.diverged_at_step}"
            )
            continue
        lines.append(
            f"lambda_max at the {when} (seed {report.seed}): {estimate.eigenvalue:.6g} "
            f"(residual {estimate.residual:.1e}); lr*h = {position.lr_h:.4g} vs "
            f"2(1+beta) = {position.bound:.4g}: {'inside' if position.inside else 'OUTSIDE'} "
            f"the region at {position.fraction:.1%} of the edge, quadratic rate "
            f"{position.rate:.4f}"
        )
    ax = plot_loss_curves(comparison)
    arrays = {
        "seeds": np.array(comparison.seeds),
        "lr": comparison.lr,
        "momentum": comparison.momentum,
        "effective_lr": comparison.effective_lr,
        "lambda_max_start": report.initial.eigenvalue,
        "lambda_max_end": np.nan if report.final is None else report.final.eigenvalue,
    }
    for method in comparison.losses:
        arrays[f"losses_{method}"] = comparison.losses[method]
        arrays[f"epoch_losses_{method}"] = comparison.epoch_losses[method]
        arrays[f"final_loss_{method}"] = comparison.final_loss[method]
        arrays[f"diverged_at_step_{method}"] = comparison.diverged_at_step[method]
    return ax.figure, arrays, "\n".join(lines)


def _method_line(comparison, method: str) -> str:
    """One summary line: mean +- sd [min, max] over the seeds that trained, and the rest."""
    import numpy as np

    diverged = comparison.diverged(method)
    summary = comparison.summary(method)
    text = f"  {method:14s} "
    if summary is not None:
        text += (
            f"{summary.mean:.5f} +- {summary.std:.5f} [{summary.minimum:.5f}, "
            f"{summary.maximum:.5f}]"
        )
    if diverged.any():
        where = ", ".join(
            f"seed {seed} at step {step}"
            for seed, step, bad in zip(
                comparison.seeds, comparison.diverged_at_step[method], diverged
            )
            if bad
        )
        text += ("; " if summary is not None else "") + (
            f"diverged on {int(np.sum(diverged))}/{diverged.size} seeds ({where})"
        )
    return text


def _sweep(arguments: argparse.Namespace):
    import numpy as np

    from momentum_theory.training import (
        DEFAULT_LR_GRID,
        DEFAULT_MOMENTUM_GRID,
        compare_regions,
    )
    from momentum_theory.training.plotting import plot_sweep

    n = arguments.grid
    lr = (
        np.linspace(*arguments.lr_range, n)
        if arguments.lr_range is not None
        else DEFAULT_LR_GRID
        if n == DEFAULT_LR_GRID.size
        else np.linspace(DEFAULT_LR_GRID[0], DEFAULT_LR_GRID[-1], n)
    )
    momentum = (
        np.linspace(*arguments.momentum_range, n)
        if arguments.momentum_range is not None
        else DEFAULT_MOMENTUM_GRID
        if n == DEFAULT_MOMENTUM_GRID.size
        else np.linspace(DEFAULT_MOMENTUM_GRID[0], DEFAULT_MOMENTUM_GRID[-1], n)
    )
    started = time.perf_counter()
    region = compare_regions(
        lr,
        momentum,
        arguments.epochs,
        arguments.seed,
        point=(arguments.lr, arguments.momentum),
        dtype=arguments.dtype,
        device=arguments.device,
        threads=arguments.threads,
        progress=True,
    )
    elapsed = time.perf_counter() - started
    sweep = region.sweep
    counts = region.outcome_counts
    summary = (
        f"{n} x {n} grid, {sweep.epochs} epochs, seed {sweep.seed}: "
        + ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        + f" (of {sweep.diverged.size} cells); lambda_max at the start "
        f"{region.report.initial.eigenvalue:.6g}: {int(region.theory_stable.sum())} cells "
        f"inside 0 < lr h < 2(1+beta), {region.stable_but_diverged} of them diverged; outside "
        f"it {region.trained_beyond_edge} trained and {region.collapsed_beyond_edge} "
        "collapsed (every hidden unit dead, lambda_max = 2); at each trained cell's final "
        f"weights the largest lr lambda_max / 2(1+beta) is "
        f"{region.largest_trained_edge_fraction:.4f} ({elapsed:.1f} s for sweep and curvature)"
    )
    arrays = {
        "lr": sweep.lr,
        "momentum": sweep.momentum,
        "final_loss": sweep.final_loss,
        "diverged": sweep.diverged,
        "diverged_at_step": sweep.diverged_at_step,
        "theory_rate": region.theory.rate,
        "theory_stable": region.theory_stable,
        "lambda_max_start": region.report.initial.eigenvalue,
        "lambda_max_final": region.final_curvature,
    }
    return plot_sweep(region), arrays, summary
