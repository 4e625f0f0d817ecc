r"""Exact tests of positive (semi)definiteness for symmetric rational matrices.

Symmetric Gaussian elimination (:math:`LDL^\top`) with diagonal pivoting, in
:class:`fractions.Fraction`: a symmetric :math:`N` is positive semidefinite exactly when,
pivoting on its largest diagonal entry :math:`d > 0` and passing to the Schur complement
:math:`N_{22} - n n^\top / d` (congruent to :math:`N` up to the pivot), every step finds
:math:`d \ge 0`, and a remaining block whose diagonal is zero is zero altogether (a zero
diagonal entry :math:`N_{ii}` with :math:`N_{ij} \ne 0` makes the principal minor
:math:`N_{ii} N_{jj} - N_{ij}^2 < 0`). Positive definite: every pivot :math:`> 0`
(Sylvester). No rounding anywhere; standard library only.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["definiteness_failure", "negated"]

Matrix = Sequence[Sequence[Fraction]]


def negated(matrix: Matrix) -> list[list[Fraction]]:
    """:math:`-N`, entry by entry (a matrix is negative semidefinite when this is PSD)."""
    return [[-entry for entry in row] for row in matrix]


def definiteness_failure(matrix: Matrix, *, strict: bool, labels: Sequence[str]) -> str | None:
    r"""Why ``matrix`` is not positive (semi)definite, or None when it is, decided exactly.

    Parameters
    ----------
    matrix : sequence of sequences of Fraction, shape (n, n)
    strict : bool
        True: positive definite; False: positive semidefinite.
    labels : sequence of str, length n
        A name for each row and column (the state and input coordinates), for the reason.

    Returns
    -------
    str or None
        None when the property holds; otherwise one sentence naming the pivot or the
        entry that decides it.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> definiteness_failure([[F(2), F(1)], [F(1), F(1)]], strict=True, labels="xy") is None
    True
    >>> definiteness_failure([[F(0), F(1)], [F(1), F(0)]], strict=False, labels="xy")
    'zero pivot at x with nonzero entry (x, y) = 1 in the remaining block'
    >>> definiteness_failure([[F(1), F(1)], [F(1), F(1)]], strict=True, labels="xy")
    'pivot at y is 0 after eliminating x, not positive'
    """
    size = len(matrix)
    if len(labels) != size or any(len(row) != size for row in matrix):
        return f"matrix is not {size} x {size}"
    for i in range(size):
        for j in range(i):
            if matrix[i][j] != matrix[j][i]:
                return (
                    f"matrix is not symmetric: ({labels[i]}, {labels[j]}) differs from its mirror"
                )
    work = [[Fraction(entry) for entry in row] for row in matrix]
    remaining = list(range(size))
    eliminated: list[str] = []
    while remaining:
        pivot = max(remaining, key=lambda i: work[i][i])
        d = work[pivot][pivot]
        after = f" after eliminating {', '.join(eliminated)}" if eliminated else ""
        if d < 0 or (strict and d == 0):
            wanted = "positive" if strict else "nonnegative"
            return f"pivot at {labels[pivot]} is {d}{after}, not {wanted}"
        if d == 0:
            # Every remaining diagonal entry is 0: PSD only if the block is 0.
            for i in remaining:
                for j in remaining:
                    if work[i][j] != 0:
                        return (
                            f"zero pivot at {labels[i]} with nonzero entry ({labels[i]}, "
                            f"{labels[j]}) = {work[i][j]} in the remaining block{after}"
                        )
            return None
        remaining.remove(pivot)
        eliminated.append(labels[pivot])
        column = {i: work[i][pivot] for i in remaining}
        for i in remaining:
            if column[i]:
                factor = column[i] / d
                for j in remaining:
                    work[i][j] -= factor * column[j]
    return None
