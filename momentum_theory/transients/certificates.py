r"""Theorem 1 made concrete: the constant, the transient peak and the Jordan-block growth.

The chapter bounds the heavy-ball state through Theorem 1: for every :math:`\varepsilon > 0`
there is a norm with :math:`\|A\| \le \rho(A) + \varepsilon`, "hence"
:math:`\|A^t\| \le (\rho + \varepsilon)^t`. Two corrections matter in practice:

- the special norm depends on :math:`\varepsilon`; in the Euclidean norm that the chapter
  then uses, the bound needs a constant, :math:`\|A^t\|_2 \le C(\varepsilon)\,
  (\rho + \varepsilon)^t`, and :math:`C(\varepsilon)` can be large
  (:func:`transient_constant`);
- :math:`(\rho + \varepsilon)^t` is not :math:`O(\rho^t)`: on the critical-damping curve
  :math:`A` is a Jordan block and :math:`\|A^t\|_2 \sim (1 + \rho^2)\, t \rho^{t-1}`
  (:func:`jordan_growth`).

Even when :math:`\rho < 1`, :math:`\|A^t\|_2` can first grow well above one
(:func:`transient_peak`).

**Certificates for all t.** Each maximum over :math:`0 \le t \le n` is computed from the
closed-form powers of :mod:`momentum_theory.transients.powers`. For
:math:`q = \rho/b < 1` (:math:`b` the base of the bound: :math:`\rho + \varepsilon`, or
1 for the peak), :math:`|\sigma_k| \le k` gives

.. math::

    \frac{\|A^t\|_2}{b^t} \le \frac{F\,(t + 1)\, q^{t-1}}{b}, \qquad
    F = \sqrt{1 + \rho^2 + \beta^2 + |\lambda_2|^2},

which decreases once :math:`t \ge (2q - 1)/(1 - q)`. When it is also below the maximum
found at :math:`t = n + 1`, no later :math:`t` can exceed that maximum, and the result
holds for every :math:`t \ge 0` (``holds_for_all_t``). By default the number of steps
examined is the smallest power of two for which this certificate succeeds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from momentum_theory._validation import (
    as_finite_float,
    as_integer,
    as_scalar,
    optional_integer,
    require,
)
from momentum_theory.family import critical_beta
from momentum_theory.transients.powers import (
    _normalised_norms,
    _Structure,
    _structure,
    power_norms,
)

Array = NDArray[np.float64]

__all__ = [
    "JordanGrowth",
    "TransientConstant",
    "TransientPeak",
    "jordan_growth",
    "transient_constant",
    "transient_peak",
]

# The automatic number of steps of transient_constant/transient_peak never exceeds this.
_MAX_STEPS = 1 << 21


def _largest_ratio(
    structure: _Structure, base: float, steps: int | None
) -> tuple[float, int, int, bool]:
    r"""``max_t ||A^t|| / base^t`` over ``0..steps``; also its step, steps, tail certified.

    For :math:`q = \rho/\text{base} < 1`, :math:`|\sigma_k| \le k` gives
    :math:`\|A^t\|_2/\text{base}^t \le b_t = F (t+1) q^{t-1}/\text{base}` with
    :math:`F = \sqrt{1 + \rho^2 + \beta^2 + |\lambda_2|^2}`, and :math:`b_t` decreases
    once :math:`t \ge (2q - 1)/(1 - q)`. If also :math:`b_{n+1}` is below the maximum
    found, no later :math:`t` can exceed it: the maximum holds for all :math:`t`.
    """
    rho = float(structure.rho)
    q = rho / base
    factor = math.sqrt(1 + rho**2 + float(structure.beta) ** 2 + float(structure.rho_2) ** 2)

    def tail_bound(t: int) -> float:
        return math.exp(math.log(factor * (t + 1) / base) + (t - 1) * math.log(q)) if q else 0.0

    def monotone_from(t: int) -> bool:
        return q < 1 and t * (1 - q) >= 2 * q - 1

    if steps is None:
        if not q < 1:
            raise ValueError("steps is required when rho(A) >= the base of the bound")
        steps = 16
        while not (monotone_from(steps + 1) and tail_bound(steps + 1) <= 1.0):
            steps *= 2
            if steps > _MAX_STEPS:
                raise ValueError(
                    f"no number of steps up to {_MAX_STEPS} proves the maximum over all t "
                    f"(rho = {rho:g} is too close to {base:g}); pass steps explicitly (or, "
                    "for transient_constant, a larger eps)"
                )
    ratios = np.ones(steps + 1)
    if steps:
        t = np.arange(1, steps + 1)
        with np.errstate(under="ignore", over="ignore"):
            ratios[1:] = np.power(q, t - 1.0) * _normalised_norms(structure, steps) / base
    best = int(np.argmax(ratios))
    largest = float(ratios[best])
    certified = monotone_from(steps + 1) and tail_bound(steps + 1) <= largest
    return largest, best, steps, bool(certified)


@dataclass(frozen=True)
class TransientConstant:
    r"""The least :math:`C` with :math:`\|A^t\|_2 \le C(\rho + \varepsilon)^t` for :math:`t \le n`.

    Attributes
    ----------
    alpha, beta, h, eps : float
        The parameters and the slack :math:`\varepsilon`.
    rho : float
        :math:`\rho(A)`.
    constant : float
        :math:`C(\varepsilon) = \max_{0 \le t \le n} \|A^t\|_2/(\rho + \varepsilon)^t`
        (at least 1, from :math:`t = 0`).
    peak_step : int
        The :math:`t` where the maximum is attained (the bound is tight there).
    steps : int
        :math:`n`, the last power examined.
    holds_for_all_t : bool
        True when a tail bound proves that no :math:`t > n` needs a larger constant, so
        ``constant`` is :math:`\sup_{t \ge 0}`.
    """

    alpha: float
    beta: float
    h: float
    eps: float
    rho: float
    constant: float
    peak_step: int
    steps: int
    holds_for_all_t: bool


def transient_constant(
    alpha: float, beta: float, h: float, eps: float, steps: int | None = None
) -> TransientConstant:
    r"""Smallest :math:`C` in Theorem 1's 2-norm form :math:`\|A^t\|_2 \le C(\rho+\varepsilon)^t`.

    .. math::

        C(\varepsilon) = \max_{0 \le t \le n} \frac{\|A^t\|_2}{(\rho + \varepsilon)^t}
        = \max\Bigl(1,\ \max_{1 \le t \le n}
          \Bigl(\frac{\rho}{\rho + \varepsilon}\Bigr)^{t-1}
          \frac{\|N_t\|_2}{\rho + \varepsilon}\Bigr).

    Theorem 1 gives a norm :math:`\|\cdot\|_\varepsilon` with
    :math:`\|A^t\|_\varepsilon \le (\rho + \varepsilon)^t`; since all norms on
    :math:`\mathbb{R}^{2 \times 2}` are equivalent, some :math:`C` works in the 2-norm, and
    this is the least one. It grows without bound as :math:`\varepsilon \to 0` on the
    critical-damping curve (Jordan block), where no :math:`C(0)` exists.

    Parameters
    ----------
    alpha, beta, h : float
        Step size, momentum (``beta >= 0``) and curvature.
    eps : float
        Slack :math:`\varepsilon > 0`.
    steps : int, optional
        Last :math:`t` to examine, :math:`n`. By default the smallest power of two for
        which a tail bound proves the maximum holds for every :math:`t \ge 0`.

    Returns
    -------
    TransientConstant

    Raises
    ------
    ValueError
        If ``eps <= 0``, ``beta < 0``, an argument is not a finite scalar, or no number of
        steps up to about two million certifies the bound (``eps`` far below ``rho``).

    Examples
    --------
    >>> from momentum_theory.transients.certificates import transient_constant
    >>> bound = transient_constant(1 / 64, 49 / 64, 1.0, eps=0.05)  # Jordan block
    >>> round(bound.constant, 4), bound.peak_step, bound.steps, bound.holds_for_all_t
    (13.3686, 18, 128, True)
    """
    values = {n: as_scalar(v, n) for n, v in (("alpha", alpha), ("beta", beta), ("h", h))}
    eps_ = as_finite_float(eps, "eps", low=0.0, low_open=True)
    steps = optional_integer(steps, "steps", 0)
    structure = _structure(*values.values())
    rho = float(structure.rho)
    constant, best, steps, certified = _largest_ratio(structure, rho + eps_, steps)
    return TransientConstant(
        **values,
        eps=eps_,
        rho=rho,
        constant=constant,
        peak_step=best,
        steps=steps,
        holds_for_all_t=certified,
    )


@dataclass(frozen=True)
class TransientPeak:
    r"""The largest :math:`\|A^t\|_2` over :math:`0 \le t \le n`.

    Attributes
    ----------
    alpha, beta, h : float
        The parameters.
    rho : float
        :math:`\rho(A)`.
    peak : float
        :math:`\max_{0 \le t \le n} \|A^t\|_2` (at least 1, from :math:`A^0 = I`).
    peak_step : int
        The :math:`t` where it is attained.
    steps : int
        :math:`n`, the last power examined.
    holds_for_all_t : bool
        True when a tail bound proves ``peak`` is :math:`\sup_{t \ge 0} \|A^t\|_2`
        (possible only for :math:`\rho < 1`).
    """

    alpha: float
    beta: float
    h: float
    rho: float
    peak: float
    peak_step: int
    steps: int
    holds_for_all_t: bool


def transient_peak(alpha: float, beta: float, h: float, steps: int | None = None) -> TransientPeak:
    r"""Transient peak :math:`\max_t \|A^t\|_2`, which can exceed 1 although :math:`\rho(A) < 1`.

    A state :math:`(x_1 - x^*, x_0 - x^*)` can be amplified by up to this factor before the
    linear rate :math:`\rho` takes over: :math:`\rho < 1` says nothing about the first
    steps. (:math:`\|A\|_2 \ge 1` always, as :math:`A` maps :math:`e_1` to
    :math:`(T, 1)`.)

    Parameters
    ----------
    alpha, beta, h : float
        Step size, momentum (``beta >= 0``) and curvature.
    steps : int, optional
        Last :math:`t` to examine, :math:`n`. By default (allowed only for
        :math:`\rho < 1`) the smallest power of two for which the peak is proved to be the
        supremum over all :math:`t`.

    Returns
    -------
    TransientPeak

    Raises
    ------
    ValueError
        If ``beta < 0``, an argument is not a finite scalar, or ``steps`` is omitted
        while :math:`\rho \ge 1`.

    Examples
    --------
    >>> from momentum_theory.transients.certificates import transient_peak
    >>> peak = transient_peak(0.02, 0.9, 1.0)  # rho = sqrt(0.9) < 1
    >>> round(peak.rho, 4), round(peak.peak, 4), peak.peak_step, peak.holds_for_all_t
    (0.9487, 8.6337, 9, True)
    """
    values = {n: as_scalar(v, n) for n, v in (("alpha", alpha), ("beta", beta), ("h", h))}
    steps = optional_integer(steps, "steps", 0)
    structure = _structure(*values.values())
    peak, best, steps, certified = _largest_ratio(structure, 1.0, steps)
    return TransientPeak(
        **values,
        rho=float(structure.rho),
        peak=peak,
        peak_step=best,
        steps=steps,
        holds_for_all_t=certified,
    )


@dataclass(frozen=True)
class JordanGrowth:
    r"""Growth of :math:`\|A^t\|_2` on the critical-damping curve, predicted and measured.

    Attributes
    ----------
    alpha, beta, h : float
        The parameters, with :math:`\beta` the critical momentum of :math:`(\alpha, h)`.
    rho : float
        :math:`\rho(A) = |1 - \sqrt{\alpha h}|`.
    quarter_discriminant : float
        :math:`T^2/4 - \beta` of the matrix built exactly from the doubles: zero means
        :math:`A` is exactly a Jordan block; otherwise :math:`\beta` was rounded and the
        prediction holds only while :math:`t\sqrt{|T^2/4 - \beta|}/\rho \ll 1`.
    t : ndarray, shape (steps + 1,)
        Powers :math:`0, \dots, n`.
    predicted : ndarray, shape (steps + 1,)
        :math:`(1 + \rho^2)\, t \rho^{t-1}`.
    measured : ndarray, shape (steps + 1,)
        :math:`\|A^t\|_2` from :func:`~momentum_theory.transients.powers.power_norms`.
    relative_error : ndarray, shape (steps + 1,)
        :math:`|\text{measured} - \text{predicted}|/\text{measured}`.
    bound : ndarray, shape (steps + 1,)
        :math:`\rho^t`: for an exact Jordan block
        :math:`|\text{measured} - \text{predicted}| \le \rho^t`.
    """

    alpha: float
    beta: float
    h: float
    rho: float
    quarter_discriminant: float
    t: NDArray[np.int64]
    predicted: Array
    measured: Array
    relative_error: Array
    bound: Array


def jordan_growth(alpha: float, h: float, steps: int) -> JordanGrowth:
    r"""On the critical-damping curve, :math:`\|A^t\|_2 = (1 + \rho^2)\, t \rho^{t-1} + O(\rho^t)`.

    With :math:`\beta = \beta_c = (1 - \sqrt{\alpha h})^2` the companion matrix has the
    double eigenvalue :math:`\lambda = T/2 = 1 - \sqrt{\alpha h}` (:math:`\rho = |\lambda|`) and
    :math:`s_k = k\lambda^{k-1}`, so

    .. math::

        A^t = \lambda^{t-1}\bigl(t M + \lambda I\bigr), \qquad
        M = \begin{pmatrix} \lambda & -\lambda^2 \\ 1 & -\lambda \end{pmatrix}
          = \begin{pmatrix} \lambda \\ 1 \end{pmatrix} \begin{pmatrix} 1 & -\lambda
            \end{pmatrix},

    a rank-one :math:`M` with :math:`\|M\|_2 = 1 + \lambda^2`. The triangle inequality
    gives :math:`\bigl|\|A^t\|_2 - (1 + \rho^2) t \rho^{t-1}\bigr| \le \rho^t`. The
    chapter's ":math:`O(\rho^t)`" is therefore false here: the rate is :math:`\rho` but
    the norm carries an extra factor :math:`t`.

    Parameters
    ----------
    alpha, h : float
        Step size and curvature with :math:`0 < \alpha h`; :math:`\beta` is
        :func:`~momentum_theory.critical_beta` of them, rounded to a double. Choose
        :math:`\alpha h = 2^{-2k}` (e.g. ``1/64``) for an exact Jordan block.
    steps : int
        Last power :math:`n \ge 0`.

    Returns
    -------
    JordanGrowth

    Examples
    --------
    >>> from momentum_theory.transients.certificates import jordan_growth
    >>> growth = jordan_growth(1 / 64, 1.0, 200)  # beta = 49/64, rho = 7/8 exactly
    >>> growth.beta, growth.rho, growth.quarter_discriminant
    (0.765625, 0.875, 0.0)
    >>> bool((abs(growth.measured - growth.predicted) <= growth.bound).all())
    True
    """
    alpha_, h_ = as_scalar(alpha, "alpha"), as_scalar(h, "h")
    require(np.isfinite(alpha_ * h_) and alpha_ * h_ > 0, "alpha h", "positive", alpha_ * h_)
    steps = as_integer(steps, "steps", 0)
    beta = float(critical_beta(alpha_, h_))
    structure = _structure(alpha_, beta, h_)
    rho = float(structure.rho)
    t = np.arange(steps + 1)
    measured = power_norms(alpha_, beta, h_, steps)
    with np.errstate(under="ignore", divide="ignore", invalid="ignore"):
        predicted = (1 + rho**2) * t * np.power(rho, t - 1.0)
        relative_error = np.where(
            measured > 0, np.abs(measured - predicted) / measured, np.abs(predicted)
        )
    return JordanGrowth(
        alpha=alpha_,
        beta=beta,
        h=h_,
        rho=rho,
        quarter_discriminant=float(structure.quarter_discriminant),
        t=t,
        predicted=predicted,
        measured=measured,
        relative_error=relative_error,
        bound=np.power(rho, t.astype(float)),
    )
