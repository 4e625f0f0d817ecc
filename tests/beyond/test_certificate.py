"""The certificate check: its verdict is the exact one at a certificate's floating-point
entries (against 60-digit mpmath), and it refuses what fails by less than its margin."""

import dataclasses

import numpy as np
import pytest

pytest.importorskip("cvxpy")  # certificates come from the solver

from momentum_theory import methods
from momentum_theory.beyond.certificate import (
    MARGIN,
    CertificateCheck,
    check_certificate,
    inequality_terms,
)
from momentum_theory.beyond.iqc import certified_rate, lyapunov

# Solver results move with the BLAS kernel: .ci/run also runs these under several.
pytestmark = pytest.mark.solver


def _exact_slack(certificate, mpmath):
    """lambda_max of the left-hand side and lambda_min of P at the certificate's floating-point
    entries (exact rationals), evaluated in 60-digit arithmetic from the paper's matrices."""
    c = certificate
    m = mpmath.mpf
    with mpmath.workdps(60):
        a, low = m(c.alpha) * m(c.L), m(c.mu) / m(c.L)
        dynamics = mpmath.matrix(
            [
                [1 + m(c.beta), -m(c.beta), 0, -a],
                [1, 0, 0, 0],
                [-(1 + m(c.gamma)), m(c.gamma), 0, 1],
            ]
        )
        y = mpmath.matrix([[1 + m(c.gamma), -m(c.gamma), 0, 0]])
        u, zeta = mpmath.matrix([[0, 0, 0, 1]]), mpmath.matrix([[0, 0, 1, 0]])
        upper, lower = y - u, u - low * y

        def sym(p, q):
            return p.T * q + q.T * p

        P = mpmath.matrix(c.lyapunov.tolist())
        state = mpmath.eye(4)[:3, :]
        rho = m(c.rho)
        lhs = dynamics.T * P * dynamics - rho**2 * (state.T * P * state)
        lhs += m(c.sector) * sym(upper, lower)
        lhs += m(c.off_by_one) * (sym(upper, lower) + rho**2 * sym(zeta, lower))
        return float(max(mpmath.eigsy(lhs)[0])), float(min(mpmath.eigsy(P)[0]))


@pytest.mark.parametrize(
    ("name", "tuning"), [("gradient_descent", None), ("two_step", "triple_momentum")]
)
def test_the_check_is_far_coarser_than_its_rounding(name, tuning):
    """Bound: at the certificates a bisection ends with (the most degenerate ones), the
    double-precision check's eigenvalues differ from a 60-digit evaluation of the same
    entries by at most MARGIN / 100 of the scale, so the check's verdict is the exact one."""
    mpmath = pytest.importorskip("mpmath")
    method = methods.get(name)
    for kappa in (2.0, 1000.0):
        if tuning is None:
            parameters = method.optimal_parameters(mu=1.0, L=kappa).parameters
        else:
            parameters = method.tuning(tuning, mu=1.0, L=kappa).parameters
        family = method.family(**parameters)
        result = certified_rate(
            float(family.alpha), float(family.beta), mu=1.0, L=kappa, gamma=float(family.gamma)
        )
        certificate = result.certificate
        check = check_certificate(certificate)
        assert check.passed
        scale = sum(float(np.linalg.norm(term, 2)) for term in inequality_terms(certificate))
        largest, smallest = _exact_slack(certificate, mpmath)
        assert abs(-check.inequality * scale - largest) <= MARGIN / 100 * scale
        assert abs(check.lyapunov - smallest) <= MARGIN / 100
        assert largest < 0 and smallest > 0  # holds exactly at its floating-point entries


def test_the_check_refuses_what_fails_by_less_than_the_margin():
    """A certificate moved to rho just below what it proves fails; a negative multiplier or
    an indefinite P fails; the margin is validated."""
    certificate = lyapunov(2 / 11, 0.0, mu=1.0, L=10.0, rho=0.82)
    assert check_certificate(certificate).passed
    assert not check_certificate(dataclasses.replace(certificate, rho=0.80)).passed
    assert not check_certificate(dataclasses.replace(certificate, sector=-1e-9)).passed
    flipped = dataclasses.replace(certificate, lyapunov=-certificate.lyapunov)
    assert not check_certificate(flipped).passed
    check = check_certificate(certificate, margin=0.5)
    assert isinstance(check, CertificateCheck) and not check.passed
    with pytest.raises(ValueError, match="margin"):
        check_certificate(certificate, margin=1.0)
