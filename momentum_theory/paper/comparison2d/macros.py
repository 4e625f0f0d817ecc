"""Numbers of the 2-D comparison: the chapter's example in both settings."""

from __future__ import annotations

import math

from momentum_theory.paper._latex import Macro, integer, scientific, significant, trimmed
from momentum_theory.paper.comparison2d.claims import COMPARISON_2D_TOLERANCE

__all__ = ["macros"]


def macros() -> list[Macro]:
    """Parameters of both settings and the distances after the chapter's 15 steps."""
    from momentum_theory.paper.comparison2d.experiments import STARTS, STEPS, comparisons

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
