"""Checks of the foundation: derivation, exact spectral radius, region, optimal parameters."""

from __future__ import annotations

import numpy as np

from momentum_theory.spectral import (
    convergence_region,
    critical_beta,
    optimal_parameters,
    spectral_radius,
    spectral_radius_eig,
    worst_case_rate,
)
from momentum_theory.verify import CheckResult, at_most

_SEED = 20261124


def companion_matrix_derived() -> CheckResult:
    import sympy as sp

    from momentum_theory import symbolic as sym

    stated = sp.Matrix([[1 - sym.alpha * sym.h + sym.beta, -sym.beta], [1, 0]])
    mismatches = sum(sp.simplify(e) != 0 for e in (sym.heavy_ball_companion() - stated))
    return CheckResult(
        "On f = h x^2/2, (x_{t+1}, x_t) = A (x_t, x_{t-1}), "
        "A = [[1 - alpha h + beta, -beta], [1, 0]]",
        "sympy: Jacobian of the update rule w.r.t. the state (x_t, x_{t-1})",
        float(mismatches),
        "== 0",
        mismatches == 0,
    )


def stability_region_exact() -> CheckResult:
    import sympy as sp

    from momentum_theory import symbolic as sym

    rng = np.random.default_rng(_SEED)
    alpha = rng.uniform(0, 4.5, 400)
    beta = rng.uniform(-1.2, 1.2, 400)
    h = np.ones(400)
    # Points exactly on the boundary alpha h = 2(1 + beta) are included on purpose.
    beta[:50] = np.round(beta[:50], 3)
    alpha[:50] = 2 * (1 + beta[:50])
    region = sym.stability_region()
    symbolic = np.array(
        [
            bool(
                region.subs(
                    {sym.alpha: sp.Rational(a), sym.beta: sp.Rational(b), sym.h: sp.Rational(c)}
                )
            )
            for a, b, c in zip(alpha, beta, h)
        ]
    )
    mismatches = int(np.sum(symbolic != convergence_region(alpha, beta, h)))
    return CheckResult(
        "rho(A) < 1 iff |beta| < 1 and 0 < alpha h < 2(1 + beta)",
        "Jury conditions solved by sympy, evaluated in exact rationals at 400 points "
        "(50 on the boundary) vs convergence_region",
        float(mismatches),
        "== 0",
        mismatches == 0,
    )


def spectral_radius_accurate() -> CheckResult:
    from momentum_theory.reference import relative_errors

    rng = np.random.default_rng(_SEED)
    product = 10 ** rng.uniform(-12, np.log10(3.9), 60)
    beta = critical_beta(product, 1.0) * (
        1 + rng.choice([-1, 1], 60) * 10 ** rng.uniform(-16, -2, 60)
    )
    points = [(p, b, 1.0) for p, b in zip(product, beta)]
    points += [(1.0 + d, 0.0, 1.0) for d in (1e-9, -3e-12, 2.0**-52)]  # tiny rho
    alpha, beta, h = (np.array(v) for v in zip(*points))
    worst = relative_errors(spectral_radius(alpha, beta, h), points).max()
    return at_most(
        "rho(A) = max |eigenvalue| (the chapter says 'eigenvector'), computed to full precision",
        "closed form vs mpmath eig at 60 digits, 63 points on/near the critical curve "
        "and at tiny rho",
        worst,
        1e-14,
    )


def eigensolver_loses_digits() -> CheckResult:
    from momentum_theory.reference import relative_errors

    points = [(a, float(critical_beta(a, 1.0)), 1.0) for a in (0.01, 0.04, 0.2, 0.5)]
    alpha, beta, h = (np.array(v) for v in zip(*points))
    worst = relative_errors(spectral_radius_eig(alpha, beta, h), points).max()
    return CheckResult(
        "On the critical-damping curve beta = (1 - sqrt(alpha h))^2, A is a Jordan block",
        "LAPACK eigvals vs mpmath at 4 points on the curve: the error is ~sqrt(eps), far "
        "above the closed form's",
        worst,
        ">= 1e-12",
        bool(worst >= 1e-12),
    )


def optimal_rate() -> CheckResult:
    from momentum_theory import symbolic as sym

    sym.optimal_parameters()  # derives alpha*, beta* and asserts the symbolic identities
    errors = []
    for kappa in (2.0, 10.0, 100.0, 1e4):
        opt = optimal_parameters(1.0, kappa)
        closed = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
        errors.append(abs(float(worst_case_rate(opt.alpha, opt.beta, 1.0, kappa)) / closed - 1))
    return at_most(
        "alpha* = 4/(sqrt L+sqrt mu)^2, beta* = ((sqrt L-sqrt mu)/(sqrt L+sqrt mu))^2 give "
        "rate (sqrt kappa-1)/(sqrt kappa+1)",
        "sympy derivation + factorisation; worst_case_rate at the rounded (alpha*, beta*) "
        "for kappa = 2, 10, 100, 1e4",
        max(errors),
        1e-7,
    )


def worst_case_at_endpoint() -> CheckResult:
    rng = np.random.default_rng(_SEED)
    alpha, beta = rng.uniform(0, 0.5, 200), rng.uniform(-0.5, 1.0, 200)
    dense = spectral_radius(alpha[:, None], beta[:, None], np.linspace(1.0, 10.0, 2001)).max(1)
    excess = np.max(dense - worst_case_rate(alpha, beta, 1.0, 10.0))
    return at_most(
        "max over h in [mu, L] of rho is attained at h = mu or h = L",
        "2001 values of h in [1, 10] at 200 random (alpha, beta): dense max minus endpoint max",
        excess,
        0.0,
    )


CHECKS = (
    companion_matrix_derived,
    stability_region_exact,
    spectral_radius_accurate,
    eigensolver_loses_digits,
    optimal_rate,
    worst_case_at_endpoint,
)
