"""Paper numbers, beyond quadratics: the cycle, the PEP gap, certified rates, the map.

Needs the optional extra ``pep`` (the PEP and certified-rate experiments). Solver outputs
move in their last digits with the machine's BLAS kernels; a number printed here is either
exact, a setting or tolerance, or rounded far above that motion (three or four significant
digits of a rate or a ratio), so the file is the same on every machine ``.ci/run`` tries.
Where the solvers' own accuracy is the point, the text quotes the tolerance a ``verify``
row checks, not the measured value.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from momentum_theory.paper._latex import Macro, integer, percent, scientific, shortest, significant
from momentum_theory.paper.beyond.claims import (
    FLOAT_RUN_TOLERANCE,
    HUGE_KAPPA,
    KNOWN_TOLERANCE,
    LARGE_KAPPA,
    LARGE_KAPPA_TOLERANCE,
    PEP_TOLERANCE,
    PROOF_TOLERANCE,
)

__all__ = ["macros"]


_LETTERS = "ABC"


def _fraction(value: Fraction) -> str:
    sign = "-" if value < 0 else ""
    return rf"\ensuremath{{{sign}\tfrac{{{abs(value.numerator)}}}{{{value.denominator}}}}}"


def _kappa(value: float) -> str:
    """A condition number of the grid 10^(k/3), to three significant digits (10, 21.5)."""
    return shortest(float(f"{float(value):.3g}"))


def _cycle_macros() -> list[Macro]:
    from momentum_theory.beyond.counterexample import CYCLES
    from momentum_theory.paper.beyond.experiments import counterexample_cycle

    result = counterexample_cycle()
    where = "counterexample_cycle()"
    macros = [
        Macro("BeyondStart", shortest(float(result.start)), f"{where}: x0 = 33/10"),
        Macro("BeyondPeriods", integer(result.max_period), "longest period searched"),
        Macro("BeyondPeriod", integer(result.attracting.period), "the attracting cycle's"),
    ]
    stable = result.attracting
    unstable = next(cycle for cycle in result.cycles if not cycle.attracting)
    for letter, point in zip(_LETTERS, stable.points):
        macros += [
            Macro(f"BeyondCycle{letter}", _fraction(point), f"{where}: attracting cycle"),
            Macro(f"BeyondCycle{letter}Dec", significant(float(point), 4), "its decimal"),
        ]
    for letter, point in zip(_LETTERS, unstable.points):
        macros.append(Macro(f"BeyondUnstable{letter}", _fraction(point), "unstable cycle"))
    macros += [
        Macro("BeyondMultiplier", significant(stable.multiplier, 3), "rho of the period map"),
        Macro("BeyondUnstableMultiplier", significant(unstable.multiplier, 3), "unstable"),
        Macro("BeyondMargin", significant(float(stable.margin), 3), "distance to a breakpoint"),
        Macro("BeyondExactSteps", integer(result.exact_steps), "exact steps from x0"),
        Macro("BeyondDeviation", significant(result.exact_deviation, 2), "deviation after them"),
        Macro("BeyondGrowth", significant(result.growth, 3), "sup_t of the deviation's growth"),
        Macro(
            "BeyondFloatTolerance",
            scientific(FLOAT_RUN_TOLERANCE, 0),
            "cycle_captures_the_run: bound on exact vs float iterates",
        ),
        Macro("BeyondBasinShare", percent(result.basin_share(CYCLES), 0), "starts that cycle"),
        Macro(
            "BeyondBasinStep",
            shortest(
                float(result.basin_starts[-1] - result.basin_starts[0])
                / (result.basin_starts.size - 1)
            ),
            "grid step of the starts",
        ),
        Macro("BeyondBasinSteps", integer(result.basin_steps), "steps per start"),
    ]
    return macros


def _pep_macros() -> list[Macro]:
    from momentum_theory.beyond.function_class import ATTEMPTS, GAP
    from momentum_theory.paper.beyond.experiments import pep_gap

    gap = pep_gap()
    ratio = dict(zip(gap.steps, gap.ratio))
    where = "pep_gap(): PEP / quadratic worst case at Polyak's parameters"
    return [
        Macro("BeyondPepSteps", integer(gap.steps[-1]), "largest n"),
        Macro("BeyondPepRatioTwo", significant(ratio[2], 3), f"{where}, n = 2"),
        Macro("BeyondPepRatioFive", significant(ratio[5], 3), f"{where}, n = 5"),
        Macro("BeyondPepRatioLast", significant(ratio[gap.steps[-1]], 3), f"{where}, last n"),
        Macro("BeyondPepTolerance", scientific(PEP_TOLERANCE, 0), "verify's relative criterion"),
        Macro("BeyondPepGap", scientific(GAP, 0), "largest dual - primal of an accurate solve"),
        Macro(
            "BeyondPepRetryTolerance",
            scientific(ATTEMPTS[1][1]["eps_abs"], 0),
            "SCS's tolerance on retry",
        ),
    ]


def _certified_macros() -> list[Macro]:
    from momentum_theory.beyond.certificate import MARGIN
    from momentum_theory.beyond.iqc import TOLERANCE
    from momentum_theory.paper.beyond.experiments import certificate_map, certified_rates

    curves = {curve.label: curve for curve in certified_rates()}
    gradient = curves["gradient descent"]
    polyak, nesterov = curves["heavy ball (Polyak)"], curves["Nesterov"]
    ghadimi = curves["heavy ball (Ghadimi)"]
    kappa = gradient.kappa
    certified = np.isfinite(polyak.certified)
    at = int(np.argmin(np.abs(kappa - 100.0)))
    where = f"certified_rates() at kappa = {kappa[at]:g}"
    result = certificate_map()
    return [
        Macro("BeyondTolerance", scientific(TOLERANCE, 0), "bisection tolerance"),
        Macro("BeyondCheckMargin", scientific(MARGIN, 0), "relative margin of the check"),
        Macro("BeyondKnownTolerance", scientific(KNOWN_TOLERANCE, 0), "verify's criterion"),
        Macro("BeyondKappaPoints", integer(kappa.size), "values of kappa"),
        Macro(
            "BeyondPolyakLastCertified",
            _kappa(kappa[certified][-1]),
            "largest kappa of the grid with a certificate for Polyak's tuning",
        ),
        Macro(
            "BeyondPolyakFirstUncertified",
            _kappa(kappa[~certified][0]),
            "smallest kappa of the grid without one",
        ),
        Macro("BeyondHundred", _kappa(kappa[at]), "the kappa quoted"),
        Macro("BeyondNesterovCertified", significant(nesterov.certified[at], 4), where),
        Macro("BeyondNesterovQuadratic", significant(nesterov.quadratic[at], 4), where),
        Macro("BeyondNesterovPublished", significant(nesterov.published[at], 4), where),
        Macro("BeyondGhadimiCertified", significant(ghadimi.certified[at], 4), where),
        Macro("BeyondGhadimiQuadratic", significant(ghadimi.quadratic[at], 4), where),
        Macro("BeyondGhadimiPublished", significant(ghadimi.published[at], 4), where),
        Macro("BeyondMapColumns", integer(result.alpha.size), "grid of alpha"),
        Macro("BeyondMapRows", integer(result.beta.size), "grid of beta"),
        Macro("BeyondMapRho", shortest(result.rho), "rate tested per point"),
        Macro("BeyondMapStarts", integer(result.starts.size), "starts per point"),
        Macro("BeyondMapSteps", integer(result.steps), "steps per start"),
        Macro("BeyondMapConverging", integer(int(np.sum(result.quadratic < 1))), "points"),
        Macro("BeyondMapCertified", integer(int(result.certified.sum())), "certified points"),
        Macro("BeyondMapCycles", integer(int(result.cycles.sum())), "cycling points"),
    ]


def _kappas(values) -> str:
    """Condition numbers as the text lists them in a set: "10, 100, 1000"."""
    return ", ".join(shortest(float(value)) for value in sorted(set(values)))


def _verdict_macros() -> list[Macro]:
    """Only verdicts, counts and settings: the same bytes under every BLAS kernel (the quoted
    claims have checked every proof exactly before anything is written)."""
    import json

    from momentum_theory.paper.beyond.experiments import exact_verdicts

    verdicts = exact_verdicts()
    certified = [v for v in verdicts if v.kind == "lyapunov"]
    refuted = [v for v in verdicts if v.kind == "cycle"]
    periods = {len(json.loads(v.proof)["x"]) for v in refuted}
    where = "exact_verdicts()"
    return [
        Macro("BeyondProofCount", integer(len(verdicts) + 1), f"{where} and the LRP cycle"),
        Macro("BeyondProofCertified", integer(len(certified)), f"{where}: Lyapunov proofs"),
        Macro("BeyondProofKappas", _kappas(v.kappa for v in certified), "kappa certified at"),
        Macro("BeyondProofRefuted", integer(len(refuted)), f"{where}: cycle proofs"),
        Macro("BeyondRefutedKappas", _kappas(v.kappa for v in refuted), "kappa refuted at"),
        Macro("BeyondRefutedPeriod", integer(max(periods)), "their cycles' length"),
        Macro("BeyondProofTolerance", scientific(PROOF_TOLERANCE, 0), "verify's criterion"),
        Macro("BeyondLargeKappa", scientific(LARGE_KAPPA, 0), "an exact proof, less tight"),
        Macro("BeyondHugeKappa", scientific(HUGE_KAPPA, 0), "no proof found"),
        Macro(
            "BeyondLargeKappaTolerance",
            scientific(LARGE_KAPPA_TOLERANCE, 0),
            "verify's criterion at BeyondLargeKappa",
        ),
    ]


def macros() -> list[Macro]:
    """Numbers of the beyond-quadratics section."""
    return _cycle_macros() + _pep_macros() + _certified_macros() + _verdict_macros()
