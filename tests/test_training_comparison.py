"""Tests of momentum_theory.training.comparison: momentum vs SGD over seeds."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from momentum_theory.training import (  # noqa: E402
    LossSummary,
    compare_optimizers,
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
    # Bounds, on every seed: momentum ends lower than SGD at the same lr; the control at
    # lr / (1 - beta) recovers at least 80% of the gain after 4 epochs.
    assert comparison.wins("momentum", "sgd") == 5
    assert comparison.unexplained_gain <= 0.2


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
