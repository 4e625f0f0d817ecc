"""Numbers of the transients section: the three regimes, Jordan growth, the worst case W_n."""

from __future__ import annotations

import math

from momentum_theory.paper._latex import Macro, integer, shortest, significant
from momentum_theory.transients.worst_case import chebyshev_optimum

__all__ = ["macros"]


_TAGS = {"real distinct": "Real", "complex": "Complex", "critical (Jordan)": "Jordan"}


def macros() -> list[Macro]:
    """Numbers of Table 2 and the transients section."""
    from momentum_theory.paper.transients import experiments as experiment

    macros: list[Macro] = []
    for curve in experiment.regime_curves():
        tag = "Trans" + _TAGS[curve.regime]
        where = f"regime_curves(), regime {curve.regime}"
        jordan = curve.regime == "critical (Jordan)"
        macros += [
            Macro(f"{tag}Alpha", r"1/64" if jordan else shortest(curve.alpha), f"{where}: alpha"),
            Macro(f"{tag}Beta", r"49/64" if jordan else shortest(curve.beta), f"{where}: beta"),
            Macro(f"{tag}Rho", significant(curve.rho, 3), f"{where}: rho"),
            Macro(f"{tag}Eps", significant(curve.eps, 2), f"{where}: eps = (1 - rho)/2"),
            Macro(f"{tag}Constant", significant(curve.constant.constant, 3), f"{where}: C"),
            Macro(f"{tag}Peak", significant(curve.peak.peak, 3), f"{where}: max_t ||A^t||"),
            Macro(f"{tag}PeakTime", integer(curve.peak.peak_step), f"{where}: argmax"),
        ]
    growth = experiment.jordan_example()
    steps = experiment.JORDAN_STEPS
    macros += [
        Macro("TransJordanT", integer(steps), "t for the Jordan growth ratio"),
        Macro(
            "TransJordanRatio",
            significant(growth.measured[steps] / growth.rho**steps, 3),
            "jordan_growth(1/64, 1, t): ||A^t||_2 / rho^t",
        ),
    ]
    case = experiment.polyak_worst_case()
    for tag, n, worst in zip(("Short", "Long"), case.steps, case.results):
        where = f"worst_case_error(Polyak's parameters for [{case.mu:g}, {case.L:g}], n = {n})"
        macros += [
            Macro(f"Worst{tag}N", integer(n), "steps"),
            Macro(
                f"Worst{tag}Distance", significant(math.sqrt(worst.value), 3), f"sqrt W_n, {where}"
            ),
            Macro(
                f"Worst{tag}PerStep", significant(worst.per_step_rate, 3), f"W_n^(1/2n), {where}"
            ),
            Macro(f"Worst{tag}RatePower", significant(case.rate**n, 2), f"rho*^n for n = {n}"),
            Macro(
                f"Cheb{tag}Distance",
                significant(chebyshev_optimum(mu=case.mu, L=case.L, steps=n), 3),
                f"1/T_n((L+mu)/(L-mu)), the best n-step polynomial method, n = {n}",
            ),
        ]
    return macros
