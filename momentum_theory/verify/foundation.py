"""Checks of the foundation: derivation, exact spectral radius, region, optimal parameters."""

from __future__ import annotations

import numpy as np

from momentum_theory.claims import Claim, at_least, at_most, claim, equals
from momentum_theory.spectral import (
    convergence_region,
    optimal_parameters,
    spectral_radius,
    worst_case_rate,
)

_SEED = 20261124

# Bounds that the paper quotes in place of measured rounding errors (whose last digit moves
# with the platform's kernels); the check named beside each tests exactly that bound.
# optimal_rate: at a double root the rate moves like the square root of rounding (2e-8).
OPTIMAL_RATE_TOLERANCE = 1e-7
# naive_formula_loses_digits: the textbook formula's worst error (4e-8 measured).
NAIVE_ERROR_FLOOR = 1e-9
# eigensolver_loses_digits: LAPACK's worst error on the critical curve (2e-8 measured).
LAPACK_ERROR_FLOOR = 1e-10
# complex_pair_modulus: LAPACK's |lambda| against sqrt(beta) (7e-16 measured).
COMPLEX_MODULUS_TOLERANCE = 1e-13


@claim(quoted=True)
def companion_matrix_derived() -> Claim:
    import sympy as sp

    from momentum_theory import symbolic as sym

    stated = sp.Matrix([[1 - sym.alpha * sym.h + sym.beta, -sym.beta], [1, 0]])
    mismatches = sum(sp.simplify(e) != 0 for e in (sym.heavy_ball_companion() - stated))
    return Claim(
        "On f = h x^2/2, (x_{t+1}, x_t) = A (x_t, x_{t-1}), "
        "A = [[1 - alpha h + beta, -beta], [1, 0]]",
        "sympy: Jacobian of the update rule w.r.t. the state (x_t, x_{t-1})",
        float(mismatches),
        "== 0",
        mismatches == 0,
    )


@claim
def stability_region_exact() -> Claim:
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
    return Claim(
        "rho(A) < 1 iff |beta| < 1 and 0 < alpha h < 2(1 + beta)",
        "Jury conditions solved by sympy, evaluated in exact rationals at 400 points "
        "(50 on the boundary) vs convergence_region",
        float(mismatches),
        "== 0",
        mismatches == 0,
    )


@claim(quoted=True)
def spectral_radius_accurate() -> Claim:
    from momentum_theory.experiments.foundation import ACCURACY_CLAIM, spectral_radius_accuracy

    study = spectral_radius_accuracy()
    worst = max(study.closed_form_errors.max(), study.closed_form_critical_errors.max())
    return at_most(
        "rho(A) = max |eigenvalue| (the chapter says 'eigenvector'), computed to 1e-14 "
        "relative error at the given doubles",
        f"closed form vs mpmath eig at {study.digits} digits at {study.hard_points} hard points "
        "(on and beside the critical curve, tiny rho, the boundary, beta -> 1, extreme h) "
        f"and {study.critical_points} points on the critical curve",
        worst,
        ACCURACY_CLAIM,
    )


@claim(quoted=True)
def naive_formula_loses_digits() -> Claim:
    from momentum_theory.experiments.foundation import spectral_radius_accuracy

    study = spectral_radius_accuracy()
    return at_least(
        "The textbook closed form (|T| + sqrt(T^2 - 4 beta))/2 in plain double arithmetic "
        "loses digits at hard points (why the kernel is needed)",
        f"naive formula vs mpmath at {study.digits} digits, the same {study.hard_points} hard "
        "points: largest relative error",
        float(study.naive_errors.max()),
        NAIVE_ERROR_FLOOR,
    )


@claim(quoted=True)
def eigensolver_loses_digits() -> Claim:
    from momentum_theory.experiments.foundation import spectral_radius_accuracy

    study = spectral_radius_accuracy()
    return at_least(
        "On the critical-damping curve beta = (1 - sqrt(alpha h))^2, A is a Jordan block and "
        "an eigen-solver keeps about half the digits",
        f"LAPACK eigvals vs mpmath at {study.critical_points} points on the curve, alpha h "
        "from 1e-6 to 3: largest relative error (~sqrt(eps), far above the closed form's)",
        float(study.lapack_critical_errors.max()),
        LAPACK_ERROR_FLOOR,
    )


@claim(quoted=True)
def complex_pair_modulus() -> Claim:
    from momentum_theory.experiments.foundation import complex_modulus

    result = complex_modulus()
    return at_most(
        "A complex pair of eigenvalues has modulus sqrt(beta) (their product is det A = beta)",
        f"LAPACK eigvals at {result.points} random (alpha, beta), h = 1, with a complex pair: "
        "max | |lambda| / sqrt(beta) - 1 |",
        result.max_deviation,
        COMPLEX_MODULUS_TOLERANCE,
    )


@claim(quoted=True)
def negative_momentum_converges() -> Claim:
    from momentum_theory.experiments.foundation import negative_momentum

    result = negative_momentum()
    error = abs(result.measured / result.rate - 1)
    converges = bool(convergence_region(result.product, result.beta, 1.0))
    return at_most(
        "Momentum need not be positive: the region rho < 1 extends to -1 < beta < 0, "
        f"e.g. alpha h = {result.product:g}, beta = {result.beta:g} converges at rate "
        f"{result.rate:.4f}",
        f"plain loop from rest, (|x_200| / |x_100|)^(1/100) vs spectral_radius; "
        f"{result.share:.1%} of the stable cells of a {result.grid} x {result.grid} grid over "
        "alpha h in (0, 4), beta in (-1, 1) have beta < 0; measured: relative difference "
        "(inf if the example does not converge)",
        error if converges and result.share > 0 else float("inf"),
        1e-3,
    )


@claim(quoted=True)
def eigenvalues_mean_and_half_gap() -> Claim:
    from momentum_theory.experiments.derivation import eigenvalue_split

    split = eigenvalue_split()
    return equals(
        "The eigenvalues are m +- delta with m = (1 + beta - alpha h)/2 and delta the square "
        "root of m^2 - beta",
        "sympy: m + delta and m - delta substituted into the characteristic polynomial, "
        "simplified; count of non-zero residuals",
        split.nonzero_residuals,
        0,
    )


@claim(quoted=True)
def optimal_rate() -> Claim:
    from momentum_theory import symbolic as sym
    from momentum_theory.experiments.foundation import SPECTRA, optimum_for_spectrum

    sym.optimal_parameters()  # derives alpha*, beta* and asserts the symbolic identities
    errors = []
    for kappa in (2.0, 10.0, 100.0, 1e4):
        opt = optimal_parameters(1.0, kappa)
        closed = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
        errors.append(abs(float(worst_case_rate(opt.alpha, opt.beta, 1.0, kappa)) / closed - 1))
    # The paper's table quotes these spectra, and the bound for them.
    errors += [optimum_for_spectrum(mu, L).rounding for _, mu, L in SPECTRA]
    spectra = ", ".join(f"[{mu:g}, {L:g}]" for _, mu, L in SPECTRA)
    return at_most(
        "alpha* = 4/(sqrt L+sqrt mu)^2, beta* = ((sqrt L-sqrt mu)/(sqrt L+sqrt mu))^2 give "
        "rate (sqrt kappa-1)/(sqrt kappa+1)",
        "sympy derivation + factorisation; worst_case_rate at the rounded (alpha*, beta*) "
        f"for kappa = 2, 10, 100, 1e4 (mu = 1) and the spectra {spectra}",
        max(errors),
        OPTIMAL_RATE_TOLERANCE,
    )


@claim
def worst_case_at_endpoint() -> Claim:
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
