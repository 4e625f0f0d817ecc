r"""The named methods side by side: one home for the methods figure, numbers and checks.

Every method of :mod:`momentum_theory.methods` is, on quadratics, a member of the two-step
family :math:`x_{t+1} = x_t + \beta(x_t - x_{t-1}) - \alpha\nabla f(x_t + \gamma(x_t -
x_{t-1}))`. The experiments here compare them on one spectrum and across condition
numbers:

==========================  ==============================================================
experiment                  what it computes
==========================  ==============================================================
:func:`spectrum_comparison` for :data:`SPECTRUM`, each method's rate over its two natural
                            parameters (:data:`PANELS`), its optimal parameters and the
                            published tunings (:data:`TUNINGS`) with their exact rates
:func:`rates_against_kappa` each method's optimal worst-case rate for :math:`\kappa` from
                            1 to :math:`10^6`, with the lower bound
                            :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`
:func:`family_maps`         each method's map onto the family, read off the characteristic
                            polynomial SymPy derives from its update rule
:func:`brute_force_optima`  a fine grid minimax per method, independent of the optima
:func:`measured_rates`      simulations of each method's own rule against the predicted
                            rate, at cells of the figure's grids
:func:`torch_equivalence`   ``pytorch_sgd`` against ``torch.optim.SGD`` (needs PyTorch)
==========================  ==============================================================

**The spectrum.** :math:`[\mu, L] = [1, 100]`, the third spectrum of the paper's table of
optimal parameters: at :math:`\kappa = 100` the methods' optimal rates are well apart
(gradient descent 0.98, Nesterov 0.885, heavy ball 0.818), and the region of good rates is
still wide enough for a 240-cell grid to resolve.

**Speed.** Closed-form optima (gradient descent, heavy ball, Nesterov) are evaluated on a
dense grid of :math:`\kappa`; the numerical optima (``two_step``, ``qhm``,
``pytorch_sgd``, about half a second each) only at :data:`NUMERICAL_KAPPAS`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from momentum_theory.experiments._cache import experiment
from momentum_theory.methods._cells import cell_centres

__all__ = [
    "BRUTE_FORCE_CURVATURES",
    "BRUTE_FORCE_POINTS",
    "CRITICAL_BAND",
    "KAPPA_POINTS",
    "KAPPA_RANGE",
    "MAX_RATE",
    "MEASURED_DIMENSION",
    "MEASURED_SAMPLES",
    "MOMENTUM_DECADES",
    "NUMERICAL_KAPPAS",
    "NUMERICAL_METHODS",
    "PANELS",
    "RESOLUTION",
    "SPECTRUM",
    "STEPS",
    "SYMBOLIC_CASES",
    "TORCH_LR",
    "TORCH_OPTIONS",
    "TORCH_STEPS",
    "TUNINGS",
    "BruteForceOptimum",
    "FamilyMap",
    "KappaSweep",
    "MeasuredRates",
    "MethodComparison",
    "Panel",
    "TorchEquivalence",
    "brute_force_optima",
    "family_maps",
    "measured_rates",
    "optimum",
    "plain_rate",
    "rates_against_kappa",
    "spectrum_comparison",
    "torch_equivalence",
]

SPECTRUM = (1.0, 100.0)


@dataclass(frozen=True)
class Panel:
    r"""One method's panel: the two parameters drawn and the ones held fixed.

    Attributes
    ----------
    method : str
        The method's registry name.
    x_name : str
        The step-size parameter along the columns (``alpha`` or ``lr``).
    y_name : str
        The momentum parameter along the rows (``beta`` or ``momentum``).
    x_window : (float, float)
        The range of ``x_name`` in units of :math:`1/L` (a step size scales like
        :math:`1/L`); sampled at evenly spaced cell centres.
    fixed : tuple of (str, object)
        The other parameters and their values.
    """

    method: str
    x_name: str
    y_name: str
    x_window: tuple[float, float]
    fixed: tuple[tuple[str, Any], ...] = ()


def _triple_momentum_gamma(mu: float, L: float) -> float:
    r""":math:`\gamma` of triple momentum for :math:`[\mu, L]`: the two_step panel's slice."""
    from momentum_theory import methods

    return methods.get("two_step").tuning("triple_momentum", mu, L).parameters["gamma"]


# Each method over its natural two parameters, the others fixed: heavy ball and Nesterov
# over (alpha, beta); two_step in the slice gamma = triple momentum's gamma for the spectrum
# (so triple momentum is a point of the panel; its optimum, gamma = 0, is heavy ball's
# panel); QHM at nu = 0.7, the value Ma and Yarats recommend; PyTorch's SGD over (lr,
# momentum) with dampening 0.5 (with dampening 0 it *is* heavy ball: the panel would repeat
# the first), no weight decay and no Nesterov. Step windows reach just past each method's
# widest stable step: 4/L for heavy ball, 2/L for Nesterov (drawn on the same window, to
# compare), 4/(L(1 - tau)) = 8/L for the dampened SGD, about 6.6/L for QHM.
PANELS = (
    Panel("heavy_ball", "alpha", "beta", (0.0, 4.4)),
    Panel("nesterov", "alpha", "beta", (0.0, 4.4)),
    Panel("two_step", "alpha", "beta", (0.0, 4.4), (("gamma", "triple_momentum"),)),
    Panel("qhm", "alpha", "beta", (0.0, 7.2), (("nu", 0.7),)),
    Panel("pytorch_sgd", "lr", "momentum", (0.0, 8.8), (("dampening", 0.5),)),
)
# Momenta run from 0 to 1 - 10^-MOMENTUM_DECADES, evenly in log10(1 - beta): the scale on
# which the rate changes (it is flat in beta near 0 and steep near 1).
MOMENTUM_DECADES = 2.0
# Cells per axis of each panel.
RESOLUTION = 240
# The condition numbers of the rate panel: a dense grid for the closed forms ...
KAPPA_RANGE = (1.0, 1e6)
KAPPA_POINTS = 241
# ... and a handful for the numerical optima (about 0.5 s each).
NUMERICAL_KAPPAS = (10.0, 100.0, 1e4, 1e6)
# The methods whose optimum is numerical, with the options held fixed (as in PANELS).
NUMERICAL_METHODS = (
    ("two_step", ()),
    ("qhm", ()),
    ("pytorch_sgd", (("dampening", 0.5),)),
)
# The published tunings, by method.
TUNINGS = (
    ("heavy_ball", "polyak"),
    ("heavy_ball", "ghadimi"),
    ("nesterov", "textbook"),
    ("nesterov", "quadratic_optimal"),
    ("two_step", "triple_momentum"),
)
# The family maps the paper tabulates: every method, PyTorch's SGD in its three forms.
SYMBOLIC_CASES = (
    ("gradient_descent", ()),
    ("heavy_ball", ()),
    ("nesterov", ()),
    ("two_step", ()),
    ("qhm", ()),
    ("pytorch_sgd", ()),
    ("pytorch_sgd", (("momentum", 0),)),
    ("pytorch_sgd", (("nesterov", True), ("dampening", 0))),
)
# Brute-force minimax: grid points per coordinate for 1, 2 and 3 parameters, and how many
# curvatures (both ends included) the plain formula maximises over.
BRUTE_FORCE_POINTS = {1: 20001, 2: 401, 3: 65}
BRUTE_FORCE_CURVATURES = 16
# Measured against predicted rates: cells sampled per axis of each panel, the problems'
# dimension, the horizon, and the scope of the comparison (as in the rates section: rates
# at most MAX_RATE, and both ends away from critical damping, |T^2 - 4D| >= CRITICAL_BAND).
MEASURED_SAMPLES = 16
MEASURED_DIMENSION = 20
STEPS = 2000
MAX_RATE = 0.98
CRITICAL_BAND = 0.01
# torch.optim.SGD against pytorch_sgd: the step size, the horizon and the options (every
# combination of momentum, dampening, nesterov, weight decay and maximize).
TORCH_LR = 0.1
TORCH_STEPS = 200
TORCH_OPTIONS = tuple(
    (("momentum", m), ("dampening", d), ("nesterov", n), ("weight_decay", w), ("maximize", x))
    for m in (0.0, 0.9)
    for d in (0.0, 0.5)
    for n in (False, True)
    for w in (0.0, 0.1)
    for x in (False, True)
)


def _resolve(fixed: tuple[tuple[str, Any], ...], mu: float, L: float) -> dict[str, Any]:
    """The fixed parameters as keywords, ``"triple_momentum"`` replaced by its gamma."""
    return {
        name: _triple_momentum_gamma(mu, L) if value == "triple_momentum" else value
        for name, value in fixed
    }


# -- optima and the spectrum ------------------------------------------------------------


@experiment
def optimum(name: str, mu: float, L: float, options: tuple[tuple[str, Any], ...] = ()) -> Any:
    """``methods.get(name).optimal_parameters(mu, L, **options)``, once per settings."""
    from momentum_theory import methods

    return methods.get(name).optimal_parameters(mu, L, **dict(options))


def _options(name: str) -> tuple[tuple[str, Any], ...]:
    """The fixed options of ``name``'s optimum (PyTorch's dampening, as in its panel)."""
    return dict(NUMERICAL_METHODS).get(name, ())


@dataclass(frozen=True)
class MethodComparison:
    r"""Every method on one spectrum: its panel's grid, its optimum, the published tunings.

    Attributes
    ----------
    mu, L : float
        The spectrum.
    grids : tuple of MethodGrid
        One per panel of :data:`PANELS`, in order: the worst-case rate over
        :math:`[\mu, L]` on ``RESOLUTION`` x ``RESOLUTION`` cell centres.
    optima : mapping of str to Optimum
        Each method's optimal parameters (``pytorch_sgd`` with its panel's dampening).
    tunings : tuple of Tuning
        :data:`TUNINGS`, with exact worst-case rates on quadratics and published rates.
    """

    mu: float
    L: float
    grids: tuple[Any, ...]
    optima: Mapping[str, Any]
    tunings: tuple[Any, ...]

    @property
    def condition_number(self) -> float:
        r""":math:`\kappa = L/\mu`."""
        return self.L / self.mu


@experiment
def spectrum_comparison(
    mu: float = SPECTRUM[0], L: float = SPECTRUM[1], resolution: int = RESOLUTION
) -> MethodComparison:
    """The panels' grids, every method's optimum and the tunings, for ``[mu, L]``."""
    from momentum_theory import methods

    grids = []
    for panel in PANELS:
        xs = cell_centres(panel.x_window[0] / L, panel.x_window[1] / L, resolution)
        ys = 1.0 - 10.0 ** -cell_centres(0.0, MOMENTUM_DECADES, resolution)
        grids.append(
            methods.method_grid(
                panel.method,
                (panel.x_name, xs),
                (panel.y_name, ys),
                mu=mu,
                L=L,
                **_resolve(panel.fixed, mu, L),
            )
        )
    optima = {name: optimum(name, mu, L, _options(name)) for name in methods.names()}
    tunings = tuple(methods.get(name).tuning(tuning, mu, L) for name, tuning in TUNINGS)
    return MethodComparison(
        mu=float(mu),
        L=float(L),
        grids=tuple(grids),
        optima=MappingProxyType(optima),
        tunings=tunings,
    )


# -- across condition numbers -----------------------------------------------------------


@dataclass(frozen=True)
class KappaSweep:
    r"""Optimal worst-case rates against the condition number :math:`\kappa = L/\mu`
    (:math:`\mu = 1`).

    Attributes
    ----------
    kappa : ndarray, shape (n,)
        Log-spaced from 1 to :math:`10^6`.
    closed_form : mapping of str to ndarray, shape (n,)
        The optimal rates of ``gradient_descent``, ``heavy_ball`` and ``nesterov``, from
        their ``optimal_parameters``.
    triple_momentum : ndarray, shape (n,)
        The exact rate of the triple-momentum tuning on quadratics.
    lower_bound : ndarray, shape (n,)
        :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`, in plain floating point: no method of
        the family beats it on every quadratic with spectrum in :math:`[\mu, L]` (Nesterov
        2004, Theorem 2.1.13, for first-order methods in high dimension).
    numerical_kappa : ndarray, shape (m,)
        :data:`NUMERICAL_KAPPAS`.
    numerical : mapping of str to ndarray, shape (m,)
        The rates the numerical optima of :data:`NUMERICAL_METHODS` reach.
    numerical_gap : mapping of str to ndarray, shape (m,)
        Their ``gap``: rate minus the known optimum (Polyak's rate).
    """

    kappa: NDArray[np.float64]
    closed_form: Mapping[str, NDArray[np.float64]]
    triple_momentum: NDArray[np.float64]
    lower_bound: NDArray[np.float64]
    numerical_kappa: NDArray[np.float64]
    numerical: Mapping[str, NDArray[np.float64]]
    numerical_gap: Mapping[str, NDArray[np.float64]]

    @property
    def largest_gap(self) -> float:
        """The largest ``gap`` of any numerical optimum."""
        return max(float(np.max(gap)) for gap in self.numerical_gap.values())


@experiment
def rates_against_kappa(
    kappa_range: tuple[float, float] = KAPPA_RANGE,
    points: int = KAPPA_POINTS,
    numerical_kappas: tuple[float, ...] = NUMERICAL_KAPPAS,
) -> KappaSweep:
    """Closed-form optima on ``points`` log-spaced kappas, numerical ones at a handful."""
    from momentum_theory import methods

    kappa = np.geomspace(*kappa_range, points)
    closed = {
        name: np.asarray(methods.get(name).optimal_parameters(1.0, kappa).rate, dtype=float)
        for name in ("gradient_descent", "heavy_ball", "nesterov")
    }
    two_step = methods.get("two_step")
    triple = np.array([two_step.tuning("triple_momentum", 1.0, k).rate for k in kappa])
    root = np.sqrt(kappa)
    numerical, gaps = {}, {}
    for name, options in NUMERICAL_METHODS:
        found = [optimum(name, 1.0, float(k), options) for k in numerical_kappas]
        numerical[name] = np.array([float(o.rate) for o in found])
        gaps[name] = np.array([o.gap for o in found])
    return KappaSweep(
        kappa=kappa,
        closed_form=MappingProxyType(closed),
        triple_momentum=triple,
        lower_bound=(root - 1.0) / (root + 1.0),
        numerical_kappa=np.array(numerical_kappas, dtype=float),
        numerical=MappingProxyType(numerical),
        numerical_gap=MappingProxyType(gaps),
    )


# -- the family maps, derived -------------------------------------------------------------


@dataclass(frozen=True)
class FamilyMap:
    r"""One method's map onto the family, as SymPy derives it from the update rule.

    Attributes
    ----------
    method : str
        The method.
    fixed : tuple of (str, object)
        Parameters given values (PyTorch's ``momentum=0``, ``nesterov=True``).
    derived : tuple of four sympy.Expr
        :math:`(\alpha, \beta, \gamma, \text{shift})` read off the derived characteristic
        polynomial (:func:`~momentum_theory.methods.derivation.derived_family`).
    matches_code : bool
        Whether they equal the map the code evaluates (the method's ``_map``), and the
        derived polynomial is the family's under it
        (:func:`~momentum_theory.methods.derivation.check_family_map`).
    """

    method: str
    fixed: tuple[tuple[str, Any], ...]
    derived: tuple[Any, Any, Any, Any]
    matches_code: bool


@experiment
def family_maps(cases: tuple[tuple[str, tuple], ...] = SYMBOLIC_CASES) -> tuple[FamilyMap, ...]:
    """Derive each case's map from its rule and compare it with the code's map."""
    import sympy as sp

    from momentum_theory import methods
    from momentum_theory.methods import derivation

    results = []
    for name, fixed in cases:
        keywords = dict(fixed)
        derived = derivation.derived_family(name, **keywords)
        method = methods.get(name)
        claimed = method._map(**derivation.parameter_symbols(name, **keywords))
        same = all(sp.simplify(a - b) == 0 for a, b in zip(derived, claimed))
        try:
            polynomial_agrees = derivation.check_family_map(name, **keywords) == 0
        except ArithmeticError:
            polynomial_agrees = False
        results.append(FamilyMap(name, fixed, derived, bool(same and polynomial_agrees)))
    return tuple(results)


# -- brute force ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BruteForceOptimum:
    r"""A grid minimax of one method's worst-case rate, beside its optimum.

    Attributes
    ----------
    method : str
        The method (``pytorch_sgd`` with its panel's dampening).
    points : int
        Grid points per coordinate.
    coordinates : tuple of str
        The coordinates searched, with their ranges.
    rate : float
        The smallest, over the grid, of the largest plain-formula :math:`\rho` over
        ``BRUTE_FORCE_CURVATURES`` curvatures from :math:`\mu` to :math:`L`.
    optimum_rate : float
        The method's ``optimal_parameters`` rate.
    """

    method: str
    points: int
    coordinates: tuple[str, ...]
    rate: float
    optimum_rate: float

    @property
    def excess(self) -> float:
        """``optimum_rate - rate``: how far the grid beats the optimum (<= 0 if it does not)."""
        return self.optimum_rate - self.rate


def plain_rate(family: Any, h: NDArray[np.float64]) -> NDArray[np.float64]:
    r"""The family's spectral radius in textbook double arithmetic, no kernel:
    :math:`(|T| + \sqrt{T^2 - 4D})/2` for real roots, :math:`\sqrt{|D|}` for a complex pair."""
    trace, determinant = family.trace(h), family.determinant(h)
    discriminant = trace**2 - 4.0 * determinant
    real = (np.abs(trace) + np.sqrt(np.maximum(discriminant, 0.0))) / 2.0
    return np.where(discriminant >= 0.0, real, np.sqrt(np.abs(determinant)))


def _brute_force_axes(name: str, L: float) -> tuple[tuple[str, ...], list, Any]:
    """Coordinate labels, axes, and the method's parameters as a function of the grid.

    Effective steps are searched as (step) x L in [0, 4] (gradient descent: [0, 2.2]),
    momenta as their square root in [0, 0.999] (which spreads the points where optimal
    momenta crowd towards one), gamma and nu in [0, 1].
    """
    dimension = {"gradient_descent": 1, "two_step": 3, "qhm": 3}.get(name, 2)
    points = BRUTE_FORCE_POINTS[dimension]
    step = np.linspace(0.0, 2.2 if dimension == 1 else 4.0, points)
    root = np.linspace(0.0, 0.999, points)
    unit = np.linspace(0.0, 1.0, points)
    tau = dict(_options(name)).get("dampening", 0.0)
    grids: dict[str, tuple[tuple[str, ...], list, Any]] = {
        "gradient_descent": (("alpha L",), [step], lambda a: {"alpha": a / L}),
        "heavy_ball": (
            ("alpha L", "sqrt(beta)"),
            [step, root],
            lambda a, r: {"alpha": a / L, "beta": r**2},
        ),
        "nesterov": (
            ("alpha L", "sqrt(beta)"),
            [step, root],
            lambda a, r: {"alpha": a / L, "beta": r**2},
        ),
        "two_step": (
            ("alpha L", "sqrt(beta)", "gamma"),
            [step, root, unit],
            lambda a, r, g: {"alpha": a / L, "beta": r**2, "gamma": g},
        ),
        "qhm": (
            ("alpha (1 - beta) L", "sqrt(beta)", "nu"),
            [step, root, unit],
            lambda a, r, v: {"alpha": a / (L * (1.0 - r**2)), "beta": r**2, "nu": v},
        ),
        "pytorch_sgd": (
            ("lr (1 - dampening) L", "sqrt(momentum)"),
            [step, root],
            lambda a, r: {"lr": a / (L * (1.0 - tau)), "momentum": r**2, "dampening": tau},
        ),
    }
    return grids[name]


@experiment
def brute_force_optima(
    mu: float = SPECTRUM[0], L: float = SPECTRUM[1]
) -> tuple[BruteForceOptimum, ...]:
    r"""For every method, the grid minimax of :func:`plain_rate` over sampled curvatures.

    Independent of the optima it is compared with: no closed form, no search, no spectral
    kernel and no endpoint rule (the curvatures are sampled across :math:`[\mu, L]`); only
    the family map, which :func:`family_maps` checks symbolically.
    """
    from momentum_theory import methods

    curvatures = np.linspace(mu, L, BRUTE_FORCE_CURVATURES)
    results = []
    for name in methods.names():
        method = methods.get(name)
        labels, axes, parameters = _brute_force_axes(name, L)
        mesh = np.meshgrid(*axes, indexing="ij")
        family = method.family(**parameters(*mesh))
        worst = np.zeros(mesh[0].shape)
        for h in curvatures:
            worst = np.maximum(worst, plain_rate(family, h))
        results.append(
            BruteForceOptimum(
                method=name,
                points=axes[0].size,
                coordinates=labels,
                rate=float(np.min(worst)),
                optimum_rate=float(optimum(name, mu, L, _options(name)).rate),
            )
        )
    return tuple(results)


# -- measured against predicted -------------------------------------------------------------


@dataclass(frozen=True)
class MeasuredRates:
    r"""Simulated against predicted rates at cells of the panels' grids.

    Attributes
    ----------
    comparisons : tuple of MethodRateComparison
        One per panel: :func:`~momentum_theory.rates.compare_method_rates` of the method's
        own rule, from rest for ``steps`` steps, on a diagonal and a dense problem of
        dimension :data:`MEASURED_DIMENSION` with spectrum :math:`[\mu, L]`, at the cells
        in scope among ``MEASURED_SAMPLES`` x ``MEASURED_SAMPLES`` spread over the panel.
        In scope: predicted rate at most :data:`MAX_RATE` and :math:`|T^2 - 4D| \ge`
        :data:`CRITICAL_BAND` at both ends (away from critical damping, where a finite
        horizon overshoots the rate).
    sampled : int
        Cells sampled per panel, in scope or not.
    """

    comparisons: tuple[Any, ...]
    sampled: int

    def errors(self) -> NDArray[np.float64]:
        """Every relative error, all methods, settings and problems together."""
        return np.concatenate([c.relative_error.ravel() for c in self.comparisons])

    @property
    def points(self) -> int:
        """Settings in scope, all methods together (each run on every problem)."""
        return int(sum(c.predicted.shape[1] for c in self.comparisons))


@experiment
def measured_rates(
    mu: float = SPECTRUM[0],
    L: float = SPECTRUM[1],
    samples: int = MEASURED_SAMPLES,
    steps: int = STEPS,
) -> MeasuredRates:
    """Run each panel's method at its sampled cells in scope; compare with the prediction."""
    from momentum_theory import methods
    from momentum_theory.problems import dense_problem, diagonal_problem
    from momentum_theory.rates import compare_method_rates

    comparison = spectrum_comparison(mu, L)
    problems = (
        diagonal_problem(mu, L, MEASURED_DIMENSION),
        dense_problem(mu, L, MEASURED_DIMENSION, seed=1),
    )
    results = []
    for grid in comparison.grids:
        rows = np.linspace(0, grid.y.size - 1, samples).round().astype(int)
        columns = np.linspace(0, grid.x.size - 1, samples).round().astype(int)
        rows, columns = (a.ravel() for a in np.meshgrid(rows, columns, indexing="ij"))
        axes = {grid.x_name: grid.x[columns], grid.y_name: grid.y[rows]}
        family = methods.get(grid.method).family(**axes, **grid.fixed)
        scope = grid.rate[rows, columns] <= MAX_RATE
        for h in (mu, L):
            discriminant = family.trace(h) ** 2 - 4.0 * family.determinant(h)
            scope &= np.abs(discriminant) >= CRITICAL_BAND
        chosen = {name: values[scope] for name, values in axes.items()}
        results.append(
            compare_method_rates(grid.method, problems, steps=steps, **chosen, **grid.fixed)
        )
    return MeasuredRates(comparisons=tuple(results), sampled=samples * samples)


# -- PyTorch ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TorchEquivalence:
    r"""``pytorch_sgd`` against ``torch.optim.SGD`` for every combination of its options.

    Attributes
    ----------
    options : tuple
        The combinations tried (:data:`TORCH_OPTIONS`).
    refusals_differ : int
        Combinations that one of the two refuses and the other accepts.
    accepted : int
        Combinations both accept (each run for :data:`TORCH_STEPS` steps).
    max_gap : float
        The largest :math:`|x_t^{\text{ours}} - x_t^{\text{torch}}|` over every step and
        coordinate, relative to the largest :math:`|x_t|` of that step.
    """

    options: tuple[Any, ...]
    refusals_differ: int
    accepted: int
    max_gap: float


@experiment
def torch_equivalence(lr: float = TORCH_LR, steps: int = TORCH_STEPS) -> TorchEquivalence:
    """Run both on a diagonal quadratic from the same start, float64; needs PyTorch. With
    ``maximize=True`` torch ascends :math:`F = -f` (``p.grad`` holds :math:`-\nabla f`)."""
    from momentum_theory import methods
    from momentum_theory.quadratic import run
    from momentum_theory.training._torch import require_torch

    torch = require_torch()
    sgd = methods.get("pytorch_sgd")
    h = np.linspace(0.5, 5.0, 4)
    x0 = np.array([1.0, -0.7, 1.3, -1.1])
    refusals_differ, accepted, worst = 0, 0, 0.0
    for option in TORCH_OPTIONS:
        keywords = dict(option)
        p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        try:
            optimizer = torch.optim.SGD([p], lr=lr, **keywords)
        except ValueError:
            optimizer = None
        try:
            sgd.check(lr=lr, **keywords)
            ours_accepts = True
        except ValueError:
            ours_accepts = False
        if (optimizer is not None) != ours_accepts:
            refusals_differ += 1
            continue
        if optimizer is None:
            continue
        accepted += 1
        curvature = torch.tensor(h, dtype=torch.float64)
        theirs = [p.detach().clone().numpy()]
        for _ in range(steps):
            optimizer.zero_grad()
            gradient = (curvature * p).detach()
            p.grad = -gradient if keywords["maximize"] else gradient
            optimizer.step()
            theirs.append(p.detach().clone().numpy())
        reference = np.array(theirs)
        ours = run(sgd, h, x0, steps, trajectory=True, lr=lr, **keywords).iterates
        scale = np.max(np.abs(reference), axis=1, keepdims=True)
        worst = max(worst, float(np.max(np.abs(ours - reference) / scale)))
    return TorchEquivalence(
        options=TORCH_OPTIONS,
        refusals_differ=refusals_differ,
        accepted=accepted,
        max_gap=worst,
    )
