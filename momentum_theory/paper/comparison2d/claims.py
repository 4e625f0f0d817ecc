"""Claims of the 2-D comparison: momentum wins from both starts, in both settings, and every
distance is the closed form of Theorem 1; references are plain Python loops."""

from __future__ import annotations

import math

from momentum_theory.paper._claims import Claim, at_most, claim
from momentum_theory.paper.comparison2d.experiments import comparisons

# The paper quotes this bound in place of the measured rounding error (whose last digit
# moves with the platform's kernels); comparison_2d_matches_closed_form tests exactly that.
# comparison_2d_matches_closed_form: simulated distances against p_n (1e-15 measured).
COMPARISON_2D_TOLERANCE = 1e-12


@claim(quoted=True)
def comparison_2d_momentum_wins() -> Claim:
    principled, hand = comparisons()
    # Plain-Python loop for every run as the reference for the reported distances.
    mismatch = 0.0
    for result in (principled, hand):
        for run in result.runs:
            x, y = run.start
            px, py = x, y
            for _ in range(result.steps):
                x, y, px, py = (
                    x - run.alpha * 2 * x + run.beta * (x - px),
                    y - run.alpha * 20 * y + run.beta * (y - py),
                    x,
                    y,
                )
            mismatch = max(mismatch, abs(math.hypot(x, y) / run.measured - 1))
    ratio = principled.momentum_advantage
    numbers = "; ".join(
        f"{r.setting.name}: GD {r.run('gradient descent', (10.0, 1.0)).measured:.4g}, "
        f"HB {r.run('heavy ball', (10.0, 1.0)).measured:.3g}"
        for r in (principled, hand)
    )
    return Claim(
        "On x^2 + 10 y^2 from (+-10, +-1), 15 steps, momentum ends closer to the minimiser "
        "than gradient descent",
        "each method's optimal parameters for [2, 20]; distance after 15 steps (same from "
        f"both starts; plain loop agrees to {mismatch:.0e}): {numbers}. Measured: HB/GD "
        "distance ratio, principled setting",
        ratio,
        "< 1",
        bool(ratio < 1 and hand.momentum_advantage < 1 and mismatch <= 1e-12),
    )


@claim(quoted=True)
def comparison_2d_matches_closed_form() -> Claim:
    worst = max(run.relative_error for result in comparisons() for run in result.runs)
    return at_most(
        "On x^2 + 10 y^2 each distance after n steps is the closed form from the polynomials "
        "p_n of Theorem 1",
        "both settings, both methods, both starts, 15 steps: largest relative difference of "
        "the simulated distance from the closed form",
        worst,
        COMPARISON_2D_TOLERANCE,
    )


@claim(quoted=True)
def comparison_2d_starts_agree() -> Claim:
    spread = 0.0
    for result in comparisons():
        for method in ("gradient descent", "heavy ball"):
            distances = [r.measured for r in result.runs if r.method == method]
            spread = max(spread, (max(distances) - min(distances)) / max(distances))
    return at_most(
        "f = x^2 + 10 y^2 is symmetric under (x, y) -> -(x, y), so both starts (10, 1) and "
        "(-10, -1) end at the same distance",
        "both settings, both methods, 15 steps: largest relative spread of the final distance "
        "over the two starts",
        spread,
        1e-12,
    )
