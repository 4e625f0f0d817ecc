"""methods._fixed: optimal_parameters with some parameters fixed, for every method.

The numerical slices are checked against brute-force scans over their free parameters
(bounds: the optimum is at least as good as the best scanned point, and a fine scan around it
finds nothing better), with rates from the method's family map and the plain root formula
(no kernel, no endpoint rule). The closed forms are checked in test_heavy_ball.py and
test_pytorch_sgd.py.
"""

import functools
import re

import numpy as np
import pytest

from momentum_theory import methods, reference
from momentum_theory.methods import Optimum
from momentum_theory.methods._fixed import LARGEST_KAPPA, SMALLEST_GAP, check_tunable
from momentum_theory.methods.heavy_ball import polyak_rate

NAMES = methods.names()
# Bound: the search's result against the best point of a scan of the free parameters. A scan
# point can only be worse than the true minimum; the search may be worse than it by its
# stopping tolerance (measured: it beat every scanned point, by 1.3e-5 to 5.4e-3).
SCAN_TOLERANCE = 1e-9
# Bound: a fine scan around the result (steps of 1e-4 relative, 1% each way) finds nothing
# better by more than this (measured: nothing better at all).
LOCAL_TOLERANCE = 1e-9


def scanned_rate(method, mu, L, hs, **params):
    """Worst case over the sampled curvatures ``hs`` from the family map and the plain
    formula for the roots of lambda^2 - T lambda + D (independent of the kernel)."""
    family = method.family(**params)
    worst = 0.0
    for h in hs:
        trace = family.trace(h)
        determinant = family.determinant(h)
        discriminant = trace**2 - 4 * determinant
        real = (np.abs(trace) + np.sqrt(np.maximum(discriminant, 0.0))) / 2
        worst = np.maximum(worst, np.where(discriminant >= 0, real, np.sqrt(np.abs(determinant))))
    return worst


# (method, fixed, {free parameter: scan range}) on [1, 10]: every numerical slice kind.
MU, L = 1.0, 10.0
SLICES = [
    ("nesterov", {"beta": 0.9}, {"alpha": (0.0, 0.2)}),
    ("nesterov", {"alpha": 0.05}, {"beta": (0.0, 0.999)}),
    ("two_step", {"gamma": 0.5}, {"alpha": (0.0, 0.4), "beta": (-0.5, 0.999)}),
    ("two_step", {"alpha": 0.1, "beta": 0.5}, {"gamma": (-0.9, 3.0)}),
    ("qhm", {"nu": 0.7}, {"alpha": (0.0, 4.0), "beta": (0.0, 0.99)}),
    ("qhm", {"beta": 0.9}, {"alpha": (0.0, 4.0), "nu": (0.0, 1.0)}),
    ("qhm", {"alpha": 0.15, "nu": 0.5}, {"beta": (0.0, 0.999)}),
    ("pytorch_sgd", {"momentum": 0.9, "nesterov": True}, {"lr": (0.0, 0.2)}),
    ("pytorch_sgd", {"lr": 0.05, "nesterov": True}, {"momentum": (1e-6, 0.999)}),
]


@functools.cache
def _slice(index):
    name, fixed, _ = SLICES[index]
    return methods.get(name).optimal_parameters(mu=MU, L=L, **fixed)


@pytest.mark.parametrize("index", range(len(SLICES)), ids=[f"{s[0]}-{s[1]}" for s in SLICES])
def test_numerical_slice_against_brute_force_scan(index):
    name, fixed, ranges = SLICES[index]
    method = methods.get(name)
    opt = _slice(index)
    assert isinstance(opt, Optimum) and tuple(opt.parameters) == method.parameters
    assert all(opt.parameters[k] == v for k, v in fixed.items())
    assert float(method.worst_case_rate(mu=MU, L=L, **opt.parameters)) == opt.rate
    hs = np.linspace(MU, L, 7)
    points = 4001 if len(ranges) == 1 else 301
    axes = [np.linspace(low, high, points) for low, high in ranges.values()]
    mesh = dict(zip(ranges, np.meshgrid(*axes, indexing="ij")))
    with np.errstate(invalid="ignore"):
        scanned = scanned_rate(method, MU, L, hs, **fixed, **mesh)
    assert opt.rate <= np.nanmin(scanned) + SCAN_TOLERANCE
    # A fine scan around the result.
    found = {k: opt.parameters[k] for k in ranges}
    offsets = np.linspace(-1e-2, 1e-2, 201 if len(ranges) == 1 else 41)
    local_axes = [v + offsets * max(abs(v), 1e-3) for v in found.values()]
    local = dict(zip(ranges, np.meshgrid(*local_axes, indexing="ij")))
    rates = method.worst_case_rate(mu=MU, L=L, **fixed, **local)
    assert opt.rate <= np.nanmin(rates) + LOCAL_TOLERANCE


@pytest.mark.parametrize(
    ("name", "fixed"), [("two_step", {"gamma": 0.0}), ("qhm", {"nu": 1.0})], ids=str
)
@pytest.mark.parametrize(
    "kappa",
    [pytest.param(1.5, marks=pytest.mark.slow), 10.0, pytest.param(100.0, marks=pytest.mark.slow)],
)
def test_slices_through_heavy_ball_reach_polyaks_rate(name, fixed, kappa):
    """Bound: two_step at gamma = 0 and QHM at nu = 1 contain heavy ball, so the slice's
    optimum is Polyak's rate (closed form) to the numerical optima's stated 1e-6."""
    opt = methods.get(name).optimal_parameters(mu=1.0, L=kappa, **fixed)
    assert -1e-12 <= opt.rate - polyak_rate(mu=1.0, L=kappa) <= 1e-6


@functools.cache
def _free_optimum(name):
    return methods.get(name).optimal_parameters(mu=1.0, L=10.0)


CUTS = [(n, p) for n in NAMES for p in methods.get(n).tuned_parameters]


@pytest.mark.parametrize(("name", "parameter"), CUTS)
def test_fixing_a_parameter_at_its_optimum_keeps_the_optimal_rate(name, parameter):
    """For every method and tuned parameter: held at its value in the optimum, the slice's
    optimum is as good (bound: within the numerical optima's stated 1e-6), and no better
    than Polyak's lower bound."""
    free = _free_optimum(name)
    value = float(free.parameters[parameter])
    opt = methods.get(name).optimal_parameters(mu=1.0, L=10.0, **{parameter: value})
    assert opt.parameters[parameter] == value
    assert opt.rate <= float(free.rate) + 1e-6
    assert opt.rate >= polyak_rate(mu=1.0, L=10.0) - 1e-12


@pytest.mark.parametrize("name", NAMES)
def test_everything_fixed_returns_it_with_its_rate(name):
    method = methods.get(name)
    params = {
        p: float(v)
        for p, v in _free_optimum(name).parameters.items()
        if p in method.tuned_parameters
    }
    opt = method.optimal_parameters(mu=1.0, L=10.0, **params)
    assert {k: opt.parameters[k] for k in params} == params
    assert float(opt.rate) == float(method.worst_case_rate(mu=1.0, L=10.0, **opt.parameters))
    assert opt.known_optimum is None and opt.gap is None


@pytest.mark.parametrize(
    ("name", "fixed", "message"),
    [
        (
            "heavy_ball",
            {"alpha": 0.5, "beta": 0.5},
            "heavy_ball with alpha = 0.5, beta = 0.5 does not converge on",
        ),
        ("heavy_ball", {"alpha": 0.5}, r"only if 0 < alpha L < 4"),
        ("heavy_ball", {"alpha": -0.1}, r"only if 0 < alpha L < 4"),
        ("heavy_ball", {"beta": 1.0}, r"only if -1 < beta < 1"),
        ("heavy_ball", {"beta": -1.5}, r"only if -1 < beta < 1"),
        (
            "nesterov",
            {"alpha": 0.3},
            r"no convergent choice of beta on \[1, 10\]: the best found has worst-case rate \d",
        ),
        ("pytorch_sgd", {"lr": 0.5}, r"only if 0 < lr \(1 - dampening\)\(L \+ weight_decay\) < 4"),
        ("pytorch_sgd", {"momentum": 1.0}, "only if momentum < 1"),
        ("two_step", {"alpha": 1.0, "gamma": 0.0}, "no convergent choice of beta"),
    ],
)
def test_no_convergent_choice_is_an_error_saying_so(name, fixed, message):
    """optimal_parameters never returns a setting that does not converge."""
    with pytest.raises(ValueError, match=message):
        methods.get(name).optimal_parameters(mu=1.0, L=10.0, **fixed)


@pytest.mark.parametrize(
    ("name", "fixed", "error", "message"),
    [
        (
            "heavy_ball",
            {"gamma": 0.1},
            TypeError,
            "heavy_ball.optimal_parameters got an unexpected parameter 'gamma'; "
            "its parameters are alpha, beta",
        ),
        (
            "pytorch_sgd",
            {"lr": -0.1},
            ValueError,
            r"lr must be non-negative \(torch.optim.SGD refuses it\), got -0.1",
        ),
        ("pytorch_sgd", {"momentum": -0.5}, ValueError, "momentum must be non-negative"),
        ("pytorch_sgd", {"weight_decay": -1.0}, ValueError, "weight_decay must be non-negative"),
        (
            "pytorch_sgd",
            {"dampening": 1.0},
            ValueError,
            r"dampening must be a finite number in \[0, 1\), got 1",
        ),
        ("pytorch_sgd", {"nesterov": 1}, TypeError, "nesterov must be True or False, got 1"),
        (
            "pytorch_sgd",
            {"momentum": 0.0, "nesterov": True},
            ValueError,
            "nesterov=True needs momentum > 0",
        ),
        ("pytorch_sgd", {"dampening": 0.1, "nesterov": True}, ValueError, "dampening = 0.1"),
        (
            "qhm",
            {"beta": 1.0},
            ValueError,
            r"beta must be other than 1 \(the map divides by 1 - beta\), got 1",
        ),
        ("nesterov", {"beta": float("nan")}, ValueError, "beta must be a finite number, got nan"),
        ("nesterov", {"beta": [0.5, 0.6]}, ValueError, "beta must be a scalar"),
    ],
)
def test_fixed_mistakes_name_the_parameter_and_the_allowed_range(name, fixed, error, message):
    with pytest.raises(error, match=message):
        methods.get(name).optimal_parameters(mu=1.0, L=10.0, **fixed)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(("mu", "L"), [(1e-300, 1e300), (1.0, 1e40), (1.0, 2.0 * LARGEST_KAPPA)])
def test_untunable_spectra_are_refused_with_one_message_by_every_method(name, mu, L):
    """The issue's optimal_parameters(1e-300, 1e300) returned beta = 1.0, which does not
    converge, as optimal."""
    message = f"cannot tune for mu = {mu:g}, L = {L:g} in double precision: the condition number"
    with pytest.raises(ValueError, match=re.escape(message)):
        methods.get(name).optimal_parameters(mu=mu, L=L)


def test_largest_kappa_is_where_polyaks_gap_reaches_the_smallest_gap():
    """Equality (mpmath, 50 digits): 2 sqrt(mu)/(sqrt(L) + sqrt(mu)) at kappa = LARGEST_KAPPA
    is SMALLEST_GAP = 4 sqrt(eps); just below it is accepted, just above refused."""
    import mpmath

    with mpmath.workdps(50):
        root = mpmath.sqrt(mpmath.mpf(LARGEST_KAPPA))
        assert float(2 / (root + 1)) == pytest.approx(4 * np.sqrt(np.finfo(float).eps), rel=1e-12)
    check_tunable(1.0, LARGEST_KAPPA * (1 - 1e-9))
    with pytest.raises(ValueError):
        check_tunable(1.0, LARGEST_KAPPA * (1 + 1e-9))
    check_tunable([np.nan, 1.0], 10.0)  # NaN in an array is data
    assert SMALLEST_GAP == pytest.approx(5.96e-8, rel=1e-3)


def test_below_the_threshold_heavy_balls_rounded_optimum_converges():
    """Bound (mpmath on the exact doubles): where the check accepts, Polyak's parameters as
    rounded keep a positive gap at both ends, at least half the closed form's; above it
    they can diverge (kappa near 8e15 does: why the threshold is where it is)."""
    rng = np.random.default_rng(20)
    for kappa in np.concatenate([[LARGEST_KAPPA * (1 - 1e-9)], 10 ** rng.uniform(13, 15.05, 40)]):
        opt = methods.get("heavy_ball").optimal_parameters(mu=1.0, L=kappa)
        gap = min(
            reference.spectral_gap_mpmath("heavy_ball", h, **opt.parameters) for h in (1.0, kappa)
        )
        assert gap >= (1 - float(opt.known_optimum)) / 2
    kappa = 8096404625936875.0  # above the threshold: Polyak's parameters as the code rounds them
    root_sum_squared = (np.sqrt(kappa) + 1.0) ** 2
    polyak = {"alpha": 4.0 / root_sum_squared, "beta": ((kappa - 1.0) / root_sum_squared) ** 2}
    gaps = [reference.spectral_gap_mpmath("heavy_ball", h, **polyak) for h in (1.0, kappa)]
    assert min(gaps) < 0
