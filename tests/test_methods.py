"""Named methods against their own update rules, np.roots, brute-force minimax and the
published rates of their tunings (their simulations: test_simulate, test_rate_comparison)."""

import math
import subprocess
import sys

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from momentum_theory import methods, reference, spectral, symbolic
from momentum_theory.methods import derivation
from momentum_theory.methods._minimax import minimize_worst_case

NAMES = ("gradient_descent", "heavy_ball", "nesterov", "two_step", "qhm", "pytorch_sgd")
# Closed-form rates are evaluated by the kernel to 1e-14; the equalities below allow a few
# roundings of the closed forms themselves.
EQUAL = 1e-12
# Where a tuning puts an end of the spectrum exactly on the critical curve (a double
# eigenvalue), rho of the *rounded* parameters moves like the square root of their rounding
# error: about 1e-8, so a closed-form rate matches the kernel's only to this.
CRITICAL = 1e-7
# The stated tolerance of the numerical optima: their gap to the known optimum.
OPTIMUM_TOLERANCE = 1e-6


# -- independent references --------------------------------------------------------------


def expected_family(name, **p):
    """The family map written out by hand from each method's rule (not the code's _map)."""
    if name == "gradient_descent":
        return p["alpha"], 0.0, 0.0, 0.0
    if name == "heavy_ball":
        return p["alpha"], p["beta"], 0.0, 0.0
    if name == "nesterov":
        return p["alpha"], p["beta"], p["beta"], 0.0
    if name == "two_step":
        return p["alpha"], p["beta"], p["gamma"], 0.0
    if name == "qhm":
        a, b, nu = p["alpha"], p["beta"], p["nu"]
        return a * (1 - b), b, b * (1 - nu) / (1 - b), 0.0
    if name == "pytorch_sgd":
        lr, m = p["lr"], p.get("momentum", 0.0)
        d, wd = p.get("dampening", 0.0), p.get("weight_decay", 0.0)
        if p.get("nesterov", False):
            return lr, m, m, wd
        return (lr if m == 0 else lr * (1 - d)), m, 0.0, wd
    raise AssertionError(name)


def roots_radius(alpha, beta, gamma, h):
    """max |root| of lambda^2 - T lambda + D by np.roots, T and D as in the brief."""
    trace = 1 + beta - alpha * h * (1 + gamma)
    determinant = beta - alpha * h * gamma
    return float(np.max(np.abs(np.roots([1.0, -trace, determinant]))))


def rule_radius(method, h, **params):
    """Spectral radius of the state matrix built by applying the method's own numeric rule
    to the unit states (columns), eigenvalues by LAPACK: no family map involved."""
    columns = []
    for unit in ((1.0, 0.0), (0.0, 1.0)):
        state = (np.array([unit[0]]), np.array([unit[1]]))
        new = method.update(state, lambda point: h * point, **params)
        columns.append([float(new[0][0]), float(new[1][0])])
    matrix = np.array(columns).T
    return float(np.max(np.abs(np.linalg.eigvals(matrix))))


def brute_force_minimax(rate_of, axes, hs):
    """min over a grid of max over sampled h, with a plain numpy formula: independent of the
    code under test (no kernel, no endpoint rule)."""
    mesh = np.meshgrid(*axes, indexing="ij")
    alpha, beta, gamma = rate_of(*mesh)
    worst = np.zeros(alpha.shape)
    for h in hs:
        trace = 1 + beta - alpha * h * (1 + gamma)
        determinant = beta - alpha * h * gamma
        discriminant = trace**2 - 4 * determinant
        real = (np.abs(trace) + np.sqrt(np.maximum(discriminant, 0.0))) / 2
        rho = np.where(discriminant >= 0, real, np.sqrt(np.abs(determinant)))
        worst = np.maximum(worst, rho)
    return float(worst.min())


SAMPLE_PARAMETERS = {
    "gradient_descent": [{"alpha": 0.05}, {"alpha": 0.19}],
    "heavy_ball": [{"alpha": 0.05, "beta": 0.3}, {"alpha": 0.1, "beta": 0.8}],
    "nesterov": [{"alpha": 0.05, "beta": 0.3}, {"alpha": 0.09, "beta": 0.8}],
    "two_step": [
        {"alpha": 0.05, "beta": 0.5, "gamma": 0.2},
        {"alpha": 0.1, "beta": 0.7, "gamma": 0.1},
    ],
    "qhm": [{"alpha": 0.5, "beta": 0.9, "nu": 0.7}, {"alpha": 0.2, "beta": 0.5, "nu": 1.0}],
    "pytorch_sgd": [
        {"lr": 0.05, "momentum": 0.5},
        {"lr": 0.1, "momentum": 0.9, "dampening": 0.5, "weight_decay": 0.1},
        {"lr": 0.08, "momentum": 0.6, "nesterov": True},
        {"lr": 0.1, "dampening": 0.5},
    ],
}
CASES = [(name, p) for name, settings in SAMPLE_PARAMETERS.items() for p in settings]


# -- registry and parameters ---------------------------------------------------------------


def test_registry_lists_every_method_in_order():
    assert methods.names() == NAMES
    for name in NAMES:
        method = methods.get(name)
        assert isinstance(method, methods.Method)
        assert method.name == name
        assert methods.get(method) is method


def test_unknown_method_lists_the_names():
    with pytest.raises(ValueError, match=r"method must be one of 'gradient_descent'.*got 'adam'"):
        methods.get("adam")


@pytest.mark.parametrize(
    ("name", "parameters"),
    [
        ("gradient_descent", ("alpha",)),
        ("heavy_ball", ("alpha", "beta")),
        ("nesterov", ("alpha", "beta")),
        ("two_step", ("alpha", "beta", "gamma")),
        ("qhm", ("alpha", "beta", "nu")),
        (
            "pytorch_sgd",
            ("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"),
        ),
    ],
)
def test_parameters_in_order(name, parameters):
    assert methods.get(name).parameters == parameters


def test_pytorch_defaults_are_torchs():
    assert methods.get("pytorch_sgd").defaults == {
        "lr": 1e-3,
        "momentum": 0.0,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": False,
        "maximize": False,
    }


@pytest.mark.parametrize(
    ("name", "params", "error", "message"),
    [
        (
            "heavy_ball",
            {"alpha": 0.1, "beta": 0.5, "gamma": 0.1},
            TypeError,
            "heavy_ball got an unexpected parameter 'gamma'; its parameters are alpha, beta",
        ),
        ("heavy_ball", {"alpha": 0.1}, TypeError, "heavy_ball is missing the parameter 'beta'"),
        (
            "nesterov",
            {"alpha": "0.1", "beta": 0.5},
            TypeError,
            "alpha must be a real number or array of real numbers",
        ),
        ("two_step", {"alpha": 0.1, "beta": 0.5, "gamma": 1j}, TypeError, "gamma must be real"),
        (
            "qhm",
            {"alpha": 0.1, "beta": 1.0, "nu": 0.5},
            ValueError,
            r"beta must be other than 1 \(the map divides by 1 - beta\), got 1",
        ),
        (
            "pytorch_sgd",
            {"lr": -0.1},
            ValueError,
            r"lr must be non-negative \(torch.optim.SGD refuses it\), got -0.1",
        ),
        (
            "pytorch_sgd",
            {"lr": 0.1, "momentum": -0.5},
            ValueError,
            "momentum must be non-negative",
        ),
        (
            "pytorch_sgd",
            {"lr": 0.1, "weight_decay": -1.0},
            ValueError,
            "weight_decay must be non-negative",
        ),
        (
            "pytorch_sgd",
            {"lr": 0.1, "nesterov": True},
            ValueError,
            "nesterov=True needs momentum > 0 .*got momentum = 0, dampening = 0",
        ),
        (
            "pytorch_sgd",
            {"lr": 0.1, "momentum": 0.9, "dampening": 0.1, "nesterov": True},
            ValueError,
            "got momentum = 0.9, dampening = 0.1",
        ),
        ("pytorch_sgd", {"lr": 0.1, "nesterov": 1}, TypeError, "nesterov must be True or False"),
        (
            "heavy_ball",
            {"alpha": [0.1, 0.2], "beta": [0.1, 0.2, 0.3]},
            ValueError,
            "do not broadcast",
        ),
    ],
)
def test_parameter_mistakes_name_the_parameter(name, params, error, message):
    with pytest.raises(error, match=message):
        methods.get(name).spectral_radius(1.0, **params)


def test_array_domain_checks_are_elementwise_and_let_nan_through():
    sgd = methods.get("pytorch_sgd")
    with pytest.raises(ValueError, match="got momentum = 0, dampening = 0"):
        sgd.family(lr=0.1, momentum=[0.9, 0.0], nesterov=True)
    assert np.isnan(methods.get("heavy_ball").spectral_radius(1.0, alpha=np.nan, beta=0.5))


# -- the maps, derived from the rules ------------------------------------------------------

SYMBOLIC_CASES = [
    ("gradient_descent", {}),
    ("heavy_ball", {}),
    ("nesterov", {}),
    ("two_step", {}),
    ("qhm", {}),
    ("pytorch_sgd", {}),
    ("pytorch_sgd", {"momentum": 0}),
    ("pytorch_sgd", {"nesterov": True, "dampening": 0}),
]


@pytest.mark.parametrize(("name", "fixed"), SYMBOLIC_CASES)
def test_derived_polynomial_is_the_family_polynomial_under_the_map(name, fixed):
    """Equality (sympy simplifies the difference to 0): det(lambda I - C) of the Jacobian of
    the method's own rule against lambda^2 - T lambda + D at the claimed map."""
    derived = derivation.characteristic_polynomial(name, **fixed).as_expr()
    claimed = derivation.family_polynomial(name, **fixed).as_expr()
    assert sp.simplify(derived - claimed) == 0
    assert derivation.check_family_map(name, **fixed) == 0


def test_derivation_has_teeth():
    """Nesterov with dampening is not in the family (torch refuses it): the check says so."""
    with pytest.raises(ArithmeticError, match="derived minus claimed"):
        derivation.check_family_map("pytorch_sgd", nesterov=True)


def test_derived_matrices_match_the_heavy_ball_derivation():
    assert derivation.transition_matrix("heavy_ball") == symbolic.heavy_ball_companion()
    nesterov = derivation.transition_matrix("nesterov")
    assert sp.simplify(nesterov - symbolic.nesterov_companion()) == sp.zeros(2, 2)


def test_transition_matrix_refuses_nonlinear_and_affine_rules():
    x, b = sp.symbols("x b")
    with pytest.raises(ValueError, match="linear"):
        symbolic.transition_matrix([x * b, b], [x, b])
    with pytest.raises(ValueError, match="homogeneous"):
        symbolic.transition_matrix([x + 1, b], [x, b])
    with pytest.raises(ValueError, match="same positive length"):
        symbolic.transition_matrix([x], [x, b])


@pytest.mark.parametrize(("name", "params"), CASES)
def test_family_is_the_hand_written_map(name, params):
    family = methods.get(name).family(**params)
    expected = expected_family(name, **params)
    actual = (family.alpha, family.beta, family.gamma, family.curvature_shift)
    np.testing.assert_allclose(actual, expected, rtol=1e-15, atol=0)


def test_pytorch_without_momentum_ignores_dampening():
    family = methods.get("pytorch_sgd").family(lr=0.1, momentum=[0.0, 0.5], dampening=0.5)
    np.testing.assert_array_equal(family.alpha, [0.1, 0.05])


# -- rates through the kernel against references ------------------------------------------

POSITIVE = st.floats(0.01, 10.0)


@st.composite
def method_points(draw):
    """A method, parameters in (and around) its usual range, and a curvature."""
    name = draw(st.sampled_from(NAMES))
    unit = st.floats(0.0, 0.99)
    if name == "gradient_descent":
        params = {"alpha": draw(st.floats(0.0, 0.5))}
    elif name in ("heavy_ball", "nesterov"):
        params = {"alpha": draw(st.floats(0.0, 0.5)), "beta": draw(unit)}
    elif name == "two_step":
        params = {"alpha": draw(st.floats(0.0, 0.5)), "beta": draw(unit), "gamma": draw(unit)}
    elif name == "qhm":
        params = {"alpha": draw(st.floats(0.0, 2.0)), "beta": draw(unit), "nu": draw(unit)}
    else:
        nesterov = draw(st.booleans())
        momentum = draw(st.floats(0.01, 0.99) if nesterov else unit)
        params = {
            "lr": draw(st.floats(0.0, 0.5)),
            "momentum": momentum,
            "dampening": 0.0 if nesterov else draw(unit),
            "weight_decay": draw(st.floats(0.0, 1.0)),
            "nesterov": nesterov,
        }
    return name, params, draw(POSITIVE)


@given(method_points())
def test_spectral_radius_against_roots_and_the_rule(point):
    """Equality to the accuracy of an eigen-solver (half the digits at a Jordan block, so
    1e-6 absolute): the kernel at the mapped parameters, np.roots of the family polynomial
    at the hand-written map, and eigvals of the matrix the numeric rule builds."""
    name, params, h = point
    method = methods.get(name)
    rho = float(method.spectral_radius(h, **params))
    alpha, beta, gamma, shift = expected_family(name, **params)
    assert rho == pytest.approx(roots_radius(alpha, beta, gamma, h + shift), abs=1e-6)
    assert rho == pytest.approx(rule_radius(method, h, **params), abs=1e-6)


@given(method_points())
def test_convergence_region_is_spectral_radius_below_one(point):
    name, params, h = point
    method = methods.get(name)
    rho = float(method.spectral_radius(h, **params))
    if abs(rho - 1.0) > 1e-12:
        assert bool(method.convergence_region(h, **params)) == (rho < 1.0)


# -- exact: every method's rate, region and gap from its own parameters ---------------------

# The documented accuracy of spectral_radius and spectral_gap (a bound; measured on these
# cases and 3000 random points: at most 1.8e-15 for the rate and 1.3e-15 for the gap).
TOLERANCE = 1e-14


def exact_values(name, h, **params):
    """(rho, 1 - rho, converges) from the method's own rule in exact rationals (the
    reference module: its T and D from Fractions, the square root at 60 digits), and Jury's
    test on the exact T and D."""
    trace, determinant = reference.characteristic_coefficients(name, h, **params)
    rho = reference.method_spectral_radius_mpmath(name, h, **params)
    gap = reference.spectral_gap_mpmath(name, h, **params)
    return rho, gap, abs(determinant) < 1 and abs(trace) < 1 + determinant


def critical_steps(name, step, h, **params):
    """Values of ``step`` (doubles) on the method's critical curve T^2 = 4D and beside it.

    T and D are affine in the step, so T^2 - 4D is a quadratic in it whose coefficients
    come from the exact T, D at step 0 and 1; its roots are solved at 50 digits, rounded,
    and moved by one ulp and by relative offsets 1e-15 to 1e-9.
    """
    t0, d0 = reference.characteristic_coefficients(name, h, **{step: 0.0}, **params)
    t1, d1 = reference.characteristic_coefficients(name, h, **{step: 1.0}, **params)
    dt, dd = t1 - t0, d1 - d0
    a, b, c = dt * dt, 2 * t0 * dt - 4 * dd, t0 * t0 - 4 * d0
    steps = []
    with mpmath.workdps(50):
        mp = [mpmath.mpf(x.numerator) / x.denominator for x in (a, b, c)]
        if mp[0] == 0:
            return steps
        root = mpmath.sqrt(max(mp[1] ** 2 - 4 * mp[0] * mp[2], 0))
        for value in ((-mp[1] - root) / (2 * mp[0]), (-mp[1] + root) / (2 * mp[0])):
            on = float(value)
            if on <= 0:
                continue
            steps += [on, float(np.nextafter(on, 0)), float(np.nextafter(on, np.inf))]
            steps += [on * (1 + e) for e in (1e-15, -1e-15, 1e-12, -1e-12, 1e-9, -1e-9)]
    return steps


def _hard_cases():
    """(name, params, h): near critical damping for dampening and weight decay, near
    Nesterov's alpha (h + weight_decay) = 1 (rho -> 0), QHM for several nu, rates within
    1e-20 of 1, and the issue's example."""
    cases = [
        (
            "pytorch_sgd",
            {
                "lr": 0.017817332191001206,
                "momentum": 4.654641273559121e-08,
                "dampening": 0.0956442196819424,
            },
            62.034114751995865,
        )
    ]
    for momentum in (4.654641273559121e-08, 0.3, 0.9, 0.999999):
        for dampening, decay in ((0.0956442196819424, 0.0), (0.1, 0.1), (0.7, 1e-3), (0.0, 0.3)):
            fixed = {"momentum": momentum, "dampening": dampening, "weight_decay": decay}
            for lr in critical_steps("pytorch_sgd", "lr", 3.0, **fixed):
                cases.append(("pytorch_sgd", {"lr": lr, **fixed}, 3.0))
    for momentum in (0.1, 0.5, 0.9):
        for decay in (1.0, 1e-3, 0.7):  # 3 + 1 = 4: lr = 1/4 makes T = D = 0 exactly
            fixed = {"momentum": momentum, "nesterov": True, "weight_decay": decay}
            for lr in critical_steps("pytorch_sgd", "lr", 3.0, **fixed):
                cases.append(("pytorch_sgd", {"lr": lr, **fixed}, 3.0))
            one = 1.0 / (3.0 + decay)  # lr (h + weight_decay) = 1: T = D = 0 up to rounding
            for lr in (one, float(np.nextafter(one, 0)), float(np.nextafter(one, 1)), one * 1.01):
                cases.append(("pytorch_sgd", {"lr": lr, **fixed}, 3.0))
    for nu in (0.0, 0.3, 0.7, 1.0, 1.5):
        for beta in (0.5, 0.9, 0.999):
            fixed = {"beta": beta, "nu": nu}
            for alpha in critical_steps("qhm", "alpha", 2.0, **fixed):
                cases.append(("qhm", {"alpha": alpha, **fixed}, 2.0))
    for tiny in (1e-20, 1e-12):  # rates within tiny of 1: 1 - rho keeps no digits
        cases += [
            ("heavy_ball", {"alpha": tiny, "beta": 0.6}, 1.0),
            ("nesterov", {"alpha": tiny, "beta": 0.6}, 1.0),
            ("qhm", {"alpha": tiny, "beta": 0.6, "nu": 0.7}, 1.0),
            ("pytorch_sgd", {"lr": tiny, "momentum": 0.6, "dampening": 0.3}, 1.0),
            ("pytorch_sgd", {"lr": 0.1, "momentum": 0.6, "weight_decay": tiny}, 0.0),
        ]
    # A double root near 1: heavy ball with alpha h = 1e-24 on its critical curve.
    for alpha in critical_steps("heavy_ball", "alpha", 1.0, beta=(1 - 1e-12) ** 2):
        cases.append(("heavy_ball", {"alpha": alpha, "beta": (1 - 1e-12) ** 2}, 1.0))
    return cases


HARD_CASES = _hard_cases()


def test_hard_cases_reach_the_hard_places():
    """The list holds what it claims: rates within 1e-15 of a double root, rho = 0, rates
    between 0 and 1e-8, and gaps below 1e-19."""
    rho = [float(exact_values(n, h, **p)[0]) for n, p, h in HARD_CASES]
    gaps = [float(exact_values(n, h, **p)[1]) for n, p, h in HARD_CASES]
    assert len(HARD_CASES) > 300
    assert min(rho) == 0 and 0 < min(r for r in rho if r > 0) < 1e-8
    assert 0 < min(g for g in gaps if g > 0) < 1e-19
    critical = 0
    for name, params, h in HARD_CASES:
        trace, determinant = reference.characteristic_coefficients(name, h, **params)
        critical += abs(trace * trace - 4 * determinant) < 1e-15 * max(trace * trace, 1e-300)
    assert critical > 50


def _relative(value, exact):
    exact = mpmath.mpf(exact)
    if exact == 0:
        return float(abs(mpmath.mpf(float(value))))
    return float(abs(mpmath.mpf(float(value)) - exact) / abs(exact))


@pytest.mark.parametrize(("name", "params", "h"), HARD_CASES)
def test_rate_region_and_gap_are_exact_for_the_methods_own_parameters(name, params, h):
    """Bounds: spectral_radius and spectral_gap within the documented 1e-14 relative of
    mpmath (60 digits) on the exact rationals of the user's doubles, T and D from the
    method's own rule (not its rounded family map; pytorch_sgd with dampening was off by
    4.7e-7 near critical damping); equalities: convergence_region is Jury's test on the
    exact T and D, the gap is positive exactly there, and the rate is at most 1 there."""
    method = methods.get(name)
    rho, gap, converges = exact_values(name, h, **params)
    rate = float(method.spectral_radius(h, **params))
    computed_gap = float(method.spectral_gap(h, **params))
    assert _relative(rate, rho) <= TOLERANCE
    assert _relative(computed_gap, gap) <= TOLERANCE
    assert bool(method.convergence_region(h, **params)) == converges
    assert (computed_gap > 0) == converges
    if converges:
        assert rate <= 1.0


@given(method_points())
def test_rate_and_gap_against_mpmath_at_random_points(point):
    """The same bounds and equalities at random parameters of every method, in the
    documented range (no parameter below 1e-100 but zero: products stay normal doubles)."""
    name, params, h = point
    numbers = [v for v in params.values() if not isinstance(v, bool)]
    assume(all(v == 0 or abs(v) > 1e-100 for v in numbers))
    method = methods.get(name)
    rho, gap, converges = exact_values(name, h, **params)
    assert _relative(float(method.spectral_radius(h, **params)), rho) <= TOLERANCE
    assert _relative(float(method.spectral_gap(h, **params)), gap) <= TOLERANCE
    assert bool(method.convergence_region(h, **params)) == converges


def test_the_issues_example_rate_is_exact():
    """pytorch_sgd with dampening near critical damping: 2.1574627866293574e-4 (mpmath),
    where the rounded map gave 2.1574617664188445e-4."""
    params = {
        "lr": 0.017817332191001206,
        "momentum": 4.654641273559121e-08,
        "dampening": 0.0956442196819424,
    }
    rate = float(methods.get("pytorch_sgd").spectral_radius(62.034114751995865, **params))
    assert rate == pytest.approx(2.1574627866293574e-4, rel=TOLERANCE)
    family = methods.get("pytorch_sgd").family(**params)  # the rounded map, for contrast
    rounded = float(
        spectral.spectral_radius(family.alpha, family.beta, 62.034114751995865, family.gamma)
    )
    assert abs(rounded / rate - 1) > 1e-7


EXACT_FORM_CASES = [*SYMBOLIC_CASES, ("pytorch_sgd", {"momentum": 0, "nesterov": False})]


@pytest.mark.parametrize(("name", "fixed"), EXACT_FORM_CASES)
def test_exact_form_is_the_rules_characteristic_polynomial(name, fixed):
    """Equality (sympy): T = 1 + beta - alpha (h + s)(1 + g1 g2) and
    D = beta - alpha (h + s)(g1 g2 + omega) at the method's _exact_form are the trace and
    determinant of the Jacobian of its own rule."""
    method = methods.get(name)
    alpha, beta, shift, g1, g2, omega = method._exact_form(
        **derivation.parameter_symbols(name, **fixed)
    )
    h = symbolic.h + shift
    trace = 1 + beta - alpha * h * (1 + g1 * g2)
    determinant = beta - alpha * h * (g1 * g2 + omega)
    _, minus_trace, derived = derivation.characteristic_polynomial(name, **fixed).all_coeffs()
    assert sp.simplify(trace + minus_trace) == 0
    assert sp.simplify(determinant - derived) == 0


@pytest.mark.parametrize(("name", "params"), CASES)
def test_worst_case_rate_is_the_maximum_over_the_spectrum(name, params):
    """Equality with a dense sample of [mu, L] (the maximum sits at an end)."""
    method = methods.get(name)
    hs = np.linspace(1.0, 10.0, 2001)
    sampled = np.max(method.spectral_radius(hs, **params))
    assert float(method.worst_case_rate(1.0, 10.0, **params)) == pytest.approx(sampled, rel=1e-13)


def test_rates_broadcast():
    hb = methods.get("heavy_ball")
    rates = hb.spectral_radius(np.array([[1.0], [10.0]]), alpha=[0.01, 0.1, 0.15], beta=0.5)
    assert rates.shape == (2, 3)
    assert hb.worst_case_rate([1.0, 2.0], 10.0, alpha=0.1, beta=0.5).shape == (2,)
    with pytest.raises(ValueError, match="mu must be at most L"):
        hb.worst_case_rate(3.0, 2.0, alpha=0.1, beta=0.5)


# -- optimal parameters -------------------------------------------------------------------

KAPPAS = (1.0, 1.5, 10.0, 100.0)


@pytest.mark.parametrize("kappa", KAPPAS)
def test_gradient_descent_optimum_against_brute_force(kappa):
    method = methods.get("gradient_descent")
    opt = method.optimal_parameters(1.0, kappa)
    assert float(opt.rate) == pytest.approx((kappa - 1) / (kappa + 1), abs=EQUAL)
    assert float(method.worst_case_rate(1.0, kappa, **opt.parameters)) == pytest.approx(
        float(opt.rate), abs=EQUAL
    )
    alphas = np.linspace(0.0, 2.0 / kappa * 1.5, 20001)
    brute = brute_force_minimax(lambda a: (a, 0 * a, 0 * a), [alphas], [1.0, kappa])
    step = alphas[1] - alphas[0]
    assert float(opt.rate) - 1e-12 <= brute <= float(opt.rate) + kappa * step


@pytest.mark.parametrize("kappa", KAPPAS)
@pytest.mark.parametrize("name", ["heavy_ball", "nesterov"])
def test_momentum_optima_against_brute_force(name, kappa):
    """A bound and an equality: a 401 x 401 grid over (alpha, beta), the rate maximised over
    30 sampled curvatures by a plain formula, must not beat the closed form (by more than
    1e-9) and must come within a grid cell's worth of it; the closed form's rate is the
    kernel's worst_case_rate at its parameters, to CRITICAL (both ends are critically
    damped)."""
    method = methods.get(name)
    opt = method.optimal_parameters(1.0, kappa)
    assert float(method.worst_case_rate(1.0, kappa, **opt.parameters)) == pytest.approx(
        float(opt.rate), abs=CRITICAL
    )
    gamma_of = (lambda a, b: 0 * b) if name == "heavy_ball" else (lambda a, b: b)
    alphas = np.linspace(0.0, 4.0 / kappa, 401)
    betas = np.linspace(0.0, 0.99, 401)
    hs = np.linspace(1.0, kappa, 30)
    brute = brute_force_minimax(lambda a, b: (a, b, gamma_of(a, b)), [alphas, betas], hs)
    assert brute >= float(opt.rate) - 1e-9
    assert brute <= float(opt.rate) + 0.03


@pytest.mark.parametrize("L", [42.0, 42.0 * (1 + 1e-12), 42.42, 4200.0, 4.2e7])
@pytest.mark.parametrize("name", ["gradient_descent", "heavy_ball", "nesterov"])
def test_closed_form_optimum_rate_is_the_rate_of_its_parameters(name, L):
    """Bound: Optimum.rate within 1e-14 (relative) of the worst-case rate at the returned
    parameters, in mpmath on the exact rationals of those doubles (max over the ends).
    At kappa = 1 + 1e-12 the closed form (sqrt(kappa) - 1)/(sqrt(kappa) + 1) is 3e-2 off
    (square-root sensitivity on the critical curves), at kappa = 1.01 3e-7."""
    opt = methods.get(name).optimal_parameters(42.0, L)
    exact = max(
        reference.method_spectral_radius_mpmath(name, h, **opt.parameters) for h in (42.0, L)
    )
    assert _relative(float(opt.rate), exact) <= TOLERANCE


def test_closed_form_optima_broadcast():
    opt = methods.get("nesterov").optimal_parameters(1.0, [10.0, 100.0])
    assert opt.rate.shape == (2,)
    assert opt.condition_number.tolist() == [10.0, 100.0]
    with pytest.raises(ValueError, match="mu must be positive"):
        methods.get("gradient_descent").optimal_parameters(0.0, 1.0)


NUMERICAL_CASES = [
    ("two_step", {}),
    ("qhm", {}),
    ("pytorch_sgd", {}),
    ("pytorch_sgd", {"nesterov": True, "weight_decay": 0.1}),
    ("pytorch_sgd", {"dampening": 0.5}),
]


@pytest.mark.parametrize("kappa", [1.0, 1.01, 10.0, 1e4])
@pytest.mark.parametrize(("name", "fixed"), NUMERICAL_CASES)
def test_numerical_optima_reach_the_known_optimum(name, fixed, kappa):
    """A bound: the gap to Polyak's rate (Lessard's with Nesterov) is at most the stated
    1e-6, and not negative beyond rounding (the known optimum is a lower bound); an
    equality: the reported rate is worst_case_rate at the reported parameters."""
    method = methods.get(name)
    opt = method.optimal_parameters(1.0, kappa, **fixed)
    assert -1e-12 <= opt.gap <= OPTIMUM_TOLERANCE
    shift = fixed.get("weight_decay", 0.0)
    if fixed.get("nesterov"):  # Lessard, Recht and Packard's closed form
        known = 1 - 2 / math.sqrt(3 * (kappa + shift) / (1.0 + shift) + 1)
    else:
        known = spectral.optimal_parameters(1.0 + shift, kappa + shift).rate
    assert opt.known_optimum == pytest.approx(float(known), abs=EQUAL)
    assert float(method.worst_case_rate(1.0, kappa, **opt.parameters)) == opt.rate


def test_qhm_search_without_its_seed_for_moderate_kappa():
    """The grid and Nelder--Mead alone (no heavy-ball start) reach Polyak's rate to 1e-6
    for moderate kappa; near 1 (and at 1e6) the seed is needed (documented)."""
    qhm = methods.get("qhm")
    for kappa in (2.0, 10.0, 1e4):

        def rate(scaled_step, root_beta, nu, kappa=kappa):
            beta = root_beta**2
            alpha = scaled_step / (kappa * (1 - beta))
            return qhm.worst_case_rate(1.0, kappa, alpha=alpha, beta=beta, nu=nu)

        _, value = minimize_worst_case(rate, [(0.0, 4.0), (0.0, 0.999), (0.0, 1.0)])
        assert value - float(spectral.optimal_parameters(1.0, kappa).rate) <= OPTIMUM_TOLERANCE


def test_pytorch_optimum_refuses_what_torch_refuses():
    with pytest.raises(ValueError, match="nesterov=True needs momentum > 0 and dampening == 0"):
        methods.get("pytorch_sgd").optimal_parameters(1.0, 10.0, nesterov=True, dampening=0.5)
    with pytest.raises(ValueError, match="dampening must be a finite number in"):
        methods.get("pytorch_sgd").optimal_parameters(1.0, 10.0, dampening=1.0)


# -- tunings ------------------------------------------------------------------------------

TUNING_KAPPAS = (2.0, 10.0, 100.0, 1e4)


def test_tuning_names():
    assert methods.get("heavy_ball").tunings == ("polyak", "ghadimi")
    assert methods.get("nesterov").tunings == ("textbook", "quadratic_optimal")
    assert methods.get("two_step").tunings == ("triple_momentum",)
    assert methods.get("qhm").tunings == ()
    with pytest.raises(ValueError, match="tuning must be one of 'polyak', 'ghadimi'"):
        methods.get("heavy_ball").tuning("nesterov", 1.0, 10.0)


@pytest.mark.parametrize("kappa", TUNING_KAPPAS)
def test_polyak_and_quadratic_optimal_tunings_are_the_optima(kappa):
    """Equalities: these tunings are the closed-form optima, and their rates the published."""
    for name, tuning in (("heavy_ball", "polyak"), ("nesterov", "quadratic_optimal")):
        method = methods.get(name)
        result = method.tuning(tuning, 1.0, kappa)
        opt = method.optimal_parameters(1.0, kappa)
        assert result.parameters == pytest.approx(
            {k: float(v) for k, v in opt.parameters.items()}, rel=EQUAL
        )
        assert result.rate == pytest.approx(result.published_rate, abs=CRITICAL)


@pytest.mark.parametrize("kappa", TUNING_KAPPAS)
def test_triple_momentum_rate_is_one_minus_one_over_root_kappa(kappa):
    """Equality to 1e-12 on quadratics, attained at both ends of the spectrum."""
    two_step = methods.get("two_step")
    tm = two_step.tuning("triple_momentum", 1.0, kappa)
    rho = 1 - 1 / math.sqrt(kappa)
    assert tm.rate == pytest.approx(rho, abs=EQUAL)
    assert tm.published_rate == pytest.approx(rho, abs=1e-15)
    for h in (1.0, kappa):
        assert float(two_step.spectral_radius(h, **tm.parameters)) == pytest.approx(rho, abs=EQUAL)
    # Published values: alpha = (1 + rho)/L, beta = rho^2/(2 - rho), gamma = beta/(1 + rho).
    assert tm.parameters["alpha"] == pytest.approx((1 + rho) / kappa, rel=1e-15)
    assert tm.parameters["gamma"] == pytest.approx(tm.parameters["beta"] / (1 + rho), rel=1e-15)


@pytest.mark.parametrize("kappa", TUNING_KAPPAS)
def test_nesterov_textbook_rate(kappa):
    """Equality: on quadratics 1 - 1/sqrt(kappa) (mu critically damped, so to CRITICAL; L
    a double eigenvalue 0); a bound: below the published rate sqrt(1 - 1/sqrt(kappa))."""
    nag = methods.get("nesterov")
    result = nag.tuning("textbook", 1.0, kappa)
    rho = 1 - 1 / math.sqrt(kappa)
    assert result.rate == pytest.approx(rho, abs=CRITICAL)
    at_L = float(nag.spectral_radius(kappa, **result.parameters))
    assert at_L == pytest.approx(0.0, abs=CRITICAL)
    assert result.published_rate == pytest.approx(math.sqrt(rho), rel=1e-15)
    assert result.rate <= result.published_rate


@pytest.mark.parametrize("kappa", TUNING_KAPPAS)
@pytest.mark.parametrize("step", [None, 0.1, 0.5, 1.0])
def test_ghadimi_tuning_rate_is_below_its_published_rate(kappa, step):
    """A bound: on quadratics the rate is at most sqrt(1 - alpha mu), the distance rate of
    Ghadimi et al.'s f(x_t) - f* <= (1 - alpha mu)^t (f(x_0) - f*); and the point is inside
    the stability region (it converges)."""
    hb = methods.get("heavy_ball")
    options = {} if step is None else {"alpha": step / kappa}
    result = hb.tuning("ghadimi", 1.0, kappa, **options)
    alpha = 0.5 / kappa if step is None else step / kappa
    assert result.parameters["alpha"] == alpha
    assert result.parameters["beta"] == pytest.approx(
        math.sqrt((1 - alpha) * (1 - alpha * kappa)), rel=1e-15
    )
    assert result.published_rate == pytest.approx(math.sqrt(1 - alpha), rel=1e-15)
    assert result.rate <= result.published_rate + 1e-15
    assert bool(np.all(hb.convergence_region([1.0, kappa], **result.parameters)))


def test_ghadimi_step_must_be_at_most_one_over_L():
    with pytest.raises(ValueError, match=r"alpha must be a finite number in \(0, 0.1\]"):
        methods.get("heavy_ball").tuning("ghadimi", 1.0, 10.0, alpha=0.2)


def test_tuning_spectrum_is_checked():
    with pytest.raises(ValueError, match="mu must be at most L"):
        methods.get("nesterov").tuning("textbook", 10.0, 1.0)


def test_import_stays_light():
    """import momentum_theory (methods included) imports neither SymPy nor SciPy's optimize."""
    code = (
        "import sys, momentum_theory; from momentum_theory import methods; "
        "print(sorted(m for m in ('sympy', 'scipy.optimize', 'torch') if m in sys.modules))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "[]"
    import momentum_theory

    assert momentum_theory.methods is methods
