"""Tests of momentum_theory.training.equivalence: custom step vs torch.optim.SGD."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from momentum_theory.training import (  # noqa: E402
    StepDecay,
    compare_parametrizations,
    train_chapter_network,
    unit_roundoff,
)
from momentum_theory.training.equivalence import EQUIVALENCE_TOLERANCE_ULPS  # noqa: E402


@pytest.fixture(scope="module")
def comparison():
    return compare_parametrizations(epochs=3, decay=StepDecay(milestone=50, factor=0.1))


def test_unit_roundoff():
    assert unit_roundoff("float32") == np.finfo(np.float32).eps / 2
    assert unit_roundoff("float64") == np.finfo(np.float64).eps / 2
    with pytest.raises(ValueError, match="dtype"):
        unit_roundoff("float16")


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_constant_rate_runs_agree_to_the_stated_rounding_tolerance(comparison, dtype):
    # Equality to within 100 u (see EQUIVALENCE_TOLERANCE_ULPS for why).
    gap = getattr(comparison, dtype)
    assert gap.equal
    assert gap.max_gap_ulps <= EQUIVALENCE_TOLERANCE_ULPS
    assert gap.loss_gap.shape == (96,) and gap.parameter_gap.shape == (97,)
    assert gap.parameter_gap[0] == 0.0  # same start, bitwise


def test_gaps_are_the_differences_of_two_fresh_training_runs(comparison):
    custom = train_chapter_network("custom", epochs=3, dtype="float32")
    reference = train_chapter_network("torch", epochs=3, dtype="float32")
    expected = np.abs(custom.losses - reference.losses) / reference.losses
    np.testing.assert_array_equal(comparison.float32.loss_gap, expected)


def test_schedule_parts_them_at_the_milestone_by_the_predicted_step(comparison):
    gap = comparison.schedule
    assert gap.first_step_apart == 50
    assert np.all(gap.parameter_gap[:51] <= comparison.float64.tolerance)
    # Equality of the closed-form first-step gap beta (1 - theta) |v| (theta: the decay
    # factor) with the measured one, to 1e-9 relative (v is a difference of weights, so it
    # carries ~u |p| / |v| error).
    assert gap.measured_step_gap == pytest.approx(gap.predicted_step_gap, rel=1e-9)
    # A bound from below: the gap is real, many orders above rounding.
    assert gap.max_parameter_gap > 1e6 * comparison.float64.tolerance
    assert gap.final_loss_custom != gap.final_loss_torch


def test_decay_past_the_run_is_rejected():
    with pytest.raises(ValueError, match="decay"):
        compare_parametrizations(epochs=1, decay=StepDecay(milestone=32, factor=0.5))
