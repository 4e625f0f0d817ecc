"""Paper numbers, foundation: optimal parameters per spectrum, accuracy, errata figures."""

from __future__ import annotations

import math

from momentum_theory.latex import (
    Macro,
    fixed,
    integer,
    percent,
    scientific,
    shortest,
    significant,
)
from momentum_theory.verify.foundation import (
    COMPLEX_MODULUS_TOLERANCE,
    LAPACK_ERROR_FLOOR,
    NAIVE_ERROR_FLOOR,
    OPTIMAL_RATE_TOLERANCE,
)

__all__ = ["macros"]


def macros() -> list[Macro]:
    """Numbers of the foundation sections, from :mod:`momentum_theory.experiments.foundation`."""
    from momentum_theory.experiments import foundation as experiment

    macros: list[Macro] = []
    for tag, mu, L in experiment.SPECTRA:
        opt = experiment.optimum_for_spectrum(mu, L)
        where = f"spectrum [{mu:g}, {L:g}]"
        macros += [
            Macro(f"Mu{tag}", integer(mu), f"{where}: mu"),
            Macro(f"L{tag}", integer(L), f"{where}: L"),
            Macro(f"Kappa{tag}", integer(opt.condition_number), f"{where}: kappa = L/mu"),
            Macro(f"OptAlpha{tag}", significant(opt.alpha, 3), f"{where}: alpha*"),
            Macro(f"OptBeta{tag}", significant(opt.beta, 3), f"{where}: beta*"),
            Macro(f"OptRate{tag}", significant(opt.rate, 3), f"{where}: sqrt(beta*)"),
            Macro(
                f"GdAlpha{tag}", significant(opt.gradient_descent_alpha, 3), f"{where}: 2/(mu + L)"
            ),
            Macro(
                f"GdRate{tag}",
                significant(opt.gradient_descent_rate, 3),
                f"{where}: worst_case_rate(GD)",
            ),
            Macro(
                f"Speedup{tag}",
                fixed(opt.speedup, 1),
                f"{where}: log(momentum rate)/log(GD rate), GD steps per momentum step",
            ),
            Macro(
                f"SqrtKappa{tag}",
                fixed(math.sqrt(opt.condition_number), 1),
                f"{where}: sqrt(kappa)",
            ),
        ]
    # Measured rounding errors move with the platform's kernels: the text quotes the bounds
    # that the verify checks test (momentum_theory.verify.foundation), not the measurements.
    macros.append(
        Macro(
            "OptRateTolerance",
            scientific(OPTIMAL_RATE_TOLERANCE, 0),
            "optimal_rate: bound on |worst_case_rate(alpha*, beta*) / closed form - 1|",
        )
    )

    study = experiment.spectral_radius_accuracy()
    source = f"vs mpmath eig at {study.digits} digits (momentum_theory.reference)"
    macros += [
        Macro("AccuracyClaim", scientific(experiment.ACCURACY_CLAIM, 0), "documented bound"),
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

    modulus = experiment.complex_modulus()
    macros += [
        Macro("ComplexPoints", integer(modulus.points), "random points with a complex pair"),
        Macro(
            "ComplexModulusTolerance",
            scientific(COMPLEX_MODULUS_TOLERANCE, 0),
            "complex_pair_modulus: bound on |LAPACK |lambda| / sqrt(beta) - 1| at those points",
        ),
    ]

    negative = experiment.negative_momentum()
    macros += [
        Macro(
            "NegativeBetaShare",
            percent(negative.share, 1),
            f"share of the stable cells with beta < 0 ({negative.grid} x {negative.grid} grid, "
            "alpha h in (0, 4))",
        ),
        Macro("NegBetaProduct", shortest(negative.product), "example alpha h"),
        Macro("NegBetaBeta", shortest(negative.beta), "example beta < 0"),
        Macro("NegBetaRate", significant(negative.rate, 4), "spectral_radius at the example"),
        Macro(
            "NegBetaMeasured",
            significant(negative.measured, 4),
            "(|x_200| / |x_100|)^(1/100) of a plain-loop simulation at the example",
        ),
    ]
    return macros
