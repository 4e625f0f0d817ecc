"""Error-free transformations and double-double arithmetic (TwoSum, TwoProduct,
Shewchuk's expansion sum), and the constants the tiers share.
"""

from __future__ import annotations

import math

import numba
import numpy as np

_U = 2.0**-53  # unit roundoff
_TOLERANCE = 1e-14  # relative accuracy promised by spectral_radius
# A bound must meet half the target: the rest covers second-order terms and the final rounding.
_FAST_TOLERANCE = 0.5 * _TOLERANCE
_SPLITTER = 134217729.0  # 2**27 + 1, Veltkamp's splitting constant
# Beyond these magnitudes squares could overflow; below _TINY, underflow loses digits.
_LARGE_HALF_TRACE = 2.0**500
_LARGE_DETERMINANT = 2.0**1000
_TINY = 2.0**-960
# Operands between these magnitudes can be split and multiplied without rescaling.
_TINY_OPERAND, _LARGE_OPERAND = 2.0**-300, 2.0**300
# A computed rate in (1, _NEAR_ONE] may belong to a method that converges (the exact rate is
# then within the tolerance below 1): the fast tiers decline it, and the careful path returns
# 1.0 where the exact convergence test says so.
_NEAR_ONE = 1.0 + 2.0 * _TOLERANCE

_jit = numba.njit(cache=True, nogil=True)


@_jit
def two_sum(a: float, b: float) -> tuple[float, float]:
    """``(s, e)`` with ``s = fl(a + b)`` and ``s + e = a + b`` exactly (Knuth)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


@_jit
def fast_two_sum(a: float, b: float) -> tuple[float, float]:
    """Like :func:`two_sum`, for ``|a| >= |b|`` (Dekker)."""
    s = a + b
    return s, b - (s - a)


@_jit
def _split(a: float) -> tuple[float, float]:
    c = _SPLITTER * a
    high = c - (c - a)
    return high, a - high


@_jit
def _plain_two_product(a: float, b: float) -> tuple[float, float]:
    """:func:`two_product` without the rescaling, for factors of moderate size."""
    p = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    return p, ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low


@_jit
def two_product(a: float, b: float) -> tuple[float, float]:
    """``(p, e)`` with ``p = fl(a b)`` and ``p + e = a b`` exactly (Dekker, Veltkamp).

    The factors are first rescaled by reciprocal powers of two so that the splitting cannot
    overflow; exact unless ``a b`` over- or underflows.
    """
    _, exponent_a = math.frexp(a)
    _, exponent_b = math.frexp(b)
    shift = (exponent_a - exponent_b) // 2
    a = math.ldexp(a, -shift)
    b = math.ldexp(b, shift)
    p = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(b)
    return p, ((a_high * b_high - p) + a_high * b_low + a_low * b_high) + a_low * b_low


@_jit
def dd_add(x_high: float, x_low: float, y_high: float, y_low: float) -> tuple[float, float]:
    """Double-double sum, relative error at most about :math:`3u^2` (Joldes et al. 2017)."""
    s, e = two_sum(x_high, y_high)
    t, f = two_sum(x_low, y_low)
    s, e = fast_two_sum(s, e + t)
    return fast_two_sum(s, e + f)


@_jit
def dd_multiply(x_high: float, x_low: float, y_high: float, y_low: float) -> tuple[float, float]:
    """Double-double product, relative error at most about :math:`5u^2`."""
    p, e = two_product(x_high, y_high)
    return fast_two_sum(p, e + (x_high * y_low + x_low * y_high))


@_jit
def dd_sqrt(high: float, low: float) -> tuple[float, float]:
    """Double-double square root of a non-negative double-double (one Newton step)."""
    if high <= 0.0:
        return 0.0, 0.0
    root = math.sqrt(high)
    p, e = two_product(root, root)
    return fast_two_sum(root, ((high - p) - e + low) / (2.0 * root))


@_jit
def expansion_sum(terms: np.ndarray) -> tuple[float, float]:
    """The exact sum of ``terms``, rounded to a double-double (overwrites ``terms``).

    Shewchuk's Grow-Expansion adds the terms one by one into a non-overlapping expansion
    without error; summing its components from the smallest up then rounds the exact sum
    with a relative error of a few :math:`u^2`. The sign of the result is exact.
    """
    n = terms.size
    for k in range(1, n):
        carry = terms[k]
        for i in range(k):
            carry, terms[i] = two_sum(carry, terms[i])
        terms[k] = carry
    high, low = 0.0, 0.0
    for i in range(n):
        s, e = two_sum(high, terms[i])
        high, low = fast_two_sum(s, e + low)
    return high, low
