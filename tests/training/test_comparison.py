"""Tests of momentum_theory.training.comparison: momentum vs SGD over seeds."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from momentum_theory.training import (  # noqa: E402
    NOISE_FLOOR,
    LossSummary,
    chapter_problem,
    compare_optimizers,
    dense_hessian,
    train_chapter_network,
)


@pytest.fixture(scope="module")
def comparison():
    return compare_optimizers(seeds=[1, 2, 3, 4, 5], epochs=4)


def test_shapes_and_settings(comparison):
    assert comparison.seeds == (1, 2, 3, 4, 5)
    assert comparison.effective_lr == pytest.approx(0.05, rel=1e-15)
    for method in ("momentum", "sgd", "sgd_effective"):
        assert comparison.losses[method].shape == (5, 128)
        assert comparison.epoch_losses[method].shape == (5, 4)
        assert comparison.final_loss[method].shape == (5,)


def test_rows_are_the_individual_runs(comparison):
    # Equality (bitwise): the comparison is exactly these runs, seed by seed.
    settings = {"momentum": ("torch", 0.01), "sgd": ("sgd", 0.01), "sgd_effective": ("sgd", 0.05)}
    for method, (optimizer, lr) in settings.items():
        run = train_chapter_network(optimizer, lr, 0.8, 4, seed=3)
        np.testing.assert_array_equal(comparison.losses[method][2], run.losses)
        assert comparison.final_loss[method][2] == run.final_loss


def test_summary_matches_numpy(comparison):
    values = comparison.final_loss["sgd"]
    summary = comparison.summary("sgd")
    assert summary == LossSummary(values.mean(), values.std(ddof=1), values.min(), values.max())


def test_momentum_beats_sgd_and_the_control_explains_the_gain(comparison):
    # Bounds, on every seed: momentum ends lower than SGD at the same lr; after 4 epochs the
    # 95% interval of momentum - control lies within 10% of momentum's mean gain over SGD.
    assert comparison.wins("momentum", "sgd") == 5
    gain = comparison.paired_difference("sgd", "momentum").mean
    assert comparison.paired_difference().largest_magnitude <= 0.1 * gain
    assert comparison.unexplained_gain <= 0.2


def test_paired_difference_is_scipys_paired_t_interval(comparison):
    # Equality to rounding with scipy.stats.ttest_rel, an independent implementation.
    from scipy.stats import ttest_rel

    a, b = comparison.final_loss["momentum"], comparison.final_loss["sgd_effective"]
    difference = comparison.paired_difference("momentum", "sgd_effective", confidence=0.9)
    reference = ttest_rel(a, b).confidence_interval(0.9)
    assert difference.seeds == 5 and difference.confidence == 0.9
    assert difference.mean == pytest.approx(np.mean(a - b), rel=1e-12)
    assert difference.standard_error == pytest.approx(np.std(a - b, ddof=1) / 5**0.5)
    assert difference.low == pytest.approx(reference.low, rel=1e-10)
    assert difference.high == pytest.approx(reference.high, rel=1e-10)
    assert difference.contains_zero == (difference.low <= 0 <= difference.high)
    gain = comparison.paired_difference("sgd", "momentum")
    assert gain.low > 0  # momentum's gain over SGD is resolved


def test_curvatures_are_recorded_and_the_control_is_stable(comparison):
    # Equality to rounding: the recorded lambda_max against eigvalsh of autograd's Hessian.
    problem = chapter_problem(3, 4)
    start = np.linalg.eigvalsh(dense_hessian(problem.initial_parameters, problem.data))[-1]
    assert comparison.initial_curvature[2] == pytest.approx(start, rel=1e-10)
    run = train_chapter_network("sgd", 0.05, 0.8, 4, seed=3)
    end = np.linalg.eigvalsh(dense_hessian(run.parameters, problem.data))[-1]
    assert comparison.final_curvature["sgd_effective"][2] == pytest.approx(end, rel=1e-10)
    measured = [comparison.initial_curvature, *comparison.final_curvature.values()]
    assert comparison.largest_effective_product == pytest.approx(
        0.05 * np.max(np.concatenate(measured)), rel=1e-14
    )
    assert comparison.largest_effective_product < 2  # bound: the control is stable
    assert NOISE_FLOOR == pytest.approx(0.01, rel=1e-15)


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ({"seeds": [1]}, "seeds"),
        ({"seeds": [1, 1]}, "seeds"),
        ({"seeds": [1, -2]}, "seeds"),
        ({"momentum": 1.0}, "momentum"),
        ({"lr": -1.0}, "lr"),
    ],
)
def test_bad_arguments(arguments, name):
    with pytest.raises(ValueError, match=name):
        compare_optimizers(**{"epochs": 1, **arguments})


@pytest.mark.parametrize(
    ("arguments", "name"),
    [({"method": "adam"}, "method"), ({"against": "x"}, "against"), ({"confidence": 1}, "conf")],
)
def test_bad_paired_difference_arguments(comparison, arguments, name):
    with pytest.raises(ValueError, match=name):
        comparison.paired_difference(**arguments)


@pytest.mark.parametrize("margin", [1e-4, 1e-3, 1e-2])
def test_equivalence_is_two_of_scipys_one_sided_t_tests(comparison, margin):
    # Equality to rounding with scipy.stats.ttest_1samp (an independent implementation) on
    # the differences shifted by the margin, one side each; the interval is the 90% one.
    from scipy.stats import ttest_1samp

    d = comparison.final_loss["momentum"] - comparison.final_loss["sgd_effective"]
    test = comparison.paired_difference().equivalence(margin)
    lower = ttest_1samp(d, -margin, alternative="greater")
    upper = ttest_1samp(d, margin, alternative="less")
    assert test.p_lower == pytest.approx(lower.pvalue, rel=1e-9, abs=1e-15)
    assert test.p_upper == pytest.approx(upper.pvalue, rel=1e-9, abs=1e-15)
    interval = ttest_1samp(d, 0.0).confidence_interval(0.9)
    assert (test.low, test.high) == pytest.approx((interval.low, interval.high), rel=1e-10)
    # The test shows equivalence exactly when the 90% interval lies inside the margin.
    assert test.equivalent == (-margin < test.low and test.high < margin)
    assert test.p_value == max(test.p_lower, test.p_upper)


@pytest.mark.parametrize(
    ("arguments", "name"),
    [({"margin": 0.0}, "margin"), ({"margin": 1.0, "level": 0.5}, "level")],
)
def test_bad_equivalence_arguments(comparison, arguments, name):
    with pytest.raises(ValueError, match=name):
        comparison.paired_difference().equivalence(**arguments)
