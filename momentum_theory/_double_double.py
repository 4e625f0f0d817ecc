r"""Error-free transformations and double-double arithmetic on numpy arrays.

A double-double number is an unevaluated sum ``hi + lo`` of two float64 arrays with
``|lo| <= ulp(hi) / 2``; it carries about 106 bits. The building blocks are the classical
error-free transformations (Knuth's TwoSum, Dekker's TwoProduct with Veltkamp splitting)
and the accurate double-word addition and multiplication analysed by Joldes, Muller and
Popescu, "Tight and rigorous error bounds for basic building blocks of double-word
arithmetic", ACM TOMS 44 (2017): relative errors at most ``3 u**2`` for a sum and
``7 u**2`` for a product, where ``u = 2**-53``, whatever the cancellation.

These helpers assume finite inputs of moderate size: Veltkamp splitting overflows for
magnitudes above about ``2**996``, and the low parts lose accuracy in the subnormal range.
Callers scale by powers of two first when that matters.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]
DoubleDouble = tuple[Array, Array]

_SPLITTER = 134217729.0  # 2**27 + 1, Veltkamp's constant for 53-bit significands


def two_sum(a: Array, b: Array) -> DoubleDouble:
    """``s + e == a + b`` exactly, with ``s = fl(a + b)`` (Knuth)."""
    s = a + b
    b_virtual = s - a
    a_virtual = s - b_virtual
    return s, (a - a_virtual) + (b - b_virtual)


def fast_two_sum(a: Array, b: Array) -> DoubleDouble:
    """``s + e == a + b`` exactly, valid when ``|a| >= |b|`` or ``a == 0`` (Dekker)."""
    s = a + b
    return s, b - (s - a)


def _split(a: Array) -> DoubleDouble:
    """Veltkamp's split of ``a`` into two 26-bit halves with ``hi + lo == a``."""
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def two_product(a: Array, b: Array) -> DoubleDouble:
    """``p + e == a * b`` exactly, with ``p = fl(a * b)`` (Dekker), barring over/underflow."""
    p = a * b
    a_hi, a_lo = _split(a)
    b_hi, b_lo = _split(b)
    e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return p, e


def add(x: DoubleDouble, y: DoubleDouble) -> DoubleDouble:
    """Accurate double-double sum (relative error at most ``3 u**2``)."""
    s, e = two_sum(x[0], y[0])
    t, f = two_sum(x[1], y[1])
    e = e + t
    s, e = fast_two_sum(s, e)
    e = e + f
    return fast_two_sum(s, e)


def negate(x: DoubleDouble) -> DoubleDouble:
    """``-x`` (exact)."""
    return -x[0], -x[1]


def multiply(x: DoubleDouble, y: DoubleDouble) -> DoubleDouble:
    """Double-double product (relative error at most ``7 u**2``)."""
    p, e = two_product(x[0], y[0])
    e = e + (x[0] * y[1] + x[1] * y[0])
    return fast_two_sum(p, e)


def sqrt(x: DoubleDouble) -> DoubleDouble:
    """Square root of a non-negative double-double by one Newton step from ``sqrt(hi)``.

    The step's residual ``x - s**2`` is formed with an exact TwoProduct, so the result is
    accurate to a few units of ``u**2`` relative; zero maps to zero.
    """
    s = np.sqrt(x[0])
    square = two_product(s, s)
    residual = add(x, negate(square))
    with np.errstate(divide="ignore", invalid="ignore"):
        correction = np.where(s > 0, residual[0] / (2.0 * s), 0.0)
    return fast_two_sum(s, correction)
