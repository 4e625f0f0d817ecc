r"""Compiled elementwise kernels for the two-step family (Numba ufuncs).

On :math:`f(x) = h x^2/2` the two-step family of Lessard, Recht and Packard,

.. math::

    x_{t+1} = x_t + \beta (x_t - x_{t-1}) - \alpha \nabla f(y_t), \qquad
    y_t = x_t + \gamma (x_t - x_{t-1}),

has the characteristic polynomial :math:`\lambda^2 - T\lambda + D` with
:math:`T = 1 + \beta - \alpha h (1 + \gamma)` and :math:`D = \beta - \alpha h \gamma`.

Each ufunc first evaluates the plain formula together with a bound on its rounding error,
and falls back, for that element only, to an exact evaluation where the bound exceeds the
accuracy target: :math:`T` and :math:`D` are sums of at most eight products of the inputs,
which TwoProduct makes exact terms and Shewchuk's expansion arithmetic sums exactly, so
the only rounding left is in the final quadratic formula, done in double-double.

The named methods whose map onto the family does arithmetic (PyTorch's SGD with dampening
or weight decay, QHM) use the *extended form*
:math:`T = 1 + \beta - \alpha(h + s)(1 + g_1 g_2)`,
:math:`D = \beta - \alpha(h + s)(g_1 g_2 + \omega)`, whose inputs are the method's own
parameters, so nothing is rounded before the exact tier (26 and 25 exact terms). Every
kernel returns a rate of at most 1.0 where the method converges, and :func:`spectral_gap`
gives :math:`1 - \rho` to full relative precision.

The ufuncs are compiled on first use (and cached on disk by Numba), so importing
:mod:`momentum_theory` does not import Numba. The scalar helpers are plain Numba
functions, callable from Python for testing.

References
----------
J. R. Shewchuk, "Adaptive precision floating-point arithmetic and fast robust geometric
predicates", Discrete Comput. Geom. 18 (1997) 305-363.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = [
    "critical_beta",
    "extended_radius_block",
    "extended_region",
    "family_region",
    "half_trace_discriminant",
    "radius_block",
    "spectral_gap",
]

from momentum_theory._kernels._extended import _extended_region, extended_radius_block
from momentum_theory._kernels._family import (
    _critical_beta,
    _half_trace,
    _quarter_discriminant,
    _region,
    radius_block,
)
from momentum_theory._kernels._gap import _gap

_SIGNATURE = ["float64(float64, float64, float64, float64)"]
family_region = numba.vectorize(["boolean(float64, float64, float64, float64)"], cache=True)(
    _region
)
critical_beta = numba.vectorize(["float64(float64, float64, float64)"], cache=True)(_critical_beta)
half_trace = numba.vectorize(_SIGNATURE, cache=True)(_half_trace)
quarter_discriminant = numba.vectorize(_SIGNATURE, cache=True)(_quarter_discriminant)
_EXTENDED_SIGNATURE = "(float64, float64, float64, float64, float64, float64, float64)"
extended_region = numba.vectorize(["boolean" + _EXTENDED_SIGNATURE], cache=True)(_extended_region)
spectral_gap = numba.vectorize(["float64" + _EXTENDED_SIGNATURE], cache=True)(_gap)


def half_trace_discriminant(
    alpha: np.ndarray, beta: np.ndarray, h: np.ndarray, gamma: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    r""":math:`T/2` and :math:`T^2/4 - D`, each correctly rounded to a few :math:`u^2`."""
    return half_trace(alpha, beta, h, gamma), quarter_discriminant(alpha, beta, h, gamma)
