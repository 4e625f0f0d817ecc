r"""The named methods side by side: the experiments of the methods figure, numbers and claims.

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
==========================  ==============================================================

The independent references the claims compare these with (a brute-force minimax, simulations
of each method's own rule, ``torch.optim.SGD``) are in :mod:`~.references`.

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

from momentum_theory import methods
from momentum_theory.methods import cell_centres
from momentum_theory.paper._cache import experiment

__all__ = [
    "KAPPA_POINTS",
    "KAPPA_RANGE",
    "MOMENTUM_DECADES",
    "NUMERICAL_KAPPAS",
    "NUMERICAL_METHODS",
    "PANELS",
    "RESOLUTION",
    "SPECTRUM",
    "SYMBOLIC_CASES",
    "TUNINGS",
    "FamilyMap",
    "KappaSweep",
    "MethodComparison",
    "Panel",
    "family_maps",
    "optimum",
    "optimum_options",
    "rates_against_kappa",
    "spectrum_comparison",
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
    return methods.get("two_step").tuning("triple_momentum", mu=mu, L=L).parameters["gamma"]


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
# The published tunings, by method: every tuning the methods register, in registry order.
TUNINGS = tuple((name, tuning) for name in methods.names() for tuning in methods.get(name).tunings)
# The family maps the paper tabulates: every method, and PyTorch's SGD in two more forms.
SYMBOLIC_CASES = (
    *((name, ()) for name in methods.names()),
    ("pytorch_sgd", (("momentum", 0),)),
    ("pytorch_sgd", (("nesterov", True), ("dampening", 0))),
)


def optimum_options(name: str) -> tuple[tuple[str, Any], ...]:
    """The fixed options of ``name``'s optimum: those of its panel that the optimum does not
    tune (PyTorch's dampening; the panels' gamma and nu are slices, not options)."""
    method = methods.get(name)
    return tuple(
        (parameter, value)
        for panel in PANELS
        if panel.method == name
        for parameter, value in panel.fixed
        if not method.parameter(parameter).tuned
    )


# The methods whose optimum is numerical (no closed form), with the options held fixed.
NUMERICAL_METHODS = tuple(
    (name, optimum_options(name))
    for name in methods.names()
    if not methods.get(name).closed_form_optimum
)


def _resolve(fixed: tuple[tuple[str, Any], ...], mu: float, L: float) -> dict[str, Any]:
    """The fixed parameters as keywords, ``"triple_momentum"`` replaced by its gamma."""
    return {
        name: _triple_momentum_gamma(mu, L) if value == "triple_momentum" else value
        for name, value in fixed
    }


# -- optima and the spectrum ------------------------------------------------------------


@experiment
def optimum(name: str, *, mu: float, L: float, options: tuple[tuple[str, Any], ...] = ()) -> Any:
    """``methods.get(name).optimal_parameters(mu, L, **options)``, once per settings."""
    return methods.get(name).optimal_parameters(mu=mu, L=L, **dict(options))


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
    *, mu: float = SPECTRUM[0], L: float = SPECTRUM[1], resolution: int = RESOLUTION
) -> MethodComparison:
    """The panels' grids, every method's optimum and the tunings, for ``[mu, L]``."""
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
    optima = {
        name: optimum(name, mu=mu, L=L, options=optimum_options(name)) for name in methods.names()
    }
    tunings = tuple(methods.get(name).tuning(tuning, mu=mu, L=L) for name, tuning in TUNINGS)
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
        the family beats it on every quadratic with spectrum in :math:`[\mu, L]` (the
        paper's proposition on the family bound; for every first-order method on
        :math:`\ell_2`, Nesterov 2004, Theorem 2.1.13).
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
    kappa = np.geomspace(*kappa_range, points)
    closed = {
        name: np.asarray(methods.get(name).optimal_parameters(mu=1.0, L=kappa).rate, dtype=float)
        for name in methods.names()
        if methods.get(name).closed_form_optimum
    }
    two_step = methods.get("two_step")
    triple = np.array([two_step.tuning("triple_momentum", mu=1.0, L=k).rate for k in kappa])
    root = np.sqrt(kappa)
    numerical, gaps = {}, {}
    for name, options in NUMERICAL_METHODS:
        found = [optimum(name, mu=1.0, L=float(k), options=options) for k in numerical_kappas]
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
