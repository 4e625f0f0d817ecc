"""Paper numbers, rates: predicted against measured rates on the rates figure's grid."""

from __future__ import annotations

import numpy as np

from momentum_theory.latex import Macro, integer, percent, scientific, shortest
from momentum_theory.verify.quadratic import (
    jordan_bias_on_critical_curve,
    rate_max_error,
    rate_median_error,
)

__all__ = ["CLAIMS", "macros"]

CLAIMS = (rate_median_error, rate_max_error, jordan_bias_on_critical_curve)


def macros() -> list[Macro]:
    """Scope, median and largest relative error of the rate comparison."""
    from momentum_theory.experiments.rates import rate_comparison
    from momentum_theory.problems import standard_problems
    from momentum_theory.rates import jordan_bias

    result = rate_comparison()
    problems = standard_problems()
    dimension = max(int(np.size(p.x0)) for p in problems)
    source = "momentum_theory.experiments.rates.rate_comparison()"
    return [
        Macro("RatesGridPoints", integer(result.alpha.size * result.beta.size), source),
        Macro("RatesProblems", integer(len(problems)), "standard_problems()"),
        Macro("RatesDimension", integer(dimension), "largest problem dimension"),
        Macro("RatesSteps", integer(result.steps), "steps per run"),
        Macro("RatesInScope", integer(int(result.in_scope.sum())), "points in the claim"),
        Macro("RatesMaxRate", shortest(result.max_rate), "scope: predicted rate <="),
        Macro("RatesCriticalBand", shortest(result.critical_band), "scope: distance"),
        Macro("RatesMedianError", scientific(result.median_error, 1), f"{source}: median"),
        Macro("RatesMaxError", scientific(result.max_error, 1), f"{source}: maximum"),
        Macro(
            "RatesJordanBias",
            percent(jordan_bias(0.5, result.steps) - 1, 3),
            "jordan_bias(c = 1/2, steps) - 1: overshoot of the estimate on the curve",
        ),
    ]
