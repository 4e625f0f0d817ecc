r"""The :math:`1/(1-\beta)` amplification (section ``sec:amplification``): the velocity under
a constant gradient, and how close heavy ball comes to gradient descent with the effective
step :math:`\alpha/(1-\beta)`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from momentum_theory.amplification import (
    EffectiveStep,
    VelocityAmplification,
    compare_effective_step,
    velocity_amplification,
)
from momentum_theory.paper._cache import experiment
from momentum_theory.paper._claims import Claim, at_most, claim
from momentum_theory.paper._latex import Macro, integer, scientific, shortest, significant
from momentum_theory.paper._subject import Figure as PaperFigure
from momentum_theory.paper._subject import Subject, claims_in

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "AMPLIFICATION_TOLERANCE",
    "EFFECTIVE_STEP_MOMENTUM",
    "EFFECTIVE_STEP_PRODUCTS",
    "FIGURE_MOMENTA",
    "FIGURE_STEPS",
    "SUBJECT",
    "EffectiveStepRange",
    "amplification_figure",
    "amplification_numeric",
    "amplification_symbolic",
    "effective_step",
    "effective_step_range",
    "effective_step_scope",
    "effective_step_series",
    "effective_step_speeds",
    "macros",
    "plot_amplification_figure",
    "plot_velocity_amplification",
    "velocity_run",
]

# ---- settings -----------------------------------------------------------------------------

# The momenta and horizon of the amplification figure.
FIGURE_MOMENTA = (0.5, 0.8, 0.9, 0.95)
FIGURE_STEPS = 100
# alpha h below, near and beyond the critical product (1 - sqrt(0.9))^2 ~ 2.7e-3.
EFFECTIVE_STEP_PRODUCTS = (1e-4, 1e-3, 1e-2)
EFFECTIVE_STEP_MOMENTUM = 0.9


# ---- experiments --------------------------------------------------------------------------


@experiment
def velocity_run(
    beta: tuple[float, ...] = FIGURE_MOMENTA, steps: int = FIGURE_STEPS
) -> VelocityAmplification:
    """:func:`~momentum_theory.amplification.velocity_amplification` for the figure."""
    return velocity_amplification(beta, steps)


@experiment
def effective_step_speeds(
    products: tuple[float, ...] = EFFECTIVE_STEP_PRODUCTS, beta: float = EFFECTIVE_STEP_MOMENTUM
) -> EffectiveStep:
    """:func:`~momentum_theory.amplification.compare_effective_step` at ``h = 1``."""
    return compare_effective_step(np.array(products), beta, 1.0)


@dataclass(frozen=True)
class EffectiveStepRange:
    r"""Where heavy ball behaves like gradient descent with the effective step, and where not.

    Attributes
    ----------
    beta : float
        The momentum.
    one_percent_product : float
        The :math:`x = \alpha h` at which gradient descent with step :math:`\alpha/(1-\beta)`
        needs 1% more steps than heavy ball (speed ratio 1.01), by root finding on the exact
        rates.
    one_percent_estimate : float
        The series estimate :math:`0.01 (1-\beta)^2/\beta`.
    critical_product : float
        :math:`(1-\sqrt\beta)^2`.
    critical_speed_ratio : float
        The speed ratio there (about 2 at :math:`\beta = 0.9`).
    mu, L : float
        A spectrum for the stability comparison.
    polyak_product, polyak_effective_product : float
        :math:`\alpha^* L` at Polyak's parameters, and :math:`\alpha^* L/(1-\beta^*)`, the
        product gradient descent with the effective step would need to be stable at
        (it is stable only below 2; heavy ball below :math:`2(1+\beta^*)`).
    polyak_effective_rate : float
        :math:`\max(|1 - \alpha^*\mu/(1-\beta^*)|, |1 - \alpha^* L/(1-\beta^*)|)`: above one
        means the effective-step gradient descent diverges there.
    polyak_rate : float
        Heavy ball's worst-case rate at Polyak's parameters.
    """

    beta: float
    one_percent_product: float
    one_percent_estimate: float
    critical_product: float
    critical_speed_ratio: float
    mu: float
    L: float
    polyak_product: float
    polyak_effective_product: float
    polyak_effective_rate: float
    polyak_rate: float


@experiment
def effective_step_scope(
    beta: float = EFFECTIVE_STEP_MOMENTUM, *, mu: float = 1.0, L: float = 100.0
) -> EffectiveStepRange:
    """The effective-step picture's range of validity at ``beta``, and its stability side."""
    from scipy.optimize import brentq

    from momentum_theory.family import worst_case_rate
    from momentum_theory.methods.heavy_ball import optimal_parameters

    critical = (1 - np.sqrt(beta)) ** 2

    def excess(x: float) -> float:
        return float(compare_effective_step(x, beta, 1.0).speed_ratio) - 1.01

    one_percent = brentq(excess, critical * 1e-6, critical * (1 - 1e-9), xtol=1e-16, rtol=1e-12)
    opt = optimal_parameters(mu=mu, L=L)
    alpha, momentum = float(opt.alpha), float(opt.beta)
    effective = alpha / (1 - momentum)
    return EffectiveStepRange(
        beta=beta,
        one_percent_product=float(one_percent),
        one_percent_estimate=0.01 * (1 - beta) ** 2 / beta,
        critical_product=float(critical),
        critical_speed_ratio=float(compare_effective_step(critical, beta, 1.0).speed_ratio),
        mu=mu,
        L=L,
        polyak_product=alpha * L,
        polyak_effective_product=effective * L,
        polyak_effective_rate=max(abs(1 - effective * mu), abs(1 - effective * L)),
        polyak_rate=float(worst_case_rate(alpha, momentum, mu=mu, L=L)),
    )


# ---- claims -------------------------------------------------------------------------------

# The paper quotes this bound in place of the measured rounding error (whose last digit
# moves with the platform's kernels); amplification_numeric tests exactly that bound.
# amplification_numeric: float recursion against the closed form (6e-16 measured).
AMPLIFICATION_TOLERANCE = 1e-13


@claim
def amplification_symbolic() -> Claim:
    import sympy as sp

    from momentum_theory.amplification import velocity_closed_form

    form = velocity_closed_form()
    a, b, g, t = form.alpha, form.beta, form.g, form.t
    mismatches = sum(
        (
            sp.simplify(form.partial_sum - a * g * (1 - b**t) / (1 - b)) != 0,
            sp.simplify(form.limit - a * g / (1 - b)) != 0,
            not form.recursion_agrees,
            form.limit.subs({a: 1, g: 1, b: sp.Rational(9, 10)}) != 10,
        )
    )
    return Claim(
        "v_t = alpha g (1 + beta + ... + beta^(t-1)) = alpha g (1-beta^t)/(1-beta) -> "
        "alpha g/(1-beta): tenfold at beta = 0.9",
        "sympy summation, rsolve of v_{t+1} = beta v_t + alpha g, limit with "
        "beta = exp(-s); the limit at beta = 9/10 in exact rationals",
        float(mismatches),
        "== 0",
        mismatches == 0,
    )


@claim(quoted=True)
def amplification_numeric() -> Claim:
    from fractions import Fraction

    from momentum_theory.amplification import velocity_amplification

    betas = (0.0, 0.5, 0.8, 0.9, 0.99)
    run = velocity_amplification(betas, 2000, alpha=0.1, g=3.0)
    # The figure's run too: the paper quotes the bound for it.
    worst = max(float(run.relative_error.max()), float(velocity_run().relative_error.max()))
    # Exact rational recursion for beta = 9/10 as the reference for the limit.
    v, beta = Fraction(0), Fraction(9, 10)
    for _ in range(400):
        v = beta * v + 1
    worst = max(
        worst,
        abs(float(v) - run.measured[400, 3]) / float(v),
        abs(run.measured[-1, 3] - 10.0) / 10.0,
    )
    return at_most(
        "Iterating v_{t+1} = beta v_t + alpha g gives alpha g (1-beta^t)/(1-beta); 10 alpha g "
        "at beta = 0.9",
        "2000 float steps for beta in {0, 0.5, 0.8, 0.9, 0.99} and the figure's run vs the "
        "closed form; exact Fraction recursion at beta = 9/10; v_2000/(alpha g) vs 10",
        worst,
        AMPLIFICATION_TOLERANCE,
    )


@claim(quoted=True)
def effective_step() -> Claim:
    worst, parts = 0.0, []
    for beta in (0.5, 0.9):
        x = 0.01 * (1 - math.sqrt(beta)) ** 2  # far below the critical point
        # Measured rate: ratio of successive iterates of a plain loop, once the fast
        # mode (|lambda_2| ~ beta) has died out.
        value, previous = 1.0, 1.0
        for _ in range(3000):
            value, previous = value - x * value + beta * (value - previous), value
        measured = value / previous
        gradient_descent = 1 - x / (1 - beta)
        gap = beta * x**2 / (1 - beta) ** 3
        worst = max(worst, abs((gradient_descent - measured) / gap - 1))
        parts.append(f"beta={beta}: GD {gradient_descent:.9f}, HB {measured:.9f}")
    return at_most(
        "For small alpha h, heavy ball (alpha, beta) converges like GD with step "
        "alpha/(1-beta); its rate is lower by beta (alpha h)^2/(1-beta)^3 + O((alpha h)^3)",
        "rate measured by a plain loop (x_{t+1}/x_t after 3000 steps) at alpha h = "
        "0.01 (1-sqrt beta)^2; relative error of the predicted gap; " + "; ".join(parts),
        worst,
        0.01,
    )


@claim(quoted=True)
def effective_step_range() -> Claim:
    """Where the effective-step picture holds (1%), fails (x2 at critical), and diverges."""
    import mpmath

    result = effective_step_scope()
    beta = mpmath.mpf(result.beta)

    def speed_ratio(x: float) -> mpmath.mpf:
        # Exact rates at 40 digits (independent of the double-double kernel).
        with mpmath.workdps(40):
            trace = 1 + beta - x
            heavy_ball = (trace + mpmath.sqrt(max(trace**2 - 4 * beta, 0))) / 2
            return mpmath.log(heavy_ball) / mpmath.log(1 - x / (1 - beta))

    one_percent = float(speed_ratio(result.one_percent_product)) - 1.01
    critical = float(speed_ratio(result.critical_product))
    # Direct simulation at Polyak's parameters on f = L x^2/2: heavy ball contracts, gradient
    # descent with the effective step alpha/(1-beta) blows up.
    from momentum_theory.methods.heavy_ball import optimal_parameters

    opt = optimal_parameters(mu=result.mu, L=result.L)
    alpha, momentum = float(opt.alpha), float(opt.beta)
    x, previous, y = 1.0, 1.0, 1.0
    for _ in range(60):
        x, previous = x - alpha * result.L * x + momentum * (x - previous), x
        y = y - alpha / (1 - momentum) * result.L * y
    worst = max(
        abs(one_percent) / 1e-9,
        abs(critical - result.critical_speed_ratio) / 1e-9,
        float(abs(x) > 1e-3),  # heavy ball must have contracted
        float(abs(y) < 1e50),  # the effective-step GD must have blown up
    )
    return at_most(
        "Heavy ball ~ GD with step alpha/(1-beta) holds to 1% only for alpha h up to "
        f"{result.one_percent_product:.3g} at beta = {result.beta:g} (series estimate "
        f"0.01(1-beta)^2/beta = {result.one_percent_estimate:.3g}); at the critical product "
        f"(1-sqrt beta)^2 GD needs {result.critical_speed_ratio:.3g}x the steps; at Polyak's "
        f"parameters for [{result.mu:g}, {result.L:g}] the effective-step GD diverges",
        "speed ratios from 40-digit closed forms; 60 steps of both iterations on "
        f"f = L x^2/2: heavy ball |x_60| = {abs(x):.1e}, effective-step GD |y_60| = "
        f"{abs(y):.1e}",
        worst,
        1.0,
    )


@claim
def effective_step_series() -> Claim:
    import mpmath
    import sympy as sp

    from momentum_theory.amplification import dominant_root_expansion

    expansion = dominant_root_expansion(4)
    worst = 0.0
    with mpmath.workdps(40):
        for beta in (mpmath.mpf(1) / 2, mpmath.mpf(9) / 10):
            for x in (mpmath.mpf(10) ** -4, mpmath.mpf(10) ** -5):
                x = x * (1 - mpmath.sqrt(beta)) ** 2
                trace = 1 + beta - x
                exact = (trace + mpmath.sqrt(trace**2 - 4 * beta)) / 2
                values = {
                    expansion.x: sp.Float(str(x), 40),
                    expansion.beta: sp.Float(str(beta), 40),
                }
                series = mpmath.mpf(str(sp.N(expansion.series.subs(values), 40)))
                c5 = beta * (1 + beta) * (beta**2 + 5 * beta + 1) / (beta - 1) ** 9
                # Relative to the first omitted term c_5 x^5.
                worst = max(worst, float(abs(exact - series) / abs(c5 * x**5)))
    return at_most(
        "lambda_1 = 1 - x/(1-beta) - beta x^2/(1-beta)^3 - beta(1+beta) x^3/(1-beta)^5 - ..., "
        "x = alpha h",
        "sympy series to x^4 vs the exact root at 40 digits (mpmath), beta in {1/2, 9/10}, "
        "x = 1e-4, 1e-5 times (1-sqrt beta)^2: error / (c_5 x^5)",
        abs(worst - 1),
        0.05,
    )


# ---- numbers ------------------------------------------------------------------------------


# The products below, near and past the critical one, as named in macros.
_TAGS = ("Small", "Medium", "Large")


def macros() -> list[Macro]:
    """The figure's momenta and its error bound; speed ratios below, near and past critical."""
    beta = EFFECTIVE_STEP_MOMENTUM
    macros = [
        Macro("AmpBetaNinety", shortest(beta), "the chapter's example momentum"),
        Macro(
            "AmpBetaList",
            ", ".join(shortest(b) for b in FIGURE_MOMENTA),
            "momenta of the amplification figure",
        ),
        Macro("AmpSteps", integer(FIGURE_STEPS), "steps of the figure"),
        # The measured error is rounding (its digit moves with the platform): the bound.
        Macro(
            "AmpTolerance",
            scientific(AMPLIFICATION_TOLERANCE, 0),
            "amplification_numeric: bound on the relative error vs (1 - beta^t)/(1 - beta)",
        ),
    ]
    effective = effective_step_speeds()
    macros.append(
        Macro(
            "AmpCriticalProduct",
            significant(float(effective.critical_product[0]), 3),
            f"(1 - sqrt(beta))^2 at beta = {beta:g}",
        )
    )
    for tag, product, ratio in zip(_TAGS, EFFECTIVE_STEP_PRODUCTS, effective.speed_ratio):
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
    scope = effective_step_scope()
    macros += [
        Macro(
            "AmpOnePercentProduct",
            significant(scope.one_percent_product, 2),
            "alpha h where the effective-step GD needs 1% more steps (root finding)",
        ),
        Macro(
            "AmpOnePercentEstimate",
            significant(scope.one_percent_estimate, 2),
            "0.01 (1 - beta)^2 / beta",
        ),
        Macro(
            "AmpCriticalSpeedRatio",
            significant(scope.critical_speed_ratio, 3),
            "speed ratio at the critical product",
        ),
        Macro("AmpPolyakMu", shortest(scope.mu), "spectrum of the stability comparison"),
        Macro("AmpPolyakL", shortest(scope.L), "spectrum of the stability comparison"),
        Macro("AmpPolyakProduct", significant(scope.polyak_product, 3), "alpha* L"),
        Macro(
            "AmpPolyakEffectiveProduct",
            significant(scope.polyak_effective_product, 3),
            "alpha* L / (1 - beta*)",
        ),
    ]
    return macros


# ---- figures ------------------------------------------------------------------------------

# As wide as the paper prints it (three quarters of the text width), in matplotlib's
# default font sizes (the title and legend set their own).
_FIGURE_SIZE = (5.0, 3.5)


def plot_velocity_amplification(run: VelocityAmplification, ax: Axes | None = None) -> Axes:
    r"""Draw :math:`v_t/(\alpha g)` against :math:`t` for each :math:`\beta`, with its asymptote.

    Markers are the iterated recursion :math:`v_{t+1} = \beta v_t + \alpha g`; lines are
    the closed form :math:`(1 - \beta^t)/(1 - \beta)`; dashed horizontal lines are the
    limits :math:`1/(1-\beta)`, approached from below and, for :math:`0 < \beta < 1`,
    never reached.

    Parameters
    ----------
    run : VelocityAmplification
        From :func:`momentum_theory.amplification.velocity_amplification`.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure if omitted.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.amplification import velocity_amplification
    >>> ax = plot_velocity_amplification(velocity_amplification([0.5, 0.9], 50))
    >>> ax.get_ylabel()
    '$v_t / (\\alpha g)$'
    """
    import matplotlib.pyplot as plt

    if ax is None:
        return plot_amplification_figure(run).axes[0]
    colours = plt.get_cmap("viridis")
    count = max(len(run.beta) - 1, 1)
    every = max(1, len(run.t) // 30)
    for index, (beta, limit) in enumerate(zip(run.beta, run.limit)):
        colour = colours(0.9 * index / count)
        ax.plot(run.t, run.predicted[:, index], color=colour, lw=1.4)
        ax.plot(
            run.t[::every],
            run.measured[::every, index],
            ls="none",
            marker="o",
            ms=3,
            color=colour,
            label=rf"$\beta = {beta:g}$: limit $1/(1-\beta) = {limit:.3g}$",
        )
        ax.axhline(limit, color=colour, ls="--", lw=0.9)
    ax.set_xlim(run.t[0], run.t[-1])
    ax.set_ylim(0, 1.08 * float(run.limit.max()))
    ax.set_xlabel("step $t$")
    ax.set_ylabel(r"$v_t / (\alpha g)$")
    ax.set_title(
        r"Constant gradient: $v_t = \alpha g\,(1-\beta^t)/(1-\beta) \to \alpha g/(1-\beta)$"
        "\n(markers: iterated recursion; lines: closed form; dashed: limits)",
        fontsize=9,
    )
    # Between the asymptotes at 10 and 20, right of where the beta = 0.95 curve rises.
    ax.legend(loc="center left", bbox_to_anchor=(0.45, 0.64), fontsize=8, framealpha=0.9)
    return ax


def plot_amplification_figure(run: VelocityAmplification) -> Figure:
    r"""The paper's amplification figure: :func:`plot_velocity_amplification` as printed.

    Drawn at 5.0 x 3.5 inches, three quarters of the text width, as the paper prints it.

    Parameters
    ----------
    run : VelocityAmplification
        From :func:`momentum_theory.amplification.velocity_amplification`; the paper's is
        :func:`velocity_run`.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> from momentum_theory.amplification import velocity_amplification
    >>> figure = plot_amplification_figure(velocity_amplification([0.5, 0.9], 50))
    >>> [float(inches) for inches in figure.get_size_inches()], len(figure.axes)
    ([5.0, 3.5], 1)
    """
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=_FIGURE_SIZE, layout="constrained")
    plot_velocity_amplification(run, figure.subplots())
    return figure


def amplification_figure() -> Figure:
    """The ``amplification`` figure: the figure's run, as printed."""
    return plot_amplification_figure(velocity_run())


SUBJECT = Subject(
    "amplification",
    "The 1/(1 - beta) amplification",
    figures=(
        PaperFigure(
            "amplification", "the 1/(1 - beta) velocity amplification", amplification_figure
        ),
    ),
    claims=claims_in(globals()),
    macros=macros,
)
