"""Tests of momentum_theory/proofs/quadratic.py; reference: mpmath's root moduli (60 digits)."""

from fractions import Fraction

import pytest

from momentum_theory import methods
from momentum_theory.proofs.check import check_proof
from momentum_theory.proofs.quadratic import quadratic_class_proof, quadratic_proof

mpmath = pytest.importorskip("mpmath")


def _radius(proof, h):
    """Largest root modulus of l^2 - T l + D at h from the proof's own family (60 digits)."""
    with mpmath.workdps(60):
        a, b, g, h = (
            mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator
            for v in (proof["alpha"], proof["beta"], proof["gamma"], h)
        )
        T, D = 1 + b - a * h * (1 + g), b - a * h * g
        root = mpmath.sqrt(mpmath.mpc(T * T - 4 * D))
        return max(abs((T + root) / 2), abs((T - root) / 2))


@pytest.mark.parametrize(
    ("method", "params", "h"),
    [
        ("heavy_ball", {"alpha": 0.5, "beta": 0.5}, "10"),  # too long a step: fails at L
        ("gradient_descent", {"alpha": 0.25}, "10"),
        (
            "two_step",
            {"alpha": 0.15, "beta": 1.1, "gamma": 0.4},
            "1",
        ),  # D(mu) = 1.04; T, D = 0, 1/2 at L
        ("pytorch_sgd", {"lr": 0.3, "momentum": 0.5, "weight_decay": 1.0}, "11"),  # h = L + wd
    ],
)
def test_divergence_on_a_quadratic_of_the_class(method, params, h):
    proof = quadratic_proof(method, mu=1.0, L=10.0, **params)
    assert proof is not None and proof["h"] == h
    assert check_proof(proof).passed
    assert _radius(proof, proof["h"]) >= 1


@pytest.mark.parametrize(
    ("method", "params"),
    [("heavy_ball", {"alpha": 0.1, "beta": 0.5}), ("nesterov", {"alpha": 0.1, "beta": 0.5})],
)
def test_no_proof_when_every_quadratic_converges(method, params):
    assert quadratic_proof(method, mu=1.0, L=10.0, **params) is None
    assert methods.get(method).convergence_region([1.0, 10.0], **params).all()


@pytest.mark.parametrize(
    ("method", "params", "L"),
    [
        ("gradient_descent", {"alpha": 0.25}, 2.0),  # one real root 1/2
        ("gradient_descent", {"alpha": 0.5}, 2.0),  # rate 0 (T = D = 0)
        ("heavy_ball", {"alpha": 0.1, "beta": 0.5}, 3.0),  # a complex pair, modulus sqrt(0.5)
        ("nesterov", {"alpha": 0.3, "beta": 0.2}, 3.0),  # real roots
        ("qhm", {"alpha": 0.4, "beta": 0.9, "nu": 0.7}, 3.0),
        ("pytorch_sgd", {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.5}, 3.0),  # sees 3.5
    ],
)
def test_rate_at_mu_equal_L(method, params, L):
    proof = quadratic_class_proof(method, mu=L, L=L, **params)
    assert check_proof(proof).passed
    rho, radius = Fraction(proof["rho"]), _radius(proof, proof["L"])
    assert radius <= mpmath.mpf(rho.numerator) / rho.denominator <= radius + 1e-14  # tight


def test_mu_equal_L_only():
    with pytest.raises(ValueError, match="mu == L"):
        quadratic_class_proof("gradient_descent", mu=1.0, L=2.0, alpha=0.5)
    assert quadratic_class_proof("gradient_descent", mu=1.0, L=1.0, alpha=2.5) is None  # rate 1.5
