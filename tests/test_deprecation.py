"""Tests of momentum_theory._deprecation: old names work, warn, and name their replacement."""

from __future__ import annotations

import dataclasses
import inspect
import warnings

import pytest

from momentum_theory._deprecation import renamed_arguments, renamed_field


@renamed_arguments(horizon="steps")
def _count(alpha: float, steps: int = 4) -> tuple[float, int]:
    """Docstring kept."""
    return alpha, steps


@dataclasses.dataclass(frozen=True)
class _Result:
    steps: int

    horizon = renamed_field("horizon", "steps")


def test_old_keyword_is_passed_on_with_a_warning_pointing_at_the_caller():
    with pytest.warns(
        DeprecationWarning, match=r"_count\(\): argument 'horizon' is deprecated, use 'steps'"
    ) as record:
        assert _count(1.0, horizon=7) == (1.0, 7)
    assert record[0].filename == __file__  # stacklevel: the caller's line, not the wrapper's


def test_new_keyword_positional_and_default_calls_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _count(1.0, steps=7) == _count(1.0, 7) == (1.0, 7)
        assert _count(1.0) == (1.0, 4)


def test_old_and_new_keyword_together_is_a_type_error():
    with pytest.raises(TypeError, match="got both 'steps' and its deprecated alias 'horizon'"):
        _count(1.0, steps=3, horizon=3)


def test_the_wrapper_keeps_name_docstring_and_signature():
    assert _count.__name__ == "_count" and _count.__doc__ == "Docstring kept."
    assert list(inspect.signature(_count).parameters) == ["alpha", "steps"]


def test_renamed_field_is_a_read_only_warning_alias():
    result = _Result(steps=5)
    with pytest.warns(DeprecationWarning, match=r"_Result\.horizon is deprecated, use \.steps"):
        assert result.horizon == 5
    with pytest.raises(AttributeError):
        result.horizon = 6  # type: ignore[misc]
    assert [field.name for field in dataclasses.fields(result)] == ["steps"]
    assert dataclasses.replace(result, steps=6).steps == 6
