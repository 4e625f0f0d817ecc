r"""Check a proof exactly: :func:`check_proof`.

The referee's side of :mod:`momentum_theory.proofs`: given a proof
(:mod:`~momentum_theory.proofs.format`), decide it in rational arithmetic
(:class:`fractions.Fraction`), trusting no solver and no floating point. In order:

1. the proof follows the format (every key, every number a rational ``"p/q"``);
2. the family parameters ``alpha``, ``beta``, ``gamma`` are exactly what the method's map
   gives at the user's ``parameters`` (:func:`~momentum_theory.proofs.family.exact_family`),
   and the class is :math:`0 < \mu \le L` with the user's own :math:`\mu - s > 0`
   (:math:`s` the map's curvature shift, PyTorch's weight decay);
3. the kind's conditions:

   ``"lyapunov"``
       :math:`0 \le \rho < 1`, both multipliers :math:`\ge 0`, :math:`P \succ 0` and the
       matrix inequality :math:`M \preceq 0` of :mod:`~momentum_theory.proofs.inequality`
       (Lessard, Recht and Packard 2016, Lemma 10 and Theorem 4), by exact
       :math:`LDL^\top` (:mod:`~momentum_theory.proofs.semidefinite`).
   ``"quadratic"``
       :math:`\mu \le h \le L` and Jury's test fails at :math:`h`: not both
       :math:`|D| < 1` and :math:`|T| < 1 + D`, with :math:`T = 1 + \beta - \alpha h (1 +
       \gamma)`, :math:`D = \beta - \alpha h \gamma`: a root of :math:`\lambda^2 - T\lambda
       + D` lies on or outside the unit circle, so the method does not converge on
       :math:`h x^2/2`, a function of the class.
   ``"quadratic_class"``
       :math:`\mu = L`, :math:`0 \le \rho < 1` and every root of :math:`\lambda^2 - T\lambda
       + D` at :math:`h = L` has modulus at most :math:`\rho`: for :math:`\rho > 0`,
       :math:`|D| \le \rho^2` and :math:`\rho |T| \le \rho^2 + D` (Jury's conditions for
       :math:`\lambda/\rho`, closed); for :math:`\rho = 0`, :math:`T = D = 0`.
   ``"cycle"``
       :math:`\mu < L`; the update maps the points onto themselves, some gradient is not
       zero, and the triples :math:`(y_k, g_k, f_k)` satisfy the interpolation conditions of
       :math:`\mathcal S(\mu, L)` for every ordered pair
       (:mod:`~momentum_theory.proofs.interpolation`; Taylor, Hendrickx and Glineur 2017,
       Theorem 4): the method cycles forever on a function of the class.

Everything but the map runs on the standard library; the map is the method's own code
(:meth:`~momentum_theory.methods.Method._map`) run on Fractions, which loads the method
registry.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from momentum_theory.proofs.family import MapError, exact_family
from momentum_theory.proofs.format import ParsedProof, ProofFormatError, parse_proof
from momentum_theory.proofs.inequality import LABELS, lyapunov_matrix
from momentum_theory.proofs.interpolation import (
    cycle_failure,
    gradient_points,
    interpolation_failure,
)
from momentum_theory.proofs.polynomial import converges, roots_within, trace_determinant
from momentum_theory.proofs.semidefinite import definiteness_failure, negated

__all__ = ["ProofCheck", "check_proof"]


@dataclass(frozen=True)
class ProofCheck:
    r"""The verdict of :func:`check_proof`.

    Attributes
    ----------
    passed : bool
        Whether every condition holds, exactly.
    kind : str or None
        The proof's kind (None when it names none).
    condition : str
        ``"all"`` when it passed; else the first condition that failed: ``"format"``,
        ``"map"`` (the method's map cannot be computed), ``"family"`` (``alpha``, ``beta``
        or ``gamma`` differ from the map), ``"class"``, ``"rho"``, ``"multipliers"``,
        ``"P"``, ``"inequality"``, ``"h"``, ``"jury"``, ``"roots"``, ``"cycle"`` (the update
        leaves the cycle), ``"gradient"`` (every gradient of a cycle is zero),
        ``"interpolation"``, ``"kind"`` (no checker for the kind).
    reason : str
        One sentence: what holds, or why the condition fails.
    """

    passed: bool
    kind: str | None
    condition: str
    reason: str

    def __str__(self) -> str:
        return f"{'holds' if self.passed else 'FAILS'} ({self.kind}): {self.reason}"


class _Failure(Exception):
    def __init__(self, condition: str, reason: str) -> None:
        super().__init__(reason)
        self.condition, self.reason = condition, reason


def _rate(rho: Fraction) -> None:
    if not 0 <= rho < 1:
        raise _Failure("rho", f"rho = {rho} is not in [0, 1)")


def _lyapunov(proof: ParsedProof) -> str:
    fields = proof.fields
    rho, P = fields["rho"], fields["P"]
    _rate(rho)
    for name in ("lambda_sector", "lambda_off_by_one"):
        if fields[name] < 0:
            raise _Failure("multipliers", f"{name} = {fields[name]} is negative")
    failure = definiteness_failure(P, strict=True, labels=LABELS[:3])
    if failure is not None:
        raise _Failure("P", f"P is not positive definite: {failure}")
    M = lyapunov_matrix(
        proof.alpha,
        proof.beta,
        proof.gamma,
        mu=proof.mu,
        L=proof.L,
        rho=rho,
        P=P,
        lambda_sector=fields["lambda_sector"],
        lambda_off_by_one=fields["lambda_off_by_one"],
    )
    failure = definiteness_failure(negated(M), strict=False, labels=LABELS)
    if failure is not None:
        raise _Failure("inequality", f"the matrix inequality fails (-M not PSD): {failure}")
    return f"rate {rho} over S({proof.mu}, {proof.L}) (Lyapunov function and IQC multipliers)"


def _trace_determinant(proof: ParsedProof, h: Fraction) -> tuple[Fraction, Fraction]:
    return trace_determinant(proof.alpha, proof.beta, proof.gamma, h)


def _quadratic(proof: ParsedProof) -> str:
    h = proof.fields["h"]
    if not proof.mu <= h <= proof.L:
        raise _Failure("h", f"h = {h} is not in [mu, L] = [{proof.mu}, {proof.L}]")
    T, D = _trace_determinant(proof, h)
    if converges(T, D):
        raise _Failure(
            "jury", f"the method converges at h = {h}: |D| < 1 and |T| < 1 + D (T = {T}, D = {D})"
        )
    return f"no convergence on h x^2/2 at h = {h} in [{proof.mu}, {proof.L}] (T = {T}, D = {D})"


def _quadratic_class(proof: ParsedProof) -> str:
    rho = proof.fields["rho"]
    if proof.mu != proof.L:
        raise _Failure(
            "class", f"a 'quadratic_class' proof needs mu == L, got {proof.mu} < {proof.L}"
        )
    _rate(rho)
    T, D = _trace_determinant(proof, proof.L)
    if not roots_within(T, D, rho):
        raise _Failure(
            "roots", f"a root of l^2 - T l + D has modulus above rho = {rho} (T = {T}, D = {D})"
        )
    return f"rate {rho} on the one quadratic of S({proof.L}, {proof.L}) (T = {T}, D = {D})"


def _cycle(proof: ParsedProof) -> str:
    x, g, f = proof.fields["x"], proof.fields["g"], proof.fields["f"]
    if not proof.mu < proof.L:
        raise _Failure(
            "class", f"a 'cycle' proof needs mu < L (kappa > 1), got mu = L = {proof.L}"
        )
    failure = cycle_failure(x, g, proof.alpha, proof.beta)
    if failure is not None:
        raise _Failure("cycle", f"the points are not a cycle of the method: {failure}")
    if all(value == 0 for point in g for value in point):
        raise _Failure("gradient", "every gradient is zero: the cycle is the minimiser")
    y = gradient_points(x, proof.gamma)
    failure = interpolation_failure(y, g, f, mu=proof.mu, L=proof.L)
    if failure is not None:
        raise _Failure("interpolation", f"no function of S({proof.mu}, {proof.L}) fits: {failure}")
    reached = "reachable" if proof.fields["reachable_from_rest"] else "not shown reachable"
    return (
        f"a {len(x)}-cycle in dimension {len(x[0])} on a function of S({proof.mu}, {proof.L})"
        f" ({reached} from rest, not checked)"
    )


# One checker per kind of the format; a kind without one fails with condition "kind".
_CHECKERS: dict[str, Callable[[ParsedProof], str]] = {
    "lyapunov": _lyapunov,
    "quadratic": _quadratic,
    "quadratic_class": _quadratic_class,
    "cycle": _cycle,
}


def check_proof(proof: Mapping[str, Any]) -> ProofCheck:
    r"""Whether ``proof`` holds, decided exactly in rational arithmetic.

    **Statement.** Passes exactly when the proof follows the format
    ``momentum-theory-proof/1``, its family parameters are the method's map at its
    parameters, and its kind's conditions hold (module docstring); every comparison is
    between :class:`~fractions.Fraction`\ s, so the verdict is the same on every machine.
    A ``"lyapunov"`` proof that passes proves :math:`\|x_n - x^*\| = O(\rho^n)` for every
    :math:`f \in \mathcal S(\mu, L)` (Lessard, Recht and Packard, SIAM J. Optim. 26(1),
    2016, Lemma 10 and Theorem 4); a ``"quadratic"`` one, that the method does not converge
    on a quadratic of the class.

    Parameters
    ----------
    proof : mapping
        A proof as read from JSON (:func:`~momentum_theory.proofs.format.read_proofs`).

    Returns
    -------
    ProofCheck
        ``passed``, and otherwise the first condition that fails and why.

    Examples
    --------
    Gradient descent with :math:`\alpha = 1/2` on :math:`\mathcal S(1, 3)` has rate
    :math:`1/2` (:math:`P = \operatorname{diag}(1, 0, 0)` is only semidefinite, so a
    small :math:`\zeta` term makes it definite, paid for by a rate :math:`3/5`):

    >>> proof = {
    ...     "format": "momentum-theory-proof/1", "kind": "lyapunov",
    ...     "alpha": "1/2", "beta": "0", "gamma": "0", "mu": "1", "L": "3",
    ...     "method": "gradient_descent", "parameters": {"alpha": "1/2"},
    ...     "rho": "3/5", "P": [["1", "0", "0"], ["0", "1/100", "0"], ["0", "0", "1/100"]],
    ...     "lambda_sector": "27/200", "lambda_off_by_one": "0"}
    >>> check_proof(proof).passed
    True
    >>> check = check_proof({**proof, "rho": "1/3"})
    >>> check.passed, check.condition
    (False, 'inequality')
    """
    kind = proof.get("kind") if isinstance(proof, Mapping) else None
    kind = kind if isinstance(kind, str) else None
    try:
        parsed = parse_proof(proof)
        try:
            family = exact_family(parsed.method, parsed.parameters)
        except MapError as error:
            raise _Failure("map", str(error)) from None
        for name in ("alpha", "beta", "gamma"):
            claimed, mapped = getattr(parsed, name), getattr(family, name)
            if claimed != mapped:
                raise _Failure(
                    "family", f"{name} = {claimed}, but {parsed.method}'s map gives {mapped}"
                )
        if not 0 < parsed.mu <= parsed.L:
            raise _Failure(
                "class", f"the class needs 0 < mu <= L, got mu = {parsed.mu}, L = {parsed.L}"
            )
        if not parsed.mu - family.shift > 0:
            raise _Failure(
                "class",
                f"mu = {parsed.mu} includes the curvature shift {family.shift}, "
                "so the user's mu would not be positive",
            )
        checker = _CHECKERS.get(parsed.kind)
        if checker is None:
            raise _Failure("kind", f"this version checks no {parsed.kind!r} proofs")
        reason = checker(parsed)
    except ProofFormatError as error:
        return ProofCheck(False, kind, "format", str(error))
    except _Failure as failure:
        return ProofCheck(False, kind, failure.condition, failure.reason)
    return ProofCheck(True, parsed.kind, "all", reason)
