r"""The proof format ``momentum-theory-proof/1``: what a proof holds, and reading it exactly.

A proof is a JSON object about the two-step family

.. math::

    x_{k+1} = x_k + \beta (x_k - x_{k-1}) - \alpha \nabla f(y_k), \qquad
    y_k = x_k + \gamma (x_k - x_{k-1}),

on the class :math:`\mathcal S(\mu, L)` of :math:`\mu`-strongly convex :math:`L`-smooth
functions. Every number is a string ``"p/q"`` or ``"p"``
(:mod:`~momentum_theory.proofs.rational`). The keys every proof has:

``format``
    ``"momentum-theory-proof/1"``.
``kind``
    One of :data:`KINDS` (below).
``alpha``, ``beta``, ``gamma``
    The family parameters: exactly what the method's map gives at ``parameters``.
``mu``, ``L``
    The curvature bounds the family sees (the user's, shifted by a weight decay).
``method``, ``parameters``
    The method's registry name and the user's parameters (every one, defaults filled in;
    numbers as rationals, flags as JSON booleans), so that the map can be checked too.

and per kind (:data:`KINDS`):

``"lyapunov"``: ``rho``, ``P`` (3 x 3), ``lambda_sector``, ``lambda_off_by_one``
    A rate :math:`\rho < 1` over the class (Lessard, Recht and Packard 2016, Lemma 10 and
    Theorem 4; :mod:`~momentum_theory.proofs.inequality`).
``"quadratic"``: ``h``
    A curvature in :math:`[\mu, L]` at which the method does not converge on
    :math:`h x^2/2`.
``"quadratic_class"``: ``rho``
    :math:`\mu = L`: every root of the quadratic's characteristic polynomial has modulus at
    most :math:`\rho < 1`.
``"cycle"``: ``x``, ``g``, ``f``, ``reachable_from_rest``
    :math:`\mu < L` only. ``x``: the points :math:`x_0, \dots, x_{K-1}` of a cycle, each a
    list of :math:`d` rationals (:math:`x_{-1} = x_{K-1}`); ``g`` and ``f``: the gradients
    (:math:`K` points of dimension :math:`d`) and values (:math:`K` rationals) of a function
    of the class at :math:`y_k = x_k + \gamma (x_k - x_{k-1})`
    (:mod:`~momentum_theory.proofs.interpolation`: Taylor, Hendrickx and Glineur 2017,
    Theorem 4). ``reachable_from_rest``: a JSON boolean, true when the toolkit also found a
    start from rest (:math:`x_{-1} = x_0`) whose run converges to this cycle on a function
    of the class (as :mod:`momentum_theory.beyond.counterexample` does for the
    Lessard-Recht-Packard point), false when it did not look or found none; a remark, not
    a condition: :func:`~momentum_theory.proofs.check.check_proof` does not verify it.

:func:`parse_proof` turns a proof into :class:`ParsedProof` (Fractions) or raises
:class:`ProofFormatError` naming the key; :func:`read_proofs` and :func:`write_proofs` read
and write one proof (JSON) or many (JSON Lines). Standard library only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from momentum_theory.proofs.rational import RationalError, parse_rational, rational_text

__all__ = [
    "COMMON_KEYS",
    "FORMAT",
    "KINDS",
    "ParsedProof",
    "ProofFileError",
    "ProofFormatError",
    "dumps",
    "header",
    "parse_proof",
    "read_proofs",
    "write_proof",
    "write_proofs",
]

FORMAT = "momentum-theory-proof/1"
COMMON_KEYS = ("format", "kind", "alpha", "beta", "gamma", "mu", "L", "method", "parameters")


class ProofFormatError(ValueError):
    """A proof that does not follow the format (a missing or unknown key, a bad number)."""


class ProofFileError(ValueError):
    """A file that is not one JSON object nor JSON Lines of objects."""


@dataclass(frozen=True)
class ParsedProof:
    r"""A proof read exactly: every number a :class:`~fractions.Fraction`.

    Attributes
    ----------
    kind : str
    alpha, beta, gamma, mu, L : Fraction
    method : str
    parameters : dict of str to Fraction or bool
    fields : dict of str to object
        The kind's own keys, parsed (``P`` a 3 x 3 list of lists of Fraction, ``x`` a list
        of points, ...).
    """

    kind: str
    alpha: Fraction
    beta: Fraction
    gamma: Fraction
    mu: Fraction
    L: Fraction
    method: str
    parameters: dict[str, Fraction | bool]
    fields: dict[str, Any]


def _matrix(value: object, name: str, rows: int, columns: int) -> list[list[Fraction]]:
    if not (isinstance(value, list) and len(value) == rows):
        raise ProofFormatError(f"{name} must be a list of {rows} rows")
    matrix = []
    for i, row in enumerate(value):
        if not (isinstance(row, list) and len(row) == columns):
            raise ProofFormatError(f"{name}[{i}] must be a list of {columns} rationals")
        matrix.append([parse_rational(entry, f"{name}[{i}][{j}]") for j, entry in enumerate(row)])
    return matrix


def _points(value: object, name: str) -> list[list[Fraction]]:
    """A non-empty list of points of one common dimension d >= 1."""
    if not (isinstance(value, list) and value and isinstance(value[0], list) and value[0]):
        raise ProofFormatError(f"{name} must be a non-empty list of non-empty points")
    return _matrix(value, name, len(value), len(value[0]))


def _lyapunov(proof: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "rho": parse_rational(proof["rho"], "rho"),
        "P": _matrix(proof["P"], "P", 3, 3),
        "lambda_sector": parse_rational(proof["lambda_sector"], "lambda_sector"),
        "lambda_off_by_one": parse_rational(proof["lambda_off_by_one"], "lambda_off_by_one"),
    }


def _cycle(proof: Mapping[str, Any]) -> dict[str, Any]:
    x = _points(proof["x"], "x")
    g = _matrix(proof["g"], "g", len(x), len(x[0]))
    f = proof["f"]
    if not (isinstance(f, list) and len(f) == len(x)):
        raise ProofFormatError(f"f must be a list of {len(x)} rationals (one per point)")
    reachable = proof["reachable_from_rest"]
    if not isinstance(reachable, bool):
        raise ProofFormatError(f"reachable_from_rest must be true or false, got {reachable!r}")
    return {
        "x": x,
        "g": g,
        "f": [parse_rational(v, f"f[{k}]") for k, v in enumerate(f)],
        "reachable_from_rest": reachable,
    }


# Each kind: its own keys and their parser. A new kind is one entry here and its checker.
KINDS: dict[str, tuple[tuple[str, ...], Callable[[Mapping[str, Any]], dict[str, Any]]]] = {
    "lyapunov": (("rho", "P", "lambda_sector", "lambda_off_by_one"), _lyapunov),
    "quadratic": (("h",), lambda proof: {"h": parse_rational(proof["h"], "h")}),
    "quadratic_class": (("rho",), lambda proof: {"rho": parse_rational(proof["rho"], "rho")}),
    "cycle": (("x", "g", "f", "reachable_from_rest"), _cycle),
}


def parse_proof(proof: object) -> ParsedProof:
    r"""``proof`` read exactly, after checking it follows the format.

    Parameters
    ----------
    proof : mapping
        A proof as a JSON object (module docstring).

    Returns
    -------
    ParsedProof

    Raises
    ------
    ProofFormatError
        (a ValueError) naming the first key that is missing, unknown or malformed.

    Examples
    --------
    >>> proof = {"format": FORMAT, "kind": "quadratic", "alpha": "1", "beta": "0",
    ...          "gamma": "0", "mu": "1", "L": "3", "method": "gradient_descent",
    ...          "parameters": {"alpha": "1"}, "h": "3"}
    >>> parse_proof(proof).fields
    {'h': Fraction(3, 1)}
    >>> parse_proof({**proof, "h": "3/0"})  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    ProofFormatError: h must be a rational "p/q" with q > 0, got '3/0'
    """
    if not isinstance(proof, Mapping):
        raise ProofFormatError(f"a proof must be a JSON object, got {type(proof).__name__}")
    if proof.get("format") != FORMAT:
        raise ProofFormatError(f"format must be {FORMAT!r}, got {proof.get('format')!r}")
    kind = proof.get("kind")
    if kind not in KINDS:
        raise ProofFormatError(f"kind must be one of {', '.join(map(repr, KINDS))}, got {kind!r}")
    own, parser = KINDS[kind]
    expected = (*COMMON_KEYS, *own)
    missing = [key for key in expected if key not in proof]
    if missing:
        raise ProofFormatError(f"a {kind!r} proof needs the key {missing[0]!r}")
    unknown = [key for key in proof if key not in expected]
    if unknown:
        raise ProofFormatError(f"a {kind!r} proof has no key {unknown[0]!r}")
    if not isinstance(proof["method"], str):
        raise ProofFormatError(f"method must be a method's name, got {proof['method']!r}")
    raw = proof["parameters"]
    if not isinstance(raw, Mapping):
        raise ProofFormatError("parameters must be a JSON object of the method's parameters")
    try:
        parameters: dict[str, Fraction | bool] = {
            str(name): value if isinstance(value, bool) else parse_rational(value, name)
            for name, value in raw.items()
        }
        family = {key: parse_rational(proof[key], key) for key in COMMON_KEYS[2:7]}
        fields = parser(proof)
    except RationalError as error:
        raise ProofFormatError(str(error)) from None
    return ParsedProof(
        kind=kind, method=proof["method"], parameters=parameters, fields=fields, **family
    )


def dumps(proof: Mapping[str, Any], *, indent: int | None = 2) -> str:
    """``proof`` as JSON text, keys in the format's order (:func:`parse_proof` must accept it)."""
    parse_proof(proof)
    kind_keys = KINDS[proof["kind"]][0]
    ordered = {key: proof[key] for key in (*COMMON_KEYS, *kind_keys)}
    return json.dumps(ordered, indent=indent)


def write_proof(proof: Mapping[str, Any], path: str | Path) -> Path:
    """Write one proof as a JSON file; returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(dumps(proof) + "\n", encoding="utf-8")
    return target


def write_proofs(proofs: Iterable[Mapping[str, Any]], path: str | Path) -> Path:
    """Write proofs as JSON Lines (one proof per line); returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("".join(dumps(p, indent=None) + "\n" for p in proofs), encoding="utf-8")
    return target


def read_proofs(path: str | Path) -> list[dict[str, Any]]:
    r"""The proofs in a file: one JSON object (any layout) or JSON Lines of objects.

    The objects are returned as read; :func:`~momentum_theory.proofs.check.check_proof`
    judges their contents (a proof with a bad key is a proof that fails, not a bad file).

    Raises
    ------
    OSError
        If the file cannot be read.
    ProofFileError
        (a ValueError) If it is neither, naming the first line that is not a JSON object.
    """
    text = Path(path).read_text(encoding="utf-8")
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
    if isinstance(whole, dict):
        return [whole]
    if whole is not None:
        raise ProofFileError(f"{path}: expected a JSON object or JSON Lines of objects")
    proofs = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            proof = json.loads(line)
        except json.JSONDecodeError as error:
            raise ProofFileError(f"{path}, line {number}: not JSON ({error.msg})") from None
        if not isinstance(proof, dict):
            raise ProofFileError(f"{path}, line {number}: not a JSON object")
        proofs.append(proof)
    if not proofs:
        raise ProofFileError(f"{path}: no proof in the file")
    return proofs


def header(
    kind: str,
    family: tuple[Fraction, Fraction, Fraction],
    *,
    mu: Fraction,
    L: Fraction,
    method: str,
    parameters: Mapping[str, Fraction | bool],
) -> dict[str, Any]:
    """The keys every proof has, written in the format (rationals as strings)."""
    alpha, beta, gamma = family
    return {
        "format": FORMAT,
        "kind": kind,
        "alpha": rational_text(alpha),
        "beta": rational_text(beta),
        "gamma": rational_text(gamma),
        "mu": rational_text(mu),
        "L": rational_text(L),
        "method": method,
        "parameters": {
            name: value if isinstance(value, bool) else rational_text(value)
            for name, value in parameters.items()
        },
    }
