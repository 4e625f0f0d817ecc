"""Paper numbers, amplification: the 1/(1 - beta) velocity and the effective step."""

from __future__ import annotations

from momentum_theory.latex import Macro, integer, scientific, shortest, significant
from momentum_theory.verify.transients import (
    AMPLIFICATION_TOLERANCE,
)

__all__ = ["macros"]


_TAGS = ("Small", "Medium", "Large")


def macros() -> list[Macro]:
    """The figure's momenta and its error bound; speed ratios below, near and past critical."""
    from momentum_theory.experiments import amplification as experiment

    beta = experiment.EFFECTIVE_STEP_MOMENTUM
    macros = [
        Macro("AmpBetaNinety", shortest(beta), "the chapter's example momentum"),
        Macro(
            "AmpBetaList",
            ", ".join(shortest(b) for b in experiment.FIGURE_MOMENTA),
            "momenta of the amplification figure",
        ),
        Macro("AmpSteps", integer(experiment.FIGURE_STEPS), "steps of the figure"),
        # The measured error is rounding (its digit moves with the platform): the bound.
        Macro(
            "AmpTolerance",
            scientific(AMPLIFICATION_TOLERANCE, 0),
            "amplification_numeric: bound on the relative error vs (1 - beta^t)/(1 - beta)",
        ),
    ]
    effective = experiment.effective_step()
    macros.append(
        Macro(
            "AmpCriticalProduct",
            significant(float(effective.critical_product[0]), 3),
            f"(1 - sqrt(beta))^2 at beta = {beta:g}",
        )
    )
    for tag, product, ratio in zip(
        _TAGS, experiment.EFFECTIVE_STEP_PRODUCTS, effective.speed_ratio
    ):
        macros.append(Macro(f"AmpProduct{tag}", scientific(product, 0), "alpha h"))
        macros.append(
            Macro(f"AmpRatio{tag}", significant(float(ratio), 3), "compare_effective_step")
        )
    macros.append(
        Macro(
            "AmpInverseRatioLarge",
            significant(1 / float(effective.speed_ratio[-1]), 2),
            "1 / speed_ratio beyond the critical product: how much faster GD is",
        )
    )
    scope = experiment.effective_step_range()
    macros += [
        Macro(
            "AmpOnePercentProduct",
            significant(scope.one_percent_product, 2),
            "alpha h where the effective-step GD needs 1% more steps (root finding)",
        ),
        Macro(
            "AmpOnePercentEstimate",
            significant(scope.one_percent_estimate, 2),
            "0.01 (1 - beta)^2 / beta",
        ),
        Macro(
            "AmpCriticalSpeedRatio",
            significant(scope.critical_speed_ratio, 3),
            "speed ratio at the critical product",
        ),
        Macro("AmpPolyakMu", shortest(scope.mu), "spectrum of the stability comparison"),
        Macro("AmpPolyakL", shortest(scope.L), "spectrum of the stability comparison"),
        Macro("AmpPolyakProduct", significant(scope.polyak_product, 3), "alpha* L"),
        Macro(
            "AmpPolyakEffectiveProduct",
            significant(scope.polyak_effective_product, 3),
            "alpha* L / (1 - beta*)",
        ),
    ]
    return macros
