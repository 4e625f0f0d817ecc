r"""Proofs decided on quadratics alone: :func:`quadratic_proof` and :func:`quadratic_class_proof`.

Quadratics :math:`h x^2/2` with :math:`h \in [\mu, L]` belong to :math:`\mathcal
S(\mu, L)`, and on each the family's iteration is linear with characteristic polynomial
:math:`\lambda^2 - T(h)\lambda + D(h)` (:mod:`~momentum_theory.proofs.polynomial`).

* A method that does not converge on one of them does not converge on the class: a
  ``"quadratic"`` proof names that :math:`h`. :math:`(T, D)` is affine in :math:`h` and
  Jury's region is a convex (open) triangle, so the curvatures where the method converges
  form an interval: if it fails anywhere in :math:`[\mu, L]`, it fails at :math:`\mu` or at
  :math:`L`, the only points tried.
* At :math:`\mu = L` the class holds one quadratic up to shifts, and the rate is the
  spectral radius there: a ``"quadratic_class"`` proof gives a rational :math:`\rho < 1` at
  least as large as every root's modulus (the smallest such rational among a few tried
  just above the double-precision radius).

Exact rational arithmetic throughout (the double-precision radius only proposes
:math:`\rho`).
"""

from __future__ import annotations

import cmath
from fractions import Fraction
from typing import Any

from momentum_theory.proofs.family import ExactFamily, exact_family, exact_parameters
from momentum_theory.proofs.format import header
from momentum_theory.proofs.polynomial import converges, roots_within, trace_determinant

__all__ = ["quadratic_class_proof", "quadratic_proof"]


def _setting(method: Any, mu: float, L: float, params: dict[str, Any]) -> tuple:
    """The method, its exact parameters and family, and the class the family sees."""
    from momentum_theory._validation import as_spectrum
    from momentum_theory.methods import get

    spec = get(method)
    parameters = exact_parameters(spec, params)
    family = exact_family(spec.name, parameters)
    lower, upper = as_spectrum(mu=mu, L=L, scalar=True)
    return spec, parameters, family, Fraction(lower) + family.shift, Fraction(upper) + family.shift


def _base(
    kind: str, spec: Any, parameters: dict, family: ExactFamily, mu: Fraction, L: Fraction
) -> dict:
    triple = (family.alpha, family.beta, family.gamma)
    return header(kind, triple, mu=mu, L=L, method=spec.name, parameters=parameters)


def quadratic_proof(method: Any, *, mu: float, L: float, **params: Any) -> dict[str, Any] | None:
    r"""A ``"quadratic"`` proof that ``method`` does not converge on some :math:`h x^2/2`,
    :math:`h \in [\mu, L]`, or None when it converges on all of them.

    **Statement.** Jury's test, exactly, at :math:`h = \mu` and :math:`h = L` (after the
    method's curvature shift); None means the method converges on every quadratic of the
    class (module docstring), so no proof of this kind exists.

    Parameters
    ----------
    method : str or Method
    mu, L : float
        The class of the user's loss, :math:`0 < \mu \le L`.
    **params
        The method's parameters (scalars).

    Returns
    -------
    dict or None
        The proof (:mod:`~momentum_theory.proofs.format`); it passes
        :func:`~momentum_theory.proofs.check.check_proof`.

    Examples
    --------
    >>> proof = quadratic_proof("heavy_ball", mu=1.0, L=10.0, alpha=0.5, beta=0.5)
    >>> proof["kind"], proof["h"]  # 1 + beta - alpha L = -3.5 < -(1 + beta)
    ('quadratic', '10')
    >>> quadratic_proof("heavy_ball", mu=1.0, L=10.0, alpha=0.1, beta=0.5) is None
    True
    """
    spec, parameters, family, mu_seen, L_seen = _setting(method, mu, L, params)
    for h in (mu_seen, L_seen):
        if not converges(*trace_determinant(family.alpha, family.beta, family.gamma, h)):
            proof = {**_base("quadratic", spec, parameters, family, mu_seen, L_seen), "h": str(h)}
            return proof
    return None


def _radius(T: Fraction, D: Fraction) -> float:
    """The spectral radius in double precision (a proposal; the check is exact)."""
    t, d = float(T), float(D)
    root = cmath.sqrt(t * t - 4 * d)
    return max(abs((t + root) / 2), abs((t - root) / 2))


def quadratic_class_proof(
    method: Any, *, mu: float, L: float, **params: Any
) -> dict[str, Any] | None:
    r"""A ``"quadratic_class"`` proof of ``method``'s rate on :math:`\mathcal S(L, L)`, or None.

    **Statement.** At :math:`\mu = L` (after the shift) every function of the class is
    :math:`L x^2/2` up to a shift, and the rate is the largest modulus of the roots of
    :math:`\lambda^2 - T\lambda + D` at :math:`h = L`. The proof's ``rho`` is a rational at
    least that (checked exactly), the first that passes among: the double-precision radius
    read exactly, then it raised by :math:`10^{-15}`, :math:`10^{-12}` and :math:`10^{-9}`
    (relative and absolute). None when that rate is not below 1.

    Raises
    ------
    ValueError
        If ``mu != L``, or for parameters the method rejects.

    Examples
    --------
    >>> proof = quadratic_class_proof("gradient_descent", mu=2.0, L=2.0, alpha=0.25)
    >>> proof["rho"]  # the one root is 1 - alpha L = 1/2
    '1/2'
    """
    if mu != L:
        raise ValueError(f"a 'quadratic_class' proof needs mu == L, got mu = {mu}, L = {L}")
    spec, parameters, family, mu_seen, L_seen = _setting(method, mu, L, params)
    T, D = trace_determinant(family.alpha, family.beta, family.gamma, L_seen)
    radius = _radius(T, D)
    for raise_by in (0.0, 1e-15, 1e-12, 1e-9):
        rho = Fraction(radius * (1 + raise_by) + raise_by)
        if rho >= 1:
            return None
        if roots_within(T, D, rho):
            base = _base("quadratic_class", spec, parameters, family, mu_seen, L_seen)
            proof = {**base, "rho": str(rho)}
            return proof
    return None
