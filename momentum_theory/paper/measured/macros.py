"""Numbers of the measured section: predicted against measured rates on the figure's grid."""

from __future__ import annotations

import numpy as np

from momentum_theory.paper._latex import Macro, integer, percent, scientific, shortest, significant

__all__ = ["macros"]


def macros() -> list[Macro]:
    """Scope, median and largest relative error of the rate comparison."""
    from momentum_theory.paper.measured.experiments import largest_error, rate_comparison
    from momentum_theory.problems import standard_problems
    from momentum_theory.rates import jordan_bias

    result = rate_comparison()
    largest = largest_error()
    problems = standard_problems()
    dimension = max(int(np.size(p.x0)) for p in problems)
    source = "momentum_theory.paper.measured.experiments.rate_comparison()"
    return [
        Macro("RatesGridPoints", integer(result.alpha.size * result.beta.size), source),
        Macro("RatesProblems", integer(len(problems)), "standard_problems()"),
        Macro("RatesDimension", integer(dimension), "largest problem dimension"),
        Macro("RatesSteps", integer(result.steps), "steps per run"),
        Macro(
            "RatesInScope",
            integer(int(result.in_scope.sum())),
            "(problem, parameter pair) combinations in the claim",
        ),
        Macro("RatesMaxRate", shortest(result.max_rate), "scope: predicted rate <="),
        Macro("RatesCriticalBand", shortest(result.critical_band), "scope: distance"),
        Macro("RatesMedianError", scientific(result.median_error, 1), f"{source}: median"),
        Macro("RatesMaxError", scientific(result.max_error, 1), f"{source}: maximum"),
        Macro("RatesLargestProblem", largest.problem, "problem of the largest in-scope error"),
        Macro("RatesSlowest", significant(largest.slowest, 6), "slowest mode's rate there"),
        Macro("RatesSecond", significant(largest.second, 6), "second-slowest mode's rate"),
        Macro(
            "RatesSecondWeight",
            significant(largest.second_mode_weight, 2),
            "(rho_2/rho_1)^(n/2): the second mode's remaining weight",
        ),
        Macro(
            "RatesJordanBias",
            percent(jordan_bias(0.5, result.steps) - 1, 3),
            "jordan_bias(c = 1/2, steps) - 1: overshoot of the estimate on the curve",
        ),
    ]
