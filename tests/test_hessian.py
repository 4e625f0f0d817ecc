"""``spectrum_of``: file formats, the three solvers, the safe bounds, and a real problem.

References are independent of the code under test: eigenvalues known in closed form
(diagonal matrices, the 1-D Laplacian), ``numpy.linalg.eigvalsh`` of a Hessian formed in
the test, mpmath at 50 digits, torch's autograd Hessian of ``MSELoss``, and a run of
``torch.optim.SGD``.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import scipy.io
import scipy.sparse

from momentum_theory import methods, spectrum_of
from momentum_theory.hessian import HessianSpectrum, load_matrix


def _spd(size: int, condition: float, seed: int) -> np.ndarray:
    """A symmetric positive definite matrix with eigenvalues from 1 to ``condition``."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.standard_normal((size, size)))
    values = np.geomspace(1.0, condition, size)
    matrix = (q * values) @ q.T
    return (matrix + matrix.T) / 2.0


def _laplacian(size: int) -> scipy.sparse.csr_matrix:
    """The 1-D Laplacian, eigenvalues 2 - 2 cos(k pi / (size + 1)), k = 1..size."""
    ones = np.ones(size - 1)
    return scipy.sparse.diags([-ones, 2.0 * np.ones(size), -ones], [-1, 0, 1], format="csr")


def _data(samples: int, size: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((samples, size)) * np.geomspace(1.0, 30.0, size)


def _brackets(found: HessianSpectrum, smallest: float, largest: float) -> None:
    """The safe bounds contain the true extremes, and are tight (1e-9 of the largest)."""
    assert found.mu <= smallest and largest <= found.L
    assert smallest - found.mu <= 1e-9 * largest
    assert found.L - largest <= 1e-9 * largest


# -- files ----------------------------------------------------------------------------------


def _npy(path, matrix):
    np.save(path, matrix)


def _npz_dense(path, matrix):
    np.savez(path, hessian=matrix)


def _npz_sparse(path, matrix):
    scipy.sparse.save_npz(path, scipy.sparse.csr_matrix(matrix))


def _npz_sparse_coo(path, matrix):
    scipy.sparse.save_npz(path, scipy.sparse.coo_matrix(matrix))


def _mtx_dense(path, matrix):
    scipy.io.mmwrite(path, matrix)


def _mtx_sparse(path, matrix):
    scipy.io.mmwrite(path, scipy.sparse.coo_matrix(matrix))


@pytest.mark.parametrize(
    ("suffix", "write"),
    [
        (".npy", _npy),
        (".npz", _npz_dense),
        (".npz", _npz_sparse),
        (".npz", _npz_sparse_coo),
        (".mtx", _mtx_dense),
        (".mtx", _mtx_sparse),
    ],
)
def test_every_format_gives_the_arrays_bounds(tmp_path, suffix, write):
    matrix = np.diag([0.5, 2.0, 3.0, 40.0])
    matrix[0, 1] = matrix[1, 0] = 0.25
    path = tmp_path / f"hessian{suffix}"
    write(path, matrix)
    from_file, from_array = spectrum_of(path), spectrum_of(matrix)
    exact = np.linalg.eigvalsh(matrix)
    _brackets(from_file, exact[0], exact[-1])
    assert from_file.mu == pytest.approx(from_array.mu, rel=1e-14)
    assert from_file.L == pytest.approx(from_array.L, rel=1e-14)
    assert spectrum_of(str(path)).L == from_file.L  # a str path too


def test_a_least_squares_file(tmp_path):
    X = _data(40, 5, seed=1)
    np.save(tmp_path / "X.npy", X)
    assert spectrum_of(tmp_path / "X.npy", least_squares=True) == spectrum_of(
        X, least_squares=True
    )


@pytest.mark.parametrize(
    ("name", "write", "message"),
    [
        (
            "h.txt",
            lambda p: p.write_text("1"),
            r"matrix: unknown format '\.txt'.*\.npy, \.npz, \.mtx",
        ),
        ("h", lambda p: p.write_text("1"), r"unknown format '\(none\)'"),
        ("missing.npy", lambda p: None, "matrix: no such file"),
        ("two.npz", lambda p: np.savez(p, a=np.eye(2), b=np.eye(2)), "holds 2 arrays \\(a, b\\)"),
        ("none.npz", lambda p: np.savez(p), "holds 0 arrays"),
        ("broken.npy", lambda p: p.write_bytes(b"not numpy"), "matrix: cannot read 'broken.npy'"),
        ("broken.mtx", lambda p: p.write_text("nonsense\n"), "matrix: cannot read 'broken.mtx'"),
    ],
)
def test_unreadable_files_name_the_parameter_and_the_formats(tmp_path, name, write, message):
    path = tmp_path / name
    write(path)
    with pytest.raises(ValueError, match=message):
        load_matrix(path)


# -- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("matrix", "options", "error", "message"),
    [
        ([[1.0, 2.0], [0.0, 1.0]], {}, ValueError, "matrix must be symmetric .*least_squares"),
        (np.ones((3, 2)), {}, ValueError, r"matrix must be square .*\(3, 2\).*least_squares"),
        ([[1.0, np.nan], [np.nan, 1.0]], {}, ValueError, "matrix must be finite, got nan"),
        ([[np.inf]], {"least_squares": True}, ValueError, "matrix must be finite, got inf"),
        ([1.0, 2.0], {}, ValueError, r"matrix must be 2-D, got shape \(2,\)"),
        (np.zeros((0, 0)), {}, ValueError, "matrix must not be empty"),
        ([[1j]], {}, TypeError, "matrix must hold real numbers"),
        ([["a"]], {}, TypeError, "matrix must hold real numbers"),
        (np.eye(2), {"loss": "l1", "least_squares": True}, ValueError, "loss must be one of"),
        (np.eye(2), {"loss": "half-mse"}, ValueError, "loss applies to least_squares=True"),
        (
            np.eye(2),
            {"ridge": -1.0},
            ValueError,
            "ridge must be a finite non-negative number, got -1",
        ),
        (np.eye(2), {"ridge": math.nan}, ValueError, "ridge must be"),
        (np.eye(2), {"dense_limit": 0}, ValueError, "dense_limit must be a positive integer"),
        (np.eye(2), {"least_squares": "yes"}, TypeError, "least_squares must be True or False"),
    ],
)
def test_refusals_name_the_parameter(matrix, options, error, message):
    with pytest.raises(error, match=message):
        spectrum_of(matrix, **options)


def test_sparse_refusals_match_the_dense_ones():
    with pytest.raises(ValueError, match="matrix must be symmetric"):
        spectrum_of(scipy.sparse.csr_matrix([[1.0, 2.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="matrix must be finite"):
        spectrum_of(scipy.sparse.csr_matrix([[1.0, np.nan], [np.nan, 1.0]]))


def test_rounding_level_asymmetry_is_accepted_and_symmetrised():
    matrix = np.diag([1.0, 10.0])
    matrix[0, 1], matrix[1, 0] = 1e-14, 0.0  # 1e-15 of max |A|: within 1e-10
    found = spectrum_of(matrix)
    _brackets(found, *np.linalg.eigvalsh((matrix + matrix.T) / 2)[[0, -1]])


# -- the safe bounds against independent eigenvalues -----------------------------------------


@pytest.mark.parametrize(
    ("condition", "dense_limit"),
    [(1.0, 2000), (1e2, 2000), (1e6, 2000), (1e10, 2000), (1.0, 10), (1e2, 10), (1e6, 10)],
)
def test_bounds_bracket_numpy_eigenvalues(condition, dense_limit):
    """Both solvers (dense LAPACK, Lanczos at dense_limit = 10 < 60 unknowns)."""
    matrix = _spd(60, condition, seed=int(math.log10(condition)))
    found = spectrum_of(matrix, dense_limit=dense_limit)
    assert found.solver == ("eigvalsh" if dense_limit == 2000 else "eigsh")
    exact = np.linalg.eigvalsh(matrix)
    _brackets(found, exact[0], exact[-1])
    assert found.mu <= found.smallest <= found.largest <= found.L


def test_lanczos_says_when_it_cannot_resolve_the_smallest_eigenvalue():
    """Eigenvalues 1, 1.5, 2.1, ... under 1e10: no Krylov space of 40 vectors separates them
    to the rounding of A v (about 1e-6); an error says how to compute them densely."""
    with pytest.raises(RuntimeError, match=r"smallest eigenvalue .* set dense_limit >= 60"):
        spectrum_of(_spd(60, 1e10, seed=10), dense_limit=10)


@pytest.mark.parametrize("sparse", [False, True])
@pytest.mark.parametrize(
    ("values", "dense_limit"),
    [(np.geomspace(1e-3, 1e3, 300), 2000), (np.linspace(0.5, 50.0, 300), 50)],
    ids=["eigvalsh", "eigsh"],
)
def test_diagonal_eigenvalues_are_exact_and_bracketed(sparse, values, dense_limit):
    """A diagonal matrix's eigenvalues are its entries: no reference rounding at all."""
    matrix = np.diag(values)
    found = spectrum_of(
        scipy.sparse.csr_matrix(matrix) if sparse else matrix, dense_limit=dense_limit
    )
    _brackets(found, values[0], values[-1])


def test_lanczos_on_the_laplacian_brackets_the_closed_form():
    """500 unknowns by Lanczos, an operator with condition 1e5, against its closed form."""
    size = 500
    found = spectrum_of(_laplacian(size), dense_limit=100)
    assert found.solver == "eigsh"
    k = np.array([1, size])
    smallest, largest = 2.0 - 2.0 * np.cos(k * np.pi / (size + 1))
    _brackets(found, smallest, largest)
    # The residual bounds are loose by the rounding of A v only (3 terms per row).
    assert found.L - largest < 1e-12 and smallest - found.mu < 1e-12


def test_least_squares_bounds_bracket_mpmath_at_condition_1e10():
    """Singular values through the SVD: an ill-conditioned X (kappa(X^T X) = 1e10) whose
    eigenvalues mpmath computes at 50 digits from the exact entries of 2 X^T X / n."""
    X = _data(12, 5, seed=3) * np.geomspace(1.0, 1e5, 5) / 30.0
    found = spectrum_of(X, least_squares=True)
    assert found.solver == "svd"
    with mpmath.workdps(50):
        rows = [[mpmath.mpf(float(v)) for v in row] for row in X]
        A = mpmath.matrix(rows)
        gram = (A.T * A) * mpmath.mpf(2) / len(rows)
        exact = sorted(mpmath.eigsy(gram, eigvals_only=True))
        smallest, largest = float(exact[0]), float(exact[-1])
    assert largest / smallest > 1e9
    assert found.mu <= smallest and largest <= found.L
    # The SVD's margin is relative to sigma_max sigma_min, not to sigma_max^2.
    assert (smallest - found.mu) / smallest < 1e-7


@pytest.mark.parametrize("loss", ["mse", "half-mse"])
def test_least_squares_sparse_dense_and_lanczos_agree(loss):
    rng = np.random.default_rng(7)
    sparse = scipy.sparse.random(900, 120, density=0.05, random_state=rng, format="csr")
    dense = sparse.toarray()
    exact = np.linalg.eigvalsh((2.0 if loss == "mse" else 1.0) * dense.T @ dense / 900)
    runs = {
        "svd": spectrum_of(dense, least_squares=True, loss=loss),
        "gram": spectrum_of(sparse, least_squares=True, loss=loss),
        "lanczos (sparse)": spectrum_of(sparse, least_squares=True, loss=loss, dense_limit=50),
        "lanczos (dense)": spectrum_of(dense, least_squares=True, loss=loss, dense_limit=50),
    }
    assert [run.solver for run in runs.values()] == ["svd", "eigvalsh", "eigsh", "eigsh"]
    for run in runs.values():
        _brackets(run, exact[0], exact[-1])
        assert run.samples == 900 and run.size == 120


def test_half_mse_is_half_the_mse_hessian():
    X = _data(50, 6, seed=2)
    mse, half = (spectrum_of(X, least_squares=True, loss=loss) for loss in ("mse", "half-mse"))
    assert mse.largest == 2.0 * half.largest and mse.smallest == 2.0 * half.smallest
    assert "2 X^T X / n" in mse.hessian and "X^T X / n" in half.hessian


def test_mse_is_torch_mse_loss_hessian():
    """The factor users trip on: autograd's Hessian of torch.nn.MSELoss is 2 X^T X / n."""
    torch = pytest.importorskip("torch")
    X = _data(30, 4, seed=5)
    y = np.arange(30.0)
    inputs, targets = torch.tensor(X), torch.tensor(y)

    def loss(w):
        return torch.nn.MSELoss()(inputs @ w, targets)

    hessian = torch.autograd.functional.hessian(loss, torch.zeros(4, dtype=torch.float64))
    exact = np.linalg.eigvalsh(hessian.numpy())
    _brackets(spectrum_of(X, least_squares=True), exact[0], exact[-1])


def test_ridge_adds_lambda_to_every_eigenvalue():
    X = _data(50, 6, seed=4)
    plain = spectrum_of(X, least_squares=True)
    ridged = spectrum_of(X, least_squares=True, ridge=0.25)
    exact = np.linalg.eigvalsh(2.0 * X.T @ X / 50 + 0.25 * np.eye(6))
    _brackets(ridged, exact[0], exact[-1])
    assert ridged.smallest == pytest.approx(plain.smallest + 0.25, rel=1e-15)
    assert ridged.ridge == 0.25 and "0.25 I (ridge)" in ridged.hessian


def test_ridge_on_a_hessian_file(tmp_path):
    scipy.io.mmwrite(tmp_path / "lap.mtx", _laplacian(20))
    found = spectrum_of(tmp_path / "lap.mtx", ridge=1.0)
    k = np.array([1, 20])
    smallest, largest = 1.0 + 2.0 - 2.0 * np.cos(k * np.pi / 21)
    _brackets(found, smallest, largest)


# -- not strongly convex ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "X",
    [
        np.column_stack([np.arange(8.0), 2.0 * np.arange(8.0), np.ones(8)]),  # collinear
        _data(3, 5, seed=6),  # fewer samples than unknowns
    ],
    ids=["collinear-columns", "wide"],
)
def test_rank_deficient_data_is_not_strongly_convex(X):
    found = spectrum_of(X, least_squares=True)
    assert found.mu == 0.0 and not found.strongly_convex
    assert found.condition_number == math.inf
    assert found.L >= np.linalg.eigvalsh(2.0 * X.T @ X / len(X))[-1]
    # A ridge makes it strongly convex, with mu just below the ridge.
    ridged = spectrum_of(X, least_squares=True, ridge=0.1)
    assert 0.1 * (1 - 1e-9) <= ridged.mu <= 0.1 and ridged.strongly_convex


def test_a_singular_hessian_by_lanczos_is_not_strongly_convex():
    found = spectrum_of(_laplacian(200) - 2.0 * scipy.sparse.eye(200), dense_limit=50)
    assert found.mu == 0.0 and found.smallest < 0  # indefinite: clipped at 0


# -- a real problem: the predicted rate against torch.optim.SGD ------------------------------


def test_predicted_rate_matches_torch_sgd_on_diabetes():
    r"""scikit-learn's diabetes data (442 x 10, standardised), torch.nn.MSELoss, tuned SGD.

    At the tuned (Polyak-like) setting the modes at mu and L are critically damped (a double
    eigenvalue), so the distance to the solution decays like t rho^t there and like rho^t
    elsewhere: the rate fitted over steps [100, 300) lies between rho and rho times
    exp(fitted slope of log t over the window) = 1.0053 rho. Measured (OpenBLAS Haswell,
    Nehalem, Zen and autodetected alike): 1.00529 rho, 0.002% below the upper end and 0.53%
    above the lower; the tolerance is 0.2% beyond either end. Getting torch's factor 2
    wrong is far outside it: tuned for a Hessian twice too large, the rate is 0.9733
    (+6.7%); twice too small, the step diverges (rate 5.3).
    """
    torch = pytest.importorskip("torch")
    datasets = pytest.importorskip("sklearn.datasets")
    data = datasets.load_diabetes()
    X = (data.data - data.data.mean(axis=0)) / data.data.std(axis=0)
    y = data.target - data.target.mean()
    found = spectrum_of(X, least_squares=True)
    tuned = methods.get("pytorch_sgd").optimal_parameters(mu=found.mu, L=found.L)
    solution = np.linalg.lstsq(X, y, rcond=None)[0]

    inputs, targets = torch.tensor(X), torch.tensor(y).unsqueeze(1)
    weights = torch.zeros(X.shape[1], 1, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.SGD([weights], lr=tuned.lr, momentum=tuned.momentum)
    distances = []
    for _ in range(300):
        distances.append(np.linalg.norm(weights.detach().numpy().ravel() - solution))
        optimizer.zero_grad()
        torch.nn.MSELoss()(inputs @ weights, targets).backward()
        optimizer.step()

    steps = np.arange(100, 300)
    measured = math.exp(np.polyfit(steps, np.log(distances[100:300]), 1)[0])
    polynomial = math.exp(np.polyfit(steps, np.log(steps), 1)[0])
    tolerance = 2e-3
    assert tuned.rate * (1 - tolerance) <= measured <= tuned.rate * polynomial * (1 + tolerance)
    assert distances[-1] > 1e-10 * distances[0]  # the window is above float64's floor
