r"""Write every number the paper quotes into paper/generated/<subject>.tex, as LaTeX macros.

The paper never types a computed number: it says ``\gen{OptRateOneTen}`` and this script
defines ``\OptRateOneTen`` from the toolkit's public API. One file per subject, each
written atomically with identical bytes on every run (fixed seeds, fixed formatting):

    derivation     sympy renderings of the derivation (equation bodies)
    foundation     optimal parameters, accuracy of the spectral radius, errata figures
    rates          predicted vs measured rates            (momentum_theory.rates)
    transients     Theorem 1, transient peaks, Jordan growth (momentum_theory.transients)
    amplification  the 1/(1 - beta) velocity amplification  (momentum_theory.amplification)
    comparison2d   the chapter's 2-D comparison             (momentum_theory.comparison2d)
    training       the network experiments, needs PyTorch   (momentum_theory.training)

    python scripts/paper_numbers.py                        # every subject
    python scripts/paper_numbers.py --only foundation      # one subject
    python scripts/paper_numbers.py --list

A subject that needs PyTorch is skipped, with the reason, when PyTorch is not installed
(exit status 0; ``--strict`` makes it 1). Any other failure exits 1 and leaves the
previous file in place. Unknown subjects and bad folders exit 2 before anything runs.
"""

from __future__ import annotations

import argparse
import importlib.util
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from momentum_theory.amplification import FIGURE_SETTINGS
from momentum_theory.latex import (
    Macro,
    fixed,
    integer,
    macro_name,
    percent,
    scientific,
    shortest,
    significant,
    write_macros,
)
from momentum_theory.rates import FIGURE_GRID

REPOSITORY = Path(__file__).resolve().parent.parent
GENERATED = REPOSITORY / "paper" / "generated"
SEED = 20261124

# The spectra the paper discusses: [1, 10] is the heatmap_spectrum figure, [2, 20] the
# Hessian of the 2-D comparison f = x^2 + 10 y^2, [1, 100] the README's example.
SPECTRA = (("OneTen", 1.0, 10.0), ("TwoTwenty", 2.0, 20.0), ("OneHundred", 1.0, 100.0))
# The accuracy that spectral_radius documents (README, spectral.py): relative error bound.
ACCURACY_CLAIM = 1e-14
# Digits of the mpmath reference (momentum_theory.reference's default).
REFERENCE_DIGITS = 60
# (alpha h, beta) of the paper's example of a negative momentum that converges.
NEGATIVE_BETA_EXAMPLE = (0.5, -0.25)


class ClaimFailed(RuntimeError):
    """A qualitative statement of paper/main.tex no longer holds for the computed numbers."""


def _claim(holds: bool, statement: str) -> None:
    """Stop if ``statement``, which main.tex makes in words, is false for these numbers."""
    if not holds:
        raise ClaimFailed(f"paper/main.tex says: {statement!r}, which no longer holds")


# --------------------------------------------------------------------------------------
# derivation


def derivation_macros() -> list[Macro]:
    """The sympy derivation rendered as LaTeX equation bodies (use them in math mode)."""
    import sympy as sp

    from momentum_theory import symbolic as sym

    derived = sym.derivation()
    source = "momentum_theory.symbolic.derivation()"
    macros = [
        Macro(macro_name("deriv", *key.split("_")), body, f"{source}: {key}")
        for key, body in derived.latex().items()
    ]
    # The two eigenvalues as mean +- half gap, both computed from sympy's roots and
    # checked to be roots of the characteristic polynomial.
    low, high = derived.results["eigenvalues"]
    mean = sp.simplify((low + high) / 2)
    half_gap = sp.simplify((high - low) / 2)
    if half_gap.could_extract_minus_sign():
        half_gap = -half_gap
    polynomial = sym.characteristic_polynomial().as_expr()
    for root in (mean + half_gap, mean - half_gap):
        _claim(sp.simplify(polynomial.subs(sym.lam, root)) == 0, "m +- delta are the eigenvalues")
    macros += [
        Macro("DerivEigenMean", sp.latex(mean), f"{source}: (lambda_+ + lambda_-)/2"),
        Macro("DerivEigenHalfGap", sp.latex(half_gap), f"{source}: (lambda_+ - lambda_-)/2"),
        Macro(
            "DerivNesterovCompanion",
            sp.latex(sym.nesterov_companion().applyfunc(sp.factor)),
            "momentum_theory.symbolic.nesterov_companion(), entries factored",
        ),
        Macro(
            "DerivOptimalDiscriminant",
            sp.latex(sym.optimal_parameters().discriminant_factorisation),
            "momentum_theory.symbolic.optimal_parameters(): discriminant at the optimum",
        ),
    ]
    return macros


# --------------------------------------------------------------------------------------
# foundation


def _hard_points() -> list[tuple[float, float, float]]:
    """Points where a naive closed form or an eigen-solver loses digits (h = 1 mostly)."""
    from momentum_theory import critical_beta

    points = []
    products = [1e-12, 1e-9, 1e-6, 1e-3, 0.01, 0.1, 0.25, 0.5, 0.9, 1.0, 1.1, 2.0, 3.0, 3.9]
    for product in products:  # on and beside the critical-damping curve
        on_curve = float(critical_beta(product, 1.0))
        for offset in (0.0, 1e-16, -1e-16, 1e-13, -1e-13, 1e-10, -1e-10, 1e-7, -1e-7, 1e-4):
            points.append((product, on_curve * (1 + offset), 1.0))
        points.append((product, float(np.nextafter(on_curve, 2.0)), 1.0))
        points.append((product, float(np.nextafter(on_curve, -1.0)), 1.0))
    for delta in (0.0, 2.0**-52, -(2.0**-53), 1e-15, 1e-12, -1e-9):  # tiny rho
        for beta in (0.0, 1e-30, 1e-16):
            points.append((1.0 + delta, beta, 1.0))
    for beta in (0.0, 0.5, 0.9, 1 - 1e-8, 1 - 2.0**-53):  # boundary, beta -> 1
        points.append((2 * (1 + beta), beta, 1.0))
        points.append((1e-12, beta, 1.0))
    for scale in (1e-200, 1e-8, 1e8, 1e150):  # extreme h at a fixed product
        points.append((0.25 / scale, 0.25, scale))
        points.append((0.01 / scale, 0.81, scale))
    return points


def _critical_points() -> list[tuple[float, float, float]]:
    """Points exactly on the critical-damping curve (as doubles), alpha h from 1e-6 to 3."""
    from momentum_theory import critical_beta

    products = np.geomspace(1e-6, 3.0, 25)
    return [(float(p), float(critical_beta(p, 1.0)), 1.0) for p in products]


def _naive_radius(alpha: float, beta: float, h: float) -> float:
    """The textbook closed form in plain double arithmetic (what the kernel improves on)."""
    trace = 1.0 + beta - alpha * h
    discriminant = trace * trace - 4.0 * beta
    if discriminant < 0:
        return math.sqrt(beta)
    return (abs(trace) + math.sqrt(discriminant)) / 2.0


def foundation_macros() -> list[Macro]:
    """Optimal parameters per spectrum, accuracy figures, and the foundation's errata."""
    from momentum_theory import (
        convergence_region,
        optimal_parameters,
        spectral_radius,
        spectral_radius_eig,
        worst_case_rate,
    )
    from momentum_theory.reference import relative_errors

    macros: list[Macro] = []
    rounding = 0.0
    for tag, mu, L in SPECTRA:
        opt = optimal_parameters(mu, L)
        kappa = L / mu
        closed = (math.sqrt(kappa) - 1) / (math.sqrt(kappa) + 1)
        achieved = float(worst_case_rate(opt.alpha, opt.beta, mu, L))
        rounding = max(rounding, abs(achieved / closed - 1))
        gd_alpha = 2.0 / (mu + L)
        gd_rate = float(worst_case_rate(gd_alpha, 0.0, mu, L))
        where = f"spectrum [{mu:g}, {L:g}]"
        macros += [
            Macro(f"Mu{tag}", integer(mu), f"{where}: mu"),
            Macro(f"L{tag}", integer(L), f"{where}: L"),
            Macro(f"Kappa{tag}", integer(kappa), f"{where}: kappa = L/mu"),
            Macro(f"OptAlpha{tag}", significant(float(opt.alpha), 3), f"{where}: alpha*"),
            Macro(f"OptBeta{tag}", significant(float(opt.beta), 3), f"{where}: beta*"),
            Macro(f"OptRate{tag}", significant(float(opt.rate), 3), f"{where}: sqrt(beta*)"),
            Macro(f"GdAlpha{tag}", significant(gd_alpha, 3), f"{where}: 2/(mu + L)"),
            Macro(f"GdRate{tag}", significant(gd_rate, 3), f"{where}: worst_case_rate(GD)"),
            Macro(
                f"Speedup{tag}",
                fixed(math.log(achieved) / math.log(gd_rate), 1),
                f"{where}: log(momentum rate)/log(GD rate), GD steps per momentum step",
            ),
            Macro(f"SqrtKappa{tag}", fixed(math.sqrt(kappa), 1), f"{where}: sqrt(kappa)"),
        ]
    macros.append(
        Macro(
            "OptRateRounding",
            scientific(rounding, 0),
            "max over the spectra of |worst_case_rate(alpha*, beta*) / closed form - 1|",
        )
    )

    hard = _hard_points()
    alpha, beta, h = (np.array(v) for v in zip(*hard))
    ours = relative_errors(spectral_radius(alpha, beta, h), hard, REFERENCE_DIGITS)
    naive = relative_errors([_naive_radius(*p) for p in hard], hard, REFERENCE_DIGITS)
    _claim(ours.max() <= ACCURACY_CLAIM, "Section 4: spectral_radius meets its bound")
    _claim(naive.max() > 1e3 * ACCURACY_CLAIM, "Section 4: the naive formula loses digits")
    critical = _critical_points()
    alpha_c, beta_c, h_c = (np.array(v) for v in zip(*critical))
    lapack = relative_errors(spectral_radius_eig(alpha_c, beta_c, h_c), critical)
    ours_c = relative_errors(spectral_radius(alpha_c, beta_c, h_c), critical)
    _claim(lapack.max() > 1e-12, "Section 4: LAPACK loses about half the digits on the curve")
    source = f"vs mpmath eig at {REFERENCE_DIGITS} digits (momentum_theory.reference)"
    macros += [
        Macro("AccuracyClaim", scientific(ACCURACY_CLAIM, 0), "documented bound"),
        Macro("UnitRoundoff", scientific(2.0**-53, 1), "2^-53"),
        Macro("ReferenceDigits", integer(REFERENCE_DIGITS), "mpmath working digits"),
        Macro("HardPoints", integer(len(hard)), "hard points: critical curve, tiny rho, ..."),
        Macro("ClosedFormWorstError", scientific(ours.max(), 0), f"spectral_radius {source}"),
        Macro("NaiveWorstError", scientific(naive.max(), 0), f"naive formula {source}"),
        Macro("NaiveDigits", fixed(-math.log10(naive.max()), 0), "-log10 of the above"),
        Macro("CriticalPoints", integer(len(critical)), "points on the critical curve"),
        Macro("LapackCriticalError", scientific(lapack.max(), 0), f"LAPACK eigvals {source}"),
        Macro("LapackCriticalDigits", fixed(-math.log10(lapack.max()), 0), "-log10 of it"),
        Macro(
            "ClosedFormCriticalError",
            scientific(ours_c.max(), 0) if ours_c.max() > 0 else "0",
            f"spectral_radius on the same critical points {source}",
        ),
    ]

    # Erratum: complex eigenvalues have modulus sqrt(beta) (product of the pair = det A).
    rng = np.random.default_rng(SEED)
    count = 20000
    beta_z = rng.uniform(0.01, 0.99, count)
    trace = rng.uniform(-1.0, 1.0, count) * 2 * np.sqrt(beta_z) * 0.95  # T^2 < 0.9 * 4 beta
    alpha_z = 1.0 + beta_z - trace  # h = 1, so T = 1 + beta - alpha
    modulus = spectral_radius_eig(alpha_z, beta_z, 1.0)
    deviation = np.abs(modulus / np.sqrt(beta_z) - 1).max()
    macros += [
        Macro("ComplexPoints", integer(count), "random points with a complex pair"),
        Macro(
            "ComplexModulusDeviation",
            scientific(deviation, 0),
            "max |LAPACK |lambda| / sqrt(beta) - 1| over those points",
        ),
    ]

    # Erratum: beta need not be positive. Share of the stable region (alpha h, beta in
    # (0, 4) x (-1, 1)) with beta < 0, counted on a grid of cell centres, and one example.
    n = 2000
    products = (np.arange(n) + 0.5) * (4.0 / n)
    betas = -1.0 + (np.arange(n) + 0.5) * (2.0 / n)
    stable = convergence_region(products[np.newaxis, :], betas[:, np.newaxis], 1.0)
    share = stable[betas < 0].sum() / stable.sum()
    example_product, example_beta = NEGATIVE_BETA_EXAMPLE
    x_prev = x_now = 1.0
    history = []
    for _ in range(200):
        x_prev, x_now = x_now, (1 + example_beta - example_product) * x_now - example_beta * x_prev
        history.append(math.hypot(x_now, x_prev))
    measured = (history[-1] / history[-101]) ** (1 / 100)
    macros += [
        Macro(
            "NegativeBetaShare",
            percent(share, 1),
            f"share of the stable cells with beta < 0 ({n} x {n} grid, alpha h in (0, 4))",
        ),
        Macro("NegBetaProduct", shortest(example_product), "example alpha h"),
        Macro("NegBetaBeta", shortest(example_beta), "example beta < 0"),
        Macro(
            "NegBetaRate",
            significant(float(spectral_radius(example_product, example_beta, 1.0)), 4),
            "spectral_radius at the example",
        ),
        Macro(
            "NegBetaMeasured",
            significant(measured, 4),
            "(||s_200|| / ||s_100||)^(1/100) of a plain-loop simulation at the example",
        ),
    ]
    return macros


# --------------------------------------------------------------------------------------
# rates: predicted vs measured (on FIGURE_GRID, the grid of scripts/fig_rates.py)


def rates_macros() -> list[Macro]:
    """compare_rates on the figure's grid: scope, median and largest relative error."""
    from momentum_theory.problems import standard_problems
    from momentum_theory.rates import compare_rates, jordan_bias

    problems = standard_problems()
    result = compare_rates(problems=problems, **FIGURE_GRID)
    dimension = max(int(np.size(p.x0)) for p in problems)
    source = "momentum_theory.rates.compare_rates on the grid of scripts/fig_rates.py"
    return [
        Macro("RatesGridPoints", integer(result.alpha.size * result.beta.size), source),
        Macro("RatesProblems", integer(len(problems)), "standard_problems()"),
        Macro("RatesDimension", integer(dimension), "largest problem dimension"),
        Macro("RatesSteps", integer(result.steps), "steps per run"),
        Macro("RatesInScope", integer(int(result.in_scope.sum())), "points in the claim"),
        Macro("RatesMaxRate", shortest(result.max_rate), "scope: predicted rate <="),
        Macro("RatesCriticalBand", shortest(result.critical_band), "scope: distance"),
        Macro("RatesMedianError", scientific(result.median_error, 1), f"{source}: median"),
        Macro("RatesMaxError", scientific(result.max_error, 1), f"{source}: maximum"),
        Macro(
            "RatesJordanBias",
            percent(jordan_bias(0.5, result.steps) - 1, 3),
            "jordan_bias(c = 1/2, steps) - 1: overshoot of the estimate on the curve",
        ),
    ]


# --------------------------------------------------------------------------------------
# transients: Theorem 1, transient peaks, Jordan growth, finite-horizon worst case

TRANSIENT_TAGS = {"real distinct": "Real", "complex": "Complex", "critical (Jordan)": "Jordan"}
JORDAN_T = 100
WORST_SHORT, WORST_LONG = 10, 100


def transients_macros() -> list[Macro]:
    """The three regimes of scripts/fig_transients.py, Jordan growth, worst case W_n."""
    from momentum_theory import optimal_parameters
    from momentum_theory.transients import jordan_growth, transient_curves, worst_case_error

    macros: list[Macro] = []
    for curve in transient_curves():
        tag = "Trans" + TRANSIENT_TAGS[curve.regime]
        where = f"transient_curves(), regime {curve.regime}"
        alpha = shortest(curve.alpha) if curve.regime != "critical (Jordan)" else r"1/64"
        beta = shortest(curve.beta) if curve.regime != "critical (Jordan)" else r"49/64"
        macros += [
            Macro(f"{tag}Alpha", alpha, f"{where}: alpha"),
            Macro(f"{tag}Beta", beta, f"{where}: beta"),
            Macro(f"{tag}Rho", significant(curve.rho, 3), f"{where}: rho"),
            Macro(f"{tag}Eps", significant(curve.eps, 2), f"{where}: eps = (1 - rho)/2"),
            Macro(f"{tag}Constant", significant(curve.constant.constant, 3), f"{where}: C"),
            Macro(f"{tag}Peak", significant(curve.peak.peak, 3), f"{where}: max_t ||A^t||"),
            Macro(f"{tag}PeakTime", integer(curve.peak.peak_time), f"{where}: argmax"),
        ]
        _claim(
            curve.constant.holds_for_all_t and curve.peak.holds_for_all_t,
            "Table 2: C(eps) and the peak are valid for all t",
        )
        _claim(curve.rho < 1 < curve.peak.peak, "Table 2: rho < 1 yet the norm first grows")
    growth = jordan_growth(1 / 64, 1.0, JORDAN_T)
    macros += [
        Macro("TransJordanT", integer(JORDAN_T), "t for the Jordan growth ratio"),
        Macro(
            "TransJordanRatio",
            significant(growth.measured[JORDAN_T] / growth.rho**JORDAN_T, 3),
            "jordan_growth(1/64, 1, t): ||A^t||_2 / rho^t",
        ),
    ]
    opt = optimal_parameters(1.0, 100.0)
    for tag, n in (("Short", WORST_SHORT), ("Long", WORST_LONG)):
        worst = worst_case_error(float(opt.alpha), float(opt.beta), 1.0, 100.0, n)
        where = f"worst_case_error(Polyak's parameters for [1, 100], n = {n})"
        macros += [
            Macro(f"Worst{tag}N", integer(n), "steps"),
            Macro(
                f"Worst{tag}Distance", significant(math.sqrt(worst.value), 3), f"sqrt W_n, {where}"
            ),
            Macro(
                f"Worst{tag}PerStep", significant(worst.per_step_rate, 3), f"W_n^(1/2n), {where}"
            ),
            Macro(
                f"Worst{tag}RatePower",
                significant(float(opt.rate) ** n, 2),
                f"rho*^n for n = {n}",
            ),
        ]
    return macros


# --------------------------------------------------------------------------------------
# amplification: the 1/(1 - beta) velocity and the effective step

EFFECTIVE_PRODUCTS = (("Small", 1e-4), ("Medium", 1e-3), ("Large", 1e-2))


def amplification_macros() -> list[Macro]:
    """velocity_amplification on the figure's betas; compare_effective_step at beta 0.9."""
    from momentum_theory.amplification import compare_effective_step, velocity_amplification

    run = velocity_amplification(**FIGURE_SETTINGS)
    beta = 0.9
    macros = [
        Macro("AmpBetaNinety", shortest(beta), "the chapter's example momentum"),
        Macro(
            "AmpBetaList",
            ", ".join(shortest(b) for b in FIGURE_SETTINGS["beta"]),
            "betas of scripts/fig_amplification.py",
        ),
        Macro("AmpSteps", integer(FIGURE_SETTINGS["steps"]), "steps of the figure"),
        Macro(
            "AmpMaxError",
            scientific(float(run.relative_error.max()), 0),
            "velocity_amplification: max relative error vs (1 - beta^t)/(1 - beta)",
        ),
    ]
    products = np.array([p for _, p in EFFECTIVE_PRODUCTS])
    effective = compare_effective_step(products, beta, 1.0)
    macros.append(
        Macro(
            "AmpCriticalProduct",
            significant(float(effective.critical_product[0]), 3),
            "(1 - sqrt(beta))^2 at beta = 0.9",
        )
    )
    for (tag, product), ratio in zip(EFFECTIVE_PRODUCTS, effective.speed_ratio):
        macros.append(Macro(f"AmpProduct{tag}", scientific(product, 0), "alpha h"))
        macros.append(
            Macro(f"AmpRatio{tag}", significant(float(ratio), 3), "compare_effective_step")
        )
    macros.append(
        Macro(
            "AmpInverseRatioLarge",
            significant(1 / float(effective.speed_ratio[-1]), 2),
            "1 / speed_ratio beyond the critical product: how much faster GD is",
        )
    )
    return macros


# --------------------------------------------------------------------------------------
# comparison2d: the chapter's 2-D example


def comparison2d_macros() -> list[Macro]:
    """compare_2d in both settings: parameters and distances after the chapter's steps."""
    from momentum_theory.comparison2d import STARTS, STEPS, compare_2d_settings

    macros = [
        Macro("CmpSteps", integer(STEPS), "iterations (the chapter's 15)"),
        Macro("CmpStartDistance", significant(math.hypot(*STARTS[0]), 3), "||(10, 1)||"),
    ]
    worst = 0.0
    for comparison in compare_2d_settings():
        tag = {"principled": "Prin", "hand-picked": "Hand"}[comparison.setting.name]
        setting = comparison.setting
        where = f"compare_2d, {setting.name} setting"
        macros += [
            Macro(f"Cmp{tag}GdAlpha", _trimmed(setting.gradient_descent_alpha), where),
            Macro(f"Cmp{tag}Alpha", _trimmed(setting.alpha), where),
            Macro(f"Cmp{tag}Beta", _trimmed(setting.beta), where),
        ]
        for method, name in (("gradient descent", "Gd"), ("heavy ball", "Hb")):
            runs = [r for r in comparison.runs if r.method == method]
            distances = {r.measured for r in runs}
            _claim(
                max(distances) - min(distances) <= 1e-12 * max(distances),
                "Section 9: both starts give the same distances",
            )
            worst = max([worst, *(r.relative_error for r in runs)])
            macros.append(
                Macro(
                    f"Cmp{tag}{name}Distance",
                    significant(runs[0].measured, 3),
                    f"{where}: {method}, ||x_15 - x*|| (same from both starts)",
                )
            )
    macros.append(
        Macro("CmpMaxError", scientific(worst, 0), "max relative error, measured vs closed form")
    )
    return macros


# --------------------------------------------------------------------------------------
# training: the network experiments (PyTorch)


def training_macros() -> list[Macro]:
    """The chapter's setting, the two parametrisations, momentum vs SGD, curvature, sweep."""
    import inspect

    from momentum_theory.training import (
        compare_optimizers,
        compare_parametrizations,
        compare_regions,
        locate_in_stability_region,
        train_chapter_network,
    )
    from momentum_theory.training.data import BATCH_SIZE, N_POINTS, NOISE
    from momentum_theory.training.model import HIDDEN

    defaults = inspect.signature(train_chapter_network).parameters
    lr, momentum = defaults["lr"].default, defaults["momentum"].default
    epochs = defaults["epochs"].default
    macros = [
        Macro("TrainPoints", integer(N_POINTS), "training.data.N_POINTS"),
        Macro("TrainNoise", shortest(NOISE), "training.data.NOISE"),
        Macro("TrainHidden", integer(HIDDEN), "training.model.HIDDEN"),
        Macro("TrainBatch", integer(BATCH_SIZE), "training.data.BATCH_SIZE"),
        Macro("TrainEpochs", integer(epochs), "train_chapter_network default"),
        Macro("TrainLr", shortest(lr), "train_chapter_network default"),
        Macro("TrainMomentum", shortest(momentum), "train_chapter_network default"),
    ]

    parametrizations = compare_parametrizations()
    schedule = parametrizations.schedule
    macros += [
        Macro(
            "TrainStepsTotal",
            integer(parametrizations.float64.loss_gap.size),
            "optimisation steps per run",
        ),
        Macro(
            "EquivFloatThirtyTwoUlps",
            fixed(parametrizations.float32.max_gap_ulps, 0),
            "compare_parametrizations(): float32 gap in units of roundoff",
        ),
        Macro(
            "EquivFloatSixtyFourUlps",
            fixed(parametrizations.float64.max_gap_ulps, 0),
            "compare_parametrizations(): float64 gap in units of roundoff",
        ),
        Macro("EquivMilestone", integer(schedule.schedule.milestone), "decay step"),
        Macro("EquivFirstApart", integer(schedule.first_step_apart), "first step apart"),
        Macro("EquivStepGap", scientific(schedule.measured_step_gap, 1), "measured gap"),
        Macro("EquivPredictedGap", scientific(schedule.predicted_step_gap, 1), "closed form"),
        Macro("EquivMaxGap", scientific(schedule.max_parameter_gap, 1), "largest gap"),
    ]

    comparison = compare_optimizers()

    def loss(method: str) -> str:
        summary = comparison.summary(method)
        return rf"\ensuremath{{{_plain(summary.mean, 3)} \pm {_plain(summary.std, 2)}}}"

    macros += [
        Macro("TrainSeeds", integer(len(comparison.seeds)), "compare_optimizers() seeds"),
        Macro("TrainLossMomentum", loss("momentum"), "final loss, mean +- std over seeds"),
        Macro("TrainLossSgd", loss("sgd"), "final loss, mean +- std over seeds"),
        Macro("TrainLossEffective", loss("sgd_effective"), "final loss, mean +- std"),
        Macro("TrainMomentumWins", integer(comparison.wins("momentum", "sgd")), "seeds won"),
        Macro("TrainEffectiveLr", _trimmed(comparison.effective_lr), "lr/(1 - beta)"),
        Macro("TrainUnexplained", percent(comparison.unexplained_gain, 1), "unexplained gain"),
    ]

    report = locate_in_stability_region()
    macros += [
        Macro("CurvInitial", significant(report.initial.eigenvalue, 4), "lambda_max at start"),
        Macro("CurvFinal", significant(report.final.eigenvalue, 4), "lambda_max at the end"),
        Macro("CurvBound", significant(report.initial_position.bound, 2), "2(1 + beta)"),
        Macro(
            "CurvProductInitial",
            significant(report.initial_position.lr_h, 2),
            "lr lambda_max at the start",
        ),
        Macro(
            "CurvProductFinal", significant(report.final_position.lr_h, 2), "lr lambda_max, end"
        ),
    ]

    _claim(
        comparison.unexplained_gain < 0.1,
        "Section 10: the effective step explains most of momentum's gain",
    )
    _claim(
        report.initial_position.fraction < 0.1 and report.final_position.fraction < 0.1,
        "Section 10: the chapter's setting sits deep inside the region",
    )
    regions = compare_regions()
    trained = ~regions.sweep.diverged
    _claim(
        float(np.nanmax(regions.final_edge_fraction[trained])) <= 1,
        "Section 10: every trained cell ends inside the region for its final curvature",
    )
    macros += [
        Macro(
            "SweepCells",
            rf"\ensuremath{{{regions.sweep.lr.size} \times {regions.sweep.momentum.size}}}",
            "compare_regions() grid",
        ),
        Macro("SweepStableButDiverged", integer(regions.stable_but_diverged), "cells"),
        Macro("SweepUnstableButTrained", integer(regions.unstable_but_trained), "cells"),
        Macro("SweepTrained", integer(int(trained.sum())), "cells that did not diverge"),
        Macro(
            "SweepLargestEdgeFraction",
            significant(float(np.nanmax(regions.final_edge_fraction[trained])), 2),
            "max over trained cells of lr lambda_end / (2(1 + beta))",
        ),
    ]
    return macros


def _trimmed(value: float, digits: int = 3) -> str:
    """``digits`` significant digits with trailing zeros dropped (0.05, not 0.0500)."""
    text = significant(value, digits)
    return text.rstrip("0").rstrip(".") if "." in text and "ensuremath" not in text else text


def _plain(value: float, digits: int) -> str:
    """``digits`` significant digits without the \\ensuremath wrapper (for use in math)."""
    text = significant(value, digits)
    return text.removeprefix(r"\ensuremath{").removesuffix("}") if "ensuremath" in text else text


# --------------------------------------------------------------------------------------
# the command line

Subject = Callable[[], list[Macro]]
SUBJECTS: dict[str, Subject] = {
    "derivation": derivation_macros,
    "foundation": foundation_macros,
    "rates": rates_macros,
    "transients": transients_macros,
    "amplification": amplification_macros,
    "comparison2d": comparison2d_macros,
    "training": training_macros,
}
NEEDS_TORCH = frozenset({"training"})


def write_subject(name: str, folder: Path) -> Path:
    """Compute subject ``name`` and write ``folder/<name>.tex``."""
    macros = SUBJECTS[name]()
    header = (
        f"Numbers for paper/main.tex, subject '{name}': written by scripts/paper_numbers.py\n"
        f"from the toolkit's public API ({SUBJECTS[name].__name__})."
    )
    return write_macros(folder / f"{name}.tex", macros, header=header)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="paper_numbers.py",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--only", nargs="+", metavar="SUBJECT", help="subjects to write")
    parser.add_argument(
        "--output-dir", default=str(GENERATED), metavar="DIR", help="default paper/generated"
    )
    parser.add_argument("--list", action="store_true", help="list the subjects and exit")
    parser.add_argument(
        "--strict", action="store_true", help="exit 1 if a subject is skipped (no PyTorch)"
    )
    arguments = parser.parse_args(argv)
    if arguments.list:
        for name in SUBJECTS:
            print(name + ("  (needs PyTorch)" if name in NEEDS_TORCH else ""))
        return 0
    names = arguments.only or list(SUBJECTS)
    unknown = [name for name in names if name not in SUBJECTS]
    if unknown:
        parser.error(f"--only: unknown subject {', '.join(unknown)}; known: {', '.join(SUBJECTS)}")
    folder = Path(arguments.output_dir)
    if not folder.is_dir():
        parser.error(f"--output-dir: {folder} is not an existing folder")
    have_torch = importlib.util.find_spec("torch") is not None
    status = 0
    for name in [n for n in SUBJECTS if n in names]:
        if name in NEEDS_TORCH and not have_torch:
            print(f"{name:<14} skipped: PyTorch is not installed (pip install -e '.[torch]')")
            status = 1 if arguments.strict else status
            continue
        started = time.perf_counter()
        path = write_subject(name, folder)
        print(f"{name:<14} {time.perf_counter() - started:5.1f} s  {path}")
    return status


if __name__ == "__main__":
    sys.exit(main())
