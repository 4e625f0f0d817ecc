r"""What a method says about each of its parameters: :class:`Parameter`.

A method lists its parameters once, in its own module, as :class:`Parameter` objects
(``specs``); everything that prints, plots, checks, tunes or searches a parameter reads it
from there: :meth:`Method.check <momentum_theory.methods.Method.check>` (the domain), the
heatmaps and ``momentum-theory heatmap`` (label, symbol, kind, unit, typical range), the
explorer (text symbol), the optima (``tuned``) and the rate--noise frontiers (``search``).
The constructors below hold the shared vocabulary (a step size, a momentum), so that the
same parameter reads the same in every method.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import require

__all__ = ["GAP", "Axis", "Domain", "Parameter", "flag", "momentum", "step"]

Kind = Literal["step", "momentum", "shape", "option", "flag"]

# The frontier searches momenta up to 1 - GAP (and from -1 + GAP): at 1 nothing converges.
GAP = 1e-7


@dataclass(frozen=True)
class Axis:
    r"""A searched parameter's range and the coordinate a search grid is even in.

    Attributes
    ----------
    low, high : float
        The range of the parameter's value.
    scale : {"linear", "gap", "log1p"}
        ``"linear"``: even in the value; ``"gap"``: even in :math:`\log(1 - \text{value})`,
        which resolves momenta close to 1 (``high < 1``); ``"log1p"``: even in
        :math:`\log(1 + \text{value})` (``low > -1``), for a parameter whose useful values
        span decades.

    Examples
    --------
    >>> axis = Axis(0.0, 0.99, "gap")
    >>> [round(float(axis.value(u)), 6) for u in axis.bounds()]
    [0.99, 0.0]
    """

    low: float
    high: float
    scale: Literal["linear", "gap", "log1p"] = "linear"

    def bounds(self) -> tuple[float, float]:
        """The range in the search coordinate, increasing."""
        if self.scale == "gap":
            return math.log(1.0 - self.high), math.log(1.0 - self.low)
        if self.scale == "log1p":
            return math.log1p(self.low), math.log1p(self.high)
        return self.low, self.high

    def value(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """The parameter's value at search coordinate ``u``."""
        if self.scale == "gap":
            return 1.0 - np.exp(u)
        if self.scale == "log1p":
            return np.expm1(u)
        return u


@dataclass(frozen=True)
class Domain:
    r"""The values a parameter may take: an interval, less a few points.

    Attributes
    ----------
    low, high : float
        The ends (infinite for none).
    low_open, high_open : bool
        Whether an end is excluded.
    excluded : tuple of float
        Single values that are refused (QHM's :math:`\beta = 1`).
    reason : str
        Why, appended to the error message in parentheses.

    Examples
    --------
    >>> Domain(low=0.0, reason="torch.optim.SGD refuses it").check("lr", -1.0)
    Traceback (most recent call last):
    ...
    ValueError: lr must be non-negative (torch.optim.SGD refuses it), got -1
    """

    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    excluded: tuple[float, ...] = ()
    reason: str = ""

    def describe(self) -> str:
        """The allowed values in words: ``non-negative``, ``other than 1``, ``in [0, 1)``."""
        unbounded = self.low == -math.inf and self.high == math.inf
        if unbounded and self.excluded:
            text = "other than " + ", ".join(f"{value:g}" for value in self.excluded)
        elif self.low == 0 and self.high == math.inf:
            text = "positive" if self.low_open else "non-negative"
        else:
            text = (
                f"in {'(' if self.low_open else '['}{self.low:g}, "
                f"{self.high:g}{')' if self.high_open else ']'}"
            )
            if self.excluded:
                text += " other than " + ", ".join(f"{value:g}" for value in self.excluded)
        return f"{text} ({self.reason})" if self.reason else text

    def check(self, name: str, value: Any) -> None:
        """Raise ValueError naming ``name`` unless every (non-NaN) entry is in the domain."""
        value = np.asarray(value, dtype=float)
        inside = (value > self.low) if self.low_open else (value >= self.low)
        inside &= (value < self.high) if self.high_open else (value <= self.high)
        for point in self.excluded:
            inside &= value != point
        require(inside, name, self.describe(), value)


@dataclass(frozen=True)
class Parameter:
    r"""One parameter of a method, as every reader of it needs it.

    Attributes
    ----------
    name : str
        The keyword (``"lr"``).
    latex : str
        Its symbol in TeX (``r"\eta"``): titles, axis labels, macros.
    text : str
        Its symbol in plain text (``"α"``, or the name): the explorer's controls.
    label : str
        What it is, in words (``"learning rate"``); an axis reads ``label $latex$``.
    kind : {"step", "momentum", "shape", "option", "flag"}
        Its role. A *step* scales with :math:`1/L` (scaled axes multiply it by :math:`L`);
        a *momentum* is drawn on a logarithmic scale of :math:`1 - \beta` on scaled axes; a
        *shape* parameter (:math:`\gamma`, :math:`\nu`) and an *option* (dampening, weight
        decay) are numbers of neither kind; a *flag* is True or False.
    domain : Domain, optional
        What :meth:`Method.check <momentum_theory.methods.Method.check>` accepts; None for
        any real number (or, for a flag, True or False).
    default : float or bool, optional
        The default; None if the parameter is required.
    plot_value : float, optional
        The value a plot holds a required parameter at when it is neither plotted nor
        given (the two-step family's :math:`\gamma = 0`: heavy ball).
    typical : (float, float), optional
        The range a plot shows by default, in units of ``unit``.
    plot_bounds : (float, float)
        The widest range a plot may span (``momentum-theory heatmap --x-range``).
    unit : {"1/L", "L"}, optional
        The parameter's natural unit: a step size is measured in :math:`1/L`, a weight
        decay in :math:`L`; None for a dimensionless parameter.
    search : Axis, optional
        Where the rate--noise frontier searches it
        (:func:`~momentum_theory.methods.frontier.pareto_frontier`); None if it is not
        searched (the step, which is found exactly, and the options).
    tuned : bool
        Whether :meth:`Method.optimal_parameters
        <momentum_theory.methods.Method.optimal_parameters>` chooses it; the others are
        held as given (keywords of ``optimal_parameters``).

    Examples
    --------
    >>> from momentum_theory import methods
    >>> lr = methods.get("pytorch_sgd").parameter("lr")
    >>> lr.kind, lr.unit, lr.default, lr.tuned
    ('step', '1/L', 0.001, True)
    >>> lr.axis_label
    'learning rate $\\eta$'
    """

    name: str
    latex: str
    text: str
    label: str
    kind: Kind
    domain: Domain | None = None
    default: float | bool | None = None
    plot_value: float | None = None
    typical: tuple[float, float] | None = None
    plot_bounds: tuple[float, float] = (-math.inf, math.inf)
    unit: Literal["1/L", "L"] | None = None
    search: Axis | None = None
    tuned: bool = True

    @property
    def axis_label(self) -> str:
        r"""The axis label, ``label $latex$`` (``"step size $\alpha$"``)."""
        return f"{self.label} ${self.latex}$"

    @property
    def is_flag(self) -> bool:
        """Whether the parameter is True or False rather than a number."""
        return self.kind == "flag"

    def unit_value(self, L: float) -> float:
        """The size of one ``unit`` for the curvature ``L``: :math:`1/L`, :math:`L` or 1."""
        if self.unit == "1/L":
            return 1.0 / L
        if self.unit == "L":
            return L
        return 1.0


def step(
    name: str = "alpha",
    *,
    typical: tuple[float, float],
    latex: str = r"\alpha",
    text: str = "α",
    label: str = "step size",
    domain: Domain | None = None,
    default: float | None = None,
) -> Parameter:
    r"""A step size: measured in :math:`1/L`, never searched (the frontier finds it exactly).

    ``typical`` is the step axis a plot of the method shows, in units of :math:`1/L`: just
    past its widest stable step.
    """
    return Parameter(
        name,
        latex,
        text,
        label,
        "step",
        domain=domain,
        default=default,
        typical=typical,
        plot_bounds=(0.0, math.inf),
        unit="1/L",
    )


def momentum(
    name: str = "beta",
    *,
    search: Axis,
    latex: str = r"\beta",
    text: str = "β",
    domain: Domain | None = None,
    default: float | None = None,
    plot_bounds: tuple[float, float] = (-1.0, 1.0),
) -> Parameter:
    r"""A momentum: typically in :math:`[0, 1)`, on a scale of :math:`1 - \beta` near 1."""
    return Parameter(
        name,
        latex,
        text,
        "momentum",
        "momentum",
        domain=domain,
        default=default,
        typical=(0.0, 1.0),
        plot_bounds=plot_bounds,
        search=search,
    )


def flag(name: str, *, label: str) -> Parameter:
    """A True/False option (default False), held as given by the optimum."""
    return Parameter(name, rf"\mathrm{{{name}}}", name, label, "flag", default=False, tuned=False)
