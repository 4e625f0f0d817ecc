"""Error-free transformations and double-double arithmetic against exact rationals."""

from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory import _double_double as dd

moderate = st.floats(min_value=-1e100, max_value=1e100, allow_nan=False).filter(
    lambda v: v == 0 or abs(v) > 1e-100
)
U = 2.0**-53


def _exact(pair) -> Fraction:
    return Fraction(float(pair[0][0])) + Fraction(float(pair[1][0]))


@given(moderate, moderate)
def test_two_sum_and_two_product_are_exact(a, b):
    x, y = np.array([a]), np.array([b])
    assert _exact(dd.two_sum(x, y)) == Fraction(a) + Fraction(b)
    assert _exact(dd.two_product(x, y)) == Fraction(a) * Fraction(b)


@given(moderate, moderate, moderate, moderate)
def test_double_double_sum_relative_error_is_below_3u2(a, b, c, d):
    """Bound: |computed - exact| <= 3 u^2 |exact| (Joldes, Muller, Popescu 2017)."""
    x = dd.two_sum(np.array([a]), np.array([b]))
    y = dd.two_sum(np.array([c]), np.array([d]))
    exact = _exact(x) + _exact(y)
    error = abs(_exact(dd.add(x, y)) - exact)
    assert error <= Fraction(3) * Fraction(U) ** 2 * abs(exact)


@given(moderate, moderate, moderate, moderate)
def test_double_double_product_relative_error_is_below_7u2(a, b, c, d):
    x = dd.two_sum(np.array([a]), np.array([b * 1e-17]))
    y = dd.two_sum(np.array([c]), np.array([d * 1e-17]))
    exact = _exact(x) * _exact(y)
    error = abs(_exact(dd.multiply(x, y)) - exact)
    assert error <= Fraction(7) * Fraction(U) ** 2 * abs(exact)


@given(st.floats(min_value=1e-100, max_value=1e100), st.floats(-0.5, 0.5))
def test_double_double_sqrt_squares_back(a, b):
    """Bound: the square of the computed root is within 8 u^2 of the argument (relative)."""
    x = dd.fast_two_sum(np.array([a]), np.array([a * b * U]))
    root = dd.sqrt(x)
    error = abs(_exact(root) ** 2 - _exact(x))
    assert error <= Fraction(8) * Fraction(U) ** 2 * _exact(x)
    zero = dd.sqrt((np.zeros(1), np.zeros(1)))
    assert zero[0][0] == 0 and zero[1][0] == 0
