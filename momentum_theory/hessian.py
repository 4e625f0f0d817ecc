r"""A problem's curvature bounds: :func:`spectrum_of` a Hessian or a least-squares problem.

The rates of this package hold for every quadratic whose Hessian spectrum lies in
:math:`[\mu, L]`. A user's problem gives a matrix instead: a Hessian :math:`A`, or a data
matrix :math:`X` of a least-squares loss. :func:`spectrum_of` turns it into :math:`\mu` and
:math:`L` that are *safe* for tuning: :math:`L` is an upper bound of the largest eigenvalue
and :math:`\mu` a lower bound of the smallest. An iterative eigensolver's Ritz values lie
inside the spectrum, so an unguarded :math:`L` is too small and a step tuned to it can
diverge; the bounds here widen every computed value by a bound on its error.

Least squares, in PyTorch's convention: ``torch.nn.MSELoss`` (mean reduction) is
:math:`\frac1n\|Xw - y\|^2` with Hessian :math:`\frac2n X^\top X`; the "half" convention
:math:`\frac1{2n}\|Xw - y\|^2` has Hessian :math:`\frac1n X^\top X`, half as large (so its
tuned step is twice as large). A ridge term :math:`\frac\lambda2\|w\|^2` adds :math:`\lambda`
to every eigenvalue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from momentum_theory._validation import as_finite_float, as_integer, choice

__all__ = [
    "DENSE_LIMIT",
    "FORMATS",
    "LOSSES",
    "SYMMETRY_TOLERANCE",
    "HessianSpectrum",
    "load_matrix",
    "spectrum_of",
]

# Up to this many unknowns every eigenvalue is computed densely (LAPACK); beyond, only the
# extremes, iteratively (ARPACK's Lanczos on a linear operator).
DENSE_LIMIT = 2000
FORMATS = (".npy", ".npz", ".mtx")
LOSSES = ("mse", "half-mse")
# A Hessian may be symmetric up to rounding: max |A - A^T| <= this times max |A|.
SYMMETRY_TOLERANCE = 1e-10
_EPS = float(np.finfo(np.float64).eps)
_SEED = 0  # the Lanczos start vector's: the same bounds on every run


@dataclass(frozen=True, kw_only=True)
class HessianSpectrum:
    r"""The extreme eigenvalues of a Hessian, computed, and safe bounds on them.

    Attributes
    ----------
    mu : float
        A lower bound of the smallest eigenvalue (ridge included), clipped at 0: use it to
        tune. 0 means the problem is not strongly convex as far as double precision can tell
        (rank-deficient data, a singular Hessian), and no method has a linear worst-case rate.
    L : float
        An upper bound of the largest eigenvalue (ridge included): use it to tune.
    smallest, largest : float
        The computed extreme eigenvalues (LAPACK's eigenvalues, or ARPACK's Ritz values),
        ridge included; ``mu <= smallest`` (unless clipped) and ``largest <= L``.
    size : int
        The number of unknowns (the Hessian's order).
    samples : int or None
        The rows of the data matrix, for least squares.
    hessian : str
        What the matrix was taken to be, in words (``"2 X^T X / n (torch.nn.MSELoss)"``).
    solver : str
        How the eigenvalues were found: ``"eigvalsh"``, ``"svd"`` or ``"eigsh"``.
    ridge : float
        The :math:`\lambda` added to every eigenvalue.

    Examples
    --------
    >>> import numpy as np
    >>> s = spectrum_of(np.diag([1.0, 4.0, 100.0]))
    >>> s.smallest, s.largest
    (1.0, 100.0)
    >>> bool(s.mu <= 1.0 and s.L >= 100.0 and s.L - 100.0 < 1e-10), s.strongly_convex
    (True, True)
    """

    mu: float
    L: float
    smallest: float
    largest: float
    size: int
    samples: int | None
    hessian: str
    solver: str
    ridge: float

    @property
    def strongly_convex(self) -> bool:
        """Whether the safe lower bound :attr:`mu` is positive."""
        return self.mu > 0.0

    @property
    def condition_number(self) -> float:
        r""":math:`L / \mu` of the safe bounds (``inf`` when :attr:`mu` is 0)."""
        return self.L / self.mu if self.mu > 0.0 else math.inf


def load_matrix(path: str | Path) -> Any:
    r"""Read a matrix from ``.npy``, ``.npz`` (dense with one array, or ``scipy.sparse.save_npz``)
    or Matrix Market ``.mtx``.

    Parameters
    ----------
    path : str or Path
        The file; its suffix says the format.

    Returns
    -------
    ndarray or scipy.sparse.csr_matrix
        The matrix as stored (not yet checked).

    Raises
    ------
    ValueError
        For a missing file, an unknown suffix, an ``.npz`` that holds no array or several, or
        a file that does not parse; the message names ``matrix`` and the allowed formats.

    Examples
    --------
    >>> import numpy as np, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> np.save(folder / "h.npy", np.eye(2))
    >>> load_matrix(folder / "h.npy")
    array([[1., 0.],
           [0., 1.]])
    >>> load_matrix(folder / "h.txt")
    Traceback (most recent call last):
    ...
    ValueError: matrix: unknown format '.txt' of 'h.txt'; use one of .npy, .npz, .mtx
    """
    import scipy.io
    import scipy.sparse

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"matrix: unknown format {suffix or '(none)'!r} of {path.name!r}; use one of "
            f"{', '.join(FORMATS)}"
        )
    if not path.is_file():
        raise ValueError(f"matrix: no such file {str(path)!r}")
    try:
        if suffix == ".npy":
            return np.load(path, allow_pickle=False)
        if suffix == ".mtx":
            matrix = scipy.io.mmread(path)
            return scipy.sparse.csr_matrix(matrix) if scipy.sparse.issparse(matrix) else matrix
        with np.load(path, allow_pickle=False) as archive:
            names = list(archive.files)
            if "format" in names and "shape" in names:  # written by scipy.sparse.save_npz
                return scipy.sparse.csr_matrix(scipy.sparse.load_npz(path))
            if len(names) != 1:
                raise ValueError(
                    f"matrix: {path.name!r} holds {len(names)} arrays "
                    f"({', '.join(names) or 'none'}); a dense .npz must hold exactly one "
                    "(or save a sparse matrix with scipy.sparse.save_npz)"
                )
            return archive[names[0]]
    except ValueError as error:
        if str(error).startswith("matrix:"):
            raise
        raise ValueError(f"matrix: cannot read {path.name!r} as {suffix}: {error}") from None
    except OSError as error:
        raise ValueError(f"matrix: cannot read {path.name!r} as {suffix}: {error}") from None


def spectrum_of(
    matrix: ArrayLike | Any,
    *,
    least_squares: bool = False,
    loss: str = "mse",
    ridge: float = 0.0,
    dense_limit: int = DENSE_LIMIT,
) -> HessianSpectrum:
    r"""Safe bounds :math:`\mu \le \lambda_{\min}`, :math:`\lambda_{\max} \le L` of a Hessian.

    Parameters
    ----------
    matrix : array_like, scipy.sparse matrix, str or Path, shape (d, d) or (n, d)
        The Hessian :math:`A` (symmetric up to :data:`SYMMETRY_TOLERANCE`, relative; its
        symmetric part is used), or with ``least_squares`` the data matrix :math:`X`, one row
        per sample. A path is read by :func:`load_matrix`.
    least_squares : bool, default False
        Whether ``matrix`` is a data matrix :math:`X` of the loss ``loss``.
    loss : {"mse", "half-mse"}, default "mse"
        ``"mse"``: ``torch.nn.MSELoss``, :math:`\frac1n\|Xw - y\|^2`, Hessian
        :math:`\frac2n X^\top X`; ``"half-mse"``: :math:`\frac1{2n}\|Xw - y\|^2`, Hessian
        :math:`\frac1n X^\top X`. Only with ``least_squares``.
    ridge : float, default 0
        :math:`\lambda \ge 0` of a term :math:`\frac\lambda2\|w\|^2`, added to every
        eigenvalue.
    dense_limit : int, default :data:`DENSE_LIMIT`
        Up to this many unknowns ``d``, every eigenvalue is computed densely; beyond, the two
        extreme ones by Lanczos (``scipy.sparse.linalg.eigsh``) on a linear operator, so
        :math:`X^\top X` is never formed.

    Returns
    -------
    HessianSpectrum
        The computed extremes and the safe bounds ``mu`` (clipped at 0) and ``L``.

    Raises
    ------
    TypeError
        For a matrix that is not real numbers.
    ValueError
        Naming ``matrix`` for a file that cannot be read, a matrix that is not 2-D, empty,
        not square or not symmetric (a Hessian), or holds NaN or infinity; naming ``loss``,
        ``ridge`` or ``dense_limit`` for values outside those allowed.
    RuntimeError
        If Lanczos does not converge (raise ``dense_limit`` to ``d`` to compute densely).

    Notes
    -----
    The margins, each a bound on a computed value's error:

    - Dense Hessian (``eigvalsh``): LAPACK's symmetric eigensolver is backward stable, each
      computed eigenvalue within :math:`p(d)\,\epsilon\,\|A\|_2` of an exact one with
      :math:`p(d)` a modest function of :math:`d` (Demmel, *Applied Numerical Linear
      Algebra*, 5.2); the margin added is :math:`d\,\epsilon\,\|A\|_F`.
    - Dense least squares (``"svd"``): the singular values of :math:`X` (more accurate than
      the eigenvalues of a formed :math:`X^\top X` at the small end), each within
      :math:`\delta = \max(n, d)\,\epsilon\,\|X\|_F` of an exact one; the bounds are
      :math:`c(\sigma_{\max} + \delta)^2` and :math:`c\max(\sigma_{\min} - \delta, 0)^2`
      with :math:`c = 2/n` or :math:`1/n` (and :math:`\mu = 0` if :math:`n < d`). A sparse
      :math:`X` with :math:`d \le` ``dense_limit`` goes through the formed :math:`d \times
      d` matrix :math:`cX^\top X`, whose rounding (:math:`n\,\epsilon\,c\|X\|_F^2`) is added.
    - Lanczos (``"eigsh"``): for a unit Ritz vector :math:`v` with Ritz value
      :math:`\theta = v^\top A v` and residual :math:`r = \|Av - \theta v\|`, a symmetric
      :math:`A` has an eigenvalue in :math:`[\theta - r, \theta + r]` (Bauer--Fike, or
      Parlett, *The Symmetric Eigenvalue Problem*, Thm 4.5.1); the rounding of :math:`Av`
      itself is added: :math:`2k\,\epsilon\,\|A\|_F` for at most :math:`k` terms in one
      entry of :math:`Av` (for :math:`cX^\top Xv`, :math:`k` is the most entries in a row
      plus in a column of :math:`X`, and :math:`c\|X\|_F^2` replaces :math:`\|A\|_F`),
      twice the first-order bound :math:`|fl(Av) - Av| \le k\epsilon|A||v|`. That
      eigenvalue is the extreme one whenever Lanczos found the extreme pair, which from a
      random start fails only with probability zero (the start vector orthogonal to the
      extreme eigenvector); the start is seeded, so runs agree. The smallest is found as
      the largest of :math:`\sigma I - A` with :math:`\sigma` the bound on
      :math:`\lambda_{\max}`, so that ARPACK's test is relative to :math:`\|A\|`. Lanczos
      resolves an extreme eigenvalue only when it is separated from the next one by a
      fair fraction of the spread (in the tests a gap of :math:`3 \cdot 10^{-5}\,\|A\|`
      converges, one of :math:`5 \cdot 10^{-8}\,\|A\|` does not); otherwise a
      ``RuntimeError`` says so, rather than return a bound that may be wrong.

    Every bound is finally rounded outwards (``numpy.nextafter``).

    Examples
    --------
    >>> import numpy as np
    >>> X = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 0.0], [0.0, 0.0]])
    >>> s = spectrum_of(X, least_squares=True)          # torch's MSELoss: 2 X^T X / 4
    >>> s.smallest, s.largest
    (0.5, 2.0)
    >>> spectrum_of(X, least_squares=True, loss="half-mse").largest
    1.0
    >>> spectrum_of(X[:, :1] * [[1.0]] @ [[1.0, 1.0]], least_squares=True).mu  # rank 1
    0.0
    >>> round(spectrum_of(X, least_squares=True, ridge=0.1).smallest, 12)
    0.6
    """
    loss = choice(loss, "loss", LOSSES)
    ridge_ = as_finite_float(ridge, "ridge", low=0.0)
    limit = as_integer(dense_limit, "dense_limit", 1)
    if not isinstance(least_squares, (bool, np.bool_)):
        raise TypeError(f"least_squares must be True or False, got {least_squares!r}")
    if loss != "mse" and not least_squares:
        raise ValueError(f"loss applies to least_squares=True only, got loss={loss!r}")
    if isinstance(matrix, (str, Path)):
        matrix = load_matrix(matrix)
    data = _as_matrix(matrix)
    if least_squares:
        low, high, smallest, largest, solver = _least_squares(data, loss, limit)
        samples, size = data.shape
        hessian = "2 X^T X / n (torch.nn.MSELoss)" if loss == "mse" else "X^T X / n (half MSE)"
    else:
        symmetric = _symmetric_part(data)
        low, high, smallest, largest, solver = _hessian(symmetric, limit)
        samples, size = None, data.shape[0]
        hessian = "the given Hessian"
    return HessianSpectrum(
        mu=max(float(np.nextafter(low + ridge_, -np.inf)), 0.0),
        L=float(np.nextafter(high + ridge_, np.inf)),
        smallest=smallest + ridge_,
        largest=largest + ridge_,
        size=size,
        samples=samples,
        hessian=hessian + (f" + {ridge_:g} I (ridge)" if ridge_ else ""),
        solver=solver,
        ridge=ridge_,
    )


# -- checking ---------------------------------------------------------------------------


def _as_matrix(matrix: Any) -> Any:
    """A float64 ndarray or CSR matrix, 2-D, non-empty and finite; else one error naming it."""
    import scipy.sparse

    if scipy.sparse.issparse(matrix):
        if not np.issubdtype(matrix.dtype, np.number) or np.iscomplexobj(matrix.data):
            raise TypeError(f"matrix must hold real numbers, got dtype {matrix.dtype}")
        data = scipy.sparse.csr_matrix(matrix, dtype=np.float64)
        values = data.data
    else:
        array = np.asarray(matrix)
        if array.dtype == bool or not np.issubdtype(array.dtype, np.number):
            raise TypeError(f"matrix must hold real numbers, got dtype {array.dtype}")
        if np.iscomplexobj(array):
            raise TypeError(f"matrix must hold real numbers, got dtype {array.dtype}")
        data = values = array.astype(np.float64)
    if data.ndim != 2:
        raise ValueError(f"matrix must be 2-D, got shape {data.shape}")
    if 0 in data.shape:
        raise ValueError(f"matrix must not be empty, got shape {data.shape}")
    bad = ~np.isfinite(values)
    if np.any(bad):
        raise ValueError(f"matrix must be finite, got {values[bad].flat[0]:g}")
    return data


def _symmetric_part(data: Any) -> Any:
    """:math:`(A + A^T)/2`, after checking that ``A`` is square and symmetric to tolerance."""
    import scipy.sparse

    rows, columns = data.shape
    if rows != columns:
        raise ValueError(
            f"matrix must be square (a Hessian), got shape {data.shape}; for a data matrix "
            "of a least-squares problem pass least_squares=True (--least-squares)"
        )
    skew = data - data.T
    if scipy.sparse.issparse(data):
        size = abs(data).max() if data.nnz else 0.0
        asymmetry = abs(skew).max() if skew.nnz else 0.0
    else:
        size, asymmetry = np.abs(data).max(), np.abs(skew).max()
    if asymmetry > SYMMETRY_TOLERANCE * size:
        raise ValueError(
            f"matrix must be symmetric (a Hessian), got max |A - A^T| = {asymmetry:.3g} "
            f"against max |A| = {size:.3g} (allowed: {SYMMETRY_TOLERANCE:g} relative); for a "
            "data matrix of a least-squares problem pass least_squares=True (--least-squares)"
        )
    return (data + data.T) / 2.0


def _terms(data: Any) -> int:
    """The most terms of one inner product in ``data @ v``: the fullest row's entries."""
    import scipy.sparse

    if scipy.sparse.issparse(data):
        return max(int(np.diff(data.indptr).max()), 1)
    return data.shape[1]


def _frobenius(data: Any) -> float:
    import scipy.sparse

    values = data.data if scipy.sparse.issparse(data) else data
    return float(np.linalg.norm(values.ravel()))


# -- the three solvers -----------------------------------------------------------------------


def _hessian(symmetric: Any, limit: int) -> tuple[float, float, float, float, str]:
    """``(low, high, smallest, largest, solver)`` of a symmetric matrix."""
    import scipy.linalg
    import scipy.sparse

    size = symmetric.shape[0]
    if size <= limit:
        dense = symmetric.toarray() if scipy.sparse.issparse(symmetric) else symmetric
        values = scipy.linalg.eigvalsh(dense)
        margin = size * _EPS * _frobenius(dense)
        smallest, largest = float(values[0]), float(values[-1])
        return smallest - margin, largest + margin, smallest, largest, "eigvalsh"
    rounding = 2.0 * _terms(symmetric) * _EPS * _frobenius(symmetric)
    return _lanczos(lambda v: symmetric @ v, size, rounding)


def _least_squares(data: Any, loss: str, limit: int) -> tuple[float, float, float, float, str]:
    """``(low, high, smallest, largest, solver)`` of :math:`c X^\top X`."""
    import scipy.linalg
    import scipy.sparse

    samples, size = data.shape
    scale = (2.0 if loss == "mse" else 1.0) / samples
    frobenius = _frobenius(data)
    if size > limit:
        terms = _terms(data) + _terms(data.T.tocsr() if scipy.sparse.issparse(data) else data.T)
        rounding = 2.0 * terms * _EPS * scale * frobenius**2
        return _lanczos(lambda v: scale * (data.T @ (data @ v)), size, rounding)
    if scipy.sparse.issparse(data):
        gram = (scale * (data.T @ data)).toarray()
        low, high, smallest, largest, _ = _hessian((gram + gram.T) / 2.0, limit)
        formed = samples * _EPS * scale * frobenius**2
        return low - formed, high + formed, smallest, largest, "eigvalsh"
    sigma = scipy.linalg.svdvals(data)  # descending
    delta = max(samples, size) * _EPS * frobenius
    largest = scale * float(sigma[0]) ** 2
    high = scale * (float(sigma[0]) + delta) ** 2
    if samples < size:  # X^T X has d - n zero eigenvalues
        return 0.0, high, 0.0, largest, "svd"
    smallest = scale * float(sigma[-1]) ** 2
    low = scale * max(float(sigma[-1]) - delta, 0.0) ** 2
    return low, high, smallest, largest, "svd"


def _lanczos(apply: Any, size: int, rounding: float) -> tuple[float, float, float, float, str]:
    """Both extreme Ritz pairs of the operator ``apply`` and the residual bounds."""
    largest, up = _ritz(apply, size, rounding, "largest")
    # The smallest as the largest of (sigma I - A), sigma >= lambda_max: ARPACK's stopping
    # test is relative to the Ritz value, which is then about ||A||, as the rounding of A v
    # is; on A itself a Ritz value near 0 would have to meet a test no product can pass.
    sigma = largest + up
    shifted, down = _ritz(lambda v: sigma * v - apply(v), size, rounding, "smallest")
    smallest = sigma - shifted
    return smallest - down, largest + up, smallest, largest, "eigsh"


def _ritz(apply: Any, size: int, rounding: float, end: str) -> tuple[float, float]:
    """The largest Ritz value of ``apply`` and its residual norm plus ``rounding``."""
    from scipy.sparse.linalg import ArpackNoConvergence, LinearOperator, eigsh

    operator = LinearOperator((size, size), matvec=apply, dtype=np.float64)
    start = np.random.default_rng(_SEED).standard_normal(size)
    try:
        _, vectors = eigsh(operator, k=1, which="LA", v0=start, ncv=min(size, 40))
    except ArpackNoConvergence:
        raise RuntimeError(
            f"Lanczos (eigsh) did not converge for the {end} eigenvalue of a {size} x {size} "
            f"Hessian; set dense_limit >= {size} to compute every eigenvalue densely"
        ) from None
    vector = vectors[:, 0] / np.linalg.norm(vectors[:, 0])
    image = apply(vector)
    theta = float(vector @ image)  # the Rayleigh quotient, recomputed
    return theta, float(np.linalg.norm(image - theta * vector)) + rounding
