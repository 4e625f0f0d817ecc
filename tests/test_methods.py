"""The simulation engine on the named methods: run against the heavy-ball recursion, on
dense matrices, with a linear term and weight decay, beyond the range of doubles; and the
measured rates of compare_method_rates.

These test ``quadratic.run`` (the engine), not a method: they move with the engine. The
methods themselves are tested in ``tests/methods/`` (test_contract.py runs every method's
rule against its kernel rate)."""

import math

import numpy as np
import pytest

from momentum_theory import methods
from momentum_theory.problems import dense_problem, diagonal_problem, scalar_problem
from momentum_theory.quadratic import MethodRun, run, run_heavy_ball
from momentum_theory.rates import compare_method_rates

SAMPLE_PARAMETERS = {
    "gradient_descent": {"alpha": 0.05},
    "heavy_ball": {"alpha": 0.05, "beta": 0.3},
    "nesterov": {"alpha": 0.05, "beta": 0.3},
    "two_step": {"alpha": 0.05, "beta": 0.5, "gamma": 0.2},
    "qhm": {"alpha": 0.5, "beta": 0.9, "nu": 0.7},
    "pytorch_sgd": {"lr": 0.05, "momentum": 0.5},
}


def test_run_of_heavy_ball_matches_run_heavy_ball():
    """Equality to 1e-11 relative (the two evaluate the same recursion in a different order)."""
    Q, x0 = [1.0, 3.0, 10.0], [1.0, -2.0, 0.5]
    ours = run("heavy_ball", Q, x0, 300, alpha=[[0.1], [0.05]], beta=[0.5, 0.9])
    reference = run_heavy_ball(Q, x0, [[0.1], [0.05]], [0.5, 0.9], 300)
    assert isinstance(ours, MethodRun)
    assert ours.distances.shape == (301, 2, 2)
    np.testing.assert_allclose(ours.distances, reference.distances, rtol=1e-11)


def test_run_on_a_dense_matrix_matches_its_eigenvalues():
    """Equality to 1e-10: the distances depend only on the spectrum and the rotated start."""
    problem = dense_problem(1.0, 10.0, 6, seed=3)
    params = {"alpha": 1.0, "beta": 0.8, "nu": 0.7}
    dense = run("qhm", problem.Q, problem.x0, 200, **params)
    eigenvalues, basis = np.linalg.eigh(problem.Q)
    diagonal = run("qhm", eigenvalues, basis.T @ problem.x0, 200, **params)
    np.testing.assert_allclose(dense.distances, diagonal.distances, rtol=1e-10)


def test_run_with_a_linear_term_and_trajectory():
    """The iterates tend to x* = Q^{-1} b, and distances are measured from it."""
    Q = np.array([[2.0, 0.5], [0.5, 1.0]])
    b = np.array([1.0, -1.0])
    result = run("nesterov", Q, [3.0, 3.0], 400, b=b, trajectory=True, alpha=0.3, beta=0.5)
    x_star = np.linalg.solve(Q, b)
    np.testing.assert_allclose(result.iterates[-1], x_star, atol=1e-12)
    np.testing.assert_allclose(
        result.distances, np.linalg.norm(result.iterates - x_star, axis=-1), rtol=1e-9, atol=1e-15
    )


@pytest.mark.parametrize("nesterov", [False, True])
def test_run_with_weight_decay_and_a_linear_term_follows_the_rule_on_x(nesterov):
    """Equality to 1e-13 (relative to the largest |x_t|; measured about 1e-15) with
    PyTorch's step written out on x itself, g = Q x - b + weight_decay x, on a dense Q with
    b != 0 (without torch; methods/test_pytorch_sgd_torch compares with torch itself); the
    distances are to (Q + weight_decay I)^{-1} b, where the iterates go, not to Q^{-1} b."""
    Q = np.array([[2.0, 0.5], [0.5, 1.0]])
    b, x0 = np.array([1.0, -1.0]), np.array([3.0, -2.0])
    params = {"lr": 0.2, "momentum": 0.7, "weight_decay": 0.3, "nesterov": nesterov}
    params["dampening"] = 0.0 if nesterov else 0.4
    x, buffer, iterates = x0.copy(), None, [x0.copy()]
    for _ in range(300):
        g = Q @ x - b + params["weight_decay"] * x
        buffer = (
            g if buffer is None else params["momentum"] * buffer + (1 - params["dampening"]) * g
        )
        step = g + params["momentum"] * buffer if nesterov else buffer
        x = x - params["lr"] * step
        iterates.append(x.copy())
    iterates = np.array(iterates)
    result = run("pytorch_sgd", Q, x0, 300, b=b, trajectory=True, **params)
    scale = np.abs(iterates).max(axis=1, keepdims=True)
    assert np.all(np.abs(result.iterates - iterates) <= 1e-13 * scale)
    limit = np.linalg.solve(Q + params["weight_decay"] * np.eye(2), b)
    np.testing.assert_allclose(result.iterates[-1], limit, rtol=1e-12)
    expected = np.linalg.norm(iterates - limit, axis=1)
    assert np.all(np.abs(result.distances - expected) <= 1e-13 * scale[:, 0])


def test_run_keeps_log_distances_finite_beyond_the_range_of_doubles():
    diverging = run("pytorch_sgd", 1.0, 1.0, 2000, lr=3.0)  # |1 - lr h| = 2
    assert diverging.diverged
    assert diverging.log_distances[-1] == pytest.approx(2000 * math.log(2.0), rel=1e-12)
    converging = run("two_step", 1.0, 1.0, 2000, alpha=0.5, beta=0.0, gamma=0.0)
    assert converging.distances[-1] == 0.0
    assert converging.log_distances[-1] == pytest.approx(2000 * math.log(0.5), rel=1e-12)


def test_run_validates_its_inputs():
    with pytest.raises(ValueError, match="alpha must be finite"):
        run("heavy_ball", 1.0, 1.0, 10, alpha=np.nan, beta=0.5)
    with pytest.raises(ValueError, match="steps must be a non-negative integer"):
        run("heavy_ball", 1.0, 1.0, -1, alpha=0.1, beta=0.5)
    with pytest.raises(ValueError, match="method must be one of"):
        run("adam", 1.0, 1.0, 10, lr=0.1)


@pytest.mark.parametrize("name", methods.names())
def test_compare_method_rates_on_spectra(name):
    """Equality to 1e-3 relative (the documented scope of compare_rates) of the worst-case
    rate and the measured rate, on a diagonal and a dense problem, batch of two settings."""
    params = dict(SAMPLE_PARAMETERS[name])
    first = next(iter(params))
    params[first] = [params[first], 0.8 * params[first]]
    problems = [diagonal_problem(1.0, 10.0, 8), dense_problem(1.0, 10.0, 8, seed=1)]
    result = compare_method_rates(name, problems, steps=3000, **params)
    assert result.measured.shape == (2, 2)
    assert result.max_error < 1e-3
    assert result.method == name


def test_scalar_problem_prediction_is_the_spectral_radius():
    result = compare_method_rates("nesterov", [scalar_problem(4.0)], alpha=0.1, beta=0.5)
    assert float(result.predicted[0]) == float(
        methods.get("nesterov").spectral_radius(4.0, alpha=0.1, beta=0.5)
    )
