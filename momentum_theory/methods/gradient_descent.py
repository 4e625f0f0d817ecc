r"""Gradient descent, :math:`x_{t+1} = x_t - \alpha \nabla f(x_t)`.

On the two-step family it is :math:`\beta = \gamma = 0`; its state matrix on
:math:`h x^2/2` (with the state :math:`(x_t, x_{t-1})`, the second component unused) has
eigenvalues :math:`1 - \alpha h` and :math:`0`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from numpy.typing import ArrayLike

from momentum_theory._validation import as_spectrum
from momentum_theory.methods._base import Method
from momentum_theory.methods._optimum import Optimum
from momentum_theory.methods._parameter import step

__all__ = ["GRADIENT_DESCENT", "GradientDescent"]


def update(
    state: tuple[Any, Any], gradient: Callable[[Any], Any], *, alpha: Any, first: bool = False
) -> tuple[Any, Any]:
    r"""One step: :math:`(x_t, x_{t-1}) \mapsto (x_t - \alpha \nabla f(x_t), x_t)`."""
    x, _ = state
    return x - alpha * gradient(x), x


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
    >>> opt = gd.optimal_parameters(mu=1.0, L=9.0)
    >>> float(opt.alpha), float(opt.rate)
    (0.2, 0.8)
    """

    name = "gradient_descent"
    specs = (step(typical=(0.0, 2.2)),)  # just past the widest stable step 2/L
    display = "gradient descent"
    tag = "Gd"
    marker = "x"
    colour = "C3"
    closed_form_optimum = True
    _rule = staticmethod(update)

    def _map(self, *, alpha: Any) -> tuple[Any, Any, Any, Any]:
        return alpha, 0 * alpha, 0 * alpha, 0 * alpha

    def _optimum(self, *, mu: ArrayLike, L: ArrayLike) -> Optimum:
        r""":math:`\alpha^* = 2/(\mu + L)` and its rate, :math:`(L - \mu)/(L + \mu)` in exact
        arithmetic (``known_optimum``): ``rate`` is the kernel's worst-case rate at
        :math:`\alpha^*` rounded to a double."""
        mu_, L_ = as_spectrum(mu=mu, L=L)
        alpha = (2.0 / (mu_ + L_))[()]
        rate = self.worst_case_rate(mu=mu_, L=L_, alpha=alpha)[()]
        return Optimum(
            method=self.name,
            parameters={"alpha": alpha},
            rate=rate,
            mu=mu_[()],
            L=L_[()],
            known_optimum=((L_ - mu_) / (L_ + mu_))[()],
        )


GRADIENT_DESCENT = GradientDescent()
