r"""Certified rates over every :math:`\mu`-strongly convex, :math:`L`-smooth function (IQC).

Lessard, Recht and Packard (SIAM J. Optim. 26(1), 2016, sections 3-4) certify a linear
rate :math:`\rho` for a first-order method on the whole class :math:`\mathcal S_{\mu, L}`
by a small linear matrix inequality. The two-step family

.. math::

    \xi_{k+1} = A \xi_k + B u_k, \quad y_k = C \xi_k, \quad u_k = \nabla f(y_k), \qquad
    A = \begin{pmatrix} 1 + \beta & -\beta \\ 1 & 0 \end{pmatrix}, \;
    B = \begin{pmatrix} -\alpha \\ 0 \end{pmatrix}, \;
    C = \begin{pmatrix} 1 + \gamma & -\gamma \end{pmatrix},

with state :math:`\xi_k = (x_k, x_{k-1})` (shifted so that :math:`x^* = 0`), is joined by
the filter of the *weighted off-by-one* IQC (their Lemma 10),
:math:`\zeta_{k+1} = u_k - L y_k`, :math:`\zeta_0 = 0`, whose output

.. math::

    z_k = \begin{pmatrix} L y_k - u_k + \rho^2 \zeta_k \\ u_k - \mu y_k \end{pmatrix},
    \qquad \sum_{k=0}^{T} \rho^{-2k}\, z_{k,1} z_{k,2} \ge 0 \quad (T \ge 0,\ \rho \le 1),

and by the pointwise *sector* IQC :math:`(L y_k - u_k)(u_k - \mu y_k) \ge 0`. If there are
:math:`P \succ 0` (on the joint state :math:`(\xi, \zeta)`) and multipliers
:math:`\lambda_1, \lambda_2 \ge 0` with

.. math::

    \begin{pmatrix} \hat A^\top P \hat A - \rho^2 P & \hat A^\top P \hat B \\
    \hat B^\top P \hat A & \hat B^\top P \hat B \end{pmatrix}
    + \lambda_1 M_{\text{sector}} + \lambda_2 M_{\text{off-by-one}}(\rho) \preceq 0,

then :math:`V_k = (\xi_k, \zeta_k)^\top P (\xi_k, \zeta_k)` obeys
:math:`V_n \le \rho^{2n} V_0`, so :math:`\|x_n - x^*\| = O(\rho^n)` for every
:math:`f \in \mathcal S_{\mu, L}` (their Theorem 4). The matrix inequality is linear in
:math:`(P, \lambda)` for fixed :math:`\rho`; :func:`certified_rate` bisects on
:math:`\rho`.

Numerics (read before quoting a digit): the inequality is solved by cvxpy with Clarabel
(each solve from scratch, no warm start, so a result does not depend on what was solved
before), in floating point; the solver is not part of the proof. A solution counts only
if :func:`~.certificate.check_certificate` accepts it: in double precision, at the certificate as
returned (original coordinates, :math:`\lambda_{\max}(P) = 1`), the multipliers are
non-negative, :math:`\lambda_{\min}(P) \ge m` and the largest eigenvalue of the
left-hand side is at most :math:`-m s`, where :math:`s` is the sum of the spectral norms
of its four terms and :math:`m =` :data:`~.certificate.MARGIN` :math:`= 10^{-13}`. Rounding in
forming these 4 x 4 matrices and their eigenvalues is of order :math:`10^{-16} s` (at most
:math:`2 \times 10^{-16} s` against a 60-digit evaluation of the same entries,
``tests/beyond/test_iqc.py``), so the verdict does not depend on the machine's rounding and an
accepted certificate also satisfies the inequality in exact arithmetic at its
floating-point entries; the check is one function, so that an exact (rational) check can
replace it. Near the smallest certifiable rate :math:`\rho^\star` the feasible
:math:`P` degenerate (for triple momentum and Nesterov's method the slowest quadratic is
critically damped, a Jordan block, and the smallest eigenvalue of :math:`P` shrinks like
:math:`(\rho - \rho^\star)^2`), which an interior-point solver resolves only to about
:math:`10^{-8}` relative: the bisection therefore re-expresses the state in the
coordinates of the last certificate found (:math:`P = I` there). With that and the
default tolerance :math:`10^{-6}`, gradient descent comes out within the tolerance of its
known rate and triple momentum within :math:`1.3 \times 10^{-5}` of
:math:`1 - 1/\sqrt\kappa` for :math:`\kappa` from 2 to 1000, under every OpenBLAS kernel
tried on x86-64 (``tests/beyond/test_iqc.py`` allows :math:`5 \times 10^{-5}`); the digits below
that move with the machine's BLAS, the rates' validity does not. At larger :math:`\kappa`
the solver's certificates loosen and then fail; the paper states these limits, and which
results are exact (``paper/main.tex``, "Beyond quadratics", "Large condition numbers";
verify row ``proofs_at_large_kappa``). A rate returned is always proved (a checked
certificate, or the closed form at :math:`\mu = L`); ``inf`` means none was found, which
for large :math:`\kappa` is not a proof that none exists.

At :math:`\mu = L` the class holds one quadratic (up to shifts), :math:`f(x) = \tfrac{L}{2}
\|x - x^*\|^2 + c`: the iteration is linear and its rate is the quadratic rate, returned in
closed form without a solve (no Lyapunov certificate on :math:`(x_k, x_{k-1})` proves a
rate of 0, which gradient descent at :math:`1/L` attains there). Just above :math:`\mu = L`
the rates are small and the certificates degenerate as :math:`\rho \to 0`: at
:math:`\kappa = 1.001` gradient descent's certified rate is about :math:`9 \times 10^{-4}`,
against its rate :math:`5 \times 10^{-4}` (proved, but not tight).

Needs the optional extra ``pep`` (cvxpy): ``pip install "momentum-theory[pep]"``.
"""

from __future__ import annotations

import functools
import math
import warnings
from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import as_finite_float, as_spectrum
from momentum_theory.beyond._pep import SOLVER, require_cvxpy
from momentum_theory.beyond.certificate import (
    SYMMETRIC_BASIS,
    LyapunovCertificate,
    check_certificate,
    inequality_terms,
    square_root,
    system_matrices,
)
from momentum_theory.family import worst_case_rate

Array = NDArray[np.float64]

__all__ = ["TOLERANCE", "CertifiedRate", "certified_rate", "lyapunov"]

# Bisection tolerance on rho: the rate returned is proved, and no certificate was found
# at rate - TOLERANCE (or that is below the quadratic rate, which no certificate can beat).
# Fine enough that the solver, not the bisection, limits how close a rate comes to the
# smallest certifiable one (about 1e-5 for triple momentum at kappa = 1000); each halving
# is one more solve of about 10 ms.
TOLERANCE = 1e-6


@dataclass(frozen=True)
class CertifiedRate:
    r"""The smallest rate the IQC analysis certifies over :math:`\mathcal S_{\mu, L}`.

    Attributes
    ----------
    alpha, beta, gamma : float
        The two-step family's parameters.
    mu, L : float
        The class.
    rate : float
        The smallest :math:`\rho` of the bisection with a certificate, or the closed form
        at :math:`\mu = L` (see ``proof``); ``inf`` when none below 1 was found.
    lower : float
        The largest :math:`\rho` tested without a certificate, or the quadratic rate:
        ``rate - lower <= tolerance`` when a certificate was found (``lower == rate`` for
        the closed form).
    tolerance : float
        The bisection tolerance.
    quadratic_rate : float
        :func:`~momentum_theory.worst_case_rate`: quadratics are in the class, so no
        certificate is below it.
    certificate : ~momentum_theory.beyond.certificate.LyapunovCertificate or None
        The certificate at ``rate`` (None for the closed form and where none was found).
    solves : int
        Number of semidefinite programs solved.
    proof : str
        What proves ``rate``: ``"certificate"`` (``certificate``, accepted by
        :func:`~.certificate.check_certificate`), ``"closed form"`` (:math:`\mu = L`: the class
        holds one quadratic, whose rate is ``quadratic_rate``) or ``"none"`` (``rate`` is ``inf``).
    """

    alpha: float
    beta: float
    gamma: float
    mu: float
    L: float
    rate: float
    lower: float
    tolerance: float
    quadratic_rate: float
    certificate: LyapunovCertificate | None
    solves: int
    proof: str

    @property
    def certified(self) -> bool:
        """Whether some rate below 1 is proved (by a certificate or in closed form)."""
        return self.proof != "none"


@functools.cache
def _program() -> tuple[object, object, object, tuple[object, ...]]:
    """The inequality as one parametrised cvxpy problem, compiled once per process.

    The left-hand side is linear in the six entries of :math:`P` and the two multipliers,
    ``sum_i p_i G_i + lambda_1 G_6 + lambda_2 G_7``; the 4 x 4 matrices ``G`` are the
    parameters, so each solve only passes new numbers to the solver (a few milliseconds)
    instead of rebuilding the problem.
    """
    cp = require_cvxpy("certified_rate")
    entries = cp.Variable(len(SYMMETRIC_BASIS))
    multipliers = cp.Variable(2, nonneg=True)
    terms = tuple(cp.Parameter((4, 4), symmetric=True) for _ in range(len(SYMMETRIC_BASIS) + 2))
    P = sum(entries[i] * basis for i, basis in enumerate(SYMMETRIC_BASIS))
    lhs = sum(entries[i] * terms[i] for i in range(len(SYMMETRIC_BASIS)))
    lhs = lhs + multipliers[0] * terms[-2] + multipliers[1] * terms[-1]
    problem = cp.Problem(cp.Minimize(0), [P >> np.eye(3), lhs << 0])
    return problem, entries, multipliers, terms


def _solve(
    system: tuple[Array, Array, Array, Array], rho: float, coordinates: Array
) -> tuple[Array, float, float, str] | None:
    """Solve the inequality at ``rho`` in ``coordinates`` (state' = coordinates @ state).

    Returns ``(P, sector, off_by_one, status)`` in those coordinates, or None if the solver
    returns nothing. The solution is not checked here (:func:`~.certificate.check_certificate`
    judges it).
    """
    cp = require_cvxpy("certified_rate")
    dynamics, sector, off_by_one, off_by_one_rho = system
    inverse = np.eye(4)
    inverse[:3, :3] = np.linalg.inv(coordinates)
    dynamics = coordinates @ dynamics @ inverse
    state = np.eye(3, 4)
    terms = [dynamics.T @ B @ dynamics - rho**2 * (state.T @ B @ state) for B in SYMMETRIC_BASIS]
    terms.append(inverse.T @ sector @ inverse)
    terms.append(inverse.T @ (off_by_one + rho**2 * off_by_one_rho) @ inverse)
    terms = [0.5 * (term + term.T) for term in terms]
    problem, entries, multipliers, parameters = _program()
    for parameter, term in zip(parameters, terms):
        parameter.value = term
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "inaccurate": judged by the check
        try:
            problem.solve(solver=SOLVER, warm_start=False)
        except cp.error.SolverError:
            return None
    if entries.value is None or multipliers.value is None:
        return None
    P = sum(float(p) * basis for p, basis in zip(entries.value, SYMMETRIC_BASIS))
    # The solver's multipliers may be -1e-12; zero is as good a multiplier and is >= 0.
    lambda_sector, lambda_off = (max(float(v), 0.0) for v in multipliers.value)
    return P, lambda_sector, lambda_off, str(problem.status)


def _certificate(
    solution: tuple[Array, float, float, str],
    rho: float,
    coordinates: Array,
    method: tuple[float, float, float, float, float],
) -> LyapunovCertificate | None:
    """The solution in the original coordinates, scaled to largest eigenvalue 1, if it
    passes :func:`~.certificate.check_certificate`; None otherwise."""
    P, lambda_sector, lambda_off, status = solution
    original = coordinates.T @ P @ coordinates
    original = 0.5 * (original + original.T)
    scale = float(np.linalg.eigvalsh(original)[-1])
    if not scale > 0.0:
        return None
    alpha, beta, gamma, mu, L = method
    unchecked = LyapunovCertificate(
        rho=rho,
        lyapunov=original / scale,
        sector=lambda_sector / scale,
        off_by_one=lambda_off / scale,
        residual=math.nan,
        status=status,
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        mu=mu,
        L=L,
    )
    if not check_certificate(unchecked).passed:
        return None
    residual = float(np.linalg.eigvalsh(sum(inequality_terms(unchecked)))[-1])
    return replace(unchecked, residual=residual)


def _check(alpha: float, beta: float, gamma: float, mu: float, L: float) -> tuple[float, ...]:
    a = as_finite_float(alpha, "alpha")
    b = as_finite_float(beta, "beta")
    g = as_finite_float(gamma, "gamma")
    lower, upper = as_spectrum(mu=mu, L=L, scalar=True)
    return a, b, g, lower, upper


def lyapunov(
    alpha: float, beta: float, *, mu: float, L: float, rho: float, gamma: float = 0.0
) -> LyapunovCertificate | None:
    r"""A certificate of rate ``rho`` over :math:`\mathcal S_{\mu, L}`, or None if none is found.

    One solve of the matrix inequality (module docstring) at ``rho``, in the coordinates
    :math:`(x_k, x_{k-1}, \zeta_k / L)`, kept only if :func:`~.certificate.check_certificate`
    accepts it (double precision, relative margin :data:`~.certificate.MARGIN`). None means the
    solver found no solution that passes the check, not that none exists (see the module's notes on
    numerics).

    Raises
    ------
    PepNotInstalledError
        Without cvxpy (an ``ImportError`` naming the install command).
    ValueError
        For parameters that are not finite, a spectrum that is not ``0 < mu <= L``, or
        ``rho`` outside ``[0, 1]``.

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("cvxpy")  # needs the extra 'pep'
    >>> from momentum_theory.beyond.iqc import lyapunov
    >>> # Gradient descent at 2/(mu + L) on [1, 10]: the known rate is 9/11 = 0.818...
    >>> above = lyapunov(2 / 11, 0.0, mu=1.0, L=10.0, rho=0.82)
    >>> below = lyapunov(2 / 11, 0.0, mu=1.0, L=10.0, rho=0.80)
    >>> above is not None, below
    (True, None)
    """
    a, b, g, lower, upper = _check(alpha, beta, gamma, mu, L)
    r = as_finite_float(rho, "rho", low=0.0, high=1.0)
    solution = _solve(system_matrices(a, b, g, lower, upper), r, np.eye(3))
    if solution is None:
        return None
    return _certificate(solution, r, np.eye(3), (a, b, g, lower, upper))


def certified_rate(
    alpha: float,
    beta: float,
    *,
    mu: float,
    L: float,
    gamma: float = 0.0,
    tolerance: float = TOLERANCE,
) -> CertifiedRate:
    r"""The smallest rate certified over every :math:`\mu`-strongly convex :math:`L`-smooth f.

    **Statement.** Bisection on :math:`\rho` over the matrix inequality of Lessard, Recht
    and Packard with the sector and the weighted off-by-one IQCs (module docstring): the
    result's ``rate`` has a certificate that :func:`~.certificate.check_certificate` accepts
    (double precision, relative margin :data:`~.certificate.MARGIN`), and none was found at
    ``lower >= rate - tolerance``. The bisection starts from the quadratic worst-case
    rate, below which no certificate can exist, and from 1; where the method does not
    converge on quadratics, or nothing below 1 is certified, ``rate`` is ``inf``. At
    :math:`\mu = L` the class is one quadratic and ``rate`` is its rate, the quadratic
    rate, in closed form (``proof == "closed form"``, no solve). At the default tolerance
    a call makes about twenty solves (17 for :math:`[1, 25]`) of a 4 x 4 inequality, each
    8 to 25 ms: 0.13 to 0.43 s per call, measured on a shared two-core AMD EPYC under
    three OpenBLAS core types (other machines differ; ``solves`` counts them).

    The certified digits are floating point: beyond about :math:`10^{-5}` above the
    smallest certifiable rate the solver's answers, hence ``rate``, move with the
    machine's BLAS kernels (each certificate found stays valid; see the module's notes).

    Parameters
    ----------
    alpha, beta : float
        Step size and momentum of the two-step family.
    mu, L : float
        The class, :math:`0 < \mu \le L`.
    gamma : float, default 0
        Gradient extrapolation (0: heavy ball, ``beta``: Nesterov).
    tolerance : float, default :data:`TOLERANCE` (:math:`10^{-6}`)
        Bisection tolerance on :math:`\rho`.

    Returns
    -------
    CertifiedRate

    Raises
    ------
    PepNotInstalledError
        Without cvxpy (an ``ImportError`` naming the install command).
    ValueError
        For parameters that are not finite, a spectrum that is not ``0 < mu <= L``, or a
        tolerance outside ``(0, 1)``.

    Examples
    --------
    >>> import pytest; _ = pytest.importorskip("cvxpy")  # needs the extra 'pep'
    >>> from momentum_theory.beyond.iqc import certified_rate
    >>> gd = certified_rate(2 / 26, 0.0, mu=1.0, L=25.0)  # gradient descent at 2/(mu + L)
    >>> gd.rate - 12 / 13 <= gd.tolerance, gd.quadratic_rate == 12 / 13
    (True, True)
    >>> certified_rate(1 / 9, 4 / 9, mu=1.0, L=25.0).rate  # heavy ball, Polyak's parameters
    inf
    >>> one = certified_rate(1.0, 0.0, mu=1.0, L=1.0)  # kappa = 1: gradient descent at 1/L
    >>> one.rate, one.proof, one.solves
    (0.0, 'closed form', 0)
    """
    a, b, g, lower, upper = _check(alpha, beta, gamma, mu, L)
    require_cvxpy("certified_rate")
    tol = as_finite_float(tolerance, "tolerance", low=0.0, high=1.0, low_open=True, high_open=True)
    quadratic = float(worst_case_rate(a, b, mu=lower, L=upper, gamma=g))
    result = {
        "alpha": a,
        "beta": b,
        "gamma": g,
        "mu": lower,
        "L": upper,
        "tolerance": tol,
        "quadratic_rate": quadratic,
    }
    if not quadratic < 1.0:  # no certificate can beat the quadratics in the class
        return CertifiedRate(
            **result, rate=math.inf, lower=quadratic, certificate=None, solves=0, proof="none"
        )
    if lower == upper:
        # One quadratic (up to shifts): the iteration is linear, its rate the quadratic
        # one. No certificate is needed, and none exists at a rate of 0 (gradient descent
        # at 1/L: the state matrix is nilpotent but not 0), where bisection would stall.
        return CertifiedRate(
            **result,
            rate=quadratic,
            lower=quadratic,
            certificate=None,
            solves=0,
            proof="closed form",
        )
    system = system_matrices(a, b, g, lower, upper)
    method = (a, b, g, lower, upper)
    coordinates = np.eye(3)
    low, high, best, solves = quadratic, 1.0, None, 0
    while True:
        rho = 0.5 * (low + high)
        solution = _solve(system, rho, coordinates)
        solves += 1
        certificate = (
            None if solution is None else _certificate(solution, rho, coordinates, method)
        )
        if certificate is None:
            low = rho
        else:
            best, high = certificate, rho
            # Next solves in the coordinates where this certificate is the identity.
            coordinates = square_root(solution[0]) @ coordinates
            coordinates /= np.linalg.norm(coordinates, 2)
        if high - low <= tol:
            break
    return CertifiedRate(
        **result,
        rate=math.inf if best is None else best.rho,
        lower=low,
        certificate=best,
        solves=solves,
        proof="none" if best is None else "certificate",
    )
