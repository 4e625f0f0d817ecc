"""Claims of the named methods: their maps onto the two-step family, PyTorch's SGD, the
optima and the published tunings, and simulated rates (the paper's methods section).

Each claim reads an experiment of :mod:`~momentum_theory.paper.methods.experiments` and sets it
beside an independent computation: SymPy's derivation from each method's own update
rule, ``torch.optim.SGD`` itself, a brute-force grid with the textbook formula for the
rate, closed-form lower bounds, or a simulation of the method's own rule.
"""

from __future__ import annotations

import math

from momentum_theory.paper._claims import Claim, at_most, claim, equals, skipped
from momentum_theory.paper.methods import experiments, references

# The numerical optima's documented tolerance: their gap to the known optimal rate.
OPTIMUM_TOLERANCE = 1e-6
# How far the brute-force grid may come below an optimum: the textbook formula it uses
# keeps only about half the digits where a grid point is critically damped (a double
# eigenvalue moves like the square root of a rounding error, ~1e-8), so 1e-8; a wrong
# optimum is off by far more than that.
GRID_TOLERANCE = 1e-8
# A tuning's exact rate may exceed its published rate by this much: where a tuning puts an
# end of the spectrum on the critical curve, rho of the *rounded* parameters moves by the
# square root of their rounding error (~1e-8).
PUBLISHED_TOLERANCE = 1e-7
# Measured against predicted rates, relative: the accuracy compare_rates documents for
# rates in scope.
MEASURED_TOLERANCE = 1e-3
# pytorch_sgd's iterates against torch.optim.SGD's, relative to the iterate: the same
# float64 operations, except that PyTorch may fuse a + alpha b into one rounding.
TORCH_TOLERANCE = 1e-12


@claim(quoted=True)
def family_maps_derived() -> Claim:
    maps = experiments.family_maps()
    cases = ", ".join(
        m.method + ("" if not m.fixed else "(" + ", ".join(f"{k}={v}" for k, v in m.fixed) + ")")
        for m in maps
    )
    return equals(
        "Each method's update rule is a member of the two-step family on quadratics, under "
        "the map the code evaluates",
        f"sympy: Jacobian of each method's own rule on h x^2/2, det(lambda I - C), its "
        f"coefficients in h solved for (alpha, beta, gamma, shift) and compared with the "
        f"code's map, for {cases}; count of cases that differ",
        sum(not m.matches_code for m in maps),
        0,
    )


_TORCH = (
    "pytorch_sgd refuses what torch.optim.SGD refuses and otherwise takes torch's steps, "
    "for every combination of momentum, dampening, nesterov and weight_decay"
)


# Not quoted: it needs PyTorch, and the methods' numbers do not.
@claim
def pytorch_sgd_matches_torch() -> Claim:
    from momentum_theory.training._torch import INSTALL_COMMAND, torch_available

    if not torch_available():
        return skipped(_TORCH, f"PyTorch is missing; {INSTALL_COMMAND}")
    result = references.torch_equivalence()
    return at_most(
        _TORCH,
        f"torch.optim.SGD (float64, lr {references.TORCH_LR:g}) on a 4-D diagonal "
        f"quadratic, {len(result.options)} option combinations, {result.accepted} accepted "
        f"by both, {references.TORCH_STEPS} steps from the same start; largest iterate "
        f"gap relative to |x_t| (inf if a refusal differs: {result.refusals_differ})",
        result.max_gap if result.refusals_differ == 0 else math.inf,
        TORCH_TOLERANCE,
    )


@claim(quoted=True)
def optima_not_beaten_by_a_grid() -> Claim:
    found = references.brute_force_optima()
    mu, L = experiments.SPECTRUM
    points = references.BRUTE_FORCE_POINTS
    margins = ", ".join(f"{b.method} +{-b.excess:.1e}" for b in found)
    return at_most(
        f"No parameters of any method beat its optimal parameters on the spectrum [{mu:g}, {L:g}]",
        f"per method a grid over its parameters ({points[1]} steps for gradient descent, "
        f"{points[2]}^2 for two parameters, {points[3]}^3 for three), the textbook "
        f"rate formula maximised over {references.BRUTE_FORCE_CURVATURES} curvatures in "
        f"[mu, L]; largest (optimum - grid minimum); the grid's distance above it: {margins}",
        max(b.excess for b in found),
        GRID_TOLERANCE,
    )


@claim(quoted=True)
def numerical_optima_reach_the_bound() -> Claim:
    sweep = experiments.rates_against_kappa()
    kappas = ", ".join(f"{k:g}" for k in sweep.numerical_kappa)
    names = ", ".join(name for name, _ in experiments.NUMERICAL_METHODS)
    worst = max(float(abs(gap).max()) for gap in sweep.numerical_gap.values())
    return at_most(
        "The numerical optima of two_step, qhm and pytorch_sgd reach Polyak's rate "
        "(sqrt kappa - 1)/(sqrt kappa + 1), the lower bound for the family on quadratics",
        f"optimal_parameters (grid + Nelder-Mead) of {names} at kappa = {kappas}; largest "
        "|rate at the parameters found - closed-form bound|",
        worst,
        OPTIMUM_TOLERANCE,
    )


@claim(quoted=True)
def tunings_within_published_rates() -> Claim:
    comparison = experiments.spectrum_comparison()
    excess = max(t.rate - t.published_rate for t in comparison.tunings)
    names = ", ".join(f"{t.method}:{t.name}" for t in comparison.tunings)
    return at_most(
        "Each published tuning's exact worst-case rate on quadratics is at most the rate "
        "its reference proves",
        f"worst_case_rate at the tuned parameters for [{comparison.mu:g}, {comparison.L:g}] "
        f"({names}) minus the published distance rate; largest",
        excess,
        PUBLISHED_TOLERANCE,
    )


@claim(quoted=True)
def method_rates_measured() -> Claim:
    measured = references.measured_rates()
    mu, L = experiments.SPECTRUM
    return at_most(
        "Every method converges at its predicted worst-case rate on quadratics",
        f"each method's own rule simulated from rest for {references.STEPS} steps on a "
        f"diagonal and a dense problem (d = {references.MEASURED_DIMENSION}, spectrum "
        f"[{mu:g}, {L:g}]) at {measured.points} cells of the figure's panels (rate <= "
        f"{references.MAX_RATE:g}, |T^2 - 4D| >= {references.CRITICAL_BAND:g} at both "
        "ends); largest relative error of the measured rate",
        float(measured.errors().max()),
        MEASURED_TOLERANCE,
    )
