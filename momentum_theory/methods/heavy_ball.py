r"""Polyak's heavy ball, :math:`x_{t+1} = x_t - \alpha \nabla f(x_t) + \beta (x_t - x_{t-1})`.

The two-step family with :math:`\gamma = 0`; the rest of the package (the kernels in
:mod:`momentum_theory.spectral`) is about this method.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from numpy.typing import ArrayLike

from momentum_theory import spectral
from momentum_theory._validation import as_finite_float
from momentum_theory.methods._base import Method, Optimum, _Tuning

__all__ = ["HEAVY_BALL", "HeavyBall", "MomentumOptimum", "ghadimi", "polyak"]


def update(
    state: tuple[Any, Any],
    gradient: Callable[[Any], Any],
    *,
    alpha: Any,
    beta: Any,
    first: bool = False,
) -> tuple[Any, Any]:
    r"""One step, :math:`(x_t, x_{t-1}) \mapsto (x_{t+1}, x_t)` with
    :math:`x_{t+1} = x_t - \alpha \nabla f(x_t) + \beta (x_t - x_{t-1})`."""
    x, x_previous = state
    return x - alpha * gradient(x) + beta * (x - x_previous), x


@dataclass(frozen=True, kw_only=True)
class MomentumOptimum(Optimum):
    r"""Optimal step size and momentum (heavy ball or Nesterov) for :math:`[\mu, L]`.

    Attributes
    ----------
    alpha, beta : ndarray or float
        Step size and momentum.
    rate, mu, L
        As in :class:`~momentum_theory.methods.Optimum`.
    """

    alpha: Any
    beta: Any
    _parameter_names: ClassVar[tuple[str, ...]] = ("alpha", "beta")


def polyak(mu: float, L: float) -> tuple[dict[str, float], float]:
    r"""Polyak's tuning: :math:`\alpha = 4/(\sqrt L + \sqrt\mu)^2`,
    :math:`\beta = ((\sqrt\kappa - 1)/(\sqrt\kappa + 1))^2`, rate :math:`\sqrt\beta`.

    Examples
    --------
    >>> parameters, rate = polyak(1.0, 100.0)
    >>> round(parameters["alpha"], 6), round(rate, 6)  # 4/121 and 9/11
    (0.033058, 0.818182)
    """
    opt = spectral.optimal_parameters(mu, L)
    return {"alpha": float(opt.alpha), "beta": float(opt.beta)}, float(opt.rate)


def ghadimi(mu: float, L: float, alpha: float | None = None) -> tuple[dict[str, float], float]:
    r"""Ghadimi, Feyzmahdavian and Johansson's choice for strongly convex, smooth :math:`f`.

    :math:`\alpha \in (0, 1/L]`, :math:`\beta = \sqrt{(1 - \alpha\mu)(1 - \alpha L)}`, with
    :math:`f(x_t) - f^* \le (1 - \alpha\mu)^t (f(x_0) - f^*)`: a distance rate
    :math:`\sqrt{1 - \alpha\mu}` on quadratics. The default step is :math:`1/(2L)`.

    Examples
    --------
    >>> parameters, rate = ghadimi(1.0, 100.0)  # alpha = 1/(2L) by default
    >>> parameters["alpha"], round(rate**2, 6)  # f-gap factor 1 - alpha mu per step
    (0.005, 0.995)
    """
    alpha_ = 0.5 / L if alpha is None else alpha
    alpha_ = as_finite_float(alpha_, "alpha", low=0.0, high=1.0 / L, low_open=True)
    beta = math.sqrt((1.0 - alpha_ * mu) * (1.0 - alpha_ * L))
    return {"alpha": alpha_, "beta": beta}, math.sqrt(1.0 - alpha_ * mu)


class HeavyBall(Method):
    r"""Heavy ball with step size ``alpha`` and momentum ``beta``.

    Notes
    -----
    **Family map.** The identity, :math:`(\alpha, \beta, \gamma) = (\alpha, \beta, 0)`:
    the state matrix is the companion matrix :math:`A(\alpha, \beta, h)` of
    :func:`momentum_theory.companion_matrix`.

    **Optimum.** Polyak's (1964) parameters (:func:`momentum_theory.optimal_parameters`):
    :math:`\alpha^* = 4/(\sqrt L + \sqrt\mu)^2`,
    :math:`\beta^* = ((\sqrt\kappa - 1)/(\sqrt\kappa + 1))^2`, rate
    :math:`(\sqrt\kappa - 1)/(\sqrt\kappa + 1)`; the result's ``rate`` is the kernel's
    at the parameters rounded to doubles (see :class:`~momentum_theory.methods.Optimum`).

    **Tunings** (:meth:`tuning`):

    ``"polyak"``
        The optimum above (B. T. Polyak, "Some methods of speeding up the convergence of
        iteration methods", USSR Comput. Math. Math. Phys. 4(5), 1964).
    ``"ghadimi"``
        :math:`\alpha \in (0, 1/L]` (keyword ``alpha``, default :math:`1/(2L)`) and
        :math:`\beta = \sqrt{(1 - \alpha\mu)(1 - \alpha L)}`, for which
        :math:`f(x_t) - f^* \le (1 - \alpha\mu)^t (f(x_0) - f^*)` on every
        :math:`\mu`-strongly convex, :math:`L`-smooth :math:`f`, so the published distance
        rate is :math:`\sqrt{1 - \alpha\mu}` (E. Ghadimi, H. R. Feyzmahdavian,
        M. Johansson, "Global convergence of the heavy-ball method for convex
        optimization", ECC 2015, arXiv:1412.7457, Theorem 4, as stated in PEPit's
        ``wc_heavy_ball_momentum``). Designed for the whole function class, it is far
        from optimal on quadratics.

    Examples
    --------
    >>> from momentum_theory import methods
    >>> hb = methods.get("heavy_ball")
    >>> float(hb.spectral_radius(1.0, alpha=0.1, beta=0.81))  # complex pair: sqrt(beta)
    0.9
    >>> polyak = hb.tuning("polyak", 1.0, 100.0)
    >>> round(polyak.rate, 6), round(polyak.published_rate, 6)
    (0.818182, 0.818182)
    """

    name = "heavy_ball"
    parameters = ("alpha", "beta")
    _rule = staticmethod(update)
    _tunings: ClassVar[dict[str, _Tuning]] = {
        "polyak": _Tuning(polyak, "Polyak (1964)"),
        "ghadimi": _Tuning(
            ghadimi, "Ghadimi, Feyzmahdavian & Johansson, ECC 2015 (arXiv:1412.7457), Thm 4"
        ),
    }

    def _map(self, *, alpha: Any, beta: Any) -> tuple[Any, Any, Any, Any]:
        return alpha, beta, 0 * alpha, 0 * alpha

    def optimal_parameters(self, mu: ArrayLike, L: ArrayLike) -> MomentumOptimum:
        r"""Polyak's parameters (:func:`momentum_theory.optimal_parameters`), with ``rate``
        the kernel's worst-case rate at them as returned (rounded to doubles).

        Examples
        --------
        >>> from momentum_theory import methods
        >>> opt = methods.get("heavy_ball").optimal_parameters(42.0, 42.0 * (1 + 1e-12))
        >>> float(opt.rate)  # the closed form (sqrt(kappa) - 1)/(sqrt(kappa) + 1) is 2.50e-13
        2.5761786249226673e-13
        """
        opt = spectral.optimal_parameters(mu, L)
        rate = self.worst_case_rate(opt.mu, opt.L, alpha=opt.alpha, beta=opt.beta)
        return MomentumOptimum(alpha=opt.alpha, beta=opt.beta, rate=rate, mu=opt.mu, L=opt.L)


HEAVY_BALL = HeavyBall()
