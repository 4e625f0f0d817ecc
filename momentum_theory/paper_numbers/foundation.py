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
    complex_pair_modulus,
    eigensolver_loses_digits,
    naive_formula_loses_digits,
    negative_momentum_converges,
    optimal_rate,
    spectral_radius_accurate,
)

__all__ = ["CLAIMS", "macros"]

CLAIMS = (
    spectral_radius_accurate,
    naive_formula_loses_digits,
    eigensolver_loses_digits,
    complex_pair_modulus,
    negative_momentum_converges,
    optimal_rate,
)


def macros() -> list[Macro]:
    """Numbers of the foundation sections, from :mod:`momentum_theory.experiments.foundation`."""
    from momentum_theory.experiments import foundation as experiment

    macros: list[Macro] = []
    rounding = 0.0
    for tag, mu, L in experiment.SPECTRA:
        opt = experiment.optimum_for_spectrum(mu, L)
        rounding = max(rounding, opt.rounding)
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
    macros.append(
        Macro(
            "OptRateRounding",
            scientific(rounding, 0),
            "max over the spectra of |worst_case_rate(alpha*, beta*) / closed form - 1|",
        )
    )

    study = experiment.spectral_radius_accuracy()
    ours, naive = study.closed_form_errors, study.naive_errors
    lapack, ours_c = study.lapack_critical_errors, study.closed_form_critical_errors
    source = f"vs mpmath eig at {study.digits} digits (momentum_theory.reference)"
    macros += [
        Macro("AccuracyClaim", scientific(experiment.ACCURACY_CLAIM, 0), "documented bound"),
        Macro("UnitRoundoff", scientific(2.0**-53, 1), "2^-53"),
        Macro("ReferenceDigits", integer(study.digits), "mpmath working digits"),
        Macro(
            "HardPoints", integer(study.hard_points), "hard points: critical curve, tiny rho, ..."
        ),
        Macro("ClosedFormWorstError", scientific(ours.max(), 0), f"spectral_radius {source}"),
        Macro("NaiveWorstError", scientific(naive.max(), 0), f"naive formula {source}"),
        Macro("NaiveDigits", fixed(-math.log10(naive.max()), 0), "-log10 of the above"),
        Macro("CriticalPoints", integer(study.critical_points), "points on the critical curve"),
        Macro("LapackCriticalError", scientific(lapack.max(), 0), f"LAPACK eigvals {source}"),
        Macro("LapackCriticalDigits", fixed(-math.log10(lapack.max()), 0), "-log10 of it"),
        Macro(
            "ClosedFormCriticalError",
            scientific(ours_c.max(), 0) if ours_c.max() > 0 else "0",
            f"spectral_radius on the same critical points {source}",
        ),
    ]

    modulus = experiment.complex_modulus()
    macros += [
        Macro("ComplexPoints", integer(modulus.points), "random points with a complex pair"),
        Macro(
            "ComplexModulusDeviation",
            scientific(modulus.max_deviation, 0),
            "max |LAPACK |lambda| / sqrt(beta) - 1| over those points",
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
