"""Linear systems solved exactly in rationals (Gauss-Jordan elimination). Standard library
only; the cycle finders (:mod:`momentum_theory.proofs.cycle`,
:mod:`momentum_theory.beyond.counterexample`) use it to place a cycle's points exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["solve"]


def solve(matrix: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]) -> list[Fraction] | None:
    """The solution of ``matrix @ x = rhs`` in exact rationals; None if ``matrix`` is singular.

    Parameters
    ----------
    matrix : sequence of sequences of Fraction, shape (n, n)
    rhs : sequence of Fraction, length n

    Returns
    -------
    list of Fraction or None

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> solve([[F(2), F(1)], [F(1), F(3)]], [F(1), F(2)])
    [Fraction(1, 5), Fraction(3, 5)]
    >>> solve([[F(1), F(2)], [F(2), F(4)]], [F(1), F(2)]) is None
    True
    """
    n = len(rhs)
    rows = [[*row, value] for row, value in zip(matrix, rhs)]
    for column in range(n):
        pivot = next((r for r in range(column, n) if rows[r][column] != 0), None)
        if pivot is None:
            return None
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for r in range(n):
            if r != column and rows[r][column] != 0:
                factor = rows[r][column] / rows[column][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column])]
    return [rows[r][n] / rows[r][r] for r in range(n)]
