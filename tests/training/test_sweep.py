"""Tests of momentum_theory.training.sweep and .region: the batched grid and the theory."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from momentum_theory import convergence_region, spectral_radius  # noqa: E402
from momentum_theory.training import (  # noqa: E402
    chapter_problem,
    compare_regions,
    dense_hessian,
    live_units,
    predict,
    sweep_grid,
    train_chapter_network,
)

LRS = np.array([0.05, 0.6, 1.2, 3.0])
MOMENTA = np.array([0.0, 0.5, 0.9])


@pytest.fixture(scope="module")
def sweep64():
    return sweep_grid(LRS, MOMENTA, epochs=3, dtype="float64")


@pytest.fixture(scope="module")
def region64():
    return compare_regions(LRS, MOMENTA, epochs=3, dtype="float64")


@pytest.fixture(scope="module")
def sequential64():
    return {
        (i, j): train_chapter_network("torch", float(lr), float(beta), 3, dtype="float64")
        for i, beta in enumerate(MOMENTA)
        for j, lr in enumerate(LRS)
    }


def test_grid_layout(sweep64):
    assert sweep64.shape == (3, 4)
    assert sweep64.losses.shape == (96, 3, 4)
    assert sweep64.final_parameters["hidden.weight"].shape == (3, 4, 20, 1)
    np.testing.assert_array_equal(sweep64.lr, LRS)
    np.testing.assert_array_equal(sweep64.momentum, MOMENTA)


def test_batched_cells_equal_sequential_torch_sgd_runs_in_float64(sweep64, sequential64):
    # Equality to 1e-10 relative on every recorded loss, final loss and final weight: the
    # two differ only in summation order (u = 1.1e-16), amplified near the stability edge by
    # at most ~10^3 over 96 steps; any real mismatch (batch, rate, momentum) is >= 1e-4.
    assert sweep64.diverged.any() and not sweep64.diverged.all()
    for (i, j), run in sequential64.items():
        batched = sweep64.losses[:, i, j]
        recorded = np.isfinite(batched)
        np.testing.assert_allclose(batched[recorded], run.losses[recorded], rtol=1e-10)
        if sweep64.diverged[i, j]:
            # Recorded up to the step that crossed the threshold, NaN after it; the
            # sequential run crosses at the same step.
            step = sweep64.diverged_at_step[i, j]
            assert recorded[:step].all() and np.isnan(batched[step + 1 :]).all()
            assert np.all(run.losses[:step] <= sweep64.divergence_threshold)
            crossing = run.losses[step]
            assert not np.isfinite(crossing) or crossing > sweep64.divergence_threshold
        else:
            assert recorded.all()
            assert sweep64.final_loss[i, j] == pytest.approx(run.final_loss, rel=1e-10)
            flat = np.concatenate(
                [sweep64.final_parameters[n][i, j].ravel() for n in run.parameters]
            )
            np.testing.assert_allclose(
                flat, run.flat_parameters(), rtol=0, atol=1e-10 * np.abs(flat).max()
            )


def test_batched_cells_equal_sequential_runs_in_float32_away_from_the_edge():
    # Equality to 1e-4 relative for float32 (u = 6e-8): interior cells agree to ~1e-5;
    # cells near the divergence edge amplify rounding more (up to ~5e-4 seen), so they are
    # left to the float64 test above.
    lrs, momenta = np.array([0.01, 0.3]), np.array([0.0, 0.8])
    sweep = sweep_grid(lrs, momenta, epochs=4)
    for i, beta in enumerate(momenta):
        for j, lr in enumerate(lrs):
            run = train_chapter_network("torch", float(lr), float(beta), 4)
            np.testing.assert_allclose(sweep.losses[:, i, j], run.losses, rtol=1e-4)


def test_diverged_cells_are_flagged_never_missing(sweep64):
    assert np.array_equal(np.isnan(sweep64.final_loss), sweep64.diverged)
    assert np.array_equal(sweep64.diverged_at_step >= 0, sweep64.diverged)
    assert np.isnan(sweep64.final_parameters["predict.bias"][sweep64.diverged]).all()
    assert sweep64.divergence_threshold == pytest.approx(1e4 * sweep64.initial_loss)


def test_initial_loss_is_the_full_data_loss_at_the_start(sweep64):
    problem = chapter_problem(1, 1)
    p = {n: v.double() for n, v in problem.initial_parameters.items()}
    x, y = problem.data.x.double(), problem.data.y.double()
    out = torch.relu(x @ p["hidden.weight"].T + p["hidden.bias"]) @ p["predict.weight"].T
    expected = float(((out + p["predict.bias"] - y) ** 2).mean())
    assert sweep64.initial_loss == pytest.approx(expected, rel=1e-14)


def test_results_do_not_depend_on_the_thread_count():
    one = sweep_grid(LRS[:2], MOMENTA[:2], epochs=1, threads=1)
    two = sweep_grid(LRS[:2], MOMENTA[:2], epochs=1, threads=2)
    np.testing.assert_array_equal(one.losses, two.losses)  # equality, bitwise


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ({"lr": [0.1, -1.0]}, "lr"),
        ({"lr": [[0.1]]}, "lr"),
        ({"momentum": [1.0]}, "momentum"),
        ({"momentum": []}, "momentum"),
        ({"divergence_factor": 1.0}, "divergence_factor"),
        ({"threads": 0}, "threads"),
        ({"dtype": "half"}, "dtype"),
        ({"device": "cuda:99"}, "device"),
    ],
)
def test_bad_arguments(arguments, name):
    settings = {"lr": [0.1], "momentum": [0.5], "epochs": 1, **arguments}
    with pytest.raises(ValueError, match=name):
        sweep_grid(**settings)


def test_region_comparison_puts_the_theory_on_the_same_cells(sweep64, region64):
    region = region64
    h = region.report.initial.eigenvalue
    expected = convergence_region(LRS[np.newaxis, :], MOMENTA[:, np.newaxis], h)
    np.testing.assert_array_equal(region.theory_stable, expected)
    expected_rate = spectral_radius(LRS[np.newaxis, :], MOMENTA[:, np.newaxis], h)
    np.testing.assert_array_equal(region.theory.rate, expected_rate)
    assert (region.theory.method, region.theory.x_name, region.theory.y_name) == (
        "heavy_ball",
        "alpha",
        "beta",
    )
    np.testing.assert_array_equal(region.sweep.losses, sweep64.losses)
    assert region.stable_but_diverged == int(np.sum(expected & sweep64.diverged))
    assert region.unstable_not_diverged == int(np.sum(~expected & ~sweep64.diverged))
    assert region.trained_beyond_edge == int(np.sum(~expected & region.trained))
    assert region.collapsed_beyond_edge == int(np.sum(~expected & region.collapsed))


def test_final_curvatures_equal_eigvalsh_of_autograd_hessians(sequential64, region64):
    # Equality to 1e-10 relative: closed-form Hessians at the batched final weights vs
    # autograd Hessians at the sequential final weights (which agree to ~1e-13).
    region = region64
    data = chapter_problem(1, 1).data
    for (i, j), run in sequential64.items():
        if region.sweep.diverged[i, j]:
            assert np.isnan(region.final_curvature[i, j])
            continue
        exact = np.linalg.eigvalsh(dense_hessian(run.parameters, data))[-1]
        assert region.final_curvature[i, j] == pytest.approx(exact, rel=1e-10)
        fraction = LRS[j] * exact / (2 * (1 + MOMENTA[i]))
        assert region.final_edge_fraction[i, j] == pytest.approx(fraction, rel=1e-10)


def test_every_cell_has_exactly_one_outcome(region64):
    region, sweep = region64, region64.sweep
    masks = [sweep.diverged, region.collapsed, region.not_improved, region.trained]
    np.testing.assert_array_equal(np.sum(masks, axis=0), np.ones(sweep.shape, dtype=int))
    counts = region.outcome_counts
    assert list(counts) == ["diverged", "collapsed", "not_improved", "trained"]
    assert [counts[k] for k in counts] == [int(m.sum()) for m in masks]
    live = ~sweep.diverged & ~region.collapsed
    np.testing.assert_array_equal(region.trained, live & (sweep.final_loss < sweep.initial_loss))


def test_collapsed_cells_predict_a_constant_with_curvature_two(region64):
    # Equality: a collapsed cell's closed-form Hessian is 2 e_b2 e_b2^T, so lambda_max is 2
    # exactly; its loss is bounded below by var(y), the best constant's loss.
    region, sweep = region64, region64.sweep
    data = chapter_problem(1, 1).data
    assert region.collapsed.sum() >= 2  # the grid holds collapsed cells: not vacuous
    np.testing.assert_array_equal(region.final_curvature[region.collapsed], 2.0)
    assert region.constant_loss == pytest.approx(float(data.y.double().var(unbiased=False)))
    assert np.all(sweep.final_loss[region.collapsed] >= region.constant_loss * (1 - 1e-12))
    dead = ~live_units(sweep.final_parameters, data.x.numpy()).any(axis=-1)
    np.testing.assert_array_equal(region.collapsed, dead & ~sweep.diverged)
    for i, j in np.argwhere(region.collapsed):
        weights = {k: torch.tensor(v[i, j]) for k, v in sweep.final_parameters.items()}
        output = predict(weights, data.x.double())
        assert torch.all(output == output[0])
    live = ~sweep.diverged & ~region.collapsed
    # A live unit j couples w2_j to b2 (mean relu(z_j) > 0), so lambda_max > 2 strictly.
    assert np.all(region.final_curvature[live] > 2.0)


def test_trained_cells_end_inside_the_region_for_their_final_curvature(region64):
    # Bound: the statement the paper makes for the full sweep, here on 12 cells, 3 epochs.
    assert region64.trained.any()
    fraction = region64.final_edge_fraction[region64.trained]
    assert region64.largest_trained_edge_fraction == fraction.max() < 1
    ratio = region64.curvature_ratio
    np.testing.assert_array_equal(
        ratio, region64.final_curvature / region64.report.initial.eigenvalue
    )
    assert np.all(region64.peak_loss_ratio[~region64.sweep.diverged] > 0)
    assert np.isnan(region64.peak_loss_ratio[region64.sweep.diverged]).all()
