"""momentum_theory.transients.worst_case against sympy, dense sampling and plain-loop runs.

Each test says whether it checks an equality (a stated relative tolerance) or a bound (<=).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from momentum_theory import optimal_parameters
from momentum_theory.transients.worst_case import worst_case_error


def simulate_from_rest(alpha: float, beta: float, h: float, n: int) -> float:
    """x_n^2 of heavy ball on h x^2 / 2 from x_0 = x_{-1} = 1 (plain loop)."""
    x = previous = 1.0
    for _ in range(n):
        x, previous = x - alpha * h * x + beta * (x - previous), x
    return x * x


def dense_sampled_worst(alpha: float, beta: float, mu: float, L: float, n: int) -> float:
    """Largest x_n^2 over 20001 equally spaced h in [mu, L] (a lower bound)."""
    h = np.linspace(mu, L, 20001)
    x, previous = np.ones_like(h), np.ones_like(h)
    for _ in range(n):
        x, previous = x - alpha * h * x + beta * (x - previous), x
    return float(np.max(x**2))


CASES = [
    (
        float(optimal_parameters(mu=1.0, L=100.0).alpha),
        float(optimal_parameters(mu=1.0, L=100.0).beta),
        1.0,
        100.0,
    ),
    (0.01, 0.9, 1.0, 100.0),
    (0.02, 0.5, 1.0, 10.0),
    (0.3, 0.1, 0.5, 6.0),
    (0.05, 0.99, 1.0, 20.0),
]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("n", [1, 2, 7, 30, 120])
def test_worst_case_error_attained_and_never_exceeded(case, n):
    alpha, beta, mu, L = case
    result = worst_case_error(alpha, beta, mu=mu, L=L, steps=n)
    # Equality: the maximising 1-D problem, simulated, attains W_n (rel 1e-11).
    assert np.isclose(
        simulate_from_rest(case[0], case[1], result.h_worst, n), result.value, rtol=1e-11, atol=0
    )
    # Bound: dense sampling never beats the exact maximum beyond rounding.
    assert dense_sampled_worst(*case, n) <= result.value * (1 + 1e-11)


@pytest.mark.parametrize(
    ("alpha", "beta", "mu", "L"),
    [("1/10", "1/2", "1", "10"), ("1/40", "9/10", "1", "50"), ("1/3", "1/5", "1/2", "6")],
)
@pytest.mark.parametrize("n", [2, 3, 5, 8])
def test_worst_case_error_equals_sympy_exact_maximum(alpha, beta, mu, L, n):
    # Equality (rel 1e-13): sympy's exact max of p_n^2 over endpoints and real roots of p_n'.
    a, b, lower, upper = (sp.Rational(v) for v in (alpha, beta, mu, L))
    h = sp.Symbol("h")
    p_old, p = sp.Integer(1), sp.Integer(1)
    for _ in range(n):
        p, p_old = sp.expand((1 + b - a * h) * p - b * p_old), p
    critical = [r for r in sp.Poly(sp.diff(p, h), h).real_roots() if lower < r < upper]
    exact = max(sp.N(p.subs(h, point) ** 2, 30) for point in [lower, upper, *critical])
    result = worst_case_error(float(a), float(b), mu=float(lower), L=float(upper), steps=n)
    assert np.isclose(result.value, float(exact), rtol=1e-13, atol=0)


@settings(max_examples=40, deadline=None)
@given(
    alpha=st.floats(0.001, 0.5),
    beta=st.floats(0.0, 0.99),
    mu=st.floats(0.1, 5.0),
    spread=st.floats(0.0, 50.0),
    n=st.integers(0, 40),
)
def test_worst_case_error_dominates_sampling(alpha, beta, mu, spread, n):
    # Bound: no sampled h gives a larger error than W_n (beyond rounding).
    L = mu + spread
    result = worst_case_error(alpha, beta, mu=mu, L=L, steps=n)
    h = np.linspace(mu, L, 801)
    x, previous = np.ones_like(h), np.ones_like(h)
    for _ in range(n):
        x, previous = x - alpha * h * x + beta * (x - previous), x
    assert np.max(x**2) <= result.value * (1 + 1e-10)
    assert mu <= result.h_worst <= L


def test_worst_case_error_special_cases():
    assert worst_case_error(0.1, 0.5, mu=1.0, L=10.0, steps=0).value == 1.0
    # n = 1: p_1 = 1 - alpha h, maximum at an endpoint (equality, exact).
    assert worst_case_error(0.1, 0.5, mu=1.0, L=30.0, steps=1).value == max(0.9**2, (1 - 3.0) ** 2)
    # mu == L: a single quadratic (equality with the simulation, rel 1e-14).
    single = worst_case_error(0.1, 0.5, mu=4.0, L=4.0, steps=9)
    assert np.isclose(single.value, simulate_from_rest(0.1, 0.5, 4.0, 9), rtol=1e-14)
    # The transient: W_n far above rho^(2n) at Polyak's parameters.
    opt = optimal_parameters(mu=1.0, L=100.0)
    worst = worst_case_error(opt.alpha, opt.beta, mu=1.0, L=100.0, steps=20)
    assert worst.value > 10 * worst.asymptotic_rate**40
    assert np.isclose(worst.per_step_rate, worst.value ** (1 / 40))


@pytest.mark.parametrize(
    ("arguments", "name"),
    [
        ((0.1, 0.5, 0.0, 10.0, 3), "mu must be positive, got 0"),
        ((0.1, 0.5, 11.0, 10.0, 3), "mu must be at most L, got mu = 11, L = 10"),
        ((0.1, -0.5, 1.0, 10.0, 3), "beta must be a finite non-negative number"),
        ((0.1, 0.5, 1.0, 10.0, -2), "steps must be a non-negative integer, got -2"),
        ((0.1, 0.5, 1.0, 10.0, 2.0), "steps must be a non-negative integer"),
        ((np.nan, 0.5, 1.0, 10.0, 3), "alpha must be a finite number"),
        (([0.1, 0.2], 0.5, 1.0, 10.0, 3), "alpha must be a scalar"),
    ],
)
def test_worst_case_error_rejects_bad_input(arguments, name):
    with pytest.raises(ValueError, match=name):
        alpha, beta, mu, L, steps = arguments
        worst_case_error(alpha, beta, mu=mu, L=L, steps=steps)


def test_worst_case_error_records_its_steps():
    # Equality (exact): the result carries the validated arguments.
    result = worst_case_error(0.1, 0.5, mu=1, L=10, steps=np.int64(6))
    assert (result.alpha, result.beta, result.mu, result.L, result.steps) == (
        0.1,
        0.5,
        1.0,
        10.0,
        6,
    )
    assert type(result.steps) is int


# --------------------------------------------------------------------------------------
# the two-step family (gamma) and the function class


def _simulated_worst_case(alpha, beta, gamma, mu, L, steps, points=20001):
    """max over a fine grid of h of x_n^2 from rest at x_0 = 1: the plain iteration."""
    h = np.linspace(mu, L, points)
    x, previous = np.ones_like(h), np.ones_like(h)
    for _ in range(steps):
        y = x + gamma * (x - previous)
        x, previous = x + beta * (x - previous) - alpha * h * y, x
    return float(np.max(x**2))


@pytest.mark.parametrize("steps", [1, 2, 5, 20, 60])
@pytest.mark.parametrize(
    ("method", "tuning"), [("two_step", "triple_momentum"), ("nesterov", "textbook")]
)
def test_worst_case_error_with_gamma_attains_and_dominates_the_iteration(method, tuning, steps):
    """Bound and equality: W_n is never below the grid maximum of the plain iteration, and
    exceeds it by no more than the grid's resolution (the maximiser lies between nodes)."""
    from momentum_theory import methods

    named = methods.get(method)
    family = named.family(**named.tuning(tuning, mu=1.0, L=100.0).parameters)
    a, b, g = float(family.alpha), float(family.beta), float(family.gamma)
    worst = worst_case_error(a, b, mu=1.0, L=100.0, steps=steps, gamma=g)
    sampled = _simulated_worst_case(a, b, g, 1.0, 100.0, steps)
    assert worst.gamma == g and worst.function_class == "quadratic"
    assert sampled <= worst.value * (1 + 1e-12)
    assert worst.value <= sampled * (1 + 1e-6)


def test_gamma_zero_is_heavy_ball_bit_for_bit():
    """Equality: the gamma path leaves heavy ball's result unchanged."""
    for n in (3, 40):
        plain = worst_case_error(0.01, 0.8, mu=1.0, L=100.0, steps=n)
        assert plain == worst_case_error(0.01, 0.8, mu=1.0, L=100.0, steps=n, gamma=0.0)


def test_unknown_function_class_is_refused():
    with pytest.raises(ValueError, match="function_class must be one of 'quadratic'"):
        worst_case_error(0.01, 0.8, mu=1.0, L=100.0, steps=3, function_class="convex")
