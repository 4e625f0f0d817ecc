r"""Verdicts over :math:`\mathcal S(\mu, L)` that are proofs: :func:`classify_method`.

Every status but ``"unknown"`` comes with a proof that
:func:`~momentum_theory.proofs.check.check_proof` accepts (it is checked before it is
returned), so a verdict does not depend on the solver that found it nor on the machine:

``"unstable"``
    The method does not converge on a quadratic :math:`h x^2/2` of the class
    (:func:`~momentum_theory.proofs.quadratic.quadratic_proof`, exact, no solver). Tried
    first: it is cheap and decides the question.
``"certified"``
    A rate :math:`\rho < 1` for every :math:`f \in \mathcal S(\mu, L)`: a Lyapunov function
    with the sector and weighted off-by-one IQCs
    (:func:`~momentum_theory.proofs.lyapunov.lyapunov_proof`; Lessard, Recht and Packard
    2016, Lemma 10 and Theorem 4), or at :math:`\mu = L`, where the class is one quadratic
    up to shifts, the roots of its characteristic polynomial
    (:func:`~momentum_theory.proofs.quadratic.quadratic_class_proof`).
``"refuted"``
    A function of the class and a start from which the method cycles, hence never
    converges (``momentum_theory.proofs.cycle.cycle_proof``; Goujaud, Taylor and
    Dieuleveut 2025; interpolation by Taylor, Hendrickx and Glineur 2017, Theorem 4).
``"unknown"``
    Neither found; :attr:`Verdict.searched` says what was searched. Not a statement about
    the method: the certificate class (one Lyapunov function of this form) or the cycle
    lengths searched may be too small.

A certified rate is at least the quadratic worst case (quadratics are in the class) and
comes from a floating-point solve made exact (module docstring of
:mod:`~momentum_theory.proofs.lyapunov`): which rate is proved may move with the machine's
BLAS kernels in its last digits, never whether the proof holds.

Importing this module loads only the standard library; the finders (NumPy, cvxpy) load on
first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

__all__ = ["CYCLE_LENGTH", "STATUSES", "Verdict", "classify", "classify_method"]

STATUSES = ("certified", "refuted", "unstable", "unknown")
# The longest cycle searched (the issue asks for at least 10).
CYCLE_LENGTH = 10

_QUADRATICS = "quadratics h x^2/2 at h = mu and h = L (Jury's test, exact)"
_QUADRATIC_CLASS = "the one quadratic of S(L, L) (roots, exact)"
_LYAPUNOV = "Lyapunov (sector + off-by-one IQC) up to rho < 1"


@dataclass(frozen=True)
class Verdict:
    r"""What :func:`classify_method` decided about a method over :math:`\mathcal S(\mu, L)`.

    Attributes
    ----------
    status : str
        One of :data:`STATUSES` (module docstring).
    rate : Fraction or None
        The proved rate :math:`\rho < 1` (``"certified"`` only): for every :math:`f` of the
        class, :math:`\|x_n - x^*\| = O(\rho^n)`.
    quadratic_rate : float
        The kernel's worst-case rate over the quadratics of the class (double precision; a
        lower bound on any rate over the class).
    proof : dict or None
        The proof (format ``momentum-theory-proof/1``), None for ``"unknown"``.
    searched : str
        What was searched, in order, e.g. ``"quadratics ...; Lyapunov ...; cycles of length
        2..10"``.
    """

    status: str
    rate: Fraction | None
    quadratic_rate: float
    proof: dict[str, Any] | None
    searched: str

    def __str__(self) -> str:
        rate = "" if self.rate is None else f" at rate {self.rate} = {float(self.rate):.8f}"
        return (
            f"{self.status}{rate} (quadratic rate {self.quadratic_rate:.8g}); "
            f"searched: {self.searched}"
        )


def _cycles(method: str, mu: float, L: float, params: dict[str, Any]) -> tuple[Any, str]:
    """The cycle proof (or None) and how the search is described."""
    try:  # the cycle search may be absent from this version; then say so
        from momentum_theory.proofs.cycle import cycle_proof
    except ImportError as error:
        return None, f"cycles not searched (momentum_theory.proofs.cycle unavailable: {error})"
    proof = cycle_proof(method, mu=mu, L=L, max_length=CYCLE_LENGTH, **params)
    return proof, f"cycles of length 2..{CYCLE_LENGTH}"


def _verdict(
    status: str, proof: dict[str, Any] | None, quadratic_rate: float, searched: list[str]
) -> Verdict:
    from momentum_theory.proofs.check import check_proof

    if proof is not None:
        check = check_proof(proof)
        if not check.passed:  # a finder's bug must not become a verdict
            searched = [*searched, f"a {proof.get('kind')} proof was found but fails: {check}"]
            return Verdict("unknown", None, quadratic_rate, None, "; ".join(searched))
    rate = Fraction(proof["rho"]) if status == "certified" and proof is not None else None
    return Verdict(status, rate, quadratic_rate, proof, "; ".join(searched))


def classify_method(method: Any, *, mu: float, L: float, **params: Any) -> Verdict:
    r"""Classify ``method`` over :math:`\mathcal S(\mu, L)`: certified, refuted, unstable or
    unknown, each decided status with a proof that passes
    :func:`~momentum_theory.proofs.check.check_proof`.

    **Statement.** In order (module docstring): ``"unstable"`` if the method does not
    converge on some :math:`h x^2/2`, :math:`h \in [\mu, L]` (exact); else ``"certified"``
    if a Lyapunov proof of a rate below 1 is found (at :math:`\mu = L`: the quadratic's
    rate, exactly); else ``"refuted"`` if a cycle of length at most :data:`CYCLE_LENGTH`
    on a function of the class is found; else ``"unknown"``. ``mu`` and ``L`` are the
    user's curvature bounds; the method's curvature shift (PyTorch's weight decay) is
    added by the finders and shows in the proof's ``mu`` and ``L``.

    Parameters
    ----------
    method : str or Method
        A registered method.
    mu, L : float
        The class, :math:`0 < \mu \le L`.
    **params
        The method's parameters (scalars; defaults filled in as the method fills them).

    Returns
    -------
    Verdict

    Raises
    ------
    PepNotInstalledError
        Without cvxpy, when the quadratics do not decide (:math:`\mu < L`, convergent on
        every quadratic of the class).
    TypeError, ValueError
        For parameters the method rejects, or a spectrum that is not ``0 < mu <= L``.

    Examples
    --------
    >>> verdict = classify_method("heavy_ball", mu=1.0, L=10.0, alpha=0.5, beta=0.5)
    >>> verdict.status, verdict.proof["h"]  # alpha L = 5 > 2 (1 + beta)
    ('unstable', '10')
    >>> classify_method("gradient_descent", mu=2.0, L=2.0, alpha=0.25).rate
    Fraction(1, 2)
    """
    from momentum_theory.methods import get
    from momentum_theory.proofs.family import exact_parameters
    from momentum_theory.proofs.quadratic import quadratic_class_proof, quadratic_proof

    spec = get(method)
    exact_parameters(spec, params)  # the method's own checks, before any work
    quadratic_rate = float(spec.worst_case_rate(mu=mu, L=L, **params))
    searched = [_QUADRATICS]
    proof = quadratic_proof(spec, mu=mu, L=L, **params)
    if proof is not None:
        return _verdict("unstable", proof, quadratic_rate, searched)
    if mu == L:  # the class is one quadratic (up to shifts): its roots decide
        searched.append(_QUADRATIC_CLASS)
        proof = quadratic_class_proof(spec, mu=mu, L=L, **params)
        return _verdict("certified" if proof else "unknown", proof, quadratic_rate, searched)
    from momentum_theory.beyond._pep import require_cvxpy
    from momentum_theory.proofs.lyapunov import lyapunov_proof

    require_cvxpy("classify")  # the error names this function, not the finder's helpers
    searched.append(_LYAPUNOV)
    proof = lyapunov_proof(spec, mu=mu, L=L, **params)
    if proof is not None:
        return _verdict("certified", proof, quadratic_rate, searched)
    proof, cycles = _cycles(spec.name, mu, L, params)
    searched.append(cycles)
    return _verdict("refuted" if proof else "unknown", proof, quadratic_rate, searched)


def classify(alpha: float, beta: float, *, mu: float, L: float, gamma: float = 0.0) -> Verdict:
    r"""Classify the two-step family over :math:`\mathcal S(\mu, L)`, with a proof.

    The family :math:`x_{k+1} = x_k + \beta (x_k - x_{k-1}) - \alpha \nabla f(y_k)`,
    :math:`y_k = x_k + \gamma (x_k - x_{k-1})` (method ``"two_step"``): ``"unstable"`` (a
    quadratic of the class on which it does not converge), ``"certified"`` (a rate
    :math:`\rho < 1` for every :math:`\mu`-strongly convex :math:`L`-smooth :math:`f`),
    ``"refuted"`` (a function of the class and a start from which it cycles) or
    ``"unknown"``; the decided ones carry a proof that
    :func:`~momentum_theory.proofs.check.check_proof` accepts in exact arithmetic. See
    :func:`classify_method` (any named method) and the module docstring.

    Parameters
    ----------
    alpha, beta : float
        Step size and momentum.
    mu, L : float
        The class, :math:`0 < \mu \le L`.
    gamma : float, default 0
        Gradient extrapolation (0: heavy ball, ``beta``: Nesterov).

    Returns
    -------
    Verdict
        ``status``, ``rate`` (a Fraction, certified only), ``quadratic_rate``, ``proof``
        and ``searched``.

    Raises
    ------
    PepNotInstalledError
        Without cvxpy, where the quadratics do not decide.
    ValueError
        For a spectrum that is not ``0 < mu <= L`` or parameters outside the family's domain.

    Examples
    --------
    Heavy ball with :math:`\alpha L = 5` diverges on :math:`L x^2/2`; at :math:`\mu = L`
    the rate of the one quadratic is proved exactly:

    >>> classify(0.5, 0.5, mu=1.0, L=10.0).status
    'unstable'
    >>> verdict = classify(0.25, 0.0, mu=2.0, L=2.0)
    >>> verdict.status, verdict.rate, verdict.proof["kind"]
    ('certified', Fraction(1, 2), 'quadratic_class')
    """
    from momentum_theory.methods import get

    return get("two_step").classify(mu=mu, L=L, alpha=alpha, beta=beta, gamma=gamma)
