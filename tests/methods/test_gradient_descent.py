"""gradient_descent: its map and rule written out by hand, and its optimum by brute force."""

import numpy as np
import pytest

from momentum_theory import methods
from momentum_theory.simulate import run

GD = methods.get("gradient_descent")
# Closed-form rates are evaluated by the kernel to 1e-14; the equalities below allow a few
# roundings of the closed forms themselves.
EQUAL = 1e-12
SETTINGS = [{"alpha": 0.05}, {"alpha": 0.19}]


@pytest.mark.parametrize("params", SETTINGS)
def test_family_is_the_hand_written_map(params):
    family = GD.family(**params)
    actual = (family.alpha, family.beta, family.gamma, family.curvature_shift)
    np.testing.assert_allclose(actual, (params["alpha"], 0.0, 0.0, 0.0), rtol=1e-15, atol=0)


@pytest.mark.parametrize("params", SETTINGS)
def test_run_is_the_textbook_loop(params):
    """Equality to 1e-12 relative over 100 steps on 3 x^2/2: x <- x - alpha h x."""
    x, expected = 1.0, [1.0]
    for _ in range(100):
        x = x - params["alpha"] * (3.0 * x)
        expected.append(abs(x))
    result = run("gradient_descent", 3.0, 1.0, 100, **params)
    np.testing.assert_allclose(result.distances, expected, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("kappa", (1.0, 1.5, 10.0, 100.0))
def test_optimum_against_brute_force(kappa, brute_force_minimax):
    """Equalities: the rate and known optimum are (kappa - 1)/(kappa + 1); a bound: a
    20001-point grid of steps does not beat it and comes within a grid cell of it."""
    opt = GD.optimal_parameters(mu=1.0, L=kappa)
    assert float(opt.rate) == pytest.approx((kappa - 1) / (kappa + 1), abs=EQUAL)
    assert float(opt.known_optimum) == pytest.approx((kappa - 1) / (kappa + 1), abs=EQUAL)
    assert float(opt.alpha) == pytest.approx(2 / (1 + kappa), rel=1e-15)
    alphas = np.linspace(0.0, 2.0 / kappa * 1.5, 20001)
    brute = brute_force_minimax(lambda a: (a, 0 * a, 0 * a), [alphas], [1.0, kappa])
    step = alphas[1] - alphas[0]
    assert float(opt.rate) - 1e-12 <= brute <= float(opt.rate) + kappa * step
