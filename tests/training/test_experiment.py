"""Tests of momentum_theory.training.experiment: one training run of the chapter's network.

The independent reference is a plain heavy-ball loop written here from the update rule,
x_{t+1} = x_t - alpha_t g_t + beta_t (x_t - x_{t-1}), on the flat weight vector, with the
network's forward pass written out inline and gradients from autograd.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from momentum_theory.training import (  # noqa: E402
    PARAMETER_NAMES,
    StepDecay,
    TorchNotInstalledError,
    chapter_problem,
    epoch_means,
    train_chapter_network,
)

U64 = 2.0**-53


def heavy_ball_reference(seed, epochs, alphas, betas):
    """Weights after every step of heavy ball with per-step alpha_t, beta_t (float64)."""
    problem = chapter_problem(seed, epochs)
    x = problem.data.x[:, 0].double()
    y = problem.data.y[:, 0].double()
    theta = torch.cat(
        [problem.initial_parameters[n].double().reshape(-1) for n in PARAMETER_NAMES]
    )

    def loss(theta, index):
        w1, b1, w2, b2 = theta[:20], theta[20:40], theta[40:60], theta[60]
        hidden = torch.relu(x[index, None] * w1 + b1)
        return ((hidden @ w2 + b2 - y[index]) ** 2).mean()

    previous, trajectory = theta.clone(), [theta.clone()]
    for t, index in enumerate(problem.batches):
        current = theta.clone().requires_grad_(True)
        (gradient,) = torch.autograd.grad(loss(current, index), current)
        theta = theta - alphas[t] * gradient + betas[t] * (theta - previous)
        previous = trajectory[-1]
        trajectory.append(theta.clone())
    return torch.stack(trajectory).numpy()


def relative_gap(a, b):
    return float(np.abs(a - b).max() / np.abs(b).max())


def test_default_run_has_the_chapters_shape():
    run = train_chapter_network("custom")
    assert run.losses.shape == (384,)  # 12 epochs x ceil(1000 / 32) batches
    assert run.epoch_losses.shape == (12,)
    assert run.learning_rates.shape == (384,)
    assert (run.lr, run.momentum, run.epochs, run.seed, run.batch_size) == (0.01, 0.8, 12, 1, 32)
    assert {n: v.shape for n, v in run.parameters.items()} == {
        "hidden.weight": (20, 1),
        "hidden.bias": (20,),
        "predict.weight": (1, 20),
        "predict.bias": (1,),
    }
    assert not run.diverged


def test_every_optimizer_starts_from_the_same_weights_and_batches():
    # Equality (bitwise) of the starting weights and of the first loss, which depends only
    # on them and the first batch; the batch order itself is tested in training/test_data.py.
    runs = [
        train_chapter_network(o, seed=7, record_trajectory=True)
        for o in ("custom", "torch", "sgd")
    ]
    first = {r.losses[0] for r in runs}
    assert len(first) == 1
    for run in runs[1:]:
        np.testing.assert_array_equal(run.trajectory[0], runs[0].trajectory[0])


def test_same_seed_gives_identical_runs_and_other_seeds_differ():
    a, b = train_chapter_network("torch", seed=3), train_chapter_network("torch", seed=3)
    np.testing.assert_array_equal(a.losses, b.losses)  # equality, bitwise
    for name in PARAMETER_NAMES:
        np.testing.assert_array_equal(a.parameters[name], b.parameters[name])
    assert not np.array_equal(a.losses, train_chapter_network("torch", seed=4).losses)


def test_training_does_not_touch_torchs_global_random_state():
    state = torch.random.get_rng_state()
    train_chapter_network("torch", epochs=1)
    assert torch.equal(state, torch.random.get_rng_state())


def test_custom_equals_the_heavy_ball_loop():
    # Equality to rounding: both compute heavy ball with alpha = lr, beta = momentum in
    # float64; only the order of operations differs, and this stable run does not amplify
    # rounding, so 1000 u is a generous bound (the measured gap is a few u).
    run = train_chapter_network("custom", dtype="float64", epochs=3, record_trajectory=True)
    steps = run.losses.size
    reference = heavy_ball_reference(1, 3, np.full(steps, 0.01), np.full(steps, 0.8))
    assert relative_gap(run.trajectory, reference) <= 1000 * U64


def test_sgd_equals_the_heavy_ball_loop_without_momentum():
    run = train_chapter_network("sgd", dtype="float64", epochs=2, record_trajectory=True)
    assert run.momentum == 0.0
    steps = run.losses.size
    reference = heavy_ball_reference(1, 2, np.full(steps, 0.01), np.zeros(steps))
    assert relative_gap(run.trajectory, reference) <= 1000 * U64


def test_under_a_schedule_custom_is_heavy_ball_with_alpha_t():
    decay = StepDecay(milestone=40, factor=0.25)
    run = train_chapter_network(
        "custom", dtype="float64", epochs=3, schedule=decay, record_trajectory=True
    )
    alphas = run.learning_rates
    np.testing.assert_array_equal(alphas[:40], 0.01)
    np.testing.assert_array_equal(alphas[40:], 0.0025)
    reference = heavy_ball_reference(1, 3, alphas, np.full(alphas.size, 0.8))
    assert relative_gap(run.trajectory, reference) <= 1000 * U64


def test_under_a_schedule_torch_has_momentum_rescaled_by_the_rate_ratio():
    # torch: p_{t+1} = p_t - eta_t g_t + beta (eta_t / eta_{t-1}) (p_t - p_{t-1}).
    decay = StepDecay(milestone=40, factor=0.25)
    run = train_chapter_network(
        "torch", dtype="float64", epochs=3, schedule=decay, record_trajectory=True
    )
    alphas = run.learning_rates
    betas = 0.8 * alphas / np.r_[alphas[0], alphas[:-1]]
    reference = heavy_ball_reference(1, 3, alphas, betas)
    assert relative_gap(run.trajectory, reference) <= 1000 * U64
    # ... and plain heavy ball with alpha_t is a different algorithm (a bound from below).
    plain = heavy_ball_reference(1, 3, alphas, np.full(alphas.size, 0.8))
    assert relative_gap(run.trajectory, plain) > 1e-4


def test_epoch_losses_are_point_weighted_means_of_batch_losses():
    run = train_chapter_network("torch", epochs=2)
    problem = chapter_problem(1, 2)
    sizes = np.array([len(b) for b in problem.batches])
    assert sizes.tolist() == ([32] * 31 + [8]) * 2
    # Equality to float64 rounding against the sum written out per epoch.
    for epoch in range(2):
        part = slice(32 * epoch, 32 * (epoch + 1))
        expected = np.sum(run.losses[part] * sizes[part]) / 1000
        assert run.epoch_losses[epoch] == pytest.approx(expected, rel=1e-15)
    np.testing.assert_allclose(
        epoch_means(np.array([1.0, 3.0]), np.array([1, 3]), 1), [2.5], rtol=1e-15
    )


def test_final_loss_is_the_full_data_mse_of_the_final_weights():
    run = train_chapter_network("torch", epochs=1, dtype="float64")
    data = chapter_problem(1, 1).data
    p = {n: torch.tensor(np.array(v)) for n, v in run.parameters.items()}
    x, y = data.x.double(), data.y.double()
    prediction = torch.relu(x @ p["hidden.weight"].T + p["hidden.bias"]) @ p["predict.weight"].T
    expected = float(((prediction + p["predict.bias"] - y) ** 2).mean())
    assert run.final_loss == pytest.approx(expected, rel=1e-14)


def test_float32_and_float64_start_from_the_same_numbers():
    a = train_chapter_network("torch", epochs=1, record_trajectory=True)
    b = train_chapter_network("torch", epochs=1, dtype="float64", record_trajectory=True)
    np.testing.assert_array_equal(a.trajectory[0], b.trajectory[0])


def test_results_are_read_only():
    run = train_chapter_network("sgd", epochs=1)
    with pytest.raises(ValueError):
        run.losses[0] = 0.0
    with pytest.raises(TypeError):
        run.parameters["hidden.bias"] = np.zeros(20)
    with pytest.raises(AttributeError):
        run.lr = 1.0


def test_a_huge_learning_rate_is_reported_as_diverged():
    run = train_chapter_network("torch", lr=100.0, epochs=1)
    assert run.diverged


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ({"optimizer": "adam"}, "optimizer"),
        ({"lr": 0.0}, "lr"),
        ({"lr": float("nan")}, "lr"),
        ({"momentum": 1.0}, "momentum"),
        ({"momentum": -0.1}, "momentum"),
        ({"epochs": 0}, "epochs"),
        ({"seed": -1}, "seed"),
        ({"batch_size": 0}, "batch_size"),
        ({"dtype": "float16"}, "dtype"),
        ({"device": "tpu"}, "device"),
        ({"schedule": lambda t: 0.0}, "schedule"),
    ],
)
def test_bad_arguments_raise_value_errors_naming_the_parameter(arguments, name):
    settings = {"optimizer": "torch", "epochs": 1, **arguments}
    with pytest.raises(ValueError, match=name):
        train_chapter_network(**settings)


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the no-CUDA message")
def test_cuda_without_cuda_is_a_clear_error():
    with pytest.raises(ValueError, match="CUDA is not available"):
        train_chapter_network("torch", epochs=1, device="cuda")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_cuda_run_matches_cpu_run():
    cpu = train_chapter_network("torch", dtype="float64", epochs=1)
    gpu = train_chapter_network("torch", dtype="float64", epochs=1, device="cuda")
    np.testing.assert_allclose(gpu.losses, cpu.losses, rtol=1e-10)


def test_missing_torch_error_is_an_import_error():
    assert issubclass(TorchNotInstalledError, ImportError)
