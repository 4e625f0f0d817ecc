r"""A method's two-step-family parameters, computed exactly from its own map.

Each named method writes its map onto the family once, as plain arithmetic
(:meth:`momentum_theory.methods.Method._map`, e.g. QHM's
:math:`\gamma = \beta(1 - \nu)/(1 - \beta)`); run on :class:`~fractions.Fraction`
parameters it gives the family's :math:`\alpha, \beta, \gamma` and the curvature shift
(PyTorch's weight decay) exactly. A proof records the user's parameters (the doubles they
gave, read exactly) so that a checker can recompute the map instead of trusting it.

Importing this module costs nothing beyond the standard library; the method registry (and
with it NumPy, which the methods use elsewhere, not in their maps) loads when a map is
first computed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

__all__ = ["ExactFamily", "MapError", "exact_family", "exact_parameters"]


class MapError(ValueError):
    """The method's map cannot be computed at the parameters (unknown method or parameter,
    a parameter outside the method's domain, a division by zero, an inexact map)."""


@dataclass(frozen=True)
class ExactFamily:
    r"""The family parameters of a method at exact parameters.

    Attributes
    ----------
    alpha, beta, gamma : Fraction
        The two-step family's parameters.
    shift : Fraction
        Added to every curvature the family sees (PyTorch's ``weight_decay``: a loss in
        :math:`\mathcal S(\mu, L)` is seen as one in :math:`\mathcal S(\mu + s, L + s)`).
    """

    alpha: Fraction
    beta: Fraction
    gamma: Fraction
    shift: Fraction


def _method(name: object) -> Any:
    from momentum_theory.methods import get, names

    if not isinstance(name, str) or name not in names():
        raise MapError(f"method must be one of {', '.join(map(repr, names()))}, got {name!r}")
    return get(name)


def exact_parameters(method: object, parameters: Mapping[str, Any]) -> dict[str, Fraction | bool]:
    r"""The user's parameters of ``method``, defaults filled in, each number read exactly.

    Checked as the method checks them (names, types, domains); a float becomes the
    :class:`~fractions.Fraction` of its binary value, so nothing is rounded.

    Raises
    ------
    TypeError, ValueError
        As :meth:`~momentum_theory.methods.Method.check`; ValueError for an array.

    Examples
    --------
    >>> exact_parameters("qhm", {"alpha": 0.5, "beta": 0.75, "nu": 0.5})
    {'alpha': Fraction(1, 2), 'beta': Fraction(3, 4), 'nu': Fraction(1, 2)}
    """
    from momentum_theory.methods import get

    spec = get(method)
    checked = spec.check(**parameters)
    exact: dict[str, Fraction | bool] = {}
    for name in spec.parameters:
        value = checked[name]
        if isinstance(value, bool):
            exact[name] = value
        elif getattr(value, "ndim", 0) != 0:
            raise ValueError(
                f"{name} must be a single number for a proof, got shape {value.shape}"
            )
        else:
            exact[name] = Fraction(float(value))
    return exact


def exact_family(method: object, parameters: Mapping[str, Fraction | bool]) -> ExactFamily:
    r"""The family parameters of ``method`` at ``parameters``, exactly, from the method's map.

    Parameters
    ----------
    method : str
        A registered method's name.
    parameters : mapping of str to Fraction or bool
        Every parameter of the method (flags as bools).

    Returns
    -------
    ExactFamily

    Raises
    ------
    MapError
        (a ValueError) For an unknown method, a missing, unknown or mistyped parameter, a
        value the method's domain excludes (checked as the method checks it), or a map that
        divides by zero or is not exact (returns a float).

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> family = exact_family("qhm", {"alpha": F(1, 2), "beta": F(3, 4), "nu": F(1, 2)})
    >>> family.alpha, family.gamma  # alpha (1 - beta), beta (1 - nu) / (1 - beta)
    (Fraction(1, 8), Fraction(3, 2))
    """
    spec = _method(method)
    names = set(spec.parameters)
    unknown = sorted(set(parameters) - names)
    missing = [name for name in spec.parameters if name not in parameters]
    if unknown or missing:
        problem = f"has no parameter {unknown[0]!r}" if unknown else f"needs {missing[0]!r}"
        raise MapError(f"{spec.name} {problem}; its parameters are {', '.join(spec.parameters)}")
    for name in spec.parameters:
        flag = name in spec._flags
        if flag != isinstance(parameters[name], bool):
            kind = "True or False" if flag else "a rational number"
            raise MapError(
                f"{spec.name}'s parameter {name} must be {kind}, got {parameters[name]!r}"
            )
    try:  # the domain, as the method checks it (floats: only membership is decided here)
        spec.check(**{n: v if isinstance(v, bool) else float(v) for n, v in parameters.items()})
    except (TypeError, ValueError, OverflowError) as error:
        raise MapError(f"parameters outside {spec.name}'s domain: {error}") from None
    try:
        mapped = spec._map(**parameters)
    except ZeroDivisionError:
        raise MapError(f"{spec.name}'s map divides by zero at these parameters") from None
    values = []
    for symbol, value in zip(("alpha", "beta", "gamma", "shift"), mapped):
        if isinstance(value, bool) or not isinstance(value, (Fraction, int)):
            raise MapError(f"{spec.name}'s map gives {symbol} = {value!r}, not an exact rational")
        values.append(Fraction(value))
    return ExactFamily(*values)
