"""Input checks shared by every public function: the package boundary.

Each public function converts its arguments here once, so the rest of the code can assume
float64 arrays (or plain floats and ints) of the right shape and range, and so the same
mistake gets the same message from every function. The policy:

* Non-numeric input (``None``, strings, booleans, complex numbers, objects) is a
  ``TypeError`` naming the parameter.
* A value outside its domain (a negative step count, ``mu > L``, a spectrum end that is
  not positive) is a ``ValueError`` of the form ``"<name> must be <allowed>, got <value>"``.
* NaN inside an *array* argument is data, not a mistake: it propagates to NaN results and
  is exempt from range checks. Scalar settings (a step count, a tolerance, the ends of a
  spectrum for a simulation) must be finite.

Messages, one per mistake:

==============================  ==============================================
mistake                         message
==============================  ==============================================
not a real number               ``x must be a real number or array of real numbers``
complex                         ``x must be real, got a complex array``
not an integer / too small      ``n must be a positive integer, got 0``
outside an interval             ``x must be a finite number in (0, 1), got 1.5``
spectrum out of order           ``mu must be at most L, got mu = 3, L = 2``
spectrum end not positive       ``mu must be positive, got 0``
not one of a set                ``method must be one of 'a', 'b', got 'c'``
==============================  ==============================================
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_finite_float",
    "as_integer",
    "as_real_array",
    "as_scalar",
    "broadcast_shape",
    "choice",
    "curvature_range",
    "optional_integer",
    "require",
    "require_finite",
    "require_spectrum",
    "spectrum_ends",
]

_NUMERIC_KINDS = frozenset("iuf")  # signed, unsigned, floating (numpy dtype.kind)


def as_real_array(value: ArrayLike, name: str) -> NDArray[np.float64]:
    """Return ``value`` as a float64 array, or raise ``TypeError`` naming ``name``.

    Integers and floats (Python or NumPy, scalars or arrays) are accepted; complex numbers,
    booleans, strings, ``None`` and other objects are not: the theory is for real
    parameters, and ``"0.1"`` or ``None`` is a mistake, not a number.

    Examples
    --------
    >>> as_real_array([1, 2], "alpha")
    array([1., 2.])
    >>> as_real_array("0.1", "alpha")
    Traceback (most recent call last):
    ...
    TypeError: alpha must be a real number or array of real numbers, got '0.1'
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged nested sequences
        raise TypeError(
            f"{name} must be a real number or array of real numbers, got {value!r}"
        ) from error
    if np.iscomplexobj(array):
        raise TypeError(f"{name} must be real, got a complex array")
    if array.dtype.kind not in _NUMERIC_KINDS:
        raise TypeError(f"{name} must be a real number or array of real numbers, got {value!r}")
    return np.asarray(array, dtype=np.float64)


def as_scalar(value: ArrayLike, name: str) -> float:
    """``value`` as a Python float if it is a real scalar (NaN and inf allowed).

    Examples
    --------
    >>> as_scalar(2, "h")
    2.0
    >>> as_scalar([1.0, 2.0], "h")
    Traceback (most recent call last):
    ...
    ValueError: h must be a scalar, got shape (2,)
    """
    array = as_real_array(value, name)
    if array.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got shape {array.shape}")
    return float(array)


def _interval_text(low: float, high: float, low_open: bool, high_open: bool) -> str:
    if math.isinf(high) and math.isinf(low):
        return "a finite number"
    if math.isinf(high):
        if low == 0 and low_open:
            return "a finite positive number"
        if low == 0:
            return "a finite non-negative number"
        return f"a finite number {'>' if low_open else '>='} {low:g}"
    if math.isinf(low):
        return f"a finite number {'<' if high_open else '<='} {high:g}"
    left, right = "(" if low_open else "[", ")" if high_open else "]"
    return f"a finite number in {left}{low:g}, {high:g}{right}"


def as_finite_float(
    value: object,
    name: str,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """A finite real scalar in an interval, as a float; ValueError naming ``name`` otherwise.

    Examples
    --------
    >>> as_finite_float(0.5, "beta", low=0.0, high=1.0, high_open=True)
    0.5
    >>> as_finite_float(1.0, "beta", low=0.0, high=1.0, high_open=True)
    Traceback (most recent call last):
    ...
    ValueError: beta must be a finite number in [0, 1), got 1
    >>> as_finite_float(0.0, "lr", low=0.0, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: lr must be a finite positive number, got 0
    """
    number = as_scalar(value, name)  # type: ignore[arg-type]
    inside = (
        math.isfinite(number)
        and (number > low if low_open else number >= low)
        and (number < high if high_open else number <= high)
    )
    if not inside:
        allowed = _interval_text(low, high, low_open, high_open)
        raise ValueError(f"{name} must be {allowed}, got {number:g}")
    return number


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


def require_finite(array: ArrayLike, name: str) -> None:
    """Raise ValueError ``"<name> must be finite, got <value>"`` unless every entry is finite.

    For arrays that feed a simulation, where a NaN (unlike in :func:`require`) is not data
    but would poison every later step.

    Examples
    --------
    >>> require_finite([1.0, 2.0], "x0")
    >>> require_finite([1.0, float("nan")], "x0")
    Traceback (most recent call last):
    ...
    ValueError: x0 must be finite, got nan
    """
    values = np.asarray(array, dtype=float)
    infinite = ~np.isfinite(values)
    if np.any(infinite):
        raise ValueError(f"{name} must be finite, got {values[infinite].flat[0]:g}")


def require_spectrum(
    mu: NDArray[np.float64], L: NDArray[np.float64], *, positive: bool = True
) -> None:
    """Check the ends of a spectrum elementwise: ``mu <= L``, and ``0 < mu``, ``L < inf``.

    The last two only if ``positive``.

    NaN entries pass (they propagate). The messages are the same as :func:`spectrum_ends`'.

    Examples
    --------
    >>> import numpy as np
    >>> require_spectrum(np.array([1.0, 3.0]), np.array([2.0, 2.0]))
    Traceback (most recent call last):
    ...
    ValueError: mu must be at most L, got mu = 3, L = 2
    """
    mu, L = np.broadcast_arrays(np.asarray(mu, dtype=float), np.asarray(L, dtype=float))
    if positive:
        require(mu > 0, "mu", "positive", mu)
        require(np.abs(L) < np.inf, "L", "finite", L)
    wrong = mu > L
    if np.any(wrong):
        index = np.flatnonzero(wrong)[0]
        raise ValueError(
            f"mu must be at most L, got mu = {mu.flat[index]:g}, L = {L.flat[index]:g}"
        )


def spectrum_ends(mu: object, L: object) -> tuple[float, float]:
    """The ends of a spectrum as finite floats with ``0 < mu <= L``; ValueError otherwise.

    Examples
    --------
    >>> spectrum_ends(1, 10)
    (1.0, 10.0)
    >>> spectrum_ends(0.0, 10.0)
    Traceback (most recent call last):
    ...
    ValueError: mu must be a finite positive number, got 0
    >>> spectrum_ends(3.0, 2.0)
    Traceback (most recent call last):
    ...
    ValueError: mu must be at most L, got mu = 3, L = 2
    """
    mu_ = as_finite_float(mu, "mu", low=0.0, low_open=True)
    L_ = as_finite_float(L, "L", low=0.0, low_open=True)
    require_spectrum(np.asarray(mu_), np.asarray(L_))
    return mu_, L_


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
        number = operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{name} must be {allowed}, got {value!r}") from None
    if number < minimum:
        raise ValueError(f"{name} must be {allowed}, got {number}")
    return number


def optional_integer(value: object, name: str, minimum: int) -> int | None:
    """``None`` unchanged, anything else through :func:`as_integer`."""
    return None if value is None else as_integer(value, name, minimum)


def choice(value: object, name: str, allowed: Sequence[str]) -> str:
    """``value`` if it is one of ``allowed``; ValueError naming ``name`` otherwise.

    Examples
    --------
    >>> choice("cpu", "device", ("cpu", "cuda"))
    'cpu'
    >>> choice("tpu", "device", ("cpu", "cuda"))
    Traceback (most recent call last):
    ...
    ValueError: device must be one of 'cpu', 'cuda', got 'tpu'
    """
    if not isinstance(value, str) or value not in allowed:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {value!r}")
    return value


def curvature_range(h: object, mu: object, L: object) -> tuple[float, float]:
    """The curvatures a grid is for: ``(h, h)`` for one curvature, ``(mu, L)`` for a spectrum.

    Exactly one of ``h`` and the pair ``mu``, ``L`` must be given; ``mu <= L``.

    Examples
    --------
    >>> curvature_range(2.0, None, None), curvature_range(None, 1, 10)
    ((2.0, 2.0), (1.0, 10.0))
    >>> curvature_range(None, 1, None)
    Traceback (most recent call last):
    ...
    ValueError: give both mu and L for a spectrum
    """
    if (h is None) == (mu is None and L is None):
        raise ValueError("give either h or both mu and L")
    if h is not None:
        value = as_scalar(h, "h")
        return value, value
    if mu is None or L is None:
        raise ValueError("give both mu and L for a spectrum")
    lower, upper = as_scalar(mu, "mu"), as_scalar(L, "L")
    require_spectrum(np.asarray(lower), np.asarray(upper), positive=False)
    return lower, upper
