r"""The fixed ladder of rational rates on which the atlas proves certified rates.

A certified cell's rate is a rung of one ladder, the same for every cell, run and machine:

.. math::

    \rho_k = 1 - g_k, \qquad g_k = m_{k \bmod 40} \cdot 10^{-\lfloor k / 40 \rfloor},
    \qquad k = 0, 1, \dots, K,

where :math:`m_i` is :math:`10^{-i/40}` rounded to three significant digits (computed with
:mod:`decimal`, so exactly the same everywhere): the gap :math:`1 - \rho` shrinks by a
factor of about :math:`10^{1/40} \approx 1.059` per rung, from :math:`\rho_0 = 0` to
:math:`\rho_K = 1 - 10^{-5}` (:data:`TOP`). Every rung is a decimal, hence a short rational.
One rung is the precision of a certified rate: :math:`1 - \rho` within about 6 %.
"""

from __future__ import annotations

import bisect
import decimal
import itertools
from fractions import Fraction

__all__ = ["RUNGS", "TOP", "rung", "rung_at_least"]

_PER_DECADE = 40
_DECADES = 5
# The index of the last rung, 1 - 10^-5: a proof only above it is not looked for.
TOP = _PER_DECADE * _DECADES


def _mantissas() -> tuple[Fraction, ...]:
    context = decimal.Context(prec=30)
    values = []
    for i in range(_PER_DECADE):
        power = context.power(decimal.Decimal(10), decimal.Decimal(-i) / _PER_DECADE)
        values.append(Fraction(power.quantize(decimal.Decimal("0.001"))))
    return tuple(values)


def _rungs() -> tuple[Fraction, ...]:
    mantissas = _mantissas()
    rungs = [1 - mantissas[k % _PER_DECADE] / 10 ** (k // _PER_DECADE) for k in range(TOP)]
    rungs.append(1 - Fraction(1, 10**_DECADES))
    assert all(a < b for a, b in itertools.pairwise(rungs))  # strictly increasing
    return tuple(rungs)


# The rates rho_0 = 0 < rho_1 < ... < rho_TOP = 1 - 10^-5, as Fractions.
RUNGS: tuple[Fraction, ...] = _rungs()
_FLOATS = tuple(float(r) for r in RUNGS)


def rung(k: int) -> Fraction:
    r"""The rate :math:`\rho_k` of rung ``k`` (``0 <= k <= TOP``).

    Examples
    --------
    >>> rung(0), rung(40), rung(41), rung(TOP)
    (Fraction(0, 1), Fraction(9, 10), Fraction(566, 625), Fraction(99999, 100000))
    """
    return RUNGS[k]


def rung_at_least(rate: float) -> int:
    r"""The first rung with :math:`\rho_k \ge` ``rate`` (``TOP + 1`` if none).

    Examples
    --------
    >>> rung_at_least(0.9), rung_at_least(0.9000001), rung_at_least(1.0)
    (40, 41, 201)
    """
    return bisect.bisect_left(_FLOATS, rate)
