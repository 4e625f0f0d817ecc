"""methods.grid: a method's rate over two of its parameters, and cell centres."""

import numpy as np
import pytest

from momentum_theory import spectral_radius, worst_case_rate
from momentum_theory.family import spectral_radius_eig
from momentum_theory.methods import cell_centres, method_grid


def test_heavy_ball_grid_is_the_kernel_on_every_cell():
    """Equality: the grid is the family's kernel evaluated elementwise, rows momenta."""
    alpha, beta = np.linspace(0.01, 0.5, 7), np.linspace(0.0, 0.95, 5)
    grid = method_grid("heavy_ball", ("alpha", alpha), ("beta", beta), mu=1.0, L=10.0)
    expected = worst_case_rate(alpha[np.newaxis, :], beta[:, np.newaxis], mu=1.0, L=10.0)
    np.testing.assert_array_equal(grid.rate, expected)
    assert grid.rate.shape == (5, 7) and not grid.is_single_curvature
    single = method_grid("heavy_ball", ("alpha", alpha), ("beta", beta), h=2.0)
    assert single.is_single_curvature and (single.mu, single.L) == (2.0, 2.0)
    np.testing.assert_array_equal(
        single.rate, spectral_radius(alpha[np.newaxis, :], beta[:, np.newaxis], 2.0)
    )


def test_columns_for_csv_are_one_row_per_cell_and_for_npz_the_grid_as_it_is():
    grid = method_grid("heavy_ball", ("alpha", [0.1, 0.2, 0.3]), ("beta", [0.0, 0.5]), mu=1, L=4)
    rows = {name: column.ravel() for name, column in grid.as_columns("csv").items()}
    assert list(rows) == ["alpha", "beta", "rate"]
    for alpha, beta, rate in zip(rows["alpha"], rows["beta"], rows["rate"]):
        assert rate == worst_case_rate(alpha, beta, mu=1.0, L=4.0)  # equality: the same kernel
    np.testing.assert_array_equal(rows["beta"], [0.0, 0.0, 0.0, 0.5, 0.5, 0.5])
    archive = grid.as_columns("npz")
    assert list(archive) == ["alpha", "beta", "rate", "mu", "L"]
    assert archive["rate"] is grid.rate and archive["mu"] == 1.0 and archive["L"] == 4.0
    assert archive["mu"].shape == archive["L"].shape == ()
    with pytest.raises(ValueError, match="kind must be one of 'npz', 'csv', got 'json'"):
        grid.as_columns("json")


def test_cell_centres_tile_the_range():
    """Centres of equal cells: (k + 1/2)/n of the way, by hand."""
    np.testing.assert_allclose(cell_centres(0.0, 4.4, 4), [0.55, 1.65, 2.75, 3.85])
    np.testing.assert_allclose(cell_centres(-1.0, 1.0, 2), [-0.5, 0.5])
    with pytest.raises(ValueError, match="high must be"):
        cell_centres(1.0, 1.0, 3)
    with pytest.raises(ValueError, match="count must be"):
        cell_centres(0.0, 1.0, 0)
    with pytest.raises(ValueError, match="high must be"):
        cell_centres(0.0, float("nan"), 4)
    centres = cell_centres(-1.0, 1.0, 600)  # strictly inside, equal widths
    assert -1.0 < centres[0] < centres[-1] < 1.0
    np.testing.assert_allclose(np.diff(centres), 2.0 / 600, rtol=1e-12)


def test_optimum_on_slice_is_the_methods_optimum_where_the_fixed_values_are_its_own():
    from momentum_theory import methods, optimal_parameters

    axes = (("alpha", [0.1, 0.2]), ("beta", [0.1, 0.2]))
    heavy = method_grid("heavy_ball", *axes, mu=1.0, L=100.0).optimum_on_slice()
    assert dict(heavy.parameters) == dict(optimal_parameters(mu=1.0, L=100.0).parameters)
    assert method_grid("heavy_ball", *axes, h=1.0).optimum_on_slice() is None
    # PyTorch: tuned for the fixed dampening; none when an axis is an option.
    sgd = method_grid("pytorch_sgd", ("lr", [0.1]), ("momentum", [0.5]), mu=1, L=10,
                      dampening=0.5).optimum_on_slice()  # fmt: skip
    expected = methods.get("pytorch_sgd").optimal_parameters(mu=1.0, L=10.0, dampening=0.5)
    assert dict(sgd.parameters) == dict(expected.parameters)
    grid = method_grid("pytorch_sgd", ("lr", [0.1]), ("dampening", [0.5]), mu=1, L=10)
    assert grid.optimum_on_slice() is None


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
