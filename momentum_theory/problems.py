r"""Test problems: quadratics :math:`f(x) = \tfrac12 x^\top Q x` with a prescribed spectrum.

The theory predicts heavy ball's rate on every quadratic whose Hessian eigenvalues lie in
:math:`[\mu, L]` as the worst case over that interval, which is attained at :math:`h = \mu`
or :math:`h = L`. The builders here therefore always put both ends of :math:`[\mu, L]` in
the spectrum, so the prediction for a problem is exactly
:func:`momentum_theory.worst_case_rate` at its ``mu`` and ``L``. Dense matrices get a
seeded random orthogonal eigenbasis, so the same seed gives the same matrix everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import (
    as_finite_float,
    as_integer,
    as_real_array,
    as_spectrum,
    require,
    require_finite,
)

Array = NDArray[np.float64]

__all__ = [
    "QuadraticProblem",
    "dense_problem",
    "diagonal_problem",
    "eigendecomposition",
    "random_orthogonal",
    "scalar_problem",
    "spd_matrix",
    "spectrum",
    "standard_problems",
]


@dataclass(frozen=True)
class QuadraticProblem:
    r"""A quadratic :math:`f(x) = \tfrac12 x^\top Q x` (minimiser :math:`x^* = 0`) and a start.

    Attributes
    ----------
    name : str
        A short label, e.g. ``"dense d=200"``.
    Q : ndarray, shape (), (d,) or (d, d)
        The Hessian as :func:`momentum_theory.simulate.run` takes it: a scalar
        :math:`h`, the diagonal, or a dense symmetric matrix.
    eigenvalues : ndarray, shape (d,)
        The prescribed spectrum, ascending (for a dense ``Q``, the values it was built
        from, not a numerical eigendecomposition).
    x0 : ndarray, shape (d,)
        Starting point, with a non-zero component along every eigenvector so that every
        mode, the slowest included, is excited.

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.problems import QuadraticProblem
    >>> problem = QuadraticProblem("two modes", np.array([1.0, 9.0]), np.array([1.0, 9.0]),
    ...                            np.ones(2))
    >>> problem.mu, problem.L
    (1.0, 9.0)
    """

    name: str
    Q: Array
    eigenvalues: Array
    x0: Array

    @property
    def mu(self) -> float:
        r"""Smallest eigenvalue :math:`\mu`."""
        return float(self.eigenvalues[0])

    @property
    def L(self) -> float:
        r"""Largest eigenvalue :math:`L`."""
        return float(self.eigenvalues[-1])

    @property
    def dimension(self) -> int:
        """Number of coordinates :math:`d`."""
        return int(self.eigenvalues.size)


def spectrum(*, mu: float, L: float, dimension: int, seed: int | None = None) -> Array:
    r"""Eigenvalues in :math:`[\mu, L]` that include both ends exactly.

    Parameters
    ----------
    mu, L : float
        Ends of the spectrum, ``0 < mu <= L`` (``mu == L`` needs ``dimension == 1`` or
        gives a repeated eigenvalue).
    dimension : int
        Number of eigenvalues, ``>= 1``; with ``dimension == 1``, ``mu`` must equal ``L``.
    seed : int, optional
        None: evenly spaced (``numpy.linspace``). An integer: the two ends plus
        ``dimension - 2`` values drawn uniformly from :math:`(\mu, L)` with
        ``numpy.random.default_rng(seed)``.

    Returns
    -------
    ndarray, shape (dimension,)
        Sorted ascending; ``[0] == mu`` and ``[-1] == L`` exactly.

    Raises
    ------
    ValueError
        If ``mu <= 0``, ``mu > L``, ``dimension < 1``, or ``dimension == 1`` with
        ``mu != L``.

    Examples
    --------
    >>> from momentum_theory.problems import spectrum
    >>> spectrum(mu=1.0, L=10.0, dimension=4)
    array([ 1.,  4.,  7., 10.])
    >>> values = spectrum(mu=1.0, L=10.0, dimension=5, seed=0)
    >>> float(values[0]), float(values[-1]), bool((values[1:-1] > 1).all())
    (1.0, 10.0, True)
    """
    mu_, L_ = as_spectrum(mu=mu, L=L, scalar=True)
    dimension = as_integer(dimension, "dimension", 1)
    if dimension == 1:
        require(mu_ == L_, "L", f"equal to mu = {mu_:g} when dimension is 1", L_)
        return np.array([mu_])
    if seed is None:
        values = np.linspace(mu_, L_, dimension)
        values[-1] = L_  # linspace's last point is L up to rounding; make it exact
        return values
    interior = np.random.default_rng(seed).uniform(mu_, L_, dimension - 2)
    return np.concatenate([[mu_], np.sort(interior), [L_]])


def random_orthogonal(dimension: int, seed: int) -> Array:
    r"""A Haar-distributed random orthogonal matrix, reproducible from ``seed``.

    The QR factorisation :math:`G = VR` of a standard Gaussian matrix :math:`G`, with the
    signs of :math:`V`'s columns fixed so that :math:`R` has a positive diagonal; without
    that fix :math:`V` would not be uniformly distributed (Mezzadri, 2007).

    Parameters
    ----------
    dimension : int
        Size :math:`d \ge 1`.
    seed : int
        Seed for ``numpy.random.default_rng``.

    Returns
    -------
    ndarray, shape (dimension, dimension)
        :math:`V` with :math:`V^\top V = I` to rounding.

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.problems import random_orthogonal
    >>> V = random_orthogonal(5, seed=1)
    >>> bool(np.allclose(V.T @ V, np.eye(5), rtol=0, atol=1e-14))
    True
    """
    dimension = as_integer(dimension, "dimension", 1)
    gaussian = np.random.default_rng(seed).standard_normal((dimension, dimension))
    basis, triangular = np.linalg.qr(gaussian)
    return basis * np.where(np.diag(triangular) < 0, -1.0, 1.0)


def spd_matrix(eigenvalues: ArrayLike, seed: int) -> Array:
    r"""Dense symmetric matrix :math:`V \operatorname{diag}(h) V^\top` with a random basis.

    Parameters
    ----------
    eigenvalues : array_like, shape (d,)
        The spectrum :math:`h`; positive for a symmetric positive definite result.
    seed : int
        Seed of the orthogonal basis (:func:`random_orthogonal`).

    Returns
    -------
    ndarray, shape (d, d)
        Exactly symmetric; its eigenvalues equal ``eigenvalues`` to a few units of
        :math:`\epsilon \max |h|` (the rounding of the two products).

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.problems import spd_matrix
    >>> Q = spd_matrix([1.0, 2.0, 10.0], seed=3)
    >>> np.linalg.eigvalsh(Q).round(12)
    array([ 1.,  2., 10.])
    """
    values = as_real_array(eigenvalues, "eigenvalues")
    if values.ndim != 1 or values.size == 0:
        raise ValueError(f"eigenvalues must be a non-empty vector, got shape {values.shape}")
    require_finite(values, "eigenvalues")
    basis = random_orthogonal(values.size, seed)
    matrix = (basis * values) @ basis.T
    return 0.5 * (matrix + matrix.T)


def scalar_problem(h: float, x0: float = 1.0) -> QuadraticProblem:
    r"""The one-dimensional quadratic :math:`f(x) = h x^2 / 2`, from :math:`x_0`.

    Examples
    --------
    >>> from momentum_theory.problems import scalar_problem
    >>> problem = scalar_problem(10.0)
    >>> problem.name, problem.mu, problem.L, problem.x0.tolist()
    ('1-D h=10', 10.0, 10.0, [1.0])
    """
    h_ = as_finite_float(h, "h", low=0.0, low_open=True)
    start = as_finite_float(x0, "x0")
    require(start != 0, "x0", "non-zero", start)
    return QuadraticProblem(f"1-D h={h_:g}", np.array(h_), np.array([h_]), np.array([start]))


def diagonal_problem(
    *, mu: float, L: float, dimension: int, seed: int | None = None
) -> QuadraticProblem:
    r"""Diagonal :math:`Q = \operatorname{diag}(h)`, with eigenvalues from :func:`spectrum`.

    The start is :math:`x_0 = (1, \dots, 1)`: every mode gets the same weight.

    Parameters
    ----------
    mu, L, dimension, seed
        As in :func:`spectrum`.

    Returns
    -------
    QuadraticProblem
        ``Q`` is the diagonal (a vector), equal to ``eigenvalues``.

    Examples
    --------
    >>> from momentum_theory.problems import diagonal_problem
    >>> problem = diagonal_problem(mu=1.0, L=10.0, dimension=4)
    >>> problem.Q, problem.mu, problem.L
    (array([ 1.,  4.,  7., 10.]), 1.0, 10.0)
    """
    values = spectrum(mu=mu, L=L, dimension=dimension, seed=seed)
    return QuadraticProblem(f"diagonal d={values.size}", values, values, np.ones(values.size))


def dense_problem(*, mu: float, L: float, dimension: int, seed: int) -> QuadraticProblem:
    r"""Dense SPD :math:`Q` with spectrum in :math:`[\mu, L]`, both ends included, random basis.

    The eigenvalues are :func:`spectrum` ``(mu, L, dimension, seed)`` (random interior),
    the basis :func:`random_orthogonal` ``(dimension, seed + 1)`` (via :func:`spd_matrix`)
    and the start a standard Gaussian vector from ``seed + 2``, which has a non-zero
    component along every eigenvector with probability one.

    Parameters
    ----------
    mu, L, dimension
        As in :func:`spectrum`.
    seed : int
        Seeds the interior eigenvalues (``seed``), the basis (``seed + 1``) and the start
        (``seed + 2``).

    Returns
    -------
    QuadraticProblem
        ``Q`` a dense symmetric ``(dimension, dimension)`` matrix.

    Examples
    --------
    >>> import numpy as np
    >>> from momentum_theory.problems import dense_problem
    >>> problem = dense_problem(mu=1.0, L=10.0, dimension=50, seed=7)
    >>> problem.Q.shape, problem.mu, problem.L
    ((50, 50), 1.0, 10.0)
    >>> bool(np.allclose(np.linalg.eigvalsh(problem.Q), problem.eigenvalues, atol=1e-13))
    True
    """
    values = spectrum(mu=mu, L=L, dimension=dimension, seed=seed)
    matrix = spd_matrix(values, seed + 1)
    start = np.random.default_rng(seed + 2).standard_normal(values.size)
    return QuadraticProblem(f"dense d={values.size}", matrix, values, start)


def standard_problems(
    *, mu: float = 1.0, L: float = 10.0, dimension: int = 200, seed: int = 2024
) -> tuple[QuadraticProblem, ...]:
    r"""The problems the rate comparison uses: 1-D at :math:`h = L`, diagonal and dense.

    All share the stability boundary :math:`\alpha L < 2(1 + \beta)`, so one
    :math:`\alpha`-:math:`\beta` grid serves them all.

    Parameters
    ----------
    mu, L : float
        The spectrum of the diagonal and dense problems.
    dimension : int
        Their dimension.
    seed : int
        Seed of the dense problem (:func:`dense_problem`).

    Examples
    --------
    >>> from momentum_theory.problems import standard_problems
    >>> [p.name for p in standard_problems(dimension=20)]
    ['1-D h=10', 'diagonal d=20', 'dense d=20']
    """
    return (
        scalar_problem(L),
        diagonal_problem(mu=mu, L=L, dimension=dimension),
        dense_problem(mu=mu, L=L, dimension=dimension, seed=seed),
    )


def eigendecomposition(Q: ArrayLike, dimension: int = 1) -> tuple[Array, Array | None]:
    r"""The eigenvalues and eigenvectors of a Hessian given in any of its three forms.

    A simulation on :math:`f(x) = \tfrac12 x^\top Q x - b^\top x` runs in the eigenbasis,
    :math:`Q = V \operatorname{diag}(h) V^\top`, where every coordinate is independent.

    Parameters
    ----------
    Q : array_like, shape (), (d,) or (d, d)
        A scalar :math:`h` (:math:`Q = hI`), a vector of eigenvalues (:math:`Q`
        diagonal), or a dense symmetric matrix (symmetric to 1e-12 relative; its
        symmetric part is used). Finite.
    dimension : int, default 1
        :math:`d` for a scalar ``Q`` (ignored otherwise).

    Returns
    -------
    eigenvalues : ndarray, shape (d,)
        The diagonal as given, or ascending for a dense ``Q`` (``numpy.linalg.eigh``).
    basis : ndarray, shape (d, d), or None
        The orthonormal eigenvectors :math:`V` (columns) of a dense ``Q``; None when
        ``Q`` is already diagonal (:math:`V = I`).

    Raises
    ------
    ValueError
        If ``Q`` is not finite, is an empty vector, or is not a scalar, a vector or a
        square symmetric matrix.

    Examples
    --------
    >>> from momentum_theory.problems import eigendecomposition
    >>> eigendecomposition(2.0, dimension=3)
    (array([2., 2., 2.]), None)
    >>> values, basis = eigendecomposition([[2.0, 1.0], [1.0, 2.0]])
    >>> values
    array([1., 3.])
    """
    matrix = as_real_array(Q, "Q")
    require_finite(matrix, "Q")
    if matrix.ndim == 0:
        return np.full(as_integer(dimension, "dimension", 1), float(matrix)), None
    if matrix.ndim == 1:
        if matrix.size == 0:
            raise ValueError("Q must have at least one eigenvalue, got an empty vector")
        return matrix.copy(), None
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.size == 0:
        raise ValueError(
            "Q must be a scalar, a vector of eigenvalues or a square matrix, "
            f"got shape {matrix.shape}"
        )
    asymmetry = np.max(np.abs(matrix - matrix.T))
    require(asymmetry <= 1e-12 * np.max(np.abs(matrix)), "Q", "symmetric", asymmetry)
    eigenvalues, basis = np.linalg.eigh(0.5 * (matrix + matrix.T))
    return eigenvalues, basis


def _vector(value: ArrayLike, name: str, dimension: int) -> Array:
    """``value`` as a finite float64 vector of length ``dimension`` (a scalar is repeated)."""
    vector = as_real_array(value, name)
    if vector.ndim > 1 or (vector.ndim == 1 and vector.size != dimension):
        raise ValueError(
            f"{name} must be a scalar or have shape ({dimension},), got {vector.shape}"
        )
    require_finite(vector, name)
    return np.broadcast_to(vector, (dimension,)).astype(np.float64)
