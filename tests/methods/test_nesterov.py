"""nesterov: its map and rule written out by hand, its optimum by brute force, and the
published tunings against their closed forms."""

import math

import numpy as np
import pytest

from momentum_theory import methods
from momentum_theory.simulate import run

NAG = methods.get("nesterov")
EQUAL = 1e-12
# Where a tuning puts an end of the spectrum exactly on the critical curve, rho of the
# rounded parameters moves like the square root of their rounding error: about 1e-8.
CRITICAL = 1e-7
SETTINGS = [{"alpha": 0.05, "beta": 0.3}, {"alpha": 0.09, "beta": 0.8}]
TUNING_KAPPAS = (2.0, 10.0, 100.0, 1e4)


@pytest.mark.parametrize("params", SETTINGS)
def test_family_is_the_hand_written_map(params):
    """(alpha, beta, gamma) = (alpha, beta, beta): the gradient at the extrapolated point."""
    family = NAG.family(**params)
    actual = (family.alpha, family.beta, family.gamma, family.curvature_shift)
    expected = (params["alpha"], params["beta"], params["beta"], 0.0)
    np.testing.assert_allclose(actual, expected, rtol=1e-15, atol=0)


@pytest.mark.parametrize("params", SETTINGS)
def test_run_is_the_textbook_loop(params):
    """Equality to 1e-12 relative: y = x + beta (x - x_prev), x <- y - alpha h y."""
    h, x, previous, expected = 3.0, 1.0, 1.0, [1.0]
    for _ in range(100):
        y = x + params["beta"] * (x - previous)
        x, previous = y - params["alpha"] * h * y, x
        expected.append(abs(x))
    result = run("nesterov", h, 1.0, 100, **params)
    np.testing.assert_allclose(result.distances, expected, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("kappa", (1.0, 1.5, 10.0, 100.0))
def test_optimum_against_brute_force(kappa, brute_force_minimax):
    """A bound and an equality: a 401 x 401 grid over (alpha, beta), the rate maximised over
    30 sampled curvatures by a plain formula, must not beat the optimum (by more than 1e-9)
    and must come within a grid cell's worth of it; the known optimum is Lessard, Recht and
    Packard's 1 - 2/sqrt(3 kappa + 1), the rate the kernel's, within CRITICAL of it."""
    opt = NAG.optimal_parameters(mu=1.0, L=kappa)
    known = 1 - 2 / math.sqrt(3 * kappa + 1)
    assert float(opt.known_optimum) == pytest.approx(known, abs=EQUAL)
    assert float(opt.rate) == pytest.approx(known, abs=CRITICAL)
    alphas = np.linspace(0.0, 4.0 / kappa, 401)
    betas = np.linspace(0.0, 0.99, 401)
    hs = np.linspace(1.0, kappa, 30)
    brute = brute_force_minimax(lambda a, b: (a, b, b), [alphas, betas], hs)
    assert brute >= float(opt.rate) - 1e-9
    assert brute <= float(opt.rate) + 0.03


def test_tuning_names():
    assert NAG.tunings == ("textbook", "quadratic_optimal")


@pytest.mark.parametrize("kappa", TUNING_KAPPAS)
def test_quadratic_optimal_tuning_is_the_optimum(kappa):
    """Equalities: the tuning is the closed-form optimum, and its rate the published."""
    result = NAG.tuning("quadratic_optimal", mu=1.0, L=kappa)
    opt = NAG.optimal_parameters(mu=1.0, L=kappa)
    assert result.parameters == pytest.approx(
        {k: float(v) for k, v in opt.parameters.items()}, rel=EQUAL
    )
    assert result.rate == pytest.approx(result.published_rate, abs=CRITICAL)


@pytest.mark.parametrize("kappa", TUNING_KAPPAS)
def test_textbook_rate(kappa):
    """Equality: on quadratics 1 - 1/sqrt(kappa) (mu critically damped, so to CRITICAL; L
    a double eigenvalue 0); a bound: below the published rate sqrt(1 - 1/sqrt(kappa))."""
    result = NAG.tuning("textbook", mu=1.0, L=kappa)
    rho = 1 - 1 / math.sqrt(kappa)
    assert result.rate == pytest.approx(rho, abs=CRITICAL)
    at_L = float(NAG.spectral_radius(kappa, **result.parameters))
    assert at_L == pytest.approx(0.0, abs=CRITICAL)
    assert result.published_rate == pytest.approx(math.sqrt(rho), rel=1e-15)
    assert result.rate <= result.published_rate


def test_tuning_spectrum_is_checked():
    with pytest.raises(ValueError, match="mu must be at most L"):
        NAG.tuning("textbook", mu=10.0, L=1.0)
