"""empirical_rate and jordan_bias against closed forms, mpmath and plain loops."""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory import worst_case_rate
from momentum_theory.rates import empirical_rate, jordan_bias
from momentum_theory.reference import plain_heavy_ball
from momentum_theory.simulate import run

# Points exactly on the critical curve in float64: sqrt(alpha h) = s dyadic, h = 1, so
# alpha = s^2 and beta = (1 - s)^2 are exact and T = 1 + beta - alpha = 2 (1 - s).
DYADIC_S = [1 / 32, 1 / 8, 1 / 4, 3 / 8, 1 / 2, 3 / 4, 5 / 4, 3 / 2]


def complex_pair_bound(alpha, beta, h, n):
    """The documented bound on |ln(estimate / sqrt(beta))| for one complex mode, horizon n:
    ln((1 + e) / (1 - e)) / (2 (N - w + 1)), e = 1 / (w |sin theta|),
    cos theta = T / (2 sqrt(beta)), with the default N = ceil(n/2), w = floor(n/4)."""
    lag, window = (n + 1) // 2, n // 4
    cos_theta = (1 + beta - alpha * h) / (2 * math.sqrt(beta))
    epsilon = 1 / (window * math.sqrt(1 - cos_theta**2))
    return math.log((1 + epsilon) / (1 - epsilon)) / (2 * (lag - window + 1))


def last_normal(distances):
    """Truncate a plain loop's |x_t| after its last normal (>= tiny) value."""
    normal = np.flatnonzero(distances >= np.finfo(float).tiny)
    return distances[: normal[-1] + 1]


# --- the estimator on sequences whose rate is known exactly ---------------------------


@given(
    rho=st.floats(1e-3, 1.5),
    constant=st.floats(1e-3, 1e3),
    n=st.integers(1, 400),
)
def test_exact_on_geometric_sequences(rho, constant, n):
    """Equality to 1e-12 (relative) on d_t = C rho^t."""
    distances = constant * rho ** np.arange(n + 1.0)
    assert math.isclose(empirical_rate(distances), rho, rel_tol=1e-12)


@given(
    rho=st.floats(0.05, 1.2),
    period=st.integers(1, 7),
    repeats=st.integers(1, 12),
    pattern=st.lists(st.one_of(st.just(0.0), st.floats(1e-3, 10.0)), min_size=7, max_size=7),
)
def test_exact_when_the_oscillation_period_divides_window_and_lag(rho, period, repeats, pattern):
    """Equality to 1e-11 on d_t = rho^t g(t), g periodic (zeros allowed) with period | w, N."""
    g = np.array(pattern[:period])
    if not np.any(g > 0):
        g[-1] = 1.0
    window = period * repeats
    t = np.arange(4 * window + 1)
    distances = rho**t * g[t % period]
    measured = empirical_rate(distances, window=window, lag=2 * window)
    assert math.isclose(measured, rho, rel_tol=1e-11)


@given(
    rates=st.lists(st.floats(0.1, 1.1), min_size=1, max_size=5),
    weights=st.lists(st.floats(1e-3, 1e3), min_size=5, max_size=5),
    n=st.integers(2, 300),
)
def test_mixture_of_modes_is_bracketed_by_its_slowest_and_fastest(rates, weights, n):
    """Bound: for d_t^2 = sum w_i rho_i^(2t), min rho_i <= estimate <= max rho_i.

    (At r = max rho_i every detrended term falls in t, so the later window's sum is the
    smaller, and the root lies below; symmetrically at min rho_i.)
    """
    t = np.arange(n + 1.0)
    log_terms = [math.log(w) + 2 * t * math.log(r) for w, r in zip(weights, rates)]
    log_distances = 0.5 * np.logaddexp.reduce(np.array(log_terms), axis=0)
    measured = float(empirical_rate(log_distances, log=True))
    assert min(rates) * (1 - 1e-12) <= measured <= max(rates) * (1 + 1e-12)


def test_window_one_is_the_point_ratio():
    """Equality to 1e-14: w = 1 gives (d_n / d_{n-N})^(1/N)."""
    distances = plain_heavy_ball(10.0, 1.0, 0.12, 0.7, 300)
    expected = (distances[300] / distances[200]) ** (1 / 100)
    assert math.isclose(empirical_rate(distances, window=1, lag=100), expected, rel_tol=1e-14)


@pytest.mark.parametrize(("alpha", "beta"), [(0.01, 0.9), (0.05, 0.5), (0.2, 0.3), (0.3, 0.95)])
def test_oscillating_complex_pair_is_measured_at_sqrt_beta(alpha, beta):
    """Bound: |ln(estimate / sqrt(beta))| <= the documented complex-mode bound (a few
    1e-6 here), on a plain loop whose |x_t| oscillates through near-zeros."""
    h = 10.0
    assert (1 + beta - alpha * h) ** 2 < 4 * beta  # a complex pair, of modulus sqrt(beta)
    distances = last_normal(plain_heavy_ball(h, 1.0, alpha, beta, 2000))
    error = abs(math.log(empirical_rate(distances) / math.sqrt(beta)))
    assert error <= complex_pair_bound(alpha, beta, h, distances.size - 1)


def test_point_ratio_would_be_fooled_by_oscillation():
    """Control for the test above: the w = 1 ratio is off by > 1e-4 on the same kind of run,
    where the estimator stays within its bound (~1e-5 at n = 700)."""
    distances = plain_heavy_ball(10.0, 1.0, 0.2, 0.3, 700)
    point = float(empirical_rate(distances, window=1))
    assert abs(point / math.sqrt(0.3) - 1) > 1e-4
    error = abs(math.log(empirical_rate(distances) / math.sqrt(0.3)))
    assert error <= complex_pair_bound(0.2, 0.3, 10.0, 700) <= 1e-4


# --- robustness: underflow, overflow, degenerate runs --------------------------------


def test_underflow_to_zero_uses_the_horizon_before_it():
    """Equality to 1e-12: x_t = (-1/2)^t (alpha h = 3/2, beta = 0) is 0.0 after t = 1074."""
    distances = run("heavy_ball", 1.0, 1.0, 3000, alpha=1.5, beta=0.0).distances
    assert distances[-1] == 0.0
    assert math.isclose(empirical_rate(distances), 0.5, rel_tol=1e-12)


def test_overflow_uses_the_horizon_before_it():
    """Equality to 1e-12: x_t = (-2)^t (alpha h = 3, beta = 0) is inf from t = 1024."""
    result = run("heavy_ball", 1.0, 1.0, 3000, alpha=3.0, beta=0.0)
    assert result.diverged
    assert math.isclose(empirical_rate(result.distances), 2.0, rel_tol=1e-12)
    assert math.isclose(empirical_rate(result.log_distances, log=True), 2.0, rel_tol=1e-12)


def test_log_and_linear_inputs_agree():
    """Equality to 1e-13 where nothing over- or underflows."""
    alpha = np.linspace(0.02, 0.35, 9)
    result = run("heavy_ball", 10.0, 1.0, 300, alpha=alpha, beta=0.4)
    np.testing.assert_allclose(
        empirical_rate(result.distances),
        empirical_rate(result.log_distances, log=True),
        rtol=1e-13,
    )


def test_degenerate_runs():
    distances = np.array(
        [
            [1.0, 0.0, 2.0, 0.0, np.nan],  # t = 0
            [0.0, 0.0, np.inf, 1.0, 1.0],  # t = 1
            [0.0, 0.0, np.inf, 0.5, 1.0],  # t = 2
        ]
    )
    measured = empirical_rate(distances)
    # Stopped after one step: 0; sits at the minimiser: NaN; overflowed at once: inf;
    # d_0 = 0 (x_0 = x*, x_{-1} elsewhere) then 1, 0.5: the ratio 0.5; d_0 NaN: NaN.
    assert measured[0] == 0.0
    assert np.isnan(measured[1])
    assert measured[2] == np.inf
    assert measured[3] == 0.5
    assert np.isnan(measured[4])


def test_exact_termination_then_restart_keeps_the_interior_zero():
    """alpha h = 1 with beta > 0: x_1 = 0 exactly, then x_2 = -beta x_0; the rate is rho."""
    result = run("heavy_ball", 1.0, 1.0, 400, alpha=1.0, beta=0.25)
    assert result.distances[1] == 0.0
    # T = 1/4 and beta = 1/4: a complex pair of modulus 1/2; bound as for any such pair.
    error = abs(math.log(empirical_rate(result.distances) / 0.5))
    assert error <= complex_pair_bound(1.0, 0.25, 1.0, 400)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: empirical_rate(1.0), "time axis"),
        (lambda: empirical_rate([1.0, -0.5]), "non-negative"),
        (lambda: empirical_rate([1.0, 0.5], window=0), "window must be a positive integer"),
        (lambda: empirical_rate([1.0, 0.5], lag=1.5), "lag must be a positive integer"),
        (lambda: jordan_bias(-1.0, 10), "c must be a finite positive number, got -1"),
        (lambda: jordan_bias(1.0, 0), "steps must be a positive integer"),
    ],
)
def test_bad_input_raises_naming_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- the Jordan block: the finite-horizon bias, derived and checked -------------------


@pytest.mark.parametrize("c", [0.01, 0.3, 1.0, 1.9])
@pytest.mark.parametrize("n", [40, 2000])
def test_jordan_bias_for_the_point_ratio_is_the_closed_form(c, n):
    """Equality to 1e-13: ((1 + c t2) / (1 + c t1))^(1/N) with t2 = n, t1 = n - N."""
    lag = (n + 1) // 2
    closed = ((1 + c * n) / (1 + c * (n - lag))) ** (1 / lag)
    assert math.isclose(jordan_bias(c, n, window=1), closed, rel_tol=1e-13)


@pytest.mark.parametrize("c", [0.05, 0.5, 1.5])
@pytest.mark.parametrize(("n", "window", "lag"), [(2000, None, None), (300, 40, 100)])
def test_jordan_bias_solves_its_equation_at_high_precision(c, n, window, lag):
    """Equality to 1e-12 with mpmath.findroot (40 digits) on the written-out equation
    sum_k q^-2k (1 + c(t2 - w + 1 + k))^2 = q^2N sum_k q^-2k (1 + c(t1 - w + 1 + k))^2."""
    big_n = lag if lag is not None else (n + 1) // 2
    w = window if window is not None else n // 4
    t2, t1 = n, n - big_n

    def equation(q):
        late = mpmath.fsum(q ** (-2 * k) * (1 + c * (t2 - w + 1 + k)) ** 2 for k in range(w))
        early = mpmath.fsum(q ** (-2 * k) * (1 + c * (t1 - w + 1 + k)) ** 2 for k in range(w))
        return mpmath.log(late) - mpmath.log(early) - 2 * big_n * mpmath.log(q)

    with mpmath.workdps(40):
        root = mpmath.findroot(equation, mpmath.mpf(1) + mpmath.mpf(1) / n)
    measured = jordan_bias(c, n, window=window, lag=lag)
    assert math.isclose(measured, float(root), rel_tol=1e-12)
    assert measured > 1  # a bound: the t rho^t factor always biases the estimate up


def test_jordan_bias_tends_to_the_continuum_constant():
    """Equality to 1e-3 (relative): n (bias - 1) -> kappa, the root of
    int_{3/4}^1 e^(-2 k s) s^2 ds = int_{1/4}^{1/2} e^(-2 k s) s^2 ds (mpmath)."""

    def continuum(kappa):
        weight = lambda s: mpmath.exp(-2 * kappa * s) * s**2  # noqa: E731
        return mpmath.quad(weight, [0.75, 1]) - mpmath.quad(weight, [0.25, 0.5])

    with mpmath.workdps(30):
        kappa = float(mpmath.findroot(continuum, 1.7))
    assert math.isclose(kappa, 1.7186, rel_tol=1e-4)  # the value the docstrings quote
    n = 200_000
    assert math.isclose(n * (jordan_bias(1.0, n) - 1), kappa, rel_tol=1e-3)


@pytest.mark.parametrize("s", DYADIC_S)
def test_simulated_jordan_block_shows_exactly_the_predicted_bias(s):
    """Equality to 1e-12: a plain-loop run exactly on the critical curve (both signs of
    lambda = 1 - s) measures |lambda| * jordan_bias(s, n), not |lambda|."""
    alpha, beta = s * s, (1 - s) ** 2
    assert (1 + beta - alpha) ** 2 == 4 * beta  # exactly critical in float64
    distances = last_normal(plain_heavy_ball(1.0, 1.0, alpha, beta, 2000))
    n = distances.size - 1  # fast runs underflow before 2000 steps
    measured = float(empirical_rate(distances))
    predicted = abs(1 - s) * jordan_bias(s, n)
    assert math.isclose(measured, predicted, rel_tol=1e-12)
    assert measured / abs(1 - s) - 1 > 1.5 / n  # the bias is real (~1.72 / n), not rounding


def test_near_the_critical_curve_the_error_stays_below_one_and_a_half_jordan_biases():
    """Bound: 1-D, 2000 steps, beta = beta_c(alpha h) +- 10^-10..10^-1, both sides of the
    curve: relative error <= 1.5 (jordan_bias - 1), the statement compare_rates documents."""
    h = 10.0
    alpha = np.array([0.001, 0.005, 0.02, 0.05, 0.15, 0.25, 0.35])
    offsets = np.concatenate([-np.logspace(-1, -10, 19), np.logspace(-10, -1, 19)])
    on_curve = (1 - np.sqrt(alpha * h)) ** 2
    beta = on_curve[np.newaxis, :] + offsets[:, np.newaxis]
    valid = (beta >= 0) & (beta < 1)
    beta = np.where(valid, beta, 0.5)
    result = run("heavy_ball", h, 1.0, 2000, alpha=alpha, beta=beta)
    measured = empirical_rate(result.log_distances, log=True)
    predicted = worst_case_rate(alpha, beta, mu=h, L=h)
    errors = np.abs(measured / predicted - 1)[valid]
    bound = 1.5 * (jordan_bias(float(np.sqrt(alpha.min() * h)), 2000) - 1)
    assert errors.max() <= bound
    assert errors.max() > 0.5 * bound  # the bias is really there, near the curve
