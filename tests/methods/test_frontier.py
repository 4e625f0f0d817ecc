"""The rate--noise frontier: the exact step interval, closed-form frontiers, brute-force
sampling, nested families, the search's tolerance and the input checks."""

import numpy as np
import pytest

from momentum_theory import methods
from momentum_theory.methods import Axis
from momentum_theory.methods.frontier import (
    pareto_frontier,
    smallest_steps,
    step_monotonicity,
)
from momentum_theory.methods.noise import stationary_excess_loss
from momentum_theory.paper.noise.frontiers import SEARCH_TOLERANCE, frontiers
from momentum_theory.problems import spectrum

EIGENVALUES = spectrum(mu=1.0, L=100.0, dimension=20)
MU, L = 1.0, 100.0


@pytest.fixture(scope="module")
def study():
    return frontiers()


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("heavy_ball", {"beta": 0.8}),
        ("nesterov", {"beta": 0.9}),
        ("two_step", {"beta": 0.9, "gamma": 5.0}),
        ("qhm", {"beta": 0.95, "nu": 0.7}),
        ("pytorch_sgd", {"momentum": 0.9, "nesterov": True}),
        ("pytorch_sgd", {"momentum": 0.9, "dampening": 0.5}),
    ],
)
def test_step_interval_is_where_the_rate_is_below_the_level(name, params):
    """Equality of sets (to the sampling): the closed-form interval is exactly where a fine
    sweep of the step has worst-case rate <= r."""
    method = methods.get(name)
    step = method.parameters[0]
    for rate in (0.9, 0.97, 0.995):
        low, high = smallest_steps(method, mu=MU, L=L, rate=rate, **params)
        sweep = np.geomspace(1e-7, 1.0, 200001)
        inside = method.worst_case_rate(mu=MU, L=L, **{step: sweep}, **params) <= rate
        if not inside.any():
            assert np.isnan(low) and np.isnan(high)
            continue
        first, last = sweep[inside][0], sweep[inside][-1]
        assert first == pytest.approx(float(low), rel=1e-4)
        assert last == pytest.approx(float(high), rel=1e-4)
        assert np.all(inside[(sweep > low * 1.001) & (sweep < high * 0.999)])


def test_gradient_descent_frontier_is_its_closed_form():
    """Equality: alpha = (1 - r)/mu, excess sum_i alpha/(2(2 - alpha h_i)), reached iff
    r >= (kappa - 1)/(kappa + 1)."""
    rates = np.array([0.95, 0.98, 0.99, 0.999])
    frontier = pareto_frontier("gradient_descent", EIGENVALUES, rates)
    alpha = (1 - rates) / MU
    expected = np.sum(alpha[:, None] / (2 * (2 - alpha[:, None] * EIGENVALUES)), axis=1)
    reached = rates >= (L - MU) / (L + MU)
    np.testing.assert_array_equal(frontier.reached, reached)
    np.testing.assert_allclose(frontier.excess_loss[reached], expected[reached], rtol=1e-12)


def test_heavy_ball_frontier_is_critical_damping_at_mu(study):
    """Equality (to the search's tolerance): the frontier equals the excess loss at
    beta = r^2, alpha = (1 - r)^2/mu, and no beta on a fine grid does better."""
    frontier = study.frontiers["heavy ball"]
    r = frontier.rates[frontier.reached]
    closed = stationary_excess_loss(
        "heavy_ball", study.eigenvalues, 1.0, alpha=(1 - r) ** 2 / MU, beta=r**2
    )
    np.testing.assert_allclose(frontier.excess_loss[frontier.reached], closed, rtol=1e-6)
    # Brute force over beta in [-r^2, r^2] with the smallest step.
    for level, best in zip(r[::5], closed[::5]):
        beta = np.linspace(-(level**2), level**2, 20001)
        low, _ = smallest_steps("heavy_ball", mu=MU, L=L, rate=level, beta=beta)
        ok = np.isfinite(low)
        excess = stationary_excess_loss(
            "heavy_ball", study.eigenvalues, 1.0, alpha=low[ok], beta=beta[ok]
        )
        assert excess.min() >= best * (1 - 1e-9)


@pytest.mark.parametrize("label", ["heavy ball", "Nesterov", "two-step", "QHM"])
def test_no_random_parameters_beat_the_frontier(study, label):
    """Bound: 100,000 random parameter settings never have a lower excess loss than the
    frontier at the first level at or above their rate."""
    name = {"heavy ball": "heavy_ball", "Nesterov": "nesterov", "two-step": "two_step"}.get(
        label, "qhm"
    )
    method = methods.get(name)
    rng = np.random.default_rng(7)
    count = 100_000
    params = {
        n: axis.value(rng.uniform(*axis.bounds(), count))
        for n, axis in method.search_space.items()
    }
    params["alpha"] = np.exp(rng.uniform(np.log(1e-7), np.log(0.04), count))
    rates = method.worst_case_rate(mu=MU, L=L, **params)
    keep = rates < study.rates[-1]
    excess = stationary_excess_loss(
        method, study.eigenvalues, 1.0, **{n: v[keep] for n, v in params.items()}
    )
    level = np.searchsorted(study.rates, rates[keep])
    bound = study.frontiers[label].excess_loss[level]
    tolerance = SEARCH_TOLERANCE[len(method.search_space)]
    assert np.all(excess >= bound * (1 - tolerance))


def test_nested_families_are_ordered(study):
    """Bound: a family's frontier is at most its subfamily's (to the search tolerance);
    PyTorch SGD without Nesterov is heavy ball."""
    for larger, smaller in (
        ("two-step", "heavy ball"),
        ("two-step", "Nesterov"),
        ("QHM", "heavy ball"),
        ("heavy ball", "gradient descent"),
        ("Nesterov", "gradient descent"),
    ):
        assert np.nanmax(study.ratio(larger, smaller)) <= 1 + SEARCH_TOLERANCE[1]
    np.testing.assert_allclose(
        study.frontiers["PyTorch SGD"].excess_loss,
        study.frontiers["heavy ball"].excess_loss,
        rtol=SEARCH_TOLERANCE[1],
    )


def test_every_point_is_attained(study):
    """Bound: the returned parameters converge at the level's rate (to the sqrt(eps) of a
    double root) and have the stated excess loss."""
    for label, frontier in study.frontiers.items():
        reached = frontier.reached
        assert np.all(frontier.achieved_rates[reached] <= frontier.rates[reached] * (1 + 1e-7))
        name = {"PyTorch SGD, Nesterov": "pytorch_sgd"}.get(label, None)
        method = methods.get(name or frontier.method)
        params = {n: v[reached] for n, v in frontier.parameters.items()}
        again = stationary_excess_loss(method, study.eigenvalues, 1.0, **params, **frontier.fixed)
        np.testing.assert_allclose(again, frontier.excess_loss[reached], rtol=1e-14)


def test_momentum_moves_the_frontier(study):
    ratio = study.ratio("heavy ball")
    reached = np.isfinite(ratio)
    assert np.all(ratio[reached] < 1)
    slow = study.rates[-1]
    assert ratio[-1] == pytest.approx(1 / (1 + slow), rel=0.05)  # the slow-rate limit
    fixed = study.fixed_momentum_ratio()
    assert np.all(np.diff(fixed[np.isfinite(fixed)]) > 0) and 0.9 < fixed[-1] < 1


def test_excess_increases_with_the_step():
    for name in ("heavy_ball", "nesterov", "two_step", "qhm"):
        assert step_monotonicity(name, EIGENVALUES, samples=100, seed=3) <= 1e-12


@pytest.mark.slow
@pytest.mark.parametrize("label", ["Nesterov", "two-step", "QHM", "PyTorch SGD, Nesterov"])
def test_finer_searches_stay_within_the_stated_tolerance(study, label):
    """Bound: a search from a 4x finer grid, more starts, rounds and passes moves the
    experiment's frontier by at most SEARCH_TOLERANCE (the paper's stated accuracy)."""
    frontier = study.frontiers[label]
    k = len(methods.get(frontier.method).search_space)
    finer = pareto_frontier(
        frontier.method,
        study.eigenvalues,
        study.rates,
        grid={1: 801, 2: 161}[k],
        starts=8,
        rounds=60,
        passes=6,
        **frontier.fixed,
    )
    both = finer.reached & frontier.reached
    assert np.all(
        np.abs(frontier.excess_loss[both] / finer.excess_loss[both] - 1) <= (SEARCH_TOLERANCE[k])
    )


def test_custom_search_space():
    narrow = {"beta": Axis(0.0, 0.5)}
    frontier = pareto_frontier("heavy_ball", [1.0, 4.0], [0.7, 0.9], space=narrow, grid=21)
    assert np.all(frontier.parameters["beta"][frontier.reached] <= 0.5)
    assert Axis(0.0, 1e3, "log1p").value(np.array(Axis(0.0, 1e3, "log1p").bounds())).tolist() == (
        pytest.approx([0.0, 1e3])
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: pareto_frontier("heavy_ball", [1.0, 4.0], [1.2]), "rates must be in"),
        (lambda: pareto_frontier("heavy_ball", [1.0, 4.0], [0.9], beta=0.5), "is searched"),
        (lambda: pareto_frontier("heavy_ball", [1.0, -4.0], [0.9]), "Q must be positive"),
        (lambda: pareto_frontier("heavy_ball", [1.0, 4.0], [0.9], grid=2), "grid must be"),
        (
            lambda: smallest_steps("heavy_ball", mu=1.0, L=4.0, rate=0.0, beta=0.5),
            "rate must be in",
        ),
        (lambda: pareto_frontier("adam", [1.0], [0.9]), "method must be one of"),
    ],
)
def test_invalid_input_is_refused_by_name(call, message):
    with pytest.raises(ValueError, match=message):
        call()
