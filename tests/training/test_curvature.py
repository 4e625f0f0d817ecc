"""Tests of momentum_theory.training.curvature and .stability: Hessians and the region.

stability_position is pure quadratic theory; its tests live in tests/training/test_stability.py.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from momentum_theory.training import (  # noqa: E402
    PARAMETER_NAMES,
    batched_hessians,
    chapter_problem,
    dense_hessian,
    largest_hessian_eigenvalue,
    locate_in_stability_region,
    train_chapter_network,
)
from momentum_theory.training.curvature import _loss_function, _power_iteration  # noqa: E402


@pytest.fixture(scope="module")
def problem():
    return chapter_problem(seed=1, epochs=1)


@pytest.fixture(scope="module")
def trained():
    return [
        train_chapter_network("torch", lr, beta, 2).parameters
        for lr, beta in ((0.01, 0.8), (0.3, 0.5), (1.0, 0.9), (0.1, 0.0))
    ]


def test_dense_hessian_matches_finite_differences_of_the_gradient(problem):
    # Independent reference: central differences of autograd gradients in float64. The
    # gradient jumps where a ReLU kink crosses a data point (a step of 1e-5 in one hidden
    # bias already does), so the step is 1e-7, which moves no kink past a point here; the
    # error is then rounding, ~ u |g| / 1e-7 ~ 1e-9: 1e-7 absolute.
    loss = _loss_function(problem.data)
    theta = torch.cat(
        [problem.initial_parameters[n].double().reshape(-1) for n in PARAMETER_NAMES]
    )

    def gradient(point):
        point = point.clone().requires_grad_(True)
        return torch.autograd.grad(loss(point), point)[0]

    step = 1e-7
    columns = [
        (gradient(theta + step * e) - gradient(theta - step * e)) / (2 * step)
        for e in torch.eye(61, dtype=torch.float64)
    ]
    np.testing.assert_allclose(
        dense_hessian(problem.initial_parameters, problem.data),
        torch.stack(columns, dim=1).numpy(),
        rtol=0,
        atol=1e-7,
    )


def test_power_iteration_matches_eigvalsh_of_the_dense_hessian(problem, trained):
    # Equality to 1e-10 relative: the power iteration stops at residual 1e-8 and the
    # Rayleigh quotient's error is of order residual^2.
    for weights in [problem.initial_parameters, *trained]:
        estimate = largest_hessian_eigenvalue(weights, problem.data)
        exact = np.linalg.eigvalsh(dense_hessian(weights, problem.data))[-1]
        assert estimate.converged
        assert estimate.eigenvalue == pytest.approx(exact, rel=1e-10)


def test_batched_hessians_equal_autograd_network_by_network(problem, trained):
    # Equality to 1e-12 of the largest entry: closed form vs autograd, both float64.
    networks = [problem.initial_parameters, *trained]
    stacked = {n: np.stack([np.asarray(w[n]) for w in networks]) for n in PARAMETER_NAMES}
    batched = batched_hessians(stacked, problem.data)
    for k, weights in enumerate(networks):
        reference = dense_hessian(weights, problem.data)
        assert np.abs(batched[k] - reference).max() <= 1e-12 * np.abs(reference).max()


def test_power_iteration_finds_the_largest_eigenvalue_when_a_negative_one_dominates():
    matrix = torch.diag(torch.tensor([-5.0, 1.0, 3.0], dtype=torch.float64))
    start = torch.ones(3, dtype=torch.float64)
    dominant = _power_iteration(lambda v: matrix @ v, start, 0.0, 1e-10, 1000)
    assert dominant[0] == pytest.approx(-5.0, rel=1e-12)
    shifted = _power_iteration(lambda v: matrix @ v, start, dominant[0], 1e-10, 1000)
    assert shifted[0] == pytest.approx(3.0, rel=1e-12)


def test_chapter_point_is_deep_inside_the_region_at_start_and_end():
    report = locate_in_stability_region(epochs=2)
    for estimate, position in (
        (report.initial, report.initial_position),
        (report.final, report.final_position),
    ):
        assert estimate.converged and estimate.residual <= 1e-8
        assert position.inside and position.fraction < 0.1  # a bound
        assert position.h == estimate.eigenvalue


def test_locating_a_diverged_run_reports_where_it_started_and_when_it_diverged():
    report = locate_in_stability_region(lr=100.0, epochs=1)
    assert report.final is None and report.final_position is None
    assert report.diverged_at_step is not None and report.diverged_at_step >= 0
    # The start explains it: lr lambda_max is far beyond 2(1 + beta).
    assert not report.initial_position.inside and report.initial_position.fraction > 100


def test_a_collapsed_network_has_curvature_two_exactly(problem):
    # With every ReLU dead, L(theta) = mean_k (b2 - y_k)^2: d^2 L / d b2^2 = 2 (derived
    # symbolically here), every other second derivative is 0, so H = 2 e_b2 e_b2^T and
    # lambda_max = 2. Equality: bitwise for the closed-form Hessian (what the sweep uses), to
    # a few units of roundoff for autograd's (its mean reduces in another order).
    import sympy

    b, n = sympy.symbols("b2"), 5
    ys = sympy.symbols(f"y0:{n}")
    assert sympy.diff(sum((b - y) ** 2 for y in ys) / n, b, 2) == 2

    weights = {k: v.clone() for k, v in problem.initial_parameters.items()}
    weights["hidden.bias"] = -1.0 - weights["hidden.weight"][:, 0].abs()  # z < 0 on [-1, 1]
    expected = np.zeros((61, 61))
    expected[-1, -1] = 2.0
    batched = batched_hessians({k: v[None] for k, v in weights.items()}, problem.data)[0]
    np.testing.assert_array_equal(batched, expected)
    dense = dense_hessian(weights, problem.data)
    np.testing.assert_allclose(dense, expected, rtol=0, atol=8 * np.finfo(float).eps)
    assert np.linalg.eigvalsh(batched)[-1] == 2.0
