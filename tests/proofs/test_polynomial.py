"""Tests of momentum_theory/proofs/polynomial.py against mpmath's roots (50 digits)."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory.proofs.polynomial import converges, roots_within, trace_determinant

mpmath = pytest.importorskip("mpmath")
_value = st.fractions(min_value=-3, max_value=3, max_denominator=12)


def _radius(T, D):
    """The larger root modulus by the quadratic formula in 60-digit complex arithmetic."""
    with mpmath.workdps(60):
        t = mpmath.mpf(T.numerator) / T.denominator
        d = mpmath.mpf(D.numerator) / D.denominator
        root = mpmath.sqrt(mpmath.mpc(t * t - 4 * d))
        return max(abs((t + root) / 2), abs((t - root) / 2))


@given(_value, _value)
def test_jury_agrees_with_the_roots(T, D):
    radius = _radius(T, D)
    if abs(radius - 1) > mpmath.mpf(10) ** -30:  # on the circle: decided by the exact test only
        assert converges(T, D) == (radius < 1)


@given(_value, _value, st.fractions(min_value=0, max_value=2, max_denominator=12))
def test_roots_within_agrees_with_the_roots(T, D, rho):
    radius = _radius(T, D)
    with mpmath.workdps(60):  # rho to 60 digits too, so that an exact tie is seen as one
        r = mpmath.mpf(rho.numerator) / rho.denominator
        on_circle = abs(radius - r) <= mpmath.mpf(10) ** -30
    if not on_circle:  # on the circle: the parametrised cases below
        assert roots_within(T, D, rho) == (radius <= r)


@pytest.mark.parametrize(
    ("T", "D", "rho"),
    [
        (1, Fraction(1, 4), Fraction(1, 2)),
        (0, Fraction(1, 4), Fraction(1, 2)),
        (Fraction(3, 2), Fraction(1, 2), Fraction(1)),
    ],
)
def test_roots_on_the_circle_count_as_within(T, D, rho):
    """(l - 1/2)^2; l^2 + 1/4 (modulus 1/2); (l - 1)(l - 1/2): a root exactly on the circle."""
    assert roots_within(Fraction(T), D, rho)
    assert not roots_within(Fraction(T), D, rho - Fraction(1, 10**30))


def test_trace_and_determinant_of_the_family():
    # Nesterov's form, by hand: T = 1 + b - a h (1 + b), D = b - a h b.
    assert trace_determinant(Fraction(1, 3), Fraction(1, 2), Fraction(1, 2), Fraction(2)) == (
        Fraction(1, 2),
        Fraction(1, 6),
    )
