r"""A certificate of a rate over every :math:`\mu`-strongly convex, :math:`L`-smooth function,
and the check that decides whether it counts.

:func:`momentum_theory.beyond.iqc.lyapunov` finds certificates (a semidefinite program);
this module holds what one is (:class:`LyapunovCertificate`: the method, the class, the
rate, :math:`P` and the multipliers), the matrix inequality it must satisfy (stated in
:mod:`momentum_theory.beyond.iqc`'s docstring) and :func:`check_certificate`, which decides
it in double precision with the relative margin :data:`MARGIN`. It needs no solver.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_finite_float

Array = NDArray[np.float64]

__all__ = [
    "MARGIN",
    "SYMMETRIC_BASIS",
    "CertificateCheck",
    "LyapunovCertificate",
    "check_certificate",
    "inequality_terms",
    "square_root",
    "system_matrices",
]

# Relative margin of check_certificate: about 500 times the rounding of the check itself
# (2e-16 of the scale at most, against mpmath), small enough not to limit the bisection.
MARGIN = 1e-13

_FROM_REST = np.array([1.0, 1.0, 0.0])  # (x_0, x_{-1}, zeta_0) for x_{-1} = x_0, zeta_0 = 0


@dataclass(frozen=True)
class LyapunovCertificate:
    r"""A certificate of rate :math:`\rho` over :math:`\mathcal S_{\mu, L}`: P and multipliers.

    It carries the method and the class it is about, so that :func:`check_certificate`
    needs nothing else.

    Attributes
    ----------
    rho : float
        The rate certified.
    lyapunov : ndarray, shape (3, 3)
        :math:`P \succ 0` in the coordinates :math:`(x_k - x^*, x_{k-1} - x^*, \zeta_k / L)`,
        scaled so that its largest eigenvalue is 1.
    sector, off_by_one : float
        The multipliers :math:`\lambda_1, \lambda_2 \ge 0` (same scale as ``lyapunov``).
    residual : float
        Largest eigenvalue of the matrix inequality's left-hand side at the certificate,
        in double precision (``<= -MARGIN`` times its scale: it holds with that margin).
    status : str
        cvxpy's status of the solve.
    alpha, beta, gamma, mu, L : float
        The method (two-step family) and the class :math:`\mathcal S_{\mu, L}`.
    """

    rho: float
    lyapunov: Array
    sector: float
    off_by_one: float
    residual: float
    status: str
    alpha: float
    beta: float
    gamma: float
    mu: float
    L: float

    def bound(self, steps: int) -> float:
        r"""Bound on :math:`\|x_n - x^*\|^2 / \|x_0 - x^*\|^2` from rest after ``steps`` steps.

        :math:`\lambda_{\min}(P) \|x_n\|^2 \le V_n \le \rho^{2n} V_0` with
        :math:`V_0 = (1, 1, 0) P (1, 1, 0)^\top \|x_0\|^2`: a bound that holds for every
        :math:`f \in \mathcal S_{\mu, L}`, so the PEP worst case
        (:mod:`momentum_theory.beyond.function_class`) must lie below it.
        """
        smallest = float(np.linalg.eigvalsh(self.lyapunov)[0])
        start = float(_FROM_REST @ self.lyapunov @ _FROM_REST)
        return self.rho ** (2 * steps) * start / smallest


@dataclass(frozen=True)
class CertificateCheck:
    r"""The verdict of :func:`check_certificate`, with the slack it measured.

    Attributes
    ----------
    inequality : float
        :math:`-\lambda_{\max}(\text{left-hand side}) / s` (:math:`s`: the sum of the
        spectral norms of its terms); at least ``margin`` to pass.
    lyapunov : float
        :math:`\lambda_{\min}(P) / \max_i |\lambda_i(P)|`; at least ``margin`` to pass.
    multipliers : float
        The smaller multiplier; at least 0 to pass.
    margin : float
        The relative margin required.
    arithmetic : str
        ``"double"``: the check ran in floating point.
    """

    inequality: float
    lyapunov: float
    multipliers: float
    margin: float
    arithmetic: str = "double"

    @property
    def passed(self) -> bool:
        """Whether the certificate holds with the margin."""
        return (
            self.inequality >= self.margin
            and self.lyapunov >= self.margin
            and self.multipliers >= 0.0
        )


def system_matrices(
    alpha: float, beta: float, gamma: float, mu: float, L: float
) -> tuple[Array, Array, Array, Array]:
    r"""The matrices of the inequality in the variables :math:`(\xi, \zeta, u)`, scaled to L = 1.

    Scaling :math:`f` by :math:`1/L` (so :math:`\alpha \to \alpha L`, :math:`\mu \to \mu/L`)
    leaves the iterates unchanged and the numbers of order one. Returns ``(AB, sector,
    off_by_one, off_by_one_rho)``: the rows :math:`[\hat A\ \hat B]` (3 x 4) and the
    multiplier matrices, the off-by-one one being ``off_by_one + rho^2 off_by_one_rho``.
    """
    a, m = alpha * L, mu / L
    dynamics = np.array(
        [
            [1.0 + beta, -beta, 0.0, -a],
            [1.0, 0.0, 0.0, 0.0],
            [-(1.0 + gamma), gamma, 0.0, 1.0],  # zeta+ = u - y (L = 1)
        ]
    )
    y = np.array([1.0 + gamma, -gamma, 0.0, 0.0])
    u = np.array([0.0, 0.0, 0.0, 1.0])
    zeta = np.array([0.0, 0.0, 1.0, 0.0])
    upper, lower = y - u, u - m * y  # L y - u and u - mu y

    def symmetric(first: Array, second: Array) -> Array:
        return np.outer(first, second) + np.outer(second, first)

    sector = symmetric(upper, lower)
    return dynamics, sector, sector, symmetric(zeta, lower)


def inequality_terms(certificate: LyapunovCertificate) -> tuple[Array, ...]:
    r"""The four terms of the inequality's left-hand side at ``certificate`` (4 x 4 each).

    :math:`[\hat A\ \hat B]^\top P [\hat A\ \hat B]`, :math:`-\rho^2 E^\top P E`,
    :math:`\lambda_1 M_{\text{sector}}` and :math:`\lambda_2 M_{\text{off-by-one}}(\rho)`,
    rebuilt from the method and the class the certificate names.
    """
    c = certificate
    dynamics, sector, off_by_one, off_by_one_rho = system_matrices(
        c.alpha, c.beta, c.gamma, c.mu, c.L
    )
    state = np.eye(3, 4)
    return (
        dynamics.T @ c.lyapunov @ dynamics,
        -(c.rho**2) * (state.T @ c.lyapunov @ state),
        c.sector * sector,
        c.off_by_one * (off_by_one + c.rho**2 * off_by_one_rho),
    )


def check_certificate(
    certificate: LyapunovCertificate, *, margin: float = MARGIN
) -> CertificateCheck:
    r"""Whether ``certificate`` proves its rate, checked in double precision with a margin.

    **Statement.** Accepts when the multipliers are non-negative,
    :math:`\lambda_{\min}(P) \ge m \max_i |\lambda_i(P)|` and the left-hand side :math:`M` of
    the matrix inequality (module docstring), rebuilt from the certificate's method, class,
    :math:`\rho`, :math:`P` and multipliers, has :math:`\lambda_{\max}(M) \le -m s`, with
    :math:`s` the sum of the spectral norms of the four terms of :math:`M` and
    :math:`m =` ``margin``. Forming :math:`M` and its eigenvalues in double precision is
    off by about :math:`10^{-16} s` (4 x 4 matrices; at most :math:`2 \times 10^{-16} s`
    measured against 60-digit arithmetic), so with the default :math:`m = 10^{-13}` the
    verdict does not depend on the machine's rounding, and an accepted certificate
    satisfies the inequality exactly at its floating-point entries (read as rational
    numbers). This is the one place that decides whether a solution
    counts; an exact check in rational arithmetic can take its place.

    Parameters
    ----------
    certificate : LyapunovCertificate
    margin : float, default :data:`MARGIN`
        Relative margin :math:`m`, in :math:`[0, 1)`.

    Returns
    -------
    CertificateCheck
        The slack measured and the verdict (``.passed``).

    Raises
    ------
    ValueError
        For a margin outside :math:`[0, 1)`.

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("cvxpy")  # needs the extra 'pep'
    >>> from momentum_theory.beyond.certificate import check_certificate
    >>> from momentum_theory.beyond.iqc import lyapunov
    >>> # gradient descent, rate 9/11
    >>> certificate = lyapunov(2 / 11, 0.0, mu=1.0, L=10.0, rho=0.82)
    >>> check = check_certificate(certificate)
    >>> check.passed, check.inequality > 1e-6, check.arithmetic
    (True, True, 'double')
    """
    m = as_finite_float(margin, "margin", low=0.0, high=1.0, high_open=True)
    terms = inequality_terms(certificate)
    matrix = sum(terms)
    matrix = 0.5 * (matrix + matrix.T)
    scale = sum(float(np.linalg.norm(term, 2)) for term in terms)
    eigenvalues = np.linalg.eigvalsh(certificate.lyapunov)
    return CertificateCheck(
        inequality=-float(np.linalg.eigvalsh(matrix)[-1]) / scale,
        lyapunov=float(eigenvalues[0] / np.max(np.abs(eigenvalues))),
        multipliers=min(certificate.sector, certificate.off_by_one),
        margin=m,
    )


# The 3 x 3 symmetric matrices E_ij + E_ji (i <= j): P = sum_i p_i SYMMETRIC_BASIS[i], the
# coordinates in which the solvers search for P.
SYMMETRIC_BASIS = tuple(
    np.outer(np.eye(3)[i], np.eye(3)[j]) + np.outer(np.eye(3)[j], np.eye(3)[i]) * (i != j)
    for i in range(3)
    for j in range(i, 3)
)


def square_root(P: Array) -> Array:
    """The symmetric square root of a positive semidefinite ``P`` (rounding-level negative
    eigenvalues taken as 0): the change of coordinates in which ``P`` is the identity."""
    values, vectors = np.linalg.eigh(P)
    return (vectors * np.sqrt(np.maximum(values, 0.0))) @ vectors.T
