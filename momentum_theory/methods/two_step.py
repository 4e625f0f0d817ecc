r"""The two-step family of Lessard, Recht and Packard (2016), every method here is one of.

.. math::

    y_t = x_t + \gamma (x_t - x_{t-1}), \qquad
    x_{t+1} = x_t + \beta (x_t - x_{t-1}) - \alpha \nabla f(y_t).

:math:`\gamma = 0` is heavy ball, :math:`\gamma = \beta` Nesterov, :math:`\beta = \gamma = 0`
gradient descent. On :math:`f(x) = h x^2/2` the characteristic polynomial of the state
matrix (state :math:`(x_t, x_{t-1})`) is

.. math::

    \lambda^2 - T\lambda + D, \qquad T = 1 + \beta - \alpha h (1 + \gamma), \quad
    D = \beta - \alpha h \gamma.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar

from numpy.typing import ArrayLike

from momentum_theory._validation import as_spectrum
from momentum_theory.methods._base import Method
from momentum_theory.methods._minimax import minimize_worst_case
from momentum_theory.methods._optimum import Optimum, TuningSpec
from momentum_theory.methods._parameter import GAP, Axis, Parameter, momentum, step
from momentum_theory.methods.heavy_ball import polyak_rate

__all__ = ["GAMMA", "TWO_STEP", "TwoStep", "triple_momentum"]

# The gradient extrapolation: 0 is heavy ball, beta Nesterov. Plots hold it at heavy ball's
# 0 unless told; the frontier searches it over decades (log1p).
GAMMA = Parameter(
    "gamma",
    r"\gamma",
    "γ",
    "extrapolation",
    "shape",
    plot_value=0.0,
    typical=(-0.5, 1.5),
    search=Axis(-0.9, 1e4, "log1p"),
)


def update(
    state: tuple[Any, Any],
    gradient: Callable[[Any], Any],
    *,
    alpha: Any,
    beta: Any,
    gamma: Any,
    first: bool = False,
) -> tuple[Any, Any]:
    r"""One step: :math:`y = x_t + \gamma (x_t - x_{t-1})`, then :math:`x_{t+1}` as above."""
    x, x_previous = state
    y = x + gamma * (x - x_previous)
    return x + beta * (x - x_previous) - alpha * gradient(y), x


def triple_momentum(*, mu: float, L: float) -> tuple[dict[str, float], float]:
    r"""Van Scoy, Freeman and Lynch's triple momentum: :math:`\rho = 1 - 1/\sqrt\kappa`,
    :math:`\alpha = (1 + \rho)/L`, :math:`\beta = \rho^2/(2 - \rho)`,
    :math:`\gamma = \rho^2/((1 + \rho)(2 - \rho))`, published rate :math:`\rho`.

    Examples
    --------
    >>> parameters, rate = triple_momentum(mu=1.0, L=100.0)
    >>> round(parameters["alpha"], 6), round(rate, 6)  # (1 + rho)/L with rho = 1 - 1/10
    (0.019, 0.9)
    """
    rho = 1.0 - 1.0 / math.sqrt(L / mu)
    parameters = {
        "alpha": (1.0 + rho) / L,
        "beta": rho**2 / (2.0 - rho),
        "gamma": rho**2 / ((1.0 + rho) * (2.0 - rho)),
    }
    return parameters, rho


class TwoStep(Method):
    r"""The two-step family itself, with parameters ``alpha``, ``beta``, ``gamma``.

    Notes
    -----
    **Family map.** The identity.

    **Optimum.** Over quadratics with spectrum in :math:`[\mu, L]` no method of the family
    beats Polyak's rate :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`: every iterate lies
    in :math:`x_0` plus the Krylov space of the gradients, whose best residual polynomial
    is Chebyshev's, and heavy ball (:math:`\gamma = 0`) attains that rate. The optimum
    may not be unique. :meth:`optimal_parameters` finds one numerically (grid plus
    Nelder--Mead over :math:`\alpha L \in [0, 4]`, :math:`\sqrt\beta, \gamma \in [0, 1]`, see
    :func:`~momentum_theory.methods._minimax.minimize_worst_case`); the tests check that it
    reaches Polyak's rate to :math:`10^{-6}` for :math:`\kappa` from 1 to :math:`10^4`.

    **Tunings** (:meth:`tuning`):

    ``"triple_momentum"``
        :math:`\rho = 1 - 1/\sqrt\kappa`, :math:`\alpha = (1 + \rho)/L`,
        :math:`\beta = \rho^2/(2 - \rho)`, :math:`\gamma = \rho^2/((1 + \rho)(2 - \rho))`,
        with :math:`\|x_t - x^*\| = O(\rho^t)` on every :math:`\mu`-strongly convex
        :math:`L`-smooth :math:`f` (B. Van Scoy, R. A. Freeman, K. M. Lynch, "The fastest
        known globally convergent first-order method for minimizing strongly convex
        functions", IEEE Control Systems Letters 2(1), 2018; values as in PEPit's
        ``wc_triple_momentum``). Its fourth parameter
        :math:`\delta = \rho^2/(1 - \rho^2)` only forms the output
        :math:`(1 + \delta)\xi_t - \delta\xi_{t-1}` from the iterates and does not change
        the rate. On quadratics the rate is exactly :math:`\rho`, attained at both ends.

    Examples
    --------
    >>> from momentum_theory import methods
    >>> tm = methods.get("two_step").tuning("triple_momentum", mu=1.0, L=100.0)
    >>> round(tm.rate, 12), tm.published_rate
    (0.9, 0.9)
    """

    name = "two_step"
    specs = (
        step(typical=(0.0, 4.4)),
        momentum(search=Axis(-1.0 + GAP, 1.0 - GAP, "gap")),
        GAMMA,
    )
    display = "two-step family"
    tag = "Two"
    marker = "o"
    colour = "C2"
    _rule = staticmethod(update)
    _tunings: ClassVar[dict[str, TuningSpec]] = {
        "triple_momentum": TuningSpec(
            triple_momentum,
            "Van Scoy, Freeman & Lynch, IEEE Control Syst. Lett. 2(1), 2018",
            display="triple momentum",
            tag="Triple",
            marker="P",
        )
    }

    def _map(self, *, alpha: Any, beta: Any, gamma: Any) -> tuple[Any, Any, Any, Any]:
        return alpha, beta, gamma, 0 * alpha

    def _optimum(self, *, mu: ArrayLike, L: ArrayLike) -> Optimum:
        r"""A numerical minimiser of :meth:`worst_case_rate` (see ``Notes``).

        Parameters
        ----------
        mu, L : float
            The spectrum, ``0 < mu <= L`` (scalars: the search runs once per spectrum).
        """
        mu_, L_ = as_spectrum(mu=mu, L=L, scalar=True)

        def rate(scaled_alpha: Any, root_beta: Any, gamma: Any) -> Any:
            return self.worst_case_rate(
                mu=mu_, L=L_, alpha=scaled_alpha / L_, beta=root_beta**2, gamma=gamma
            )

        point, value = minimize_worst_case(rate, [(0.0, 4.0), (0.0, 1.0), (0.0, 1.0)])
        return Optimum(
            method=self.name,
            parameters={
                "alpha": float(point[0] / L_),
                "beta": float(point[1] ** 2),
                "gamma": float(point[2]),
            },
            rate=value,
            mu=mu_,
            L=L_,
            known_optimum=polyak_rate(mu=mu_, L=L_),
        )


TWO_STEP = TwoStep()
