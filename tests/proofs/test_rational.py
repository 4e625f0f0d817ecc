"""Tests of momentum_theory/proofs/rational.py: the format's numbers, read exactly."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory.proofs.rational import RationalError, parse_rational, rational_text


@given(st.fractions())
def test_round_trip_is_exact(value):
    assert parse_rational(rational_text(value), "v") == value


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_float_is_written_as_its_binary_value(value):
    assert float(parse_rational(rational_text(value), "v")) == value
    assert parse_rational(rational_text(value), "v") == Fraction(value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1/0", "q > 0"),
        ("-7/0", "q > 0"),
        ("0.5", '"p/q" or "p"'),
        ("1e3", '"p/q" or "p"'),
        (" 1/2", '"p/q" or "p"'),
        ("1/-2", '"p/q" or "p"'),
        ("", '"p/q" or "p"'),
        (0.5, '"p/q" or "p"'),
        (None, '"p/q" or "p"'),
    ],
)
def test_malformed_numbers_are_refused_by_name(text, message):
    with pytest.raises(RationalError, match=message) as error:
        parse_rational(text, "lambda_sector")
    assert "lambda_sector" in str(error.value)
