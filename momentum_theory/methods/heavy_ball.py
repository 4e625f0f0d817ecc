r"""Polyak's heavy ball, :math:`x_{t+1} = x_t - \alpha \nabla f(x_t) + \beta (x_t - x_{t-1})`.

The two-step family with :math:`\gamma = 0` (the default of the kernels in
:mod:`momentum_theory.family`), and Polyak's optimal parameters for it
(:func:`optimal_parameters`, the package's root ``optimal_parameters``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, ClassVar

import numpy as np
from numpy.typing import ArrayLike

from momentum_theory._validation import (
    as_finite_float,
    as_spectrum,
)
from momentum_theory.family import critical_beta
from momentum_theory.methods._base import ClosedFormCurve, Method
from momentum_theory.methods._fixed import check_tunable
from momentum_theory.methods._optimum import Optimum, TuningSpec
from momentum_theory.methods._parameter import GAP, Axis, momentum, step

__all__ = [
    "HEAVY_BALL",
    "HeavyBall",
    "best_momentum",
    "best_step",
    "ghadimi",
    "optimal_parameters",
    "polyak",
    "polyak_rate",
]


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


def optimal_parameters(*, mu: ArrayLike, L: ArrayLike) -> Optimum:
    r"""Step size and momentum that minimise the worst-case rate over :math:`[\mu, L]`.

    .. math::

        \alpha^* = \frac{4}{(\sqrt L + \sqrt\mu)^2}, \qquad
        \beta^* = \left(\frac{\sqrt L - \sqrt\mu}{\sqrt L + \sqrt\mu}\right)^2, \qquad
        \rho^* = \sqrt{\beta^*} = \frac{\sqrt\kappa - 1}{\sqrt\kappa + 1}.

    At :math:`(\alpha^*, \beta^*)` both ends of the spectrum sit on critical-damping
    curves (a real double root of modulus :math:`\sqrt{\beta^*}` at :math:`h = \mu` and
    :math:`h = L`), and every :math:`h` strictly inside gives a complex pair of modulus
    :math:`\sqrt{\beta^*}` (Polyak, 1964). The derivation is checked symbolically in
    :func:`momentum_theory.symbolic.optimal_parameters`.

    Parameters
    ----------
    mu, L : array_like, shape (...)
        Smallest and largest Hessian eigenvalues, ``0 < mu <= L``.

    Returns
    -------
    Optimum
        Heavy ball's optimum: ``alpha``, ``beta`` (also in ``parameters``), ``rate`` the
        kernel's worst-case rate at them as rounded to doubles, and ``known_optimum`` the
        closed form :math:`\rho^*`, evaluated as :math:`(L - \mu)/(\sqrt L + \sqrt\mu)^2`
        (no cancellation in :math:`\sqrt L - \sqrt\mu` when :math:`\kappa \approx 1`).
        The two differ by about the square root of the parameters' rounding
        (:math:`3 \cdot 10^{-7}` relative at :math:`\kappa = 1.01`), since both ends sit
        on critical curves.

    Raises
    ------
    ValueError
        If ``mu <= 0`` or ``mu > L``, or if the condition number is too large for
        :math:`\beta^*` to stay below 1 in double precision (above about
        :math:`3 \cdot 10^{32}`; :func:`~momentum_theory.methods._fixed.check_tunable`).

    Examples
    --------
    >>> from momentum_theory import optimal_parameters
    >>> opt = optimal_parameters(mu=1.0, L=100.0)
    >>> float(opt.alpha), float(opt.known_optimum)  # 4/121 and 9/11
    (0.03305785123966942, 0.8181818181818182)
    >>> opt = optimal_parameters(mu=42.0, L=42.0 * (1 + 1e-12))
    >>> float(opt.rate)  # the closed form (sqrt(kappa) - 1)/(sqrt(kappa) + 1) is 2.50e-13
    2.5761786249226673e-13
    """
    mu_, L_ = as_spectrum(mu=mu, L=L)
    check_tunable(mu_, L_)
    root_sum_squared = (np.sqrt(L_) + np.sqrt(mu_)) ** 2
    # Below one in exact arithmetic; rounding can push it a hair over when L/mu is huge.
    known = np.minimum((L_ - mu_) / root_sum_squared, 1.0)
    alpha, beta = 4.0 / root_sum_squared, known**2
    return Optimum(
        method="heavy_ball",
        parameters={"alpha": alpha, "beta": beta},
        rate=HEAVY_BALL.worst_case_rate(mu=mu_[()], L=L_[()], alpha=alpha, beta=beta),
        mu=mu_[()],
        L=L_[()],
        known_optimum=known,
    )


def best_step(*, mu: ArrayLike, L: ArrayLike, beta: ArrayLike) -> tuple[Any, Any]:
    r"""Heavy ball's best step for a fixed momentum :math:`-1 < \beta < 1`, and its rate.

    For fixed :math:`\beta \ge 0`, :math:`\rho_h(\alpha)` falls (real roots), is flat at
    :math:`\sqrt\beta` on :math:`(1 - \sqrt\beta)^2 \le \alpha h \le (1 + \sqrt\beta)^2`
    (a complex pair) and rises (real roots, :math:`T < 0`); the worst case is the larger
    of its values at :math:`h = \mu` and :math:`h = L`. When the flat stretches overlap,
    :math:`(1 - \sqrt\beta)^2/\mu \le (1 + \sqrt\beta)^2/L` (i.e. :math:`\beta \ge
    \beta^*`, Polyak's), every step between them gives :math:`\sqrt\beta`, the least
    possible (:math:`|\lambda_1 \lambda_2| = \beta`); the one returned is their geometric
    middle, :math:`\alpha = (1 - \beta)/\sqrt{\mu L}`, with equal relative room for
    :math:`\mu` to shrink and :math:`L` to grow. Otherwise (also for :math:`\beta < 0`,
    no flat part) the ends balance at :math:`T(\mu) = -T(L)`:

    .. math::

        \alpha = \frac{2(1 + \beta)}{\mu + L}, \qquad
        \rho = \frac{T + \sqrt{T^2 - 4\beta}}{2}, \quad
        T = \frac{(1 + \beta)(L - \mu)}{L + \mu}

    (gradient descent's :math:`2/(\mu + L)` and :math:`(L - \mu)/(L + \mu)` at
    :math:`\beta = 0`), since :math:`\rho` of real roots grows with :math:`|T|`.

    Returns
    -------
    alpha, rate : ndarray
        Broadcast over the arguments.

    Examples
    --------
    >>> alpha, rate = best_step(mu=1.0, L=100.0, beta=0.81)  # above Polyak's 0.669
    >>> round(float(alpha), 12), float(rate)  # (1 - 0.81)/10 and sqrt(0.81)
    (0.019, 0.9)
    >>> alpha, rate = best_step(mu=1.0, L=100.0, beta=0.0)  # gradient descent
    >>> float(alpha), round(float(rate), 12)  # 2/101 and 99/101
    (0.019801980198019802, 0.980198019802)
    """
    mu_, L_ = np.asarray(mu, dtype=float), np.asarray(L, dtype=float)
    beta_ = np.asarray(beta, dtype=float)
    root = np.sqrt(np.maximum(beta_, 0.0))
    flat = (beta_ >= 0) & ((1.0 - root) ** 2 * L_ <= (1.0 + root) ** 2 * mu_)
    trace = (1.0 + beta_) * (L_ - mu_) / (L_ + mu_)
    alpha = np.where(
        flat, (1.0 - beta_) / (np.sqrt(mu_) * np.sqrt(L_)), 2.0 * (1.0 + beta_) / (mu_ + L_)
    )
    real = (trace + np.sqrt(np.maximum(trace**2 - 4.0 * beta_, 0.0))) / 2.0
    return alpha[()], np.where(flat, root, real)[()]


def best_momentum(*, mu: ArrayLike, L: ArrayLike, alpha: ArrayLike) -> tuple[Any, Any]:
    r"""Heavy ball's best momentum for a fixed step :math:`\alpha > 0`, and its rate.

    For fixed :math:`\alpha h`, :math:`\rho_h(\beta)` falls (real roots) down to the
    critical curve :math:`\beta = (1 - \sqrt{\alpha h})^2` and equals :math:`\sqrt\beta`
    above it (a complex pair), so it is least there, at :math:`|1 - \sqrt{\alpha h}|`. The
    worst case over :math:`[\mu, L]` is least at the larger of the two ends' critical
    momenta, where the other end is complex:

    .. math::

        \rho = \max\left(1 - \sqrt{\alpha\mu},\ \sqrt{\alpha L} - 1\right), \qquad
        \beta = \rho^2,

    below 1 exactly when :math:`\alpha L < 4`.

    Returns
    -------
    beta, rate : ndarray
        Broadcast over the arguments.

    Examples
    --------
    >>> beta, rate = best_momentum(mu=1.0, L=100.0, alpha=0.01)  # alpha L = 1
    >>> float(beta), float(rate)  # (1 - sqrt(0.01))^2 and 1 - 0.1
    (0.81, 0.9)
    """
    alpha_ = np.asarray(alpha, dtype=float)
    low = 1.0 - np.sqrt(alpha_ * np.asarray(mu, dtype=float))
    high = np.sqrt(alpha_ * np.asarray(L, dtype=float)) - 1.0
    rate = np.maximum(low, high)
    return (rate**2)[()], rate[()]


def polyak_rate(*, mu: float, L: float) -> float:
    r"""Polyak's optimal rate :math:`(L - \mu)/(\sqrt L + \sqrt\mu)^2` on :math:`[\mu, L]`:
    a lower bound for every method of the two-step family on quadratics (scalars).

    Examples
    --------
    >>> polyak_rate(mu=1.0, L=100.0)  # 9/11
    0.8181818181818182
    """
    return (L - mu) / (math.sqrt(L) + math.sqrt(mu)) ** 2


def polyak(*, mu: float, L: float) -> tuple[dict[str, float], float]:
    r"""Polyak's tuning: :math:`\alpha = 4/(\sqrt L + \sqrt\mu)^2`,
    :math:`\beta = ((\sqrt\kappa - 1)/(\sqrt\kappa + 1))^2`, rate :math:`\sqrt\beta`.

    Examples
    --------
    >>> parameters, rate = polyak(mu=1.0, L=100.0)
    >>> round(parameters["alpha"], 6), round(rate, 6)  # 4/121 and 9/11
    (0.033058, 0.818182)
    """
    opt = optimal_parameters(mu=mu, L=L)
    return {"alpha": float(opt.alpha), "beta": float(opt.beta)}, float(opt.known_optimum)


def ghadimi(*, mu: float, L: float, alpha: float | None = None) -> tuple[dict[str, float], float]:
    r"""Ghadimi, Feyzmahdavian and Johansson's choice for strongly convex, smooth :math:`f`.

    :math:`\alpha \in (0, 1/L]`, :math:`\beta = \sqrt{(1 - \alpha\mu)(1 - \alpha L)}`, with
    :math:`f(x_t) - f^* \le (1 - \alpha\mu)^t (f(x_0) - f^*)`: a distance rate
    :math:`\sqrt{1 - \alpha\mu}` on quadratics. The default step is :math:`1/(2L)`.

    Examples
    --------
    >>> parameters, rate = ghadimi(mu=1.0, L=100.0)  # alpha = 1/(2L) by default
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

    **One parameter fixed** (:meth:`optimal_parameters` with ``beta=`` or ``alpha=``), in
    closed form: for a fixed :math:`\beta \in (-1, 1)` the best step is
    :math:`(1 - \beta)/\sqrt{\mu L}` with rate :math:`\sqrt\beta` if
    :math:`\beta \ge \beta^*`, else :math:`2(1 + \beta)/(\mu + L)`
    (:func:`best_step`); for a fixed :math:`\alpha` with :math:`0 < \alpha L < 4` the best
    momentum is :math:`\max(1 - \sqrt{\alpha\mu}, \sqrt{\alpha L} - 1)^2`, its square
    root the rate (:func:`best_momentum`). Outside those ranges nothing converges: a
    ValueError says why.

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
    >>> polyak = hb.tuning("polyak", mu=1.0, L=100.0)
    >>> round(polyak.rate, 6), round(polyak.published_rate, 6)
    (0.818182, 0.818182)
    """

    name = "heavy_ball"
    specs = (
        step(typical=(0.0, 4.4)),  # just past the widest stable step 4/L (beta -> 1)
        momentum(search=Axis(-1.0 + GAP, 1.0 - GAP, "gap")),
    )
    display = "heavy ball"
    tag = "Hb"
    marker = "h"
    colour = "C0"
    closed_form_optimum = True
    _rule = staticmethod(update)
    _tunings: ClassVar[dict[str, TuningSpec]] = {
        "polyak": TuningSpec(polyak, "Polyak (1964)", display="Polyak", tag="Polyak"),
        "ghadimi": TuningSpec(
            ghadimi,
            "Ghadimi, Feyzmahdavian & Johansson, ECC 2015 (arXiv:1412.7457), Thm 4",
            display="Ghadimi et al.",
            tag="Ghadimi",
            marker="v",
        ),
    }

    def _map(self, *, alpha: Any, beta: Any) -> tuple[Any, Any, Any, Any]:
        return alpha, beta, 0 * alpha, 0 * alpha

    def _optimum(self, *, mu: ArrayLike, L: ArrayLike) -> Optimum:
        r"""Polyak's parameters (:func:`optimal_parameters`, the root
        ``momentum_theory.optimal_parameters``), with ``rate`` the kernel's worst-case rate
        at them as returned (rounded to doubles) and ``known_optimum`` the closed form."""
        return optimal_parameters(mu=mu, L=L)

    def _slice_optimum(
        self, *, mu: Any, L: Any, free: tuple[str, ...], fixed: dict[str, Any]
    ) -> Optimum:
        """:func:`best_step` (beta fixed) or :func:`best_momentum` (alpha fixed)."""
        if free == ("alpha",):
            beta = fixed["beta"]
            if not -1.0 < beta < 1.0:
                raise ValueError(
                    f"heavy_ball with beta = {beta:g} fixed has no convergent choice of alpha: "
                    "it converges for some step only if -1 < beta < 1"
                )
            alpha, known = best_step(mu=mu, L=L, beta=beta)
        else:
            alpha = fixed["alpha"]
            if not np.all((alpha > 0.0) & (alpha * L < 4.0)):
                raise ValueError(
                    f"heavy_ball with alpha = {alpha:g} fixed has no convergent choice of "
                    f"beta on [{np.min(mu):g}, {np.max(L):g}]: it converges for some momentum "
                    "only if 0 < alpha L < 4"
                )
            beta, known = best_momentum(mu=mu, L=L, alpha=alpha)
        return Optimum(
            method=self.name,
            parameters={"alpha": alpha, "beta": beta},
            rate=self.worst_case_rate(mu=mu, L=L, alpha=alpha, beta=beta)[()],
            mu=mu,
            L=L,
            known_optimum=known,
        )

    def closed_form_curves(self, x: str, y: str) -> tuple[ClosedFormCurve, ...] | None:
        r"""On the :math:`(\alpha, \beta)` plane: the boundary :math:`\alpha = 2(1 + \beta)/h`
        and the critical curve :math:`\beta = (1 - \sqrt{\alpha h})^2`
        (:func:`momentum_theory.critical_beta`)."""
        if {x, y} != {"alpha", "beta"}:
            return None
        return (
            ClosedFormCurve(
                "boundary",
                along="beta",
                other="alpha",
                value=lambda beta, h: 2 * (1 + beta) / h,
                label=lambda h: rf"$\rho = 1$: $\alpha = 2(1+\beta)/{h}$",
                samples=200,
            ),
            ClosedFormCurve(
                "critical",
                along="alpha",
                other="beta",
                value=critical_beta,
                label=lambda h: rf"critical damping $\beta = (1-\sqrt{{\alpha {h}}})^2$",
                samples=400,
                nonnegative=True,
            ),
        )

    def widest_stable_step(self, other: str, high: float) -> float | None:
        r""":math:`\alpha h < 2(1 + \beta)`: :math:`2(1 + \beta_{\max})` over momenta up to
        ``high``."""
        return 2.0 * (1.0 + high) if other == "beta" else None


HEAVY_BALL = HeavyBall()
