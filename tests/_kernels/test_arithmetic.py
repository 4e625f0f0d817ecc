"""The compiled kernels' exact arithmetic (``_kernels._arithmetic``, the exact T and D of
``_family`` and ``_extended``), against Python's exact rationals."""

from fractions import Fraction

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory._kernels import _arithmetic, _extended, _family

moderate = st.floats(min_value=-1e100, max_value=1e100, allow_nan=False).filter(
    lambda v: v == 0 or abs(v) > 1e-100
)
# Any finite double whose products below stay finite and normal.
wide = st.floats(min_value=-1e150, max_value=1e150, allow_nan=False).filter(
    lambda v: v == 0 or abs(v) > 1e-150
)
U = Fraction(2) ** -53


def _exact(pair) -> Fraction:
    return Fraction(pair[0]) + Fraction(pair[1])


@given(moderate, moderate)
def test_two_sum_and_two_product_are_exact(a, b):
    assert _exact(_arithmetic.two_sum(a, b)) == Fraction(a) + Fraction(b)
    assert _exact(_arithmetic.two_product(a, b)) == Fraction(a) * Fraction(b)


@given(st.floats(1e-300, 1e300), st.floats(1e-300, 1e300))
def test_two_product_rescales_extreme_factors(a, b):
    """Veltkamp splitting alone would overflow for factors beyond ~1e300; the product is exact
    whenever it and its error term are normal doubles."""
    product = Fraction(a) * Fraction(b)
    if Fraction(2) ** -900 < product < Fraction(2) ** 1000:
        assert _exact(_arithmetic.two_product(a, b)) == product


@given(moderate, moderate, moderate, moderate)
def test_double_double_sum_relative_error_is_below_3u2(a, b, c, d):
    """Bound: |computed - exact| <= 3 u^2 |exact| (Joldes, Muller, Popescu 2017)."""
    x, y = _arithmetic.two_sum(a, b), _arithmetic.two_sum(c, d)
    exact = _exact(x) + _exact(y)
    assert abs(_exact(_arithmetic.dd_add(*x, *y)) - exact) <= 3 * U**2 * abs(exact)


@given(moderate, moderate, moderate, moderate)
def test_double_double_product_relative_error_is_below_7u2(a, b, c, d):
    x, y = _arithmetic.two_sum(a, b * 1e-17), _arithmetic.two_sum(c, d * 1e-17)
    exact = _exact(x) * _exact(y)
    assert abs(_exact(_arithmetic.dd_multiply(*x, *y)) - exact) <= 7 * U**2 * abs(exact)


@given(st.floats(min_value=1e-100, max_value=1e100), st.floats(-0.5, 0.5))
def test_double_double_sqrt_squares_back(a, b):
    """Bound: the square of the computed root is within 8 u^2 of the argument (relative)."""
    x = _arithmetic.fast_two_sum(a, a * b * float(U))
    error = abs(_exact(_arithmetic.dd_sqrt(*x)) ** 2 - _exact(x))
    assert error <= 8 * U**2 * _exact(x)
    assert _arithmetic.dd_sqrt(0.0, 0.0) == (0.0, 0.0)


@given(st.lists(moderate, min_size=1, max_size=14))
def test_expansion_sum_rounds_the_exact_sum(values):
    """Relative error a few u^2 even under total cancellation, and the sign always exact."""
    exact = sum(map(Fraction, values), Fraction(0))
    result = _exact(_arithmetic.expansion_sum(np.array(values)))
    assert abs(result - exact) <= 4 * U**2 * abs(exact)
    assert (result > 0) == (exact > 0) and (result < 0) == (exact < 0)


def test_expansion_sum_survives_cancellation_to_a_tiny_remainder():
    values = np.array([1.0, 1e-30, -1.0, 3e-300, 1e100, -1e100])
    assert _exact(_arithmetic.expansion_sum(values)) == Fraction(1e-30) + Fraction(3e-300)


@given(wide, st.floats(-2.0, 2.0), wide, st.floats(-2.0, 2.0))
def test_trace_and_determinant_are_exact_to_u2(alpha, beta, h, gamma):
    product = Fraction(alpha) * Fraction(h)
    scaled = abs(product * Fraction(gamma))
    if product != 0 and not (Fraction(2) ** -500 < abs(product) < Fraction(2) ** 500):
        return  # outside the documented range, where partial products leave the normals
    if scaled != 0 and scaled < Fraction(2) ** -900:
        return  # alpha h gamma (and its error term) would be subnormal: documented limit
    trace = 1 + Fraction(beta) - product * (1 + Fraction(gamma))
    determinant = Fraction(beta) - product * Fraction(gamma)
    t_high, t_low, d_high, d_low = _family.exact_trace_determinant(alpha, beta, h, gamma)
    assert abs(Fraction(t_high) + Fraction(t_low) - trace) <= 4 * U**2 * abs(trace)
    assert abs(Fraction(d_high) + Fraction(d_low) - determinant) <= 4 * U**2 * abs(determinant)


def test_nesterov_at_alpha_h_one_plus_one_ulp_keeps_its_tiny_trace():
    """alpha h = 1 + 2**-52 exactly: T = -(1 + beta) 2**-52 and D = -beta 2**-52."""
    alpha, beta = 1.0 + 2.0**-52, 0.75
    t_high, t_low, d_high, d_low = _family.exact_trace_determinant(alpha, beta, 1.0, beta)
    assert Fraction(t_high) + Fraction(t_low) == -(1 + Fraction(beta)) * Fraction(2) ** -52
    assert Fraction(d_high) + Fraction(d_low) == -Fraction(beta) * Fraction(2) ** -52


@given(wide, st.floats(-2.0, 2.0), wide, moderate, st.floats(-2.0, 2.0), moderate, moderate)
def test_extended_terms_sum_exactly_to_the_methods_trace_and_determinant(
    alpha, beta, h, shift, g1, g2, omega
):
    """The extended form T = 1 + beta - alpha (h + s)(1 + g1 g2),
    D = beta - alpha (h + s)(g1 g2 + omega) (pytorch_sgd with dampening and weight decay,
    QHM): the terms sum to them exactly, and their rounding to double-double is within
    4 u^2 (relative), wherever every partial product stays a normal double."""
    a, b, c, s, p, q, w = map(Fraction, (alpha, beta, h, shift, g1, g2, omega))
    products = [a * c, a * s, p * q, a * (c + s) * p * q, a * (c + s) * w]
    if any(x != 0 and not (Fraction(2) ** -400 < abs(x) < Fraction(2) ** 400) for x in products):
        return  # outside the documented range
    trace = 1 + b - a * (c + s) * (1 + p * q)
    determinant = b - a * (c + s) * (p * q + w)
    trace_terms, determinant_terms = np.empty(26), np.empty(25)
    _extended._extended_terms(alpha, beta, h, shift, g1, g2, omega, trace_terms, determinant_terms)
    assert sum(map(Fraction, trace_terms), Fraction(0)) == trace
    assert sum(map(Fraction, determinant_terms), Fraction(0)) == determinant
    t_high, t_low, d_high, d_low = _extended._extended_exact_trace_determinant(
        alpha, beta, h, shift, g1, g2, omega
    )
    assert abs(Fraction(t_high) + Fraction(t_low) - trace) <= 4 * U**2 * abs(trace)
    assert abs(Fraction(d_high) + Fraction(d_low) - determinant) <= 4 * U**2 * abs(determinant)
