r"""Gradient descent, :math:`x_{t+1} = x_t - \alpha \nabla f(x_t)`.

On the two-step family it is :math:`\beta = \gamma = 0`; its state matrix on
:math:`h x^2/2` (with the state :math:`(x_t, x_{t-1})`, the second component unused) has
eigenvalues :math:`1 - \alpha h` and :math:`0`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from numpy.typing import ArrayLike

from momentum_theory.methods._base import Method, Optimum, spectrum_arrays

__all__ = ["GRADIENT_DESCENT", "GradientDescent", "GradientDescentOptimum"]


def update(
    state: tuple[Any, Any], gradient: Callable[[Any], Any], *, alpha: Any, first: bool = False
) -> tuple[Any, Any]:
    r"""One step: :math:`(x_t, x_{t-1}) \mapsto (x_t - \alpha \nabla f(x_t), x_t)`."""
    x, _ = state
    return x - alpha * gradient(x), x


@dataclass(frozen=True, kw_only=True)
class GradientDescentOptimum(Optimum):
    r"""The optimal step :math:`\alpha^* = 2/(\mu + L)`, rate :math:`(\kappa - 1)/(\kappa + 1)`
    (``rate`` is the kernel's, at :math:`\alpha^*` as returned).

    Attributes
    ----------
    alpha : ndarray or float
        :math:`\alpha^*`.
    rate, mu, L
        As in :class:`~momentum_theory.methods.Optimum`.
    """

    alpha: Any
    _parameter_names: ClassVar[tuple[str, ...]] = ("alpha",)


class GradientDescent(Method):
    r"""Gradient descent with step size ``alpha``.

    Notes
    -----
    **Family map.** :math:`(\alpha, \beta, \gamma) = (\alpha, 0, 0)`, no curvature shift,
    so :math:`\rho = |1 - \alpha h|` and the method converges iff
    :math:`0 < \alpha h < 2`.

    **Optimum** (e.g. Polyak, *Introduction to Optimization*, 1987, sec. 1.4): the
    worst-case rate :math:`\max(|1 - \alpha\mu|, |1 - \alpha L|)` is smallest when the two
    are equal, :math:`\alpha^* = 2/(\mu + L)`, rate :math:`(L - \mu)/(L + \mu)`.

    Examples
    --------
    >>> from momentum_theory import methods
    >>> gd = methods.get("gradient_descent")
    >>> float(gd.spectral_radius(1.0, alpha=0.1))
    0.9
    >>> opt = gd.optimal_parameters(1.0, 9.0)
    >>> float(opt.alpha), float(opt.rate)
    (0.2, 0.8)
    """

    name = "gradient_descent"
    parameters = ("alpha",)
    _rule = staticmethod(update)

    def _map(self, *, alpha: Any) -> tuple[Any, Any, Any, Any]:
        return alpha, 0 * alpha, 0 * alpha, 0 * alpha

    def optimal_parameters(self, mu: ArrayLike, L: ArrayLike) -> GradientDescentOptimum:
        r""":math:`\alpha^* = 2/(\mu + L)` and its rate, :math:`(L - \mu)/(L + \mu)` in exact
        arithmetic: ``rate`` is the kernel's worst-case rate at :math:`\alpha^*` rounded to
        a double."""
        mu_, L_ = spectrum_arrays(mu, L)
        alpha = (2.0 / (mu_ + L_))[()]
        rate = self.worst_case_rate(mu_, L_, alpha=alpha)[()]
        return GradientDescentOptimum(alpha=alpha, rate=rate, mu=mu_[()], L=L_[()])


GRADIENT_DESCENT = GradientDescent()
