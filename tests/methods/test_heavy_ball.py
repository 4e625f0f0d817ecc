"""heavy_ball: its map and rule written out by hand, Polyak's optimum against SymPy's
derivation and brute force, its tunings, and the curves it knows in closed form."""

import math

import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory import methods, optimal_parameters, reference, worst_case_rate
from momentum_theory import symbolic as sym
from momentum_theory.simulate import run

HB = methods.get("heavy_ball")
EQUAL = 1e-12
# Where an end of the spectrum sits on a critical curve, rho of rounded parameters moves
# like the square root of their rounding error: about 1e-8.
CRITICAL = 1e-7
SETTINGS = [{"alpha": 0.05, "beta": 0.3}, {"alpha": 0.1, "beta": 0.8}]
TUNING_KAPPAS = (2.0, 10.0, 100.0, 1e4)


@pytest.mark.parametrize("params", SETTINGS)
def test_family_is_the_hand_written_map(params):
    family = HB.family(**params)
    actual = (family.alpha, family.beta, family.gamma, family.curvature_shift)
    expected = (params["alpha"], params["beta"], 0.0, 0.0)
    np.testing.assert_allclose(actual, expected, rtol=1e-15, atol=0)


@pytest.mark.parametrize("params", SETTINGS)
def test_run_is_the_textbook_loop(params):
    """Equality to 1e-12: x <- x - alpha h x + beta (x - x_prev)."""
    h, x, previous, expected = 3.0, 1.0, 1.0, [1.0]
    for _ in range(100):
        x, previous = x - params["alpha"] * h * x + params["beta"] * (x - previous), x
        expected.append(abs(x))
    result = run("heavy_ball", h, 1.0, 100, **params)
    np.testing.assert_allclose(result.distances, expected, rtol=1e-12, atol=1e-300)


# -- Polyak's optimum (the root optimal_parameters) -------------------------------------------


@given(mu=st.floats(1e-3, 10), kappa=st.floats(1, 1e6))
def test_optimal_parameters_match_sympy_and_give_the_closed_form_rate(mu, kappa):
    """alpha*, beta* and the closed-form rate (known_optimum) equal sympy's derivation (to
    1e-14); the rate at the rounded doubles equals (sqrt kappa - 1)/(sqrt kappa + 1) to 1e-7:
    rho moves like the square root of the distance to the critical curve, so double
    rounding of beta* costs ~sqrt(eps)."""
    L = mu * kappa
    opt = optimal_parameters(mu=mu, L=L)
    assert opt is not None and opt.method == "heavy_ball"
    derived = sym.optimal_parameters()
    values = {sym.mu: sp.Float(mu, 40), sym.L: sp.Float(L, 40)}
    for ours, field in ((opt.alpha, "alpha"), (opt.beta, "beta"), (opt.known_optimum, "rate")):
        exact = getattr(derived, field).evalf(40, subs=values)
        assert float(ours) == pytest.approx(float(exact), rel=1e-14, abs=1e-30)
    closed = (math.sqrt(L / mu) - 1) / (math.sqrt(L / mu) + 1)
    assert float(opt.rate) == pytest.approx(closed, rel=1e-7, abs=1e-8)
    assert float(opt.rate) == float(worst_case_rate(opt.alpha, opt.beta, mu=mu, L=L))


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
        optimal_parameters(mu=mu, L=L)


def test_optimal_parameters_follow_the_validation_policy():
    """NaN in an array argument is data (it propagates); extreme spectra are refused."""
    opt = optimal_parameters(mu=[np.nan, 1.0], L=4.0)
    assert np.isnan(opt.known_optimum[0]) and opt.known_optimum[1] == pytest.approx(1 / 3)
    assert np.isnan(opt.rate[0]) and opt.rate[1] == pytest.approx(1 / 3, rel=CRITICAL)
    with pytest.raises(ValueError, match=r"L/mu = inf is above 1.1e\+15"):
        optimal_parameters(mu=1e-300, L=1e300)  # it returned beta = 1.0 as "optimal"
    assert (
        HB.optimal_parameters(mu=1.0, L=4.0).parameters
        == optimal_parameters(mu=1.0, L=4.0).parameters
    )


@pytest.mark.parametrize("kappa", (1.0, 1.5, 10.0, 100.0))
def test_optimum_against_brute_force(kappa, brute_force_minimax):
    """A bound and an equality: a 401 x 401 grid over (alpha, beta), the rate maximised over
    30 sampled curvatures by a plain formula, must not beat the optimum (by more than 1e-9)
    and must come within a grid cell's worth of it."""
    opt = HB.optimal_parameters(mu=1.0, L=kappa)
    alphas = np.linspace(0.0, 4.0 / kappa, 401)
    betas = np.linspace(0.0, 0.99, 401)
    hs = np.linspace(1.0, kappa, 30)
    brute = brute_force_minimax(lambda a, b: (a, b, 0 * b), [alphas, betas], hs)
    assert brute >= float(opt.rate) - 1e-9
    assert brute <= float(opt.rate) + 0.03


# -- tunings ----------------------------------------------------------------------------


def test_tuning_names():
    assert HB.tunings == ("polyak", "ghadimi")
    with pytest.raises(ValueError, match="tuning must be one of 'polyak', 'ghadimi'"):
        HB.tuning("nesterov", mu=1.0, L=10.0)


@pytest.mark.parametrize("kappa", TUNING_KAPPAS)
def test_polyak_tuning_is_the_optimum(kappa):
    """Equalities: the tuning is the closed-form optimum, and its rate the published."""
    result = HB.tuning("polyak", mu=1.0, L=kappa)
    opt = HB.optimal_parameters(mu=1.0, L=kappa)
    assert result.parameters == pytest.approx(
        {k: float(v) for k, v in opt.parameters.items()}, rel=EQUAL
    )
    assert result.published_rate == float(opt.known_optimum)
    assert result.rate == pytest.approx(result.published_rate, abs=CRITICAL)


@pytest.mark.parametrize("kappa", TUNING_KAPPAS)
@pytest.mark.parametrize("step", [None, 0.1, 0.5, 1.0])
def test_ghadimi_tuning_rate_is_below_its_published_rate(kappa, step):
    """A bound: on quadratics the rate is at most sqrt(1 - alpha mu), the distance rate of
    Ghadimi et al.'s f(x_t) - f* <= (1 - alpha mu)^t (f(x_0) - f*); and the point is inside
    the stability region (it converges)."""
    options = {} if step is None else {"alpha": step / kappa}
    result = HB.tuning("ghadimi", mu=1.0, L=kappa, **options)
    alpha = 0.5 / kappa if step is None else step / kappa
    assert result.parameters["alpha"] == alpha
    assert result.parameters["beta"] == pytest.approx(
        math.sqrt((1 - alpha) * (1 - alpha * kappa)), rel=1e-15
    )
    assert result.published_rate == pytest.approx(math.sqrt(1 - alpha), rel=1e-15)
    assert result.rate <= result.published_rate + 1e-15
    assert bool(np.all(HB.convergence_region([1.0, kappa], **result.parameters)))


def test_ghadimi_step_must_be_at_most_one_over_L():
    with pytest.raises(ValueError, match=r"alpha must be a finite number in \(0, 0.1\]"):
        HB.tuning("ghadimi", mu=1.0, L=10.0, alpha=0.2)


# -- what it knows in closed form ---------------------------------------------------------


@pytest.mark.parametrize("beta", [-0.5, 0.0, 0.3, 0.9, 0.999])
@pytest.mark.parametrize("h", [1.0, 7.0])
def test_closed_form_boundary_and_critical_curve_are_where_the_region_and_roots_change(beta, h):
    """Equalities on the exact T and D of the rule (reference, Fractions): just inside the
    boundary it converges, just outside not; on the critical curve T^2 = 4D to rounding."""
    boundary, critical = HB.closed_form_curves("alpha", "beta")
    assert HB.closed_form_curves("alpha", "gamma") is None
    assert (boundary.kind, boundary.along, boundary.other) == ("boundary", "beta", "alpha")
    edge = float(boundary.value(np.float64(beta), h))
    for alpha, inside in ((edge * (1 - 1e-12), True), (edge * (1 + 1e-12), False)):
        trace, determinant = reference.characteristic_coefficients("heavy_ball", h, alpha=alpha,
                                                                   beta=beta)  # fmt: skip
        assert (abs(determinant) < 1 and abs(trace) < 1 + determinant) is inside
    assert 2.0 * (1.0 + beta) == HB.widest_stable_step("beta", beta)
    assert HB.widest_stable_step("alpha", beta) is None
    alpha = 0.4 / h
    on_curve = float(critical.value(np.float64(alpha), h))
    trace, determinant = reference.characteristic_coefficients("heavy_ball", h, alpha=alpha,
                                                               beta=on_curve)  # fmt: skip
    assert abs(trace**2 - 4 * determinant) <= 1e-15 * trace**2
    assert critical.label("\\mu") == r"critical damping $\beta = (1-\sqrt{\alpha \mu})^2$"
    assert boundary.label("L") == r"$\rho = 1$: $\alpha = 2(1+\beta)/L$"


# -- the optimum with one parameter fixed (closed forms) -----------------------------------


def plain_worst_case(alpha, beta, hs):
    """max over ``hs`` of the larger root modulus of lambda^2 - (1 + beta - alpha h) lambda
    + beta, by the quadratic formula in complex numbers: independent of the kernel."""
    worst = np.zeros(np.broadcast(alpha, beta).shape)
    for h in hs:
        trace = 1 + beta - alpha * h
        root = np.sqrt(trace.astype(complex) ** 2 - 4 * beta)
        worst = np.maximum(worst, np.maximum(abs((trace + root) / 2), abs((trace - root) / 2)))
    return worst


FIXED_KAPPAS = (1.0, 1.5, 10.0, 100.0, 1e4)


@pytest.mark.parametrize("kappa", FIXED_KAPPAS)
@pytest.mark.parametrize("beta", (-0.9, -0.3, 0.0, 0.3, 0.6694214876033059, 0.8, 0.95, 0.999))
def test_best_step_for_a_fixed_momentum_against_a_dense_scan(beta, kappa):
    """Bound: no step of a 200001-point scan over every stable step (alpha L < 2(1 + beta)),
    its rate the plain root formula maximised over 40 curvatures, beats the closed form (by
    more than 1e-12). Equalities to CRITICAL: the plain formula's and the kernel's rates at
    the returned step are the closed form. Both regimes: the flat interval (beta at or above
    Polyak's 0.669 for kappa = 100, where it is one point), and the balance of the ends
    (below it, and for negative beta)."""
    opt = HB.optimal_parameters(mu=1.0, L=kappa, beta=beta)
    known = float(opt.known_optimum)
    alphas = np.linspace(0.0, 2 * (1 + beta) / kappa, 200001)
    hs = np.linspace(1.0, kappa, 40)
    assert plain_worst_case(alphas, beta, hs).min() >= known - 1e-12
    assert abs(float(plain_worst_case(opt.alpha, beta, hs)) - known) <= CRITICAL
    assert abs(float(opt.rate) - known) <= CRITICAL
    assert opt.beta == beta


@pytest.mark.parametrize("kappa", FIXED_KAPPAS)
@pytest.mark.parametrize("scaled_alpha", (0.01, 0.3, 1.0, 2.0, 3.9))
def test_best_momentum_for_a_fixed_step_against_a_dense_scan(scaled_alpha, kappa):
    """Bound: no momentum of a 200001-point scan over [-0.99, 1.5] beats the closed form
    max(1 - sqrt(alpha mu), sqrt(alpha L) - 1) (by more than 1e-12). Equalities to
    CRITICAL: the plain formula's and the kernel's rates at the returned momentum are the
    closed form."""
    alpha = scaled_alpha / kappa
    opt = HB.optimal_parameters(mu=1.0, L=kappa, alpha=alpha)
    known = float(opt.known_optimum)
    betas = np.linspace(-0.99, 1.5, 200001)
    hs = np.linspace(1.0, kappa, 40)
    assert plain_worst_case(alpha, betas, hs).min() >= known - 1e-12
    assert abs(float(plain_worst_case(alpha, opt.beta, hs)) - known) <= CRITICAL
    assert abs(float(opt.rate) - known) <= CRITICAL
    assert opt.alpha == alpha


def test_fixed_closed_forms_broadcast_and_meet_polyak():
    """At Polyak's beta* the flat interval shrinks to Polyak's alpha*; at Polyak's alpha* the
    best momentum is beta* (equalities to rounding); spectra broadcast."""
    polyak = optimal_parameters(mu=1.0, L=100.0)
    assert HB.optimal_parameters(mu=1.0, L=100.0, beta=float(polyak.beta)).alpha == (
        pytest.approx(float(polyak.alpha), rel=EQUAL)
    )
    assert HB.optimal_parameters(mu=1.0, L=100.0, alpha=float(polyak.alpha)).beta == (
        pytest.approx(float(polyak.beta), rel=EQUAL)
    )
    opt = HB.optimal_parameters(mu=1.0, L=[10.0, 100.0], beta=0.5)
    assert opt.rate.shape == opt.alpha.shape == (2,)
