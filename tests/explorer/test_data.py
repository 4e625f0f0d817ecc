"""The explorer's data: the planes are the package's kernels at the cell centres.

Equalities: the embedded planes are the package's kernels at the cell centres, the optima
are ``optimal_parameters``. Bounds: traced curves lie within a cell of the closed forms.
"""

from __future__ import annotations

import numpy as np
import pytest

from momentum_theory import critical_beta, methods
from momentum_theory.explorer import explorer_data, plane_axes

CLOSED_FORMS = tuple(name for name in methods.names() if methods.get(name).closed_form_optimum)


def test_every_method_has_a_plane(data):
    assert data.methods == methods.names()
    assert set(data.planes) == {(0, name) for name in methods.names()}


@pytest.mark.parametrize("name", methods.names())
def test_a_plane_is_the_methods_step_and_momentum_over_its_typical_steps(data, name):
    method = methods.get(name)
    axes = plane_axes(method)
    plane = data.planes[0, name]
    assert (plane.x_name, plane.y_name) == (axes.x, axes.y)
    assert method.parameter(axes.x).kind == "step"
    assert axes.y is None or method.parameter(axes.y).kind == "momentum"
    assert axes.x_span == method.parameter(axes.x).typical[1]


@pytest.mark.parametrize("name", methods.names())
def test_plane_rates_are_the_kernels_at_the_cell_centres(data, name):
    plane = data.planes[0, name]
    method = methods.get(name)
    if plane.y is None:
        expected = method.worst_case_rate(
            mu=1.0, L=100.0, **{plane.x_name: plane.x}, **plane.fixed
        )
    else:
        x, y = np.meshgrid(plane.x, plane.y)
        expected = method.worst_case_rate(
            mu=1.0, L=100.0, **{plane.x_name: x, plane.y_name: y}, **plane.fixed
        )
        assert plane.rate.shape == (40, 40)
        assert plane.y[0] > 0 and plane.y[-1] < 1  # cell centres: beta = 1 is never sampled
    np.testing.assert_array_equal(plane.rate, expected)
    assert 0 < plane.x[0] and plane.x[-1] < plane.x_max


@pytest.mark.parametrize("name", methods.names())
def test_optimum_is_the_methods_and_lies_in_the_plane(data, name):
    plane = data.planes[0, name]
    method = methods.get(name)
    if name in CLOSED_FORMS:  # cheap to recompute; the numerical optima take a second each
        optimum = method.optimal_parameters(mu=1.0, L=100.0)
        assert plane.optimum == {k: float(v) for k, v in optimum.parameters.items()}
        # Nesterov's closed-form rate is 2.5e-9 from the rate at its rounded parameters:
        # at a double root, rho moves like the square root of a perturbation.
        assert plane.optimal_rate == pytest.approx(float(optimum.rate), rel=1e-8)
    else:  # their optimum over quadratics is Polyak's rate (the methods' Notes)
        assert plane.optimal_rate == pytest.approx((10 - 1) / (10 + 1), rel=1e-6)
    # The rate shown is the rate at the stored parameters, exactly.
    assert plane.optimal_rate == float(method.worst_case_rate(mu=1.0, L=100.0, **plane.optimum))
    assert 0 < plane.optimum[plane.x_name] < plane.x_max
    # The parameters off the plane are the defaults, or the optimum's where there is none.
    for parameter, value in plane.fixed.items():
        assert value == method.defaults.get(parameter, plane.optimum[parameter])
        assert plane.optimum[parameter] == value  # so the optimum lies in the plane


@pytest.mark.parametrize("name", [n for n in methods.names() if n != "gradient_descent"])
def test_momentum_axis_is_logarithmic_in_one_minus_beta_and_holds_the_optimum(data, name):
    """Rows evenly spaced in -log10(1 - beta) from 0 to the top, 1 - 10**-max(2,
    log10(kappa)/2 + 1) (momentum-theory heatmap's scaled axes); the gap is 1 - rate."""
    plane = data.planes[0, name]
    coordinates = -np.log10(1 - plane.y)
    top = -np.log10(1 - plane.y_max)
    np.testing.assert_allclose(coordinates, (np.arange(40) + 0.5) * top / 40, rtol=1e-12)
    assert plane.y_max == pytest.approx(0.99, rel=1e-15)  # kappa = 100: 1 - 1e-2
    assert 0 <= plane.optimum[plane.y_name] < plane.y_max
    converges = methods.get(name).convergence_region(1.0, **_cells(plane)) & methods.get(
        name
    ).convergence_region(100.0, **_cells(plane))
    np.testing.assert_array_equal(plane.gap > 0, converges)
    np.testing.assert_allclose(plane.gap[converges], 1 - plane.rate[converges], atol=1e-15)


def _cells(plane):
    x, y = np.meshgrid(plane.x, plane.y)
    return {plane.x_name: x, plane.y_name: y, **plane.fixed}


@pytest.mark.parametrize(("mu", "L"), [(0.01, 50.0), (1.0, 1e6)])
def test_large_condition_numbers_keep_the_optimum_inside_a_resolved_plane(mu, L):
    """At kappa = 5000 and 1e6 the optimal momentum (1 - beta about 2/sqrt(kappa)) lies
    inside the plane with rows on both sides, and the fastest cells sit at the optimum."""
    small = explorer_data([(mu, L)], methods=["heavy_ball", "nesterov"], resolution=40)
    for name in ("heavy_ball", "nesterov"):
        plane = small.planes[0, name]
        beta = plane.optimum["beta"]
        coordinates = -np.log10(1 - plane.y)
        row = np.searchsorted(plane.y, beta)
        assert 5 <= row <= 35, (name, beta, coordinates)  # well inside, not in the top row
        assert plane.y_max == pytest.approx(1 - 10 ** -(np.log10(L / mu) / 2 + 1), rel=1e-12)
        rate = np.where(plane.gap > 0, plane.rate, np.inf)
        fastest_row = np.unravel_index(np.argmin(rate), rate.shape)[0]
        assert abs(fastest_row - row) <= 2, (name, fastest_row, row)


def test_heavy_ball_curves_lie_on_the_closed_forms(data):
    """Critical curves beta = (1 - sqrt(alpha h))^2, boundary alpha = 2 (1 + beta) / L, to
    within a traced cell (1/200 of each axis)."""
    plane = data.planes[0, "heavy_ball"]
    cell = max(plane.x_max, 1.0) / 200
    for end, h in (("mu", 1.0), ("L", 100.0)):
        points = np.concatenate(plane.critical[end])
        assert len(points) > 50
        closed = critical_beta(points[:, 0], h)
        assert np.max(np.abs(points[:, 1] - closed)) < 2 * cell
    boundary = np.concatenate(plane.boundary)
    interior = boundary[boundary[:, 1] < 0.99]
    assert np.max(np.abs(interior[:, 0] - 2 * (1 + interior[:, 1]) / 100)) < 2 * cell


def test_gradient_descent_plane_is_a_curve_with_its_boundary_and_double_root(data):
    plane = data.planes[0, "gradient_descent"]
    assert plane.y is None and plane.rate.ndim == 1
    ((boundary,),) = [line for line in plane.boundary]
    assert boundary[0] == pytest.approx(2 / 100, rel=1e-3)  # rho = 1 at alpha = 2/L
    (root,) = plane.critical["L"]
    assert root[0, 0] == pytest.approx(1 / 100, rel=1e-3)  # T = 0 at alpha = 1/L
    assert plane.critical["mu"] == ()  # 1/mu lies beyond the plane


def test_only_qhm_step_axis_reaches_past_the_standard_span(data):
    """QHM's optimal alpha, about sqrt(kappa)/L, lies beyond 4.4/L: the axis follows it."""
    for name in methods.names():
        plane = data.planes[0, name]
        if name == "qhm":
            assert plane.x_max == pytest.approx(1.5 * plane.optimum["alpha"])
            assert plane.x_max > plane_axes(methods.get("qhm")).x_span / 100.0
        else:
            assert plane.x_max == plane_axes(methods.get(name)).x_span / 100.0


@pytest.mark.parametrize(
    ("spectra", "options", "message"),
    [
        ([(2.0, 1.0)], {}, "mu must be at most L"),
        ([(0.0, 1.0)], {}, "mu must be positive, got 0"),
        ([], {}, "at least one spectrum"),
        ([(1.0, 10.0)], {"methods": ["adam"]}, "method must be one of"),
        ([(1.0, 10.0)], {"resolution": 1}, "resolution"),
    ],
)
def test_bad_settings_are_refused(spectra, options, message):
    with pytest.raises(ValueError, match=message):
        explorer_data(spectra, **options)
