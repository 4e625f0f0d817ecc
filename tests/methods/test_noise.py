"""Every method with noisy gradients: its system from its own rule (numeric against SymPy),
its stationary variance against the Lyapunov equation, the dense excess loss, the seeded
Monte Carlo and the input checks."""

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.linalg import solve_discrete_lyapunov

from momentum_theory import methods, noise, symbolic
from momentum_theory.methods import noise_derivation
from momentum_theory.methods.noise import (
    linear_system,
    simulate,
    stationary_excess_loss,
    stationary_variance,
)
from momentum_theory.paper.noise.variance import CASES, dense_system
from momentum_theory.problems import dense_problem

# Closed form against the Lyapunov solvers (rho <= 0.99 below: eps/(1 - rho) ~ 1e-14).
EQUAL = 1e-11
LABELS = [label for label, _, _ in CASES]


@pytest.mark.parametrize(("label", "name", "params"), CASES, ids=LABELS)
def test_numeric_system_equals_the_symbolic_one(label, name, params):
    """Equality: linear_system (the rule on arrays) equals noise_derivation's (on symbols)."""
    fixed = {k: v for k, v in params.items() if isinstance(v, bool)}
    if fixed.get("nesterov"):
        fixed["dampening"] = 0
    C_sym, b_sym = noise_derivation.linear_system(name, **fixed)
    every = {**methods.get(name).defaults, **params}
    values = {sp.Symbol(k, real=True): v for k, v in every.items() if not isinstance(v, bool)}
    values[symbolic.h] = 1.7
    system = linear_system(name, 1.7, **params)
    expected_C = np.array(C_sym.subs(values).evalf(), dtype=float)
    expected_b = np.array(b_sym.subs(values).evalf(), dtype=float)[:, 0]
    np.testing.assert_allclose(system.transition, expected_C, rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(system.noise_input[:, 0], expected_b, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize(("label", "name", "params"), CASES, ids=LABELS)
@given(scale=st.floats(0.2, 1.8), h=st.floats(0.05, 8.0), sigma=st.floats(0.1, 3.0))
def test_variance_is_the_lyapunov_solution(label, name, params, scale, h, sigma):
    """Equality: Method.stationary_variance is P_11 of scipy's Lyapunov solution of the
    method's own (C, b), at random curvatures and step scales (where rho <= 0.99)."""
    method = methods.get(name)
    step = method.parameters[0]
    settings = {**params, step: params[step] * scale}
    if float(method.spectral_radius(h, **settings)) > 0.99:
        return
    system = linear_system(method, h, **settings)
    reference = solve_discrete_lyapunov(
        system.transition, sigma**2 * system.noise_input @ system.noise_input.T
    )[0, 0]
    value = float(method.stationary_variance(h, sigma, **settings))
    assert value == pytest.approx(reference, rel=EQUAL)
    c0, c1 = system.moving_average
    arma = noise.arma_variance(system.trace, system.determinant, c0, c1, sigma)
    assert float(arma) == pytest.approx(reference, rel=1e-9)


def test_method_and_function_agree_and_broadcast():
    hb = methods.get("heavy_ball")
    h = np.array([[0.5], [1.0], [2.0]])
    value = hb.stationary_variance(h, 1.0, alpha=np.array([0.05, 0.1]), beta=0.5)
    assert value.shape == (3, 2)
    np.testing.assert_array_equal(
        value, stationary_variance("heavy_ball", h, 1.0, alpha=np.array([0.05, 0.1]), beta=0.5)
    )


def test_pytorch_sgd_without_nesterov_is_heavy_ball_with_the_dampened_step():
    """Equality: lr, momentum, dampening tau give heavy ball (lr (1 - tau), momentum)."""
    h = np.linspace(0.1, 10, 50)
    torch_like = methods.get("pytorch_sgd").stationary_variance(
        h, 0.3, lr=0.1, momentum=0.8, dampening=0.25
    )
    heavy = methods.get("heavy_ball").stationary_variance(h, 0.3, alpha=0.075, beta=0.8)
    np.testing.assert_allclose(torch_like, heavy, rtol=1e-13)


def test_pytorch_nesterov_differs_from_nesterov_at_the_same_rate():
    """Same rate, different noise: PyTorch's step evaluates the gradient at p_t and adds it
    twice, so its variance is not Nesterov's method's."""
    torch_like = methods.get("pytorch_sgd")
    nag = methods.get("nesterov")
    h = 2.0
    assert float(torch_like.spectral_radius(h, lr=0.1, momentum=0.5, nesterov=True)) == (
        pytest.approx(float(nag.spectral_radius(h, alpha=0.1, beta=0.5)), rel=1e-15)
    )
    ours = float(torch_like.stationary_variance(h, 1.0, lr=0.1, momentum=0.5, nesterov=True))
    theirs = float(nag.stationary_variance(h, 1.0, alpha=0.1, beta=0.5))
    assert abs(ours / theirs - 1) > 0.05


@pytest.mark.parametrize(("label", "name", "params"), CASES, ids=LABELS)
def test_infinite_exactly_outside_the_region(label, name, params):
    method = methods.get(name)
    h = np.linspace(-2.0, 80.0, 4101)
    value = method.stationary_variance(h, 1.0, **params)
    inside = method.convergence_region(h, **params)
    assert np.array_equal(np.isfinite(value), inside)
    assert np.all(value[inside] > 0)


@pytest.mark.parametrize(("label", "name", "params"), CASES, ids=LABELS)
def test_dense_excess_loss_is_the_sum_over_eigen_directions(label, name, params):
    """Equality: (1/2) sum h_i Var_i equals (1/2) tr(Q P_xx) of the whole dense system."""
    problem = dense_problem(mu=0.5, L=2.0, dimension=5, seed=3)
    transition, inputs = dense_system(methods.get(name), problem.Q, **params)
    P = solve_discrete_lyapunov(transition, 0.49 * inputs @ inputs.T)
    full = 0.5 * np.trace(problem.Q @ P[:5, :5])
    assert float(stationary_excess_loss(name, problem.Q, 0.7, **params)) == pytest.approx(
        full, rel=1e-12
    )
    # The same from the eigenvalues alone.
    assert float(stationary_excess_loss(name, problem.eigenvalues, 0.7, **params)) == (
        pytest.approx(full, rel=1e-12)
    )


def test_excess_loss_broadcasts_over_parameters():
    value = stationary_excess_loss(
        "heavy_ball", [1.0, 4.0], 1.0, alpha=np.array([0.01, 0.1, 1.0]), beta=0.5
    )
    assert value.shape == (3,)
    assert np.isinf(value[-1])  # alpha L = 4 > 2(1 + beta)
    per_direction = methods.get("heavy_ball").stationary_variance(
        np.array([1.0, 4.0]), 1.0, alpha=0.1, beta=0.5
    )
    assert value[1] == pytest.approx(0.5 * (per_direction[0] + 4 * per_direction[1]), rel=1e-15)


def test_monte_carlo_interval_contains_the_prediction():
    """Bound: a seeded simulation's 99% interval (independent chains) contains the
    prediction, here for QHM, whose noise enters the step and the buffer."""
    params = {"alpha": 0.2, "beta": 0.8, "nu": 0.7}
    run = simulate("qhm", 1.0, 1.0, 300, chains=800, seed=11, **params)
    predicted = float(methods.get("qhm").stationary_variance(1.0, 1.0, **params))
    low, high = run.squared_distance.interval(0.99)
    assert low <= predicted <= high
    assert run.excess_loss.mean == pytest.approx(0.5 * run.squared_distance.mean, rel=1e-12)


def test_simulation_is_reproducible_and_seeded():
    first = simulate("heavy_ball", [1.0, 2.0], 0.5, 50, chains=20, seed=4, alpha=0.1, beta=0.5)
    second = simulate("heavy_ball", [1.0, 2.0], 0.5, 50, chains=20, seed=4, alpha=0.1, beta=0.5)
    other = simulate("heavy_ball", [1.0, 2.0], 0.5, 50, chains=20, seed=5, alpha=0.1, beta=0.5)
    assert first.excess_loss == second.excess_loss
    assert first.excess_loss != other.excess_loss
    assert first.burn_in == second.burn_in >= 10


def test_simulation_on_a_dense_matrix_uses_it_directly():
    problem = dense_problem(mu=1.0, L=4.0, dimension=4, seed=2)
    params = {"alpha": 0.2, "beta": 0.3}
    run = simulate("heavy_ball", problem.Q, 1.0, 400, chains=400, seed=9, **params)
    predicted = float(stationary_excess_loss("heavy_ball", problem.Q, 1.0, **params))
    low, high = run.excess_loss.interval(0.999)
    assert low <= predicted <= high


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: stationary_variance("heavy_ball", 1.0, -1.0, alpha=0.1, beta=0.5),
            ValueError,
            "sigma must be non-negative",
        ),
        (
            lambda: stationary_variance("heavy_ball", 1.0, 1.0, alpha=0.1),
            TypeError,
            "missing the parameter 'beta'",
        ),
        (
            lambda: stationary_excess_loss(
                "gradient_descent", [[1.0, 2.0], [0.0, 1.0]], 1.0, alpha=0.1
            ),
            ValueError,
            "Q must be symmetric",
        ),
        (
            lambda: stationary_excess_loss("gradient_descent", [1.0, 0.0], 1.0, alpha=0.1),
            ValueError,
            "Q must be positive definite",
        ),
        (
            lambda: simulate("gradient_descent", 1.0, 1.0, 10, chains=1, seed=0, alpha=0.1),
            ValueError,
            "chains must be an integer >= 2",
        ),
        (
            lambda: simulate("gradient_descent", 1.0, 1.0, 10, chains=5, seed=0, alpha=[0.1, 0.2]),
            ValueError,
            "alpha must be a scalar",
        ),
        (
            lambda: simulate("gradient_descent", 1.0, 1.0, 10, chains=5, seed=0, alpha=2.5),
            ValueError,
            "gap 1 - rho on Q must be positive",
        ),
        (
            lambda: simulate(
                "heavy_ball", [1e-20, 1.0], 1.0, 10, chains=5, seed=0, alpha=1.0, beta=0.6
            ),
            ValueError,
            "burn_in must be given",
        ),
        (
            lambda: simulate("gradient_descent", 1.0, -1.0, 10, chains=5, seed=0, alpha=0.1),
            ValueError,
            "sigma must be a finite non-negative number",
        ),
        (
            lambda: simulate("gradient_descent", 1.0, 1.0, 0, chains=5, seed=0, alpha=0.1),
            ValueError,
            "steps must be a positive integer",
        ),
    ],
)
def test_invalid_input_is_refused_by_name(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_simulate_accepts_a_convergent_setting_whose_rate_rounds_to_one():
    """h = 1e-20 with alpha = 1, beta = 0.6: rho = 1 - 2.5e-20 rounds to 1.0, but the
    method converges (Jury's test on the exact T, D: 1 - T + D = 1e-20 > 0, 1 + T + D > 0,
    |D| < 1), so there is a stationary regime; with burn_in given, simulate runs it."""
    heavy = methods.get("heavy_ball")
    assert float(heavy.spectral_radius(1e-20, alpha=1.0, beta=0.6)) == 1.0
    run = simulate(
        "heavy_ball", [1e-20, 1.0], 1.0, 20, chains=3, seed=0, burn_in=5, alpha=1.0, beta=0.6
    )
    assert run.burn_in == 5 and np.isfinite(run.excess_loss.mean)


def test_interval_level_is_checked():
    run = simulate("gradient_descent", 1.0, 1.0, 20, chains=5, seed=0, alpha=0.1)
    with pytest.raises(ValueError, match="level must be a finite number in"):
        run.squared_distance.interval(1.0)
