"""momentum_theory.family: the two-step family's kernels against independent references
(mpmath, sympy, LAPACK, simulation); for heavy ball (gamma = 0) first, then any gamma."""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from momentum_theory import symbolic as sym
from momentum_theory.family import (
    companion_matrix,
    convergence_region,
    critical_beta,
    spectral_gap,
    spectral_radius,
    spectral_radius_eig,
    worst_case_rate,
)
from momentum_theory.reference import (
    critical_points,
    hard_points,
    naive_spectral_radius,
    plain_heavy_ball,
    relative_errors,
    spectral_gap_mpmath,
    spectral_radius_mpmath,
)

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
    assert worst_case_rate(0.01, 0.6, mu=1e-14, L=1.0) <= 1.0
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
    assert dense.max() <= worst_case_rate(alpha, beta, mu=mu, L=L) * (1 + 1e-15)


def test_worst_case_rate_rejects_mu_above_L():
    with pytest.raises(ValueError, match="mu must be at most L, got mu = 2, L = 1"):
        worst_case_rate(0.1, 0.5, mu=2.0, L=1.0)


# --- the family: any gamma (Nesterov's gamma = beta) ------------------------------------


def _relative_error(alpha, beta, h, gamma) -> float:
    exact = spectral_radius_mpmath(alpha, beta, h, gamma)
    value = float(spectral_radius(alpha, beta, h, gamma))
    if exact == 0:
        return abs(value)
    return float(abs(mpmath.mpf(value) - exact) / exact)


def _hard_family_points() -> list[tuple[float, float, float, float]]:
    """Points where the plain formula fails: the critical curve, rho -> 0, D -> 0, extremes."""
    points = []
    for beta in (1e-8, 0.1, 0.5, 0.9, 0.99, 1 - 2.0**-40):
        # Nesterov's critical curve alpha h = ((1 - beta)/(1 + beta))^2, and one ulp off it.
        product = ((1 - beta) / (1 + beta)) ** 2
        for alpha in (product, np.nextafter(product, 0), np.nextafter(product, 1)):
            points.append((alpha, beta, 1.0, beta))
        # Nesterov at alpha h = 1 (T = D = 0) and nearby: rho -> 0.
        for alpha in (1.0, 1 + 2.0**-52, 1 - 2.0**-53, 1 + 1e-9, 1 - 1e-12):
            points.append((alpha, beta, 1.0, beta))
        # A general gamma on its critical curve beta = (1 - sqrt(a h))^2 + a h gamma.
        for gamma in (0.3, -0.2, 2.0):
            alpha = 0.04
            beta_c = float(critical_beta(alpha, 1.0, gamma))
            points.append((alpha, beta_c, 1.0, gamma))
            points.append((alpha, np.nextafter(beta_c, 2), 1.0, gamma))
        # D -> 0 with T away from 0: beta = alpha h gamma.
        points.append((0.5, 0.5 * beta, 1.0, beta))
        # beta -> 1 and huge / tiny curvature.
        points.append((1e-300, beta, 1e300, beta))
        points.append((2.0**-900, 1 - 2.0**-52, 2.0**890, 0.5))
    # D < 0: real roots of opposite sign.
    points += [(3.0, 0.2, 1.0, 0.5), (1.5, -0.5, 1.0, 0.9), (0.1, -0.99, 1.0, 0.0)]
    return points


@pytest.mark.parametrize("point", _hard_family_points())
def test_spectral_radius_with_gamma_matches_mpmath_at_hard_points(point):
    assert _relative_error(*point) <= TOLERANCE


@settings(max_examples=300, deadline=None)
@given(
    st.floats(1e-6, 10.0),
    st.floats(-1.5, 1.5),
    st.floats(1e-4, 1e4),
    st.one_of(st.just(None), st.floats(-2.0, 3.0)),
)
def test_spectral_radius_with_gamma_matches_mpmath_anywhere(alpha_h, beta, h, gamma):
    """Random points, with Nesterov (gamma = beta) drawn as often as free gamma."""
    gamma = beta if gamma is None else gamma
    assert _relative_error(alpha_h / h, beta, h, gamma) <= TOLERANCE


def test_gamma_zero_is_heavy_ball_bit_for_bit():
    rng = np.random.default_rng(0)
    alpha, beta, h = rng.uniform(0, 4, 1000), rng.uniform(-1, 1, 1000), 1.0
    assert np.array_equal(spectral_radius(alpha, beta, h), spectral_radius(alpha, beta, h, 0.0))


def test_nesterov_reduces_to_its_closed_form_on_a_grid():
    """gamma = beta: T = (1 + beta)(1 - a h), D = beta (1 - a h); check against LAPACK."""
    alpha, beta = np.meshgrid(np.linspace(0.01, 1.3, 200), np.linspace(0.0, 0.95, 150))
    ours = spectral_radius(alpha, beta, 1.0, beta)
    lapack = spectral_radius_eig(alpha, beta, 1.0, beta)
    # Away from the critical curve an eigensolver is accurate to a few ulps.
    product = alpha
    far = np.abs(product - ((1 - beta) / (1 + beta)) ** 2) > 1e-3
    far &= np.abs(product - 1) > 1e-3
    np.testing.assert_allclose(ours[far], lapack[far], rtol=1e-12)


def test_gamma_broadcasts_like_the_other_arguments():
    rho = spectral_radius(np.linspace(0.1, 1, 5)[None, :], 0.5, 1.0, np.array([[0.0], [0.5]]))
    assert rho.shape == (2, 5)
    assert rho[1, 4] == 0.0  # Nesterov with alpha h = 1


def _family_region_exact(alpha: float, beta: float, h: float, gamma: float) -> bool:
    a, b, c, g = map(Fraction, (alpha, beta, h, gamma))
    trace, determinant = 1 + b - a * c * (1 + g), b - a * c * g
    return abs(determinant) < 1 and abs(trace) < 1 + determinant


@settings(max_examples=300, deadline=None)
@given(st.floats(-1, 10), st.floats(-1.5, 1.5), st.floats(-1, 10), st.floats(-2, 3))
def test_convergence_region_with_gamma_is_jury_in_exact_arithmetic(alpha, beta, h, gamma):
    scaled = abs(Fraction(alpha) * Fraction(h) * Fraction(gamma))
    if 0 < scaled < Fraction(2) ** -900:
        return  # alpha h gamma below the normal doubles: outside the documented range
    assert bool(convergence_region(alpha, beta, h, gamma)) == _family_region_exact(
        alpha, beta, h, gamma
    )


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.9])
def test_convergence_region_on_nesterovs_boundary_is_exact(beta):
    """Nesterov's edge alpha h = 2(1 + beta)/(1 + 2 beta), to the last ulp either side."""
    edge = 2 * (1 + beta) / (1 + 2 * beta)
    for alpha in (np.nextafter(edge, 0), edge, np.nextafter(edge, 4)):
        assert bool(convergence_region(alpha, beta, 1.0, beta)) == _family_region_exact(
            alpha, beta, 1.0, beta
        )


def test_convergence_region_with_gamma_agrees_with_rho_below_one():
    alpha, beta = np.meshgrid(np.linspace(-0.5, 4.5, 301), np.linspace(-1.2, 1.2, 241))
    for gamma in (0.0, 0.4, beta, -0.3):
        region = convergence_region(alpha, beta, 1.0, gamma)
        rho = spectral_radius(alpha, beta, 1.0, gamma)
        decided = np.abs(rho - 1) > 1e-13  # rho within rounding of 1 could round either way
        assert np.array_equal(region[decided], rho[decided] < 1)
        assert decided.mean() > 0.95


@given(st.floats(1e-6, 4.0), st.floats(0.0, 2.0))
def test_critical_beta_with_gamma_puts_the_family_on_its_critical_curve(product, gamma):
    """T^2 = 4D at beta_c: the discriminant, in exact arithmetic, is tiny relative to T^2."""
    beta_c = float(critical_beta(product, 1.0, gamma))
    a, b, g = map(Fraction, (product, beta_c, gamma))
    trace, determinant = 1 + b - a * (1 + g), b - a * g
    assert abs(trace**2 - 4 * determinant) <= Fraction(1e-14) * max(trace**2, 4 * abs(b), 1)


@settings(max_examples=200, deadline=None)
@given(
    st.floats(1e-3, 2.0),
    st.floats(-0.9, 0.99),
    st.floats(-1.0, 2.0),
    st.floats(0.01, 1.0),
    st.floats(0.0, 50.0),
)
def test_worst_case_rate_with_gamma_is_the_maximum_over_dense_h(alpha, beta, gamma, mu, width):
    """The endpoint theorem (quasiconvexity in h), checked by sampling 2001 curvatures."""
    L = mu + width
    dense = spectral_radius(alpha, beta, np.linspace(mu, L, 2001), gamma).max()
    worst = float(worst_case_rate(alpha, beta, mu=mu, L=L, gamma=gamma))
    assert worst >= dense * (1 - 1e-14)
    assert worst == max(
        float(spectral_radius(alpha, beta, mu, gamma)),
        float(spectral_radius(alpha, beta, L, gamma)),
    )
