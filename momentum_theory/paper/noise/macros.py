"""Paper numbers, noise: the stationary spread of every method and the rate--noise frontier."""

from __future__ import annotations

import numpy as np

from momentum_theory.paper._latex import Macro, integer, percent, scientific, shortest, significant
from momentum_theory.paper.noise.claims import (
    DENSE_TOLERANCE,
    LYAPUNOV_TOLERANCE,
)

__all__ = ["macros"]


# Macro tags of the cases and frontiers, by label.
_TAGS = {
    "gradient descent": "Gd",
    "heavy ball": "Hb",
    "Nesterov": "Nag",
    "two-step": "TwoStep",
    "QHM": "Qhm",
    "PyTorch SGD": "Torch",
    "PyTorch SGD, Nesterov": "TorchNesterov",
    "heavy ball, dense 8 x 8": "Dense",
}


def _parameters(method: str, parameters: dict) -> str:
    """``$\\alpha = 0.1$, $\\beta = 0.5$``: the method's parameters as their symbols
    (flags as words)."""
    from momentum_theory import methods

    parts = []
    for name, value in parameters.items():
        if isinstance(value, bool):
            parts.append("Nesterov" if value and name == "nesterov" else "")
        else:
            symbol = methods.get(method).parameter(name).latex
            parts.append(f"${symbol} = {shortest(float(value))}$")
    return ", ".join(part for part in parts if part)


def _lyapunov() -> list[Macro]:
    from momentum_theory.paper.noise.variance import DENSE_DIMENSION, lyapunov_agreement

    result = lyapunov_agreement()
    return [
        Macro("NoiseCases", integer(len(result.labels)), "cases: six methods, PyTorch twice"),
        Macro("NoiseLyapunovSamples", integer(result.samples), "random settings per case"),
        Macro("NoiseLyapunovMaxRate", shortest(result.max_rate), "largest rate compared"),
        # The measured agreements are rounding-level (their digits move with the platform):
        # the text quotes the bounds that verify checks.
        Macro(
            "NoiseLyapunovTolerance",
            scientific(LYAPUNOV_TOLERANCE, 0),
            "closed_form_equals_lyapunov: bound on closed form vs Lyapunov",
        ),
        Macro("NoiseDenseDimension", integer(DENSE_DIMENSION), "dense check: d"),
        Macro("NoiseDenseStates", integer(2 * DENSE_DIMENSION), "dense check: states"),
        Macro(
            "NoiseDenseTolerance",
            scientific(DENSE_TOLERANCE, 0),
            "dense_excess_is_sum_over_directions: bound on sum vs dense",
        ),
    ]


def _monte_carlo() -> list[Macro]:
    from scipy.stats import norm

    from momentum_theory.paper.noise.variance import monte_carlo

    study = monte_carlo()
    level = study.checks[0].level
    macros = [
        Macro("NoiseMcChains", integer(study.chains), "independent chains per case"),
        Macro("NoiseMcSteps", integer(study.steps), "steps averaged per chain"),
        Macro("NoiseMcSigma", shortest(study.sigma), "noise standard deviation"),
        Macro("NoiseMcCount", integer(len(study.checks)), "simulations"),
        Macro("NoiseMcFamilyLevel", percent(study.family_level, 0), "joint level"),
        Macro("NoiseMcLevel", percent(level, 2), "per-interval level (Bonferroni)"),
        Macro("NoiseMcCritical", significant(float(norm.ppf(0.5 + level / 2)), 3), "z bound"),
        Macro("NoiseMcLargestZ", significant(study.largest_z, 2), "largest |z|"),
        Macro("NoiseMcLargestError", percent(study.largest_relative_error, 1), "rel. error"),
    ]
    for check in study.checks:
        tag = _TAGS[check.label]
        low, high = check.interval
        macros += [
            Macro(f"NoiseMc{tag}Params", _parameters(check.method, check.parameters), check.label),
            Macro(f"NoiseMc{tag}Predicted", significant(check.predicted, 5), "predicted"),
            Macro(
                f"NoiseMc{tag}Interval",
                f"[{significant(low, 4)}, {significant(high, 4)}]",
                f"{level:.2%} interval",
            ),
            Macro(f"NoiseMc{tag}Z", significant(check.z_score, 2), "z score"),
        ]
    return macros


def _joint() -> list[Macro]:
    from momentum_theory.paper.noise.claims import JOINT_LEVEL
    from momentum_theory.paper.noise.variance import joint_monte_carlo

    joint = joint_monte_carlo()
    statistic, degrees, p_value = joint.repetition(0)
    smallest = joint.smallest_repetition_p
    return [
        Macro("NoiseMcTableChi", significant(statistic, 3), "the table's sum z^2"),
        Macro("NoiseMcTableDegrees", integer(degrees), "its degrees of freedom"),
        Macro("NoiseMcTableP", significant(p_value, 2), "its chi^2 p-value"),
        Macro("NoiseMcRepeats", integer(len(joint.studies)), "independent repetitions"),
        Macro("NoiseMcJointChi", significant(joint.statistic, 3), "sum z^2, all repetitions"),
        Macro("NoiseMcJointDegrees", integer(joint.degrees), "its degrees of freedom"),
        Macro("NoiseMcJointP", significant(joint.p_value, 2), "its chi^2 p-value"),
        Macro("NoiseMcJointLevel", percent(JOINT_LEVEL, 0), "level of the joint test"),
        Macro("NoiseMcSmallestP", significant(smallest, 2), "smallest p of one repetition"),
        Macro(
            "NoiseMcSmallestChance",
            significant(1 - (1 - smallest) ** len(joint.studies), 2),
            "chance of a p that small among the repetitions",
        ),
    ]


def _small_step() -> list[Macro]:
    from momentum_theory.paper.noise.variance import small_step_equivalence

    result = small_step_equivalence()
    index = int(np.argmin(np.abs(result.products - 1e-3)))
    return [
        Macro("NoiseStepBeta", shortest(result.beta), "momentum of the small-step check"),
        Macro("NoiseStepProduct", scientific(float(result.products[index]), 0), "alpha h"),
        Macro("NoiseStepGap", significant(float(result.gap[index]), 5), "exact relative gap"),
        Macro("NoiseStepFirst", significant(float(result.first_order[index]), 5), "first order"),
        Macro("NoiseStepSecond", significant(result.second_order, 5), "derived coefficient"),
        Macro(
            "NoiseStepRemainder",
            significant(float(result.remainder[index]), 5),
            "(gap - first order) / (alpha h)^2",
        ),
        Macro("NoiseStepSmallest", scientific(float(result.products[-1]), 0), "smallest alpha h"),
    ]


def _frontiers() -> list[Macro]:
    from momentum_theory.paper.noise.frontiers import (
        LEVEL_GAPS,
        SEARCH_GRIDS,
        SEARCH_TOLERANCE,
        frontiers,
        gamma_gap,
        slow_limit,
    )

    study = frontiers()
    low, high, count = LEVEL_GAPS
    gd = study.frontiers["gradient descent"]
    fast = int(np.flatnonzero(gd.reached)[0])  # the fastest level gradient descent reaches
    slow = study.rates.size - 1
    macros = [
        Macro("NoiseFrontierDimension", integer(study.eigenvalues.size), "eigenvalues of Q"),
        Macro("NoiseFrontierMu", shortest(study.mu), "mu"),
        Macro("NoiseFrontierL", shortest(study.L), "L"),
        Macro("NoiseLevels", integer(count), "rate levels"),
        Macro("NoiseLevelSlow", shortest(low), "1 - r, slowest level"),
        Macro("NoiseLevelFast", shortest(high), "1 - r, fastest level"),
        Macro("NoiseGdReachGap", significant(1 - study.rates[fast], 3), "1 - r, GD's fastest"),
        Macro("NoiseSlowLimit", significant(slow_limit(study.rates[slow]), 3), "1/(1 + r)"),
        Macro("NoiseGridOne", integer(SEARCH_GRIDS[1]), "grid, one searched parameter"),
        Macro("NoiseGridTwo", integer(SEARCH_GRIDS[2]), "grid per parameter, two searched"),
        Macro("NoiseToleranceOne", scientific(SEARCH_TOLERANCE[1], 0), "1-parameter search"),
        Macro("NoiseToleranceTwo", percent(SEARCH_TOLERANCE[2], 1), "2-parameter search"),
        Macro("NoiseFixedBeta", shortest(study.fixed_momentum.beta), "fixed momentum"),
    ]
    fixed = study.fixed_momentum_ratio()
    macros += [
        Macro("NoiseFixedRatioSlow", significant(float(fixed[slow]), 3), "fixed beta / GD"),
        Macro("NoiseFixedRatioFast", significant(float(fixed[fast]), 3), "fixed beta / GD"),
    ]
    for label, tag in _TAGS.items():
        if label not in study.frontiers:
            continue
        rate, excess, _ = study.optima[label]
        macros += [
            Macro(f"NoiseOptRate{tag}", significant(rate, 3), f"{label}: optimal rate"),
            Macro(f"NoiseOptExcess{tag}", significant(excess, 3), f"{label}: its excess loss"),
        ]
        if label == "gradient descent":
            continue
        ratio = study.ratio(label)
        macros += [
            Macro(f"NoiseRatioSlow{tag}", significant(float(ratio[slow]), 2), "vs GD, slowest"),
            Macro(f"NoiseRatioFast{tag}", significant(float(ratio[fast]), 2), "vs GD, fastest"),
        ]
    qhm = study.frontiers["QHM"].parameters
    gap = gamma_gap(study)
    macros += [
        Macro("NoiseTwoStepGammaSlow", significant(gap.two_step_gamma, 3), "family gamma"),
        Macro("NoiseQhmGammaSlow", significant(gap.qhm_gamma, 3), "QHM's family gamma"),
        Macro("NoiseQhmNuSlow", significant(float(qhm["nu"][slow]), 2), "nu"),
        Macro("NoiseQhmBetaSlow", significant(float(qhm["beta"][slow]), 4), "beta"),
        Macro(
            "NoiseRatioSlowFamilyAtQhm",
            significant(gap.family_at_qhm_ratio, 2),
            "two-step family at QHM's family parameters, over GD, slowest level",
        ),
    ]
    return macros


def macros() -> list[Macro]:
    """Lyapunov agreement, Monte Carlo table, small-step gap, frontier ratios, data floor."""
    from momentum_theory.training.data import NOISE

    return [
        *_lyapunov(),
        *_monte_carlo(),
        *_joint(),
        *_small_step(),
        *_frontiers(),
        Macro("NoiseDataFloor", significant(NOISE**2, 1), "sigma^2 of the chapter's data"),
    ]
