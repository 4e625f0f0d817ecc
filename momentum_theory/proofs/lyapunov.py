r"""Lyapunov proofs from the floating-point IQC analysis: :func:`lyapunov_proof`.

The solver proposes, :func:`~momentum_theory.proofs.check.check_proof` decides. Starting
from the bisection's best rate :math:`\rho_b` of
:func:`momentum_theory.beyond.iqc.certified_rate` (Lessard, Recht and Packard, SIAM J.
Optim. 26(1), 2016, Lemma 10 and Theorem 4), for :math:`\delta` in :data:`BACKOFF`:

1. take the rational :math:`\rho`, :math:`\rho_b + \delta` rounded up to a multiple of
   :math:`10^{-8}`;
2. solve the matrix inequality at :math:`\rho` with a margin: maximise :math:`t` subject
   to :math:`t I \preceq P \preceq I` and :math:`M \preceq -t I`, in the coordinates where
   the bisection's certificate is the identity (near the smallest certifiable rate the
   feasible :math:`P` degenerate, see :mod:`momentum_theory.beyond.iqc`), so that the
   solution survives rounding;
3. read :math:`P` and the multipliers as the rationals their doubles are (exactly), bring
   them to the coordinates :math:`(x_k, x_{k-1}, \zeta_k)` of the format (an exact
   rescaling by :math:`L`) and return the proof if :func:`check_proof` accepts it; else
   back off to the next :math:`\delta`.

Needs the optional extra ``pep`` (cvxpy) and NumPy; the proofs it returns need neither.
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_spectrum
from momentum_theory.beyond._pep import SOLVER, require_cvxpy
from momentum_theory.beyond.certificate import SYMMETRIC_BASIS, square_root, system_matrices
from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.family import exact_family, exact_parameters
from momentum_theory.proofs.format import header

Array = NDArray[np.float64]

__all__ = ["BACKOFF", "RHO_GRID", "lyapunov_candidate_at", "lyapunov_proof", "lyapunov_proof_at"]

# Steps above the bisection's rate tried in turn: the first is about ten times the
# bisection's tolerance (1e-6), the last 1e-2 (a proof far from tight, but a proof).
BACKOFF = (1e-7, 1e-6, 3e-6, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
# A proof's rate is a multiple of 1/RHO_GRID (short to print, fine enough not to matter).
RHO_GRID = 10**8


@functools.cache
def _program() -> tuple[Any, Any, Any, tuple[Any, ...]]:
    """The margin-maximising inequality as one parametrised cvxpy problem (compiled once)."""
    cp = require_cvxpy("lyapunov_proof")
    entries = cp.Variable(len(SYMMETRIC_BASIS))
    multipliers = cp.Variable(2, nonneg=True)
    margin = cp.Variable()
    terms = tuple(cp.Parameter((4, 4), symmetric=True) for _ in range(len(SYMMETRIC_BASIS) + 2))
    P = sum(entries[i] * basis for i, basis in enumerate(SYMMETRIC_BASIS))
    lhs = sum(entries[i] * terms[i] for i in range(len(SYMMETRIC_BASIS)))
    lhs = lhs + multipliers[0] * terms[-2] + multipliers[1] * terms[-1]
    constraints = [P >> margin * np.eye(3), P << np.eye(3), lhs << -margin * np.eye(4)]
    problem = cp.Problem(cp.Maximize(margin), constraints)
    return problem, entries, multipliers, terms


def _solve(
    system: tuple[Array, Array, Array, Array], rho: float, coordinates: Array
) -> tuple[Array, float, float] | None:
    """``(P, lambda_sector, lambda_off_by_one)`` with the largest margin at ``rho``, solved in
    ``coordinates`` and returned in the scaled original ones (L = 1, zeta / L); None if the
    solver returns nothing or no positive margin."""
    cp = require_cvxpy("lyapunov_proof")
    dynamics, sector, off_by_one, off_by_one_rho = system
    inverse = np.eye(4)
    inverse[:3, :3] = np.linalg.inv(coordinates)
    moved = coordinates @ dynamics @ inverse
    state = np.eye(3, 4)
    terms = [moved.T @ B @ moved - rho**2 * (state.T @ B @ state) for B in SYMMETRIC_BASIS]
    terms.append(inverse.T @ sector @ inverse)
    terms.append(inverse.T @ (off_by_one + rho**2 * off_by_one_rho) @ inverse)
    problem, entries, multipliers, parameters = _program()
    for parameter, term in zip(parameters, terms):
        parameter.value = 0.5 * (term + term.T)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "inaccurate": the exact check judges
        try:
            problem.solve(solver=SOLVER, warm_start=False)
        except cp.error.SolverError:
            return None
    if entries.value is None or multipliers.value is None or not problem.value > 0:
        return None
    P = sum(float(p) * basis for p, basis in zip(entries.value, SYMMETRIC_BASIS))
    original = coordinates.T @ P @ coordinates
    sector_weight, off_weight = (max(float(v), 0.0) for v in multipliers.value)
    return 0.5 * (original + original.T), sector_weight, off_weight


def _exact(solution: tuple[Array, float, float], L: Fraction) -> dict[str, Any]:
    """The proof's own keys from a scaled solution: its doubles read exactly, then moved to
    the coordinates (x_k, x_{k-1}, zeta_k) of the unscaled problem.

    In the scaled problem (f / L) the filter state is zeta / L and the gradient u / L, so
    P = D P_scaled D with D = diag(1, 1, 1/L), and the multipliers are divided by L^2.
    """
    P_scaled, sector_weight, off_weight = solution
    scale = float(np.max(np.abs(P_scaled)))  # entries of order one before reading them
    scaling = (Fraction(1), Fraction(1), 1 / L)
    P = [[Fraction(0)] * 3 for _ in range(3)]
    for i in range(3):
        for j in range(i, 3):
            entry = Fraction(float(P_scaled[i, j] / scale)) * scaling[i] * scaling[j]
            P[i][j] = P[j][i] = entry
    return {
        "P": [[str(entry) for entry in row] for row in P],
        "lambda_sector": str(Fraction(sector_weight / scale) / L**2),
        "lambda_off_by_one": str(Fraction(off_weight / scale) / L**2),
    }


@dataclass(frozen=True)
class _Setting:
    """A method's family coefficients on the shifted class it sees, and its proof header."""

    alpha: float
    beta: float
    gamma: float
    mu: Fraction
    L: Fraction
    header: dict[str, Any]

    def system(self) -> tuple[Array, Array, Array, Array]:
        return system_matrices(self.alpha, self.beta, self.gamma, float(self.mu), float(self.L))


def _setting(method: Any, mu: float, L: float, params: dict[str, Any]) -> _Setting:
    """The exact family of ``method`` on :math:`[\\mu, L]` shifted by its curvature shift
    (PyTorch's weight decay), with the header its proofs carry."""
    from momentum_theory.methods import get

    spec = get(method)
    parameters = exact_parameters(spec, params)
    family = exact_family(spec.name, parameters)
    lower, upper = as_spectrum(mu=mu, L=L, scalar=True)
    mu_seen, L_seen = Fraction(lower) + family.shift, Fraction(upper) + family.shift
    base = header(
        "lyapunov",
        (family.alpha, family.beta, family.gamma),
        mu=mu_seen,
        L=L_seen,
        method=spec.name,
        parameters=parameters,
    )
    return _Setting(
        float(family.alpha), float(family.beta), float(family.gamma), mu_seen, L_seen, base
    )


def lyapunov_proof(method: Any, *, mu: float, L: float, **params: Any) -> dict[str, Any] | None:
    r"""A ``"lyapunov"`` proof of a rate for ``method`` over :math:`\mathcal S(\mu, L)`, or None.

    **Statement.** The proof returned passes
    :func:`~momentum_theory.proofs.check.check_proof` (exact rational arithmetic): its
    ``rho`` is a rate for every :math:`f` that is :math:`\mu`-strongly convex and
    :math:`L`-smooth (the method's curvature shift, PyTorch's weight decay, added to both).
    It is the smallest of the rates tried (module docstring), within :data:`BACKOFF`'s
    first step plus :math:`10^{-8}` of the bisection's rate when that one passes; for
    gradient descent at :math:`2/(\mu + L)` and triple momentum ``rho`` is measured within
    :math:`2 \times 10^{-4}` of the known rate for :math:`\kappa \le 1000`
    (``tests/proofs/test_lyapunov.py``). None when the bisection certifies nothing, when
    :math:`\mu = L` after the shift (use
    :func:`~momentum_theory.proofs.quadratic.quadratic_class_proof`), or when no rate tried
    passes the exact check: not a proof that none exists.

    Parameters
    ----------
    method : str or Method
        A registered method.
    mu, L : float
        The class of the user's loss, :math:`0 < \mu \le L`.
    **params
        The method's parameters (scalars; defaults filled in as the method fills them).

    Returns
    -------
    dict or None
        The proof as a JSON object (:mod:`~momentum_theory.proofs.format`).

    Raises
    ------
    PepNotInstalledError
        Without cvxpy.
    TypeError, ValueError
        For parameters the method rejects, or a spectrum that is not ``0 < mu <= L``.

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("cvxpy")  # needs the extra 'pep'
    >>> from fractions import Fraction
    >>> proof = lyapunov_proof("gradient_descent", mu=1.0, L=10.0, alpha=2 / 11)
    >>> 0 <= Fraction(proof["rho"]) - Fraction(9, 11) < 1e-4  # the known rate is 9/11
    True
    """
    from momentum_theory.beyond.iqc import certified_rate

    setting = _setting(method, mu, L, params)
    if setting.mu == setting.L:
        return None
    bisection = certified_rate(
        setting.alpha, setting.beta, mu=float(setting.mu), L=float(setting.L), gamma=setting.gamma
    )
    if bisection.certificate is None:
        return None
    coordinates = square_root(bisection.certificate.lyapunov)
    coordinates /= np.linalg.norm(coordinates, 2)
    system = setting.system()
    for delta in BACKOFF:
        rho = Fraction(math.ceil((bisection.rate + delta) * RHO_GRID), RHO_GRID)
        if rho >= 1:
            break
        solution = _solve(system, float(rho), coordinates)
        if solution is None:
            continue
        proof = {**setting.header, "rho": str(rho), **_exact(solution, setting.L)}
        if check_proof(proof).passed:
            return proof
    return None


def lyapunov_proof_at(
    method: Any, *, mu: float, L: float, rho: Fraction, **params: Any
) -> dict[str, Any] | None:
    r"""A ``"lyapunov"`` proof of exactly the rate ``rho``, or None: one solve, no bisection.

    **Statement.** The margin-maximising inequality (module docstring, step 2) is solved
    once at ``rho``, in the coordinates :math:`(x_k, x_{k-1}, \zeta_k / L)` of the problem
    scaled to :math:`L = 1` (fixed, so that the answer depends on nothing but the method, the
    class and ``rho``), made exact and returned if
    :func:`~momentum_theory.proofs.check.check_proof` accepts it. None when
    :math:`\mu = L` after the shift, when ``rho`` is not in :math:`[0, 1)` or when no
    solution passes: not a proof that none exists. The atlas
    (:mod:`momentum_theory.atlas.cell`) calls it on a fixed ladder of rates.

    Parameters
    ----------
    method : str or Method
        A registered method.
    mu, L : float
        The class of the user's loss, :math:`0 < \mu \le L`.
    rho : Fraction
        The rate to prove.
    **params
        The method's parameters (scalars).

    Returns
    -------
    dict or None
        The proof (:mod:`~momentum_theory.proofs.format`).

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("cvxpy")  # needs the extra 'pep'
    >>> at = lyapunov_proof_at  # gradient descent at 2/11 on [1, 10]: the rate is 9/11
    >>> at("gradient_descent", mu=1.0, L=10.0, rho=Fraction(83, 100), alpha=2 / 11)["rho"]
    '83/100'
    >>> at("gradient_descent", mu=1.0, L=10.0, rho=Fraction(80, 100), alpha=2 / 11) is None
    True
    """
    proof = lyapunov_candidate_at(method, mu=mu, L=L, rho=rho, **params)
    return proof if proof is not None and check_proof(proof).passed else None


def lyapunov_candidate_at(
    method: Any, *, mu: float, L: float, rho: Fraction, **params: Any
) -> dict[str, Any] | None:
    r"""What :func:`lyapunov_proof_at` proposes at ``rho`` before its exact check: the
    solution of the one solve made exact, or None when the solver finds no positive margin.

    Not a proof until :func:`~momentum_theory.proofs.check.check_proof` accepts it; the
    atlas searches its ladder with this (a solve) and checks only the rungs that decide.

    Parameters
    ----------
    method : str or Method
        A registered method.
    mu, L : float
        The class of the user's loss, :math:`0 < \mu \le L`.
    rho : Fraction
        The rate to prove.
    **params
        The method's parameters (scalars).

    Returns
    -------
    dict or None
        The candidate, in the proof format (:mod:`~momentum_theory.proofs.format`).

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("cvxpy")  # needs the extra 'pep'
    >>> rho = Fraction(83, 100)  # gradient descent at 2/11 on [1, 10]: the rate is 9/11
    >>> at = lyapunov_candidate_at
    >>> candidate = at("gradient_descent", mu=1.0, L=10.0, rho=rho, alpha=2 / 11)
    >>> check_proof(candidate).passed
    True
    """
    setting = _setting(method, mu, L, params)
    rate = Fraction(rho)
    if setting.mu == setting.L or not 0 <= rate < 1:
        return None
    solution = _solve(setting.system(), float(rate), np.eye(3))
    if solution is None:
        return None
    return {**setting.header, "rho": str(rate), **_exact(solution, setting.L)}
