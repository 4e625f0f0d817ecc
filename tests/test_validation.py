"""Input checks at the package boundary: errors name the parameter and the allowed range."""

from fractions import Fraction

import numpy as np
import pytest
import sympy

import momentum_theory as mt
from momentum_theory._validation import (
    as_integer,
    as_real_array,
    as_spectrum,
    broadcast_shape,
    curvature_range,
    require,
)


@pytest.mark.parametrize("value", [3, np.int64(3), np.uint8(3)])
def test_as_integer_accepts_integers_of_any_kind(value):
    assert as_integer(value, "steps", 0) == 3 and type(as_integer(value, "steps", 0)) is int


@pytest.mark.parametrize(
    ("value", "minimum", "message"),
    [
        (True, 0, "steps must be a non-negative integer, got True"),
        (2.5, 0, "steps must be a non-negative integer, got 2.5"),
        (-1, 0, "steps must be a non-negative integer, got -1"),
        (0, 1, "steps must be a positive integer, got 0"),
        (2, 3, "steps must be an integer >= 3, got 2"),
    ],
)
def test_as_integer_rejects_with_the_parameter_and_range(value, minimum, message):
    with pytest.raises(ValueError, match=message):
        as_integer(value, "steps", minimum)


def test_real_arrays_broadcasting_and_require_name_the_parameter():
    with pytest.raises(TypeError, match="alpha must be real"):
        as_real_array(1j, "alpha")
    with pytest.raises(ValueError, match=r"alpha \(2,\), beta \(3,\)"):
        broadcast_shape(alpha=np.zeros(2), beta=np.zeros(3))
    with pytest.raises(ValueError, match="mu must be positive, got -1"):
        require(np.array([1.0, -1.0]) > 0, "mu", "positive", np.array([1.0, -1.0]))
    require(np.array([np.nan]) > 0, "mu", "positive", np.array([np.nan]))  # NaN passes on


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Fraction(1, 3), 1 / 3),
        (sympy.Rational(1, 3), 1 / 3),
        (sympy.Integer(7), 7.0),
        (np.float32(0.5), 0.5),
        ([Fraction(1, 4), 2, np.int8(3)], [0.25, 2.0, 3.0]),
        (np.array([Fraction(1, 2), sympy.Rational(-3, 2)], dtype=object), [0.5, -1.5]),
        (2**70, 2.0**70),  # an int NumPy keeps as an object
    ],
)
def test_any_real_number_is_accepted_and_rounded_once(value, expected):
    """Equality with Python's own float() of each number (correctly rounded)."""
    result = as_real_array(value, "x")
    assert result.dtype == np.float64
    assert result.tolist() == expected


@pytest.mark.parametrize(
    "value",
    [
        True,
        np.True_,
        [1.0, True],
        np.array([Fraction(1, 2), True], dtype=object),
        None,
        "1",
        [Fraction(1, 2), "1"],
        sympy.Symbol("x"),
        sympy.pi,
        1 + 0j,
        10**400,
    ],
)
def test_bools_and_non_reals_are_refused(value):
    with pytest.raises(TypeError, match=r"^x must be"):
        as_real_array(value, "x")


@pytest.mark.parametrize(
    ("mu", "L", "options", "message"),
    [
        (np.nan, 1.0, {}, "mu must be a number, got nan"),
        (1.0, np.nan, {}, "L must be a number, got nan"),
        (np.nan, 1.0, {"positive": False}, "mu must be a number, got nan"),
        (np.nan, 1.0, {"scalar": True}, "mu must be a number, got nan"),
        (0.0, 1.0, {}, "mu must be positive, got 0"),
        (1.0, np.inf, {}, "L must be finite, got inf"),
        (3.0, 2.0, {"positive": False}, "mu must be at most L, got mu = 3, L = 2"),
        ([1.0, 3.0], 2.0, {}, "mu must be at most L, got mu = 3, L = 2"),
        ([1.0, 2.0], 3.0, {"scalar": True}, r"mu must be a scalar, got shape \(2,\)"),
    ],
)
def test_as_spectrum_refuses_with_one_message_per_mistake(mu, L, options, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        as_spectrum(mu=mu, L=L, **options)


def test_as_spectrum_keeps_nan_inside_arrays_and_allows_any_real_ends_when_asked():
    mu, L = as_spectrum(mu=[np.nan, 1.0, -np.inf], L=2.0, positive=False)
    assert np.isnan(mu[0]) and mu[1:].tolist() == [1.0, -np.inf] and float(L) == 2.0
    mu, L = as_spectrum(mu=[np.nan, 0.5], L=[1.0, np.nan])  # NaN entries skip every check
    assert np.isnan(mu[0]) and np.isnan(L[1])
    assert as_spectrum(mu=Fraction(1, 2), L=sympy.Integer(4), scalar=True) == (0.5, 4.0)
    assert curvature_range(Fraction(3, 2), mu=None, L=None) == (1.5, 1.5)
    with pytest.raises(ValueError, match=r"^h must be a number, got nan$"):
        curvature_range(np.nan, mu=None, L=None)


# --- the same mistake, the same words, whichever public function it reaches -------------


def _message(call) -> str:
    with pytest.raises(ValueError) as error:
        call()
    return str(error.value)


def test_mu_above_L_reads_the_same_everywhere():
    """Equality of the whole message from the kernels, the grid and the problem builders."""
    from momentum_theory import family, methods, optimal_parameters, problems

    calls = [
        lambda: family.worst_case_rate(0.1, 0.5, mu=2.0, L=1.0),
        lambda: optimal_parameters(mu=2.0, L=1.0),
        lambda: methods.method_grid("heavy_ball", ("alpha", [0.1]), ("beta", [0.5]), mu=2, L=1),
        lambda: problems.spectrum(mu=2.0, L=1.0, dimension=3),
        lambda: problems.diagonal_problem(mu=2.0, L=1.0, dimension=3),
        lambda: problems.dense_problem(mu=2.0, L=1.0, dimension=3, seed=0),
    ]
    assert {_message(call) for call in calls} == {"mu must be at most L, got mu = 2, L = 1"}


@pytest.mark.parametrize("value", [-1, 2.5, True])
def test_a_bad_count_reads_the_same_in_simulations_and_training(value):
    """Equality: '<name> must be a non-negative integer, got <value>' from every layer."""
    from momentum_theory.amplification import velocity_amplification
    from momentum_theory.paper.comparison2d.experiments import compare_2d
    from momentum_theory.simulate import run
    from momentum_theory.training import chapter_problem, torch_available

    calls = {
        "steps": [
            lambda: run("heavy_ball", 1.0, 1.0, value, alpha=0.1, beta=0.5),
            lambda: velocity_amplification(0.5, value),
            lambda: compare_2d(steps=value),
        ],
        "seed": [lambda: chapter_problem(seed=value)] if torch_available() else [],
    }
    for name, group in calls.items():
        for call in group:
            assert _message(call) == f"{name} must be a non-negative integer, got {value!r}"


def test_interval_choice_and_finiteness_read_the_same_everywhere():
    """Equality of the whole message across the quadratic toolkit and the training API."""
    pytest.importorskip("torch")
    from momentum_theory.paper.comparison2d.experiments import compare_2d
    from momentum_theory.problems import spd_matrix
    from momentum_theory.simulate import run
    from momentum_theory.training import compare_optimizers, train_chapter_network
    from momentum_theory.training._torch import resolve_dtype
    from momentum_theory.training.equivalence import unit_roundoff
    from momentum_theory.training.stability import stability_position

    lr = {
        _message(lambda: train_chapter_network("torch", lr=0.0, epochs=1)),
        _message(lambda: stability_position(0.0, 0.5, 1.0)),
        _message(lambda: compare_optimizers(lr=0.0, epochs=1)),
    }
    assert lr == {"lr must be a finite positive number, got 0"}
    momentum = {
        _message(lambda: train_chapter_network("torch", momentum=1.0, epochs=1)),
        _message(lambda: stability_position(0.1, 1.0, 1.0)),
    }
    assert momentum == {"momentum must be a finite number in [0, 1), got 1"}
    dtype = {
        _message(lambda: unit_roundoff("float16")),
        _message(lambda: resolve_dtype("float16")),
        _message(lambda: train_chapter_network("torch", dtype="float16", epochs=1)),
    }
    assert dtype == {"dtype must be one of 'float32', 'float64', got 'float16'"}
    for call, name in [
        (lambda: run("heavy_ball", 1.0, np.nan, 3, alpha=0.1, beta=0.5), "x0"),
        (lambda: run("heavy_ball", 1.0, 1.0, 3, alpha=np.nan, beta=0.5), "alpha"),
        (lambda: spd_matrix([1.0, np.nan], seed=0), "eigenvalues"),
        (lambda: compare_2d(starts=((np.nan, 1.0),)), "starts"),
    ]:
        assert _message(call) == f"{name} must be finite, got nan"


def test_non_numbers_are_type_errors_naming_the_parameter():
    """A bool or a string where a real number belongs is a TypeError, from any layer."""
    from momentum_theory.problems import scalar_problem
    from momentum_theory.rates import jordan_bias
    from momentum_theory.training.stability import stability_position

    for call, name in [
        (lambda: scalar_problem(True), "h"),
        (lambda: jordan_bias("1", 10), "c"),
        (lambda: stability_position(True, 0.5, 1.0), "lr"),
    ]:
        with pytest.raises(TypeError, match=f"^{name} must be a real number"):
            call()


# One policy across the public functions that take a spectrum: each row returns an array of
# what the call computes, so a Fraction's result can be compared with the float one's.
SPECTRUM_CALLS = {
    "worst_case_rate": lambda mu, L: mt.worst_case_rate(0.03, 0.6, mu=mu, L=L),
    "optimal_parameters": lambda mu, L: mt.optimal_parameters(mu=mu, L=L).rate,
    "Method.worst_case_rate": lambda mu, L: mt.methods.get("nesterov").worst_case_rate(
        mu=mu, L=L, alpha=0.03, beta=0.6
    ),
    "Method.optimal_parameters": lambda mu, L: (
        mt.methods.get("nesterov").optimal_parameters(mu=mu, L=L).rate
    ),
    "Method.tuning": lambda mu, L: (
        mt.methods.get("two_step").tuning("triple_momentum", mu=mu, L=L).rate
    ),
    "worst_case_error": lambda mu, L: mt.worst_case_error(0.03, 0.6, mu=mu, L=L, steps=5).value,
    "method_grid": lambda mu, L: (
        mt.method_grid("heavy_ball", ("alpha", [0.01, 0.02]), ("beta", [0.5]), mu=mu, L=L).rate
    ),
    "diagonal_problem": lambda mu, L: mt.diagonal_problem(mu=mu, L=L, dimension=3).Q,
}


@pytest.mark.parametrize("call", SPECTRUM_CALLS.values(), ids=SPECTRUM_CALLS.keys())
def test_public_functions_accept_fractions_as_the_floats_they_round_to(call):
    expected = np.asarray(call(1.0, 100.0))
    assert np.array_equal(np.asarray(call(Fraction(1), Fraction(100))), expected)


@pytest.mark.parametrize("call", SPECTRUM_CALLS.values(), ids=SPECTRUM_CALLS.keys())
def test_public_functions_refuse_a_nan_spectrum_end_in_the_same_words(call):
    with pytest.raises(ValueError, match=r"^mu must be a number, got nan$"):
        call(np.nan, 100.0)
    with pytest.raises(ValueError, match=r"^L must be a number, got nan$"):
        call(1.0, np.nan)


@pytest.mark.parametrize("call", SPECTRUM_CALLS.values(), ids=SPECTRUM_CALLS.keys())
def test_public_functions_refuse_a_bool_spectrum_end(call):
    with pytest.raises(TypeError, match=r"^mu must be"):
        call(True, 100.0)
