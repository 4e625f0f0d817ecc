"""Input checks shared by the public functions (the package boundary).

Every public numeric function converts its arguments here once, so the rest of the code
can assume float64 arrays of a common broadcast shape, and so every error message names
the parameter the caller got wrong.
"""

from __future__ import annotations

import operator

import numpy as np
from numpy.typing import ArrayLike, NDArray


def as_real_array(value: ArrayLike, name: str) -> NDArray[np.float64]:
    """Return ``value`` as a float64 array, or raise naming ``name``.

    Complex, boolean-free objects that numpy cannot turn into real numbers are rejected:
    the theory here is for real parameters only.
    """
    array = np.asarray(value)
    if np.iscomplexobj(array):
        raise TypeError(f"{name} must be real, got a complex array")
    try:
        return np.asarray(array, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be a real number or array of real numbers") from error


def broadcast_shape(**arrays: NDArray[np.float64]) -> tuple[int, ...]:
    """The common broadcast shape of ``arrays``; ValueError naming them if there is none."""
    try:
        return np.broadcast_shapes(*(a.shape for a in arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{name} {a.shape}" for name, a in arrays.items())
        raise ValueError(f"the arguments do not broadcast to a common shape: {shapes}") from None


def require(condition: ArrayLike, name: str, allowed: str, value: ArrayLike) -> None:
    """Raise ValueError ``"<name> must be <allowed>, got <value>"`` unless ``condition`` holds.

    ``condition`` may be an array, in which case every element must hold; NaN entries of
    ``value`` are not checked (they propagate to NaN results instead).
    """
    condition = np.asarray(condition)
    values = np.asarray(value, dtype=float)
    failing = ~condition & ~np.isnan(values)
    if np.any(failing):
        shown = values[failing].flat[0] if values.ndim else values.item()
        raise ValueError(f"{name} must be {allowed}, got {shown:g}")


def as_integer(value: object, name: str, minimum: int) -> int:
    """``value`` as an int at least ``minimum``, or ValueError naming ``name``.

    Accepts Python and NumPy integers (anything with ``__index__``) but not bools or
    floats, so ``steps=2.5`` is an error rather than a silent truncation.

    Examples
    --------
    >>> as_integer(3, "steps", 0)
    3
    >>> as_integer(0, "dimension", 1)
    Traceback (most recent call last):
    ...
    ValueError: dimension must be a positive integer, got 0
    """
    named = {0: "a non-negative integer", 1: "a positive integer"}
    allowed = named.get(minimum, f"an integer >= {minimum}")
    if isinstance(value, bool):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    try:
        number = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be {allowed}, got {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be {allowed}, got {number}")
    return number
