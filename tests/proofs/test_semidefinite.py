"""Tests of momentum_theory/proofs/semidefinite.py against sympy's exact eigenvalues."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from momentum_theory.proofs.semidefinite import definiteness_failure

sympy = pytest.importorskip("sympy")
LABELS = ("a", "b", "c", "d")


def _fractions(rows):
    return [[Fraction(v) for v in row] for row in rows]


def _sympy_verdict(rows, strict):
    """Independent reference: the smallest exact eigenvalue's sign (sympy, algebraic)."""
    matrix = sympy.Matrix(rows)
    return matrix.is_positive_definite if strict else matrix.is_positive_semidefinite


# Low-rank Gram matrices G G^T (PSD, often singular: zero pivots) and their perturbations.
_entries = st.integers(-3, 3)


@st.composite
def _symmetric(draw):
    n = draw(st.integers(1, 4))
    rank = draw(st.integers(0, n))
    factor = [[draw(_entries) for _ in range(rank)] for _ in range(n)]
    gram = [
        [sum(factor[i][k] * factor[j][k] for k in range(rank)) for j in range(n)] for i in range(n)
    ]
    if draw(st.booleans()):  # perturb one symmetric pair: often indefinite
        i, j = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        delta = draw(st.integers(-2, 2))
        gram[i][j] += delta
        if i != j:
            gram[j][i] += delta
    return gram


@given(_symmetric(), st.booleans())
def test_agrees_with_sympy(rows, strict):
    n = len(rows)
    verdict = definiteness_failure(_fractions(rows), strict=strict, labels=LABELS[:n]) is None
    assert verdict == bool(_sympy_verdict(rows, strict))


@pytest.mark.parametrize(
    ("rows", "psd", "pd"),
    [
        ([[0, 0], [0, 1]], True, False),  # a zero pivot with a zero row: removed
        ([[0, 1], [1, 0]], False, False),  # zero pivots, nonzero off-diagonal: indefinite
        ([[1, 1], [1, 1]], True, False),  # Schur complement exactly 0
        ([[0, 0, 0], [0, 0, 0], [0, 0, 0]], True, False),
        ([[1, 0, 1], [0, 0, 0], [1, 0, 1]], True, False),
        ([[1, 0, 2], [0, 0, 0], [2, 0, 1]], False, False),
        ([[2, -1], [-1, 2]], True, True),
        ([[-1]], False, False),
    ],
)
def test_zero_pivots(rows, psd, pd):
    labels = LABELS[: len(rows)]
    assert (definiteness_failure(_fractions(rows), strict=False, labels=labels) is None) == psd
    assert (definiteness_failure(_fractions(rows), strict=True, labels=labels) is None) == pd


def test_an_asymmetric_matrix_is_refused():
    reason = definiteness_failure(_fractions([[1, 1], [0, 1]]), strict=False, labels="xy")
    assert "not symmetric" in reason
