"""Transitional alias, to be deleted: the checks live in :mod:`momentum_theory._validation`.

Only :func:`momentum_theory.training.curvature.stability_position`, which is being moved
to another module, still calls ``_checks.real``; its new home should call
:func:`momentum_theory._validation.as_finite_float` directly, and this file go.
"""

from __future__ import annotations

from momentum_theory._validation import as_finite_float as real

__all__ = ["real"]
