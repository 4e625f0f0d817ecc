"""The registered methods, in order: the one list every reader of the methods derives from.

Adding a method is its module and one entry in :data:`METHODS`.
"""

from __future__ import annotations

from momentum_theory._validation import choice
from momentum_theory.methods._base import Method
from momentum_theory.methods.gradient_descent import GRADIENT_DESCENT
from momentum_theory.methods.heavy_ball import HEAVY_BALL
from momentum_theory.methods.nesterov import NESTEROV
from momentum_theory.methods.pytorch_sgd import PYTORCH_SGD
from momentum_theory.methods.qhm import QHM
from momentum_theory.methods.two_step import TWO_STEP

__all__ = ["METHODS", "get", "names"]

METHODS: tuple[Method, ...] = (GRADIENT_DESCENT, HEAVY_BALL, NESTEROV, TWO_STEP, QHM, PYTORCH_SGD)

_BY_NAME = {method.name: method for method in METHODS}


def names() -> tuple[str, ...]:
    """The registered method names, in order.

    Returns
    -------
    tuple of str
        The name of every method in :data:`METHODS`, in its order.

    Examples
    --------
    >>> from momentum_theory import methods
    >>> "qhm" in methods.names()
    True
    """
    return tuple(_BY_NAME)


def get(name: str | Method) -> Method:
    """The method registered as ``name`` (a :class:`Method` is returned unchanged).

    Parameters
    ----------
    name : str or Method
        One of :func:`names`.

    Returns
    -------
    Method
        The method (one instance per name, shared).

    Raises
    ------
    ValueError
        If no method has that name; the message lists the names.

    Examples
    --------
    >>> from momentum_theory import methods
    >>> methods.get("heavy_ball")
    <method heavy_ball(alpha, beta)>
    >>> methods.get("adam")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: method must be one of 'gradient_descent', 'heavy_ball', ..., got 'adam'
    """
    if isinstance(name, Method):
        return name
    return _BY_NAME[choice(name, "method", names())]
