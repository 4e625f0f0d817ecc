"""The optimal subject: Polyak's optimum per spectrum against its closed form in mpmath,
and the claims, each failing when what it checks is wrong."""

import dataclasses

import mpmath
import numpy as np
import pytest
from frozen import assert_frozen

from momentum_theory import family
from momentum_theory.methods import heavy_ball
from momentum_theory.paper import _cache, optimal


@pytest.mark.parametrize(("tag", "mu", "L"), optimal.SPECTRA)
def test_optimum_for_each_spectrum_is_polyaks_closed_form(tag, mu, L):
    """Equality to rounding against mpmath at 50 digits (measured: a few 1e-16)."""
    result = optimal.optimum_for_spectrum(mu=mu, L=L)
    assert_frozen(result)
    with mpmath.workdps(50):
        root_mu, root_L = mpmath.sqrt(mu), mpmath.sqrt(L)
        alpha = 4 / (root_L + root_mu) ** 2
        beta = ((root_L - root_mu) / (root_L + root_mu)) ** 2
        gd_rate = (mpmath.mpf(L) - mu) / (mpmath.mpf(L) + mu)
        expected = (alpha, beta, mpmath.sqrt(beta), 2 / (mpmath.mpf(mu) + L), gd_rate)
    measured = (
        result.alpha,
        result.beta,
        result.rate,
        result.gradient_descent_alpha,
        result.gradient_descent_rate,
    )
    for value, exact in zip(measured, expected):
        assert abs(value / float(exact) - 1) < 1e-14


def test_claims_hold():
    results = optimal.SUBJECT.check()
    assert len(results) == 2 and all(c.passed for c in results), results


def test_rate_claim_fails_for_a_worse_optimum(monkeypatch):
    original = heavy_ball.optimal_parameters

    def worse(*, mu, L):
        opt = original(mu=mu, L=L)
        parameters = {**opt.parameters, "alpha": opt.alpha * (1 + 1e-4)}
        return dataclasses.replace(opt, parameters=parameters)

    monkeypatch.setattr(optimal, "optimal_parameters", worse)
    with _cache.isolated():
        assert not optimal.optimal_rate().passed


def test_endpoint_claim_fails_when_the_worst_case_misses_the_interior(monkeypatch):
    original = family.worst_case_rate
    monkeypatch.setattr(optimal, "worst_case_rate", lambda *a, **k: original(*a, **k) - 1e-6)
    assert not optimal.worst_case_at_endpoint().passed


# ---- the proof of the family bound (paper, sec:optimal, prop:family-bound) ----------------
# Checked independently of the toolkit: the family's matrix comes from its update rule by
# SymPy, root moduli from numpy.roots.


def _family_trace_and_determinant():
    """Symbols and the trace T and determinant D of the two-step family on h x^2/2, derived
    here from the update rule (not from the toolkit's map)."""
    import sympy as sp

    alpha, beta, gamma, h, x, x_previous = sp.symbols("alpha beta gamma h x x_previous")
    y = x + gamma * (x - x_previous)
    x_next = x + beta * (x - x_previous) - alpha * h * y
    matrix = sp.Matrix([[sp.diff(x_next, x), sp.diff(x_next, x_previous)], [1, 0]])
    return (alpha, beta, gamma, h), matrix.trace(), matrix.det()


def _in_triangle(trace, determinant, r):
    """(T, D) in S_r = {|D| <= r^2, |T| <= r + D/r}, the proof's closed triangle."""
    return abs(determinant) <= r**2 and abs(trace) <= r + determinant / r


def test_family_bound_proof():
    """Exact, with SymPy: 1 - T + D = alpha h for the whole family; over S_r the affine
    1 - T + D lies between (1 - r)^2 and (1 + r)^2, taken only at the vertices (2r, r^2)
    and (-2r, r^2); these bounds at mu and L give kappa <= ((1 + r)/(1 - r))^2, i.e.
    r >= (sqrt(kappa) - 1)/(sqrt(kappa) + 1); and equality (double roots r at mu, -r at L)
    has the one solution gamma = 0, beta = r^2, alpha = (1 + r)^2/L: Polyak's."""
    import sympy as sp

    (alpha, beta, gamma, h), trace, determinant = _family_trace_and_determinant()
    assert sp.expand(1 - trace + determinant - alpha * h) == 0

    r = sp.Symbol("r", positive=True)
    vertices = [(2 * r, r**2), (-2 * r, r**2), (sp.Integer(0), -(r**2))]
    lam = sp.Symbol("lambda")
    for t, d in vertices:  # each vertex has both roots on the circle of radius r
        for root in sp.solve(lam**2 - t * lam + d, lam):
            assert sp.simplify(sp.Abs(root) - r) == 0
    values = [sp.expand(1 - t + d) for t, d in vertices]
    assert values == [sp.expand((1 - r) ** 2), sp.expand((1 + r) ** 2), 1 - r**2]
    # The third value lies strictly between the others for 0 < r < 1.
    assert sp.expand(values[2] - values[0] - 2 * r * (1 - r)) == 0
    assert sp.expand(values[1] - values[2] - 2 * r * (1 + r)) == 0

    kappa = sp.Symbol("kappa", positive=True)
    (bound,) = sp.solve(sp.Eq((1 + r) / (1 - r), sp.sqrt(kappa)), r)
    assert sp.simplify(bound - (sp.sqrt(kappa) - 1) / (sp.sqrt(kappa) + 1)) == 0

    mu, L = sp.symbols("mu L", positive=True)
    at = {"mu": {h: mu}, "L": {h: L}}
    equations = [
        determinant.subs(at["mu"]) - r**2,
        determinant.subs(at["L"]) - r**2,
        trace.subs(at["mu"]) - 2 * r,
        trace.subs(at["L"]) + 2 * r,
    ]
    # Two solutions: Polyak's rate and its reciprocal, which is above 1 (the proof has r < 1).
    polyak = (sp.sqrt(L) - sp.sqrt(mu)) / (sp.sqrt(L) + sp.sqrt(mu))
    solutions = sp.solve(equations, [alpha, beta, gamma, r], dict=True)
    assert len(solutions) == 2, solutions
    rates = [solution[r] for solution in solutions]
    assert sorted(sp.simplify(rate * polyak) == 1 for rate in rates) == [False, True]
    (solution,) = [s for s in solutions if sp.simplify(s[r] - polyak) == 0]
    assert solution[gamma] == 0
    assert sp.simplify(solution[beta] - polyak**2) == 0
    assert sp.simplify(solution[alpha] - (1 + polyak) ** 2 / L) == 0


def test_family_bound_triangle_and_samples():
    """The triangle S_r is the set where both roots have modulus <= r (numpy.roots at random
    (T, D), away from its boundary); and at random family members the worst root modulus
    over {mu, L} is never below the bound (a bound: margin 1e-12 for rounding)."""
    rng = np.random.default_rng(24)
    for _ in range(2000):
        r = rng.uniform(0.05, 0.99)
        t, d = rng.uniform(-2.5, 2.5), rng.uniform(-1.2, 1.2)
        slack = min(r**2 - abs(d), r + d / r - abs(t))
        if abs(slack) < 1e-6:
            continue
        inside = max(abs(np.roots([1.0, -t, d]))) <= r
        assert inside == _in_triangle(t, d, r), (t, d, r)

    mu, L = 1.0, 100.0
    bound = (np.sqrt(L / mu) - 1) / (np.sqrt(L / mu) + 1)
    for _ in range(2000):
        alpha = rng.uniform(0.0, 4.5) / L
        beta, gamma = rng.uniform(-0.5, 1.0), rng.uniform(-1.0, 3.0)
        worst = max(
            max(
                abs(
                    np.roots(
                        [1.0, -(1 + beta - alpha * h * (1 + gamma)), beta - alpha * h * gamma]
                    )
                )
            )
            for h in (mu, L)
        )
        assert worst >= bound - 1e-12
