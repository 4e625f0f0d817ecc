"""The optimal subject: Polyak's optimum per spectrum against its closed form in mpmath,
and the claims, each failing when what it checks is wrong."""

import dataclasses

import mpmath
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
