"""Argument checks for the training API: each error names the parameter and its range."""

from __future__ import annotations

import math
import numbers


def integer(value: object, name: str, minimum: int) -> int:
    """``value`` as an int ``>= minimum``; ValueError naming ``name`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def real(
    value: object,
    name: str,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """``value`` as a finite float in the stated interval; ValueError naming ``name``."""
    if math.isinf(high):
        allowed = f"a finite number {'>' if low_open else '>='} {low:g}"
    else:
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        allowed = f"a finite number in {left}{low:g}, {high:g}{right}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    number = float(value)
    inside = (
        math.isfinite(number)
        and (number > low if low_open else number >= low)
        and (number < high if high_open else number <= high)
    )
    if not inside:
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    return number


def choice(value: object, name: str, allowed: tuple[str, ...]) -> str:
    """``value`` if it is one of ``allowed``; ValueError naming ``name`` otherwise."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return str(value)
