"""Input checks shared by every public function: the package boundary (internal).

Each public function converts its arguments here once, so the rest of the code can assume
float64 arrays (or plain floats and ints) of the right shape and range, and so the same
mistake gets the same message from every function. The policy:

* A real number is any :class:`numbers.Real` but a bool: Python and NumPy integers and
  floats, :class:`fractions.Fraction`, SymPy's ``Rational`` and ``Float``, alone or in
  lists and arrays; it is converted with ``float``. Integer settings (a step count, a
  dimension) need an integer (:class:`numbers.Integral`, again not a bool).
* Anything else (``None``, strings, booleans, complex numbers, other objects) is a
  ``TypeError`` naming the parameter.
* A value outside its domain (a negative step count, ``mu > L``, a spectrum end that is
  not positive) is a ``ValueError`` of the form ``"<name> must be <allowed>, got <value>"``.
* NaN inside an *array* argument is data, not a mistake: it propagates to NaN results and
  is exempt from range checks. A *scalar* end of a spectrum (``mu``, ``L``, a grid's
  ``h``) that is NaN is a mistake, refused with the same words by every function
  (:func:`as_spectrum`); scalar settings (a step count, a tolerance) must be finite.

Messages, one per mistake:

==============================  ==============================================
mistake                         message
==============================  ==============================================
not a real number               ``x must be a real number or array of real numbers``
complex                         ``x must be real, got a complex array``
not an integer / too small      ``n must be a positive integer, got 0``
outside an interval             ``x must be a finite number in (0, 1), got 1.5``
spectrum end NaN                ``mu must be a number, got nan``
spectrum end not positive       ``mu must be positive, got 0``
spectrum end infinite           ``L must be finite, got inf``
spectrum out of order           ``mu must be at most L, got mu = 3, L = 2``
not one of a set                ``method must be one of 'a', 'b', got 'c'``
==============================  ==============================================
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "as_finite_float",
    "as_integer",
    "as_real_array",
    "as_scalar",
    "as_spectrum",
    "broadcast_shape",
    "choice",
    "curvature_range",
    "optional_integer",
    "require",
    "require_finite",
]

_NUMERIC_KINDS = frozenset("iuf")  # signed, unsigned, floating (numpy dtype.kind)


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def _has_bool(items: list | tuple) -> bool:
    """Whether a (nested) list or tuple holds a Python or NumPy bool."""
    return any(
        _has_bool(item) if isinstance(item, (list, tuple)) else isinstance(item, (bool, np.bool_))
        for item in items
    )


def as_real_array(value: ArrayLike, name: str) -> NDArray[np.float64]:
    """Return ``value`` as a float64 array, or raise ``TypeError`` naming ``name``.

    Real numbers (any :class:`numbers.Real` but a bool: Python and NumPy integers and
    floats, ``Fraction``, SymPy's ``Rational``), scalars or (nested) sequences and arrays
    of them, are accepted and converted with ``float``; complex numbers, booleans,
    strings, ``None`` and other objects are not: the theory is for real parameters, and
    ``"0.1"`` or ``None`` is a mistake, not a number.

    Examples
    --------
    >>> from fractions import Fraction
    >>> as_real_array([1, Fraction(1, 4)], "alpha")
    array([1.  , 0.25])
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
    if isinstance(value, (list, tuple)) and array.dtype.kind != "O" and _has_bool(value):
        # NumPy turns [1.0, True] into floats; a bool among numbers is still a mistake.
        raise TypeError(f"{name} must be a real number or array of real numbers, got {value!r}")
    if array.dtype.kind == "O" and all(_is_real(item) for item in array.flat):
        # Fractions, SymPy numbers, Python ints beyond int64: exact numbers NumPy keeps as
        # objects. float() rounds each once (an int too large for a double is refused).
        try:
            return array.astype(np.float64)
        except OverflowError:
            raise TypeError(
                f"{name} must be a real number within the range of a double, got {value!r}"
            ) from None
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


def as_spectrum(
    *, mu: ArrayLike, L: ArrayLike, positive: bool = True, scalar: bool = False
) -> tuple[Any, Any]:
    r"""The ends of a spectrum :math:`[\mu, L]`, checked once with the same words everywhere.

    Parameters
    ----------
    mu, L : array_like, shape (...)
        Real numbers (:func:`as_real_array`), broadcasting together.
    positive : bool, default True
        Also require ``0 < mu`` and a finite ``L`` (a spectrum of a strongly convex,
        smooth quadratic); otherwise any real ends with ``mu <= L``.
    scalar : bool, default False
        Require scalars and return Python floats.

    Returns
    -------
    (mu, L) : tuple of float64 ndarrays, or of floats if ``scalar``

    Raises
    ------
    ValueError
        ``"mu must be a number, got nan"`` for a scalar end that is NaN (a NaN entry of
        an array is data: it passes every check and propagates);
        ``"mu must be positive, got 0"`` and ``"L must be finite, got inf"`` if
        ``positive``; ``"mu must be at most L, got mu = 3, L = 2"``; ``"mu must be a
        scalar, got shape (2,)"`` if ``scalar``; or if ``mu`` and ``L`` do not broadcast.
    TypeError
        For an end that is not a real number.

    Examples
    --------
    >>> from fractions import Fraction
    >>> as_spectrum(mu=Fraction(1, 2), L=10, scalar=True)
    (0.5, 10.0)
    >>> as_spectrum(mu=[1.0, float("nan")], L=10.0)  # NaN in an array is data
    (array([ 1., nan]), array(10.))
    >>> as_spectrum(mu=float("nan"), L=10.0)
    Traceback (most recent call last):
    ...
    ValueError: mu must be a number, got nan
    >>> as_spectrum(mu=3.0, L=2.0, positive=False)
    Traceback (most recent call last):
    ...
    ValueError: mu must be at most L, got mu = 3, L = 2
    """
    ends = {"mu": as_real_array(mu, "mu"), "L": as_real_array(L, "L")}
    for name, value in ends.items():
        if scalar and value.ndim != 0:
            raise ValueError(f"{name} must be a scalar, got shape {value.shape}")
        if value.ndim == 0 and math.isnan(value):
            raise ValueError(f"{name} must be a number, got nan")
    mu_, L_ = ends["mu"], ends["L"]
    broadcast_shape(mu=mu_, L=L_)
    if positive:
        require(mu_ > 0, "mu", "positive", mu_)
        require(np.abs(L_) < np.inf, "L", "finite", L_)
    wrong = mu_ > L_
    if np.any(wrong):
        low, high = np.broadcast_arrays(mu_, L_)
        index = np.flatnonzero(np.broadcast_to(wrong, low.shape))[0]
        raise ValueError(
            f"mu must be at most L, got mu = {low.flat[index]:g}, L = {high.flat[index]:g}"
        )
    if scalar:
        return float(mu_), float(L_)
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


def curvature_range(h: object, *, mu: object, L: object) -> tuple[float, float]:
    """The curvatures a grid is for: ``(h, h)`` for one curvature, ``(mu, L)`` for a spectrum.

    Exactly one of ``h`` and the pair ``mu``, ``L`` must be given, as real scalars (not
    NaN); ``mu <= L`` (:func:`as_spectrum` with ``positive=False``).

    Examples
    --------
    >>> curvature_range(2.0, mu=None, L=None), curvature_range(None, mu=1, L=10)
    ((2.0, 2.0), (1.0, 10.0))
    >>> curvature_range(None, mu=1, L=None)
    Traceback (most recent call last):
    ...
    ValueError: give both mu and L for a spectrum
    """
    if (h is None) == (mu is None and L is None):
        raise ValueError("give either h or both mu and L")
    if h is not None:
        value = as_scalar(h, "h")
        if math.isnan(value):
            raise ValueError("h must be a number, got nan")
        return value, value
    if mu is None or L is None:
        raise ValueError("give both mu and L for a spectrum")
    return as_spectrum(mu=mu, L=L, positive=False, scalar=True)  # type: ignore[arg-type]
