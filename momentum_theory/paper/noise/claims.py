"""Claims of the gradient-noise results: the stationary variance of every method, three
ways, and the rate--noise frontier.

The references: SciPy's Lyapunov solver and Cramer's rule for the closed form; SymPy for
the family's closed form and heavy ball's second-order gap; seeded simulations of each
method's own rule (independent chains give the confidence intervals); the whole
2d-dimensional system of a dense problem for the per-direction sum; nested families for
the frontier search.
"""

from __future__ import annotations

import math

import numpy as np

from momentum_theory.paper._claims import Claim, at_most, claim, equals, holds
from momentum_theory.paper.noise.frontiers import SEARCH_TOLERANCE
from momentum_theory.paper.noise.variance import DENSE_DIMENSION

# Closed form against the Lyapunov solvers, relative: both lose digits like eps/(1 - rho)
# with rho <= 0.999 here, so 1e-11 leaves an order of magnitude over the largest seen.
LYAPUNOV_TOLERANCE = 1e-11
# Per-direction sum against the whole dense system (well conditioned, rho < 0.95).
DENSE_TOLERANCE = 1e-12
# A frontier point's rate against its level: at a double root (critical damping) the
# rate moves like the square root of rounding, about 1e-8.
RATE_TOLERANCE = 1e-7


def _agreement():
    from momentum_theory.paper.noise.variance import lyapunov_agreement

    return lyapunov_agreement()


def _frontiers():
    from momentum_theory.paper.noise.frontiers import frontiers

    return frontiers()


@claim(quoted=True)
def closed_form_equals_lyapunov() -> Claim:
    result = _agreement()
    return at_most(
        "every method's closed-form stationary variance (family_variance at its family map and "
        "delayed noise c1) solves the discrete Lyapunov equation P = C P C^T + sigma^2 b b^T of "
        "its own rule",
        f"{len(result.labels)} cases (6 methods, PyTorch with and without Nesterov), "
        f"{result.samples} random settings each with rho <= {result.max_rate:g}: largest "
        "relative difference to Cramer's rule and to scipy.linalg.solve_discrete_lyapunov",
        result.worst,
        LYAPUNOV_TOLERANCE,
    )


@claim(quoted=True)
def family_closed_form_derived() -> Claim:
    from momentum_theory.methods import noise_derivation

    noise_derivation.family_variance_formula()  # raises if the formula is not SymPy's
    failures = 0
    for method in ("heavy_ball", "two_step"):
        try:
            noise_derivation.check_noise(method)
        except ArithmeticError:
            failures += 1
    return equals(
        "the two-step family's stationary variance is alpha sigma^2 (1 + D) / (h (1 - D) "
        "(2(1 + beta) - alpha h (1 + 2 gamma))), D = beta - alpha h gamma (heavy ball: "
        "alpha sigma^2 (1 + beta) / (h (1 - beta) (2(1 + beta) - alpha h)))",
        "SymPy: exact Lyapunov solution of the two_step and heavy_ball rules (state matrix "
        "and noise input derived from update) minus the formula, and minus the ARMA form; "
        "differences that do not cancel to 0",
        failures,
        0,
    )


@claim(quoted=True)
def variance_infinite_outside_region() -> Claim:
    result = _agreement()
    mismatches = sum(result.region_mismatches.values())
    return equals(
        "the stationary variance is finite and positive exactly where the method converges, "
        "inf outside the region",
        f"{len(result.labels)} cases, curvatures h from -1 to 60 (6101 points each): points "
        "where finiteness and convergence_region disagree",
        mismatches,
        0,
    )


@claim(quoted=True)
def dense_excess_is_sum_over_directions() -> Claim:
    result = _agreement()
    return at_most(
        "on a dense Q the stationary excess loss is (1/2) sum_i h_i Var_i over the eigen-"
        "directions of Q",
        f"{len(result.labels)} cases on a dense {DENSE_DIMENSION} x {DENSE_DIMENSION} Q: "
        "relative difference to (1/2) tr(Q P_xx) of scipy's Lyapunov solution of the whole "
        f"{2 * DENSE_DIMENSION}-dimensional system of each rule",
        max(result.dense.values()),
        DENSE_TOLERANCE,
    )


@claim(quoted=True)
def monte_carlo_intervals_contain_prediction() -> Claim:
    from momentum_theory.paper.noise.variance import monte_carlo

    study = monte_carlo()
    from scipy.stats import norm

    level = study.checks[0].level
    critical = float(norm.ppf(0.5 + level / 2))
    return at_most(
        "long seeded simulations of every method's own rule with noisy gradients reproduce "
        "the predicted stationary variance (and a dense problem's excess loss)",
        f"{len(study.checks)} simulations, {study.chains} independent chains x {study.steps} "
        f"steps after burn-in, sigma = {study.sigma:g}; {level:.2%} intervals from the chain "
        f"averages (joint {study.family_level:.0%}, Bonferroni), all contain the prediction: "
        f"{study.all_contain}; largest |z| (largest relative error "
        f"{study.largest_relative_error:.2%})",
        study.largest_z if study.all_contain else math.inf,
        critical,
    )


# The joint test of the simulations rejects at this level.
JOINT_LEVEL = 0.01


@claim(quoted=True)
def monte_carlo_joint_test() -> Claim:
    from momentum_theory.paper.noise.variance import joint_monte_carlo

    joint = joint_monte_carlo()
    table = joint.repetition(0)
    return Claim(
        "over independent repetitions, the simulations' z-scores are jointly consistent with "
        "the predictions: sum z^2 is not in the upper 1% tail of its chi^2 distribution",
        f"the table's {joint.z_scores.shape[1]} simulations repeated on "
        f"{len(joint.studies)} independent seed sets: sum z^2 = {joint.statistic:.1f} against "
        f"chi^2 with {joint.degrees} degrees of freedom (the table's own: {table[0]:.1f}, "
        f"p = {table[2]:.2g}); measured: the p-value",
        joint.p_value,
        f">= {JOINT_LEVEL:g}",
        bool(joint.p_value >= JOINT_LEVEL),
    )


@claim(quoted=True)
def small_step_first_order() -> Claim:
    from momentum_theory.paper.noise.variance import small_step_equivalence

    result = small_step_equivalence()
    small = result.products <= 1e-3
    error = float(np.max(np.abs(result.gap[small] / result.first_order[small] - 1)))
    return at_most(
        "heavy ball (alpha, beta) and gradient descent at alpha/(1 - beta) have the same "
        "stationary variance to first order in alpha h: the relative gap is "
        "-beta alpha h / (1 - beta^2) + O((alpha h)^2)",
        f"beta = {result.beta:g}, alpha h from 1e-3 to {result.products[-1]:.0e}: largest "
        "|gap / (-beta alpha h/(1 - beta^2)) - 1| (it is O(alpha h))",
        error,
        1e-3,
    )


@claim(quoted=True)
def small_step_second_order_gap() -> Claim:
    from momentum_theory.paper.noise.variance import small_step_equivalence

    result = small_step_equivalence()
    return at_most(
        "the second-order term of heavy ball's gap to gradient descent is "
        "-beta (alpha h)^2 / (2 (1 - beta^2)(1 + beta))",
        f"beta = {result.beta:g}: (gap - first-order term)/(alpha h)^2 against the derived "
        "coefficient, alpha h from 1e-3 to 1e-5; largest relative difference (O(alpha h)); "
        f"the exact closed form agrees to {result.closed_form_error:.1e}",
        result.second_order_error(),
        1e-2,
    )


@claim(quoted=True)
def excess_increases_with_step() -> Claim:
    study = _frontiers()
    return at_most(
        "at fixed other parameters the stationary excess loss increases with the step, so "
        "the frontier's best step is the smallest with the given rate",
        "every method on the frontier problem, 500 random settings of its other parameters x "
        "64 steps over its convergent interval: largest relative decrease between "
        "consecutive steps",
        max(study.monotonicity.values()),
        1e-12,
    )


@claim(quoted=True)
def frontier_points_attained() -> Claim:
    study = _frontiers()
    worst = 0.0
    for frontier in study.frontiers.values():
        reached = frontier.reached
        worst = max(
            worst, float(np.max(frontier.achieved_rates[reached] / frontier.rates[reached] - 1))
        )
    return at_most(
        "every point of every computed frontier is attained: its parameters converge at the "
        "level's rate or faster",
        f"{len(study.frontiers)} frontiers x {study.rates.size} levels: worst-case rate of "
        "the returned parameters over the level, minus 1",
        worst,
        RATE_TOLERANCE,
    )


@claim(quoted=True)
def nested_frontiers_ordered() -> Claim:
    study = _frontiers()
    pairs = (
        ("two-step", "heavy ball"),
        ("two-step", "Nesterov"),
        ("QHM", "heavy ball"),
        ("heavy ball", "gradient descent"),
    )
    worst = max(float(np.nanmax(study.ratio(a, b))) - 1 for a, b in pairs)
    same = float(np.nanmax(np.abs(study.ratio("PyTorch SGD", "heavy ball") - 1)))
    return at_most(
        "the frontiers respect the families' inclusions: two-step below heavy ball and "
        "Nesterov, QHM below heavy ball, heavy ball below gradient descent; PyTorch SGD "
        "without Nesterov equals heavy ball",
        f"at every level both reach: largest ratio of a family's frontier to a subfamily's, "
        f"minus 1 ({worst:.2g}), and |PyTorch SGD / heavy ball - 1| ({same:.1e}); the larger, "
        "against the 1-parameter searches' tolerance",
        max(worst, same),
        SEARCH_TOLERANCE[1],
    )


@claim(quoted=True)
def momentum_lowers_the_floor() -> Claim:
    study = _frontiers()
    ratio = study.ratio("heavy ball")
    reached = np.isfinite(ratio)
    return holds(
        "tuned together with its step, heavy-ball momentum lowers the stationary excess loss "
        "at every rate gradient descent can reach, and reaches rates it cannot",
        f"frontiers on {study.eigenvalues.size} eigenvalues in [{study.mu:g}, {study.L:g}]: "
        f"heavy ball over gradient descent from {ratio[reached].max():.3f} (slowest level) "
        f"to {ratio[reached].min():.3f}; heavy ball reaches rate "
        f"{study.optima['heavy ball'][0]:.4f}, gradient descent "
        f"{study.optima['gradient descent'][0]:.4f}",
        bool(np.all(ratio[reached] < 1))
        and study.optima["heavy ball"][0] < study.optima["gradient descent"][0],
    )


@claim(quoted=True)
def heavy_ball_frontier_critically_damped() -> Claim:
    study = _frontiers()
    frontier = study.frontiers["heavy ball"]
    reached = frontier.reached
    beta = frontier.parameters["beta"][reached]
    alpha = frontier.parameters["alpha"][reached]
    rates = frontier.rates[reached]
    deviation = max(
        float(np.max(np.abs(beta / rates**2 - 1))),
        float(np.max(np.abs(alpha * study.mu / (1 - rates) ** 2 - 1))),
    )
    return at_most(
        "heavy ball's least excess loss at rate r is critically damped at mu: beta = r^2, "
        "alpha = (1 - r)^2 / mu",
        f"the searched heavy-ball frontier, {int(reached.sum())} levels: largest relative "
        "deviation of beta from r^2 and of alpha from (1 - r)^2/mu",
        deviation,
        SEARCH_TOLERANCE[1],
    )


@claim(quoted=True)
def fixed_momentum_meets_gradient_descent() -> Claim:
    study = _frontiers()
    ratio = study.fixed_momentum_ratio()
    reached = np.flatnonzero(np.isfinite(ratio))
    slowest = float(ratio[reached[-1]])
    monotone = bool(np.all(np.diff(ratio[reached]) > 0))
    return holds(
        "at a fixed momentum, heavy ball's excess loss approaches gradient descent's frontier "
        "as the rate tends to 1 (the small-step equivalence)",
        f"beta = {study.fixed_momentum.beta:g}: its excess loss over gradient descent's at "
        f"each rate level rises monotonically towards 1, reaching {slowest:.3f} at "
        f"1 - rho = {1 - study.rates[reached[-1]]:.0e}",
        monotone and 0.9 < slowest < 1.0,
    )


@claim(quoted=True)
def qhm_floor_gap_is_its_gamma() -> Claim:
    from momentum_theory.paper.noise.frontiers import gamma_gap

    gap = gamma_gap(_frontiers())
    rate_error = abs(gap.family_at_qhm_rate / gap.rate - 1)
    return holds(
        "at the slowest level QHM's best family gamma is an order of magnitude below the "
        "two-step family's, and the two-step family at QHM's family parameters (same rate) "
        "has a floor between the two frontiers': most of the gap in floors is the gamma",
        f"rate {gap.rate:g}: family gamma {gap.qhm_gamma:.4g} (QHM) and {gap.two_step_gamma:.4g}"
        f" (two-step); excess loss over gradient descent's {gap.two_step_ratio:.3g} (two-step),"
        f" {gap.family_at_qhm_ratio:.3g} (two-step at QHM's family parameters, rate off by "
        f"{rate_error:.1e}), {gap.qhm_ratio:.3g} (QHM); the middle one nearer QHM's",
        gap.qhm_gamma < 0.2 * gap.two_step_gamma
        and rate_error <= RATE_TOLERANCE
        and gap.two_step_ratio < gap.family_at_qhm_ratio < gap.qhm_ratio
        and gap.family_at_qhm_ratio - gap.two_step_ratio > gap.qhm_ratio - gap.family_at_qhm_ratio,
    )
