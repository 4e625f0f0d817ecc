"""qhm: its map and rule written out by hand, its numerical optimum against Polyak's bound
(with and without its heavy-ball seed), and the mode the iterates never see at nu = 0."""

import math

import numpy as np
import pytest

from momentum_theory import methods, optimal_parameters
from momentum_theory.methods._minimax import minimize_worst_case
from momentum_theory.rates import empirical_rate
from momentum_theory.simulate import run

QHM = methods.get("qhm")
EQUAL = 1e-12
OPTIMUM_TOLERANCE = 1e-6  # the stated tolerance of the numerical optimum
SETTINGS = [{"alpha": 0.5, "beta": 0.9, "nu": 0.7}, {"alpha": 0.2, "beta": 0.5, "nu": 1.0}]


@pytest.mark.parametrize("params", SETTINGS)
def test_family_is_the_hand_written_map(params):
    """(alpha (1 - beta), beta, beta (1 - nu)/(1 - beta)): the buffer eliminated by hand."""
    a, b, nu = params["alpha"], params["beta"], params["nu"]
    family = QHM.family(**params)
    actual = (family.alpha, family.beta, family.gamma, family.curvature_shift)
    expected = (a * (1 - b), b, b * (1 - nu) / (1 - b), 0.0)
    np.testing.assert_allclose(actual, expected, rtol=1e-15, atol=0)
    assert QHM.step_scale(**params) == 1 - b  # family step = alpha (1 - beta)


@pytest.mark.parametrize("params", SETTINGS)
def test_run_is_the_textbook_loop(params):
    """Equality to 1e-12: g <- beta g + (1 - beta) grad, x <- x - alpha ((1 - nu) grad + nu g)."""
    h, x, buffer, expected = 3.0, 1.0, 0.0, [1.0]
    for _ in range(100):
        gradient = h * x
        buffer = params["beta"] * buffer + (1 - params["beta"]) * gradient
        x = x - params["alpha"] * ((1 - params["nu"]) * gradient + params["nu"] * buffer)
        expected.append(abs(x))
    result = run("qhm", h, 1.0, 100, **params)
    np.testing.assert_allclose(result.distances, expected, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("kappa", [1.0, 10.0, 1e4])
def test_known_optimum_is_polyaks_rate(kappa):
    """QHM contains heavy ball (nu = 1): its optimum over quadratics is Polyak's."""
    root = math.sqrt(kappa)
    assert QHM.optimal_parameters(mu=1.0, L=kappa).known_optimum == pytest.approx(
        (root - 1) / (root + 1), abs=EQUAL
    )


def test_search_without_its_seed_for_moderate_kappa():
    """The grid and Nelder--Mead alone (no heavy-ball start) reach Polyak's rate to 1e-6
    for moderate kappa; near 1 (and at 1e6) the seed is needed (documented)."""
    for kappa in (2.0, 10.0, 1e4):

        def rate(scaled_step, root_beta, nu, kappa=kappa):
            beta = root_beta**2
            alpha = scaled_step / (kappa * (1 - beta))
            return QHM.worst_case_rate(mu=1.0, L=kappa, alpha=alpha, beta=beta, nu=nu)

        _, value = minimize_worst_case(rate, [(0.0, 4.0), (0.0, 0.999), (0.0, 1.0)])
        known = float(optimal_parameters(mu=1.0, L=kappa).known_optimum)
        assert value - known <= OPTIMUM_TOLERANCE


def test_without_nu_the_iterates_hide_the_buffer_mode():
    """A documented exception: with nu = 0 the buffer never reaches x, so x converges at
    |1 - alpha h| while the state's rate (predicted) is max(|1 - alpha h|, beta)."""
    params = {"alpha": 0.1, "beta": 0.95, "nu": 0.0}
    assert float(QHM.spectral_radius(3.0, **params)) == pytest.approx(0.95, abs=1e-15)
    measured = float(empirical_rate(run("qhm", 3.0, 1.0, 400, **params).log_distances, log=True))
    assert measured == pytest.approx(0.7, rel=1e-9)


def test_no_published_tunings():
    assert QHM.tunings == ()
