"""Paper numbers, training: the chapter's setting, the two parametrisations, momentum
against SGD, the curvature and the sweep (PyTorch)."""

from __future__ import annotations

import numpy as np

from momentum_theory.latex import Macro, integer, percent, scientific, shortest, significant
from momentum_theory.paper_numbers.comparison2d import trimmed
from momentum_theory.training.equivalence import EQUIVALENCE_TOLERANCE_ULPS
from momentum_theory.verify.training import (
    chapter_point_inside_region,
    custom_equals_torch_float32,
    custom_equals_torch_float64,
    gain_is_effective_step,
    momentum_beats_sgd,
    schedule_breaks_equivalence,
    trained_cells_end_inside_region,
)

__all__ = ["CLAIMS", "macros"]

CLAIMS = (
    custom_equals_torch_float32,
    custom_equals_torch_float64,
    schedule_breaks_equivalence,
    momentum_beats_sgd,
    gain_is_effective_step,
    chapter_point_inside_region,
    trained_cells_end_inside_region,
)


def _plain(value: float, digits: int) -> str:
    """``digits`` significant digits without the \\ensuremath wrapper (for use in math)."""
    text = significant(value, digits)
    return text.removeprefix(r"\ensuremath{").removesuffix("}") if "ensuremath" in text else text


def macros() -> list[Macro]:
    """Numbers of the network sections, from :mod:`momentum_theory.experiments.training`."""
    import inspect

    from momentum_theory.experiments import training as experiment
    from momentum_theory.training import train_chapter_network
    from momentum_theory.training.data import BATCH_SIZE, N_POINTS, NOISE
    from momentum_theory.training.model import HIDDEN

    defaults = inspect.signature(train_chapter_network).parameters
    macros = [
        Macro("TrainPoints", integer(N_POINTS), "training.data.N_POINTS"),
        Macro("TrainNoise", shortest(NOISE), "training.data.NOISE"),
        Macro("TrainHidden", integer(HIDDEN), "training.model.HIDDEN"),
        Macro("TrainBatch", integer(BATCH_SIZE), "training.data.BATCH_SIZE"),
        Macro("TrainEpochs", integer(defaults["epochs"].default), "train_chapter_network"),
        Macro("TrainLr", shortest(defaults["lr"].default), "train_chapter_network default"),
        Macro("TrainMomentum", shortest(defaults["momentum"].default), "default"),
    ]

    parametrizations = experiment.parametrizations()
    schedule = parametrizations.schedule
    macros += [
        Macro(
            "TrainStepsTotal",
            integer(parametrizations.float64.loss_gap.size),
            "optimisation steps per run",
        ),
        # The measured gaps (a dozen units of roundoff) vary between platforms' libraries;
        # the paper quotes the bound that verify checks on every platform.
        Macro(
            "EquivToleranceUlps",
            integer(EQUIVALENCE_TOLERANCE_ULPS),
            "compare_parametrizations(): bound on the gap, in units of roundoff",
        ),
        Macro("EquivMilestone", integer(schedule.schedule.milestone), "decay step"),
        Macro("EquivFirstApart", integer(schedule.first_step_apart), "first step apart"),
        Macro("EquivStepGap", scientific(schedule.measured_step_gap, 1), "measured gap"),
        Macro("EquivPredictedGap", scientific(schedule.predicted_step_gap, 1), "closed form"),
        Macro("EquivMaxGap", scientific(schedule.max_parameter_gap, 1), "largest gap"),
    ]

    comparison = experiment.optimizers()

    def loss(method: str) -> str:
        summary = comparison.summary(method)
        return rf"\ensuremath{{{_plain(summary.mean, 3)} \pm {_plain(summary.std, 2)}}}"

    macros += [
        Macro("TrainSeeds", integer(len(comparison.seeds)), "compare_optimizers() seeds"),
        Macro("TrainLossMomentum", loss("momentum"), "final loss, mean +- std over seeds"),
        Macro("TrainLossSgd", loss("sgd"), "final loss, mean +- std over seeds"),
        Macro("TrainLossEffective", loss("sgd_effective"), "final loss, mean +- std"),
        Macro("TrainMomentumWins", integer(comparison.wins("momentum", "sgd")), "seeds won"),
        Macro("TrainEffectiveLr", trimmed(comparison.effective_lr), "lr/(1 - beta)"),
        Macro("TrainUnexplained", percent(comparison.unexplained_gain, 1), "unexplained gain"),
    ]

    report = experiment.stability()
    macros += [
        Macro("CurvInitial", significant(report.initial.eigenvalue, 4), "lambda_max at start"),
        Macro("CurvFinal", significant(report.final.eigenvalue, 4), "lambda_max at the end"),
        Macro("CurvBound", significant(report.initial_position.bound, 2), "2(1 + beta)"),
        Macro(
            "CurvProductInitial",
            significant(report.initial_position.lr_h, 2),
            "lr lambda_max at the start",
        ),
        Macro(
            "CurvProductFinal", significant(report.final_position.lr_h, 2), "lr lambda_max, end"
        ),
    ]

    regions = experiment.regions()
    trained = ~regions.sweep.diverged
    macros += [
        Macro(
            "SweepCells",
            rf"\ensuremath{{{regions.sweep.lr.size} \times {regions.sweep.momentum.size}}}",
            "compare_regions() grid",
        ),
        Macro("SweepStableButDiverged", integer(regions.stable_but_diverged), "cells"),
        Macro("SweepUnstableButTrained", integer(regions.unstable_but_trained), "cells"),
        Macro("SweepTrained", integer(int(trained.sum())), "cells that did not diverge"),
        Macro(
            "SweepLargestEdgeFraction",
            significant(float(np.nanmax(regions.final_edge_fraction[trained])), 2),
            "max over trained cells of lr lambda_end / (2(1 + beta))",
        ),
    ]
    return macros
