"""two_step: its map and rule written out by hand, its numerical optimum against Polyak's
bound, and triple momentum against its published values."""

import math

import numpy as np
import pytest

from momentum_theory import methods
from momentum_theory.simulate import run

TWO = methods.get("two_step")
EQUAL = 1e-12
SETTINGS = [
    {"alpha": 0.05, "beta": 0.5, "gamma": 0.2},
    {"alpha": 0.1, "beta": 0.7, "gamma": 0.1},
]
TUNING_KAPPAS = (2.0, 10.0, 100.0, 1e4)


@pytest.mark.parametrize("params", SETTINGS)
def test_family_is_the_hand_written_map(params):
    family = TWO.family(**params)
    actual = (family.alpha, family.beta, family.gamma, family.curvature_shift)
    expected = (params["alpha"], params["beta"], params["gamma"], 0.0)
    np.testing.assert_allclose(actual, expected, rtol=1e-15, atol=0)


@pytest.mark.parametrize("params", SETTINGS)
def test_run_is_the_textbook_loop(params):
    """Equality to 1e-12: y = x + gamma (x - x_prev), x <- x + beta (x - x_prev) - alpha h y."""
    h, x, previous, expected = 3.0, 1.0, 1.0, [1.0]
    for _ in range(100):
        y = x + params["gamma"] * (x - previous)
        x, previous = x + params["beta"] * (x - previous) - params["alpha"] * h * y, x
        expected.append(abs(x))
    result = run("two_step", h, 1.0, 100, **params)
    np.testing.assert_allclose(result.distances, expected, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("kappa", [1.0, 10.0, 1e4])
def test_known_optimum_is_polyaks_rate(kappa):
    """Equality with (sqrt kappa - 1)/(sqrt kappa + 1): no member of the family does better
    on quadratics, and heavy ball attains it."""
    opt = TWO.optimal_parameters(mu=1.0, L=kappa)
    root = math.sqrt(kappa)
    assert opt.known_optimum == pytest.approx((root - 1) / (root + 1), abs=EQUAL)


@pytest.mark.parametrize("kappa", TUNING_KAPPAS)
def test_triple_momentum_rate_is_one_minus_one_over_root_kappa(kappa):
    """Equality to 1e-12 on quadratics, attained at both ends of the spectrum."""
    tm = TWO.tuning("triple_momentum", mu=1.0, L=kappa)
    rho = 1 - 1 / math.sqrt(kappa)
    assert tm.rate == pytest.approx(rho, abs=EQUAL)
    assert tm.published_rate == pytest.approx(rho, abs=1e-15)
    for h in (1.0, kappa):
        assert float(TWO.spectral_radius(h, **tm.parameters)) == pytest.approx(rho, abs=EQUAL)
    # Published values: alpha = (1 + rho)/L, beta = rho^2/(2 - rho), gamma = beta/(1 + rho).
    assert tm.parameters["alpha"] == pytest.approx((1 + rho) / kappa, rel=1e-15)
    assert tm.parameters["gamma"] == pytest.approx(tm.parameters["beta"] / (1 + rho), rel=1e-15)


def test_tuning_names():
    assert TWO.tunings == ("triple_momentum",)
