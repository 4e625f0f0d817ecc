"""A method's parameters on the two-step family (what :meth:`Method.family
<momentum_theory.methods.Method.family>` returns)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from momentum_theory._validation import as_real_array

Array = NDArray[np.float64]

__all__ = ["FamilyParameters"]


@dataclass(frozen=True)
class FamilyParameters:
    r"""A method's parameters on the two-step family, for one or a batch of settings.

    On :math:`f(x) = h x^2/2` the method's state matrix has the characteristic polynomial
    :math:`\lambda^2 - T\lambda + D` with

    .. math::

        T = 1 + \beta - \alpha \tilde h (1 + \gamma), \qquad
        D = \beta - \alpha \tilde h \gamma, \qquad \tilde h = h + \text{curvature\_shift}.

    Attributes
    ----------
    alpha, beta, gamma : ndarray, shape (...)
        Step size, momentum and gradient-extrapolation :math:`\gamma` of the family.
    curvature_shift : ndarray, shape (...)
        Added to every curvature before the family sees it (PyTorch's ``weight_decay``
        adds :math:`\lambda x` to the gradient, i.e. :math:`h \to h + \lambda`); zero for
        every other method.

    Notes
    -----
    These are the map's values in float64: where the map does arithmetic (PyTorch's
    :math:`\eta(1 - \tau)`, QHM's :math:`\alpha(1 - \beta)` and
    :math:`\beta(1 - \nu)/(1 - \beta)`, and :math:`h + \lambda`) they are rounded. The
    rates, regions and gaps of :class:`Method` do not go through them: they evaluate
    :math:`T` and :math:`D` exactly from the method's own parameters.
    """

    alpha: Array
    beta: Array
    gamma: Array
    curvature_shift: Array

    def trace(self, h: ArrayLike) -> Array:
        r""":math:`T(h) = 1 + \beta - \alpha (h + \text{shift})(1 + \gamma)`, in plain float64."""
        shifted = as_real_array(h, "h") + self.curvature_shift
        return 1.0 + self.beta - self.alpha * shifted * (1.0 + self.gamma)

    def determinant(self, h: ArrayLike) -> Array:
        r""":math:`D(h) = \beta - \alpha (h + \text{shift}) \gamma`, in plain float64."""
        shifted = as_real_array(h, "h") + self.curvature_shift
        return self.beta - self.alpha * shifted * self.gamma
