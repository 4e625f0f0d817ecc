"""The methods experiments: the panels' grids, optima, tunings, the kappa sweep, the derived
maps, the brute force, the simulations and torch, each against an independent reference.

Equalities are to the rounding of the closed forms (EQUAL), or to the square root of the
rounding where an end of the spectrum is critically damped (CRITICAL); bounds say so.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp

from momentum_theory import methods, optimal_parameters
from momentum_theory.experiments import _cache
from momentum_theory.experiments import methods as experiment
from momentum_theory.family import spectral_radius

EQUAL = 1e-12
CRITICAL = 1e-7
# Small settings for the tests that do not need the figure's (the defaults are covered by
# the verify and regeneration tests).
SMALL = 24


@pytest.fixture(scope="module")
def small():
    return experiment.spectrum_comparison(resolution=SMALL)


def test_panels_are_each_methods_natural_parameters(small):
    """One grid per panel, in order, with the stated fixed parameters."""
    assert [grid.method for grid in small.grids] == [p.method for p in experiment.PANELS]
    assert {p.method for p in experiment.PANELS} == set(methods.names()) - {"gradient_descent"}
    fixed = {grid.method: grid.fixed for grid in small.grids}
    triple = methods.get("two_step").tuning("triple_momentum", *experiment.SPECTRUM)
    assert fixed["two_step"]["gamma"] == triple.parameters["gamma"]
    assert fixed["qhm"]["nu"] == 0.7
    assert fixed["pytorch_sgd"] == {
        "dampening": 0.5,
        "weight_decay": 0.0,
        "nesterov": False,
        "maximize": False,
    }
    for grid, panel in zip(small.grids, experiment.PANELS):
        assert grid.rate.shape == (SMALL, SMALL)
        assert (grid.mu, grid.L) == experiment.SPECTRUM
        assert grid.x.min() > panel.x_window[0] / grid.L
        assert grid.x.max() < panel.x_window[1] / grid.L


def test_momenta_are_even_in_log_one_minus_beta(small):
    """The rows are cell centres of [0, MOMENTUM_DECADES] in -log10(1 - beta)."""
    for grid in small.grids:
        coordinate = -np.log10(1.0 - grid.y)
        steps = np.diff(coordinate)
        np.testing.assert_allclose(steps, experiment.MOMENTUM_DECADES / SMALL, rtol=1e-9)
        assert coordinate[0] == pytest.approx(steps[0] / 2)


def test_grid_rates_are_the_methods_worst_case_rates(small):
    """Equality: each sampled cell against worst_case_rate called directly."""
    rng = np.random.default_rng(3)
    for grid in small.grids:
        method = methods.get(grid.method)
        for row, column in rng.integers(0, SMALL, (5, 2)):
            direct = method.worst_case_rate(
                grid.mu,
                grid.L,
                **{grid.x_name: grid.x[column], grid.y_name: grid.y[row]},
                **grid.fixed,
            )
            assert grid.rate[row, column] == float(direct)


def test_optima_are_the_known_ones(small):
    """Closed forms against their formulas (equality; the rate is the kernel's at the
    rounded parameters, so to CRITICAL for Nesterov, whose optimum is critically damped at
    mu); numerical optima within the stated 1e-6 of Polyak's rate and not below it beyond
    rounding (a bound)."""
    mu, L = experiment.SPECTRUM
    kappa = L / mu
    polyak = float(optimal_parameters(mu, L).known_optimum)
    optima = small.optima
    assert float(optima["gradient_descent"].rate) == pytest.approx((kappa - 1) / (kappa + 1))
    assert float(optima["heavy_ball"].rate) == pytest.approx(
        (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1), abs=EQUAL
    )
    assert float(optima["nesterov"].rate) == pytest.approx(
        1 - 2 / math.sqrt(3 * kappa + 1), abs=CRITICAL
    )
    for name in ("two_step", "qhm", "pytorch_sgd"):
        assert -EQUAL <= float(optima[name].rate) - polyak <= 1e-6
    assert optima["pytorch_sgd"].dampening == 0.5


def test_tunings_are_the_listed_ones_at_the_spectrum(small):
    assert [(t.method, t.name) for t in small.tunings] == list(experiment.TUNINGS)
    for tuning in small.tunings:
        assert (tuning.mu, tuning.L) == experiment.SPECTRUM
        assert tuning.rate <= tuning.published_rate + CRITICAL  # a bound


@pytest.mark.slow
def test_kappa_sweep_against_closed_forms():
    """Equalities: heavy ball is the lower bound, triple momentum 1 - 1/sqrt(kappa), Nesterov
    1 - 2/sqrt(3 kappa + 1); bounds: gradient descent >= Nesterov >= the bound."""
    sweep = experiment.rates_against_kappa(points=31, numerical_kappas=(10.0,))
    kappa = sweep.kappa
    assert kappa[0] == 1.0 and kappa[-1] == pytest.approx(1e6)
    np.testing.assert_allclose(sweep.closed_form["heavy_ball"], sweep.lower_bound, atol=EQUAL)
    np.testing.assert_allclose(sweep.triple_momentum, 1 - 1 / np.sqrt(kappa), atol=CRITICAL)
    np.testing.assert_allclose(
        sweep.closed_form["nesterov"], 1 - 2 / np.sqrt(3 * kappa + 1), atol=EQUAL
    )
    assert np.all(sweep.closed_form["gradient_descent"] >= sweep.closed_form["nesterov"] - EQUAL)
    assert np.all(sweep.closed_form["nesterov"] >= sweep.lower_bound - EQUAL)
    assert set(sweep.numerical) == {name for name, _ in experiment.NUMERICAL_METHODS}
    for name, rates in sweep.numerical.items():
        root = math.sqrt(10.0)
        assert rates[0] == pytest.approx((root - 1) / (root + 1), abs=1e-6)
        assert abs(sweep.numerical_gap[name][0]) <= 1e-6
    assert sweep.largest_gap <= 1e-6


def test_family_maps_are_derived_and_match_the_code():
    maps = experiment.family_maps()
    assert [(m.method, m.fixed) for m in maps] == list(experiment.SYMBOLIC_CASES)
    assert all(m.matches_code for m in maps)
    alpha, beta, nu = sp.symbols("alpha beta nu", real=True)
    qhm = next(m for m in maps if m.method == "qhm")
    expected = (alpha * (1 - beta), beta, beta * (1 - nu) / (1 - beta), 0)
    assert all(sp.simplify(a - b) == 0 for a, b in zip(qhm.derived, expected))


def test_a_wrong_map_is_caught(monkeypatch):
    """The derived map is compared with the code's: a map with the wrong gamma fails."""
    qhm = methods.get("qhm")
    monkeypatch.setattr(
        type(qhm), "_map", lambda self, *, alpha, beta, nu: (alpha * (1 - beta), beta, nu, 0)
    )
    with _cache.isolated():
        maps = experiment.family_maps((("qhm", ()), ("heavy_ball", ())))
    assert [m.matches_code for m in maps] == [False, True]


def test_plain_rate_is_the_kernel_away_from_critical_damping():
    """Equality to 1e-12 where |T^2 - 4D| > 1e-2: the textbook formula is accurate there."""
    rng = np.random.default_rng(7)
    family = methods.get("two_step").family(
        alpha=rng.uniform(0, 0.4, 500), beta=rng.uniform(0, 1, 500), gamma=rng.uniform(0, 1, 500)
    )
    h = rng.uniform(1, 10, 500)
    discriminant = family.trace(h) ** 2 - 4 * family.determinant(h)
    away = np.abs(discriminant) > 1e-2
    kernel = spectral_radius(family.alpha, family.beta, h, gamma=family.gamma)
    np.testing.assert_allclose(experiment.plain_rate(family, h)[away], kernel[away], rtol=1e-12)


@pytest.mark.slow
def test_brute_force_does_not_beat_the_optima():
    """A bound: no grid point beats an optimum beyond 1e-8; and the grids are fine enough to
    come within 0.02 of it."""
    for result in experiment.brute_force_optima():
        assert result.excess <= 1e-8, result
        assert -result.excess <= 0.02, result


@pytest.mark.slow
def test_brute_force_catches_a_wrong_optimum(monkeypatch):
    """An optimum reported 2% too slow (more than the coarsest grid's resolution) is beaten."""
    original = experiment.optimum.__wrapped__

    def slower(name, mu, L, options=()):
        found = original(name, mu, L, options)
        return type(found)(**{**vars(found), "rate": float(found.rate) * 1.02})

    monkeypatch.setattr(experiment, "optimum", slower)
    with _cache.isolated():
        results = experiment.brute_force_optima()
    assert all(r.excess > 1e-3 for r in results)


@pytest.mark.slow
def test_measured_rates_match_the_prediction_in_scope():
    measured = experiment.measured_rates()
    assert len(measured.comparisons) == len(experiment.PANELS)
    for comparison in measured.comparisons:
        assert comparison.predicted.shape[1] > 0  # every panel contributes
        assert np.all(comparison.predicted <= experiment.MAX_RATE)
    assert measured.points == sum(c.predicted.shape[1] for c in measured.comparisons)
    assert measured.errors().max() <= 1e-3


@pytest.mark.slow
def test_torch_equivalence():
    pytest.importorskip("torch")
    result = experiment.torch_equivalence()
    assert result.refusals_differ == 0
    assert result.accepted == 20  # 32 combinations, 12 refused (nesterov)
    assert result.max_gap <= 1e-12
