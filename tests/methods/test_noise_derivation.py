"""The noise results derived with SymPy: noise inputs, the closed forms and the small-step
expansion, for every method, against the numeric kernels."""

import numpy as np
import pytest
import sympy as sp

from momentum_theory import noise, symbolic
from momentum_theory.methods import noise_derivation as nd

alpha, beta, h = symbolic.alpha, symbolic.beta, symbolic.h
nu, gamma = sp.Symbol("nu", real=True), sp.Symbol("gamma", real=True)
lr, m, tau = (sp.Symbol(n, real=True) for n in ("lr", "momentum", "dampening"))

# Every method, PyTorch's Nesterov step with zero dampening (torch refuses the rest).
METHODS = [
    ("gradient_descent", {}),
    ("heavy_ball", {}),
    ("nesterov", {}),
    ("two_step", {}),
    ("qhm", {}),
    ("pytorch_sgd", {}),
    ("pytorch_sgd", {"nesterov": True, "dampening": 0}),
]


@pytest.mark.parametrize(("method", "fixed"), METHODS)
def test_lyapunov_arma_and_kernel_forms_agree(method, fixed):
    """Equality (symbolic): the Lyapunov solution of the rule, the ARMA formula at its
    (T, D, c0, c1) and family_variance's form are one rational function; c0 + c1 = -alpha."""
    assert nd.check_noise(method, **fixed) == 0


@pytest.mark.parametrize(
    ("method", "fixed", "expected"),
    [
        ("gradient_descent", {}, (-alpha, 0)),
        ("heavy_ball", {}, (-alpha, 0)),
        ("nesterov", {}, (-alpha, 0)),
        ("two_step", {}, (-alpha, 0)),
        ("qhm", {}, (-alpha * (1 - nu * beta), alpha * beta * (1 - nu))),
        ("pytorch_sgd", {}, (-lr * (1 - tau), 0)),
        ("pytorch_sgd", {"nesterov": True, "dampening": 0}, (-lr * (1 + m), lr * m)),
    ],
)
def test_moving_average_table(method, fixed, expected):
    """Equality: the (c0, c1) of the table in momentum_theory.methods.noise."""
    c0, c1 = nd.moving_average(method, **fixed)
    assert sp.simplify(c0 - expected[0]) == 0
    assert sp.simplify(c1 - expected[1]) == 0


def test_family_formula_and_its_heavy_ball_case():
    formula = nd.family_variance_formula()
    heavy = formula.subs(gamma, 0)
    issue = alpha * nd.sigma**2 * (1 + beta) / (h * (1 - beta) * (2 * (1 + beta) - alpha * h))
    assert sp.simplify(heavy - issue) == 0


def test_family_formula_is_the_numeric_kernel():
    """Equality: the SymPy formula evaluated equals noise.family_variance."""
    formula = sp.lambdify((alpha, beta, h, nd.sigma, gamma), nd.family_variance_formula())
    rng = np.random.default_rng(0)
    for _ in range(50):
        a, b, g = rng.uniform(0.01, 0.3), rng.uniform(0, 0.9), rng.uniform(0, 1)
        x, s = rng.uniform(0.1, 3), rng.uniform(0.5, 2)
        value = float(noise.family_variance(a, b, x, s, gamma=g))
        if np.isfinite(value):
            assert formula(a, b, x, s, g) == pytest.approx(value, rel=1e-13)


def test_arma_formula_subsumes_gradient_descent():
    gd = nd.arma_variance_formula().subs({nd.c1: 0, nd.D: 0, nd.T: 1 - alpha * h, nd.c0: -alpha})
    assert sp.simplify(gd - alpha * nd.sigma**2 / (h * (2 - alpha * h))) == 0


def test_heavy_ball_second_order_gap_and_next_term():
    """Equality (symbolic): the relative gap is -beta x/(1 - beta^2) - beta x^2 / (2(1 -
    beta^2)(1 + beta)) + O(x^3), as noise.heavy_ball_small_step_gap and the experiment use."""
    assert sp.simplify(nd.heavy_ball_second_order_gap() + alpha * beta * h / (1 - beta**2)) == 0
    x, eps = sp.symbols("x epsilon", positive=True)
    ratio = (1 - x / (2 * (1 - beta))) / (1 - x / (2 * (1 + beta)))
    series = sp.series(ratio.subs(x, eps * x), eps, 0, 3).removeO()
    second = sp.simplify(series.coeff(eps, 2))
    assert sp.simplify(second + beta * x**2 / (2 * (1 - beta**2) * (1 + beta))) == 0
    # And the closed ratio is the one SymPy's Lyapunov solutions give.
    hb = nd.stationary_variance("heavy_ball")
    gd = nd.stationary_variance("gradient_descent").subs(alpha, alpha / (1 - beta))
    assert sp.simplify(hb / gd - ratio.subs(x, alpha * h)) == 0


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("nesterov", -alpha * beta * h * (beta + 2) / (1 - beta**2)),
        ("two_step", -alpha * h * (beta * gamma + beta + gamma) / (1 - beta**2)),
    ],
)
def test_first_order_gap_of_other_methods(method, expected):
    assert sp.simplify(nd.small_step_expansion(method) - expected) == 0


def test_gradient_descent_has_no_gap():
    assert nd.small_step_expansion("gradient_descent") == 0


def test_a_rule_with_two_gradients_is_refused(monkeypatch):
    from momentum_theory.methods import get

    method = get("heavy_ball")

    def twice(state, gradient, *, alpha, beta, first=False):
        x, previous = state
        return x - alpha * (gradient(x) + gradient(previous)) / 2, x

    monkeypatch.setattr(type(method), "_rule", staticmethod(twice))
    nd._system.cache_clear()
    try:
        with pytest.raises(ValueError, match="evaluates 2 gradients per step"):
            nd.linear_system("heavy_ball")
    finally:
        nd._system.cache_clear()
        nd._lyapunov.cache_clear()
