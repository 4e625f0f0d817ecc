"""Numbers of the methods section: the named methods on the two-step family."""

from __future__ import annotations

from typing import Any

import numpy as np

from momentum_theory.paper._latex import Macro, integer, scientific, shortest, significant
from momentum_theory.paper.methods.claims import (
    GRID_TOLERANCE,
    MEASURED_TOLERANCE,
    OPTIMUM_TOLERANCE,
    PUBLISHED_TOLERANCE,
    TORCH_TOLERANCE,
)

__all__ = ["macros", "map_latex"]


def _parameter_symbols() -> dict[str, str]:
    """Every method's parameters by name, as LaTeX (``lr`` is ``\\eta``); a name means the
    same parameter in every method that has it."""
    from momentum_theory import methods

    return {spec.name: spec.latex for name in methods.names() for spec in methods.get(name).specs}


def map_latex(expression: Any) -> str:
    r"""A family parameter as the paper prints it: signs moved so that differences read
    :math:`1 - \beta` rather than :math:`-(\beta - 1)`, parameters as their symbols (PyTorch's
    ``lr`` as :math:`\eta`).

    Examples
    --------
    >>> import sympy as sp
    >>> beta, nu = sp.symbols("beta nu", real=True)
    >>> map_latex(beta * (nu - 1) / (beta - 1))
    '\\frac{\\beta \\left(1 - \\nu\\right)}{1 - \\beta}'
    >>> map_latex(-sp.Symbol("lr", real=True) * (sp.Symbol("dampening", real=True) - 1))
    '\\eta \\left(1 - \\tau\\right)'
    """
    import sympy as sp

    names = {sp.Symbol(name, real=True): symbol for name, symbol in _parameter_symbols().items()}
    sign = 1
    parts = []
    for side in sp.fraction(sp.factor(expression)):
        factors = []
        for factor in sp.Mul.make_args(side):
            if factor == 1:
                continue
            if factor == -1:
                sign = -sign
            elif isinstance(factor, sp.Add) and factor.as_coeff_add()[0] < 0:
                sign = -sign  # beta - 1 -> -(1 - beta)
                factors.append(-factor)
            else:
                factors.append(factor)
        parts.append(factors)

    def render(factors: list) -> str:
        if not factors:
            return "1"
        texts = []
        for factor in factors:
            text = sp.latex(factor, symbol_names=names)
            grouped = isinstance(factor, sp.Add) and len(factors) > 1
            texts.append(rf"\left({text}\right)" if grouped else text)
        return " ".join(texts)

    numerator, denominator = parts
    body = render(numerator)
    if denominator:
        body = rf"\frac{{{body}}}{{{render(denominator)}}}"
    return body if sign > 0 else "-" + body


def _value(value: Any, digits: int = 3) -> str:
    """A parameter: exact zeros and ones (bounds of a search) as such, else significant."""
    number = float(value)
    if number in (0.0, 1.0):
        return integer(number)
    return significant(number, digits)


def _kappa_list(kappas: Any) -> str:
    """``10, 100, 10^4 and 10^6``."""
    texts = [
        integer(k) if k < 1e3 else scientific(k, 0) for k in (float(value) for value in kappas)
    ]
    return ", ".join(texts[:-1]) + " and " + texts[-1]


def macros() -> list[Macro]:
    """Numbers of the methods section, from :mod:`~momentum_theory.paper.methods.experiments`."""
    from momentum_theory import methods as registry
    from momentum_theory.paper.methods import experiments as experiment
    from momentum_theory.paper.methods import references

    comparison = experiment.spectrum_comparison()
    where = f"spectrum [{comparison.mu:g}, {comparison.L:g}]"
    macros = [
        Macro("MethodsMu", integer(comparison.mu), f"{where}: mu"),
        Macro("MethodsL", integer(comparison.L), f"{where}: L"),
        Macro("MethodsKappa", integer(comparison.condition_number), f"{where}: kappa"),
    ]

    # The figure's panels.
    fixed = {grid.method: grid.fixed for grid in comparison.grids}
    macros += [
        Macro(
            "MethodsPanelGamma",
            significant(fixed["two_step"]["gamma"], 3),
            "two_step panel: gamma of triple momentum for the spectrum",
        ),
        Macro("MethodsPanelNu", shortest(fixed["qhm"]["nu"]), "qhm panel: nu (Ma and Yarats)"),
        Macro(
            "MethodsPanelDampening",
            shortest(fixed["pytorch_sgd"]["dampening"]),
            "pytorch_sgd panel: dampening",
        ),
        Macro(
            "MethodsPanelTopMomentum",
            shortest(1.0 - 10.0**-experiment.MOMENTUM_DECADES),
            "largest momentum of the panels, 1 - 10^-MOMENTUM_DECADES",
        ),
        Macro("MethodsResolution", integer(experiment.RESOLUTION), "cells per panel axis"),
    ]
    for grid in comparison.grids:
        macros.append(
            Macro(
                f"MethodsPanelBest{registry.get(grid.method).tag}",
                significant(float(np.nanmin(grid.rate)), 3),
                f"{grid.method} panel: fastest cell's worst-case rate",
            )
        )

    # QHM's best rate on its panel's slice (nu held at Ma and Yarats' value), by the same
    # search as the optima: the panel's fastest cell is a grid value above it.
    qhm_slice = experiment.optimum(
        "qhm", mu=comparison.mu, L=comparison.L, options=(("nu", fixed["qhm"]["nu"]),)
    )
    macros += [
        Macro(
            "MethodsSliceQhmRate",
            significant(qhm_slice.rate, 5),
            "qhm: optimal rate over (alpha, beta) at the panel's nu",
        ),
        Macro(
            "MethodsSliceQhmAlphaL",
            significant(qhm_slice.parameters["alpha"] * comparison.L, 3),
            "qhm slice: alpha L (the panel's step axis)",
        ),
        Macro("MethodsSliceQhmBeta", _value(qhm_slice.parameters["beta"]), "qhm slice: beta"),
    ]

    # Each method's optimum for the spectrum.
    for name in registry.names():
        optimum = comparison.optima[name]
        method = registry.get(name)
        tag = method.tag
        macros.append(
            Macro(f"MethodsOpt{tag}Rate", significant(optimum.rate, 3), f"{name}: optimal rate")
        )
        for parameter, value in optimum.parameters.items():
            if not method.parameter(parameter).tuned:  # an option, held as given
                continue
            macros.append(
                Macro(
                    f"MethodsOpt{tag}{parameter.title().replace('_', '')}",
                    _value(value),
                    f"{name}: optimal {parameter}",
                )
            )

    # The tunings.
    for tuning in comparison.tunings:
        tag = registry.get(tuning.method).tuning_spec(tuning.name).tag
        source = f"{tuning.method} tuning {tuning.name!r} ({tuning.reference})"
        macros += [
            Macro(f"MethodsTuning{tag}Rate", significant(tuning.rate, 4), f"{source}: exact rate"),
            Macro(
                f"MethodsTuning{tag}Published",
                significant(tuning.published_rate, 4),
                f"{source}: published distance rate",
            ),
            *(
                Macro(f"MethodsTuning{tag}{p.title()}", significant(v, 3), f"{source}: {p}")
                for p, v in tuning.parameters.items()
            ),
        ]

    # Across condition numbers.
    sweep = experiment.rates_against_kappa()
    macros += [
        Macro(
            "MethodsKappaMax",
            scientific(sweep.kappa[-1], 0),
            "largest condition number of the rate panel",
        ),
        Macro(
            "MethodsNumericalKappas",
            _kappa_list(sweep.numerical_kappa),
            "condition numbers of the numerical optima",
        ),
        # The gap measured is rounding-level (its digit moves with the platform): the text
        # quotes the tolerance that numerical_optima_reach_the_bound checks.
        Macro(
            "MethodsOptimumTolerance",
            scientific(OPTIMUM_TOLERANCE, 0),
            "bound on |numerical optimum's rate - Polyak's rate| over those kappas",
        ),
    ]

    # The family maps, derived by SymPy.
    case_tags = {
        (): "",
        (("momentum", 0),): "Plain",
        (("nesterov", True), ("dampening", 0)): "Nesterov",
    }
    for derived in experiment.family_maps():
        tag = registry.get(derived.method).tag + case_tags[derived.fixed]
        for field, expression in zip(("Alpha", "Beta", "Gamma", "Shift"), derived.derived):
            macros.append(
                Macro(
                    f"MethodsMap{tag}{field}",
                    map_latex(expression),
                    f"derived_family({derived.method!r}, {dict(derived.fixed)}): {field.lower()}",
                )
            )

    # PyTorch's options.
    sgd = registry.get("pytorch_sgd")
    refused = 0
    for option in references.TORCH_OPTIONS:
        try:
            sgd.check(lr=references.TORCH_LR, **dict(option))
        except ValueError:
            refused += 1
    macros += [
        Macro(
            "MethodsTorchCombinations",
            integer(len(references.TORCH_OPTIONS)),
            "option combinations compared with torch.optim.SGD",
        ),
        Macro("MethodsTorchRefused", integer(refused), "of them refused (nesterov)"),
        Macro("MethodsTorchSteps", integer(references.TORCH_STEPS), "steps per combination"),
        Macro("MethodsTorchTolerance", scientific(TORCH_TOLERANCE, 0), "relative, per iterate"),
    ]

    # Brute force, tunings, simulations.
    brute = references.brute_force_optima()
    above = [-b.excess for b in brute]
    points = references.BRUTE_FORCE_POINTS
    measured = references.measured_rates()
    errors = measured.errors()
    macros += [
        Macro("MethodsGridOne", integer(points[1]), "brute force: points, one parameter"),
        Macro("MethodsGridTwo", integer(points[2]), "brute force: points per axis, two"),
        Macro("MethodsGridThree", integer(points[3]), "brute force: points per axis, three"),
        Macro(
            "MethodsGridCurvatures",
            integer(references.BRUTE_FORCE_CURVATURES),
            "brute force: curvatures sampled in [mu, L]",
        ),
        Macro("MethodsGridTolerance", scientific(GRID_TOLERANCE, 0), "allowed grid excess"),
        Macro("MethodsGridClosest", scientific(min(above), 0), "smallest grid - optimum"),
        Macro("MethodsGridFarthest", scientific(max(above), 0), "largest grid - optimum"),
        Macro(
            "MethodsPublishedTolerance",
            scientific(PUBLISHED_TOLERANCE, 0),
            "allowed exact rate - published rate (critical rounding)",
        ),
        Macro("MethodsMeasuredPoints", integer(measured.points), "settings simulated"),
        Macro("MethodsMeasuredSteps", integer(references.STEPS), "steps per run"),
        Macro("MethodsMeasuredDimension", integer(references.MEASURED_DIMENSION), "dimension"),
        Macro("MethodsMeasuredMaxRate", shortest(references.MAX_RATE), "scope: rate at most"),
        Macro("MethodsCriticalBand", shortest(references.CRITICAL_BAND), "scope: |T^2 - 4D|"),
        Macro("MethodsMeasuredMaxError", scientific(errors.max(), 0), "largest relative error"),
        Macro(
            "MethodsMeasuredMedianError",
            scientific(float(np.median(errors)), 0),
            "median relative error",
        ),
        Macro("MethodsMeasuredTolerance", scientific(MEASURED_TOLERANCE, 0), "claim"),
    ]
    return macros
