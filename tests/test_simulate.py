"""simulate.run against plain loops of each rule, exact arithmetic and closed forms."""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory import methods
from momentum_theory.problems import dense_problem, spd_matrix, spectrum
from momentum_theory.rates import empirical_rate
from momentum_theory.reference import plain_heavy_ball
from momentum_theory.simulate import Run, run

NAMES = methods.names()
# Entries that a plain float64 loop still holds at full precision (no subnormals, no inf).
NORMAL_RANGE = (2.0**-900, 2.0**900)

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


def test_sample_parameters_cover_every_method():
    assert set(SAMPLE_PARAMETERS) == set(NAMES)


# -- independent references ----------------------------------------------------------------


def assert_close_to_state(actual, expected, rtol):
    """|actual_t - expected_t| <= rtol * max(expected_t, expected_{t-1}).

    Rounding errors of a linear recursion scale with the size of its state (x_t, x_{t-1}),
    not with |x_t| alone, which can pass through zero while the state does not.
    """
    expected = np.asarray(expected, dtype=float)
    scale = np.maximum(expected, np.concatenate([expected[:1], expected[:-1]]))
    assert np.all(np.abs(np.asarray(actual) - expected) <= rtol * scale)


def companion_loop(h, x0, alpha, beta, steps):
    """Heavy ball as the companion recursion x_{t+1} = T x_t - beta x_{t-1} (other rounding)."""
    trace = (1.0 + beta) - h * alpha
    x = previous = x0
    out = [abs(x)]
    for _ in range(steps):
        x, previous = trace * x - previous * beta, x
        out.append(abs(x))
    return np.array(out)


def exact_distances(h, x0, alpha, beta, steps):
    """|x_t| of heavy ball in exact rational arithmetic (inputs are the exact binary values)."""
    h, x0, alpha, beta = (Fraction(v) for v in (h, x0, alpha, beta))
    x = previous = x0
    out = [abs(x)]
    for _ in range(steps):
        x, previous = x - alpha * h * x + beta * (x - previous), x
        out.append(abs(x))
    return out


def plain_loop(name, h, x0, steps, **params):
    """Each method written as the plain textbook loop, scalar h (independent of update())."""
    x = previous = float(x0)
    buffer = 0.0
    out = [abs(x)]
    for t in range(steps):
        g = h * x
        if name == "gradient_descent":
            x, previous = x - params["alpha"] * g, x
        elif name == "heavy_ball":
            x, previous = x - params["alpha"] * g + params["beta"] * (x - previous), x
        elif name == "nesterov":
            y = x + params["beta"] * (x - previous)
            x, previous = y - params["alpha"] * h * y, x
        elif name == "two_step":
            y = x + params["gamma"] * (x - previous)
            x, previous = x + params["beta"] * (x - previous) - params["alpha"] * h * y, x
        elif name == "qhm":
            buffer = params["beta"] * buffer + (1 - params["beta"]) * g
            x = x - params["alpha"] * ((1 - params["nu"]) * g + params["nu"] * buffer)
        else:
            m, d = params.get("momentum", 0.0), params.get("dampening", 0.0)
            g = g + params.get("weight_decay", 0.0) * x
            if m != 0:
                buffer = g if t == 0 else m * buffer + (1 - d) * g
                g = g + m * buffer if params.get("nesterov") else buffer
            x = x - params["lr"] * g
        out.append(abs(x))
    return np.array(out)


# -- heavy ball against exact arithmetic and the plain loop ----------------------------------


@pytest.mark.parametrize(
    ("alpha", "beta"),
    [(0.05, 0.5), (0.3, 0.9), (0.01, 0.99), (0.1, 0.0), (0.25, 0.3), (0.19, 0.2), (0.5, 0.1)],
)
def test_scalar_run_matches_exact_rational_arithmetic(alpha, beta):
    """Equality to 1e-12 of the state's size with Fractions over 150 steps (the float64
    rounding, measured at ~1e-14; |x_t| itself may cross zero, e.g. T = 1, beta = 1/2)."""
    result = run("heavy_ball", 10.0, 1.0, 150, alpha=alpha, beta=beta)
    exact = exact_distances(10.0, 1.0, alpha, beta, 150)
    errors = [abs(Fraction(result.distances[t]) - value) for t, value in enumerate(exact)]
    for t in range(1, len(exact)):
        assert errors[t] <= Fraction(1e-12) * max(exact[t], exact[t - 1])


@given(
    alpha=st.floats(-1.0, 5.0),
    beta=st.floats(-1.5, 1.5),
    h=st.floats(0.01, 3.0),
    x0=st.floats(-3.0, 3.0).filter(lambda v: v != 0),
)
def test_rescaling_changes_no_bit(alpha, beta, h, x0):
    """Equality, bit for bit, with the textbook loop in the same arithmetic
    (reference.plain_heavy_ball): the power-of-two rescaling that prevents overflow is
    exact, wherever the plain loop is itself exact."""
    result = run("heavy_ball", h, x0, 80, alpha=alpha, beta=beta)
    plain = plain_heavy_ball(h, x0, alpha, beta, 80)
    # Compare until the plain loop first leaves the range where it is exact itself.
    exact = np.logical_and.accumulate((plain >= NORMAL_RANGE[0]) & (plain <= NORMAL_RANGE[1]))
    np.testing.assert_array_equal(result.distances[exact], plain[exact])


@pytest.mark.parametrize(("name", "params"), CASES)
def test_every_rule_runs_the_same_from_a_start_scaled_by_a_power_of_two(name, params):
    """Equality, bit for bit: from x0 * 2^700 (far outside the range where squares are
    finite) the distances are those from x0 times 2^700, and the log-distances are
    shifted by 700 ln 2 (to the rounding of that sum): the rescaling is exact."""
    Q = [1.0, 3.0, 10.0]
    x0 = np.array([1.0, -2.0, 0.5])
    small = run(name, Q, x0, 300, **params)
    large = run(name, Q, np.ldexp(x0, 700), 300, **params)
    np.testing.assert_array_equal(np.ldexp(small.distances, 700), large.distances)
    np.testing.assert_allclose(
        large.log_distances, small.log_distances + 700 * math.log(2.0), rtol=1e-15, atol=0
    )


def test_batch_equals_one_run_per_parameter_pair():
    """Equality: a vectorised 2-D grid gives the same bits as the plain loop of each pair."""
    alpha = np.linspace(0.01, 0.45, 7)[np.newaxis, :]
    beta = np.linspace(0.0, 0.95, 5)[:, np.newaxis]
    result = run("heavy_ball", 10.0, 2.0, 120, alpha=alpha, beta=beta)
    assert result.distances.shape == (121, 5, 7)
    assert result.state_norms.shape == (121, 5, 7)
    for i in range(5):
        for j in range(7):
            single = plain_heavy_ball(10.0, 2.0, alpha[0, j], beta[i, 0], 120)
            np.testing.assert_array_equal(result.distances[:, i, j], single)


def test_blocks_of_the_batch_give_the_bits_of_separate_runs():
    """Equality: a batch spread over several cache-sized blocks (300 coordinates, 120
    settings) gives each setting the bits of its own run."""
    Q = np.linspace(1.0, 10.0, 300)
    alpha = np.linspace(0.01, 0.18, 120)
    batch = run("nesterov", Q, 1.0, 200, alpha=alpha, beta=0.5)
    for j in range(0, 120, 7):
        single = run("nesterov", Q, 1.0, 200, alpha=alpha[j], beta=0.5)
        np.testing.assert_array_equal(batch.distances[:, j], single.distances)
        np.testing.assert_array_equal(batch.log_distances[:, j], single.log_distances)


def test_companion_form_agrees_to_rounding():
    """Equality to 1e-10 with the companion recursion x_{t+1} = T x_t - beta x_{t-1}, which
    rounds differently."""
    for alpha, beta in [(0.3, 0.9), (0.01, 0.99), (0.12, 0.6)]:
        result = run("heavy_ball", 10.0, 1.0, 300, alpha=alpha, beta=beta)
        assert_close_to_state(result.distances, companion_loop(10.0, 1.0, alpha, beta, 300), 1e-10)


def test_starts_at_rest_unless_previous_is_given():
    at_rest = run("heavy_ball", 10.0, 1.0, 50, alpha=0.05, beta=0.7)
    explicit = run("heavy_ball", 10.0, 1.0, 50, previous=1.0, alpha=0.05, beta=0.7)
    np.testing.assert_array_equal(at_rest.distances, explicit.distances)
    moving = run("heavy_ball", 10.0, 1.0, 50, previous=1.5, alpha=0.05, beta=0.7)
    plain = plain_heavy_ball(10.0, 1.0, 0.05, 0.7, 50, x_prev=1.5)
    np.testing.assert_array_equal(moving.distances, plain)
    assert not np.array_equal(moving.distances, at_rest.distances)


def test_previous_is_refused_for_a_method_with_a_buffer():
    with pytest.raises(ValueError, match="previous applies to methods that remember"):
        run("qhm", 1.0, 1.0, 5, previous=0.5, alpha=0.1, beta=0.5, nu=0.7)


def test_state_norms_are_the_norms_of_consecutive_iterates():
    """Equality to rtol 1e-15 with hypot(||x_t||, ||x_{t-1}||) of a plain loop, x_{-1} = x_0."""
    result = run("heavy_ball", [1.0, 4.0, 9.0], [1.0, -2.0, 0.5], 60, alpha=0.1, beta=0.5)
    x = previous = np.array([1.0, -2.0, 0.5])
    h = np.array([1.0, 4.0, 9.0])
    for t in range(61):
        expected = math.hypot(np.linalg.norm(x), np.linalg.norm(previous))
        assert math.isclose(result.state_norms[t], expected, rel_tol=1e-15)
        x, previous = x - 0.1 * (h * x) + 0.5 * (x - previous), x


def test_state_norms_of_a_buffer_method_include_the_buffer():
    """Equality to rtol 1e-15 with hypot(|x_t|, |b_t|) of QHM's loop written out."""
    result = run("qhm", 3.0, 1.0, 40, alpha=0.2, beta=0.6, nu=0.7)
    x, buffer = 1.0, 0.0
    for t in range(41):
        assert math.isclose(result.state_norms[t], math.hypot(x, buffer), rel_tol=1e-15)
        g = 3.0 * x
        buffer = 0.6 * buffer + (1 - 0.6) * g
        x = x - 0.2 * ((1 - 0.7) * g + 0.7 * buffer)


@pytest.mark.parametrize("with_b", [False, True])
def test_dense_matrix_runs_in_its_eigenbasis(with_b):
    """Equality to the plain dense iteration: 1e-11 relative with x* = 0; with b != 0,
    1e-10 while ||x_t - x*|| > 1e-4 ||x*|| (the plain loop's own error is eps ||x*||)."""
    rng = np.random.default_rng(5)
    dimension = 40
    Q = spd_matrix(spectrum(mu=1.0, L=10.0, dimension=dimension, seed=1), seed=2)
    b = rng.standard_normal(dimension) if with_b else np.zeros(dimension)
    x0 = rng.standard_normal(dimension)
    minimiser = np.linalg.solve(Q, b)
    alpha, beta = np.array([0.02, 0.1, 0.15, 0.3]), np.array([0.9, 0.5, 0.2, 0.6])
    result = run("heavy_ball", Q, x0, 200, b=b if with_b else None, alpha=alpha, beta=beta)
    # eigh and eigvalsh may take different LAPACK paths: agreement to rounding of ||Q||.
    np.testing.assert_allclose(result.eigenvalues, np.linalg.eigvalsh(Q), rtol=0, atol=1e-13)
    for j in range(alpha.size):
        plain = plain_heavy_ball(Q, x0, alpha[j], beta[j], 200, b=b if with_b else None)
        for t in range(1, 201):
            if with_b and plain[t] < 1e-4 * np.linalg.norm(minimiser):
                break
            tolerance = 1e-10 if with_b else 1e-11
            assert math.isclose(result.distances[t, j], plain[t], rel_tol=tolerance)


def test_diagonal_scalar_and_vector_forms_agree():
    """Equality: Q = h (scalar) with a vector start is diag(h, ..., h)."""
    x0 = np.array([1.0, -3.0, 2.0])
    scalar = run("heavy_ball", 2.0, x0, 40, alpha=0.2, beta=0.4)
    vector = run("heavy_ball", [2.0, 2.0, 2.0], x0, 40, alpha=0.2, beta=0.4)
    dense = run("heavy_ball", 2.0 * np.eye(3), x0, 40, alpha=0.2, beta=0.4)
    np.testing.assert_array_equal(scalar.distances, vector.distances)
    np.testing.assert_allclose(dense.distances, vector.distances, rtol=1e-14)


def test_linear_term_moves_the_minimiser():
    """Equality: with b, distances are to x* = b / h (diagonal Q)."""
    moved = run("heavy_ball", [2.0, 5.0], [1.0, 1.0], 30, b=[4.0, -5.0], alpha=0.1, beta=0.3)
    shifted = run("heavy_ball", [2.0, 5.0], [1.0 - 2.0, 1.0 + 1.0], 30, alpha=0.1, beta=0.3)
    np.testing.assert_allclose(moved.distances, shifted.distances, rtol=1e-15)


# -- the range of doubles ---------------------------------------------------------------------


def test_divergence_overflows_to_inf_without_warnings_or_nan():
    """x_t = (-2)^t exactly (alpha h = 3, beta = 0): distances overflow at t = 1024."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        result = run("heavy_ball", 1.0, 1.0, 1100, alpha=[3.0, 0.5], beta=0.0)
    assert result.diverged.tolist() == [True, False]
    t = np.arange(1101)
    np.testing.assert_array_equal(result.distances[:1024, 0], 2.0 ** t[:1024])
    assert np.all(np.isinf(result.distances[1024:, 0]))
    # The log keeps going: ln |x_t| = t ln 2 (rounding of the log and of t ln 2 only).
    np.testing.assert_allclose(result.log_distances[:, 0], t * math.log(2.0), rtol=1e-15)
    for array in (result.distances, result.log_distances, result.state_norms):
        assert not np.isnan(array).any()


def test_underflow_reaches_zero_but_the_log_does_not():
    """x_t = 2^-t exactly (alpha h = 1/2, beta = 0): 0.0 after the smallest subnormal."""
    with np.errstate(all="raise"):
        result = run("heavy_ball", 1.0, 1.0, 1200, alpha=0.5, beta=0.0)
    t = np.arange(1201)
    np.testing.assert_array_equal(result.distances[:1075], 2.0 ** -t[:1075])
    assert np.all(result.distances[1075:] == 0.0)
    np.testing.assert_allclose(result.log_distances, -t * math.log(2.0), rtol=1e-15)
    assert not result.diverged


def test_exact_termination_gives_zero_and_minus_infinity():
    """alpha h = 1, beta = 0 reaches x* in one step exactly."""
    result = run("heavy_ball", 4.0, 3.0, 5, alpha=0.25, beta=0.0)
    np.testing.assert_array_equal(result.distances, [3.0, 0, 0, 0, 0, 0])
    assert math.isclose(result.log_distances[0], math.log(3.0), rel_tol=1e-15)
    assert np.all(result.log_distances[1:] == -np.inf)


@pytest.mark.parametrize("alpha", [1e200, 1e306])
def test_absurdly_large_steps_still_give_a_finite_log(alpha):
    """|T| ~ 1e201..1e307: one step grows the state past 2**384, so it is taken again
    from a smaller state; the log stays exact to rounding."""
    with np.errstate(all="raise"):
        result = run("heavy_ball", 10.0, 1.0, 4, alpha=alpha, beta=0.5)
    assert result.diverged
    expected = np.arange(5) * math.log(alpha * 10.0)  # |T| = alpha h (1 + 1.5/(alpha h))
    np.testing.assert_allclose(result.log_distances, expected, rtol=1e-12)


def test_a_step_with_no_float64_result_is_reported_as_overflowing():
    """alpha (h x) with alpha = h = 1e300 overflows even from a state divided by 2^640: no
    float64 run exists, so that member overflows from its first step, holding no NaN; the
    other member of the batch runs on."""
    with np.errstate(all="raise"):
        result = run("gradient_descent", 1e300, 1.0, 3, alpha=[1e300, 0.5e-300])
    assert result.diverged.tolist() == [True, False]
    assert np.all(np.isinf(result.distances[1:, 0])) and np.all(result.log_distances[1:, 0] > 0)
    assert not np.isnan(result.log_distances).any()
    np.testing.assert_array_equal(result.distances[:, 1], [1.0, 0.5, 0.25, 0.125])


@pytest.mark.parametrize("name", NAMES)
def test_diverging_runs_keep_a_finite_log_for_every_method(name):
    """Equality to 1e-12: each method at a step where its rate is exactly 2 on h = 1
    (gradient step alpha h = 3, momentum 0): ln d_t = t ln 2 far past the overflow."""
    params = dict(SAMPLE_PARAMETERS[name][0])
    step = "lr" if name == "pytorch_sgd" else "alpha"
    params = {key: 0.0 for key in params if key not in (step, "nu")} | {step: 3.0}
    if name == "qhm":
        params["nu"] = 1.0
    result = run(name, 1.0, 1.0, 2000, **params)
    assert result.diverged
    assert result.log_distances[-1] == pytest.approx(2000 * math.log(2.0), rel=1e-12)


def test_start_at_the_minimiser_stays_there():
    result = run("heavy_ball", [1.0, 2.0], [0.0, 0.0], 10, alpha=[0.1, 0.2], beta=0.5)
    assert np.all(result.distances == 0.0)
    assert not result.diverged.any()


def test_result_is_frozen_and_named():
    result = run("heavy_ball", 1.0, 1.0, 3, alpha=0.1, beta=0.5)
    assert isinstance(result, Run)
    assert (result.method, result.steps) == ("heavy_ball", 3)
    with pytest.raises(AttributeError):
        result.steps = 4  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"Q": np.ones((2, 3))}, "Q must be"),
        ({"Q": np.array([[1.0, 2.0], [0.0, 1.0]]), "x0": [1.0, 1.0]}, "Q must be symmetric"),
        ({"Q": [1.0, np.nan], "x0": [1.0, 1.0]}, "Q must be finite, got nan"),
        ({"alpha": np.nan}, "alpha must be finite, got nan"),
        ({"beta": [0.1, np.inf]}, "beta must be finite, got inf"),
        ({"steps": -1}, "steps must be a non-negative integer, got -1"),
        ({"steps": 2.5}, "steps must be"),
        ({"x0": [1.0, 2.0, 3.0], "Q": [1.0, 2.0]}, "x0 must be"),
        ({"Q": [0.0, 1.0], "x0": [1.0, 1.0], "b": [1.0, 1.0]}, "Q must be non-singular"),
        ({"alpha": [0.1, 0.2], "beta": [0.1, 0.2, 0.3]}, "broadcast"),
        ({"method": "adam"}, "method must be one of"),
    ],
)
def test_bad_input_raises_naming_the_parameter(kwargs, message):
    arguments = {"method": "heavy_ball", "Q": 1.0, "x0": 1.0, "steps": 5, "alpha": 0.1}
    arguments |= {"beta": 0.5} | kwargs
    with pytest.raises(ValueError, match=message):
        run(**arguments)


# -- every method's own rule --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "params"), CASES)
def test_run_matches_the_plain_loop(name, params):
    """Equality to 1e-12 relative over 100 steps on h x^2/2 (same operations, same order up
    to the association of a few products)."""
    result = run(name, 3.0, 1.0, 100, **params)
    expected = plain_loop(name, 3.0, 1.0, 100, **params)
    np.testing.assert_allclose(result.distances, expected, rtol=1e-12, atol=1e-300)


def test_run_on_a_dense_matrix_matches_its_eigenvalues():
    """Equality to 1e-10: the distances depend only on the spectrum and the rotated start."""
    problem = dense_problem(mu=1.0, L=10.0, dimension=6, seed=3)
    params = {"alpha": 1.0, "beta": 0.8, "nu": 0.7}
    dense = run("qhm", problem.Q, problem.x0, 200, **params)
    eigenvalues, basis = np.linalg.eigh(problem.Q)
    diagonal = run("qhm", eigenvalues, basis.T @ problem.x0, 200, **params)
    np.testing.assert_allclose(dense.distances, diagonal.distances, rtol=1e-10)


def test_run_with_a_linear_term_and_trajectory():
    """The iterates tend to x* = Q^{-1} b, and distances are measured from it."""
    Q = np.array([[2.0, 0.5], [0.5, 1.0]])
    b = np.array([1.0, -1.0])
    result = run("nesterov", Q, [3.0, 3.0], 400, b=b, trajectory=True, alpha=0.3, beta=0.5)
    x_star = np.linalg.solve(Q, b)
    np.testing.assert_allclose(result.iterates[-1], x_star, atol=1e-12)
    np.testing.assert_allclose(
        result.distances, np.linalg.norm(result.iterates - x_star, axis=-1), rtol=1e-9, atol=1e-15
    )


def test_trajectory_of_a_batch_follows_each_setting():
    """Equality, bit for bit, of a batch's iterates with each setting's own trajectory; a
    coordinate that starts at zero stays at zero."""
    params = {"alpha": [0.1, 0.2], "beta": 0.5}
    batch = run("heavy_ball", [1.0, 4.0], [1.0, 0.0], 30, trajectory=True, **params)
    assert batch.iterates.shape == (31, 2, 2)
    assert np.all(batch.iterates[..., 1] == 0.0)
    for j, alpha in enumerate(params["alpha"]):
        single = run(
            "heavy_ball", [1.0, 4.0], [1.0, 0.0], 30, trajectory=True, alpha=alpha, beta=0.5
        )
        np.testing.assert_array_equal(batch.iterates[:, j], single.iterates)


@pytest.mark.parametrize("nesterov", [False, True])
def test_run_with_weight_decay_and_a_linear_term_follows_the_rule_on_x(nesterov):
    """Equality to 1e-13 (relative to the largest |x_t|; measured about 1e-15) with
    PyTorch's step written out on x itself, g = Q x - b + weight_decay x, on a dense Q with
    b != 0 (without torch; test_methods_torch compares with torch itself); the distances
    are to (Q + weight_decay I)^{-1} b, where the iterates go, not to Q^{-1} b."""
    Q = np.array([[2.0, 0.5], [0.5, 1.0]])
    b, x0 = np.array([1.0, -1.0]), np.array([3.0, -2.0])
    params = {"lr": 0.2, "momentum": 0.7, "weight_decay": 0.3, "nesterov": nesterov}
    params["dampening"] = 0.0 if nesterov else 0.4
    x, buffer, iterates = x0.copy(), None, [x0.copy()]
    for _ in range(300):
        g = Q @ x - b + params["weight_decay"] * x
        buffer = (
            g if buffer is None else params["momentum"] * buffer + (1 - params["dampening"]) * g
        )
        step = g + params["momentum"] * buffer if nesterov else buffer
        x = x - params["lr"] * step
        iterates.append(x.copy())
    iterates = np.array(iterates)
    result = run("pytorch_sgd", Q, x0, 300, b=b, trajectory=True, **params)
    scale = np.abs(iterates).max(axis=1, keepdims=True)
    assert np.all(np.abs(result.iterates - iterates) <= 1e-13 * scale)
    limit = np.linalg.solve(Q + params["weight_decay"] * np.eye(2), b)
    np.testing.assert_allclose(result.iterates[-1], limit, rtol=1e-12)
    expected = np.linalg.norm(iterates - limit, axis=1)
    assert np.all(np.abs(result.distances - expected) <= 1e-13 * scale[:, 0])


def test_run_keeps_log_distances_finite_beyond_the_range_of_doubles():
    diverging = run("pytorch_sgd", 1.0, 1.0, 2000, lr=3.0)  # |1 - lr h| = 2
    assert diverging.diverged
    assert diverging.log_distances[-1] == pytest.approx(2000 * math.log(2.0), rel=1e-12)
    converging = run("two_step", 1.0, 1.0, 2000, alpha=0.5, beta=0.0, gamma=0.0)
    assert converging.distances[-1] == 0.0
    assert converging.log_distances[-1] == pytest.approx(2000 * math.log(0.5), rel=1e-12)


# -- measured rates of the rules ----------------------------------------------------------------

RATE_CASES = [
    # (method, params, h): one point per regime, complex (c) and real (r) eigenvalues.
    ("gradient_descent", {"alpha": 0.05}, 3.0),
    ("heavy_ball", {"alpha": 0.1, "beta": 0.8}, 3.0),  # c
    ("heavy_ball", {"alpha": 0.02, "beta": 0.3}, 3.0),  # r
    ("nesterov", {"alpha": 0.1, "beta": 0.8}, 3.0),  # c
    ("nesterov", {"alpha": 0.01, "beta": 0.3}, 3.0),  # r
    ("two_step", {"alpha": 0.1, "beta": 0.8, "gamma": 0.3}, 3.0),  # c
    ("two_step", {"alpha": 0.02, "beta": 0.3, "gamma": 0.5}, 3.0),  # r
    ("qhm", {"alpha": 1.0, "beta": 0.9, "nu": 0.7}, 3.0),  # c
    ("qhm", {"alpha": 0.1, "beta": 0.5, "nu": 0.7}, 3.0),  # r
    ("pytorch_sgd", {"lr": 0.1, "momentum": 0.8, "dampening": 0.2}, 3.0),  # c
    ("pytorch_sgd", {"lr": 0.02, "momentum": 0.3, "weight_decay": 0.5}, 3.0),  # r
    ("pytorch_sgd", {"lr": 0.1, "momentum": 0.8, "nesterov": True}, 3.0),  # c
]


@pytest.mark.parametrize(("name", "params", "h"), RATE_CASES)
def test_measured_rate_matches_spectral_radius(name, params, h):
    """Equality to 1e-4 relative: the rate of a 2000-step run of the method's own rule on
    h x^2/2 against the kernel at the mapped parameters."""
    method = methods.get(name)
    predicted = float(method.spectral_radius(h, **params))
    family = method.family(**params)
    disc = float(family.trace(h)) ** 2 - 4 * float(family.determinant(h))
    assert abs(disc) > 1e-3  # off the critical curve, where the Jordan bias would show
    result = run(name, h, 1.0, 2000, **params)
    measured = float(empirical_rate(result.log_distances, log=True))
    assert measured == pytest.approx(predicted, rel=1e-4)


def test_rate_cases_cover_both_regimes():
    discriminants = []
    for name, params, h in RATE_CASES:
        family = methods.get(name).family(**params)
        discriminants.append(float(family.trace(h)) ** 2 - 4 * float(family.determinant(h)))
    assert min(discriminants) < 0 < max(discriminants)


def test_qhm_without_nu_hides_its_buffer_mode():
    """A documented exception: with nu = 0 the buffer never reaches x, so x converges at
    |1 - alpha h| while the state's rate (predicted) is max(|1 - alpha h|, beta)."""
    qhm = methods.get("qhm")
    params = {"alpha": 0.1, "beta": 0.95, "nu": 0.0}
    assert float(qhm.spectral_radius(3.0, **params)) == pytest.approx(0.95, abs=1e-15)
    measured = float(empirical_rate(run("qhm", 3.0, 1.0, 400, **params).log_distances, log=True))
    assert measured == pytest.approx(0.7, rel=1e-9)
