r"""The chapter's 2-D comparison, gradient descent against heavy ball on :math:`x^2 + 10 y^2`,
in its two settings (:func:`momentum_theory.comparison2d.compare_2d_settings`): each
method's optimum for :math:`[2, 20]`, and the hand-picked :math:`\alpha = 0.05`,
:math:`\beta = 0.8`.
"""

from __future__ import annotations

from momentum_theory.comparison2d import STEPS, Comparison2D, compare_2d_settings
from momentum_theory.experiments._cache import experiment

__all__ = ["comparisons"]


@experiment
def comparisons(steps: int = STEPS) -> tuple[Comparison2D, Comparison2D]:
    """Both settings, principled first, from both starts."""
    return compare_2d_settings(steps)
