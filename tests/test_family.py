"""The two-step family (gamma) in the kernels: exact rho, regions, critical curve, worst case."""

from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from momentum_theory import (
    convergence_region,
    critical_beta,
    spectral_radius,
    spectral_radius_eig,
    worst_case_rate,
)
from momentum_theory.reference import spectral_radius_mpmath

TOLERANCE = 1e-14


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


def _region_exact(alpha: float, beta: float, h: float, gamma: float) -> bool:
    a, b, c, g = map(Fraction, (alpha, beta, h, gamma))
    trace, determinant = 1 + b - a * c * (1 + g), b - a * c * g
    return abs(determinant) < 1 and abs(trace) < 1 + determinant


@settings(max_examples=300, deadline=None)
@given(st.floats(-1, 10), st.floats(-1.5, 1.5), st.floats(-1, 10), st.floats(-2, 3))
def test_convergence_region_with_gamma_is_jury_in_exact_arithmetic(alpha, beta, h, gamma):
    scaled = abs(Fraction(alpha) * Fraction(h) * Fraction(gamma))
    if 0 < scaled < Fraction(2) ** -900:
        return  # alpha h gamma below the normal doubles: outside the documented range
    assert bool(convergence_region(alpha, beta, h, gamma)) == _region_exact(alpha, beta, h, gamma)


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.9])
def test_convergence_region_on_nesterovs_boundary_is_exact(beta):
    """Nesterov's edge alpha h = 2(1 + beta)/(1 + 2 beta), to the last ulp either side."""
    edge = 2 * (1 + beta) / (1 + 2 * beta)
    for alpha in (np.nextafter(edge, 0), edge, np.nextafter(edge, 4)):
        assert bool(convergence_region(alpha, beta, 1.0, beta)) == _region_exact(
            alpha, beta, 1.0, beta
        )


def test_convergence_region_agrees_with_rho_below_one():
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
    worst = float(worst_case_rate(alpha, beta, mu, L, gamma))
    assert worst >= dense * (1 - 1e-14)
    assert worst == max(
        float(spectral_radius(alpha, beta, mu, gamma)),
        float(spectral_radius(alpha, beta, L, gamma)),
    )
