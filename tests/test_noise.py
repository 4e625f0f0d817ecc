"""The noise kernels (momentum_theory.noise) against SciPy's Lyapunov solver, the issue's
heavy-ball formula, their own special cases and the exact small-step gap."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.linalg import solve_discrete_lyapunov

from momentum_theory import noise

# Equalities below are to rounding of the closed forms; the Lyapunov solves lose digits like
# eps / (1 - rho), and the settings keep rho <= 0.99.
EQUAL = 1e-11


def companion(alpha, beta, h, gamma=0.0):
    """The two-step family's state matrix and noise input, written out by hand."""
    C = np.array([[1 + beta - alpha * h * (1 + gamma), -(beta - alpha * h * gamma)], [1, 0]])
    return C, np.array([-alpha, 0.0])


@st.composite
def stable_family(draw):
    alpha = draw(st.floats(1e-3, 1.0))
    beta = draw(st.floats(-0.9, 0.95))
    h = draw(st.floats(0.05, 10.0))
    gamma = draw(st.floats(-0.5, 3.0))
    C, _ = companion(alpha, beta, h, gamma)
    rho = max(abs(np.linalg.eigvals(C)))
    if rho > 0.99:
        return draw(st.nothing())
    return alpha, beta, h, gamma


@given(stable_family())
def test_family_closed_form_equals_scipy_lyapunov(setting):
    """Equality: the closed form is P_11 of scipy's solution, for the whole family."""
    alpha, beta, h, gamma = setting
    C, b = companion(alpha, beta, h, gamma)
    reference = solve_discrete_lyapunov(C, np.outer(b, b))[0, 0]
    assert float(noise.family_variance(alpha, beta, h, gamma=gamma)) == pytest.approx(
        reference, rel=EQUAL
    )


@given(stable_family(), st.floats(-0.5, 0.5))
def test_arma_and_cramer_agree_with_scipy_for_any_delayed_noise(setting, c1):
    """Equality: with a delayed noise term c1 (and c0 = -alpha - c1) the ARMA closed form,
    family_variance's form and the Cramer solve all equal scipy's P_11."""
    alpha, beta, h, gamma = setting
    C, _ = companion(alpha, beta, h, gamma)
    c0 = -alpha - c1
    # Observable form: state (x_t, -D x_{t-1} + c1 xi_{t-1}).
    T, D = np.trace(C), np.linalg.det(C)
    observable = np.array([[T, 1.0], [-D, 0.0]])
    b = np.array([c0, c1])
    reference = solve_discrete_lyapunov(observable, np.outer(b, b))[0, 0]
    arma = float(noise.arma_variance(T, D, c0, c1))
    closed = float(noise.family_variance(alpha, beta, h, gamma=gamma, c1=c1))
    cramer = float(noise.stationary_covariance(observable, b)[0, 0])
    scale = max(abs(reference), 1e-300)
    for value in (arma, closed, cramer):
        assert abs(value - reference) <= 1e-9 * scale


def test_heavy_ball_formula_of_the_issue():
    """Equality: alpha sigma^2 (1 + beta) / (h (1 - beta) (2(1 + beta) - alpha h))."""
    rng = np.random.default_rng(0)
    alpha, beta = rng.uniform(0.01, 0.5, 500), rng.uniform(-0.5, 0.95, 500)
    h, sigma = rng.uniform(0.1, 3.0, 500), rng.uniform(0.1, 2.0, 500)
    formula = alpha * sigma**2 * (1 + beta) / (h * (1 - beta) * (2 * (1 + beta) - alpha * h))
    value = noise.family_variance(alpha, beta, h, sigma)
    inside = 0 < alpha * h
    inside &= alpha * h < 2 * (1 + beta)
    np.testing.assert_allclose(value[inside], formula[inside], rtol=1e-13)
    assert np.all(np.isinf(value[~inside]))


def test_gradient_descent_special_case():
    """Equality: alpha sigma^2 / (h (2 - alpha h)) = (alpha sigma)^2 / (1 - (1 - alpha h)^2)."""
    alpha, h = np.array([0.1, 0.5, 1.0, 1.9]), 1.0
    expected = alpha**2 / (1 - (1 - alpha * h) ** 2)
    np.testing.assert_allclose(noise.family_variance(alpha, 0.0, h), expected, rtol=1e-14)
    np.testing.assert_allclose(noise.arma_variance(1 - alpha * h, 0.0, -alpha), expected)


@pytest.mark.parametrize(
    ("alpha", "beta", "h"),
    [
        (1.0, 0.5, 3.0),  # alpha h = 3 = 2(1 + beta): on the edge
        (1.0, 0.5, 3.5),  # beyond it
        (0.1, 1.0, 1.0),  # beta = 1
        (0.1, -1.0, 1.0),  # beta = -1
        (0.1, 0.5, 0.0),  # no restoring force
        (0.1, 0.5, -1.0),  # negative curvature
    ],
)
def test_infinite_outside_the_region(alpha, beta, h):
    assert np.isinf(noise.family_variance(alpha, beta, h))
    C, b = companion(alpha, beta, h)
    assert np.all(np.isinf(noise.stationary_covariance(C, b)))
    determinant = C[0, 0] * C[1, 1] - C[0, 1] * C[1, 0]
    assert np.isinf(noise.arma_variance(np.trace(C), determinant, -alpha))


def test_nan_propagates_and_arrays_broadcast():
    value = noise.family_variance(np.array([0.1, np.nan]), 0.5, np.array([[1.0], [2.0]]))
    assert value.shape == (2, 2)
    assert np.isnan(value[:, 1]).all() and np.isfinite(value[:, 0]).all()
    assert isinstance(noise.family_variance(0.1, 0.5, 1.0), np.floating)


def test_sigma_scales_the_variance_quadratically():
    base = noise.family_variance(0.1, 0.5, 1.0)
    assert noise.family_variance(0.1, 0.5, 1.0, sigma=3.0) == pytest.approx(9 * base, rel=1e-15)


def test_stationary_covariance_batch_and_several_draws():
    """A batch of systems, and two independent draws per step (B with two columns)."""
    rng = np.random.default_rng(1)
    C = rng.uniform(-0.6, 0.6, (50, 2, 2))
    B = rng.normal(size=(50, 2, 2))
    P = noise.stationary_covariance(C, B, sigma=0.5)
    for index in range(50):
        reference = solve_discrete_lyapunov(C[index], 0.25 * B[index] @ B[index].T)
        np.testing.assert_allclose(P[index], reference, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: noise.family_variance(0.1, 0.5, 1.0, sigma=-1.0), "sigma must be non-negative"),
        (lambda: noise.stationary_covariance(np.eye(3), [1, 1, 1]), "transition must have shape"),
        (lambda: noise.stationary_covariance(np.eye(2), [1, 1, 1]), "noise_input must have"),
        (lambda: noise.family_variance([0.1, 0.2], 0.5, [1.0, 2.0, 3.0]), "broadcast"),
    ],
)
def test_invalid_input_is_refused_by_name(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_non_numeric_input_is_a_type_error():
    with pytest.raises(TypeError, match="alpha must be a real number"):
        noise.family_variance("0.1", 0.5, 1.0)


def test_small_step_gap_exact_and_its_series():
    """Equality: the gap's closed form equals the ratio of the computed variances; bound:
    it is -beta x/(1 - beta^2) - beta x^2/(2(1 - beta^2)(1 + beta)) + O(x^3)."""
    beta = 0.9
    x = np.geomspace(1e-1, 1e-5, 9)
    ratio = noise.family_variance(x, beta, 1.0) / noise.family_variance(x / (1 - beta), 0, 1.0)
    gap = noise.heavy_ball_small_step_gap(x, beta, 1.0)
    np.testing.assert_allclose(gap, ratio - 1, rtol=1e-9)
    series = -beta * x / (1 - beta**2) - beta * x**2 / (2 * (1 - beta**2) * (1 + beta))
    third = np.abs(gap - series) / x**3
    assert np.all(third[x <= 1e-2] < 2.0)  # bounded: O(x^3)
    assert np.isnan(noise.heavy_ball_small_step_gap(5.0, beta, 1.0))  # GD unstable there


def test_stable_is_schur_cohn():
    """Equality: stable(T, D) iff both roots of lambda^2 - T lambda + D lie in |z| < 1."""
    rng = np.random.default_rng(2)
    T, D = rng.uniform(-2.5, 2.5, 4000), rng.uniform(-1.5, 1.5, 4000)
    roots = np.array([max(abs(np.roots([1, -t, d]))) for t, d in zip(T, D)])
    keep = np.abs(roots - 1) > 1e-9
    assert np.array_equal(noise.stable(T, D)[keep], (roots < 1)[keep])
