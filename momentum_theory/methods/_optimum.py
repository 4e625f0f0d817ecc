r"""The results of tuning a method: :class:`Optimum` (optimal parameters) and :class:`Tuning`
(a published choice), and :class:`TuningSpec`, how a method registers a tuning."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from types import MappingProxyType
from typing import Any

import numpy as np

__all__ = ["Optimum", "Tuning", "TuningSpec"]


@dataclass(frozen=True, kw_only=True)
class Optimum:
    r"""A method's parameters minimising its worst-case rate over :math:`[\mu, L]`.

    One type for every method, closed form or numerical; each parameter also reads as an
    attribute (``opt.alpha``, ``opt.lr``).

    Attributes
    ----------
    method : str
        The method's registry name.
    parameters : mapping of str to object
        Every parameter of the method (the tuned ones and those held as given), ready for
        ``method.worst_case_rate(mu, L, **opt.parameters)``; read-only.
    rate : ndarray or float
        The worst-case rate :math:`\max_{h \in [\mu, L]} \rho` at the returned parameters,
        from the kernel (:meth:`Method.worst_case_rate
        <momentum_theory.methods.Method.worst_case_rate>`, to :math:`10^{-14}` relative),
        for every method. For the closed-form optima (gradient descent, heavy ball,
        Nesterov) it is not the closed form of the optimal rate: the parameters are rounded
        to doubles and the ends of the spectrum sit on critical curves, where :math:`\rho`
        moves like the square root of a perturbation, so the closed form can be off by
        :math:`10^{-7}` relative at :math:`\kappa = 1.01` and by far more as
        :math:`\kappa \to 1`.
    mu, L : ndarray or float
        The spectrum the parameters were chosen for.
    known_optimum : ndarray or float, optional
        The optimal rate of the family searched, in closed form (with parameters fixed, of
        the slice searched: heavy ball's and PyTorch SGD's closed forms; None for a
        numerical slice or when everything is fixed): for the closed-form optima
        their own (Polyak's :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)` for heavy ball, as
        :math:`(L - \mu)/(\sqrt L + \sqrt\mu)^2`), for the numerical ones the bound they
        should reach (Polyak's rate, a lower bound for every method of the two-step family
        on quadratics, or Lessard, Recht and Packard's :math:`1 - 2/\sqrt{3\kappa + 1}` for
        Nesterov's subfamily). None where no closed form is known.

    Examples
    --------
    >>> from momentum_theory import methods
    >>> opt = methods.get("heavy_ball").optimal_parameters(mu=1.0, L=100.0)
    >>> round(float(opt.alpha), 6), sorted(opt.parameters)
    (0.033058, ['alpha', 'beta'])
    >>> float(opt.known_optimum)  # 9/11, Polyak's closed form
    0.8181818181818182
    """

    method: str
    parameters: Mapping[str, Any]
    rate: Any
    mu: Any
    L: Any
    known_optimum: Any = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", MappingProxyType(dict(self.parameters)))

    def __getattr__(self, name: str) -> Any:
        # Only for names that are not fields: a parameter by name. Private names and the
        # fields themselves are refused, so that copying and unpickling (which look them up
        # before the fields exist) do not recurse.
        if name.startswith("_") or name in _FIELDS:
            raise AttributeError(name)
        try:
            return self.parameters[name]
        except KeyError:
            raise AttributeError(
                f"{self.method}'s optimum has no attribute {name!r}; its parameters are "
                f"{', '.join(self.parameters)}"
            ) from None

    def __reduce__(self) -> tuple[Any, ...]:
        # A mapping proxy does not pickle: rebuild from a plain dict.
        state = {f.name: getattr(self, f.name) for f in fields(self)}
        state["parameters"] = dict(self.parameters)
        return (_restore, (state,))

    @property
    def condition_number(self) -> Any:
        r""":math:`\kappa = L / \mu`."""
        return self.L / self.mu

    @property
    def gap(self) -> Any:
        """``rate - known_optimum``: how far the rate is from the known optimum (>= 0 up to
        the rounding of the rates); a float for a scalar spectrum, None if none is known."""
        if self.known_optimum is None:
            return None
        gap = np.asarray(self.rate, dtype=float) - np.asarray(self.known_optimum, dtype=float)
        return float(gap) if gap.ndim == 0 else gap


_FIELDS = frozenset(("method", "parameters", "rate", "mu", "L", "known_optimum"))


def _restore(state: dict[str, Any]) -> Optimum:
    return Optimum(**state)


@dataclass(frozen=True)
class TuningSpec:
    """A published tuning, as a method registers it (see :meth:`Method.tuning
    <momentum_theory.methods.Method.tuning>`).

    Attributes
    ----------
    build : callable
        ``build(*, mu, L, **options) -> (parameters, published_rate)``.
    reference : str
        Where the choice and its rate are published.
    display : str
        Its name in a figure's key (``"Nesterov's textbook"``).
    tag : str
        Its tag in LaTeX macro names (``"Textbook"``).
    marker : str, optional
        Its Matplotlib marker in a figure; None for a tuning that is the method's optimum
        (drawn as the optimum).
    """

    build: Callable[..., tuple[dict[str, Any], float]]
    reference: str
    display: str
    tag: str
    marker: str | None = None


@dataclass(frozen=True)
class Tuning:
    r"""A published parameter choice of a method for a spectrum :math:`[\mu, L]`.

    Attributes
    ----------
    method, name : str
        The method and the tuning (``"heavy_ball"``, ``"polyak"``).
    parameters : dict of str to float
        The method's parameters, ready for ``method.worst_case_rate(mu, L, **parameters)``.
    rate : float
        Its exact worst-case rate on quadratics with spectrum in :math:`[\mu, L]`
        (:meth:`Method.worst_case_rate <momentum_theory.methods.Method.worst_case_rate>`).
    published_rate : float
        The per-step rate of :math:`\|x_t - x^*\|` that the reference proves, for the
        function class it treats; on quadratics ``rate <= published_rate`` (equality for
        the tunings designed for quadratics). A bound on :math:`f(x_t) - f^*` with factor
        :math:`q` per step is a distance rate :math:`\sqrt q`.
    mu, L : float
        The spectrum.
    reference : str
        Where the choice and its rate are published.
    """

    method: str
    name: str
    parameters: dict[str, Any]
    rate: float
    published_rate: float
    mu: float
    L: float
    reference: str
