"""Input checks at the package boundary: errors name the parameter and the allowed range."""

import numpy as np
import pytest

from momentum_theory._validation import as_integer, as_real_array, broadcast_shape, require


@pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3)])
def test_as_integer_accepts_integers_of_any_kind(value):
    assert as_integer(value, "steps", 0) == 3 and type(as_integer(value, "steps", 0)) is int


@pytest.mark.parametrize(
    ("value", "minimum", "message"),
    [
        (True, 0, "steps must be a non-negative integer, got True"),
        (2.5, 0, "steps must be a non-negative integer, got 2.5"),
        (-1, 0, "steps must be a non-negative integer, got -1"),
        (0, 1, "steps must be a positive integer, got 0"),
        (2, 3, "steps must be an integer >= 3, got 2"),
    ],
)
def test_as_integer_rejects_with_the_parameter_and_range(value, minimum, message):
    with pytest.raises(ValueError, match=message):
        as_integer(value, "steps", minimum)


def test_real_arrays_broadcasting_and_require_name_the_parameter():
    with pytest.raises(TypeError, match="alpha must be real"):
        as_real_array(1j, "alpha")
    with pytest.raises(ValueError, match=r"alpha \(2,\), beta \(3,\)"):
        broadcast_shape(alpha=np.zeros(2), beta=np.zeros(3))
    with pytest.raises(ValueError, match="mu must be positive, got -1"):
        require(np.array([1.0, -1.0]) > 0, "mu", "positive", np.array([1.0, -1.0]))
    require(np.array([np.nan]) > 0, "mu", "positive", np.array([np.nan]))  # NaN passes on
