"""Tests of momentum_theory.training.data and .problem: the data set and the batch order."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from momentum_theory.training import batch_order, chapter_problem, make_data  # noqa: E402


def test_data_is_the_chapters_for_seed_one():
    # Equality (bitwise) with the chapter's own code: torch.manual_seed(1), then randn.
    with torch.random.fork_rng():
        torch.manual_seed(1)
        x = torch.unsqueeze(torch.linspace(-1, 1, 1000), dim=1)
        y = x.pow(2) + 0.1 * torch.randn(*x.size())
    data = make_data(torch.Generator().manual_seed(1))
    assert torch.equal(data.x, x)
    assert torch.equal(data.y, y)
    assert data.x.dtype == torch.float32 and len(data) == 1000


def test_batch_order_is_one_permutation_per_epoch_cut_like_a_dataloader():
    batches = batch_order(torch.Generator().manual_seed(5), 1000, 32, 3)
    assert len(batches) == 3 * 32
    assert [len(b) for b in batches[:32]] == [32] * 31 + [8]  # drop_last=False
    generator = torch.Generator().manual_seed(5)
    for epoch in range(3):
        permutation = torch.randperm(1000, generator=generator)
        assert torch.equal(torch.cat(batches[32 * epoch : 32 * (epoch + 1)]), permutation)


def test_problem_draws_noise_then_weights_then_batches_from_one_generator():
    problem = chapter_problem(seed=2, epochs=2)
    generator = torch.Generator().manual_seed(2)
    torch.randn(1000, 1, generator=generator)  # the noise
    torch.empty(61).uniform_(generator=generator)  # the weights: 61 uniform draws
    assert torch.equal(problem.batches[0], torch.randperm(1000, generator=generator)[:32])
    assert (problem.steps, problem.steps_per_epoch) == (64, 32)


def test_different_seeds_give_different_problems():
    a, b = chapter_problem(seed=1, epochs=1), chapter_problem(seed=2, epochs=1)
    assert not torch.equal(a.data.y, b.data.y)
    assert not torch.equal(a.batches[0], b.batches[0])
    np.testing.assert_array_equal(a.data.x.numpy(), b.data.x.numpy())


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda g: make_data(g, n_points=1), "n_points"),
        (lambda g: make_data(g, noise=-1.0), "noise"),
        (lambda g: make_data(g, noise=float("inf")), "noise"),
        (lambda g: batch_order(g, 10, 0, 1), "batch_size"),
        (lambda g: batch_order(g, 10, 2, 0), "epochs"),
        (lambda g: chapter_problem(seed=1.5), "seed"),
    ],
)
def test_bad_arguments_name_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call(torch.Generator().manual_seed(0))
