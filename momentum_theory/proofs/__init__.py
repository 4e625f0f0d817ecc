r"""Proofs, not floats: statements over :math:`\mathcal S(\mu, L)` as data checked exactly.

A proof is a JSON object (:mod:`~momentum_theory.proofs.format`, format
``momentum-theory-proof/1``, every number a rational ``"p/q"``) about the two-step family
:math:`x_{k+1} = x_k + \beta (x_k - x_{k-1}) - \alpha \nabla f(y_k)`,
:math:`y_k = x_k + \gamma (x_k - x_{k-1})`, at the exact parameters a named method's map
gives. :func:`~momentum_theory.proofs.check.check_proof` decides one in rational
arithmetic; the solver that found it is no part of it (Lessard, Recht and Packard 2016,
Lemma 10 and Theorem 4, for the Lyapunov kind).

Modules, one job each:

- :mod:`~momentum_theory.proofs.rational`: numbers as the format writes them;
- :mod:`~momentum_theory.proofs.format`: the keys of each kind, reading and writing (JSON,
  JSON Lines);
- :mod:`~momentum_theory.proofs.family`: the method's map, run on Fractions;
- :mod:`~momentum_theory.proofs.semidefinite`: exact :math:`LDL^\top` definiteness tests;
- :mod:`~momentum_theory.proofs.inequality`: the Lyapunov matrix inequality, built exactly;
- :mod:`~momentum_theory.proofs.polynomial`: the characteristic polynomial on a quadratic;
- :mod:`~momentum_theory.proofs.interpolation`: the cycle equations and the interpolation
  conditions of :math:`\mathcal S(\mu, L)` (Taylor, Hendrickx and Glineur 2017, Theorem 4);
- :mod:`~momentum_theory.proofs.check`: :func:`check_proof`;
- :mod:`~momentum_theory.proofs.lyapunov`: Lyapunov proofs from the floating-point LMI
  (cvxpy);
- :mod:`~momentum_theory.proofs.quadratic`: proofs decided on quadratics;
- :mod:`~momentum_theory.proofs.linear`: linear systems solved exactly (cycle points);
- :mod:`~momentum_theory.proofs.cycle`: cycle proofs (the Lessard-Recht-Packard cycle, and
  a Gram-matrix search with cvxpy);
- :mod:`~momentum_theory.proofs.classify`: the verdict (certified, refuted, unstable or
  unknown) with its proof, trying the finders in turn.

Importing this package loads only the standard library (the finders, which need NumPy and
cvxpy, are imported from their modules).
"""

from __future__ import annotations

from momentum_theory.proofs.check import ProofCheck, check_proof
from momentum_theory.proofs.format import (
    FORMAT,
    ProofFileError,
    ProofFormatError,
    read_proofs,
    write_proof,
    write_proofs,
)

__all__ = [
    "FORMAT",
    "ProofCheck",
    "ProofFileError",
    "ProofFormatError",
    "check_proof",
    "read_proofs",
    "write_proof",
    "write_proofs",
]
