"""Numeric kernels against independent references: mpmath, sympy, LAPACK, simulation."""

import math

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from momentum_theory import (
    companion_matrix,
    convergence_region,
    critical_beta,
    optimal_parameters,
    rate_grid,
    spectral_gap,
    spectral_radius,
    spectral_radius_eig,
    worst_case_rate,
)
from momentum_theory import symbolic as sym
from momentum_theory.reference import (
    critical_points,
    hard_points,
    naive_spectral_radius,
    plain_heavy_ball,
    relative_errors,
    spectral_gap_mpmath,
    spectral_radius_mpmath,
)
from momentum_theory.spectral import stability_position

TOLERANCE = 1e-14  # the documented accuracy of spectral_radius (an upper bound)
rng = np.random.default_rng(12345)


def _more_hard_points() -> list[tuple[float, float, float]]:
    """More points where naive formulas or eigen-solvers lose digits than the shared
    reference.hard_points() (other offsets, tinier beta, beta < 0, h < 0, huge products)."""
    points = []
    # On and next to the critical-damping curve, alpha h from 1e-12 to nearly 4.
    for product in [1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.1, 0.5, 0.9, 1.0, 1.1, 2.0, 3.0, 3.9]:
        on_curve = float(critical_beta(product, 1.0))
        for offset in [0.0, 1e-16, -1e-16, 1e-14, -1e-14, 1e-10, -1e-10, 1e-6, -1e-6, 1e-3]:
            points.append((product, on_curve * (1 + offset), 1.0))
        points.append((product, np.nextafter(on_curve, 2), 1.0))
        points.append((product, np.nextafter(on_curve, -1), 1.0))
    # Tiny rho: beta = 0 (or tiny) and alpha h close to 1.
    for delta in [0.0, 2.0**-52, -(2.0**-53), 1e-15, 1e-12, -1e-9, 1e-5]:
        for beta in [0.0, 1e-300, 1e-30, 1e-16]:
            points.append((1.0 + delta, beta, 1.0))
    # Stability boundary alpha h = 2(1 + beta), beta -> 1.
    for beta in [0.0, 0.5, 0.9, 1 - 1e-8, 1 - 2.0**-53, 0.999999999999]:
        points.append((2 * (1 + beta), beta, 1.0))
        points.append((1e-12, beta, 1.0))
    # Large and small h at a fixed product, and large products.
    for scale in [1e-200, 1e-8, 1e8, 1e150]:
        points.append((0.25 / scale, 0.25, scale))
        points.append((0.01 / scale, 0.81, scale))
    points += [(1e100, 0.5, 1.0), (3.0, 1e200, 1e-150), (7.0, -2.5, -1.5), (0.3, 1.5, -2.0)]
    # fl(alpha h) = 1 while alpha h = 1 + 2^-53 - 2^-105, beta = 1e-40: fl(T/2) = 0 but
    # T/2 ~ -u/2, a real pair with rho = 1.1e-16 (a first-order bound took it for complex).
    points.append((1 + 2.0**-52, 1e-40, 1 - 2.0**-53))
    return points


# The test's own points first: the naive-formula test below reads the first 200.
HARD_POINTS = [*_more_hard_points(), *hard_points(), *critical_points()]


def test_spectral_radius_matches_mpmath_at_hard_points():
    """Equality to TOLERANCE (relative) against a 60-digit eigen-solve of the same matrix."""
    alpha, beta, h = (np.array(v) for v in zip(*HARD_POINTS))
    errors = relative_errors(spectral_radius(alpha, beta, h), HARD_POINTS)
    assert errors.max() <= TOLERANCE, HARD_POINTS[int(errors.argmax())]


def test_naive_formula_really_loses_digits_on_the_curve():
    """The hard points are hard: the naive closed form misses TOLERANCE there by far."""
    worst_naive = worst_ours = 0.0
    for alpha, beta, h in HARD_POINTS[:200]:
        naive = naive_spectral_radius(alpha, beta, h)
        exact = spectral_radius_mpmath(alpha, beta, h)
        if exact == 0:
            continue
        worst_naive = max(worst_naive, float(abs(naive / exact - 1)))
        worst_ours = max(worst_ours, float(abs(spectral_radius(alpha, beta, h) / exact - 1)))
    assert worst_naive > 1e-9
    assert worst_ours <= TOLERANCE


@given(
    alpha=st.floats(-5, 5, allow_nan=False),
    beta=st.floats(-3, 3, allow_nan=False),
    h=st.floats(-5, 5, allow_nan=False),
)
def test_spectral_radius_matches_mpmath_anywhere(alpha, beta, h):
    """Equality to TOLERANCE for any real inputs, including beta < 0, beta >= 1, h <= 0."""
    value = spectral_radius(alpha, beta, h)
    exact = spectral_radius_mpmath(alpha, beta, h)
    if exact == 0:
        assert value == 0
    else:
        assert abs(mpmath.mpf(float(value)) - exact) / exact <= TOLERANCE


def _gap_exact(alpha, beta, h, gamma=0.0):
    """1 - rho from the reference (the two-step rule in exact rationals, mpmath)."""
    return spectral_gap_mpmath("two_step", h, alpha=alpha, beta=beta, gamma=gamma)


def _gap_error(value, exact):
    """Relative error of a gap (absolute where the exact gap is 0)."""
    difference = abs(mpmath.mpf(float(value)) - exact)
    return float(difference / abs(exact)) if exact != 0 else float(difference)


def _near_one_points() -> list[tuple[float, float, float, float]]:
    """(alpha, beta, h, gamma) whose rate is within 1e-12 of 1, either side: gaps from
    about 1e-40 to 1e-12, real, complex and double roots near 1, and near -1."""
    points = []
    for tiny in (1e-40, 1e-30, 1e-20, 1e-15, 1e-12):
        for beta in (0.0, 0.6, 0.99, -0.5):
            points.append((tiny, beta, 1.0, 0.0))  # rho = 1 - tiny/(1 - beta) + ...
            points.append((tiny, beta, -1.0, 0.0))  # h < 0: rho = 1 + ...
            points.append((tiny, beta, 1.0, beta))  # Nesterov
        points.append((1.0, 1.0 - tiny, 1.0, 0.0))  # complex pair of modulus sqrt(beta)
        points.append((1.0, 1.0 + tiny, 1.0, 0.0))
        # A double root near 1: beta on the critical curve of alpha h = tiny^2.
        on_curve = float(critical_beta(tiny * tiny, 1.0))
        for beta in (on_curve, np.nextafter(on_curve, 0), np.nextafter(on_curve, 2)):
            points.append((tiny * tiny, float(beta), 1.0, 0.0))
        # Near -1: the outer boundary alpha h = 2(1 + beta), from inside and outside.
        for beta in (0.0, 0.5, 0.9):
            edge = 2 * (1 + beta)
            points += [(edge * (1 - tiny), beta, 1.0, 0.0), (edge * (1 + tiny), beta, 1.0, 0.0)]
    return points


GAP_POINTS = [(a, b, h, 0.0) for a, b, h in HARD_POINTS] + _near_one_points()


def test_spectral_gap_matches_mpmath():
    """Bound: spectral_gap within TOLERANCE (relative) of 1 - rho in mpmath on the exact
    rationals, at the hard points of the rate and at rates within 1e-12 of 1 (gaps down
    to 1e-40, where 1 - spectral_radius keeps no digit); its sign is the exact region's.
    Measured: at most about 1e-15."""
    for alpha, beta, h, gamma in GAP_POINTS:
        exact = _gap_exact(alpha, beta, h, gamma)
        value = spectral_gap(alpha, beta, h, gamma)
        assert _gap_error(value, exact) <= TOLERANCE, (alpha, beta, h, gamma)
        assert (value > 0) == bool(convergence_region(alpha, beta, h, gamma))


def test_spectral_gap_keeps_the_digits_one_minus_the_rate_loses():
    """The issue's case: rho = 1 - 2.5e-20 rounds to 1.0, and the gap is 2.5e-20 to 1e-14."""
    assert float(spectral_radius(1e-20, 0.6, 1.0)) == 1.0
    exact = _gap_exact(1e-20, 0.6, 1.0)
    assert float(exact) == pytest.approx(2.5e-20, rel=1e-15)
    assert _gap_error(spectral_gap(1e-20, 0.6, 1.0), exact) <= TOLERANCE


@given(
    alpha=st.floats(-5, 5, allow_nan=False),
    beta=st.floats(-3, 3, allow_nan=False),
    h=st.floats(-5, 5, allow_nan=False),
    gamma=st.floats(-2, 2, allow_nan=False),
)
def test_spectral_gap_matches_mpmath_anywhere(alpha, beta, h, gamma):
    """Bound TOLERANCE for any real inputs in the documented range (products normal)."""
    assume(all(v == 0 or abs(v) > 1e-100 for v in (alpha, beta, h, gamma)))
    exact = _gap_exact(alpha, beta, h, gamma)
    assert _gap_error(spectral_gap(alpha, beta, h, gamma), exact) <= TOLERANCE


ULP = 2.0**-53


@pytest.mark.parametrize("beta", [0.0, 1e-40, -1e-33, 3e-33, 1e-20, 1 - ULP, -1 + ULP])
@pytest.mark.parametrize("gamma", [0.0, 1e-20, 0.5])
def test_rate_and_gap_within_ulps_of_alpha_h_one(beta, gamma):
    """Bound TOLERANCE (rate and gap) where alpha h is within a few ulps of 1 or 2, so that
    fl(T/2) rounds to about 0 (or fl(1 + beta) loses beta) and the plain formula would
    decide real against complex wrongly. Measured: at most 7e-16."""
    for alpha in (1 - 4 * ULP, 1.0, 1 + 2 * ULP, 2 - 4 * ULP, 2.0):
        for h in (1 - 2 * ULP, 1 - ULP, 1.0, 1 + 2 * ULP):
            exact = spectral_radius_mpmath(alpha, beta, h, gamma)
            value = float(spectral_radius(alpha, beta, h, gamma))
            assert _gap_error(value, exact) <= TOLERANCE, (alpha, beta, h, gamma)
            gap = _gap_exact(alpha, beta, h, gamma)
            assert _gap_error(spectral_gap(alpha, beta, h, gamma), gap) <= TOLERANCE


def test_spectral_gap_broadcasts_and_propagates_nan():
    gaps = spectral_gap([0.5, np.nan, 1e300], 0.0, [[1.0], [2.0]])
    assert gaps.shape == (2, 3)
    np.testing.assert_array_equal(gaps[:, 0], [0.5, 1.0])  # 1 - |1 - alpha h|
    assert np.isnan(gaps[:, 1]).all()
    assert np.isneginf(gaps[:, 2]).all() or (gaps[:, 2] < -1e299).all()
    assert isinstance(spectral_gap(0.5, 0.0, 1.0), np.float64)


def test_rate_is_at_most_one_where_the_method_converges():
    """Equality-type bound: rho <= 1 exactly wherever convergence_region is True, at rates
    within 1e-12 of 1 (where the plain formula rounds above 1) and in the issue's
    worst_case_rate, whose low end has rho = 1 - 2.5e-16."""
    for alpha, beta, h, gamma in _near_one_points():
        if convergence_region(alpha, beta, h, gamma):
            assert spectral_radius(alpha, beta, h, gamma) <= 1.0
    assert float(spectral_radius(1e-20, 0.6, 1.0)) == 1.0
    assert worst_case_rate(0.01, 0.6, 1e-14, 1.0) <= 1.0
    assert bool(convergence_region(0.01, 0.6, 1e-14))


def test_spectral_radius_on_a_large_random_grid_matches_lapack_away_from_the_curve():
    """Equality to 1e-12 against batched LAPACK where A is far from defective."""
    alpha = rng.uniform(0, 4, 20000)
    beta = rng.uniform(-0.9, 1.5, 20000)
    h = rng.uniform(0.1, 2, 20000)
    trace = 1 + beta - alpha * h
    far = np.abs(trace**2 - 4 * beta) > 1e-3
    ours = spectral_radius(alpha, beta, h)[far]
    lapack = spectral_radius_eig(alpha, beta, h)[far]
    np.testing.assert_allclose(ours, lapack, rtol=1e-12)


def test_spectral_radius_is_the_measured_rate_of_a_plain_loop_simulation():
    """Equality to 1e-5: a plain Python loop of the recursion decays (or grows) at rho(A),
    measured by rates.empirical_rate over 2000 steps, away from the critical curve (real,
    complex and unstable cases). 1e-5 covers the estimator's documented error on one
    complex mode, about 2/(N w |sin theta|); real modes agree to about 1e-8."""
    from momentum_theory.rates import empirical_rate

    for alpha, beta, h in [(0.1, 0.5, 1.0), (0.5, 0.9, 1.0), (1.9, 0.2, 1.0), (0.02, 0.3, 1.0)]:
        measured = float(empirical_rate(plain_heavy_ball(h, 1.0, alpha, beta, 2000)))
        assert measured == pytest.approx(float(spectral_radius(alpha, beta, h)), rel=1e-5)


def test_broadcasting_shapes_and_blocks():
    """A grid larger than one block gives the same values as a point-by-point evaluation."""
    alpha = np.linspace(0, 4, 700)[None, :]
    beta = np.linspace(0, 0.999, 300)[:, None]
    grid = spectral_radius(alpha, beta, 1.0)
    assert grid.shape == (300, 700)
    picks = rng.integers(0, [300, 700], size=(50, 2))
    for i, j in picks:
        assert grid[i, j] == spectral_radius(alpha[0, j], beta[i, 0], 1.0)
    three_d = spectral_radius(alpha[None], beta[None], np.array([1.0, 2.0])[:, None, None])
    assert three_d.shape == (2, 300, 700)
    np.testing.assert_array_equal(three_d[0], grid)


def test_scalar_in_scalar_out_and_empty():
    assert np.ndim(spectral_radius(0.1, 0.5, 1.0)) == 0
    assert spectral_radius(np.zeros(0), 0.5, 1.0).shape == (0,)


def test_nan_in_nan_out_and_overflow():
    values = spectral_radius(
        [np.nan, 0.1, 0.1, 1e300], [0.5, np.nan, 0.5, 0.5], [1.0, 1.0, np.nan, 1e300]
    )
    assert np.isnan(values[:3]).all()
    assert values[3] == np.inf


def test_inputs_that_do_not_broadcast_raise_value_error():
    with pytest.raises(ValueError, match="broadcast"):
        spectral_radius(np.zeros(3), np.zeros(4), 1.0)


def test_complex_input_is_rejected_naming_the_parameter():
    with pytest.raises(TypeError, match="beta"):
        spectral_radius(0.1, 0.5j, 1.0)


def test_companion_matrix_matches_the_symbolic_derivation():
    """Exact equality with sympy's derived matrix at rational points."""
    A = sym.heavy_ball_companion()
    for a, b, c in [(0.5, 0.25, 2.0), (0.125, 0.75, 3.0), (1.0, -0.5, -1.0)]:
        exact = A.subs(
            {sym.alpha: sp.Rational(a), sym.beta: sp.Rational(b), sym.h: sp.Rational(c)}
        )
        np.testing.assert_array_equal(companion_matrix(a, b, c), np.array(exact, dtype=float))


def _region_exact(a: float, b: float, c: float) -> bool:
    region = sym.stability_region()
    values = {sym.alpha: sp.Rational(a), sym.beta: sp.Rational(b), sym.h: sp.Rational(c)}
    return bool(region.subs(values))


@given(
    alpha=st.floats(-1, 5, allow_nan=False),
    beta=st.floats(-1.5, 1.5, allow_nan=False),
    h=st.floats(-2, 3, allow_nan=False),
)
def test_convergence_region_equals_the_symbolic_region_exactly(alpha, beta, h):
    """Equality with the Jury region evaluated in exact rational arithmetic."""
    assert bool(convergence_region(alpha, beta, h)) == _region_exact(alpha, beta, h)


@given(beta=st.floats(-0.99, 0.99), h=st.floats(0.01, 10))
def test_convergence_region_on_the_boundary_is_exact(beta, h):
    """Points at and next to alpha h = 2(1 + beta), where rounding decides."""
    edge = 2 * (1 + beta) / h
    for alpha in (np.nextafter(edge, 0), edge, np.nextafter(edge, 10)):
        assert bool(convergence_region(alpha, beta, h)) == _region_exact(alpha, beta, h)


@given(alpha=st.floats(0, 5), beta=st.floats(-1.5, 1.5), h=st.floats(0.01, 3))
def test_convergence_region_agrees_with_rho_below_one(alpha, beta, h):
    """Same answer as rho < 1 wherever rho is not within rounding of 1."""
    exact = spectral_radius_mpmath(alpha, beta, h)
    assume(abs(exact - 1) > 1e-12)
    assert bool(convergence_region(alpha, beta, h)) == bool(exact < 1)


@pytest.mark.parametrize(
    "product", [1e-12, 1e-6, 0.04, 0.5, 1 - 2.0**-52, 1.0, 1.5, 3.9, 4.0, 9.0]
)
def test_critical_beta_makes_the_discriminant_vanish(product):
    """beta_c to 1e-15 relative vs the mpmath root of the discriminant (1 - sqrt(alpha h))^2."""
    with mpmath.workdps(50):
        exact = (1 - mpmath.sqrt(mpmath.mpf(product))) ** 2
        value = critical_beta(product, 1.0)
        if exact == 0:
            assert value == 0
        else:
            assert abs(mpmath.mpf(float(value)) / exact - 1) <= 4e-16
    # ... and there the eigenvalue is repeated, rho = sqrt(beta_c); rounding beta_c to a
    # double moves off the curve by ~eps, which moves rho by up to ~sqrt(eps) (a bound).
    assert spectral_radius(product, value, 1.0) == pytest.approx(math.sqrt(value), rel=1e-7)


def test_critical_beta_is_nan_for_negative_products():
    assert np.isnan(critical_beta(-1.0, 1.0))


@given(
    alpha=st.floats(0, 1), beta=st.floats(-0.9, 1.2), mu=st.floats(0.01, 5), width=st.floats(0, 20)
)
def test_worst_case_rate_is_the_maximum_over_dense_h(alpha, beta, mu, width):
    """Bound: no h in a dense sample of [mu, L] exceeds the endpoint maximum (beyond rounding)."""
    L = mu + width
    dense = spectral_radius(alpha, beta, np.linspace(mu, L, 4001))
    assert dense.max() <= worst_case_rate(alpha, beta, mu, L) * (1 + 1e-15)


def test_worst_case_rate_rejects_mu_above_L():
    with pytest.raises(ValueError, match="mu must be at most L, got mu = 2, L = 1"):
        worst_case_rate(0.1, 0.5, 2.0, 1.0)


@given(mu=st.floats(1e-3, 10), kappa=st.floats(1, 1e6))
def test_optimal_parameters_match_sympy_and_give_the_closed_form_rate(mu, kappa):
    """alpha*, beta* equal sympy's derivation (to 1e-14); the rate at the rounded doubles
    equals (sqrt kappa - 1)/(sqrt kappa + 1) to 1e-7: rho moves like the square root of the
    distance to the critical curve, so double rounding of beta* costs ~sqrt(eps)."""
    L = mu * kappa
    opt = optimal_parameters(mu, L)
    derived = sym.optimal_parameters()
    values = {sym.mu: sp.Float(mu, 40), sym.L: sp.Float(L, 40)}
    for field in ("alpha", "beta", "rate"):
        exact = getattr(derived, field).evalf(40, subs=values)
        assert float(getattr(opt, field)) == pytest.approx(float(exact), rel=1e-14, abs=1e-30)
    closed = (math.sqrt(L / mu) - 1) / (math.sqrt(L / mu) + 1)
    assert float(worst_case_rate(opt.alpha, opt.beta, mu, L)) == pytest.approx(
        closed, rel=1e-7, abs=1e-8
    )


@pytest.mark.parametrize(
    ("mu", "L", "message"),
    [
        (0.0, 1.0, "mu must be positive, got 0"),
        (2.0, 1.0, "mu must be at most L, got mu = 2, L = 1"),
        (1.0, np.inf, "L must be finite, got inf"),
    ],
)
def test_optimal_parameters_reject_bad_spectra(mu, L, message):
    with pytest.raises(ValueError, match=message):
        optimal_parameters(mu, L)


def test_rate_grid_layout_and_arguments():
    grid = rate_grid([0.1, 0.2, 0.3], [0.0, 0.5], mu=1.0, L=4.0)
    assert grid.rate.shape == (2, 3)
    assert grid.rate[1, 2] == worst_case_rate(0.3, 0.5, 1.0, 4.0)
    single = rate_grid([0.1, 0.2, 0.3], [0.0, 0.5], h=2.0)
    assert single.is_single_curvature and single.rate[0, 1] == spectral_radius(0.2, 0.0, 2.0)
    with pytest.raises(ValueError, match="either h or both mu and L"):
        rate_grid([0.1], [0.1])
    with pytest.raises(ValueError, match="alpha must be one-dimensional"):
        rate_grid([[0.1]], [0.1], h=1.0)


def test_rate_grid_columns_for_csv_are_one_row_per_cell_and_for_npz_the_grid_as_it_is():
    grid = rate_grid([0.1, 0.2, 0.3], [0.0, 0.5], mu=1.0, L=4.0)
    rows = {name: column.ravel() for name, column in grid.as_columns("csv").items()}
    assert list(rows) == ["alpha", "beta", "rate"]
    for alpha, beta, rate in zip(rows["alpha"], rows["beta"], rows["rate"]):
        assert rate == worst_case_rate(alpha, beta, 1.0, 4.0)  # equality: the same kernel
    np.testing.assert_array_equal(rows["beta"], [0.0, 0.0, 0.0, 0.5, 0.5, 0.5])
    archive = grid.as_columns("npz")
    assert list(archive) == ["alpha", "beta", "rate", "mu", "L"]
    assert archive["rate"] is grid.rate and archive["mu"] == 1.0 and archive["L"] == 4.0
    assert archive["mu"].shape == archive["L"].shape == ()
    with pytest.raises(ValueError, match="kind must be one of 'npz', 'csv', got 'json'"):
        grid.as_columns("json")


# --- stability_position: where (lr, momentum) sits in the quadratic region ---------------


@pytest.mark.parametrize(
    ("lr", "beta", "h", "inside", "rate"),
    [
        # T = 1.7, T^2 = 2.89 < 4 beta = 3.2: a complex pair, rho = sqrt(beta).
        (0.01, 0.8, 10.0, True, math.sqrt(0.8)),
        # beta = 0: A's eigenvalues are 1 - lr h = -1.2 and 0, outside as 2.2 > 2.
        (0.2, 0.0, 11.0, False, 1.2),
        # T = 1.9 - 4.4 = -2.5, T^2 = 6.25 > 3.6: real roots, rho = (2.5 + sqrt(2.65))/2.
        (0.4, 0.9, 11.0, False, (2.5 + math.sqrt(2.65)) / 2),
        # On the edge lr h = 2(1 + beta): the roots of l^2 + 1.5 l + 0.5 are -1 and -1/2.
        (0.375, 0.5, 8.0, False, 1.0),  # lr h = 3 exactly in binary
    ],
)
def test_stability_position_equals_hand_derived_values(lr, beta, h, inside, rate):
    # Equality (rel 1e-14) with values derived by hand from lambda^2 - T lambda + beta,
    # T = 1 + beta - lr h: an independent reference, not the kernels stability_position uses.
    position = stability_position(lr, beta, h)
    assert position.inside is inside
    assert position.rate == pytest.approx(rate, rel=1e-14)
    assert (position.lr, position.momentum, position.h) == (lr, beta, h)
    assert position.lr_h == pytest.approx(lr * h, rel=1e-15)
    assert position.bound == 2 * (1 + beta)
    assert position.fraction == pytest.approx(lr * h / (2 * (1 + beta)), rel=1e-15)
    assert position.lr_edge == pytest.approx(2 * (1 + beta) / h, rel=1e-15)


def test_stability_position_inside_means_a_simulation_converges():
    # Direct simulation on h x^2/2 from rest: inside the edge |x_t| decays at the reported
    # rate (the measured 500-step rate is within 2% of it); just outside it blows up.
    h, beta = 10.0, 0.6
    edge = stability_position(0.1, beta, h).lr_edge
    for lr in (0.5 * edge, 0.99 * edge, 1.01 * edge):
        position = stability_position(lr, beta, h)
        x = previous = 1.0
        for _ in range(500):
            x, previous = x - lr * h * x + beta * (x - previous), x
        assert position.inside == (abs(x) < 1e-3)
        if position.inside:
            measured = abs(x) ** (1 / 500)
            assert measured <= position.rate * 1.02 and position.rate < 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((0.0, 0.5, 1.0), "lr must be a finite positive number, got 0"),
        ((0.1, 1.0, 1.0), r"momentum must be a finite number in \[0, 1\), got 1"),
        ((0.1, -0.1, 1.0), r"momentum must be a finite number in \[0, 1\)"),
        ((0.1, 0.5, -1.0), "h must be a finite positive number, got -1"),
        ((math.inf, 0.5, 1.0), "lr must be a finite positive number"),
    ],
)
def test_stability_position_rejects_bad_input(arguments, message):
    with pytest.raises(ValueError, match=message):
        stability_position(*arguments)


def test_optimal_parameters_follow_the_validation_policy():
    """NaN in an array argument is data (it propagates); extreme spectra stay in range."""
    opt = optimal_parameters([np.nan, 1.0], 4.0)
    assert np.isnan(opt.rate[0]) and opt.rate[1] == pytest.approx(1 / 3)
    extreme = optimal_parameters(1e-300, 1e300)
    assert 0 <= extreme.beta <= 1 and 0 <= extreme.rate <= 1
