"""Paper numbers, comparison2d: the chapter's 2-D example in both settings."""

from __future__ import annotations

import math

from momentum_theory.latex import Macro, integer, scientific, significant
from momentum_theory.verify.transients import (
    COMPARISON_2D_TOLERANCE,
)

__all__ = ["macros", "trimmed"]


def trimmed(value: float, digits: int = 3) -> str:
    """``digits`` significant digits with trailing zeros dropped (0.05, not 0.0500)."""
    text = significant(value, digits)
    return text.rstrip("0").rstrip(".") if "." in text and "ensuremath" not in text else text


def macros() -> list[Macro]:
    """Parameters of both settings and the distances after the chapter's 15 steps."""
    from momentum_theory.comparison2d import STARTS, STEPS
    from momentum_theory.experiments.comparison2d import comparisons

    macros = [
        Macro("CmpSteps", integer(STEPS), "iterations (the chapter's 15)"),
        Macro("CmpStartDistance", significant(math.hypot(*STARTS[0]), 3), "||(10, 1)||"),
    ]
    for comparison in comparisons():
        tag = {"principled": "Prin", "hand-picked": "Hand"}[comparison.setting.name]
        setting = comparison.setting
        where = f"compare_2d, {setting.name} setting"
        macros += [
            Macro(f"Cmp{tag}GdAlpha", trimmed(setting.gradient_descent_alpha), where),
            Macro(f"Cmp{tag}Alpha", trimmed(setting.alpha), where),
            Macro(f"Cmp{tag}Beta", trimmed(setting.beta), where),
        ]
        for method, name in (("gradient descent", "Gd"), ("heavy ball", "Hb")):
            runs = [r for r in comparison.runs if r.method == method]
            macros.append(
                Macro(
                    f"Cmp{tag}{name}Distance",
                    significant(runs[0].measured, 3),
                    f"{where}: {method}, ||x_15 - x*|| (same from both starts)",
                )
            )
    # The measured error is rounding (its digit moves with the platform): the bound checked.
    macros.append(
        Macro(
            "CmpTolerance",
            scientific(COMPARISON_2D_TOLERANCE, 0),
            "comparison_2d_matches_closed_form: bound on the relative error vs the closed form",
        )
    )
    return macros
