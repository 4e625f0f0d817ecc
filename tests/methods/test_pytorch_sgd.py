"""pytorch_sgd without torch: its defaults, its map and rule written out by hand, its family
map derived in each of its three forms, the example of issue 18, and its numerical optimum
(test_pytorch_sgd_torch.py compares it with torch.optim.SGD itself)."""

import math

import numpy as np
import pytest
import sympy as sp

from momentum_theory import methods, symbolic
from momentum_theory.family import spectral_radius
from momentum_theory.methods import derivation
from momentum_theory.simulate import run

SGD = methods.get("pytorch_sgd")
EQUAL = 1e-12
TOLERANCE = 1e-14  # the documented accuracy of the rates
SETTINGS = [
    {"lr": 0.05, "momentum": 0.5},
    {"lr": 0.1, "momentum": 0.9, "dampening": 0.5, "weight_decay": 0.1},
    {"lr": 0.08, "momentum": 0.6, "nesterov": True},
    {"lr": 0.1, "dampening": 0.5},
]


def test_defaults_are_torchs():
    assert SGD.defaults == {
        "lr": 1e-3,
        "momentum": 0.0,
        "dampening": 0.0,
        "weight_decay": 0.0,
        "nesterov": False,
        "maximize": False,
    }


def expected_family(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False):
    """The map written out by hand from PyTorch's step (not the code's _map)."""
    if nesterov:
        return lr, momentum, momentum, weight_decay
    return (lr if momentum == 0 else lr * (1 - dampening)), momentum, 0.0, weight_decay


@pytest.mark.parametrize("params", SETTINGS)
def test_family_is_the_hand_written_map(params):
    family = SGD.family(**params)
    actual = (family.alpha, family.beta, family.gamma, family.curvature_shift)
    np.testing.assert_allclose(actual, expected_family(**params), rtol=1e-15, atol=0)


def test_without_momentum_dampening_is_ignored():
    family = SGD.family(lr=0.1, momentum=[0.0, 0.5], dampening=0.5)
    np.testing.assert_array_equal(family.alpha, [0.1, 0.05])
    assert SGD.step_scale(dampening=0.5) == 0.5  # the family step with momentum


@pytest.mark.parametrize("params", SETTINGS)
def test_run_is_the_textbook_loop(params):
    """Equality to 1e-12 relative over 100 steps: PyTorch's step written out (first step
    undampened, no buffer without momentum)."""
    h, x, buffer, expected = 3.0, 1.0, 0.0, [1.0]
    m, d = params.get("momentum", 0.0), params.get("dampening", 0.0)
    for t in range(100):
        g = h * x + params.get("weight_decay", 0.0) * x
        if m != 0:
            buffer = g if t == 0 else m * buffer + (1 - d) * g
            g = g + m * buffer if params.get("nesterov") else buffer
        x = x - params["lr"] * g
        expected.append(abs(x))
    result = run("pytorch_sgd", h, 1.0, 100, **params)
    np.testing.assert_allclose(result.distances, expected, rtol=1e-12, atol=1e-300)


@pytest.mark.parametrize("fixed", [{"momentum": 0}, {"nesterov": True, "dampening": 0}])
def test_derived_polynomial_is_the_family_polynomial_in_each_form(fixed):
    """Equality (sympy): without momentum, and with Nesterov, as in the contract test."""
    derived = derivation.characteristic_polynomial("pytorch_sgd", **fixed).as_expr()
    claimed = derivation.family_polynomial("pytorch_sgd", **fixed).as_expr()
    assert sp.simplify(derived - claimed) == 0


@pytest.mark.parametrize(
    "fixed",
    [{"momentum": 0}, {"nesterov": True, "dampening": 0}, {"momentum": 0, "nesterov": False}],
)
def test_exact_form_is_the_rules_characteristic_polynomial_in_each_form(fixed):
    """Equality (sympy), as in the contract test: the exact T and D from _exact_form are the
    trace and determinant of the Jacobian of the rule."""
    alpha, beta, shift, g1, g2, omega = SGD._exact_form(
        **derivation.parameter_symbols("pytorch_sgd", **fixed)
    )
    h = symbolic.h + shift
    _, minus_trace, derived = derivation.characteristic_polynomial(
        "pytorch_sgd", **fixed
    ).all_coeffs()
    assert sp.simplify(1 + beta - alpha * h * (1 + g1 * g2) + minus_trace) == 0
    assert sp.simplify(beta - alpha * h * (g1 * g2 + omega) - derived) == 0


def test_derivation_has_teeth():
    """Nesterov with dampening is not in the family (torch refuses it): the check says so."""
    with pytest.raises(ArithmeticError, match="derived minus claimed"):
        derivation.check_family_map("pytorch_sgd", nesterov=True)


def test_the_issues_example_rate_is_exact():
    """With dampening near critical damping: 2.1574627866293574e-4 (mpmath), where the
    rounded map gave 2.1574617664188445e-4."""
    params = {
        "lr": 0.017817332191001206,
        "momentum": 4.654641273559121e-08,
        "dampening": 0.0956442196819424,
    }
    rate = float(SGD.spectral_radius(62.034114751995865, **params))
    assert rate == pytest.approx(2.1574627866293574e-4, rel=TOLERANCE)
    family = SGD.family(**params)  # the rounded map, for contrast
    rounded = float(spectral_radius(family.alpha, family.beta, 62.034114751995865, family.gamma))
    assert abs(rounded / rate - 1) > 1e-7


@pytest.mark.parametrize("kappa", [1.0, 1.01, 10.0, 1e4])
@pytest.mark.parametrize(
    "fixed", [{"nesterov": True, "weight_decay": 0.1}, {"dampening": 0.5}, {"maximize": True}]
)
def test_optimum_with_options_reaches_the_known_optimum(fixed, kappa):
    """A bound: the gap to Polyak's rate on the shifted spectrum (Lessard, Recht and
    Packard's with Nesterov) is at most the stated 1e-6; the options are held as given."""
    opt = SGD.optimal_parameters(mu=1.0, L=kappa, **fixed)
    assert -1e-12 <= opt.gap <= 1e-6
    shift = fixed.get("weight_decay", 0.0)
    if fixed.get("nesterov"):
        known = 1 - 2 / math.sqrt(3 * (kappa + shift) / (1.0 + shift) + 1)
    else:
        low, high = math.sqrt(1.0 + shift), math.sqrt(kappa + shift)
        known = (high - low) / (high + low)  # Polyak's on the shifted spectrum
    assert opt.known_optimum == pytest.approx(known, abs=EQUAL)
    assert {k: opt.parameters[k] for k in fixed} == fixed
    assert float(SGD.worst_case_rate(mu=1.0, L=kappa, **opt.parameters)) == opt.rate


def test_optimum_refuses_what_torch_refuses():
    with pytest.raises(ValueError, match="nesterov=True needs momentum > 0 and dampening == 0"):
        SGD.optimal_parameters(mu=1.0, L=10.0, nesterov=True, dampening=0.5)
    with pytest.raises(ValueError, match="dampening must be a finite number in"):
        SGD.optimal_parameters(mu=1.0, L=10.0, dampening=1.0)


# -- the optimum with lr or momentum fixed (heavy ball's closed forms) -----------------------


def plain_sgd_worst_case(lr, momentum, dampening, weight_decay, hs):
    """Worst case over ``hs`` from PyTorch's step written out: with momentum m > 0 the
    characteristic polynomial is lambda^2 - (1 + m - lr (1 - tau)(h + wd)) lambda + m, without
    it the one eigenvalue is 1 - lr (h + wd) (no buffer, no dampening)."""
    lr, momentum = np.broadcast_arrays(np.asarray(lr, float), np.asarray(momentum, float))
    worst = np.zeros(lr.shape)
    for h in hs:
        curvature = h + weight_decay
        trace = 1 + momentum - lr * (1 - dampening) * curvature
        root = np.sqrt(trace.astype(complex) ** 2 - 4 * momentum)
        rho = np.maximum(abs((trace + root) / 2), abs((trace - root) / 2))
        worst = np.maximum(worst, np.where(momentum == 0, abs(1 - lr * curvature), rho))
    return worst


OPTIONS = [{}, {"dampening": 0.5}, {"weight_decay": 0.3}, {"dampening": 0.9, "weight_decay": 0.1}]


@pytest.mark.parametrize("options", OPTIONS, ids=str)
@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9, 0.99])
def test_best_lr_for_a_fixed_momentum_against_a_dense_scan(momentum, options):
    """Bound: no lr of a 200001-point scan (up to twice the widest stable lr) beats the
    result (by more than 1e-12). Equality to 1e-7: the plain formula's rate at the returned
    lr is the closed form's; the options are held."""
    kappa = 50.0
    opt = SGD.optimal_parameters(mu=1.0, L=kappa, momentum=momentum, **options)
    tau, wd = options.get("dampening", 0.0), options.get("weight_decay", 0.0)
    widest = 2 * (1 + momentum) / ((kappa + wd) * (1 - tau if momentum else 1.0))
    hs = np.linspace(1.0, kappa, 40)
    scanned = plain_sgd_worst_case(np.linspace(0, 2 * widest, 200001), momentum, tau, wd, hs)
    assert scanned.min() >= float(opt.rate) - 1e-12
    at = float(plain_sgd_worst_case(opt.lr, momentum, tau, wd, hs))
    assert abs(at - float(opt.known_optimum)) <= 1e-7
    assert opt.momentum == momentum and all(opt.parameters[k] == v for k, v in options.items())
    assert abs(float(opt.rate) - float(opt.known_optimum)) <= 1e-7


@pytest.mark.parametrize("options", OPTIONS, ids=str)
@pytest.mark.parametrize("scaled_lr", [0.02, 0.5, 1.5, 3.0])
def test_best_momentum_for_a_fixed_lr_against_a_dense_scan(scaled_lr, options):
    """Bound: no momentum of a 200001-point scan over [0, 0.99999] with 0 itself (where the
    step is undamped) beats the result (by more than 1e-12). Equality to 1e-7: the plain
    formula's rate at the returned momentum is the result's."""
    kappa = 50.0
    lr = scaled_lr / kappa
    tau, wd = options.get("dampening", 0.0), options.get("weight_decay", 0.0)
    if lr * (1 - tau) * (kappa + wd) >= 4:
        pytest.skip("no convergent momentum: tested in test_fixed.py")
    opt = SGD.optimal_parameters(mu=1.0, L=kappa, lr=lr, **options)
    momenta = np.concatenate([[0.0], np.linspace(1e-9, 0.99999, 200000)])
    hs = np.linspace(1.0, kappa, 40)
    assert plain_sgd_worst_case(lr, momenta, tau, wd, hs).min() >= float(opt.rate) - 1e-12
    at = float(plain_sgd_worst_case(lr, opt.momentum, tau, wd, hs))
    assert abs(at - float(opt.rate)) <= 1e-7
    assert opt.lr == lr


def test_momentum_zero_wins_where_dampening_shrinks_the_step():
    """lr = 2/(mu + L) with dampening 0.99: any momentum steps with lr/100, slower than
    gradient descent with lr itself (rate (L - mu)/(L + mu) = 49/51)."""
    opt = SGD.optimal_parameters(mu=1.0, L=50.0, lr=2 / 51, dampening=0.99)
    assert opt.momentum == 0.0 and float(opt.rate) == pytest.approx(49 / 51, rel=EQUAL)


def test_the_readme_example():
    """momentum 0.9 with Nesterov on [1, 100]: the best lr, against a 400001-point scan of
    the kernel (bound: nothing better by more than 1e-12; the best within 1e-6)."""
    opt = SGD.optimal_parameters(mu=1.0, L=100.0, momentum=0.9, nesterov=True)
    lrs = np.linspace(1e-5, 2 * 1.9 / (2.8 * 100), 400001)
    scanned = SGD.worst_case_rate(mu=1.0, L=100.0, lr=lrs, momentum=0.9, nesterov=True)
    assert scanned.min() >= float(opt.rate) - 1e-12
    assert scanned.min() <= float(opt.rate) + 1e-6
    assert (round(opt.lr, 4), round(float(opt.rate), 4)) == (0.0133, 0.9424)
