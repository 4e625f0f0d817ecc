r"""Beyond quadratics: the cycle, the PEP worst case and the certified rates.

* :func:`counterexample_cycle`: Lessard, Recht and Packard's function, heavy ball at
  Polyak's parameters for :math:`\kappa = 25`: its cycles (exact), the run from
  :math:`x_0 = 33/10` and the starting points that reach the cycle;
* :func:`pep_gap`: the worst case after :math:`n` steps over every 1-strongly convex,
  25-smooth function (PEPit) against the quadratic one, at Polyak's parameters and, as the
  control, for gradient descent;
* :func:`certified_rates`: the quadratic and the certified (IQC) rate against
  :math:`\kappa` for five tuned methods;
* :func:`certificate_map`: over :math:`(\alpha, \beta)` at :math:`\kappa = 25`, where heavy
  ball converges on quadratics, where a rate is certified, and where it cycles on the
  counterexample;
* :func:`exact_verdicts`: the proofs (:mod:`momentum_theory.proofs`) the paper quotes, as
  JSON text: Lyapunov proofs of four tunings, cycle proofs against Polyak's parameters.

The last four need the optional extra ``pep``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from momentum_theory.paper._cache import experiment

__all__ = [
    "CERTIFIED_METHODS",
    "CYCLE_ALPHA",
    "CYCLE_BETA",
    "CYCLE_START",
    "MAP_RHO",
    "PROOF_KAPPAS",
    "PROVED_METHODS",
    "REFUTED_KAPPAS",
    "CertificateMap",
    "CertifiedCurve",
    "CounterexampleCycle",
    "ExactVerdict",
    "PEPGap",
    "certificate_map",
    "certified_rates",
    "counterexample_cycle",
    "exact_verdicts",
    "pep_gap",
]

# Polyak's parameters for kappa = 25 (mu = 1, L = 25), exactly.
CYCLE_ALPHA, CYCLE_BETA = Fraction(1, 9), Fraction(4, 9)
# The starting point Lessard, Recht and Packard show cycling, as an exact rational.
CYCLE_START = Fraction(33, 10)
# The methods whose rates are compared: (label, method, tuning or None for the optimum).
CERTIFIED_METHODS = (
    ("gradient descent", "gradient_descent", None),
    ("heavy ball (Polyak)", "heavy_ball", "polyak"),
    ("heavy ball (Ghadimi)", "heavy_ball", "ghadimi"),
    ("Nesterov", "nesterov", "textbook"),
    ("triple momentum", "two_step", "triple_momentum"),
)
# The map marks (alpha, beta) as certified where a certificate of this rate is found.
MAP_RHO = 0.999
# Exact verdicts quoted by the paper: Lyapunov proofs of these tunings at PROOF_KAPPAS,
# cycle proofs against heavy ball at Polyak's parameters at REFUTED_KAPPAS (at kappa = 10
# no cycle of length <= 10 is found).
PROVED_METHODS = (
    ("gradient descent", "gradient_descent", None),
    ("triple momentum", "two_step", "triple_momentum"),
    ("Nesterov", "nesterov", "textbook"),
    ("heavy ball (Ghadimi)", "heavy_ball", "ghadimi"),
)
PROOF_KAPPAS = (10.0, 100.0, 1000.0)
REFUTED_KAPPAS = (25.0, 100.0, 1000.0)


@dataclass(frozen=True)
class CounterexampleCycle:
    r"""Heavy ball at Polyak's parameters on the counterexample.

    Attributes
    ----------
    alpha, beta : Fraction
        :math:`1/9` and :math:`4/9`.
    quadratic_rate : float
        The worst-case rate over quadratics with spectrum in :math:`[1, 25]` (the spectral
        kernel): :math:`2/3`.
    cycles : tuple of LimitCycle
        Every cycle of period at most ``max_period`` (exact).
    attracting : LimitCycle
        The attracting one.
    start : Fraction
        :math:`x_0` of the run shown.
    iterates : ndarray, shape (steps + 1,)
        The run from rest at ``start`` (double precision).
    exact_steps : int
        Steps simulated in rational arithmetic from ``start``.
    exact_deviation : float
        Distance of the exact state after ``exact_steps`` steps from the nearest state of
        the attracting cycle.
    float_gap : float
        Largest difference between the exact and the double-precision iterates over those
        steps.
    trapped : bool
        Whether that deviation, times the largest growth of a deviation along the cycle
        (``growth``), stays below the cycle's margin to the breakpoints: then the run keeps
        the cycle's pieces forever and converges to the cycle.
    growth : float
        :math:`\sup_t \|A_{t} \cdots A_1\|_2` along the cycle's step matrices.
    basin_starts : ndarray, shape (m,)
        Starting points from rest, a grid.
    basin_codes : ndarray of int8, shape (m,)
        Their outcomes (:func:`~momentum_theory.beyond.counterexample.outcomes`).
    basin_steps : int
        Steps run for the basin.
    max_period : int
        The longest period searched for cycles.
    """

    alpha: Fraction
    beta: Fraction
    quadratic_rate: float
    cycles: tuple
    attracting: object
    start: Fraction
    iterates: NDArray[np.float64]
    exact_steps: int
    exact_deviation: float
    float_gap: float
    trapped: bool
    growth: float
    basin_starts: NDArray[np.float64]
    basin_codes: NDArray[np.int8]
    basin_steps: int
    max_period: int

    def basin_share(self, code: int) -> float:
        """Share of the basin's starting points with outcome ``code``."""
        return float(np.mean(self.basin_codes == code))


@experiment
def counterexample_cycle(
    max_period: int = 6,
    run_steps: int = 60,
    exact_steps: int = 40,
    basin_range: tuple[float, float] = (-10.0, 10.0),
    basin_points: int = 2001,
    basin_steps: int = 600,
) -> CounterexampleCycle:
    """The cycle, the run from 33/10 and the basin over a grid of starts from rest."""
    from momentum_theory.beyond import counterexample as ce
    from momentum_theory.family import worst_case_rate

    alpha, beta = CYCLE_ALPHA, CYCLE_BETA
    cycles = ce.limit_cycles(alpha, beta, max_period=max_period)
    attracting = next(cycle for cycle in cycles if cycle.attracting)
    iterates = ce.run(float(CYCLE_START), run_steps, float(alpha), float(beta))
    exact = ce.run_exact(CYCLE_START, exact_steps, alpha, beta)
    floats = ce.run(float(CYCLE_START), exact_steps, float(alpha), float(beta))
    float_gap = max(abs(float(e) - f) for e, f in zip(exact, floats))
    captured = ce.capture(exact[-1], exact[-2], attracting, alpha, beta)
    starts = np.linspace(*basin_range, basin_points)
    codes = ce.outcomes(starts, basin_steps, float(alpha), float(beta), cycles=cycles)
    return CounterexampleCycle(
        alpha=alpha,
        beta=beta,
        quadratic_rate=float(worst_case_rate(float(alpha), float(beta), mu=1.0, L=25.0)),
        cycles=cycles,
        attracting=attracting,
        start=CYCLE_START,
        iterates=iterates,
        exact_steps=exact_steps,
        exact_deviation=captured.deviation,
        float_gap=float_gap,
        trapped=captured.captured,
        growth=captured.growth,
        basin_starts=starts,
        basin_codes=codes,
        basin_steps=basin_steps,
        max_period=max_period,
    )


@dataclass(frozen=True)
class PEPGap:
    r"""Worst case after :math:`n` steps: over quadratics and over :math:`\mathcal S_{1, 25}`.

    Attributes
    ----------
    mu, L : float
    steps : tuple of int
    heavy_ball_quadratic, heavy_ball_pep : ndarray, shape (len(steps),)
        :math:`W_n` over quadratics (exact) and over the class (PEPit, rounded to eight
        significant digits; the solver's relative accuracy is about :math:`10^{-6}`), at
        Polyak's parameters.
    gradient_quadratic, gradient_pep : ndarray, shape (len(steps),)
        The same for gradient descent at :math:`2/(\mu + L)`: the two must agree.
    statuses : tuple of str
        The solver's status of every PEP solve (heavy ball, then gradient descent), after the
        retries of
        :func:`~momentum_theory.beyond.function_class.smooth_strongly_convex_worst_case`.
    accurate : tuple of bool
        Whether each of those solves is accurate (``FunctionClassWorstCase.accurate``); a
        claim may rely only on accurate solves.
    """

    mu: float
    L: float
    steps: tuple[int, ...]
    heavy_ball_quadratic: NDArray[np.float64]
    heavy_ball_pep: NDArray[np.float64]
    gradient_quadratic: NDArray[np.float64]
    gradient_pep: NDArray[np.float64]
    statuses: tuple[str, ...]
    accurate: tuple[bool, ...]

    @property
    def ratio(self) -> NDArray[np.float64]:
        """Heavy ball's PEP worst case over its quadratic one, per ``steps``."""
        return self.heavy_ball_pep / self.heavy_ball_quadratic

    @property
    def heavy_ball_accurate(self) -> bool:
        """Whether every heavy-ball solve is accurate."""
        return all(self.accurate[: len(self.steps)])

    @property
    def gradient_accurate(self) -> bool:
        """Whether every gradient-descent solve is accurate."""
        return all(self.accurate[len(self.steps) :])


def _significant(value: float, digits: int = 8) -> float:
    """``value`` rounded to ``digits`` significant digits (solver output, reproducible)."""
    return float(f"{value:.{digits - 1}e}") if math.isfinite(value) else value


@experiment
def pep_gap(steps: tuple[int, ...] = tuple(range(1, 11)), kappa: float = 25.0) -> PEPGap:
    """The finite-horizon worst cases at Polyak's parameters (and gradient descent's)."""
    from momentum_theory.beyond.function_class import smooth_strongly_convex_worst_case
    from momentum_theory.methods.heavy_ball import optimal_parameters
    from momentum_theory.transients.worst_case import worst_case_error

    mu, L = 1.0, float(kappa)
    polyak = optimal_parameters(mu=mu, L=L)
    settings = ((float(polyak.alpha), float(polyak.beta)), (2.0 / (mu + L), 0.0))
    quadratic, pep, statuses, accurate = [], [], [], []
    for alpha, beta in settings:
        quadratic.append([worst_case_error(alpha, beta, mu=mu, L=L, steps=n).value for n in steps])
        results = [
            smooth_strongly_convex_worst_case(alpha, beta, mu=mu, L=L, steps=n) for n in steps
        ]
        pep.append([_significant(r.value) for r in results])
        statuses += [r.status for r in results]
        accurate += [r.accurate for r in results]
    return PEPGap(
        mu=mu,
        L=L,
        steps=tuple(steps),
        heavy_ball_quadratic=np.array(quadratic[0]),
        heavy_ball_pep=np.array(pep[0]),
        gradient_quadratic=np.array(quadratic[1]),
        gradient_pep=np.array(pep[1]),
        statuses=tuple(statuses),
        accurate=tuple(accurate),
    )


@dataclass(frozen=True)
class CertifiedCurve:
    r"""One method's quadratic and certified rates against :math:`\kappa`.

    Attributes
    ----------
    label, method, tuning : str
        What is compared (``tuning`` is ``""`` for gradient descent's optimal step).
    kappa : ndarray, shape (m,)
    quadratic : ndarray, shape (m,)
        Worst-case rate over quadratics with spectrum in :math:`[1, \kappa]`.
    certified : ndarray, shape (m,)
        :func:`~momentum_theory.beyond.iqc.certified_rate` (``inf``: nothing below 1 certified).
    published : ndarray, shape (m,)
        The tuning's published distance rate over the class (``nan`` for Polyak's tuning,
        proved for quadratics only, and gradient descent's, whose rate is the quadratic one).
    tolerance : float
        The bisection tolerance.
    """

    label: str
    method: str
    tuning: str
    kappa: NDArray[np.float64]
    quadratic: NDArray[np.float64]
    certified: NDArray[np.float64]
    published: NDArray[np.float64]
    tolerance: float


@experiment
def certified_rates(
    kappas: tuple[float, ...] = tuple(float(10 ** (k / 3)) for k in range(10)),
) -> tuple[CertifiedCurve, ...]:
    r"""Quadratic and certified rates of :data:`CERTIFIED_METHODS` for :math:`\kappa \le 1000`."""
    from momentum_theory import methods
    from momentum_theory.beyond.iqc import TOLERANCE, certified_rate

    curves = []
    for label, name, tuning in CERTIFIED_METHODS:
        method = methods.get(name)
        quadratic, certified, published = [], [], []
        for kappa in kappas:
            if tuning is None:
                opt = method.optimal_parameters(mu=1.0, L=kappa)
                parameters, rate, claim = opt.parameters, float(opt.rate), math.nan
            else:
                tuned = method.tuning(tuning, mu=1.0, L=kappa)
                parameters, rate = tuned.parameters, tuned.rate
                claim = math.nan if tuning == "polyak" else tuned.published_rate
            family = method.family(**parameters)
            result = certified_rate(
                float(family.alpha), float(family.beta), mu=1.0, L=kappa, gamma=float(family.gamma)
            )
            quadratic.append(rate)
            certified.append(result.rate)
            published.append(claim)
        curves.append(
            CertifiedCurve(
                label=label,
                method=name,
                tuning=tuning or "",
                kappa=np.array(kappas),
                quadratic=np.array(quadratic),
                certified=np.array(certified),
                published=np.array(published),
                tolerance=TOLERANCE,
            )
        )
    return tuple(curves)


@dataclass(frozen=True)
class CertificateMap:
    r"""Heavy ball over :math:`(\alpha, \beta)` for :math:`[\mu, L] = [1, \kappa]`.

    Attributes
    ----------
    kappa : float
    alpha, beta : ndarray, shape (n,) and (m,)
        The grid, through Polyak's parameters: :math:`\alpha L` in equal steps up to about
        4, :math:`\beta` in equal steps below 1.
    quadratic : ndarray, shape (m, n)
        Worst-case rate over quadratics.
    certified : ndarray of bool, shape (m, n)
        A certificate of rate :data:`MAP_RHO` was found (one solve per point).
    persistent : ndarray of int, shape (m, n)
        How many of the starting points keep oscillating on the counterexample
        (:func:`~momentum_theory.beyond.counterexample.persistent_starts`); counted only where
        quadratics converge (0 elsewhere).
    starts : ndarray, shape (k,)
        The starting points from rest.
    steps : int
        Steps run per start.
    rho : float
        :data:`MAP_RHO`.
    """

    kappa: float
    alpha: NDArray[np.float64]
    beta: NDArray[np.float64]
    quadratic: NDArray[np.float64]
    certified: NDArray[np.bool_]
    persistent: NDArray[np.int64]
    starts: NDArray[np.float64]
    steps: int
    rho: float

    @property
    def cycles(self) -> NDArray[np.bool_]:
        """Where quadratics converge but some start keeps oscillating on the counterexample."""
        return (self.quadratic < 1.0) & (self.persistent > 0)


@experiment
def certificate_map(
    kappa: float = 25.0,
    points: int = 25,
    starts: int = 101,
    steps: int = 2000,
) -> CertificateMap:
    r"""Heavy ball over :math:`(\alpha, \beta)` at :math:`\kappa = 25`, the counterexample's."""
    from momentum_theory.beyond.counterexample import persistent_starts
    from momentum_theory.beyond.iqc import lyapunov
    from momentum_theory.family import worst_case_rate
    from momentum_theory.methods.heavy_ball import optimal_parameters

    L = float(kappa)
    # A grid through Polyak's parameters: alpha L in steps of (alpha* L)/m up to about 4,
    # beta in steps of beta*/m' below 1.
    polyak = optimal_parameters(mu=1.0, L=L)
    scaled, momentum = float(polyak.alpha) * L, float(polyak.beta)
    alpha = scaled * np.arange(1, points + 1) / round(points * scaled / 4.0) / L
    divisions = round(points * momentum)
    beta = momentum * np.arange(1, math.ceil(divisions / momentum)) / divisions
    grid_alpha, grid_beta = np.meshgrid(alpha, beta)
    quadratic = worst_case_rate(grid_alpha, grid_beta, mu=1.0, L=L)
    certified = np.zeros(quadratic.shape, dtype=bool)
    for index in zip(*np.nonzero(quadratic < MAP_RHO)):
        found = lyapunov(grid_alpha[index], grid_beta[index], mu=1.0, L=L, rho=MAP_RHO)
        certified[index] = found is not None
    converging = quadratic < 1.0
    x0 = np.linspace(-10.0, 10.0, starts)
    persistent = np.zeros(quadratic.shape, dtype=np.int64)
    persistent[converging] = persistent_starts(
        grid_alpha[converging], grid_beta[converging], x0, steps
    )
    return CertificateMap(
        kappa=L,
        alpha=alpha,
        beta=beta,
        quadratic=quadratic,
        certified=certified,
        persistent=persistent,
        starts=x0,
        steps=steps,
        rho=MAP_RHO,
    )


@dataclass(frozen=True)
class ExactVerdict:
    r"""One proof over :math:`\mathcal S(1, \kappa)` found by :mod:`momentum_theory.proofs`.

    Attributes
    ----------
    label, method, tuning : str
        What is proved (``tuning`` is ``""`` for an optimal step, ``"polyak"`` for the cycles
        against Polyak's parameters).
    kappa : float
        :math:`L` with :math:`\mu = 1`.
    kind : str
        ``"lyapunov"`` (a certified rate) or ``"cycle"`` (a refutation); ``""`` when the
        finder returned nothing.
    proof : str
        The proof as JSON text (``""`` when none was found): data, immutable, checked by
        whoever reads it with :func:`~momentum_theory.proofs.check_proof`.
    quadratic_rate : float
        The worst-case rate over quadratics of the class (a lower bound for any rate).
    published_rate : float
        The tuning's published rate over the class, ``nan`` where none is.
    """

    label: str
    method: str
    tuning: str
    kappa: float
    kind: str
    proof: str
    quadratic_rate: float
    published_rate: float


@experiment
def exact_verdicts(
    kappas: tuple[float, ...] = PROOF_KAPPAS,
    refuted_kappas: tuple[float, ...] = REFUTED_KAPPAS,
) -> tuple[ExactVerdict, ...]:
    r"""Lyapunov proofs of :data:`PROVED_METHODS` at ``kappas``, then cycle proofs that heavy
    ball at Polyak's parameters does not converge on the class at ``refuted_kappas``."""
    import json

    from momentum_theory import methods
    from momentum_theory.proofs.cycle import cycle_proof
    from momentum_theory.proofs.lyapunov import lyapunov_proof

    def verdict(label, name, tuning, kappa, proof, rate, published) -> ExactVerdict:
        return ExactVerdict(
            label=label,
            method=name,
            tuning=tuning,
            kappa=kappa,
            kind="" if proof is None else proof["kind"],
            proof="" if proof is None else json.dumps(proof, sort_keys=True),
            quadratic_rate=float(rate),
            published_rate=float(published),
        )

    verdicts = []
    for label, name, tuning in PROVED_METHODS:
        method = methods.get(name)
        for kappa in kappas:
            if tuning is None:
                tuned = method.optimal_parameters(mu=1.0, L=kappa)
                published = math.nan
            else:
                tuned = method.tuning(tuning, mu=1.0, L=kappa)
                published = tuned.published_rate
            proof = lyapunov_proof(name, mu=1.0, L=kappa, **tuned.parameters)
            verdicts.append(
                verdict(label, name, tuning or "", kappa, proof, tuned.rate, published)
            )
    heavy_ball = methods.get("heavy_ball")
    for kappa in refuted_kappas:
        polyak = heavy_ball.optimal_parameters(mu=1.0, L=kappa)
        proof = cycle_proof("heavy_ball", mu=1.0, L=kappa, **polyak.parameters)
        label = "heavy ball (Polyak)"
        verdicts.append(
            verdict(label, "heavy_ball", "polyak", kappa, proof, polyak.rate, math.nan)
        )
    return tuple(verdicts)
