r"""Nesterov's accelerated gradient with constant momentum.

.. math::

    y_t = x_t + \beta (x_t - x_{t-1}), \qquad x_{t+1} = y_t - \alpha \nabla f(y_t).

The two-step family with :math:`\gamma = \beta`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from momentum_theory._validation import as_spectrum
from momentum_theory.methods._base import Method
from momentum_theory.methods._optimum import Optimum, TuningSpec
from momentum_theory.methods._parameter import GAP, Axis, momentum, step

__all__ = ["NESTEROV", "Nesterov", "quadratic_optimal", "textbook"]


def update(
    state: tuple[Any, Any],
    gradient: Callable[[Any], Any],
    *,
    alpha: Any,
    beta: Any,
    first: bool = False,
) -> tuple[Any, Any]:
    r"""One step, :math:`(x_t, x_{t-1}) \mapsto (y - \alpha \nabla f(y), x_t)` with
    :math:`y = x_t + \beta (x_t - x_{t-1})`."""
    x, x_previous = state
    y = x + beta * (x - x_previous)
    return y - alpha * gradient(y), x


def textbook(*, mu: float, L: float) -> tuple[dict[str, float], float]:
    r"""Nesterov's constant-step scheme: :math:`\alpha = 1/L`,
    :math:`\beta = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)`.

    Published: :math:`f(x_t) - f^* \le (1 - 1/\sqrt\kappa)^t\,C`, a distance rate
    :math:`\sqrt{1 - 1/\sqrt\kappa}`.

    Examples
    --------
    >>> parameters, rate = textbook(mu=1.0, L=100.0)
    >>> parameters["alpha"], round(parameters["beta"], 6), round(rate**2, 6)  # 9/11, 1 - 1/10
    (0.01, 0.818182, 0.9)
    """
    root = math.sqrt(L / mu)
    return {"alpha": 1.0 / L, "beta": (root - 1.0) / (root + 1.0)}, math.sqrt(1.0 - 1.0 / root)


def quadratic_optimal(*, mu: float, L: float) -> tuple[dict[str, float], float]:
    r"""Lessard, Recht and Packard's optimum on quadratics: :math:`\alpha = 4/(3L + \mu)`,
    :math:`\beta = (\sqrt{3\kappa + 1} - 2)/(\sqrt{3\kappa + 1} + 2)`, rate
    :math:`1 - 2/\sqrt{3\kappa + 1}`.

    Examples
    --------
    >>> parameters, rate = quadratic_optimal(mu=1.0, L=100.0)
    >>> round(parameters["alpha"], 6), round(rate, 6)  # 4/301 and 1 - 2/sqrt(301)
    (0.013289, 0.884722)
    """
    root = math.sqrt(3.0 * L / mu + 1.0)
    parameters = {"alpha": 4.0 / (3.0 * L + mu), "beta": (root - 2.0) / (root + 2.0)}
    return parameters, (root - 2.0) / root


class Nesterov(Method):
    r"""Nesterov's method with step size ``alpha`` and momentum ``beta``.

    Notes
    -----
    **Family map.** :math:`(\alpha, \beta, \gamma) = (\alpha, \beta, \beta)`: the gradient
    is taken at the extrapolated point, so on :math:`h x^2/2` the characteristic polynomial
    is :math:`\lambda^2 - (1 + \beta)(1 - \alpha h)\lambda + \beta(1 - \alpha h)`.

    **Optimum** over quadratics with spectrum in :math:`[\mu, L]` (L. Lessard, B. Recht,
    A. Packard, "Analysis and design of optimization algorithms via integral quadratic
    constraints", SIAM J. Optim. 26(1), 2016, sec. 2.2):

    .. math::

        \alpha^* = \frac{4}{3L + \mu}, \quad
        \beta^* = \frac{\sqrt{3\kappa + 1} - 2}{\sqrt{3\kappa + 1} + 2}, \quad
        \rho^* = 1 - \frac{2}{\sqrt{3\kappa + 1}}.

    **Tunings** (:meth:`tuning`):

    ``"textbook"``
        :math:`\alpha = 1/L`, :math:`\beta = (\sqrt\kappa - 1)/(\sqrt\kappa + 1)`
        (Y. Nesterov, *Introductory Lectures on Convex Optimization*, 2004, constant step
        scheme III, sec. 2.2.1; *Lectures on Convex Optimization*, 2018, Thm. 2.2.3), with
        :math:`f(x_t) - f^* = O((1 - 1/\sqrt\kappa)^t)` on every :math:`\mu`-strongly
        convex :math:`L`-smooth :math:`f`: a published distance rate
        :math:`\sqrt{1 - 1/\sqrt\kappa}`. On quadratics the rate is exactly
        :math:`1 - 1/\sqrt\kappa`: :math:`h = \mu` is critically damped, with the double
        eigenvalue :math:`1 - 1/\sqrt\kappa`, and :math:`h = L` gives :math:`\rho = 0`.
    ``"quadratic_optimal"``
        The optimum above (Lessard, Recht and Packard, 2016).

    Examples
    --------
    >>> from momentum_theory import methods
    >>> nag = methods.get("nesterov")
    >>> opt = nag.optimal_parameters(mu=1.0, L=100.0)
    >>> round(float(opt.rate), 6)
    0.884722
    >>> round(float(nag.worst_case_rate(mu=1.0, L=100.0, **opt.parameters)), 6)
    0.884722
    """

    name = "nesterov"
    specs = (
        step(typical=(0.0, 2.2)),  # just past the widest stable step 2/L (beta = 0)
        momentum(search=Axis(0.0, 1.0 - GAP, "gap")),
    )
    display = "Nesterov"
    tag = "Nag"
    marker = "d"
    colour = "C1"
    closed_form_optimum = True
    _rule = staticmethod(update)
    _tunings: ClassVar[dict[str, TuningSpec]] = {
        "textbook": TuningSpec(
            textbook,
            "Nesterov (2004), constant step scheme III; (2018) Thm 2.2.3",
            display="Nesterov's textbook",
            tag="Textbook",
            marker="D",
        ),
        "quadratic_optimal": TuningSpec(
            quadratic_optimal,
            "Lessard, Recht & Packard, SIAM J. Optim. 26(1), 2016, sec. 2.2",
            display="Lessard, Recht & Packard",
            tag="Lessard",
        ),
    }

    def _map(self, *, alpha: Any, beta: Any) -> tuple[Any, Any, Any, Any]:
        return alpha, beta, beta, 0 * alpha

    def _optimum(self, *, mu: ArrayLike, L: ArrayLike) -> Optimum:
        r"""Lessard, Recht and Packard's optimum on quadratics (see ``Notes``), with ``rate``
        the kernel's worst-case rate at the parameters as returned (rounded to doubles) and
        ``known_optimum`` the closed form :math:`1 - 2/\sqrt{3\kappa + 1}`."""
        mu_, L_ = as_spectrum(mu=mu, L=L)
        root = np.sqrt(3.0 * (L_ / mu_) + 1.0)
        alpha, beta = (4.0 / (3.0 * L_ + mu_))[()], ((root - 2.0) / (root + 2.0))[()]
        return Optimum(
            method=self.name,
            parameters={"alpha": alpha, "beta": beta},
            rate=self.worst_case_rate(mu=mu_, L=L_, alpha=alpha, beta=beta)[()],
            mu=mu_[()],
            L=L_[()],
            known_optimum=((root - 2.0) / root)[()],
        )


NESTEROV = Nesterov()
