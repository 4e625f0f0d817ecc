r"""Tuning with some parameters fixed: what :meth:`Method.optimal_parameters
<momentum_theory.methods.Method.optimal_parameters>` checks, and its numerical search.

:func:`tune` checks the fixed values (names, types, domains), refuses a spectrum that double
precision cannot tune (:func:`check_tunable`), hands the free parameters to the method's
closed form where it has one and to :func:`search_slice` otherwise, and refuses a result
that does not converge.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from momentum_theory._validation import as_finite_float, as_spectrum
from momentum_theory.methods._minimax import minimize_worst_case
from momentum_theory.methods._optimum import Optimum

# ``method`` is typed Any here (it is a Method): Method calls this module, so importing it
# back, even for type checking only, would be an import cycle.
Method = Any

__all__ = ["LARGEST_KAPPA", "SMALLEST_GAP", "check_tunable", "search_slice", "tune"]

# The smallest gap 1 - rho* of the optimal rate a tuning accepts: 4 sqrt(eps). Rounding
# Polyak's parameters to doubles moves their rate by up to 3.0e-8 = 2 sqrt(eps) (measured over
# 9000 spectra, kappa 1e10 to 1e20: both ends sit on critical curves, where rho moves like the
# square root of a perturbation), so at 4 sqrt(eps) at least half the gap is left.
SMALLEST_GAP = 4.0 * float(np.sqrt(np.finfo(float).eps))
# The condition number where Polyak's gap 2 sqrt(mu)/(sqrt(L) + sqrt(mu)) reaches it.
LARGEST_KAPPA = ((2.0 - SMALLEST_GAP) / SMALLEST_GAP) ** 2


def check_tunable(mu: ArrayLike, L: ArrayLike) -> None:
    r"""Refuse a spectrum :math:`[\mu, L]` whose optimum double precision cannot hold.

    The optimal rate of the two-step family (Polyak's, and every method's near it) has the
    gap :math:`1 - \rho^* = 2\sqrt{\mu}/(\sqrt L + \sqrt\mu) \approx 2/\sqrt\kappa`.
    Rounding the optimal parameters to doubles moves the rate by up to
    :math:`2\sqrt{\epsilon} \approx 3 \cdot 10^{-8}` (at the critical ends :math:`\rho`
    moves like the square root of a perturbation), so where the gap is below
    :data:`SMALLEST_GAP` (:math:`4\sqrt\epsilon`, :math:`\kappa` above
    :data:`LARGEST_KAPPA`, about :math:`1.1 \cdot 10^{15}`) the rounded "optimum" need not
    converge (heavy ball's first fails near :math:`\kappa = 8 \cdot 10^{15}`); far beyond,
    :math:`1 - \beta^*` is not even representable (:math:`\beta^*` rounds to 1), and where
    :math:`L/\mu` overflows, :math:`\mu/L` underflows to 0. One check refuses them all.
    NaN entries pass (they are data).

    Raises
    ------
    ValueError
        Naming the spectrum, its condition number and the reason.

    Examples
    --------
    >>> check_tunable(1.0, 1e12)
    >>> check_tunable(1e-300, 1e300)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: cannot tune for mu = 1e-300, L = 1e+300 in double precision: the condition ...
    """
    mu_, L_ = np.broadcast_arrays(np.asarray(mu, dtype=float), np.asarray(L, dtype=float))
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        root = np.sqrt(mu_ / L_)
        gap = 2.0 * root / (1.0 + root)
        kappa = L_ / mu_
    bad = gap < SMALLEST_GAP  # NaN compares False: passes
    if np.any(bad):
        index = np.flatnonzero(bad)[0]
        raise ValueError(
            f"cannot tune for mu = {mu_.flat[index]:g}, L = {L_.flat[index]:g} in double "
            f"precision: the condition number L/mu = {kappa.flat[index]:.3g} is above "
            f"{LARGEST_KAPPA:.2g}, where the optimal rate's gap 1 - rho* = 2 sqrt(mu)/(sqrt(L) "
            f"+ sqrt(mu)) = {gap.flat[index]:.3g} is below 4 sqrt(eps) = {SMALLEST_GAP:.1g}; "
            "rounding the parameters moves the rate by up to 2 sqrt(eps), so the optimum "
            "would not reliably converge"
        )


def _checked_fixed(method: Method, fixed: dict[str, Any]) -> dict[str, Any]:
    """The fixed values checked one by one: known names, flags True/False, numbers finite
    scalars in their parameter's domain."""
    checked: dict[str, Any] = {}
    for name, value in fixed.items():
        if name not in method.parameters:
            raise TypeError(
                f"{method.name}.optimal_parameters got an unexpected parameter {name!r}; "
                f"its parameters are {', '.join(method._signature())}"
            )
        spec = method.parameter(name)
        if spec.is_flag:
            if not isinstance(value, (bool, np.bool_)):
                raise TypeError(f"{name} must be True or False, got {value!r}")
            checked[name] = bool(value)
            continue
        number = as_finite_float(value, name)
        if spec.domain is not None:
            spec.domain.check(name, number)
        checked[name] = number
    return checked


def tune(method: Method, *, mu: ArrayLike, L: ArrayLike, fixed: dict[str, Any]) -> Optimum:
    """:meth:`Method.optimal_parameters <momentum_theory.methods.Method.optimal_parameters>`
    (see there)."""
    values = _checked_fixed(method, fixed)
    mu_, L_ = as_spectrum(mu=mu, L=L)
    check_tunable(mu_, L_)
    options = {
        name: values.get(name, method.defaults[name])
        for name in method.parameters
        if name not in method.tuned_parameters
    }
    method._check_tuning(options)
    free = tuple(name for name in method.tuned_parameters if name not in values)
    given = {name: value for name, value in values.items() if name not in options}
    # Any rule between parameters (PyTorch's Nesterov needs momentum > 0) is checked now,
    # with the free parameters at 0.5, which every domain accepts (a default may not: PyTorch's
    # momentum 0 with Nesterov).
    placeholder = dict.fromkeys(free, 0.5)
    method.check(**placeholder, **given, **options)
    if not given:
        optimum = method._optimum(mu=mu, L=L, **options)
    elif not free:
        parameters = {name: {**given, **options}[name] for name in method.parameters}
        optimum = Optimum(
            method=method.name,
            parameters=parameters,
            rate=method.worst_case_rate(mu=mu_, L=L_, **parameters)[()],
            mu=mu_[()],
            L=L_[()],
        )
    else:
        held = {**given, **options}
        optimum = method._slice_optimum(mu=mu_[()], L=L_[()], free=free, fixed=held)
        if optimum is None:
            mu_s, L_s = as_spectrum(mu=mu_, L=L_, scalar=True)
            optimum = search_slice(method, mu=mu_s, L=L_s, free=free, fixed=held)
    _check_converges(method, optimum, free, given)
    return optimum


def _check_converges(
    method: Method, optimum: Optimum, free: tuple[str, ...], given: dict[str, Any]
) -> None:
    """Raise ValueError unless the optimum converges at both ends (so on all of [mu, L]:
    the region is convex in h)."""
    params = dict(optimum.parameters)
    converges = np.asarray(
        method.convergence_region(optimum.mu, **params)
        & method.convergence_region(optimum.L, **params)
    )
    shape = converges.shape
    mu_, L_, rate = (
        np.broadcast_to(np.asarray(value, dtype=float), shape).ravel()
        for value in (optimum.mu, optimum.L, optimum.rate)
    )
    failing = ~converges.ravel() & ~np.isnan(rate)  # NaN in an array spectrum is data
    if not np.any(failing):
        return
    index = np.flatnonzero(failing)[0]
    at = ", ".join(f"{name} = {value:g}" for name, value in given.items())
    where = f"on [{mu_[index]:g}, {L_[index]:g}]"
    if free:
        raise ValueError(
            f"{method.name} with {at} fixed has no convergent choice of {', '.join(free)} "
            f"{where}: the best found has worst-case rate {rate[index]:.6g} (>= 1)"
        )
    raise ValueError(
        f"{method.name} with {at} does not converge {where}: its worst-case rate is "
        f"{rate[index]:.6g} (>= 1)"
    )


def _stable_steps(method: Method, mu: float, L: float, others: dict[str, Any]) -> tuple:
    r"""The steps for which the method converges at both ends, ``(low, high)`` (empty where
    ``low >= high``), for the other parameters (arrays, broadcasting).

    :math:`T` and :math:`D` are affine in the step (the exact form of
    :meth:`Method._exact_form`), so each of Jury's four conditions, :math:`D < 1`,
    :math:`D > -1`, :math:`1 - T + D > 0` and :math:`1 + T + D > 0`, at :math:`h = \mu`
    and :math:`h = L`, bounds the step from one side.
    """
    step = method.step.name
    _, beta, shift, g1, g2, omega = method._exact_form(**method.check(**others, **{step: 1.0}))
    low = np.zeros(np.broadcast(beta, shift, g1, g2, omega).shape)
    high = np.full(low.shape, np.inf)
    for h in (mu, L):
        a = (h + shift) * (1.0 + g1 * g2)  # T = 1 + beta - step a
        d = (h + shift) * (g1 * g2 + omega)  # D = beta - step d
        # Each condition as slope * step > bound.
        conditions = (
            (d, beta - 1.0),
            (-d, -beta - 1.0),
            (a - d, 0.0),
            (-(a + d), -2.0 - 2.0 * beta),
        )
        for slope, bound in conditions:
            slope, bound = np.broadcast_arrays(slope, bound)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = bound / slope
            low = np.where(slope > 0, np.maximum(low, ratio), low)
            high = np.where(slope < 0, np.minimum(high, ratio), high)
            high = np.where((slope == 0) & (bound >= 0), -np.inf, high)
    return low, high


def search_slice(
    method: Method, *, mu: float, L: float, free: tuple[str, ...], fixed: dict[str, Any]
) -> Optimum:
    r"""The free parameters minimising the worst-case rate with the others ``fixed``,
    numerically (:func:`~momentum_theory.methods._minimax.minimize_worst_case`).

    A free parameter other than the step ranges over its search axis
    (:attr:`Parameter.search <momentum_theory.methods.Parameter.search>`, in its
    coordinate); a free step over the whole interval where the method converges at both
    ends for the other parameters (:func:`_stable_steps`), as a fraction of it in
    :math:`[0, 1]`. ``known_optimum`` is None.
    """
    step = method.step.name
    axes = [method.parameter(name).search for name in free if name != step]
    names = [name for name in free if name != step]
    bounds = [axis.bounds() for axis in axes]
    if step in free:
        bounds.append((0.0, 1.0))

    def parameters(*coordinates: Any) -> dict[str, Any]:
        values = {name: axis.value(u) for name, axis, u in zip(names, axes, coordinates)}
        values.update(fixed)
        if step in free:
            low, high = _stable_steps(method, mu, L, values)
            if not np.all(np.isfinite(high)):  # no upper bound found: a wide cap
                high = np.where(np.isfinite(high), high, low + 100.0 / L)
            fraction = coordinates[-1]
            values[step] = np.where(low < high, low + fraction * (high - low), np.nan)
        return values

    def rate(*coordinates: Any) -> Any:
        return method.worst_case_rate(mu=mu, L=L, **parameters(*coordinates))

    point, _ = minimize_worst_case(rate, bounds)
    found = {name: float(value) for name, value in parameters(*point).items() if name not in fixed}
    params = {name: {**fixed, **found}[name] for name in method.parameters}
    return Optimum(
        method=method.name,
        parameters=params,
        rate=float(method.worst_case_rate(mu=mu, L=L, **params)),
        mu=mu,
        L=L,
    )
