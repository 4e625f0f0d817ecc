"""Numbers of the network section: the chapter's setting, the two parametrisations, momentum
against SGD, the curvature and the sweep (PyTorch)."""

from __future__ import annotations

import numpy as np

from momentum_theory.paper._latex import (
    Macro,
    integer,
    percent,
    scientific,
    shortest,
    significant,
    trimmed,
)
from momentum_theory.paper.networks.claims import UNEXPLAINED_TOLERANCE
from momentum_theory.paper.networks.experiments import EQUIVALENCE_SHARE
from momentum_theory.training.equivalence import EQUIVALENCE_TOLERANCE_ULPS

__all__ = ["macros"]


def _plain(value: float, digits: int) -> str:
    """``digits`` significant digits without the \\ensuremath wrapper (for use in math)."""
    text = significant(value, digits)
    return text.removeprefix(r"\ensuremath{").removesuffix("}") if "ensuremath" in text else text


def macros() -> list[Macro]:
    """Numbers of the network section, from :mod:`~momentum_theory.paper.networks.experiments`."""
    import inspect

    from momentum_theory.paper.networks import experiments as experiment
    from momentum_theory.training import NOISE_FLOOR, train_chapter_network
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

    def paired(method: str, against: str) -> str:
        d = comparison.paired_difference(method, against)
        return rf"\ensuremath{{{_plain(d.mean, 2)} \pm {_plain(d.standard_error, 2)}}}"

    difference = comparison.paired_difference("momentum", "sgd_effective")
    gain = comparison.paired_difference("sgd", "momentum")
    test = experiment.equivalence()
    compared = np.concatenate([comparison.final_loss[m] for m in ("momentum", "sgd_effective")])
    macros += [
        Macro("TrainSeeds", integer(len(comparison.seeds)), "compare_optimizers() seeds"),
        Macro("TrainLossMomentum", loss("momentum"), "final loss, mean +- std over seeds"),
        Macro("TrainLossSgd", loss("sgd"), "final loss, mean +- std over seeds"),
        Macro("TrainLossEffective", loss("sgd_effective"), "final loss, mean +- std"),
        Macro("TrainMomentumWins", integer(comparison.wins("momentum", "sgd")), "seeds won"),
        Macro("TrainEffectiveLr", trimmed(comparison.effective_lr), "lr/(1 - beta)"),
        Macro("TrainGain", paired("sgd", "momentum"), "paired sgd - momentum, mean +- SE"),
        Macro(
            "TrainDiffMomentumControl",
            paired("momentum", "sgd_effective"),
            "paired momentum - control, mean +- SE",
        ),
        Macro("TrainConfidence", percent(difference.confidence, 0), "t interval's level"),
        Macro(
            "TrainDiffInterval",
            rf"\ensuremath{{[{_plain(difference.low, 2)}, {_plain(difference.high, 2)}]}}",
            "t interval of momentum - control",
        ),
        Macro(
            "TrainDiffIntervalShare",
            f"[{percent(difference.low / gain.mean, 1)}, "
            f"{percent(difference.high / gain.mean, 1)}]",
            "the same interval over the mean gain sgd - momentum",
        ),
        Macro(
            "TrainDiffVerdict",
            "contains" if difference.contains_zero else "excludes",
            "whether the t interval of momentum - control contains 0",
        ),
        Macro(
            "TrainControlWins",
            integer(comparison.wins("momentum", "sgd_effective")),
            "seeds on which momentum ends below the control",
        ),
        Macro("TrainEquivShare", percent(EQUIVALENCE_SHARE, 0), "TOST margin / mean gain"),
        Macro("TrainEquivMargin", _plain(test.margin, 2), "TOST margin, loss units"),
        Macro("TrainEquivLevel", percent(test.level, 0), "TOST level"),
        Macro("TrainEquivIntervalLevel", percent(1 - 2 * test.level, 0), "its interval's level"),
        Macro(
            "TrainEquivInterval",
            rf"\ensuremath{{[{_plain(test.low, 2)}, {_plain(test.high, 2)}]}}",
            "1 - 2 level t interval of momentum - control",
        ),
        Macro("TrainEquivP", significant(test.p_value, 2), "TOST p-value"),
        Macro(
            "TrainEquivVerdict",
            "shows" if test.equivalent else "does not show",
            "whether the TOST shows equivalence within the margin",
        ),
        Macro("TrainUnexplainedBound", percent(UNEXPLAINED_TOLERANCE, 0), "verify's bound"),
        Macro("TrainNoiseFloor", trimmed(NOISE_FLOOR), "sigma^2"),
        Macro("TrainLowestFinal", significant(float(compared.min()), 3), "momentum, control"),
        Macro(
            "TrainControlProduct",
            significant(comparison.largest_effective_product, 2),
            "largest lr lambda_max / (1 - beta), start and end of every run",
        ),
        Macro(
            "TrainCriticalCurvature",
            significant((1 - np.sqrt(comparison.momentum)) ** 2 / comparison.lr, 2),
            "(1 - sqrt(beta))^2 / lr: below it the first-order match holds",
        ),
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
    counts = regions.outcome_counts
    beyond = regions.trained & ~regions.theory_stable
    collapsed_loss = regions.sweep.final_loss[regions.collapsed]
    collapsed_fraction = np.where(regions.collapsed, regions.final_edge_fraction, -np.inf)
    edge_cell = np.unravel_index(np.argmax(collapsed_fraction), collapsed_fraction.shape)
    peaks, flattening = regions.peak_loss_ratio[beyond], regions.curvature_ratio[beyond]
    macros += [
        Macro(
            "SweepCells",
            rf"\ensuremath{{{regions.sweep.lr.size} \times {regions.sweep.momentum.size}}}",
            "compare_regions() grid",
        ),
        Macro("SweepStableButDiverged", integer(regions.stable_but_diverged), "cells"),
        Macro("SweepUnstableNotDiverged", integer(regions.unstable_not_diverged), "cells"),
        Macro("SweepDiverged", integer(counts["diverged"]), "cells"),
        Macro("SweepCollapsed", integer(counts["collapsed"]), "every hidden ReLU dead"),
        Macro("SweepNotImproved", integer(counts["not_improved"]), "live, loss not lower"),
        Macro("SweepTrained", integer(counts["trained"]), "live, final loss below initial"),
        Macro("SweepTrainedBeyond", integer(regions.trained_beyond_edge), "cells"),
        Macro("SweepCollapsedBeyond", integer(regions.collapsed_beyond_edge), "cells"),
        Macro("SweepInitialLoss", significant(regions.sweep.initial_loss, 3), "full-data"),
        Macro("SweepConstantLoss", significant(regions.constant_loss, 3), "var(y)"),
        Macro(
            "SweepCollapsedAboveInitial",
            integer(int(np.sum(collapsed_loss >= regions.sweep.initial_loss))),
            "collapsed cells ending at or above the initial loss",
        ),
        Macro("SweepCollapsedLossMax", significant(float(collapsed_loss.max()), 3), "loss"),
        Macro(
            "SweepCollapsedLargestFraction",
            significant(float(collapsed_fraction[edge_cell]), 2),
            "max over collapsed cells of lr / (1 + beta)",
        ),
        Macro(
            "SweepCollapsedLargestFractionLoss",
            significant(float(regions.sweep.final_loss[edge_cell]), 2),
            "that cell's final loss",
        ),
        Macro(
            "SweepLargestEdgeFraction",
            significant(regions.largest_trained_edge_fraction, 2),
            "max over trained cells of lr lambda_end / (2(1 + beta))",
        ),
        Macro(
            "SweepMedianEdgeFractionBeyond",
            significant(float(np.median(regions.final_edge_fraction[beyond])), 2),
            "median of the same over trained cells beyond the start's edge",
        ),
        Macro("SweepPeakMin", significant(float(peaks.min()), 2), "largest loss / initial"),
        Macro("SweepPeakMedian", significant(float(np.median(peaks)), 2), "the same"),
        Macro(
            "SweepPeakMedianInside",
            significant(float(np.median(regions.peak_loss_ratio[regions.trained & ~beyond])), 3),
            "the same, trained cells inside the start's region",
        ),
        Macro("SweepFlatteningMin", significant(float(flattening.min()), 2), "lambda ratio"),
        Macro("SweepFlatteningMax", significant(float(flattening.max()), 2), "end / start"),
    ]
    return macros
