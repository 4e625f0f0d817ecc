"""methods.method_grid: a method's rate over two of its parameters."""

import numpy as np
import pytest

from momentum_theory import rate_grid, spectral_radius_eig
from momentum_theory.methods import method_grid


def test_heavy_ball_grid_is_the_heavy_ball_rate_grid():
    alpha, beta = np.linspace(0.01, 0.5, 7), np.linspace(0.0, 0.95, 5)
    grid = method_grid("heavy_ball", ("alpha", alpha), ("beta", beta), mu=1.0, L=10.0)
    np.testing.assert_array_equal(grid.rate, rate_grid(alpha, beta, mu=1.0, L=10.0).rate)
    assert grid.rate.shape == (5, 7) and not grid.is_single_curvature


def test_nesterov_grid_matches_an_eigensolver_and_its_critical_curve():
    alpha, beta = np.linspace(0.05, 1.2, 40), np.linspace(0.0, 0.9, 30)
    grid = method_grid("nesterov", ("alpha", alpha), ("beta", beta), h=1.0)
    a, b = np.meshgrid(alpha, beta)
    np.testing.assert_allclose(grid.rate, spectral_radius_eig(a, b, 1.0, b), atol=1e-7)
    # Critical curve alpha h = ((1 - beta)/(1 + beta))^2: the discriminant changes sign there.
    discriminant = grid.discriminant(1.0)
    below = a < ((1 - b) / (1 + b)) ** 2 * 0.98
    above = (a > ((1 - b) / (1 + b)) ** 2 * 1.02) & (a < 0.98)
    assert (discriminant[below] > 0).all() and (discriminant[above] < 0).all()


def test_axes_can_be_any_parameters_with_the_rest_fixed():
    grid = method_grid("qhm", ("nu", [0.0, 0.7, 1.0]), ("beta", [0.5, 0.9]), h=2.0, alpha=0.1)
    assert grid.fixed == {"alpha": 0.1}
    assert grid.parameters()["nu"].shape == (2, 3)
    sgd = method_grid("pytorch_sgd", ("lr", [0.1]), ("momentum", [0.9]), h=1.0, nesterov=True)
    assert sgd.fixed["nesterov"] is True and sgd.fixed["dampening"] == 0.0
    assert sgd.rate[0, 0] == pytest.approx(0.9)  # Nesterov at alpha h = 0.1: see the doctest
    assert sgd.converges()[0, 0]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: method_grid("heavy_ball", ("gamma", [0.1]), ("beta", [0.1]), h=1), "numeric"),
        (lambda: method_grid("heavy_ball", ("beta", [0.1]), ("beta", [0.1]), h=1), "different"),
        (lambda: method_grid("heavy_ball", ("alpha", [0.1]), ("beta", [0.1])), "give either"),
        (
            lambda: method_grid("heavy_ball", ("alpha", [0.1]), ("beta", [0.1]), h=1, beta=0.5),
            "axis",
        ),
        (
            lambda: method_grid("pytorch_sgd", ("nesterov", [1]), ("lr", [0.1]), h=1),
            "numeric",
        ),
    ],
)
def test_bad_grids_are_refused_naming_the_problem(call, message):
    with pytest.raises(ValueError, match=message):
        call()
