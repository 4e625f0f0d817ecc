"""run_heavy_ball against plain-loop simulations, exact arithmetic and closed forms."""

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory.problems import spd_matrix, spectrum
from momentum_theory.quadratic import HeavyBallRun, run_heavy_ball
from momentum_theory.reference import plain_heavy_ball

# Entries that a plain float64 loop still holds at full precision (no subnormals, no inf).
NORMAL_RANGE = (2.0**-900, 2.0**900)


def assert_close_to_state(actual, expected, rtol):
    """|actual_t - expected_t| <= rtol * max(expected_t, expected_{t-1}).

    Rounding errors of a linear recursion scale with the size of its state (x_t, x_{t-1}),
    not with |x_t| alone, which can pass through zero while the state does not.
    """
    expected = np.asarray(expected, dtype=float)
    scale = np.maximum(expected, np.concatenate([expected[:1], expected[:-1]]))
    assert np.all(np.abs(np.asarray(actual) - expected) <= rtol * scale)


def plain_trace_loop(h, x0, alpha, beta, steps):
    """Same recursion in the kernel's arithmetic, x_{t+1} = T x_t - beta x_{t-1}."""
    trace = (1.0 + beta) - h * alpha
    x = previous = x0
    out = [abs(x)]
    for _ in range(steps):
        x, previous = trace * x - previous * beta, x
        out.append(abs(x))
    return np.array(out)


def exact_distances(h, x0, alpha, beta, steps):
    """|x_t| in exact rational arithmetic (inputs are the exact binary values)."""
    h, x0, alpha, beta = (Fraction(v) for v in (h, x0, alpha, beta))
    x = previous = x0
    out = [abs(x)]
    for _ in range(steps):
        x, previous = x - alpha * h * x + beta * (x - previous), x
        out.append(abs(x))
    return out


@pytest.mark.parametrize(
    ("alpha", "beta"),
    [(0.05, 0.5), (0.3, 0.9), (0.01, 0.99), (0.1, 0.0), (0.25, 0.3), (0.19, 0.2), (0.5, 0.1)],
)
def test_scalar_run_matches_exact_rational_arithmetic(alpha, beta):
    """Equality to 1e-12 of the state's size with Fractions over 150 steps (the float64
    rounding, measured at ~1e-14; |x_t| itself may cross zero, e.g. T = 1, beta = 1/2)."""
    run = run_heavy_ball(10.0, 1.0, alpha, beta, 150)
    exact = exact_distances(10.0, 1.0, alpha, beta, 150)
    errors = [abs(Fraction(run.distances[t]) - value) for t, value in enumerate(exact)]
    for t in range(1, len(exact)):
        assert errors[t] <= Fraction(1e-12) * max(exact[t], exact[t - 1])


@given(
    alpha=st.floats(-1.0, 5.0),
    beta=st.floats(-1.5, 1.5),
    h=st.floats(0.01, 3.0),
    x0=st.floats(-3.0, 3.0).filter(lambda v: v != 0),
)
def test_rescaling_changes_no_bit(alpha, beta, h, x0):
    """Equality, bit for bit, with a plain loop in the same arithmetic: the power-of-two
    rescaling that prevents overflow is exact, wherever the plain loop is itself exact."""
    run = run_heavy_ball(h, x0, alpha, beta, 80)
    plain = plain_trace_loop(h, x0, alpha, beta, 80)
    # Compare until the plain loop first leaves the range where it is exact itself.
    exact = np.logical_and.accumulate((plain >= NORMAL_RANGE[0]) & (plain <= NORMAL_RANGE[1]))
    np.testing.assert_array_equal(run.distances[exact], plain[exact])


def test_batch_equals_one_run_per_parameter_pair():
    """Equality: a vectorised 2-D grid gives the same bits as separate scalar runs."""
    alpha = np.linspace(0.01, 0.45, 7)[np.newaxis, :]
    beta = np.linspace(0.0, 0.95, 5)[:, np.newaxis]
    run = run_heavy_ball(10.0, 2.0, alpha, beta, 120)
    assert run.distances.shape == (121, 5, 7)
    assert run.state_norms.shape == (120, 5, 7)
    for i in range(5):
        for j in range(7):
            single = plain_trace_loop(10.0, 2.0, alpha[0, j], beta[i, 0], 120)
            np.testing.assert_array_equal(run.distances[:, i, j], single)


def test_textbook_form_agrees_to_rounding():
    """Equality to 1e-10 with the update written as in the chapter (different rounding)."""
    for alpha, beta in [(0.3, 0.9), (0.01, 0.99), (0.12, 0.6)]:
        run = run_heavy_ball(10.0, 1.0, alpha, beta, 300)
        plain = plain_heavy_ball(10.0, 1.0, alpha, beta, 300)
        assert_close_to_state(run.distances, plain, rtol=1e-10)


def test_starts_at_rest_unless_x_prev_is_given():
    at_rest = run_heavy_ball(10.0, 1.0, 0.05, 0.7, 50)
    explicit = run_heavy_ball(10.0, 1.0, 0.05, 0.7, 50, x_prev=1.0)
    np.testing.assert_array_equal(at_rest.distances, explicit.distances)
    moving = run_heavy_ball(10.0, 1.0, 0.05, 0.7, 50, x_prev=1.5)
    plain = plain_heavy_ball(10.0, 1.0, 0.05, 0.7, 50, x_prev=1.5)
    assert_close_to_state(moving.distances, plain, rtol=1e-12)
    assert not np.array_equal(moving.distances, at_rest.distances)


def test_state_norms_are_the_norms_of_consecutive_iterates():
    """Equality to 1 ulp-level (rtol 1e-15) with hypot(|x_{t+1}|, |x_t|) of a plain loop."""
    run = run_heavy_ball([1.0, 4.0, 9.0], [1.0, -2.0, 0.5], 0.1, 0.5, 60)
    x = previous = np.array([1.0, -2.0, 0.5])
    trace = 1.5 - 0.1 * np.array([1.0, 4.0, 9.0])
    for t in range(60):
        following = trace * x - previous * 0.5
        expected = math.hypot(np.linalg.norm(following), np.linalg.norm(x))
        assert math.isclose(run.state_norms[t], expected, rel_tol=1e-15)
        x, previous = following, x


@pytest.mark.parametrize("with_b", [False, True])
def test_dense_matrix_runs_in_its_eigenbasis(with_b):
    """Equality to the plain dense iteration: 1e-11 relative with x* = 0; with b != 0,
    1e-10 while ||x_t - x*|| > 1e-4 ||x*|| (the plain loop's own error is eps ||x*||)."""
    rng = np.random.default_rng(5)
    dimension = 40
    Q = spd_matrix(spectrum(1.0, 10.0, dimension, seed=1), seed=2)
    b = rng.standard_normal(dimension) if with_b else np.zeros(dimension)
    x0 = rng.standard_normal(dimension)
    minimiser = np.linalg.solve(Q, b)
    alpha, beta = np.array([0.02, 0.1, 0.15, 0.3]), np.array([0.9, 0.5, 0.2, 0.6])
    run = run_heavy_ball(Q, x0, alpha, beta, 200, b=b if with_b else None)
    # eigh and eigvalsh may take different LAPACK paths: agreement to rounding of ||Q||.
    np.testing.assert_allclose(run.eigenvalues, np.linalg.eigvalsh(Q), rtol=0, atol=1e-13)
    for j in range(alpha.size):
        plain = plain_heavy_ball(Q, x0, alpha[j], beta[j], 200, b=b if with_b else None)
        for t in range(1, 201):
            if with_b and plain[t] < 1e-4 * np.linalg.norm(minimiser):
                break
            tolerance = 1e-10 if with_b else 1e-11
            assert math.isclose(run.distances[t, j], plain[t], rel_tol=tolerance)


def test_diagonal_scalar_and_vector_forms_agree():
    """Equality: Q = h (scalar) with a vector start is diag(h, ..., h)."""
    x0 = np.array([1.0, -3.0, 2.0])
    scalar = run_heavy_ball(2.0, x0, 0.2, 0.4, 40)
    vector = run_heavy_ball([2.0, 2.0, 2.0], x0, 0.2, 0.4, 40)
    dense = run_heavy_ball(2.0 * np.eye(3), x0, 0.2, 0.4, 40)
    np.testing.assert_array_equal(scalar.distances, vector.distances)
    np.testing.assert_allclose(dense.distances, vector.distances, rtol=1e-14)


def test_linear_term_moves_the_minimiser():
    """Equality: with b, distances are to x* = b / h (diagonal Q)."""
    run = run_heavy_ball([2.0, 5.0], [1.0, 1.0], 0.1, 0.3, 30, b=[4.0, -5.0])
    shifted = run_heavy_ball([2.0, 5.0], [1.0 - 2.0, 1.0 + 1.0], 0.1, 0.3, 30)
    np.testing.assert_allclose(run.distances, shifted.distances, rtol=1e-15)


def test_divergence_overflows_to_inf_without_warnings_or_nan():
    """x_t = (-2)^t exactly (alpha h = 3, beta = 0): distances overflow at t = 1024."""
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        run = run_heavy_ball(1.0, 1.0, [3.0, 0.5], 0.0, 1100)
    assert run.diverged.tolist() == [True, False]
    t = np.arange(1101)
    np.testing.assert_array_equal(run.distances[:1024, 0], 2.0 ** t[:1024])
    assert np.all(np.isinf(run.distances[1024:, 0]))
    # The log keeps going: ln |x_t| = t ln 2 (rounding of the log and of t ln 2 only).
    np.testing.assert_allclose(run.log_distances[:, 0], t * math.log(2.0), rtol=1e-15)
    for array in (run.distances, run.log_distances, run.state_norms):
        assert not np.isnan(array).any()


def test_underflow_reaches_zero_but_the_log_does_not():
    """x_t = 2^-t exactly (alpha h = 1/2, beta = 0): 0.0 after the smallest subnormal."""
    with np.errstate(all="raise"):
        run = run_heavy_ball(1.0, 1.0, 0.5, 0.0, 1200)
    t = np.arange(1201)
    np.testing.assert_array_equal(run.distances[:1075], 2.0 ** -t[:1075])
    assert np.all(run.distances[1075:] == 0.0)
    np.testing.assert_allclose(run.log_distances, -t * math.log(2.0), rtol=1e-15)
    assert not run.diverged


def test_exact_termination_gives_zero_and_minus_infinity():
    """alpha h = 1, beta = 0 reaches x* in one step exactly."""
    run = run_heavy_ball(4.0, 3.0, 0.25, 0.0, 5)
    np.testing.assert_array_equal(run.distances, [3.0, 0, 0, 0, 0, 0])
    assert math.isclose(run.log_distances[0], math.log(3.0), rel_tol=1e-15)
    assert np.all(run.log_distances[1:] == -np.inf)


@pytest.mark.parametrize("alpha", [1e200, 1e306])
def test_absurdly_large_steps_still_give_a_finite_log(alpha):
    """|T| ~ 1e201..1e307: one step grows the state past 2**128; the log stays exact-ish."""
    with np.errstate(all="raise"):
        run = run_heavy_ball(10.0, 1.0, alpha, 0.5, 4)
    assert run.diverged
    expected = np.arange(5) * math.log(alpha * 10.0)  # |T| = alpha h (1 + 1.5/(alpha h))
    np.testing.assert_allclose(run.log_distances, expected, rtol=1e-12)


def test_start_at_the_minimiser_stays_there():
    run = run_heavy_ball([1.0, 2.0], [0.0, 0.0], [0.1, 0.2], 0.5, 10)
    assert np.all(run.distances == 0.0)
    assert not run.diverged.any()


def test_result_is_frozen_and_named():
    run = run_heavy_ball(1.0, 1.0, 0.1, 0.5, 3)
    assert isinstance(run, HeavyBallRun)
    assert run.steps == 3
    with pytest.raises(AttributeError):
        run.steps = 4  # type: ignore[misc]


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
    ],
)
def test_bad_input_raises_naming_the_parameter(kwargs, message):
    arguments = {"Q": 1.0, "x0": 1.0, "alpha": 0.1, "beta": 0.5, "steps": 5, **kwargs}
    with pytest.raises(ValueError, match=message):
        run_heavy_ball(**arguments)
