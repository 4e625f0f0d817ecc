"""Test-problem builders: prescribed spectra checked with numpy's eigvalsh, seeded bases."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory.problems import (
    QuadraticProblem,
    dense_problem,
    diagonal_problem,
    eigendecomposition,
    random_orthogonal,
    scalar_problem,
    spd_matrix,
    spectrum,
    standard_problems,
)


@given(
    mu=st.floats(1e-3, 10.0),
    ratio=st.floats(1.0, 1e4),
    dimension=st.integers(2, 300),
    seed=st.one_of(st.none(), st.integers(0, 2**32 - 1)),
)
def test_spectrum_holds_both_ends_exactly_and_stays_inside(mu, ratio, dimension, seed):
    L = mu * ratio
    values = spectrum(mu=mu, L=L, dimension=dimension, seed=seed)
    assert values.shape == (dimension,)
    assert values[0] == mu and values[-1] == L  # equality: exact ends
    assert np.all(np.diff(values) >= 0)
    assert np.all((values >= mu) & (values <= L))


def test_evenly_spaced_spectrum_is_linspace_and_random_one_is_reproducible():
    np.testing.assert_array_equal(
        spectrum(mu=1.0, L=10.0, dimension=10), np.linspace(1.0, 10.0, 10)
    )
    np.testing.assert_array_equal(
        spectrum(mu=1.0, L=10.0, dimension=50, seed=3),
        spectrum(mu=1.0, L=10.0, dimension=50, seed=3),
    )
    assert not np.array_equal(
        spectrum(mu=1.0, L=10.0, dimension=50, seed=3),
        spectrum(mu=1.0, L=10.0, dimension=50, seed=4),
    )
    np.testing.assert_array_equal(spectrum(mu=2.0, L=2.0, dimension=1), [2.0])


@pytest.mark.parametrize("dimension", [1, 2, 7, 120])
def test_random_orthogonal_is_the_positive_diagonal_qr_factor(dimension):
    """V is orthogonal to 1e-13, and V^T G is upper triangular with a positive diagonal for
    the Gaussian G of the same seed: the unique QR factor that makes V Haar-distributed."""
    basis = random_orthogonal(dimension, seed=11)
    np.testing.assert_allclose(basis.T @ basis, np.eye(dimension), rtol=0, atol=1e-13)
    gaussian = np.random.default_rng(11).standard_normal((dimension, dimension))
    triangular = basis.T @ gaussian
    scale = np.abs(gaussian).max()
    assert np.all(np.abs(np.tril(triangular, -1)) <= 1e-12 * scale * dimension)
    assert np.all(np.diag(triangular) > 0)
    np.testing.assert_array_equal(basis, random_orthogonal(dimension, seed=11))


@pytest.mark.parametrize(("dimension", "seed"), [(5, 0), (60, 1), (300, 2)])
def test_spd_matrix_has_the_prescribed_spectrum(dimension, seed):
    """Equality to 1e-13 * L between numpy's eigvalsh and the prescribed eigenvalues."""
    values = spectrum(mu=0.5, L=50.0, dimension=dimension, seed=seed)
    matrix = spd_matrix(values, seed=seed + 10)
    np.testing.assert_array_equal(matrix, matrix.T)
    np.testing.assert_allclose(np.linalg.eigvalsh(matrix), values, rtol=0, atol=1e-13 * 50.0)


def test_dense_problem_excites_every_mode_and_is_reproducible():
    problem = dense_problem(mu=1.0, L=10.0, dimension=80, seed=3)
    assert isinstance(problem, QuadraticProblem)
    assert (problem.mu, problem.L, problem.dimension) == (1.0, 10.0, 80)
    eigenvalues, basis = np.linalg.eigh(problem.Q)
    np.testing.assert_allclose(eigenvalues, problem.eigenvalues, rtol=0, atol=1e-13)
    assert np.min(np.abs(basis.T @ problem.x0)) > 1e-6
    again = dense_problem(mu=1.0, L=10.0, dimension=80, seed=3)
    np.testing.assert_array_equal(problem.Q, again.Q)
    np.testing.assert_array_equal(problem.x0, again.x0)


def test_diagonal_and_scalar_problems():
    diagonal = diagonal_problem(mu=1.0, L=10.0, dimension=4)
    np.testing.assert_array_equal(diagonal.Q, [1.0, 4.0, 7.0, 10.0])
    np.testing.assert_array_equal(diagonal.x0, np.ones(4))
    scalar = scalar_problem(3.0, x0=-2.0)
    assert scalar.Q.shape == () and float(scalar.Q) == 3.0
    assert (scalar.mu, scalar.L, scalar.dimension) == (3.0, 3.0, 1)
    assert [p.name for p in standard_problems(dimension=10)] == [
        "1-D h=10",
        "diagonal d=10",
        "dense d=10",
    ]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: spectrum(mu=0.0, L=1.0, dimension=3), "mu must be positive, got 0"),
        (lambda: spectrum(mu=2.0, L=1.0, dimension=3), "mu must be at most L, got mu = 2, L = 1"),
        (lambda: spectrum(mu=np.nan, L=1.0, dimension=3), "mu must be a number, got nan"),
        (lambda: spectrum(mu=1.0, L=2.0, dimension=0), "dimension must be a positive integer"),
        (lambda: spectrum(mu=1.0, L=2.0, dimension=1), "L must be equal to mu"),
        (lambda: spectrum(mu=1.0, L=2.0, dimension=2.5), "dimension must be a positive integer"),
        (lambda: spd_matrix([[1.0]], seed=0), "eigenvalues must be a non-empty vector"),
        (lambda: spd_matrix([1.0, np.inf], seed=0), "eigenvalues must be finite, got inf"),
        (lambda: scalar_problem(-1.0), "h must be a finite positive number, got -1"),
        (lambda: scalar_problem(1.0, x0=0.0), "x0 must be non-zero"),
    ],
)
def test_bad_input_raises_naming_the_parameter(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# --- eigendecomposition: the Hessian in the three forms a simulation accepts ---------------


def test_eigendecomposition_of_a_dense_matrix_rebuilds_it():
    """Equality to 1e-13 relative to ||Q||: V diag(h) V^T = Q, V orthogonal, h ascending and
    equal to the spectrum Q was built from."""
    values = spectrum(mu=1.0, L=10.0, dimension=30, seed=3)
    Q = spd_matrix(values, seed=4)
    eigenvalues, basis = eigendecomposition(Q)
    np.testing.assert_allclose(eigenvalues, values, rtol=0, atol=1e-13 * 10.0)
    np.testing.assert_allclose((basis * eigenvalues) @ basis.T, Q, rtol=0, atol=1e-13 * 10.0)
    np.testing.assert_allclose(basis.T @ basis, np.eye(30), rtol=0, atol=1e-13)


def test_eigendecomposition_of_diagonal_forms_needs_no_basis():
    """Equality: a scalar is repeated ``dimension`` times, a vector is returned as given (a
    copy, in its own order)."""
    values, basis = eigendecomposition(2.0, dimension=3)
    assert basis is None and values.tolist() == [2.0, 2.0, 2.0]
    given_values = np.array([3.0, 1.0])
    values, basis = eigendecomposition(given_values)
    assert basis is None and values.tolist() == [3.0, 1.0]
    values[0] = 0.0
    assert given_values[0] == 3.0


@pytest.mark.parametrize(
    ("Q", "message"),
    [
        (np.ones((2, 3)), "Q must be a scalar, a vector of eigenvalues or a square matrix"),
        (np.ones((2, 2, 2)), "Q must be a scalar, a vector of eigenvalues or a square matrix"),
        ([], "Q must have at least one eigenvalue"),
        ([[1.0, 2.0], [0.0, 1.0]], "Q must be symmetric"),
        ([1.0, np.inf], "Q must be finite, got inf"),
    ],
)
def test_eigendecomposition_rejects_what_is_not_a_symmetric_hessian(Q, message):
    with pytest.raises(ValueError, match=message):
        eigendecomposition(Q)
