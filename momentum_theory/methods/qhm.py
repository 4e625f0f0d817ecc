r"""Quasi-hyperbolic momentum (QHM) of Ma and Yarats (ICLR 2019).

.. math::

    g_{t+1} = \beta g_t + (1 - \beta) \nabla f(x_t), \qquad
    x_{t+1} = x_t - \alpha \left[(1 - \nu) \nabla f(x_t) + \nu g_{t+1}\right],

from rest :math:`g_0 = 0`. The state is :math:`(x_t, g_t)`, a position and a buffer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from numpy.typing import ArrayLike

from momentum_theory._validation import as_spectrum
from momentum_theory.methods._base import Method
from momentum_theory.methods._minimax import minimize_worst_case
from momentum_theory.methods._optimum import Optimum
from momentum_theory.methods._parameter import GAP, Axis, Domain, Parameter, momentum, step
from momentum_theory.methods.heavy_ball import optimal_parameters as polyak_optimum
from momentum_theory.methods.heavy_ball import polyak_rate

__all__ = ["NU", "QHM", "QuasiHyperbolicMomentum"]

# Largest beta the numerical optimum searches: the map divides by 1 - beta.
_BETA_MAX = 1.0 - 1e-6

# The weight of the buffer: 1 is heavy ball (PyTorch-style, dampened), 0 gradient descent.
# Plots hold it at 0.7, the value Ma and Yarats recommend, unless told.
NU = Parameter(
    "nu",
    r"\nu",
    "ν",
    "discount",
    "shape",
    plot_value=0.7,
    typical=(0.0, 1.0),
    search=Axis(0.0, 1.0),
)


def update(
    state: tuple[Any, Any],
    gradient: Callable[[Any], Any],
    *,
    alpha: Any,
    beta: Any,
    nu: Any,
    first: bool = False,
) -> tuple[Any, Any]:
    r"""One step: :math:`(x_t, g_t) \mapsto (x_{t+1}, g_{t+1})` as in the module docstring."""
    x, buffer = state
    g = gradient(x)
    new_buffer = beta * buffer + (1 - beta) * g
    return x - alpha * ((1 - nu) * g + nu * new_buffer), new_buffer


class QuasiHyperbolicMomentum(Method):
    r"""QHM with step size ``alpha``, buffer decay ``beta`` (< 1) and weight ``nu``.

    Notes
    -----
    **Family map.** Eliminating the buffer (:math:`\alpha\nu g_t = x_{t-1} - x_t -
    \alpha(1 - \nu)\nabla f(x_{t-1})`) gives the two-step family with

    .. math::

        \alpha_{\text{family}} = \alpha (1 - \beta), \qquad
        \beta_{\text{family}} = \beta, \qquad
        \gamma_{\text{family}} = \frac{\beta (1 - \nu)}{1 - \beta},

    so ``beta`` must not be 1. :math:`\nu = 1` is heavy ball with step
    :math:`\alpha(1 - \beta)` (PyTorch-style momentum with dampening :math:`\beta`);
    :math:`\nu = 0` is gradient descent with step :math:`\alpha`, plus a buffer that
    decays at :math:`\beta` without ever reaching :math:`x`. The state matrix of
    :math:`(x_t, g_t)` has the family's characteristic polynomial (checked symbolically
    by :mod:`~momentum_theory.methods.derivation`), so :meth:`spectral_radius` is the rate
    of the whole state; the iterates alone can be faster where a mode does not reach
    :math:`x` (:math:`\nu = 0`: :math:`\max(|1 - \alpha h|, |\beta|)` against
    :math:`|1 - \alpha h|`).

    **Accuracy.** The map rounds (a few units in the last place of
    :math:`\alpha_{\text{family}}` and :math:`\gamma_{\text{family}}`, see
    :meth:`family`), and near critical damping, where :math:`\rho` moves like the square
    root of a perturbation, that would cost up to half the digits. The rates, regions and
    gaps therefore use the characteristic polynomial in QHM's own parameters,

    .. math::

        T = 1 + \beta - \alpha h (1 - \beta\nu), \qquad
        D = \beta - \alpha h \beta (1 - \nu),

    formed exactly, and keep the kernel's :math:`10^{-14}` relative accuracy.

    **Optimum.** The family contains heavy ball (:math:`\nu = 1`), so over quadratics the
    optimum is Polyak's rate. :meth:`optimal_parameters` searches numerically over
    :math:`\alpha(1 - \beta) L \in [0, 4]`, :math:`\beta \in [0, 1 - 10^{-6}]` (in
    :math:`\sqrt\beta`),
    :math:`\nu \in [0, 1]` (Ma and Yarats's domain), by
    :func:`~momentum_theory.methods._minimax.minimize_worst_case`, started also from
    QHM's heavy-ball member at Polyak's parameters (:math:`\nu = 1`,
    :math:`\alpha = \alpha^*/(1 - \beta^*)`): without that start the search misses the
    narrow optimum for :math:`\kappa` below about 1.5 (it stops in another valley, 2%
    above it at :math:`\kappa = 1.01`) and near :math:`\kappa = 10^6`. The result's
    ``gap`` to Polyak's rate is tested to be at most :math:`10^{-6}` for :math:`\kappa`
    from 1 to :math:`10^4`.

    References: J. Ma, D. Yarats, "Quasi-hyperbolic momentum and Adam for deep learning",
    ICLR 2019.

    Examples
    --------
    >>> from momentum_theory import methods
    >>> qhm = methods.get("qhm")
    >>> family = qhm.family(alpha=1.0, beta=0.9, nu=0.7)
    >>> round(float(family.alpha), 12), float(family.beta), round(float(family.gamma), 12)
    (0.1, 0.9, 2.7)
    """

    name = "qhm"
    specs = (
        step(typical=(0.0, 4.4)),
        momentum(
            domain=Domain(excluded=(1.0,), reason="the map divides by 1 - beta"),
            search=Axis(0.0, 1.0 - GAP, "gap"),
        ),
        NU,
    )
    display = "QHM"
    tag = "Qhm"
    marker = "s"
    colour = "C4"
    state = ("x", "buffer")
    _rule = staticmethod(update)

    def step_scale(self, *, beta: Any, **params: Any) -> Any:
        r""":math:`1 - \beta`: the family step is :math:`\alpha(1 - \beta)`."""
        return 1.0 - beta

    def _map(self, *, alpha: Any, beta: Any, nu: Any) -> tuple[Any, Any, Any, Any]:
        return alpha * (1 - beta), beta, beta * (1 - nu) / (1 - beta), 0 * alpha

    def _exact_form(
        self, *, alpha: Any, beta: Any, nu: Any
    ) -> tuple[Any, Any, Any, Any, Any, Any]:
        # T = 1 + beta - alpha h (1 - beta nu), D = beta - alpha h (beta - beta nu).
        return alpha, beta, 0 * alpha, -beta, nu, beta

    def _optimum(self, *, mu: ArrayLike, L: ArrayLike) -> Optimum:
        r"""A numerical minimiser of :meth:`worst_case_rate` (see ``Notes``).

        Parameters
        ----------
        mu, L : float
            The spectrum, ``0 < mu <= L``.
        """
        mu_, L_ = as_spectrum(mu=mu, L=L, scalar=True)

        def alpha(scaled_step: Any, beta: Any) -> Any:
            return scaled_step / (L_ * (1.0 - beta))

        def rate(scaled_step: Any, root_beta: Any, nu: Any) -> Any:
            beta = root_beta**2
            return self.worst_case_rate(
                mu=mu_, L=L_, alpha=alpha(scaled_step, beta), beta=beta, nu=nu
            )

        bounds = [(0.0, 4.0), (0.0, math.sqrt(_BETA_MAX)), (0.0, 1.0)]
        # Heavy ball inside QHM (nu = 1), at Polyak's parameters.
        polyak = polyak_optimum(mu=mu_, L=L_)
        seed = (float(polyak.alpha) * L_, float(polyak.known_optimum), 1.0)
        point, value = minimize_worst_case(rate, bounds, seeds=[seed])
        beta = point[1] ** 2
        return Optimum(
            method=self.name,
            parameters={
                "alpha": float(alpha(point[0], beta)),
                "beta": float(beta),
                "nu": float(point[2]),
            },
            rate=value,
            mu=mu_,
            L=L_,
            known_optimum=polyak_rate(mu=mu_, L=L_),
        )


QHM = QuasiHyperbolicMomentum()
