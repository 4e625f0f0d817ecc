"""Tests of momentum_theory.training.optimizers and .schedules."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from momentum_theory.training import (  # noqa: E402
    ChapterMomentum,
    StepDecay,
    make_optimizer,
    set_learning_rate,
)


def quadratic_run(optimizer_name, lrs, beta, h=3.0, x0=1.0):
    """Iterates of the optimizer on f(x) = h x^2 / 2 (float64)."""
    p = torch.tensor([x0], dtype=torch.float64, requires_grad=True)
    optimizer = make_optimizer(optimizer_name, [p], lrs[0], beta)
    iterates = [x0]
    for lr in lrs:
        set_learning_rate(optimizer, lr)
        optimizer.zero_grad()
        (0.5 * h * p**2).sum().backward()
        optimizer.step()
        iterates.append(p.item())
    return np.array(iterates)


def heavy_ball(lrs, betas, h=3.0, x0=1.0):
    """x_{t+1} = x_t - alpha_t h x_t + beta_t (x_t - x_{t-1}), x_{-1} = x_0."""
    xs = [x0, x0]
    for alpha, beta in zip(lrs, betas):
        xs.append(xs[-1] - alpha * h * xs[-1] + beta * (xs[-1] - xs[-2]))
    return np.array(xs[1:])


@pytest.mark.parametrize("name", ["custom", "torch"])
def test_constant_rate_is_heavy_ball_on_a_quadratic(name):
    # Equality to rounding over 50 contracting steps (rho = sqrt(0.8) here): 1e-14 absolute
    # on iterates of size <= 1.
    lrs = np.full(50, 0.1)
    np.testing.assert_allclose(
        quadratic_run(name, lrs, 0.8), heavy_ball(lrs, np.full(50, 0.8)), rtol=0, atol=1e-14
    )


def test_sgd_ignores_momentum():
    lrs = np.full(20, 0.1)
    np.testing.assert_allclose(
        quadratic_run("sgd", lrs, 0.8), heavy_ball(lrs, np.zeros(20)), rtol=0, atol=1e-15
    )


def test_schedules_split_the_two_parametrizations_as_derived():
    lrs = np.r_[np.full(10, 0.1), np.full(10, 0.02)]
    custom = quadratic_run("custom", lrs, 0.8)
    torch_iterates = quadratic_run("torch", lrs, 0.8)
    np.testing.assert_allclose(custom, heavy_ball(lrs, np.full(20, 0.8)), rtol=0, atol=1e-14)
    rescaled = 0.8 * lrs / np.r_[lrs[0], lrs[:-1]]
    np.testing.assert_allclose(torch_iterates, heavy_ball(lrs, rescaled), rtol=0, atol=1e-14)
    # They agree (to rounding) through step 10 and part at the first step at the new rate.
    np.testing.assert_allclose(custom[:11], torch_iterates[:11], rtol=0, atol=1e-15)
    assert abs(custom[11] - torch_iterates[11]) > 1e-3


def test_chapter_step_by_hand():
    p = torch.tensor([2.0], requires_grad=True)
    optimizer = ChapterMomentum([p], lr=0.5, momentum=0.5)
    for expected in (1.0, 0.0):  # v1 = 0.5 * 2 = 1, p = 1; v2 = 0.5 * 1 + 0.5 * 1 = 1, p = 0
        optimizer.zero_grad()
        (p**2 / 2).sum().backward()
        optimizer.step()
        assert p.item() == expected


def test_unknown_optimizer_is_named():
    with pytest.raises(ValueError, match="optimizer"):
        make_optimizer("adam", [torch.zeros(1, requires_grad=True)], 0.1, 0.0)


def test_step_decay():
    decay = StepDecay(milestone=2, factor=0.5)
    assert [decay(t) for t in range(4)] == [1.0, 1.0, 0.5, 0.5]
    with pytest.raises(ValueError, match="milestone"):
        StepDecay(milestone=0, factor=0.5)
    with pytest.raises(ValueError, match="factor"):
        StepDecay(milestone=1, factor=0.0)
