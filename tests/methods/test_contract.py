"""The contract every registered method keeps, checked for each method the registry lists.

Its metadata is complete, its domains are refused by name, its family map is derived from
its own rule (SymPy), the kernel's rate is the rule's (LAPACK, and mpmath on the exact
rationals), its optimum is an :class:`~momentum_theory.methods.Optimum` at the rate the
kernel gives, and a run of its rule converges at the kernel's rate. The settings checked
are drawn from the method's own metadata (typical ranges, units, defaults, flags), so a new
method is checked without editing this file; what is particular to one method (its
hand-written map, its textbook loop, its optimum and tunings against closed forms) is in
``tests/methods/test_<method>.py``.
"""

import inspect
import itertools
import math
import re

import matplotlib.colors
import matplotlib.lines
import mpmath
import numpy as np
import pytest
import sympy as sp

from momentum_theory import methods, reference, symbolic
from momentum_theory.family import spectral_radius
from momentum_theory.methods import Optimum, derivation
from momentum_theory.rates import empirical_rate
from momentum_theory.simulate import run

NAMES = methods.names()
KINDS = ("step", "momentum", "shape", "option", "flag")
H = 3.0  # the curvature the samples are for: steps in units of 1/H
# The documented accuracy of spectral_radius and spectral_gap (a bound; measured on the
# hard cases and 3000 random points: at most 1.8e-15 for the rate and 1.3e-15 for the gap).
TOLERANCE = 1e-14
# Where an optimum puts an end of the spectrum on a critical curve (a double eigenvalue),
# rho of the rounded parameters moves like the square root of their rounding: about 1e-8.
CRITICAL = 1e-7
# The stated tolerance of the numerical optima: their gap to the known optimum.
OPTIMUM_TOLERANCE = 1e-6


def samples(method: methods.Method, fractions=(0.25, 0.6), rng=None) -> list[dict]:
    """Settings the method accepts, from its metadata: every numeric parameter at the given
    fractions of its typical range (in its unit, for h = H), or uniform in it with ``rng``;
    the options also at their defaults; flags both ways."""
    found: list[dict] = []
    flags = [p.name for p in method.specs if p.is_flag]
    for fraction in fractions:
        for options_at_default in (False, True):
            numeric = {}
            for p in method.specs:
                if p.is_flag:
                    continue
                if options_at_default and not p.tuned:
                    numeric[p.name] = p.default
                    continue
                low, high = p.typical
                share = fraction if rng is None else rng.uniform()
                numeric[p.name] = (low + share * (high - low)) * p.unit_value(H)
            for values in itertools.product((False, True), repeat=len(flags)):
                params = {**numeric, **dict(zip(flags, values))}
                try:
                    method.check(**params)
                except ValueError:
                    continue
                if params not in found:
                    found.append(params)
    return found


CASES = [(name, params) for name in NAMES for params in samples(methods.get(name))]
rng = np.random.default_rng(2019)
RANDOM_CASES = [
    (name, params)
    for name in NAMES
    for params in samples(methods.get(name), fractions=range(40), rng=rng)
]


def test_every_method_has_samples():
    for name in NAMES:
        assert sum(case == name for case, _ in CASES) >= 2, name
        assert sum(case == name for case, _ in RANDOM_CASES) >= 40, name


# -- metadata ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_metadata_is_complete(name):
    method = methods.get(name)
    assert method.name == name and methods.get(method) is method
    assert method.display and method.title == method.display[0].upper() + method.display[1:]
    assert re.fullmatch(r"[A-Z][A-Za-z]*", method.tag)  # usable in a LaTeX macro name
    assert method.marker in matplotlib.lines.Line2D.markers
    assert matplotlib.colors.is_color_like(method.colour)
    assert method.state in (("x", "x_previous"), ("x", "buffer"))
    assert len(set(method.parameters)) == len(method.specs)
    for parameter in method.specs:
        assert method.parameter(parameter.name) is parameter
        assert parameter.kind in KINDS
        assert parameter.latex and parameter.text and parameter.label
        if not parameter.is_flag:  # a plot of it needs a default range
            low, high = parameter.typical
            assert low < high
            assert parameter.plot_bounds[0] <= low * parameter.unit_value(1.0)
        if parameter.default is None and parameter.name not in method.plane:
            assert parameter.plot_value is not None  # a plot can hold it
    (step,) = [p for p in method.specs if p.kind == "step"]
    assert method.step is step and step.unit == "1/L" and method.plane[0] == step.name
    assert method.plane[1] is None or method.parameter(method.plane[1]).kind == "momentum"
    # optimal_parameters(*, mu, L, **fixed): any parameter may be fixed; what the optimum
    # does not tune it holds at the given value or its default.
    held = {p.name for p in method.specs if not p.tuned}
    signature = inspect.signature(method.optimal_parameters).parameters.values()
    keywords = {p.name for p in signature if p.kind is inspect.Parameter.KEYWORD_ONLY}
    assert keywords == {"mu", "L"}
    assert [p.kind for p in signature][-1] is inspect.Parameter.VAR_KEYWORD
    assert all(method.parameter(n).default is not None for n in held)
    for tuning in method.tunings:
        spec = method.tuning_spec(tuning)
        assert spec.display and re.fullmatch(r"[A-Z][A-Za-z]*", spec.tag) and spec.reference
        assert spec.marker is None or spec.marker in matplotlib.lines.Line2D.markers
    assert method.step_scale(**samples(method)[0]) > 0


def test_names_tags_and_markers_tell_methods_and_tunings_apart():
    every = [methods.get(name) for name in NAMES]
    tunings = [m.tuning_spec(t) for m in every for t in m.tunings]
    assert len({m.display for m in every}) == len(every)
    assert len({m.tag for m in every} | {t.tag for t in tunings}) == len(every) + len(tunings)
    markers = [m.marker for m in every] + [t.marker for t in tunings if t.marker]
    assert len(set(markers)) == len(markers)


def test_unknown_parameter_is_refused_with_the_parameters():
    with pytest.raises(ValueError, match="heavy_ball has no parameter 'gamma'; its parameters"):
        methods.get("heavy_ball").parameter("gamma")


# -- domains ----------------------------------------------------------------------------


def _outside(domain) -> float:
    """A value the domain refuses."""
    if domain.excluded:
        return domain.excluded[0]
    if domain.low > -math.inf:
        return domain.low if domain.low_open else domain.low - 1.0
    return domain.high if domain.high_open else domain.high + 1.0


@pytest.mark.parametrize("name", NAMES)
def test_domains_are_refused_naming_the_parameter_and_let_nan_through(name):
    method = methods.get(name)
    inside = samples(method)[0]
    checked = 0
    for parameter in method.specs:
        if parameter.domain is None:
            continue
        bad = _outside(parameter.domain)
        expected = f"{parameter.name} must be {parameter.domain.describe()}, got {bad:g}"
        with pytest.raises(ValueError, match=re.escape(expected)):
            method.spectral_radius(H, **{**inside, parameter.name: bad})
        assert np.isnan(method.spectral_radius(H, **{**inside, parameter.name: np.nan}))
        checked += 1
    assert checked == sum(p.domain is not None for p in method.specs)


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


# -- the map, derived from the rule -----------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_derived_polynomial_is_the_family_polynomial_under_the_map(name):
    """Equality (sympy simplifies the difference to 0): det(lambda I - C) of the Jacobian of
    the method's own rule against lambda^2 - T lambda + D at the claimed map."""
    derived = derivation.characteristic_polynomial(name).as_expr()
    claimed = derivation.family_polynomial(name).as_expr()
    assert sp.simplify(derived - claimed) == 0
    assert derivation.check_family_map(name) == 0


@pytest.mark.parametrize("name", NAMES)
def test_exact_form_is_the_rules_characteristic_polynomial(name):
    """Equality (sympy): T = 1 + beta - alpha (h + s)(1 + g1 g2) and
    D = beta - alpha (h + s)(g1 g2 + omega) at the method's _exact_form are the trace and
    determinant of the Jacobian of its own rule."""
    method = methods.get(name)
    alpha, beta, shift, g1, g2, omega = method._exact_form(**derivation.parameter_symbols(name))
    h = symbolic.h + shift
    trace = 1 + beta - alpha * h * (1 + g1 * g2)
    determinant = beta - alpha * h * (g1 * g2 + omega)
    _, minus_trace, derived = derivation.characteristic_polynomial(name).all_coeffs()
    assert sp.simplify(trace + minus_trace) == 0
    assert sp.simplify(determinant - derived) == 0


# -- the kernel's rate is the rule's -----------------------------------------------------


def rule_radius(method, h, **params):
    """Spectral radius of the state matrix built by applying the method's own numeric rule
    to the unit states (columns), eigenvalues by LAPACK: no family map involved."""
    columns = []
    for unit in ((1.0, 0.0), (0.0, 1.0)):
        state = (np.array([unit[0]]), np.array([unit[1]]))
        new = method.update(state, lambda point: h * point, **params)
        columns.append([float(new[0][0]), float(new[1][0])])
    return float(np.max(np.abs(np.linalg.eigvals(np.array(columns).T))))


def _relative(value, exact):
    exact = mpmath.mpf(exact)
    if exact == 0:
        return float(abs(mpmath.mpf(float(value))))
    return float(abs(mpmath.mpf(float(value)) - exact) / abs(exact))


@pytest.mark.parametrize(("name", "params"), RANDOM_CASES)
def test_rate_region_and_gap_are_the_rules(name, params):
    """Equality to an eigen-solver's accuracy (half the digits at a Jordan block: 1e-6
    absolute) with the eigenvalues of the matrix the numeric rule builds; bounds within the
    documented 1e-14 relative of mpmath on the exact rationals (T and D from the rule, not
    the map); Jury's test on the exact T and D for the region, the gap positive exactly
    there and the rate at most 1 there."""
    method = methods.get(name)
    rate = float(method.spectral_radius(H, **params))
    assert rate == pytest.approx(rule_radius(method, H, **params), abs=1e-6)
    trace, determinant = reference.characteristic_coefficients(name, H, **params)
    converges = abs(determinant) < 1 and abs(trace) < 1 + determinant
    assert _relative(rate, reference.method_spectral_radius_mpmath(name, H, **params)) <= TOLERANCE
    gap = float(method.spectral_gap(H, **params))
    assert _relative(gap, reference.spectral_gap_mpmath(name, H, **params)) <= TOLERANCE
    assert bool(method.convergence_region(H, **params)) == converges == (gap > 0)
    if converges:
        assert rate <= 1.0


@pytest.mark.parametrize(("name", "params"), CASES)
def test_worst_case_rate_is_the_maximum_over_the_spectrum(name, params):
    """Equality with a dense sample of [mu, L] (the maximum sits at an end)."""
    method = methods.get(name)
    hs = np.linspace(1.0, 10.0, 2001)
    sampled = np.max(method.spectral_radius(hs, **params))
    assert float(method.worst_case_rate(mu=1.0, L=10.0, **params)) == pytest.approx(
        sampled, rel=1e-13
    )


def test_rates_broadcast():
    hb = methods.get("heavy_ball")
    rates = hb.spectral_radius(np.array([[1.0], [10.0]]), alpha=[0.01, 0.1, 0.15], beta=0.5)
    assert rates.shape == (2, 3)
    assert hb.worst_case_rate(mu=[1.0, 2.0], L=10.0, alpha=0.1, beta=0.5).shape == (2,)
    with pytest.raises(ValueError, match="mu must be at most L"):
        hb.worst_case_rate(mu=3.0, L=2.0, alpha=0.1, beta=0.5)


# -- exact where it is hard ----------------------------------------------------------------


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
    """(name, params, h): on and beside every method's critical curve at its samples, near
    critical damping for dampening and weight decay, near Nesterov's
    alpha (h + weight_decay) = 1 (rho -> 0), rates within 1e-20 of 1, and the example of
    issue 18."""
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
    for name, params in CASES:  # every method, on its critical curves
        step = methods.get(name).step.name
        fixed = {k: v for k, v in params.items() if k != step}
        cases += [(name, {step: s, **fixed}, H) for s in critical_steps(name, step, H, **fixed)]
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
    """The list holds what it claims: rates within 1e-15 of a double root for every method
    with a momentum, rho = 0, rates between 0 and 1e-8, and gaps below 1e-19."""
    rho = [float(reference.method_spectral_radius_mpmath(n, h, **p)) for n, p, h in HARD_CASES]
    gaps = [float(reference.spectral_gap_mpmath(n, h, **p)) for n, p, h in HARD_CASES]
    assert len(HARD_CASES) > 300
    assert min(rho) == 0 and 0 < min(r for r in rho if r > 0) < 1e-8
    assert 0 < min(g for g in gaps if g > 0) < 1e-19
    critical = dict.fromkeys(NAMES, 0)
    for name, params, h in HARD_CASES:
        trace, determinant = reference.characteristic_coefficients(name, h, **params)
        critical[name] += abs(trace * trace - 4 * determinant) < 1e-15 * max(trace**2, 1e-300)
    # Every method with a momentum (gradient descent's only double root is rho = 0).
    assert all(n for name, n in critical.items() if methods.get(name).plane[1]), critical
    assert sum(critical.values()) > 50


@pytest.mark.parametrize(("name", "params", "h"), HARD_CASES)
def test_rate_region_and_gap_are_exact_where_it_is_hard(name, params, h):
    """The bounds and equalities of test_rate_region_and_gap_are_the_rules, at the hard
    places (pytorch_sgd with dampening was off by 4.7e-7 near critical damping when the
    rate came from its rounded map)."""
    method = methods.get(name)
    trace, determinant = reference.characteristic_coefficients(name, h, **params)
    converges = abs(determinant) < 1 and abs(trace) < 1 + determinant
    rate = float(method.spectral_radius(h, **params))
    gap = float(method.spectral_gap(h, **params))
    assert _relative(rate, reference.method_spectral_radius_mpmath(name, h, **params)) <= TOLERANCE
    assert _relative(gap, reference.spectral_gap_mpmath(name, h, **params)) <= TOLERANCE
    assert bool(method.convergence_region(h, **params)) == converges == (gap > 0)
    if converges:
        assert rate <= 1.0


# -- the optimum ---------------------------------------------------------------------------


@pytest.mark.parametrize("kappa", [1.0, 1.01, 10.0, 1e4])
@pytest.mark.parametrize("name", NAMES)
def test_optimum_is_an_optimum_at_the_kernels_rate_near_the_known_one(name, kappa):
    """Equality: the reported rate is worst_case_rate at the reported parameters; a bound:
    the gap to the known optimum is at most the stated 1e-6 for a numerical search (CRITICAL
    for a closed form, whose parameters are rounded where the rate moves like a square
    root), and not negative beyond rounding (the known optimum is a lower bound)."""
    method = methods.get(name)
    opt = method.optimal_parameters(mu=1.0, L=kappa)
    assert isinstance(opt, Optimum) and opt.method == name
    assert tuple(opt.parameters) == method.parameters
    assert all(getattr(opt, p) == opt.parameters[p] for p in method.parameters)
    assert float(method.worst_case_rate(mu=1.0, L=kappa, **opt.parameters)) == float(opt.rate)
    assert -1e-12 <= opt.gap <= (CRITICAL if method.closed_form_optimum else OPTIMUM_TOLERANCE)


@pytest.mark.parametrize("L", [42.0, 42.0 * (1 + 1e-12), 42.42, 4200.0, 4.2e7])
@pytest.mark.parametrize("name", [n for n in NAMES if methods.get(n).closed_form_optimum])
def test_closed_form_optimum_rate_is_the_rate_of_its_parameters(name, L):
    """Bound: Optimum.rate within 1e-14 (relative) of the worst-case rate at the returned
    parameters, in mpmath on the exact rationals of those doubles (max over the ends).
    At kappa = 1 + 1e-12 the closed form is 3e-2 off (square-root sensitivity on the
    critical curves), at kappa = 1.01 3e-7: it is known_optimum, not rate."""
    opt = methods.get(name).optimal_parameters(mu=42.0, L=L)
    exact = max(
        reference.method_spectral_radius_mpmath(name, h, **opt.parameters) for h in (42.0, L)
    )
    assert _relative(float(opt.rate), exact) <= TOLERANCE


@pytest.mark.parametrize("name", [n for n in NAMES if methods.get(n).closed_form_optimum])
def test_closed_form_optima_broadcast(name):
    opt = methods.get(name).optimal_parameters(mu=1.0, L=[10.0, 100.0])
    assert opt.rate.shape == opt.known_optimum.shape == opt.gap.shape == (2,)
    assert opt.condition_number.tolist() == [10.0, 100.0]
    with pytest.raises(ValueError, match="mu must be positive"):
        methods.get(name).optimal_parameters(mu=0.0, L=1.0)


# -- a run of the rule converges at the kernel's rate ----------------------------------------


def _measurable(name, params) -> bool:
    """Converges at a rate a 2000-step run measures (not too fast), off the critical curve
    (where the Jordan block's polynomial factor would bias the measured rate)."""
    method = methods.get(name)
    family = method.family(**params)
    discriminant = float(family.trace(H)) ** 2 - 4 * float(family.determinant(H))
    rate = float(method.spectral_radius(H, **params))
    return 0.2 < rate < 0.995 and abs(discriminant) > 1e-3


RUN_CASES = [(name, params) for name, params in RANDOM_CASES if _measurable(name, params)]


def test_every_method_is_run():
    for name in NAMES:
        assert sum(case == name for case, _ in RUN_CASES) >= 3, name


@pytest.mark.parametrize(("name", "params"), RUN_CASES[::4])
def test_measured_rate_of_the_rule_is_the_kernels(name, params):
    """Equality to 1e-4 relative: the rate of a 2000-step run of the method's own rule on
    h x^2/2 against the kernel at the method's parameters."""
    predicted = float(methods.get(name).spectral_radius(H, **params))
    result = run(name, H, 1.0, 2000, **params)
    measured = float(empirical_rate(result.log_distances, log=True))
    assert measured == pytest.approx(predicted, rel=1e-4)


def test_run_cases_cover_both_regimes():
    discriminants = []
    for name, params in RUN_CASES[::4]:
        family = methods.get(name).family(**params)
        discriminants.append(float(family.trace(H)) ** 2 - 4 * float(family.determinant(H)))
    assert min(discriminants) < 0 < max(discriminants)


def test_kernel_is_the_familys_where_the_map_is_exact():
    """Equality: a method whose map does no arithmetic is the family's kernel exactly."""
    rate = methods.get("nesterov").spectral_radius(H, alpha=0.1, beta=0.5)
    assert rate == spectral_radius(0.1, 0.5, H, 0.5)
