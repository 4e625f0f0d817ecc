r"""Evaluating the rate accurately (section ``sec:accuracy``).

The kernel's :math:`\rho(A)` against mpmath at hard points (on and beside the critical
curve, tiny :math:`\rho`, the boundary, :math:`\beta \to 1`, extreme :math:`h`), beside the
textbook closed form in plain double arithmetic and LAPACK's eigenvalues, which lose
digits there. The paper quotes the bounds that the claims test, not the measured rounding
errors, whose last digit moves with the platform's kernels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from momentum_theory.paper._cache import experiment
from momentum_theory.paper._claims import Claim, at_least, at_most, claim
from momentum_theory.paper._latex import Macro, integer, scientific
from momentum_theory.paper._subject import Subject, claims_in

__all__ = [
    "ACCURACY_CLAIM",
    "LAPACK_ERROR_FLOOR",
    "NAIVE_ERROR_FLOOR",
    "REFERENCE_DIGITS",
    "SUBJECT",
    "AccuracyStudy",
    "eigensolver_loses_digits",
    "macros",
    "naive_formula_loses_digits",
    "spectral_radius_accuracy",
    "spectral_radius_accurate",
]

# ---- settings -----------------------------------------------------------------------------

# The relative error bound that spectral_radius documents.
ACCURACY_CLAIM = 1e-14
# Digits of the mpmath reference.
REFERENCE_DIGITS = 60


# ---- experiments --------------------------------------------------------------------------


@dataclass(frozen=True)
class AccuracyStudy:
    """Relative errors against mpmath at hard points and on the critical-damping curve.

    Attributes
    ----------
    hard_points, critical_points : int
        Number of points of :func:`momentum_theory.reference.hard_points` and
        :func:`momentum_theory.reference.critical_points`.
    closed_form_errors, naive_errors : ndarray
        At the hard points: :func:`~momentum_theory.family.spectral_radius` and the
        textbook closed form in plain double arithmetic.
    closed_form_critical_errors, lapack_critical_errors : ndarray
        On the critical curve: ours and LAPACK's ``eigvals``.
    digits : int
        Working digits of the mpmath reference.
    """

    hard_points: int
    critical_points: int
    closed_form_errors: NDArray[np.float64]
    naive_errors: NDArray[np.float64]
    closed_form_critical_errors: NDArray[np.float64]
    lapack_critical_errors: NDArray[np.float64]
    digits: int


@experiment
def spectral_radius_accuracy(digits: int = REFERENCE_DIGITS) -> AccuracyStudy:
    """Our closed form, the naive one and LAPACK against mpmath at ``digits`` digits."""
    from momentum_theory import reference
    from momentum_theory.family import spectral_radius, spectral_radius_eig

    hard = reference.hard_points()
    alpha, beta, h = (np.array(v) for v in zip(*hard))
    ours = reference.relative_errors(spectral_radius(alpha, beta, h), hard, digits)
    naive_values = [reference.naive_spectral_radius(*p) for p in hard]
    naive = reference.relative_errors(naive_values, hard, digits)
    critical = reference.critical_points()
    alpha_c, beta_c, h_c = (np.array(v) for v in zip(*critical))
    lapack = reference.relative_errors(spectral_radius_eig(alpha_c, beta_c, h_c), critical, digits)
    ours_c = reference.relative_errors(spectral_radius(alpha_c, beta_c, h_c), critical, digits)
    return AccuracyStudy(len(hard), len(critical), ours, naive, ours_c, lapack, digits)


# ---- claims -------------------------------------------------------------------------------

# Bounds that the paper quotes in place of measured rounding errors (whose last digit moves
# with the platform's kernels); the check named beside each tests exactly that bound.
# naive_formula_loses_digits: the textbook formula's worst error (4e-8 measured).
NAIVE_ERROR_FLOOR = 1e-9
# eigensolver_loses_digits: LAPACK's worst error on the critical curve (2e-8 measured).
LAPACK_ERROR_FLOOR = 1e-10


@claim(quoted=True)
def spectral_radius_accurate() -> Claim:
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
    study = spectral_radius_accuracy()
    return at_least(
        "On the critical-damping curve beta = (1 - sqrt(alpha h))^2, A is a Jordan block and "
        "an eigen-solver keeps about half the digits",
        f"LAPACK eigvals vs mpmath at {study.critical_points} points on the curve, alpha h "
        "from 1e-6 to 3: largest relative error (~sqrt(eps), far above the closed form's)",
        float(study.lapack_critical_errors.max()),
        LAPACK_ERROR_FLOOR,
    )


# ---- numbers ------------------------------------------------------------------------------


def macros() -> list[Macro]:
    """The accuracy claim, the reference's digits and the bounds the claims test."""
    study = spectral_radius_accuracy()
    source = f"vs mpmath eig at {study.digits} digits (momentum_theory.reference)"
    return [
        Macro("AccuracyClaim", scientific(ACCURACY_CLAIM, 0), "documented bound"),
        Macro("UnitRoundoff", scientific(2.0**-53, 1), "2^-53"),
        Macro("ReferenceDigits", integer(study.digits), "mpmath working digits"),
        Macro(
            "HardPoints", integer(study.hard_points), "hard points: critical curve, tiny rho, ..."
        ),
        Macro(
            "NaiveErrorFloor",
            scientific(NAIVE_ERROR_FLOOR, 0),
            f"naive_formula_loses_digits: its worst error {source} is above this",
        ),
        Macro("NaiveDigits", integer(round(-math.log10(NAIVE_ERROR_FLOOR))), "-log10 of it"),
        Macro("CriticalPoints", integer(study.critical_points), "points on the critical curve"),
        Macro(
            "LapackErrorFloor",
            scientific(LAPACK_ERROR_FLOOR, 0),
            f"eigensolver_loses_digits: LAPACK eigvals' worst error {source} is above this",
        ),
        Macro("LapackDigits", integer(round(-math.log10(LAPACK_ERROR_FLOOR))), "-log10 of it"),
    ]


SUBJECT = Subject(
    "accuracy",
    "Evaluating the rate accurately",
    claims=claims_in(globals()),
    macros=macros,
)
